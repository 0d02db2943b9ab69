"""Command line: `python -m build_tools prepare SOURCES_DIR OUT_DIR`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from build_tools.curation import Curation, CurationError, load_curation
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
    prep.add_argument("--edition", type=Path, default=None,
                      help="the curator's edition.yml (default: edition.yml beside SOURCES_DIR, if there)")
    prep.add_argument("-q", "--quiet", action="store_true", help="print only the summary line")
    args = parser.parse_args(argv)

    def progress(message: str) -> None:
        if not args.quiet:
            print(f"  {message}", file=sys.stderr)

    try:
        files = load_folder(args.sources)
        if not files:
            raise PipelineError(f"no source files in {args.sources}")
        edition_file = args.edition or args.sources.resolve().parent / "edition.yml"
        if args.edition and not args.edition.exists():
            raise PipelineError(f"edition file not found: {args.edition}")
        curation = load_curation(edition_file) if edition_file.exists() else Curation()
        if edition_file.exists():
            progress(f"curation: {edition_file}")
        kwargs = {"title": args.title} if args.title else {}
        edition, _ = prepare_edition(files, progress=progress, curation=curation, **kwargs)
        if not edition.sources:
            raise PipelineError(f"none of the {len(files)} files in {args.sources} could be read as text")
        write_atomically(render(edition), args.out)
    except (PipelineError, CurationError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for problem in edition.problems:
        print(problem, file=sys.stderr)
    print(summary(edition))
    if args.strict and edition.problems:
        print(f"error: --strict: {len(edition.problems)} problems in the input", file=sys.stderr)
        return 1
    return 0
