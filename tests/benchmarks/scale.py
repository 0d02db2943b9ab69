"""`make bench-scale`: prepare and build generated corpora of growing size, and grade the grouping.

`python -m tests.benchmarks.scale [--corpus default|honest|both] [--sizes 250,500,1000,2000] [--out DIR]
[--keep] [--no-site] [--seed S] [--pools DIR]`

For each size the benchmark generates a corpus (`tests.corpora`: the default profile made of the
seeds' sentences, or the honest profile made of texts written by others with their damage), runs
`prepare_edition` in a fresh subprocess (peak memory from `os.wait4`), compares the grouping with the
truth (`grouping_report`: per witness, per document, per kind of damage) and builds one edition as the
publication builds its members (`python -m build_tools build-edition`, MkDocs). Progress goes to
stderr, the tables and the verdicts against the targets to stdout. `--pools DIR` draws the honest
profile from another folder of pools: `python -m tests.benchmarks.large_pools` writes large ones, for
20,000 documents.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import io
import itertools
import json
import os
import pstats
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from build_tools.pipeline import load_folder, prepare_edition
from build_tools.search import FOLDER
from build_tools.stages.render import render_edition
from tests.corpora.corpus import DEFAULT_SEED, Corpus, generate_corpus
from tests.corpora.grading import (
    GroupingReport,
    Tally,
    document_grouping,
    found_documents,
    grouping_by_damage,
    grouping_by_kind,
    grouping_report,
)
from tests.corpora.honest import generate_honest_corpus
from tests.project import ROOT, copy_project

DEFAULT_SIZES = (250, 500, 1000, 2000)
SHORT = 300  # characters: documents shorter than this get their own per-damage table
PROFILES: dict[str, Callable[[int, int], Corpus]] = {"default": generate_corpus, "honest": generate_honest_corpus}


def _generator(corpus_profile: str, pools: Path | None) -> Callable[[int, int], Corpus]:
    """The profile's corpus generator, drawing the honest profile from `pools` when given."""
    if pools is not None and corpus_profile == "honest":
        return functools.partial(generate_honest_corpus, pools=pools)
    return PROFILES[corpus_profile]


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _child(corpus: Path, result: Path, profile: bool) -> None:
    """Run in a fresh process: prepare the edition from `corpus`, write figures and groups to `result`."""
    rss_start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    files = load_folder(corpus)
    load = time.perf_counter() - t
    profiler = cProfile.Profile() if profile else None
    t = time.perf_counter()
    if profiler:
        profiler.enable()
    edition, timings = prepare_edition(files, progress=lambda m: _say(f"      {time.perf_counter() - t:6.1f} s  {m}"))
    if profiler:
        profiler.disable()
    prepare = time.perf_counter() - t
    rss_prepare = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    rendered = 0
    for file in render_edition(edition):  # every file made, as `prepare` writes them (edition.json in pieces)
        for _piece in file.chunks():
            pass
        rendered += 1
    render_time = time.perf_counter() - t
    rss_render = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(20)
        (result.parent / "prepare.prof.txt").write_text(out.getvalue(), encoding="utf-8")
        profiler.dump_stats(str(result.parent / "prepare.prof"))
    data = {
        "load": load, "prepare": prepare, "render": render_time, "stages": dict(timings.stages),
        "rss_start_kib": rss_start, "rss_prepare_kib": rss_prepare, "rss_render_kib": rss_render,
        "rendered_files": rendered, "segments": sum(len(d.witnesses) for d in edition.documents),
        "documents": found_documents(edition),
    }
    result.write_text(json.dumps(data), encoding="utf-8")


def _run_measured(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None,
                  log: Path | None = None, timeout: float | None = None) -> tuple[int, float, int]:
    """Run a command; return (exit code, seconds, peak resident memory in KiB) of that process alone.

    A process still running after `timeout` seconds is killed (exit code -9).
    """
    out = log.open("wb") if log else None
    try:
        t = time.perf_counter()
        process = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out or subprocess.DEVNULL,
                                   stderr=out if out else None)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if timeout is not None and time.perf_counter() - t > timeout:
                process.kill()
                _, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.2)
        seconds = time.perf_counter() - t
        process.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if out:
            out.close()
    return process.returncode, seconds, usage.ru_maxrss


