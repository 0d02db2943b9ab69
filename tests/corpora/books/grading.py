"""Grading an edition made from a book's channel copies against the truth of where the chapters stand.

Definitions (the issue "Books and manuals" sets the targets: each rate ≥ 95 %, zero code headings,
nothing lost):

- A chapter copy (one chapter in one channel) is *found* when one witness of one edition document
  spans at least 90 % of the copy's body lines (`CopySpan.body`: the lines holding its text, page
  furniture excluded) and spans less than 10 % of the body lines of any other chapter's copy in
  the same file. The witness with the most of the copy's body lines is the one judged.
- A chapter copy is *grouped* when it is found and every other copy of the same chapter (the
  other channels) is found in the same edition document.
- A *code line taken for a heading* is a document title, or a paragraph in a title or heading
  role, whose text (whitespace removed) is a line of one of the book's code blocks.
- Also reported, not yet held to a target: *code blocks kept verbatim* (every line of the block, in
  order, is a paragraph of one edition document, whitespace at the ends aside) and *code lines
  removed as noise* (ledger entries whose text is a whole code line, e.g. taken for a running head).
- *Nothing lost*: every non-space character of every source is in a witness or in the ledger of
  removed noise (`tests.helpers.assert_accounted`, the check `assert_nothing_lost` runs).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from build_tools.pipeline import Timings
from build_tools.reconstruct import witness_lines
from build_tools.records import Edition
from build_tools.stages.render.edition_json import edition_json
from tests.corpora.books.channels import CHANNELS, BookCorpus
from tests.corpora.books.sheet import CopySpan
from tests.helpers import assert_accounted, non_space_chars

FOUND_SHARE = 0.9  # of a copy's body lines inside the witness
INTRUSION_SHARE = 0.1  # of another chapter's body lines inside it, at most (exclusive)
_SPACE = re.compile(r"\s+")


@dataclass
class CopyResult:
    """How one chapter copy fared."""

    chapter: int
    channel: str
    file: str
    verdict: str  # "found", "lost", "split", "merged"
    document: int | None  # index in edition.documents of the judged witness's document
    coverage: float  # share of the copy's body lines inside the judged witness
    intruder: int | None = None  # the other chapter most inside that witness
    intrusion: float = 0.0
    segments: int = 0  # witnesses overlapping the copy's body lines
    grouped: bool = False


@dataclass
class BookGrade:
    """The grade of one edition against one book corpus."""

    book: str
    copies: list[CopyResult]
    documents: int
    code_headings: list[str]
    nothing_lost: bool
    lost_message: str
    seconds: float
    stages: dict[str, float] = field(default_factory=dict)
    top_titles: list[tuple[str, int]] = field(default_factory=list)
    schema_problem: str = ""  # edition.json against its schema (reported apart from the accounting)
    code_verbatim: float = 1.0  # share of code blocks whose lines stand, in order, as paragraphs
    code_removed: int = 0  # code lines the cleaner removed whole as noise

    def rate(self, what: str, channel: str | None = None) -> float:
        chosen = [c for c in self.copies if channel is None or c.channel == channel]
        if not chosen:
            return 1.0
        hits = sum(1 for c in chosen if (c.verdict == "found" if what == "found" else c.grouped))
        return hits / len(chosen)

    @property
    def found(self) -> float:
        return self.rate("found")

    @property
    def grouped(self) -> float:
        return self.rate("grouped")

    def meets_targets(self) -> bool:
        return self.found >= 0.95 and self.grouped >= 0.95 and not self.code_headings and self.nothing_lost

    def summary(self, examples: int = 4) -> str:
        """A few lines for a report: rates overall and per channel, failures with examples."""
        channels = [ch for ch in CHANNELS if any(c.channel == ch for c in self.copies)]
        out = [f"{self.book}: {len(self.copies)} chapter copies -> {self.documents} documents, "
               f"prepared in {self.seconds:.1f} s ({', '.join(f'{k} {v:.1f}' for k, v in self.stages.items())})",
               f"  chapters found {self.found:.0%}, grouped across channels {self.grouped:.0%}, "
               f"code lines as headings {len(self.code_headings)}, nothing lost: {'yes' if self.nothing_lost else 'NO'}"]
        for ch in channels:
            out.append(f"  {ch:8s} found {self.rate('found', ch):4.0%}  grouped {self.rate('grouped', ch):4.0%}")
        verdicts = Counter(c.verdict for c in self.copies if c.verdict != "found")
        for verdict, n in verdicts.most_common():
            shown = [c for c in self.copies if c.verdict == verdict][:examples]
            detail = "; ".join(f"ch{c.chapter} {c.channel} cov {c.coverage:.0%} in {c.segments} seg"
                               + (f", +{c.intrusion:.0%} of ch{c.intruder}" if c.intruder else "") for c in shown)
            out.append(f"  {verdict}: {n} ({detail})")
        if self.code_headings:
            out.append(f"  code as headings e.g. {self.code_headings[:examples]}")
        if self.code_verbatim < 1.0 or self.code_removed:
            out.append(f"  code blocks kept verbatim {self.code_verbatim:.0%}, code lines removed as noise "
                       f"{self.code_removed}")
        if not self.nothing_lost:
            out.append(f"  lost: {self.lost_message[:200]}")
        if self.schema_problem:
            out.append(f"  (edition.json schema: {_SPACE.sub(' ', self.schema_problem)[:160]})")
        out.append(f"  most frequent titles: {self.top_titles[:6]}")
        return "\n".join(out)


def _norm(text: str) -> str:
    return _SPACE.sub("", text)


def _witnesses(edition: Edition) -> dict[str, list[tuple[int, int, int]]]:
    """file -> sorted (first line, last line, document index) of every witness."""
    by_file: dict[str, list[tuple[int, int, int]]] = {}
    for d, doc in enumerate(edition.documents):
        for w in doc.witnesses:
            span = w.segment.span
            by_file.setdefault(span.source, []).append((span.first_line, span.last_line, d))
    for spans in by_file.values():
        spans.sort()
    return by_file


def _inside(lines: list[int], first: int, last: int) -> int:
    return bisect.bisect_right(lines, last) - bisect.bisect_left(lines, first)


def judge_copies(edition: Edition, copies: list[CopySpan]) -> list[CopyResult]:
    """Found/lost/split/merged for each copy, and whether each chapter's copies share a document."""
    by_file = _witnesses(edition)
    body = {id(c): c.body_lines for c in copies}
    same_file: dict[str, list[CopySpan]] = {}
    for c in copies:
        same_file.setdefault(c.file, []).append(c)
    results = []
    for copy in copies:
        lines = body[id(copy)]
        overlapping = [(first, last, d) for first, last, d in by_file.get(copy.file, [])
                       if last >= copy.first_line and first <= copy.last_line and _inside(lines, first, last)]
        if not lines or not overlapping:
            results.append(CopyResult(copy.chapter, copy.channel, copy.file, "lost", None, 0.0))
            continue
        first, last, d = max(overlapping, key=lambda s: (_inside(lines, s[0], s[1]), -(s[1] - s[0])))
        coverage = _inside(lines, first, last) / len(lines)
        intruder, intrusion = None, 0.0
        for other in same_file[copy.file]:
            if other.chapter != copy.chapter and body[id(other)]:
                share = _inside(body[id(other)], first, last) / len(body[id(other)])
                if share > intrusion:
                    intruder, intrusion = other.chapter, share
        verdict = ("split" if coverage < FOUND_SHARE else "merged" if intrusion >= INTRUSION_SHARE else "found")
        results.append(CopyResult(copy.chapter, copy.channel, copy.file, verdict, d, coverage,
                                  intruder if intrusion else None, intrusion, len(overlapping)))
    by_chapter: dict[int, list[CopyResult]] = {}
    for r in results:
        by_chapter.setdefault(r.chapter, []).append(r)
    for group in by_chapter.values():
        together = all(r.verdict == "found" for r in group) and len({r.document for r in group}) == 1
        for r in group:
            r.grouped = together
    return results


