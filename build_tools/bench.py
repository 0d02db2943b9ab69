"""`make bench`: where the time goes, on the seeds. Prints numbers; asserts nothing.

Timings are medians of several runs in one process; compare ratios, not absolute figures, on a
noisy machine.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from build_tools.pipeline import load_folder, prepare_edition, render

ROOT = Path(__file__).resolve().parent.parent


def bench_prepare(runs: int = 7) -> None:
    files = load_folder(ROOT / "seeds")
    prepare_edition(files)  # warm-up: imports, jieba's reduplication list
    totals: list[float] = []
    stages: dict[str, list[float]] = {}
    render_times: list[float] = []
    for _ in range(runs):
        edition, timings = prepare_edition(files)
        totals.append(timings.total)
        for name, seconds in timings.stages:
            stages.setdefault(name, []).append(seconds)
        t = time.perf_counter()
        render(edition)
        render_times.append(time.perf_counter() - t)
    print(f"prepare on seeds (in-process, median of {runs}): {statistics.median(totals):.3f} s  (target < 0.5 s)")
    for name, values in stages.items():
        print(f"  {name:<8} {statistics.median(values) * 1000:8.1f} ms")
    print(f"  {'render':<8} {statistics.median(render_times) * 1000:8.1f} ms")


def bench_mkdocs_build() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        for name in ("mkdocs.yml", "docs", "overrides", "seeds"):
            src = ROOT / name
            if src.is_dir():
                shutil.copytree(src, project / name)
            elif src.exists():
                shutil.copy2(src, project / name)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(project / "site")]
        t = time.perf_counter()
        subprocess.run(cmd, cwd=project, check=True, env=env)
        seconds = time.perf_counter() - t
        index = project / "site" / "search" / "search_index.json"
        print(f"mkdocs build on seeds: {seconds:.2f} s  (target < 10 s)")
        print(f"  search index: {index.stat().st_size / 1024:.0f} KiB")
    # Where the build time goes: jieba's dictionary load dominates a small edition.
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import jieba; jieba.initialize()"], check=True,
                   capture_output=True)
    print(f"  of which jieba start-up (separate process): {time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import mkdocs, material"], check=True)
    print(f"  of which python + mkdocs + material import: {time.perf_counter() - t:.2f} s")


def main() -> None:
    bench_prepare()
    bench_mkdocs_build()


if __name__ == "__main__":
    main()
