"""`mkdocs serve --dirty` rebuilds: the pages an edit changed, all pages when the navigation changed, and
the same output as a cold build."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from tests.project import copy_project

SERVE_URL = "http://127.0.0.1:8000/"
EDITED_CHAPTER = "chapters/d297f77cb/index.html"
# A sentence of the seeds' letter to the 90s-born nurses (far from its opening, so its id stays), in one source only.
EDIT_FROM, EDIT_TO = "有理想、有本领、有担当", "有理想、有本事、有担当"
NEW_DOCUMENT = "关于开展读书月活动的通知\n\n各单位：定于下月在全市开展读书月活动，请各单位认真组织，踊跃参加。\n\n特此通知。\n"


class Serve:
    """What `mkdocs serve --dirty` does for each rebuild: a fresh configuration, the same plugin instance."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.started = False
        self.plugins: Any = None

    def build(self) -> None:
        config = load_config(str(self.project / "mkdocs.yml"), site_dir=str(self.project / "site"))
        if not self.started:
            config.plugins.on_startup(command="serve", dirty=True)
            self.started = True
        self.plugins = config.plugins
        config.site_url = SERVE_URL
        build(config, serve_url=SERVE_URL, dirty=True)

    def shutdown(self) -> None:
        if self.plugins is not None:  # the instances this server started, even if MkDocs has let go of them
            self.plugins.on_shutdown()


def _forget_plugins() -> None:
    """MkDocs keeps, per process, the plugin instances that define on_startup (for `mkdocs serve`): a test
    that starts a server, or builds cold, needs new ones."""
    plugins: Any = dict(MkDocsConfig._schema)["plugins"]
    plugins.plugin_cache.clear()


@pytest.fixture
def serve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Serve]:
    _forget_plugins()
    project = copy_project(tmp_path / "project")
    monkeypatch.setenv("READER_SOURCES", "seeds")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    server = Serve(project)
    try:
        yield server
    finally:
        server.shutdown()
        _forget_plugins()


def _built(site: Path) -> dict[str, int]:
    """Every built HTML page and its mtime (ns)."""
    return {str(p.relative_to(site)): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def _edit_source(project: Path) -> Path:
    for path in sorted((project / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if EDIT_FROM in text:
            path.write_text(text.replace(EDIT_FROM, EDIT_TO, 1), encoding="utf-8")
            return path
    raise AssertionError(f"no seed holds {EDIT_FROM!r}")


def _chapters(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in (site / "chapters").glob("*/index.html"))


def test_an_edit_rebuilds_its_chapter_and_not_an_unrelated_one(serve: Serve) -> None:
    site = serve.project / "site"
    serve.build()
    before = _built(site)
    chapters = _chapters(site)
    assert len(chapters) >= 10 and EDITED_CHAPTER in chapters
    _edit_source(serve.project)
    serve.build()
    after = _built(site)
    assert EDIT_TO in (site / EDITED_CHAPTER).read_text(encoding="utf-8")
    assert after[EDITED_CHAPTER] > before[EDITED_CHAPTER]
    untouched = [c for c in chapters if after[c] == before[c]]
    assert len(untouched) >= len(chapters) - 3, "an edit to one document rebuilt most chapters"
    assert "index.html" in before and after["index.html"] == before["index.html"]  # the home page is the same
    assert after["print/index.html"] > before["print/index.html"]  # the print view is always assembled again


def test_a_changed_list_of_documents_rebuilds_the_home_page_not_the_chapters(serve: Serve) -> None:
    site = serve.project / "site"
    serve.build()
    before = _built(site)
    source = serve.project / "seeds" / "004_1a50c47c6069e7e2.txt"
    # The letter's date: the home page's table shows it, the navigation (titles) does not.
    source.write_text(source.read_text(encoding="utf-8").replace("2020年3月15日", "2020年3月16日"), encoding="utf-8")
    serve.build()
    after = _built(site)
    assert "2020年3月16日" in (site / "index.html").read_text(encoding="utf-8")
    assert after["index.html"] > before["index.html"]
    untouched = [c for c in _chapters(site) if after[c] == before[c]]
    assert len(untouched) >= len(_chapters(site)) - 3


def test_an_added_document_rebuilds_every_page(serve: Serve) -> None:
    site = serve.project / "site"
    serve.build()
    before = _built(site)
    (serve.project / "seeds" / "zz_added.txt").write_text(NEW_DOCUMENT, encoding="utf-8")
    serve.build()
    after = _built(site)
    stale = sorted(p for p in before if after.get(p) == before[p])
    assert not stale, f"pages that still show the old navigation: {stale[:5]}"
    assert "读书月" in (site / "index.html").read_text(encoding="utf-8")  # the home page lists it


def _site_text(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_a_warm_rebuild_after_an_edit_equals_a_cold_build(serve: Serve, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    serve.build()
    _edit_source(serve.project)
    (serve.project / "seeds" / "zz_added.txt").write_text(NEW_DOCUMENT, encoding="utf-8")
    serve.build()
    warm = _site_text(serve.project / "site")
    cold_project = copy_project(tmp_path / "cold", ("mkdocs.yml", "docs", "overrides"))
    monkeypatch.setenv("READER_SOURCES", str(serve.project / "seeds"))
    _forget_plugins()
    config = load_config(str(cold_project / "mkdocs.yml"), site_dir=str(cold_project / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    config.site_url = SERVE_URL
    build(config, serve_url=SERVE_URL, dirty=False)
    cold = _site_text(cold_project / "site")
    assert sorted(warm) == sorted(cold)
    differing = [p for p in cold if warm[p] != cold[p]]
    assert not differing, f"{len(differing)} files differ, e.g. {differing[:5]}"


def test_the_page_folder_goes_with_the_server(serve: Serve) -> None:
    serve.build()
    folder = serve.plugins["reader-edition"].page_folder.root
    assert (folder / "chapters").is_dir()
    serve.shutdown()
    assert not folder.exists()
