"""The streaming writer: files written as they come, and the output folder replaced as a whole or not at all."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from build_tools.output import write_streamed
from build_tools.stages.render import RenderedFile
from tests.test_atomic import tree_digest


def _old_output(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    assert write_streamed([RenderedFile("a.md", "旧的\n"), RenderedFile("sub/b.md", "old b\n")], out) == 2
    return out


def test_files_and_streamed_files_are_written_as_their_text(tmp_path: Path) -> None:
    out = _old_output(tmp_path)
    made: list[int] = []

    def pieces() -> Iterator[str]:
        for n in range(3):
            made.append(n)
            yield f"第{n}块\n" * 1000

    written = write_streamed(iter([RenderedFile("x/y.md", "𠀀 astral\n"), RenderedFile("big.json", pieces)]), out)
    assert written == 2 and made == [0, 1, 2]  # the producer ran once, when written
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == ["big.json", "x/y.md"]
    assert (out / "x/y.md").read_text(encoding="utf-8") == "𠀀 astral\n"
    assert (out / "big.json").read_text(encoding="utf-8") == "第0块\n" * 1000 + "第1块\n" * 1000 + "第2块\n" * 1000
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_run_failing_halfway_leaves_the_old_output(tmp_path: Path) -> None:
    out = _old_output(tmp_path)
    before = tree_digest(out)

    def files() -> Iterator[RenderedFile]:
        yield RenderedFile("a.md", "new a\n")
        yield RenderedFile("c.md", "new c\n")
        raise RuntimeError("render failed")

    with pytest.raises(RuntimeError, match="render failed"):
        write_streamed(files(), out)
    assert tree_digest(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # the half-written folder is gone


def test_a_folder_left_by_a_killed_run_is_cleared_by_the_next(tmp_path: Path) -> None:
    out = _old_output(tmp_path)
    stale = tmp_path / ".out.abc123"  # as a killed run leaves its temporary folder
    (stale / "chapters").mkdir(parents=True)
    (stale / "chapters" / "half.md").write_text("half", encoding="utf-8")
    write_streamed([RenderedFile("a.md", "new a\n")], out)
    assert [p.name for p in out.rglob("*")] == ["a.md"] and (out / "a.md").read_text(encoding="utf-8") == "new a\n"
    assert not stale.exists()
