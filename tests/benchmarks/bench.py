"""`make bench`: where the time goes, on the seeds. Prints numbers; asserts nothing.

Prepare in-process, `mkdocs build` of the whole publication and of one edition, a `mkdocs serve`
rebuild after an edit, then the CollateX comparison (`tests.benchmarks.collatex`). Timings are medians
of several runs; compare ratios, not absolute figures, on a noisy machine.

`python -m tests.benchmarks.bench` from the project folder.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from build_tools.pipeline import load_folder, prepare_edition
from build_tools.stages.render import render_edition
from tests.benchmarks.collatex import bench_collatex
from tests.benchmarks.scale import search_index_kib
from tests.project import ROOT, copy_project


def bench_prepare(runs: int = 7) -> None:
    """`prepare_edition` on the seeds in-process, per stage, and `render`: medians of `runs` after a warm-up."""
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
        for file in render_edition(edition):  # every file made (edition.json in pieces), none written
            for _piece in file.chunks():
                pass
        render_times.append(time.perf_counter() - t)
    print(f"prepare on seeds (in-process, median of {runs}): {statistics.median(totals):.3f} s  (target < 0.5 s)")
    for name, values in stages.items():
        print(f"  {name:<8} {statistics.median(values) * 1000:8.1f} ms")
    print(f"  {'render':<8} {statistics.median(render_times) * 1000:8.1f} ms")


def _page_weight(page: Path, site: Path) -> tuple[int, int]:
    """(raw, gzip) bytes of a page and the stylesheets and scripts it loads (not the search index)."""
    html = page.read_text(encoding="utf-8")
    total_raw, total_gz = len(html.encode()), len(gzip.compress(html.encode()))
    for ref in re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html):
        asset = (page.parent / ref).resolve()
        if asset.is_file() and site in asset.parents:
            data = asset.read_bytes()
            total_raw += len(data)
            total_gz += len(gzip.compress(data))
    return total_raw, total_gz


def bench_mkdocs_build() -> None:
    """`mkdocs build --strict` of a copy of the project: the publication, one edition, index and page sizes."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        copy_project(project)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        site = project / "site"
        # Not -q: a quiet build drops warnings before --strict can count them.
        cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)]
        t = time.perf_counter()
        subprocess.run(cmd, cwd=project, check=True, env=env, capture_output=True)
        seconds = time.perf_counter() - t
        print(f"mkdocs build on seeds, whole publication (2 editions side by side + the offline zip): "
              f"{seconds:.2f} s  (target < 10 s for one edition)")
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "build_tools", "build-edition", str(project / "mkdocs.yml"),
                        str(project / "solo"), "--strict"], cwd=project, check=True, capture_output=True, env=env)
        print(f"  one edition alone (as the publication builds its members): {time.perf_counter() - t:.2f} s")
        for tag in ("zh-Hans", "zh-Hant"):  # the edition's own index (build_tools/search), loaded only to search
            print(f"  search index {tag}: {search_index_kib(site / tag) or 0:.0f} KiB")
        (archive,) = (site / "download").glob("*.zip")
        print(f"  offline zip: {archive.stat().st_size / 1024 / 1024:.1f} MiB")
        pages = sorted((site / "zh-Hans" / "chapters").glob("*/index.html"), key=lambda p: p.stat().st_size)
        raw, gz = _page_weight(pages[-1], site)
        print(f"  largest chapter page with its CSS and JS (no search index): {raw / 1024:.0f} KiB raw, "
              f"{gz / 1024:.0f} KiB gzip-compressed  (target < 300 KB)")
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import jieba; jieba.initialize()"], check=True,
                   capture_output=True)
    print(f"  where a build's time goes: jieba start-up {time.perf_counter() - t:.2f} s per build (separate process)")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (OSError, urllib.error.URLError):
        return ""


def _single_copy_line(edition: dict[str, Any]) -> tuple[str, int]:
    """(source, line) of the last body paragraph of a document with one copy: an edit there shows as text."""
    for doc in sorted(edition["documents"], key=lambda d: (len(d["witnesses"]) != 1, d["order"])):
        for para in reversed(doc["paragraphs"][3:]):
            if para["role"] == "body" and len(para["spans"]) == 1:
                return para["spans"][0]["source"], para["spans"][0]["last_line"]
    raise RuntimeError("no document with a body paragraph to edit")


def bench_serve_rebuild(edits: int = 3) -> None:
    """`mkdocs serve --dirty` (as `make serve` runs it) on the seeds: seconds from saving an edited source to
    the new edition being served."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        copy_project(project)
        url = f"http://127.0.0.1:{_free_port()}/"
        log = (project / "serve.log").open("wb")
        process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", url[7:-1]], cwd=project,
                                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=log, stderr=log)
        try:
            t = time.perf_counter()
            while not _get(url + "edition.json"):
                if process.poll() is not None or time.perf_counter() - t > 120:
                    print("mkdocs serve did not start; see its log")
                    return
                time.sleep(0.2)
            print(f"mkdocs serve on seeds: first build served after {time.perf_counter() - t:.1f} s")
            source, line = _single_copy_line(json.loads(_get(url + "edition.json")))
            path = project / "seeds" / source
            original = path.read_text(encoding="utf-8").split("\n")
            times = []
            for n in range(edits):
                marker = f"基准测试追加句{'一二三四五六七八九'[n]}。"
                lines = list(original)
                lines[line - 1] = lines[line - 1].rstrip() + marker
                path.write_text("\n".join(lines), encoding="utf-8")
                t = time.perf_counter()
                while marker not in _get(url + "edition.json"):
                    if time.perf_counter() - t > 60:
                        print("  an edit was not served within 60 s")
                        return
                    time.sleep(0.05)
                times.append(time.perf_counter() - t)
            print(f"  rebuild after editing one source (median of {edits}): {statistics.median(times):.2f} s "
                  f"(all: {', '.join(f'{x:.2f}' for x in times)}; target < 3 s)")
        finally:
            process.terminate()
            process.wait(timeout=30)
            log.close()


def main() -> None:
    """Run every benchmark of `make bench` in turn."""
    bench_prepare()
    bench_mkdocs_build()
    bench_serve_rebuild()
    bench_collatex()


if __name__ == "__main__":
    main()
