"""Fix-ups of built assets, applied after every build (the one place for them)."""

from __future__ import annotations

from pathlib import Path


def fix_built_site(site_dir: Path, script: str = "hans") -> None:
    """Patch Material's search worker: multi-word Chinese queries keep every word, in either script."""
    from build_tools.search_patch import patch_search_worker
    from build_tools.stages.convert import character_map

    patch_search_worker(site_dir, character_map(script))
