"""A `mkdocs build`'s files prepared once for every edition (`build_tools.prepared_site`): each edition's
folder holds what that edition's site would be made of on its own (`pipeline.site_pages`, as
`mkdocs serve` makes it), and a waiting build is told when no files will come."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from build_tools.editions import SCRIPTS
from build_tools.pipeline import load_curation_file, prepare_folder, publication_files, site_pages, site_shape
from build_tools.prepared_site import PreparationFailed, mark_failed, wait_prepared, write_prepared
from tests.project import ROOT

NAV = [{"首页": "index.md"}, {"关于本书": "about.md"}]
SCRIPTS_OF_PUBLICATION = (SCRIPTS["hans"], SCRIPTS["hant"])


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    seeds = ROOT / "seeds"
    edition, _ = prepare_folder(seeds, load_curation_file(seeds / "edition.yml"))
    root = tmp_path_factory.mktemp("prepared")
    shapes = {s: site_shape(edition, list(NAV), s) for s in SCRIPTS_OF_PUBLICATION}
    write_prepared(root, shapes, publication_files(edition, SCRIPTS_OF_PUBLICATION))
    return root


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_each_edition_gets_the_site_it_would_make_alone(prepared: Path, script: str) -> None:
    seeds = ROOT / "seeds"
    edition, _ = prepare_folder(seeds, load_curation_file(seeds / "edition.yml"))
    alone = site_pages(edition, list(NAV), SCRIPTS[script])
    site = wait_prepared(prepared, SCRIPTS[script], lambda: True)
    assert sorted(site.paths) == sorted(f.path for f in alone.files)
    differing = [f.path for f in alone.files if site.file(f.path).read_bytes().decode("utf-8") != f.content]
    assert not differing, differing[:5]
    assert site.shape.nav == alone.nav
    assert site.shape.listed == alone.listed
    assert site.shape.home_listing == alone.home_listing


def test_a_file_no_script_changes_is_written_once(prepared: Path) -> None:
    hans, hant = (prepared / s.folder / "edition.json" for s in SCRIPTS_OF_PUBLICATION)
    assert hans.stat().st_ino == hant.stat().st_ino  # linked, not written twice
    chapter = next((prepared / "zh-Hans" / "chapters").iterdir())
    assert chapter.read_text(encoding="utf-8") != (prepared / "zh-Hant" / "chapters" / chapter.name).read_text(
        encoding="utf-8")


def test_a_waiting_build_is_told_when_the_preparing_build_failed(tmp_path: Path) -> None:
    mark_failed(tmp_path, [SCRIPTS["hant"]])
    with pytest.raises(PreparationFailed, match="failed"):
        wait_prepared(tmp_path, SCRIPTS["hant"], lambda: True)


def test_a_waiting_build_does_not_wait_for_a_build_that_is_gone(tmp_path: Path) -> None:
    with pytest.raises(PreparationFailed, match="ended"):
        wait_prepared(tmp_path, SCRIPTS["hant"], lambda: False)


def test_a_waiting_build_takes_the_files_once_their_manifest_is_written(tmp_path: Path) -> None:
    seeds = ROOT / "seeds"
    edition, _ = prepare_folder(seeds, load_curation_file(seeds / "edition.yml"))
    hans = SCRIPTS["hans"]
    got = []
    waiter = threading.Thread(target=lambda: got.append(wait_prepared(tmp_path, hans, lambda: True)))
    waiter.start()
    write_prepared(tmp_path, {hans: site_shape(edition, None, hans)}, publication_files(edition, (hans,)))
    waiter.join(timeout=60)
    assert got and all(got[0].file(p).is_file() for p in got[0].paths)
    assert "index.md" not in got[0].paths and "edition.json" in got[0].paths
