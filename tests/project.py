"""The project's own folder, and copies of it for builds that must not write into the working tree."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "seeds")  # the curator's edition.yml is in seeds/


def copy_project(dest: Path, parts: Iterable[str] = PROJECT_PARTS) -> Path:
    """Copy the parts of the project a build needs (config, docs, theme overrides, sources) into dest."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in parts:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dest / part)
    return dest
