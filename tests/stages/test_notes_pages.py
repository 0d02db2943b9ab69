"""The notes page of a large edition: its ledger on numbered parts, which the first page lists and links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools.pipeline import load_folder, prepare_edition
from build_tools.records import Edition, Problem
from build_tools.settings import RenderConfig
from build_tools.stages.render import render_edition
from build_tools.stages.render.notes import render_notes, render_notes_pages

ROOT = Path(__file__).resolve().parents[2]
SEEDS_REMOVALS = 42  # the seeds' ledger (README, house rules)


@pytest.fixture(scope="module")
def seeds() -> Edition:
    edition, _ = prepare_edition(load_folder(ROOT / "seeds"))
    assert len(edition.removed) == SEEDS_REMOVALS and not edition.problems
    return edition


def _entries(page: str) -> list[str]:
    """The ledger's lines of a page, with the links written as from the site's root."""
    return [line.replace("](../sources/", "](sources/") for line in page.splitlines()
            if line.startswith("- [") and "sources/" in line]


def test_a_small_ledger_keeps_one_notes_page(seeds: Edition) -> None:
    (page,) = render_notes_pages(seeds, RenderConfig(notes_page_max=SEEDS_REMOVALS))
    assert page.path == "notes.md" and page.content == render_notes(seeds)
    assert not [f for f in render_edition(seeds) if f.path.startswith("notes/")]


def test_a_large_ledger_is_listed_on_parts_linked_from_the_notes_page(seeds: Edition) -> None:
    files = {f.path: f.content for f in render_notes_pages(seeds, RenderConfig(notes_page_max=10))}
    parts = [f"notes/part-{n:03d}.md" for n in (1, 2, 3, 4, 5)]  # 42 entries, 10 a page
    assert sorted(files) == ["notes.md", *parts]
    first = files["notes.md"]
    for n, part in enumerate(parts):
        assert f"]({part})" in first  # listed on the first page…
        assert "](../notes.md)" in files[part]  # …and linking back to it
        assert len(_entries(files[part])) == (10 if n < 4 else 2)
    assert not _entries(first)
    # every entry once, in the order of the single page
    assert [e for part in parts for e in _entries(files[part])] == _entries(render_notes(seeds))
    # each rule of the table links to the part where its section begins, which has that anchor
    for part, rule in re.findall(r"^\| \[[^\]]+\]\((notes/part-\d+\.md)#([\w-]+)\)", first, flags=re.M):
        assert f"{{: #{rule} }}" in files[part]
    assert len(re.findall(r"^\| \[", first, flags=re.M)) == len({r.rule for r in seeds.removed})
    assert "1–10 条" in first and "41–42 条" in first


def test_problems_are_entries_of_the_parts_too(seeds: Edition) -> None:
    problems = tuple(Problem("warning", "x.txt", n, f"问题 {n}") for n in range(1, 14))
    edition = Edition(seeds.title, seeds.sources, seeds.documents, seeds.removed, problems)
    files = {f.path: f.content for f in render_notes_pages(edition, RenderConfig(notes_page_max=20))}
    assert sorted(files) == ["notes.md", "notes/part-001.md", "notes/part-002.md", "notes/part-003.md"]  # 55
    assert "](notes/part-003.md#problems)" in files["notes.md"]  # entries 43-55 begin on the third part
    listed = [line for p in ("notes/part-003.md",) for line in files[p].splitlines() if "问题" in line]
    assert len([line for line in listed if line.startswith("- ")]) == 13
