"""The cache `mkdocs serve` keeps across rebuilds (`pipeline.StageCache`): a warm rebuild after an edit
gives exactly what a cold build of the edited folder gives, and redoes only what the edit changed."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from build_tools import pipeline
from build_tools.editions import SCRIPTS
from build_tools.pipeline import SitePages, StageCache, load_curation_file, prepare_folder, site_pages
from build_tools.records import Document
from build_tools.stages import render
from tests.project import ROOT

# A sentence of the seeds' letter to the 90s-born nurses, far from its opening (its id stays).
EDIT_FROM, EDIT_TO = "有理想、有本领、有担当", "有理想、有本事、有担当"
NEW_DOCUMENT = "关于开展读书月活动的通知\n\n各单位：定于下月在全市开展读书月活动，请各单位认真组织，踊跃参加。\n\n特此通知。\n"
NAV = [{"首页": "index.md"}, {"关于本书": "about.md"}]


def _edit(folder: Path) -> None:
    path = folder / "004_1a50c47c6069e7e2.txt"
    text = path.read_text(encoding="utf-8")
    assert EDIT_FROM in text
    path.write_text(text.replace(EDIT_FROM, EDIT_TO, 1), encoding="utf-8")


def _site(folder: Path, cache: StageCache, script: str) -> SitePages:
    curation = load_curation_file(folder / "edition.yml")
    edition, _ = prepare_folder(folder, curation, cache=cache)
    return site_pages(edition, list(NAV), SCRIPTS[script], cache=cache)


def _same(warm: SitePages, cold: SitePages) -> None:
    assert [f.path for f in warm.files] == [f.path for f in cold.files]
    differing = [w.path for w, c in zip(warm.files, cold.files, strict=True) if w.content != c.content]
    assert not differing, f"{len(differing)} files differ from a cold build, e.g. {differing[:5]}"
    assert warm.nav == cold.nav and warm.listed == cold.listed and warm.home_listing == cold.home_listing


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ROOT / "seeds", tmp_path / "seeds"))


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_a_warm_rebuild_after_an_edit_equals_a_cold_build(sources: Path, script: str) -> None:
    cache = StageCache()
    _site(sources, cache, script)
    _edit(sources)
    _same(_site(sources, cache, script), _site(sources, StageCache(), script))
    (sources / "zz_added.txt").write_text(NEW_DOCUMENT, encoding="utf-8")
    _same(_site(sources, cache, script), _site(sources, StageCache(), script))
    (sources / "zz_added.txt").unlink()
    _same(_site(sources, cache, script), _site(sources, StageCache(), script))


def test_a_warm_rebuild_collates_only_the_edited_work(sources: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    collated: list[int] = []
    real = getattr(pipeline, "collate_cluster")  # noqa: B009 (the pipeline's own name for it, patched below)

    def counting(*args: Any, **kwargs: Any) -> Any:
        collated.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "collate_cluster", counting)
    cache = StageCache()
    cold = _site(sources, cache, "hans")
    cold_count = len(collated)
    assert cold_count >= 16  # the seeds' 16 documents
    collated.clear()
    _site(sources, cache, "hans")
    assert collated == []  # nothing changed: nothing collated
    _edit(sources)
    warm = _site(sources, cache, "hans")
    assert 1 <= len(collated) <= 2
    assert len(warm.files) == len(cold.files)


def test_a_warm_rebuild_renders_only_the_edited_chapter(sources: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rendered: list[str] = []
    real = getattr(render, "render_chapter")  # noqa: B009 (render_edition's own name for it, patched below)

    def counting(doc: Document, *args: Any) -> str:
        rendered.append(doc.id)
        return str(real(doc, *args))

    monkeypatch.setattr(render, "render_chapter", counting)
    cache = StageCache()
    _site(sources, cache, "hans")
    assert len(rendered) >= 16
    rendered.clear()
    _edit(sources)
    _site(sources, cache, "hans")
    assert rendered == ["d297f77cb"]  # the letter, whose sentence changed


def test_a_file_is_decoded_again_only_when_its_name_or_bytes_changed() -> None:
    cache = StageCache()
    text = "关于开展读书月活动的通知\n各单位：请认真组织。\n".encode("gb18030")
    first, _ = cache.read_file("a.txt", text)
    cache.forget_unread()
    again, _ = cache.read_file("a.txt", bytes(text))  # equal bytes, another object: taken from the cache
    assert again is first
    edited, _ = cache.read_file("a.txt", text.replace("认真".encode("gb18030"), "切实".encode("gb18030")))
    assert edited is not first and edited is not None and "切实" in "".join(edited.lines)
    cache.forget_unread()
    assert [name for name, _ in cache.decoded] == ["a.txt", "a.txt"]  # both read this run
    cache.read_file("a.txt", text)
    cache.forget_unread()
    assert list(cache.decoded) == [("a.txt", text)]  # the edited bytes, not read in the last run, are forgotten
