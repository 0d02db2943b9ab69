"""Which grading failures of a benchmark corpus are clustering's: missed joins, false joins, segmentation.

`python -m tests.benchmarks.cluster_failures WORK [--recluster] [--list N] [--kind missed|false|segmentation]`

WORK is a size's folder left by `python -m tests.benchmarks.scale --keep` (seeds/, truth.json,
prepare.json). Without `--recluster` the groups are the benchmark's own (prepare.json: the whole
pipeline). With it, the segments are made once (read, chrome, clean, segment; kept in
WORK/segments.pickle) and only the cluster stage is run again, its works graded as documents: a
quick loop while tuning clustering (books and curation, which regroup a few chapters, are skipped).

Each failing witness falls into one class:
- segmentation: its copy is lost, shares a segment with a neighbouring copy, or is split over several
  segments (the segmenter's errors, whatever clustering then did);
- false join: its segment is grouped with copies of another document;
- missed join: its segment is kept apart from its other copies.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from collections import Counter
from pathlib import Path

from build_tools.pipeline import StageCache, load_folder
from build_tools.records import Segment
from build_tools.stages.cluster import cluster_segments
from build_tools.stages.read import read_sources
from tests.corpora.corpus import load_truth
from tests.corpora.documents import TrueDocument
from tests.corpora.grading import SpanKey, document_grouping, grouping_report

CLASSES = ("segmentation", "false", "missed")


def failure_class(category: str) -> str:
    """The class of a grading category (`grouping_report`)."""
    if category.startswith(("lost", "merged")) or "split over several segments" in category:
        return "segmentation"
    if category.startswith("false join"):
        return "false"
    return "missed"


def segments_of(work: Path) -> tuple[Segment, ...]:
    """The corpus's segments, made once and kept beside it."""
    cache = work / "segments.pickle"
    if cache.exists():
        segments: tuple[Segment, ...] = pickle.loads(cache.read_bytes())
        return segments
    sources, _ = read_sources(load_folder(work / "seeds"))
    _, segments = StageCache().clean_and_segment(sources)
    cache.write_bytes(pickle.dumps(segments, protocol=pickle.HIGHEST_PROTOCOL))
    return segments


def reclustered(work: Path) -> tuple[list[list[SpanKey]], float]:
    """The works of the cluster stage run now, as found documents, and its time in seconds."""
    segments = segments_of(work)
    t = time.perf_counter()
    works = cluster_segments(segments)
    seconds = time.perf_counter() - t
    return [[(s.span.source, s.span.first_line, s.span.last_line) for s in w.segments] for w in works], seconds


def clustering_view(found: list[list[SpanKey]], documents: list[TrueDocument]) -> dict[str, list[str]]:
    """Clustering's own errors, whatever the segmenter did: on the segments that hold one true copy and
    nothing else ("pure"), the true documents whose pure segments lie in several found documents
    (missed), and the found documents holding pure segments of several true documents, with no segment
    of two copies in them to bridge them (false) or with one (bridged)."""
    pure: dict[SpanKey, str] = {}  # segment -> its true document
    impure: set[SpanKey] = set()
    by_file: dict[str, list[tuple[str, int, int, int]]] = {}
    for doc in documents:
        for w in doc.witnesses:
            by_file.setdefault(w.file, []).append((doc.id, w.first_line, w.body_first_line, w.last_line))
    for group in found:
        for seg in group:
            file, first, last = seg
            inside = {d for d, a, b, z in by_file.get(file, []) if max(first, b) <= min(last, z)}
            if len(inside) == 1:
                pure[seg] = inside.pop()
            elif inside:
                impure.add(seg)
    found_of: dict[str, set[int]] = {}
    view: dict[str, list[str]] = {"missed": [], "false": [], "bridged": []}
    for k, group in enumerate(found):
        ids = sorted({pure[s] for s in group if s in pure})
        for d in ids:
            found_of.setdefault(d, set()).add(k)
        if len(ids) > 1:
            where = ", ".join(f"{s[0]}:{s[1]}-{s[2]}" for s in group if s in impure)
            view["bridged" if where else "false"].append(f"found {k}: {','.join(ids)}" + (f" via {where}"
                                                                                          if where else ""))
    for d, groups in sorted(found_of.items()):
        if len(groups) > 1:
            view["missed"].append(f"{d}: in {len(groups)} found documents")
    return view


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.cluster_failures")
    parser.add_argument("work", type=Path)
    parser.add_argument("--recluster", action="store_true", help="run the cluster stage again on kept segments")
    parser.add_argument("--list", type=int, default=0, help="list this many failures of each class")
    parser.add_argument("--kind", choices=CLASSES, default=None, help="list only this class")
    parser.add_argument("--compare", type=Path, default=None,
                        help="a JSON file of failing documents: compared with it if it exists, else written")
    args = parser.parse_args(argv)
    documents = load_truth(args.work / "truth.json")
    if args.recluster:
        found, seconds = reclustered(args.work)
        print(f"cluster: {seconds:.1f} s, {len(found)} works", file=sys.stderr)
    else:
        data = json.loads((args.work / "prepare.json").read_text(encoding="utf-8"))
        found = [[(f, a, b) for f, a, b in d] for d in data["documents"]]
    report = grouping_report(found, documents, examples=0)
    ok, total = document_grouping(report, documents)
    classes: Counter[str] = Counter()
    failing: dict[str, str] = {}  # failing document -> its class
    failed_documents: Counter[str] = Counter()  # a document's class: its first witness's, in CLASSES order
    listed: dict[str, list[str]] = {c: [] for c in CLASSES}
    i = 0
    for doc in documents:
        kinds = set()
        for w in doc.witnesses:
            category = report.categories[i]
            i += 1
            if not category:
                continue
            kind = failure_class(category)
            kinds.add(kind)
            classes[kind] += 1
            if len(listed[kind]) < args.list:
                listed[kind].append(f"{doc.id} ({doc.kind}, {len(doc.text)} chars) {w.file}:{w.first_line}-"
                                    f"{w.last_line} {w.coverage}; {','.join(w.damage) or 'clean'} — {category}")
        if kinds:
            failed_documents[next(c for c in CLASSES if c in kinds)] += 1
            failing[doc.id] = next(c for c in CLASSES if c in kinds)
    print(f"witnesses grouped right: {report.accuracy:.2%} ({report.correct}/{report.witnesses}); "
          f"documents with exactly their copies: {ok / total:.2%} ({ok}/{total})")
    print("failing witnesses: " + ", ".join(f"{c} {classes[c]}" for c in CLASSES))
    print("failing documents (segmentation first): " + ", ".join(f"{c} {failed_documents[c]}" for c in CLASSES))
    if args.compare is not None and args.compare.exists():
        before = json.loads(args.compare.read_text(encoding="utf-8"))
        print("now failing: " + " ".join(f"{d}({c})" for d, c in sorted(failing.items()) if d not in before))
        print("now right: " + " ".join(f"{d}({c})" for d, c in sorted(before.items()) if d not in failing))
    elif args.compare is not None:
        args.compare.write_text(json.dumps(failing), encoding="utf-8")
    view = clustering_view(found, documents)
    print("clustering on pure segments: " + ", ".join(f"{k} {len(v)}" for k, v in view.items()))
    for k, lines in view.items():
        for line in lines[:args.list]:
            print(f"  <{k}> {line}")
    for c in CLASSES:
        if args.kind in (None, c):
            for line in listed[c]:
                print(f"  [{c}] {line}")


if __name__ == "__main__":
    main()
