"""Grading: how the documents the pipeline found compare with a corpus's true documents."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from build_tools.records import Edition
from tests.corpora.documents import TrueDocument

SpanKey = tuple[str, int, int]  # (file, first line, last line)


@dataclass
class GroupingReport:
    """How the pipeline's documents compare with the true ones."""

    true_documents: int
    found_documents: int
    witnesses: int
    correct: int  # witnesses grouped with exactly their true siblings
    exact_spans: int  # witnesses whose segment has exactly their first and last line
    pure_documents: int  # found documents whose witnesses all belong to one true document
    errors: dict[str, list[str]]  # category -> a few examples
    error_counts: dict[str, int]  # category -> witnesses

    @property
    def accuracy(self) -> float:
        return self.correct / self.witnesses if self.witnesses else 1.0


def found_documents(edition: Edition) -> list[list[SpanKey]]:
    """Each found document's witnesses as (file, first line, last line)."""
    return [[(w.segment.span.source, w.segment.span.first_line, w.segment.span.last_line) for w in doc.witnesses]
            for doc in edition.documents]


def grouping_report(found: Sequence[Sequence[SpanKey]], documents: Sequence[TrueDocument],
                    examples: int = 4) -> GroupingReport:
    """Map each true witness to the segment overlapping most of its text lines; compare groups.

    "Most" counts the witness's body lines first (the text clustering compares), then all its lines:
    a segment that took only the next copy's title and date line does not stand for that copy.

    A witness is correctly grouped when the true witnesses mapped into the same found document are
    exactly its true document's witnesses (so a copy merged with its neighbour in one segment, joined
    to the wrong document, or left apart from its siblings counts as an error).
    """
    by_file: dict[str, list[tuple[int, int, int]]] = {}
    for d, witnesses in enumerate(found):
        for file, first, last in witnesses:
            by_file.setdefault(file, []).append((first, last, d))
    for segs in by_file.values():
        segs.sort()
    starts = {f: [s[0] for s in segs] for f, segs in by_file.items()}
    truth = [(doc, w) for doc in documents for w in doc.witnesses]
    segment_of: list[SpanKey | None] = []  # the segment holding most of each true witness
    found_of: list[int] = []  # the found document of that segment (-1: none)
    n_overlapping: list[int] = []
    exact = 0
    for _, w in truth:
        segs = by_file.get(w.file, [])
        k = bisect.bisect_right(starts.get(w.file, []), w.last_line)
        overlaps = []
        for first, last, d in segs[max(0, k - 64):k]:
            common = min(last, w.last_line) - max(first, w.first_line) + 1
            if common > 0:
                body = max(0, min(last, w.last_line) - max(first, w.body_first_line) + 1)
                overlaps.append((body, common, -first, first, last, d))
        n_overlapping.append(len(overlaps))
        if overlaps:
            _, _, _, first, last, d = max(overlaps)
            segment_of.append((w.file, first, last))
            found_of.append(d)
            exact += (first, last) == (w.first_line, w.last_line)
        else:
            segment_of.append(None)
            found_of.append(-1)
    members: dict[int, set[int]] = {}
    seg_members: Counter[SpanKey] = Counter()
    for i, (seg, d) in enumerate(zip(segment_of, found_of, strict=True)):
        if seg is not None:
            members.setdefault(d, set()).add(i)
            seg_members[seg] += 1
    true_group: dict[str, set[int]] = {}
    for i, (doc, _) in enumerate(truth):
        true_group.setdefault(doc.id, set()).add(i)
    errors: dict[str, list[str]] = {}
    counts: Counter[str] = Counter()
    correct = 0
    for i, (doc, w) in enumerate(truth):
        seg, d = segment_of[i], found_of[i]
        if seg is not None and members[d] == true_group[doc.id]:
            correct += 1
            continue
        where = f"{doc.id} {w.file}:{w.first_line}-{w.last_line} ({w.coverage}; {','.join(w.damage) or 'clean'})"
        if seg is None:
            category = "lost: no segment overlaps the copy"
        elif seg_members[seg] > 1:
            others = sorted({truth[j][0].id for j in members[d] if segment_of[j] == seg and j != i})
            category = "merged: one segment holds this copy and a neighbouring one"
            where += f" in segment {seg[1]}-{seg[2]} with {','.join(others)}"
        elif any(truth[j][0].id != doc.id for j in members[d]):
            strangers = sorted({truth[j][0].id for j in members[d] if truth[j][0].id != doc.id})
            category = "false join: grouped with copies of another document"
            where += f" grouped with {','.join(strangers)}"
        else:
            apart = sorted({f"{truth[j][1].file}:{truth[j][1].first_line}" for j in true_group[doc.id] - members[d]})
            category = "missed join: kept apart from its other copies"
            where += f" apart from {','.join(apart)}"
        if n_overlapping[i] > 1:
            category += " (copy split over several segments)"
        counts[category] += 1
        if len(errors.setdefault(category, [])) < examples:
            errors[category].append(where)
    pure = sum(1 for d in range(len(found)) if len({truth[j][0].id for j in members.get(d, set())}) <= 1)
    return GroupingReport(len(documents), len(found), len(truth), correct, exact, pure, errors, dict(counts))
