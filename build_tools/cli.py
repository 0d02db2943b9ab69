"""Command line: `python -m build_tools prepare SOURCES_DIR OUT_DIR`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from build_tools.pipeline import (
    PipelineError,
    load_folder,
    prepare_edition,
    render,
    summary,
    write_atomically,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools",
                                     description="Turn a folder of Chinese source texts into a reader edition.")
    sub = parser.add_subparsers(dest="command", required=True)
    prep = sub.add_parser("prepare", help="write Markdown chapters, source pages and edition.json")
    prep.add_argument("sources", type=Path, help="folder of source files (.txt)")
    prep.add_argument("out", type=Path, help="output folder (replaced atomically)")
    prep.add_argument("--title", default=None, help="the edition's title")
    prep.add_argument("--strict", action="store_true", help="treat warnings about the input as errors")
    prep.add_argument("-q", "--quiet", action="store_true", help="print only the summary line")
    args = parser.parse_args(argv)

    def progress(message: str) -> None:
        if not args.quiet:
            print(f"  {message}", file=sys.stderr)

    try:
        files = load_folder(args.sources)
        if not files:
            raise PipelineError(f"no source files in {args.sources}")
        kwargs = {"title": args.title} if args.title else {}
        edition, _ = prepare_edition(files, progress=progress, **kwargs)
        if not edition.sources:
            raise PipelineError(f"none of the {len(files)} files in {args.sources} could be read as text")
        write_atomically(render(edition), args.out)
    except (PipelineError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for problem in edition.problems:
        print(problem, file=sys.stderr)
    print(summary(edition))
    if args.strict and edition.problems:
        print(f"error: --strict: {len(edition.problems)} problems in the input", file=sys.stderr)
        return 1
    return 0