@dataclass
class Row:
    """One size's figures."""

    n: int
    files: int
    witnesses: int
    corpus_mib: float
    generate: float
    profile: str = "default"
    prepare: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)
    render: float = 0.0
    peak_mib: float = 0.0  # the child process: prepare, then render
    prepare_peak_mib: float = 0.0  # the same process when prepare had finished (before render)
    report: GroupingReport | None = None
    site: float | None = None
    site_peak_mib: float | None = None
    index_kib: float | None = None
    site_failed: str | None = None
    documents_ok: Tally = (0, 0)  # documents found with exactly their copies
    by_damage: dict[str, Tally] = field(default_factory=dict)  # among documents of 300 characters or more
    by_damage_short: dict[str, Tally] = field(default_factory=dict)  # among shorter ones
    by_kind: dict[str, Tally] = field(default_factory=dict)


def search_index_kib(site: Path) -> float | None:
    """Size of the edition's search index: every file the pipeline writes under search/ (build_tools.search)."""
    folder = site / FOLDER.rstrip("/")
    if not folder.is_dir():
        return None
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1024


def _build_site(work: Path, n: int, timeout: float) -> tuple[float | None, float | None, float | None, str | None]:
    """MkDocs build of one edition from the corpus in work/seeds; (seconds, peak MiB, index KiB, error)."""
    copy_project(work, ("mkdocs.yml", "docs", "overrides"))  # the generated corpus is its seeds, uncurated
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log = work / "mkdocs.log"
    _say(f"[N={n}] mkdocs build (one edition, as a member of the publication) …")
    cmd = [sys.executable, "-m", "build_tools", "build-edition", str(work / "mkdocs.yml"), str(work / "site")]
    code, seconds, peak = _run_measured(cmd, cwd=work, env=env, log=log, timeout=timeout)
    if code != 0:
        if seconds > timeout:
            _say(f"[N={n}] mkdocs build stopped after {seconds:.0f} s (--site-timeout)")
            return None, None, None, f"mkdocs build stopped after {seconds:.0f} s (--site-timeout {timeout:.0f})"
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        return None, None, None, f"mkdocs build failed ({code}): {tail}"
    size = search_index_kib(work / "site")
    _say(f"[N={n}] mkdocs build: {seconds:.1f} s, peak {peak / 1024:.0f} MiB, search index "
         f"{(size or 0) / 1024:.1f} MiB")
    return seconds, peak / 1024, size, None


def run_size(n: int, seed: int, work: Path, site: bool, profile: bool, site_timeout: float = 1800,
             corpus_profile: str = "default", pools: Path | None = None) -> Row:
    """Generate, prepare (subprocess) and optionally build the site for one size."""
    _say(f"[N={n}] generating the {corpus_profile} corpus (seed {seed}) …")
    t = time.perf_counter()
    corpus = _generator(corpus_profile, pools)(n, seed)
    corpus.write(work / "seeds", work / "truth.json")
    generate = time.perf_counter() - t
    size = sum(len(b) for b in corpus.files.values()) / 2**20
    row = Row(n, len(corpus.files), len(corpus.witnesses), size, generate, corpus_profile)
    _say(f"[N={n}] {len(corpus.documents)} documents, {row.witnesses} witnesses in {row.files} files "
         f"({size:.1f} MiB) in {generate:.1f} s")
    _say(f"[N={n}] prepare_edition in a fresh process …")
    result = work / "prepare.json"
    cmd = [sys.executable, "-m", "tests.benchmarks.scale", "--child", str(work / "seeds"), str(result)]
    if profile:
        cmd.append("--profile")
    code, _, peak = _run_measured(cmd, cwd=ROOT)  # `tests` is a package of the project folder, not installed
    if code != 0:
        raise SystemExit(f"prepare failed for N={n} (exit {code})")
    data = json.loads(result.read_text(encoding="utf-8"))
    row.prepare, row.render, row.stages = data["prepare"], data["render"], data["stages"]
    row.peak_mib = peak / 1024
    row.prepare_peak_mib = data["rss_prepare_kib"] / 1024
    _say(f"[N={n}] prepare {row.prepare:.1f} s, render {row.render:.1f} s, peak {row.peak_mib:.0f} MiB")
    row.report = grouping_report([[tuple(w) for w in d] for d in data["documents"]], corpus.documents)
    row.documents_ok = document_grouping(row.report, corpus.documents)
    row.by_damage = grouping_by_damage(row.report, corpus.documents, lambda d: len(d.text) >= SHORT)
    row.by_damage_short = grouping_by_damage(row.report, corpus.documents, lambda d: len(d.text) < SHORT)
    row.by_kind = grouping_by_kind(row.report, corpus.documents)
    _say(f"[N={n}] grouping: {row.report.accuracy:.2%} of witnesses correct, "
         f"{_pct(row.documents_ok)} of documents with exactly their copies, "
         f"{row.report.found_documents} documents found / {row.report.true_documents} true")
    if site:
        row.site, row.site_peak_mib, row.index_kib, row.site_failed = _build_site(work, n, site_timeout)
    return row


