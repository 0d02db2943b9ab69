"""A newcomer's path: a folder of text files, a commented edition.yml written for it, and a build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from build_tools.curation import load_curation
from build_tools.pipeline import load_curation_file, prepare_folder
from tests.project import copy_project

ROOT = Path(__file__).resolve().parent.parent
TEXTS = {
    "一.txt": "关于做好春季农业生产工作的通知\n各乡镇：\n为做好今年春季农业生产工作，现将有关事项通知如下。\n一、抓好春耕备耕。\n县农业局\n2021年3月2日",
    "二.txt": "在全县植树造林动员大会上的讲话\n同志们：\n今天我们召开大会，动员全县上下积极投身植树造林。\n谢谢大家。",
}


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "my-texts"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _init(folder: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "build_tools", "init-edition", str(folder), *extra],
                          capture_output=True, text=True, cwd=ROOT, check=False)


def test_init_edition_writes_a_skeleton_that_changes_nothing_until_edited(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    before, _ = prepare_folder(folder, load_curation_file(None))
    result = _init(folder)
    assert result.returncode == 0, result.stderr
    text = (folder / "edition.yml").read_text(encoding="utf-8")
    for doc in before.documents:
        assert f"  {doc.id}:" in text and doc.title in text
    assert "2021-03-02" in text and "一.txt lines 1–6" in text
    curation = load_curation(folder / "edition.yml")
    assert set(curation.documents) == {d.id for d in before.documents}
    after, _ = prepare_folder(folder, curation)
    assert after == before  # every key is commented out
    # The file lives in the sources folder and is not read as a source.
    assert len(after.sources) == len(TEXTS)


def test_an_edited_skeleton_takes_effect(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    assert _init(folder).returncode == 0
    path = folder / "edition.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = next(iter(data["documents"]))
    path.write_text(path.read_text(encoding="utf-8").replace(f"  {first}:\n", f"  {first}:\n    title: 编者拟的标题\n"),
                    encoding="utf-8")
    edition, _ = prepare_folder(folder, load_curation(path))
    doc = next(d for d in edition.documents if d.id == first)
    assert doc.title == "编者拟的标题" and doc.title_by == "curator"


def test_init_edition_does_not_overwrite_without_force(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "edition.yml").write_text("title: 我的\n", encoding="utf-8")
    result = _init(folder)
    assert result.returncode == 2 and "--force" in result.stderr
    assert (folder / "edition.yml").read_text(encoding="utf-8") == "title: 我的\n"
    assert _init(folder, "--force").returncode == 0
    assert "documents:" in (folder / "edition.yml").read_text(encoding="utf-8")


def test_a_folder_without_edition_yml_builds_with_the_shipped_config(tmp_path: Path) -> None:
    """`make serve SOURCES=folder`: the shipped mkdocs.yml reads the folder from READER_SOURCES, and the
    samples' curation (seeds/edition.yml) is not applied to it."""
    project = copy_project(tmp_path / "project", ("mkdocs.yml", "docs", "overrides"))
    folder = _folder(tmp_path)
    env = {**os.environ, "READER_SOURCES": str(folder), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
                            cwd=project, env=env, capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    chapters = list((tmp_path / "site" / "zh-Hans" / "chapters").glob("*/index.html"))
    assert len(chapters) == 2
    assert any("植树造林" in p.read_text(encoding="utf-8") for p in chapters)
