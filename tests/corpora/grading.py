"""Grading: how the documents the pipeline found compare with a corpus's true documents."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

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
    # The error category of each true witness ("" when grouped correctly), in the order of the documents
    # and their witnesses: what the per-document and per-damage breakdowns count.
    categories: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.witnesses if self.witnesses else 1.0

    @property
    def false_joins(self) -> int:
        """Witnesses grouped with copies of another document."""
        return sum(n for c, n in self.error_counts.items() if c.startswith("false join"))


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
    categories = [""] * len(truth)
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
        categories[i] = category
        if len(errors.setdefault(category, [])) < examples:
            errors[category].append(where)
    pure = sum(1 for d in range(len(found)) if len({truth[j][0].id for j in members.get(d, set())}) <= 1)
    return GroupingReport(len(documents), len(found), len(truth), correct, exact, pure, errors, dict(counts),
                          categories)


Tally = tuple[int, int]  # (documents grouped exactly right, documents)


def _document_ok(report: GroupingReport, documents: Sequence[TrueDocument]) -> list[bool]:
    """For each true document: were all its copies found together, and with nothing else?"""
    ok = []
    i = 0
    for doc in documents:
        ok.append(not any(report.categories[i:i + len(doc.witnesses)]))
        i += len(doc.witnesses)
    return ok


def document_grouping(report: GroupingReport, documents: Sequence[TrueDocument]) -> Tally:
    """Documents found with exactly their copies, of all true documents."""
    ok = _document_ok(report, documents)
    return sum(ok), len(ok)


def grouping_by_damage(report: GroupingReport, documents: Sequence[TrueDocument],
                       among: Callable[[TrueDocument], bool] | None = None) -> dict[str, Tally]:
    """For each kind of damage: the documents having a copy with it, and how many were grouped right.

    `among` restricts the count to some documents (short ones fail for their own reasons, and would
    otherwise be blamed on whatever damage their copies also have).
    """
    tally: dict[str, list[int]] = {}
    for doc, ok in zip(documents, _document_ok(report, documents), strict=True):
        if among is not None and not among(doc):
            continue
        for kind in sorted({k for w in doc.witnesses for k in w.damage}):
            counts = tally.setdefault(kind, [0, 0])
            counts[0] += ok
            counts[1] += 1
    return {k: (v[0], v[1]) for k, v in sorted(tally.items())}


def grouping_by_kind(report: GroupingReport, documents: Sequence[TrueDocument]) -> dict[str, Tally]:
    """For each kind of document (speech, book, manual, poem, short …): how many were grouped right."""
    tally: dict[str, list[int]] = {}
    for doc, ok in zip(documents, _document_ok(report, documents), strict=True):
        counts = tally.setdefault(doc.kind, [0, 0])
        counts[0] += ok
        counts[1] += 1
    return {k: (v[0], v[1]) for k, v in sorted(tally.items())}
