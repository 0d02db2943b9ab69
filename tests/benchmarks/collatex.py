"""CollateX against our collate stage on the seeds' multi-copy speech, character tokens (part of `make bench`).

CollateX is installed in the benchmark's own environment (.bench-venv), never in the project's.
"""

from __future__ import annotations

import functools
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from build_tools.pipeline import load_folder
from build_tools.stages.align import unique_ngrams
from build_tools.stages.clean import clean_sources
from build_tools.stages.cluster import cluster_segments
from build_tools.stages.collate import collate_texts
from build_tools.stages.layout import WitnessText, siglum
from build_tools.stages.read import read_sources
from build_tools.stages.segment import segment_texts
from tests.project import ROOT

COLLATEX_PINS = ("collatex==2.3", "levenshtein==0.27.5", "networkx==3.6.1", "prettytable==3.18.0")
COLLATEX_SCRIPT = """
import json, sys, time
from collatex import collate
texts = json.load(sys.stdin)
data = {"witnesses": [{"id": sig, "tokens": [{"t": ch} for ch in text]} for sig, text in texts.items()]}
start = time.perf_counter()
collate(data, output="json", segmentation=False)
print(time.perf_counter() - start)
"""


def _collatex_python() -> Path | None:
    """The .bench-venv's Python, set up with CollateX on first use; None when it cannot be installed."""
    venv = ROOT / ".bench-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        print("  setting up .bench-venv with CollateX …", flush=True)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            subprocess.run([str(python), "-m", "pip", "install", "-q", *COLLATEX_PINS], check=True)
        except subprocess.CalledProcessError:
            return None
    return python


def bench_collatex() -> None:
    """Time both on the first 1000 and 2000 characters of the longest work's copies, and ours on the whole."""
    sources, _ = read_sources(load_folder(ROOT / "seeds"))
    works = cluster_segments(segment_texts(clean_sources(sources)))
    work = max(works, key=lambda w: len(w.segments))
    full = [WitnessText.of(siglum(i), s) for i, s in enumerate(work.segments)]
    python = _collatex_python()
    print(f"collate vs CollateX 2.3 ({len(full)} copies of the longest work, character tokens):")
    for size in (1000, 2000):
        cut = [WitnessText(w.siglum, w.segment, w.text[:size], w.lines[:size], w.roles[:size]) for w in full]
        ours = _median(functools.partial(collate_texts, cut), 5)
        if python is None:
            print(f"  {size} chars: ours {ours * 1000:.1f} ms; CollateX not installable here")
            continue
        result = subprocess.run([str(python), "-c", COLLATEX_SCRIPT], input=json.dumps({w.siglum: w.text for w in cut}),
                                capture_output=True, text=True, check=True)
        theirs = float(result.stdout.strip())
        print(f"  first {size} chars: ours {ours * 1000:.1f} ms, CollateX {theirs:.2f} s, "
              f"ratio {theirs / ours:,.0f}x  (target >= 1000x)")
    ours_full = _median(lambda: collate_texts(full), 3)
    print(f"  full texts ({max(len(w.text) for w in full)} chars): ours {ours_full * 1000:.1f} ms "
          "(CollateX not run: minutes to hours)")


def _median(run: Callable[[], object], times: int) -> float:
    """Median seconds of `times` runs, each with a cold n-gram cache."""
    values = []
    for _ in range(times):
        unique_ngrams.cache_clear()  # no help from an earlier run: each run counts its own n-grams
        t = time.perf_counter()
        run()
        values.append(time.perf_counter() - t)
    return statistics.median(values)
