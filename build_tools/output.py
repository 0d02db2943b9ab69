"""Writing an edition's files to a folder as they are made, atomically.

Files come one at a time (`render_edition` yields them; edition.json itself comes in pieces), so a
20,000-document edition is written without its 3 billion characters ever being held at once. The
folder is replaced as a whole: everything goes into a temporary sibling folder that is swapped into
place at the end, so a run that is killed or fails halfway leaves the previous output as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from build_tools.editions import SIMPLIFIED, Script
from build_tools.records import Edition
from build_tools.settings import DEFAULT_RENDER, RenderConfig
from build_tools.stages.convert import convert_files
from build_tools.stages.render import RenderedFile, render_edition

_WRITE_SLICE = 1 << 20  # characters encoded and written at a time


def write_file(file: RenderedFile, target: Path) -> None:
    """Write one file at `target` (its folders made), a slice at a time."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as out:
        for chunk in file.chunks():
            # In slices: a page of hundreds of MiB encoded at once would hold all its bytes too.
            for start in range(0, len(chunk), _WRITE_SLICE):
                out.write(chunk[start:start + _WRITE_SLICE])


def write_streamed(files: Iterable[RenderedFile], out_dir: Path) -> int:
    """Write `files` as they come into a temporary sibling folder, then swap it into place (a killed or failed
    run leaves the old output); returns the number of files written."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.parent.glob(f".{out_dir.name}.*"):  # left by a run that was killed
        shutil.rmtree(stale, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        count = 0
        for f in files:
            write_file(f, tmp / f.path)
            count += 1
        old = None
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
            os.replace(out_dir, old)
        os.replace(tmp, out_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return count
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def write_edition(edition: Edition, out_dir: Path, script: Script = SIMPLIFIED,
                  config: RenderConfig = DEFAULT_RENDER) -> int:
    """Render the edition, convert it to `script` and write it, a file at a time (`pipeline.edition_files`
    streamed: that one returns every file at once, as a site needs them)."""
    return write_streamed(convert_files(render_edition(edition, config), script), out_dir)