def code_headings(edition: Edition, corpus: BookCorpus) -> list[str]:
    """Titles and heading paragraphs of the edition that are lines of the book's code blocks."""
    headings = {_norm(c.heading) for c in corpus.book.chapters}
    headings |= {_norm(b.text) for c in corpus.book.chapters for b in c.blocks if b.kind == "heading"}
    code = {_norm(line) for c in corpus.book.chapters for line in c.code_lines} - headings - {""}
    found = [doc.title for doc in edition.documents if _norm(doc.title) in code]
    found += [p.text for doc in edition.documents for p in doc.paragraphs
              if p.role in ("title", "subtitle", "heading") and _norm(p.text) in code]
    return found


def code_kept(edition: Edition, corpus: BookCorpus) -> tuple[float, int]:
    """(share of code blocks standing verbatim as consecutive paragraphs, code lines removed whole)."""
    blocks = ["\n".join(line.strip() for line in b.lines if line.strip())
              for c in corpus.book.chapters for b in c.blocks if b.kind == "code"]
    blocks = [b for b in blocks if b]
    if not blocks:
        return 1.0, 0
    canonical = "\n\n".join("\n" + "\n".join(p.text.strip() for p in doc.paragraphs) + "\n"
                              for doc in edition.documents)
    kept = sum(1 for b in blocks if f"\n{b}\n" in canonical)
    code = {line.strip() for c in corpus.book.chapters for line in c.code_lines if line.strip()}
    removed = sum(1 for r in edition.removed if r.text.strip() in code)
    return kept / len(blocks), removed


