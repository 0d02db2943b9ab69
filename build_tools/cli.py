"""Command line: `python -m build_tools prepare SOURCES_DIR OUT_DIR`, `init-edition SOURCES_DIR`, and
`build-edition` (one member of the publication, run by `make build`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from build_tools.curation import Curation, CurationError, skeleton
from build_tools.editions import SCRIPTS, TRADITIONAL, published
from build_tools.output import write_edition
from build_tools.pipeline import (
    CURATION_FILE,
    DEFAULT_TITLE,
    PipelineError,
    load_curation_file,
    prepare_folder,
    summary,
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m build_tools",
                                     description="Turn a folder of Chinese source texts into a reader edition.")
    sub = parser.add_subparsers(dest="command", required=True)
    prep = sub.add_parser("prepare", help="write Markdown chapters, source pages and edition.json")
    prep.add_argument("sources", type=Path, help="folder of source files (.txt)")
    prep.add_argument("out", type=Path, help="output folder (replaced atomically)")
    prep.add_argument("--title", default=None, help="the edition's title")
    prep.add_argument("--strict", action="store_true", help="treat warnings about the input as errors")
    prep.add_argument("--edition", type=Path, default=None,
                      help=f"the curator's file (default: {CURATION_FILE} in SOURCES_DIR, if there)")
    prep.add_argument("-q", "--quiet", action="store_true", help="print only the summary line")
    init = sub.add_parser("init-edition", help=f"write a commented {CURATION_FILE} for a sources folder")
    init.add_argument("sources", type=Path, help="folder of source files")
    init.add_argument("--output", type=Path, default=None,
                      help=f"where to write (default: SOURCES_DIR/{CURATION_FILE})")
    init.add_argument("--force", action="store_true", help="replace an existing file")
    member = sub.add_parser("build-edition", help="build one edition of the publication with MkDocs")
    member.add_argument("config", type=Path, help="the project's mkdocs.yml")
    member.add_argument("site_dir", type=Path, help="where the edition's site goes")
    member.add_argument("--script", choices=sorted(SCRIPTS), default="hans")
    member.add_argument("--offline", action="store_true", help="the offline copy (file:// links)")
    member.add_argument("--traditional", choices=TRADITIONAL, default="hant",
                        help="the Traditional edition of the publication (for the language switcher)")
    member.add_argument("--strict", action="store_true", help="MkDocs' strict mode")
    member.add_argument("--prepared", type=Path, default=None,
                        help="a folder where the publication's first build writes this edition's files")
    return parser


def prepare(args: argparse.Namespace) -> int:
    def progress(message: str) -> None:
        if not args.quiet:
            print(f"  {message}", file=sys.stderr)

    try:
        if args.edition and not args.edition.exists():
            raise PipelineError(f"edition file not found: {args.edition}")
        curation_file = args.edition or args.sources / CURATION_FILE
        curation = load_curation_file(curation_file)
        if curation_file.exists():
            progress(f"curation: {curation_file}")
        edition, _ = prepare_folder(args.sources, curation, args.title or DEFAULT_TITLE, progress)
        write_edition(edition, args.out)  # a file at a time, swapped into place at the end
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


def init_edition(args: argparse.Namespace) -> int:
    target = args.output or args.sources / CURATION_FILE
    if target.exists() and not args.force:
        print(f"error: {target} exists; --force replaces it", file=sys.stderr)
        return 2
    try:
        edition, _ = prepare_folder(args.sources, Curation())
    except (PipelineError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    target.write_text(skeleton(edition, args.sources.name), encoding="utf-8")
    books = f", {len(edition.books)} books" if edition.books else ""
    print(f"{target}: {len(edition.documents)} documents{books}; edit it, then build (mkdocs serve, or prepare)")
    return 0


def build_edition(args: argparse.Namespace) -> int:
    from build_tools.publication import Member, build_member

    member = Member(SCRIPTS[args.script], args.offline, published(args.traditional), args.prepared)
    build_member(args.config, args.site_dir, member, args.strict)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    commands = {"prepare": prepare, "init-edition": init_edition, "build-edition": build_edition}
    return commands[args.command](args)
