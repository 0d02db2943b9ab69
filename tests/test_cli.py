"""The public command: python -m build_tools prepare SOURCES_DIR OUT_DIR, and its edition.json."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.helpers import validated

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "build_tools", *args], capture_output=True, text=True,
                          check=False)


def test_prepare_writes_chapters_sources_and_edition_json(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("prepare", str(SEEDS), str(out))
    assert result.returncode == 0, result.stderr
    assert "5 files read" in result.stdout and "documents" in result.stdout
    data = validated(json.loads((out / "edition.json").read_text(encoding="utf-8")))
    assert data["version"] == 1
    assert {"file", "encoding", "lines", "sha256"} <= set(data["sources"][0])
    assert len(data["sources"]) == 5
    for doc in data["documents"]:
        assert {"id", "title", "title_inferred", "date", "author", "chapter", "witnesses", "paragraphs"} <= set(doc)
        assert (out / doc["chapter"]).is_file()
        for w in doc["witnesses"]:
            assert {"siglum", "source", "first_line", "last_line"} <= set(w)
            assert 1 <= w["first_line"] <= w["last_line"]
        assert all({"id", "text"} <= set(p) for p in doc["paragraphs"])
    assert all({"source", "line", "text", "rule"} <= set(r) for r in data["removed"])
    for source in data["sources"]:
        assert (out / source["page"]).is_file()


def test_prepare_replaces_old_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "chapters").mkdir(parents=True)
    (out / "chapters" / "stale.md").write_text("old", encoding="utf-8")
    assert run("prepare", str(SEEDS), str(out), "-q").returncode == 0
    assert not (out / "chapters" / "stale.md").exists()


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = run("prepare", str(tmp_path / "nope"), str(tmp_path / "out"))
    assert result.returncode == 2
    assert "sources folder not found" in result.stderr


def test_unreadable_file_warns_and_strict_fails(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text("在会议上的讲话\n同志们：\n今天开会。\n", encoding="utf-8")
    (src / "bad.txt").write_bytes(bytes(range(256)) * 4)
    result = run("prepare", str(src), str(tmp_path / "out"))
    assert result.returncode == 0
    assert "bad.txt" in result.stderr
    strict = run("prepare", str(src), str(tmp_path / "out2"), "--strict")
    assert strict.returncode == 1


def test_stage_cache_reuses_unchanged_sources() -> None:
    from build_tools.pipeline import StageCache, load_folder, prepare_edition

    files = load_folder(SEEDS)
    cache = StageCache()
    first, _ = prepare_edition(files, cache=cache)
    kept = dict(cache.per_source)
    changed = [(name, data + "\n补充一句话。\n".encode()) if i == 0 else (name, data)
               for i, (name, data) in enumerate(files)]
    second, _ = prepare_edition(changed, cache=cache)
    reused = [k for k in cache.per_source if k in kept]
    assert len(reused) == len(files) - 1 and len(cache.per_source) == len(files)
    assert len(second.documents) == len(first.documents)
