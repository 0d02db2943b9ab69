"""`make bench-scale` (last part): how soon `mkdocs serve --dirty` serves an edited source again.

`python -m tests.benchmarks.serve [--size 2000] [--seed S] [--sources DIR] [--work DIR] [--profile]`

Generates a corpus (`tests.corpora`, default profile) of `--size` documents, or takes `--sources`, and
drives MkDocs as `mkdocs serve --dirty` does: one configuration per rebuild, the same plugin instance
throughout (it defines `on_startup`, so MkDocs keeps it), `build(config, serve_url=…, dirty=True)`.
It times the cold build, then a rebuild after a sentence of one document is changed, then a rebuild
after a document is added (a new source file). `--profile` prints the top of a cProfile of the
rebuild after the edit. Progress goes to stderr, the figures to stdout.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import os
import pstats
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tests.corpora.corpus import DEFAULT_SEED, generate_corpus
from tests.project import copy_project

SERVE_URL = "http://127.0.0.1:8000/"
TARGET_SECONDS = 10.0  # the target for a rebuild after one source is edited
ADDED_DOCUMENT = "附件：关于举办读书会的通知。各单位：为推动全民阅读，定于下月在图书馆举办读书会，请各单位组织人员参加。特此通知。"


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def edit_one_sentence(sources: Path) -> Path:
    """Change one character of a sentence in the middle of one source; the file edited."""
    for path in sorted(p for p in sources.iterdir() if p.suffix == ".txt"):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        lines = text.split("\n")
        middle = len(lines) // 2
        for i in range(middle, len(lines)):
            match = re.search("[的了在是和]", lines[i])
            if match and len(lines[i]) > 20:
                replacement = "之" if match.group() != "之" else "其"
                lines[i] = lines[i][:match.start()] + replacement + lines[i][match.end():]
                path.write_text("\n".join(lines), encoding="utf-8")
                return path
    raise SystemExit(f"no UTF-8 source with a sentence to edit in {sources}")


def add_one_document(sources: Path) -> Path:
    """A new source file holding one new document; the file written."""
    path = sources / "zzzz_added.txt"
    path.write_text(f"关于举办读书会的通知\n\n{ADDED_DOCUMENT}\n", encoding="utf-8")
    return path


class PluginLog(logging.Handler):
    """The plugin's own log lines (its stage timings) of the build running."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())

    def take(self) -> list[str]:
        lines, self.lines = self.lines, []
        return lines


class Server:
    """What `mkdocs serve --dirty` does around each build, without the HTTP server."""

    def __init__(self, project: Path, site: Path) -> None:
        self.project = project
        self.site = site
        self.first = True
        self.plugins: Any = None
        self.cpu = 0.0  # CPU seconds of the last build (this process): on a busy machine, what a quiet one's wall is

    def build(self) -> float:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        start, cpu = time.perf_counter(), time.process_time()
        config = load_config(str(self.project / "mkdocs.yml"), site_dir=str(self.site))
        if self.first:
            config.plugins.on_startup(command="serve", dirty=True)
            self.first = False
        self.plugins = config.plugins
        config.site_url = SERVE_URL
        build(config, serve_url=SERVE_URL, dirty=True)
        self.cpu = time.process_time() - cpu
        return time.perf_counter() - start

    def shutdown(self) -> None:
        if self.plugins is not None:
            self.plugins.on_shutdown()


def run(sources: Path, work: Path, profile: bool) -> dict[str, float]:
    """Cold build, rebuild after an edit, rebuild after an added document: seconds each."""
    project = copy_project(work / "project", ("mkdocs.yml", "docs", "overrides"))
    os.environ["READER_SOURCES"] = str(sources)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    server = Server(project, work / "site")
    plugin_log = PluginLog()
    logger = logging.getLogger("mkdocs.plugins.reader-edition")
    logger.addHandler(plugin_log)
    logger.setLevel(logging.INFO)
    figures: dict[str, float] = {}
    _say("cold build …")
    figures["cold"] = server.build()
    _say(f"cold build: {figures['cold']:.1f} s")
    for line in plugin_log.take():
        _say(f"  {line}")
    profiler = cProfile.Profile() if profile else None
    for name, change in (("edited", edit_one_sentence), ("added", add_one_document)):
        changed = change(sources)
        _say(f"{name}: {changed.name}; rebuilding …")
        if profiler and name == "edited":
            profiler.enable()
        figures[name] = server.build()
        figures[f"{name}_cpu"] = server.cpu
        if profiler and name == "edited":
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(50)
            _say(out.getvalue())
        _say(f"rebuild after one source {name}: {figures[name]:.1f} s")
        for line in plugin_log.take():
            _say(f"  {line}")
    server.shutdown()
    return figures


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=2000, help="documents in the generated corpus")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--sources", type=Path, help="a sources folder to copy instead of generating one")
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one, removed)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the rebuilds")
    args = parser.parse_args(list(argv) if argv is not None else None)
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-serve-"))
    try:
        sources = work / "sources"
        shutil.rmtree(sources, ignore_errors=True)
        if args.sources:
            shutil.copytree(args.sources, sources)
        else:
            _say(f"generating {args.size} documents …")
            generate_corpus(args.size, args.seed).write(sources, work / "truth.json")
        figures = run(sources, work, args.profile)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    load = os.getloadavg()[0]
    label = f"{args.sources}" if args.sources else f"{args.size} generated documents"
    print(f"mkdocs serve --dirty, {label} (load {load:.1f}, {os.cpu_count()} cores):")
    print(f"  cold build                      {figures['cold']:7.1f} s")
    for name in ("edited", "added"):
        verdict = "ok" if figures[name] < TARGET_SECONDS else f"over the {TARGET_SECONDS:.0f} s target"
        print(f"  rebuild, one source {name:<10} {figures[name]:7.1f} s  {verdict} "
              f"(CPU of this process {figures[f'{name}_cpu']:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = ["add_one_document", "edit_one_sentence", "main", "run"]
