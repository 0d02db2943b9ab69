"""A `mkdocs build`'s generated files on disk, prepared once for every edition of a publication.

A large edition's generated pages do not fit in memory as MkDocs' in-memory files (3 billion characters
at 20,000 documents), and preparing the edition again in each edition's process doubles the work and
the memory. So the build that starts the publication prepares and renders the edition once, writes
each edition's files into a folder of its own as they are made (`write_prepared`), and lets the
edition go; each edition's build hands MkDocs files backed by those paths. The other editions'
builds, in processes of their own, wait for their folder's manifest (`wait_prepared`), written last
once every file is in place, and never prepare anything.

    <root>/zh-Hans/…  <root>/zh-Hans.json      an edition's files, and its manifest: paths and shape
    <root>/zh-Hant/…  <root>/zh-Hant.json
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from build_tools.editions import Script
from build_tools.output import write_file
from build_tools.pipeline import SiteShape
from build_tools.stages.render import RenderedFile

POLL_SECONDS = 0.5  # how often a waiting edition's build looks for its manifest
FAILED = "failed"  # a manifest holding this instead of an edition: the preparing build failed


class PreparationFailed(Exception):
    """The build preparing the edition failed or is gone: the message says which."""


@dataclass(frozen=True)
class PreparedSite:
    """One edition's generated files, on disk, and what its site shows besides them."""

    folder: Path
    paths: tuple[str, ...]  # relative to `folder`, in the order they were made
    shape: SiteShape

    def file(self, path: str) -> Path:
        return self.folder / path


def _manifest(root: Path, script: Script) -> Path:
    return root / f"{script.folder}.json"


def write_prepared(root: Path, shapes: dict[Script, SiteShape],
                   files: Iterable[tuple[tuple[Script, ...], RenderedFile]]) -> dict[Script, PreparedSite]:
    """Write each file into its scripts' folders under `root` as it comes (a file for several scripts is
    written once and linked), then each script's manifest; the prepared sites."""
    paths: dict[Script, list[str]] = {script: [] for script in shapes}
    for scripts, rendered in files:
        first = root / scripts[0].folder / rendered.path
        write_file(rendered, first)
        for script in scripts[1:]:
            target = root / script.folder / rendered.path
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(first, target)
        for script in scripts:
            paths[script].append(rendered.path)
    sites = {}
    for script, shape in shapes.items():
        manifest = {"paths": paths[script], "nav": shape.nav, "listed": sorted(shape.listed),
                    "home_listing": shape.home_listing}
        tmp = _manifest(root, script).with_suffix(".tmp")
        tmp.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, _manifest(root, script))  # whole or absent: a waiting build never reads half of it
        sites[script] = PreparedSite(root / script.folder, tuple(paths[script]), shape)
    return sites


def mark_failed(root: Path, scripts: Iterable[Script]) -> None:
    """Tell the builds waiting for these scripts that no files will come."""
    for script in scripts:
        target = _manifest(root, script)
        if not target.exists():
            target.write_text(json.dumps(FAILED), encoding="utf-8")


def wait_prepared(root: Path, script: Script, still_coming: Callable[[], bool]) -> PreparedSite:
    """The prepared site of `script` under `root`, once its manifest is there; `still_coming` says
    whether the preparing build is still running (False: raise rather than wait forever)."""
    target = _manifest(root, script)
    while not target.exists():
        if not still_coming():
            raise PreparationFailed(f"the build preparing {root} ended before writing {target.name}")
        time.sleep(POLL_SECONDS)
    data = json.loads(target.read_text(encoding="utf-8"))
    if data == FAILED:
        raise PreparationFailed(f"the build preparing {root} failed (see its own error)")
    shape = SiteShape(data["nav"], frozenset(data["listed"]), data["home_listing"])
    return PreparedSite(root / script.folder, tuple(data["paths"]), shape)
