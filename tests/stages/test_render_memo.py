"""`render_edition` with a memo of the pages an earlier run made (`pipeline.StageCache.render`, what `mkdocs serve`
keeps): after a document is edited, every file, edition.json included, is byte for byte what a render without
a memo makes, and only the edited document's edition.json entry is made again."""

from __future__ import annotations

import json
from typing import Any

import pytest

from build_tools.pipeline import StageCache, load_folder, prepare_edition
from build_tools.records import Document, Edition
from build_tools.stages import render
from build_tools.stages.render import render_edition
from build_tools.stages.render.edition_json import EDITION_JSON
from tests.project import ROOT

# A sentence of the seeds' letter to the 90s-born nurses, far from its opening (its id stays), in one source only.
EDITED_FILE = "004_1a50c47c6069e7e2.txt"
EDIT_FROM, EDIT_TO = "有理想、有本领、有担当", "有理想、有本事、有担当"


@pytest.fixture(scope="module")
def editions() -> tuple[Edition, Edition]:
    """The seeds, and the seeds with one sentence of one document edited."""
    files = load_folder(ROOT / "seeds")
    edited = []
    for name, data in files:
        if name == EDITED_FILE:
            text = data.decode("utf-8")
            assert EDIT_FROM in text
            data = text.replace(EDIT_FROM, EDIT_TO, 1).encode("utf-8")
        edited.append((name, data))
    cache = StageCache()  # as `mkdocs serve` prepares: the unchanged documents' records are the last run's
    return prepare_edition(files, cache=cache)[0], prepare_edition(edited, cache=cache)[0]


def _files(edition: Edition, cache: StageCache | None = None) -> dict[str, str]:
    files = {f.path: f.content for f in render_edition(edition, memo=cache.render if cache else None)}
    if cache:
        cache.forget_unrendered()
    return files


def _entries(files: dict[str, str]) -> dict[str, Any]:
    return {d["id"]: d for d in json.loads(files[EDITION_JSON])["documents"]}


def test_a_warm_render_after_an_edit_equals_a_cold_render(editions: tuple[Edition, Edition]) -> None:
    before, after = editions
    cold_before, cold_after = _files(before), _files(after)
    assert cold_before[EDITION_JSON] != cold_after[EDITION_JSON]  # the edit shows in edition.json
    cache = StageCache()
    assert _files(before, cache) == cold_before  # the first run with a memo makes every file
    assert _files(after, cache) == cold_after
    assert _files(before, cache) == cold_before  # the edit undone


def test_a_warm_render_makes_the_edited_document_entry_only(editions: tuple[Edition, Edition],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    before, after = editions
    old, new = _entries(_files(before)), _entries(_files(after))
    changed = sorted(k for k in new if old.get(k) != new[k])
    assert len(changed) == 1  # the letter
    made: list[str] = []
    real = getattr(render, "document_entry")  # noqa: B009 (render_edition's own name for it, patched below)

    def counting(doc: Document, book: str | None) -> Any:
        made.append(doc.id)
        return real(doc, book)

    monkeypatch.setattr(render, "document_entry", counting)
    cache = StageCache()
    _files(before, cache)
    assert sorted(set(made)) == sorted(old)  # a first run makes every entry, each once
    assert len(made) == len(old)
    made.clear()
    _files(before, cache)
    assert made == []  # nothing changed: no entry made
    _files(after, cache)
    assert made == changed
