"""Golden file: one rendered chapter, compared byte for byte.

The input is a small hand-written corpus (tests/golden/input): a notice and a damaged web copy of it. After an intended change to
rendering, regenerate with `UPDATE_GOLDEN=1 pytest tests/golden` and review the diff in git.
"""

from __future__ import annotations

import os
from pathlib import Path

from build_tools.pipeline import edition_files, load_folder, prepare_edition

HERE = Path(__file__).resolve().parent


def test_rendered_chapter_matches_golden_file() -> None:
    edition, _ = prepare_edition(load_folder(HERE / "input"))
    files = {f.path: f.content for f in edition_files(edition)}
    (chapter,) = [p for p in files if p.startswith("chapters/")]
    golden = HERE / "expected_chapter.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(files[chapter], encoding="utf-8")
    assert files[chapter] == golden.read_text(encoding="utf-8")