def nothing_lost(edition: Edition) -> tuple[bool, str, str]:
    """(every character accounted for, why not, schema problem) for `edition`.

    `assert_accounted` checks edition.json against its schema before it counts characters; a
    schema that lags behind a field added elsewhere would then hide whether anything was lost, so
    on a schema failure the characters are counted here too and the schema problem reported apart.
    """
    data = edition_json(edition)
    texts = {s.file: "\n".join(s.lines) for s in edition.sources}
    try:
        assert_accounted(data, texts)
    except AssertionError as error:
        message = str(error)
        if not message.startswith("edition.json"):
            return False, message, ""
        missing = _unaccounted(data, texts)
        return not missing, missing, message
    return True, "", ""


def _unaccounted(data: dict[str, Any], texts: dict[str, str]) -> str:
    """What `assert_accounted` counts, without its schema check: "" or the first file that differs."""
    accounted: dict[str, Counter[str]] = {file: Counter() for file in texts}
    for removal in data["removed"]:
        accounted.setdefault(removal["source"], Counter()).update(non_space_chars(removal["text"]))
    for doc in data["documents"]:
        for witness in doc["witnesses"]:
            for _line, text in witness_lines(data, doc["id"], witness["siglum"]):
                accounted.setdefault(witness["source"], Counter()).update(non_space_chars(text))
    for file, text in texts.items():
        expected = non_space_chars(text)
        if accounted[file] != expected:
            return f"{file}: missing {expected - accounted[file]}, extra {accounted[file] - expected}"
    return ""


def grade_book(edition: Edition, timings: Timings, corpus: BookCorpus) -> BookGrade:
    """Grade `edition`, prepared from `corpus.files`, against the corpus's truth."""
    ok, why, schema = nothing_lost(edition)
    titles = Counter(doc.title for doc in edition.documents)
    verbatim, removed = code_kept(edition, corpus)
    return BookGrade(corpus.book.name, judge_copies(edition, corpus.copies), len(edition.documents),
                     code_headings(edition, corpus), ok, why, timings.total,
                     {name: seconds for name, seconds in timings.stages}, titles.most_common(10), schema,
                     verbatim, removed)