def _pct(tally: Tally) -> str:
    return f"{tally[0] / tally[1]:.1%}" if tally[1] else "—"


def _table(rows: list[Row]) -> str:
    """The figures of every size as a Markdown table (as docs/performance.md quotes it; the last two
    columns came later: documents found with exactly their copies, and witnesses falsely joined)."""
    head = ("| N | files | witnesses | corpus MiB | prepare s | read / clean+seg / cluster / collate / parallels s | render s "
            "| peak MiB | docs found / true | grouped OK | exact spans | pure docs | mkdocs s | mkdocs MiB "
            "| index MiB | docs grouped OK | false joins |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        rep = r.report
        assert rep is not None
        st = r.stages
        stages = " / ".join(f"{st.get(k, 0):.1f}" for k in ("read", "clean+segment", "cluster", "collate",
                                                                 "parallels"))
        site = f"{r.site:.1f}" if r.site is not None else ("stopped" if r.site_failed else "—")
        site_mib = f"{r.site_peak_mib:.0f}" if r.site_peak_mib is not None else "—"
        index = f"{r.index_kib / 1024:.1f}" if r.index_kib is not None else "—"
        lines.append(
            f"| {r.n} | {r.files} | {r.witnesses} | {r.corpus_mib:.1f} | {r.prepare:.1f} | {stages} | {r.render:.1f} "
            f"| {r.peak_mib:.0f} | {rep.found_documents} / {rep.true_documents} | {rep.accuracy:.2%} "
            f"| {rep.exact_spans / rep.witnesses:.1%} | {rep.pure_documents / max(1, rep.found_documents):.1%} "
            f"| {site} | {site_mib} | {index} | {_pct(r.documents_ok)} | {rep.false_joins} |")
    return "\n".join(lines)


def _breakdown_table(rows: list[Row], what: str) -> str:
    """Grouping per kind of damage (or of document) at every size: documents grouped right / documents."""
    tallies = {"kind": [r.by_kind for r in rows], "damage": [r.by_damage for r in rows],
               "damage (short)": [r.by_damage_short for r in rows]}[what]
    keys = sorted({k for t in tallies for k in t})
    head = f"| {what} | " + " | ".join(f"N {r.n}" for r in rows) + " |"
    lines = [head, "|" + "---|" * (len(rows) + 1)]
    for key in keys:
        cells = [f"{_pct(t[key])} ({t[key][0]}/{t[key][1]})" if key in t else "—" for t in tallies]
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _verdicts(rows: list[Row]) -> list[str]:
    """Each doubling's growth of time and memory, and each size's grouping, against the targets."""
    out = []
    for prev, cur in itertools.pairwise(rows):
        if cur.n == 2 * prev.n and prev.prepare > 0:
            ratio = cur.prepare / prev.prepare
            # Each size is drawn afresh, so its corpus is not exactly twice the smaller one: say by how much.
            size = cur.corpus_mib / prev.corpus_mib
            line = (f"N {prev.n} -> {cur.n}: prepare time x{ratio:.2f} (target <= 2.2) "
                    f"{'OK' if ratio <= 2.2 else 'MISSED'}; corpus x{size:.2f}, time per MiB x{ratio / size:.2f}; "
                    f"peak memory x{cur.peak_mib / prev.peak_mib:.2f}")
            if cur.site and prev.site:
                line += f"; mkdocs build x{cur.site / prev.site:.2f}"
            out.append(line)
    for r in rows:
        assert r.report is not None
        ok = r.report.accuracy >= 0.99
        out.append(f"N {r.n}: grouping {r.report.accuracy:.2%} (target >= 99%) {'OK' if ok else 'MISSED'}; "
                   f"documents with exactly their copies {_pct(r.documents_ok)}; "
                   f"{r.report.false_joins} witnesses falsely joined")
        share = r.stages.get("parallels", 0) / max(1e-9, r.prepare - r.stages.get("parallels", 0))
        out.append(f"N {r.n}: parallels {r.stages.get('parallels', 0):.1f} s, adds {share:.0%} to prepare "
                   f"(target <= 20 % at 2000) {'OK' if share <= 0.2 or r.n != 2000 else 'MISSED'}")
        if r.n == 2000:
            out.append(f"N 2000: prepare {r.prepare:.0f} s (target < 120 s) {'OK' if r.prepare < 120 else 'MISSED'}; "
                       f"peak while preparing {r.prepare_peak_mib:.0f} MiB (target < 2048) "
                       f"{'OK' if r.prepare_peak_mib < 2048 else 'MISSED'}; with render {r.peak_mib:.0f} MiB")
    return out


def _error_summary(rows: list[Row]) -> list[str]:
    """Grouping errors by category, with a few examples each."""
    out = []
    for r in rows:
        assert r.report is not None
        if not r.report.errors:
            continue
        out.append(f"N {r.n}: grouping errors by category")
        for category, items in sorted(r.report.errors.items()):
            out.append(f"  {category}: {r.report.error_counts[category]} witnesses")
            out.extend(f"    e.g. {item}" for item in items)
    return out


def _parse_sizes(text: str) -> list[int]:
    sizes = [int(x) for x in text.split(",") if x.strip()]
    if not sizes or any(n < 1 for n in sizes):
        raise argparse.ArgumentTypeError("sizes are positive integers, e.g. 250,500,1000")
    return sizes


def main(argv: Iterable[str] | None = None) -> int:
    """Generate, prepare and build each size; print the table, the verdicts and the grouping errors."""
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.scale",
                                     description="Generate seeded corpora and benchmark the pipeline on them.")
    parser.add_argument("--corpus", choices=(*PROFILES, "both"), default="default",
                        help="corpus profile: default (the seeds' sentences), honest (texts by others, their "
                             "damage) or both")
    parser.add_argument("--sizes", type=_parse_sizes, default=list(DEFAULT_SIZES),
                        help="numbers of true documents, comma-separated (default 250,500,1000,2000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=None, help="work folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora and sites")
    parser.add_argument("--no-site", action="store_true", help="skip the mkdocs build")
    parser.add_argument("--site-timeout", type=float, default=1800, help="stop a mkdocs build after this many seconds")
    parser.add_argument("--profile", action="store_true", help="profile prepare (writes prepare.prof.txt per size)")
    parser.add_argument("--generate-only", action="store_true",
                        help="only write the corpora (OUT/nN/seeds and OUT/nN/truth.json; OUT/honest-nN/… for the "
                             "honest profile)")
    parser.add_argument("--pools", type=Path, default=None,
                        help="folder of the honest profile's pools (default: tests/data/pools; large ones: "
                             "python -m tests.benchmarks.large_pools)")
    parser.add_argument("--child", nargs=2, type=Path, metavar=("CORPUS", "RESULT"), help=argparse.SUPPRESS)
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.child:
        _child(args.child[0], args.child[1], args.profile)
        return 0
    base = args.out.resolve() if args.out else Path(tempfile.mkdtemp(prefix="reader-scale-"))
    base.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    rows: list[Row] = []
    profiles = list(PROFILES) if args.corpus == "both" else [args.corpus]
    try:
        for corpus_profile, n in itertools.product(profiles, args.sizes):
            work = base / (f"n{n}" if corpus_profile == "default" else f"{corpus_profile}-n{n}")
            if work.exists():
                shutil.rmtree(work)
            work.mkdir()
            made.append(work)
            if args.generate_only:
                corpus = _generator(corpus_profile, args.pools)(n, args.seed)
                corpus.write(work / "seeds", work / "truth.json")
                _say(f"[N={n}] {len(corpus.witnesses)} witnesses in {len(corpus.files)} files written to {work}")
                continue
            rows.append(run_size(n, args.seed, work, not args.no_site, args.profile, args.site_timeout,
                                 corpus_profile, args.pools))
    finally:
        if not (args.keep or args.generate_only):
            for work in made:
                shutil.rmtree(work, ignore_errors=True)
            if not args.out:
                shutil.rmtree(base, ignore_errors=True)
        else:
            _say(f"kept in {base}")
    for corpus_profile in profiles:
        _print_profile(corpus_profile, [r for r in rows if r.profile == corpus_profile], len(profiles) > 1)
    return 0


def _print_profile(corpus_profile: str, rows: list[Row], heading: bool) -> None:
    """One profile's tables, verdicts and grouping errors."""
    if not rows:
        return
    if heading:
        print(f"## {corpus_profile} corpus\n")
    print(_table(rows))
    print()
    print("\n".join(_verdicts(rows)))
    if corpus_profile != "default":
        print()
        print(_breakdown_table(rows, "kind"))
        print()
        print(_breakdown_table(rows, "damage"))
        print()
        print(_breakdown_table(rows, "damage (short)"))
    errors = _error_summary(rows)
    if errors:
        print()
        print("\n".join(errors))
    for r in rows:
        if r.site_failed:
            print(f"N {r.n}: {r.site_failed}")
    print()


if __name__ == "__main__":
    sys.exit(main())
