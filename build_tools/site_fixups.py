"""Fix-ups of built assets, applied after every build (the one place for them)."""

from __future__ import annotations

from pathlib import Path


def fix_built_site(site_dir: Path) -> None:
    """Patch Material's search worker so multi-word Chinese queries keep every word."""
    from build_tools.search_patch import patch_search_worker

    patch_search_worker(site_dir)
