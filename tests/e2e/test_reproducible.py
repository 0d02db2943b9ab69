"""Two builds of the same input are byte-identical: prepare's output and the whole publication."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def differences(a: Path, b: Path) -> list[str]:
    """Paths (relative) whose presence or bytes differ between two trees."""
    found: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(prefix + n for n in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found.extend(prefix + n for n in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return found


def test_prepare_twice_is_byte_identical(tmp_path: Path) -> None:
    for out in ("one", "two"):
        subprocess.run([sys.executable, "-m", "build_tools", "prepare", str(SEEDS), str(tmp_path / out), "-q"],
                       check=True, capture_output=True)
    assert differences(tmp_path / "one", tmp_path / "two") == []


def test_publication_twice_is_byte_identical(tmp_path: Path, project_copier: object, mkdocs_cmd: list[str],
                                             mkdocs_environ: dict[str, str]) -> None:
    project = project_copier(tmp_path / "project")  # type: ignore[operator]
    env = {**mkdocs_environ, "SOURCE_DATE_EPOCH": "1600000000"}
    for out in ("one", "two"):
        subprocess.run([*mkdocs_cmd, "build", "--strict", "-q", "-d", str(tmp_path / out)], cwd=project,
                       env=env, check=True, capture_output=True, timeout=300)
    assert differences(tmp_path / "one", tmp_path / "two") == []
    assert "<lastmod>2020-09-13</lastmod>" in (tmp_path / "one" / "zh-Hans" / "sitemap.xml").read_text()
