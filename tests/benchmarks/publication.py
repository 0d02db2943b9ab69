"""`make bench-scale` (publication): the whole publication of a large edition, as `mkdocs build` makes it.

`python -m tests.benchmarks.publication [--size 2000] [--seed S] [--sources DIR] [--work DIR] [--keep]`

Generates a corpus (`tests.corpora`, default profile) of `--size` documents, or takes `--sources` (the
20,000-document figure: `--sources` a folder written by `tests.benchmarks.scale --corpus honest --pools
… --keep`), and runs `mkdocs build` of a copy of the project on it: both editions (the second in a
process of its own) and the offline zip. It samples the memory of the whole process tree twice a
second and prints the wall clock, the CPU time of all processes, the peak of their summed memory and of
the largest one, and the size of what was written. Memory is summed two ways: resident (RSS), which
counts a page shared by two processes in each (a process forked from the build shares most of its
pages), and proportional (PSS: a shared page's size divided among its sharers), whose sum is what the
machine holds for them; the target is read on the latter. Progress goes to stderr, the
figures to stdout.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from tests.corpora.corpus import DEFAULT_SEED, generate_corpus
from tests.project import copy_project

SAMPLE_SECONDS = 0.5
# Proportional sizes are read every this many samples: the kernel walks every page of a process for
# them (on a 4 GiB process, twice a second, a sixth of a core taken from the build measured).
PSS_EVERY = 4
TARGET_MINUTES = {2000: 3.0, 20_000: 60.0}  # the targets for the whole publication
TARGET_MEMORY_GIB = 8.0  # at 20,000 documents


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _process_tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def _resident(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


def _proportional(pid: int) -> int:
    """A process's proportional set size (PSS), in bytes."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


def _size(paths: Iterable[Path]) -> int:
    return sum(p.stat().st_size for p in paths if p.is_file())


def run(sources: Path, work: Path) -> dict[str, float]:
    project = copy_project(work / "project", ("mkdocs.yml", "docs", "overrides"))
    site = work / "site"
    env = {**os.environ, "READER_SOURCES": str(sources), "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    _say(f"publication: {' '.join(cmd)}")
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(cmd, env=env)
    total = largest = proportional = 0
    samples = 0
    while process.poll() is None:
        tree = _process_tree(process.pid)
        sizes = [_resident(pid) for pid in tree]
        total, largest = max(total, sum(sizes)), max(largest, max(sizes, default=0))
        if samples % PSS_EVERY == 0:
            proportional = max(proportional, sum(_proportional(pid) for pid in tree))
        samples += 1
        time.sleep(SAMPLE_SECONDS)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        raise SystemExit(f"mkdocs build failed ({process.returncode})")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    files = list(site.rglob("*"))
    return {"wall_s": wall, "cpu_s": cpu, "peak_total_gib": total / 2**30, "peak_largest_gib": largest / 2**30,
            "peak_proportional_gib": proportional / 2**30,
            "site_gib": _size(files) / 2**30, "zip_gib": _size(site.glob("download/*.zip")) / 2**30,
            "files": float(sum(1 for f in files if f.is_file()))}


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--sources", type=Path, help="a sources folder instead of a generated corpus")
    parser.add_argument("--work", type=Path, help="where the project copy and site go (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(list(argv) if argv is not None else None)
    work = args.work or Path(tempfile.mkdtemp(prefix="reader-edition-publication-"))
    try:
        sources = args.sources
        if sources is None:
            sources = work / "sources"
            _say(f"generating {args.size} documents into {sources}")
            generate_corpus(args.size, args.seed).write(sources, work / "truth.json")
        figures = run(sources.resolve(), work)
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"whole publication (mkdocs build: 2 editions and the offline zip) of {sources}")
    print(f"  wall clock {figures['wall_s']:.1f} s ({figures['wall_s'] / 60:.1f} min), "
          f"CPU of all processes {figures['cpu_s']:.1f} s")
    print(f"  peak memory: all processes together {figures['peak_proportional_gib']:.2f} GiB proportional (PSS), "
          f"{figures['peak_total_gib']:.2f} GiB resident (RSS, shared pages counted in each process); "
          f"the largest {figures['peak_largest_gib']:.2f} GiB resident")
    print(f"  written: {figures['files']:.0f} files, {figures['site_gib']:.2f} GiB (the zip {figures['zip_gib']:.2f} GiB)")
    target = TARGET_MINUTES.get(args.size) if args.sources is None else None
    if target is not None:
        verdict = "met" if figures["wall_s"] < target * 60 else "NOT met"
        print(f"  target < {target:.0f} min: {verdict}")
    print(f"  (at 20,000 documents the targets are < 60 min and < {TARGET_MEMORY_GIB:.0f} GiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
