"""Scale: a seeded corpus generator made of the seeds' real sentences, and a benchmark on it.

`python -m build_tools.scale [--sizes 250,500,1000,2000] [--out DIR] [--keep] [--no-site] [--seed S]`

The generator (`generate_corpus`) reads the seeds through the project's own read and clean stages
and splits their paragraphs into sentences at 。！？ (`sentence_pool`). Each true document is a title
(a real title-like line of the seeds, or the first clause of its first sentence), an optional real
date line, and paragraphs of shuffled real sentences (300–3000 characters). A document that shares
more than a quarter of its text with an earlier one is drawn again (best of 30 draws: with about 900
sentences in the seeds, at N=2000 a hundred pairs of documents still share 25–35 %). No text is
invented: damage is the only change.

Each document is copied into 1–5 witnesses, each in a different source file, several documents
per file, separated the way the seeds separate them (blank lines, a title line, sometimes a date
line). Every file has a style (paragraph gap, PDF line width and page numbers, indentation, Word
bookmarks, masked digits, encoding, line ends) and every copy its own damage: PDF line breaks inside
paragraphs (sometimes with a blank line, sometimes doubling the character at the break), doubled,
substituted and omitted characters, truncation, a missing opening, masked digits, page-number lines,
bookmarks before titles. A few copies stand inside a short notice that forwards them (现将讲话全文转发,
then three blank lines), as in the seeds. The truth (`truth.json` beside the corpus) gives every true
document's id, text and witnesses (file, first line, last line, coverage). Same seed and size, same
bytes (`random.Random` seeded with a string; no set iteration).

The benchmark generates a corpus per size, runs `prepare_edition` in a fresh subprocess (peak memory
from `os.wait4`), compares the grouping with the truth (`grouping_report`) and builds one edition with
`mkdocs build` (READER_NESTED=1). Progress goes to stderr, the table to stdout.
"""

from __future__ import annotations

import argparse
import bisect
import cProfile
import hashlib
import io
import itertools
import json
import math
import os
import pstats
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from build_tools.bench import copy_project
from build_tools.pipeline import load_folder, prepare_edition, render
from build_tools.records import Edition
from build_tools.rules import structure
from build_tools.stages.clean import clean_source
from build_tools.stages.cluster import fold_text
from build_tools.stages.read import read_sources

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEFAULT_SIZES = (250, 500, 1000, 2000)
DEFAULT_SEED = 1

SENTENCE = re.compile(r"[^。！？]*[。！？]+[”’」』）)]*")
CLAUSE_END = re.compile(r"[，。；：！？、,;:!?]")
OPENERS = "“‘「『《（("
MIN_SENTENCE, MAX_SENTENCE = 10, 200
MIN_BODY, MAX_BODY = 300, 3000  # characters of a document's text
MAX_SHARED = 0.25  # share of the smaller document's text two documents should not exceed (redrawn)
COPIES = ((1, 12), (2, 20), (3, 33), (4, 20), (5, 15))  # (witnesses, weight): about 3 per document
NOTICE_SHARE = 0.03  # share of the documents that are notices forwarding a copy of another
WITNESSES_PER_FILE = 8
PAGE_FORMATS = ("- {n} -", "第 {n} 页", "{n}")
DATE_FORMATS = ("（{y}年{m}月{d}日）", "({y}年{m}月{d}日)", "{y}年{m}月{d}日")

Coverage = Literal["complete", "truncated", "lacks-opening", "fragment"]


# --- the sentence pool ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Pool:
    """What documents are made of: real sentences and lines of the cleaned seeds."""

    sentences: tuple[str, ...]
    titles: tuple[str, ...]  # title-like lines of the seeds usable as a document's title
    salutations: tuple[str, ...]  # 同志们： …
    addressees: tuple[str, ...]  # 所属各部门： …
    forwarding: str  # the seeds' sentence that forwards a speech (现将讲话全文转发)
    characters: str  # the seeds' CJK characters, for substitutions
    text: str  # the cleaned seeds, block texts joined by "\n": every piece used is a substring of it


def good_title(text: str) -> bool:
    """A line that reads as a title on its own and that cleaning cannot glue to the next line.

    Titles with clause punctuation (a comma) or ending on a particle are left out: after such a line a
    reader cannot tell a title from a broken paragraph either.
    """
    return (6 <= len(text) <= 39 and structure.looks_like_title(text)
            and not structure.NUMBERED_HEADING.match(text) and not structure.is_prose_fragment(text)
            and not structure.TITLE_CONTINUES.search(text) and not structure.DOC_NUMBER.match(text)
            and not structure.ISSUER_LETTERHEAD.match(text) and not structure.PERSON_NAME.match(text)
            and not structure.is_subtitle(text) and not structure.is_addressee(text)
            and not structure.FORWARDING.search(text) and text == text.strip())


def _usable_sentence(text: str) -> bool:
    first = text[:1]
    return (MIN_SENTENCE <= len(text) <= MAX_SENTENCE and bool(first)
            and (unicodedata.category(first)[0] in "LN" or first in OPENERS)
            and not structure.CLOSING_FORMULA.match(text) and not structure.FORWARDING.search(text)
            and "\u3000" not in text)


def _ngrams(text: str, n: int = 6) -> list[str]:
    return [text[i:i + n] for i in range(max(1, len(text) - n + 1))]


@lru_cache(maxsize=4)
def sentence_pool(seed_dir: Path = SEEDS) -> Pool:
    """Read and clean the seeds with the project's stages; split paragraphs into sentences.

    A sentence is kept once, and only when at least half its 6-grams are new: the seeds hold one
    speech in five damaged copies, and near-identical sentences would make unrelated documents look
    like copies of each other.
    """
    sources, _ = read_sources(load_folder(seed_dir))
    blocks = [b.text for s in sources for b in clean_source(s).blocks]
    sentences: list[str] = []
    seen: set[str] = set()
    titles: list[str] = []
    salutations: list[str] = []
    addressees: list[str] = []
    forwarding = ""
    for text in blocks:
        if good_title(text) and text not in titles:
            titles.append(text)
        if structure.SALUTATION.match(text) and len(text) <= 12 and text not in salutations:
            salutations.append(text)
        if (structure.is_addressee(text) and len(text) <= 20 and not structure.SALUTATION.match(text)
                and "，" not in text and text not in addressees):
            addressees.append(text)
        for m in SENTENCE.finditer(text):
            sentence = m.group().strip()
            if not forwarding and "现将讲话全文转发" in sentence:
                forwarding = sentence
            if not _usable_sentence(sentence):
                continue
            grams = _ngrams(fold_text(sentence))
            if sum(g in seen for g in grams) * 2 > len(grams):
                continue
            seen.update(grams)
            sentences.append(sentence)
    if not forwarding or not sentences or not titles:
        raise ValueError(f"the seeds in {seed_dir} lack sentences, titles or a forwarding notice")
    joined = "\n".join(blocks)
    characters = "".join(sorted({c for c in joined if structure.is_cjk(c)}))
    return Pool(tuple(sentences), tuple(titles), tuple(salutations) or ("同志们：",),
                tuple(addressees) or ("所属各部门：",), forwarding, characters, joined)


# --- true documents -------------------------------------------------------------------------------


@dataclass
class TrueWitness:
    """Where one copy of a true document was written, and what was done to it."""

    file: str
    first_line: int  # the copy's title line (1-based)
    body_first_line: int  # the first line of its text, after title and date lines
    last_line: int  # its last line of text
    coverage: Coverage
    covers: tuple[int, int]  # the stretch of the document's text it has (offsets into `text`)
    edits: int  # single-character edits made (an upper bound of the edit distance to the original)
    embedded_in: str | None = None  # id of the true document (a notice) it stands inside
    damage: list[str] = field(default_factory=list)


@dataclass
class TrueDocument:
    """A document as the generator made it: its original text and its copies."""

    id: str
    kind: Literal["document", "notice"]
    title: str
    date: str | None  # ISO date, when the document has one
    paragraphs: list[str]
    copies: int
    witnesses: list[TrueWitness] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def _first_clause(sentence: str) -> str:
    return CLAUSE_END.split(sentence, maxsplit=1)[0]


def _pick_title(rng: random.Random, pool: Pool, sentences: list[str]) -> str:
    """A seed title (a third of the time), else the first clause of a sentence moved to the front."""
    if rng.random() >= 0.3:
        for k, sentence in enumerate(sentences):
            clause = _first_clause(sentence)
            if len(clause) <= 30 and good_title(clause):
                sentences.insert(0, sentences.pop(k))
                return clause
    return rng.choice(pool.titles)


def _paragraphs(rng: random.Random, sentences: list[str]) -> list[str]:
    result = []
    i = 0
    while i < len(sentences):
        take = rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5))
        result.append("".join(sentences[i:i + take]))
        i += take
    return result


class _Composer:
    """Draws documents of shuffled sentences, redrawing any that shares too much with earlier ones."""

    def __init__(self, rng: random.Random, pool: Pool, avoid: Sequence[int] = ()) -> None:
        self.rng = rng
        self.pool = pool
        self.usable = [i for i in range(len(pool.sentences)) if i not in set(avoid)]
        self.docs_of: dict[int, list[int]] = {}  # sentence -> documents using it
        self.sizes: list[int] = []  # characters of each document's sentences

    def _draw(self, low: int, high: int, share: float | None = None) -> list[int]:
        share = self.rng.random() if share is None else share
        target = int(math.exp(math.log(low) + share * (math.log(high) - math.log(low))))
        chosen: list[int] = []
        taken: set[int] = set()
        total = 0
        tries = 0
        while total < target and tries < 10 * len(self.usable):
            tries += 1
            k = self.usable[self.rng.randrange(len(self.usable))]
            size = len(self.pool.sentences[k])
            if k in taken or total + size > high:
                continue
            chosen.append(k)
            taken.add(k)
            total += size
        return chosen

    def _overlap(self, chosen: list[int]) -> float:
        total = sum(len(self.pool.sentences[k]) for k in chosen)
        shared: Counter[int] = Counter()
        for k in chosen:
            for d in self.docs_of.get(k, ()):
                shared[d] += len(self.pool.sentences[k])
        return max((n / max(1, min(total, self.sizes[d])) for d, n in shared.items()), default=0.0)

    def compose(self, low: int = MIN_BODY, high: int = MAX_BODY, share: float | None = None) -> list[str]:
        """A document's sentences; its length is log-uniform in [low, high], at quantile `share` if given."""
        best: tuple[float, list[int]] | None = None
        for _ in range(30):
            chosen = self._draw(low, high, share)
            overlap = self._overlap(chosen)
            if best is None or overlap < best[0]:
                best = (overlap, chosen)
            if overlap <= MAX_SHARED:
                break
        assert best is not None
        chosen = best[1]
        doc = len(self.sizes)
        self.sizes.append(sum(len(self.pool.sentences[k]) for k in chosen))
        for k in chosen:
            self.docs_of.setdefault(k, []).append(doc)
        return [self.pool.sentences[k] for k in chosen]


def _date(rng: random.Random) -> str | None:
    if rng.random() < 0.5:
        return None
    day = rng.randrange(366)
    month, rest = 1, day
    for length in (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31):
        if rest < length:
            break
        rest -= length
        month += 1
    return f"2020-{month:02d}-{rest + 1:02d}"


def _spread(values: Sequence[int], weights: Sequence[int], n: int) -> list[int]:
    """n values in the proportions of their weights (largest remainders first)."""
    total = sum(weights)
    exact = [w * n / total for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(values)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in by_remainder[: n - sum(counts)]:
        counts[i] += 1
    return [v for v, c in zip(values, counts, strict=True) for _ in range(c)]


def _documents(rng: random.Random, pool: Pool, n_docs: int) -> list[TrueDocument]:
    forwarding = pool.sentences.index(pool.forwarding) if pool.forwarding in pool.sentences else -1
    composer = _Composer(rng, pool, avoid=(forwarding,))
    n_notices = max(1, round(NOTICE_SHARE * n_docs)) if n_docs >= 10 else 0
    docs: list[TrueDocument] = []
    counts, weights = zip(*COPIES, strict=True)
    # Lengths and copy counts are spread evenly over their distributions (in random order), not drawn
    # independently: corpora of different sizes then differ in size only, which the scaling ratios need.
    n_plain = n_docs - n_notices
    shares = [(k + 0.5) / n_plain for k in range(n_plain)]
    rng.shuffle(shares)
    copy_counts = _spread(counts, weights, n_plain)
    rng.shuffle(copy_counts)
    for k in range(n_plain):
        sentences = composer.compose(share=shares[k])
        title = _pick_title(rng, pool, sentences)
        paragraphs = _paragraphs(rng, sentences)
        if rng.random() < 0.15:
            paragraphs.insert(0, rng.choice(pool.salutations))
        copies = copy_counts[k]
        docs.append(TrueDocument(f"t{k + 1:05d}", "document", title, _date(rng), paragraphs, copies))
    hosts = [d for d in docs if d.copies >= 2]
    for k in range(min(n_notices, len(hosts))):
        sentences = composer.compose(250, 700)
        title = _pick_title(rng, pool, sentences)
        paragraphs = [rng.choice(pool.addressees), *_paragraphs(rng, sentences), pool.forwarding]
        docs.append(TrueDocument(f"n{k + 1:05d}", "notice", title, _date(rng), paragraphs, 1))
    return docs


# --- file styles and damage -----------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """How one collector's file looks."""

    gap: int  # blank lines between paragraphs
    separators: tuple[int, ...]  # blank lines between documents (one drawn per document)
    pdf_width: int  # PDF extraction: paragraphs broken into lines of this many characters (0: not a PDF)
    page_every: int  # PDF: a page-number line after this many lines
    page_format: str
    page_blanks: int  # blank lines around a page-number line
    blank_in_break: float  # PDF: chance a line break inside a paragraph also leaves a blank line
    stray_break: float  # not a PDF: chance a paragraph is broken once mid-sentence
    indent: str  # put before each paragraph ("　　" in web copies)
    bookmarks: float  # chance a title carries a Word bookmark
    mask: float  # chance a run of digits is masked (20_, XX)
    date_format: str
    date_shown: float  # chance a copy keeps its document's date line
    encoding: str
    newline: str


def _style(rng: random.Random) -> Style:
    gap = 0 if rng.random() < 0.55 else 1
    pdf = rng.random() < 0.35
    return Style(
        gap=gap,
        separators=(1, 1, 2, 3) if gap == 0 else (2, 2, 3, 4),
        pdf_width=rng.randint(26, 40) if pdf else 0,
        page_every=rng.randint(30, 45),
        page_format=rng.choice(PAGE_FORMATS),
        page_blanks=rng.choice((0, 0, 1)),
        blank_in_break=0.1 if pdf else 0.0,
        stray_break=0.0 if pdf else 0.03,
        indent="\u3000\u3000" if rng.random() < 0.2 else "",
        bookmarks=0.9 if rng.random() < 0.25 else 0.0,
        mask=0.8 if rng.random() < 0.15 else 0.0,
        date_format=rng.choice(DATE_FORMATS),
        date_shown=rng.choice((0.5, 0.8, 1.0)),
        encoding=rng.choices(("utf-8", "gb18030", "utf-8-sig", "utf-16"), (82, 10, 5, 3))[0],
        newline="\r\n" if rng.random() < 0.15 else "\n",
    )


def _is_break_point(text: str, i: int) -> bool:
    """May a line start at text[i]? Not before punctuation (no line starts with it in print)."""
    return 0 < i < len(text) and (unicodedata.category(text[i])[0] in "LN" or text[i] in OPENERS)


def _cut(rng: random.Random, text: str, coverage: Coverage) -> tuple[int, int]:
    """The stretch (start, end) of the text a copy keeps."""
    start, end = 0, len(text)
    if coverage in ("lacks-opening", "fragment"):
        lo, hi = 12, int(0.4 * len(text))
        if rng.random() < 0.5:  # from a paragraph's start
            points = [m.end() for m in re.finditer("\n", text[:hi]) if m.end() >= lo]
        else:  # from a sentence's start
            points = [m.end() for m in SENTENCE.finditer(text[:hi]) if lo <= m.end() < hi]
        points = [p for p in points if p < len(text) and text[p] != "\n"]
        start = rng.choice(points) if points else 0
    if coverage in ("truncated", "fragment"):
        point = int(rng.uniform(0.5, 0.9) * len(text))
        if rng.random() < 0.6:  # at a sentence's end
            ends = [m.end() for m in SENTENCE.finditer(text) if start < m.end() <= point]
            end = ends[-1] if ends else len(text)
        else:  # anywhere, as a web page or a scan that stops mid-sentence
            while point > start and not structure.is_cjk(text[point - 1]):
                point -= 1
            end = point
        if len(text) - end < 12:
            end = len(text)
    if end - start < max(250, 0.4 * len(text)):
        return 0, len(text)
    return start, end


def _damage_chars(rng: random.Random, text: str, pool: Pool) -> tuple[str, int, list[str]]:
    """Doubled, substituted and omitted single characters, never two within 4 characters."""
    level = rng.random()
    if level < 0.45:
        return text, 0, []
    count = rng.randint(1, 3) if level < 0.85 else max(3, len(text) // 150)
    chars = list(text)
    places: list[int] = []
    kinds: list[str] = []
    for _ in range(count * 3):
        if len(places) == count:
            break
        p = rng.randrange(1, max(2, len(chars) - 1))
        if not structure.is_cjk(chars[p]) or any(abs(p - q) < 5 for q in places):
            continue
        places.append(p)
    for p in sorted(places, reverse=True):
        kind = rng.choices(("substitution", "omission", "doubled"), (45, 30, 25))[0]
        kinds.append(kind)
        if kind == "substitution":
            chars[p] = rng.choice(pool.characters.replace(chars[p], ""))
        elif kind == "omission":
            chars[p] = ""
        else:
            chars[p] = chars[p] * 2
    return "".join(chars), len(places), sorted(set(kinds))


def _mask_digits(rng: random.Random, text: str, chance: float) -> tuple[str, int]:
    edits = 0

    def mask(m: re.Match[str]) -> str:
        nonlocal edits
        digits = m.group()
        if rng.random() >= chance:
            return digits
        edits += len(digits)
        if len(digits) >= 3 and rng.random() < 0.5:
            return digits[:2] + "_"  # as 2000 -> 20_ in the seeds
        return rng.choice(("_", "X")) * len(digits)

    return re.sub(r"[0-9]+", mask, text), edits


def _pdf_lines(rng: random.Random, paragraph: str, width: int) -> tuple[list[str], int]:
    """A paragraph as PDF extraction leaves it: lines of about `width` characters, never starting with
    punctuation; now and then the character at a break is written twice. Returns the lines and the
    number of doubled characters."""
    pieces: list[str] = []
    start = 0
    while len(paragraph) - start > width:
        end = start + width
        while end < len(paragraph) and not _is_break_point(paragraph, end):
            end += 1
        if end >= len(paragraph) - 1:
            break
        pieces.append(paragraph[start:end])
        start = end
    pieces.append(paragraph[start:])
    lines = [pieces[0]]
    doubled = 0
    for piece in pieces[1:]:
        if structure.is_cjk(lines[-1][-1]) and rng.random() < 0.03:
            piece = lines[-1][-1] + piece
            doubled += 1
        lines.append(piece)
    return lines, doubled


class _Writer:
    """The lines of one file, with page-number lines dropped in as a PDF extraction leaves them."""

    def __init__(self, rng: random.Random, style: Style) -> None:
        self.rng = rng
        self.style = style
        self.lines: list[str] = [""] * rng.choice((0, 0, 1, 2, 4))
        self.since_page = 0
        self.page = rng.randint(1, 30)

    def blank(self, count: int) -> None:
        self.lines.extend([""] * count)

    def content(self, text: str) -> int:
        """Append a line of text; return its 1-based line number."""
        style = self.style
        if style.pdf_width and self.since_page >= style.page_every:
            self.blank(style.page_blanks)
            self.lines.append(style.page_format.format(n=self.page))
            self.blank(style.page_blanks)
            self.page += 1
            self.since_page = 0
        self.lines.append(text)
        self.since_page += 1
        return len(self.lines)


def _write_copy(rng: random.Random, writer: _Writer, doc: TrueDocument, pool: Pool, file: str,
                coverage: Coverage, plain: bool = False) -> TrueWitness:
    """Write one damaged copy of a document; return where it stands."""
    style = writer.style
    damage: list[str] = []
    text = doc.text
    start, end = (0, len(text)) if plain else _cut(rng, text, coverage)
    coverage = _coverage(start, end, len(text))
    if coverage != "complete":
        damage.append(coverage)
    kept = text[start:end]
    edits = 0
    if not plain:
        kept, edits, kinds = _damage_chars(rng, kept, pool)
        damage.extend(kinds)
        if style.mask:
            kept, masked = _mask_digits(rng, kept, style.mask)
            edits += masked
            if masked:
                damage.append("masked-digits")
    title = doc.title
    if rng.random() < style.bookmarks:
        marks = rng.choice((1, 1, 2))
        title = "".join(f"[bookmark: _Toc{rng.randint(10**7, 10**8 - 1)}]" for _ in range(marks)) + title
        damage.append("bookmark")
    elif rng.random() < 0.03:
        title = " " + title  # a stray space, as copy-paste leaves
    first = writer.content(title)
    if doc.date and rng.random() < style.date_shown:
        y, m, d = (int(x) for x in doc.date.split("-"))
        writer.blank(style.gap)
        writer.content(style.date_format.format(y=y, m=m, d=d))
        damage.append("date-line")
    body_first = 0
    last = first
    breaks = 0
    for n, paragraph in enumerate(p for p in kept.split("\n") if p):
        writer.blank(style.gap)
        if style.pdf_width:
            pieces, doubled = _pdf_lines(rng, paragraph, style.pdf_width)
            lines = [(line, 1 if i and rng.random() < style.blank_in_break else 0)
                     for i, line in enumerate(pieces)]
            edits += doubled
            if doubled:
                damage.append("doubled-at-break")
        else:
            lines = [(paragraph, 0)]
            if rng.random() < style.stray_break:
                points = [i for i in range(20, len(paragraph) - 5) if _is_break_point(paragraph, i)]
                if points:
                    p = rng.choice(points)
                    lines = [(paragraph[:p], 0), (paragraph[p:], rng.choice((0, 1)))]
        breaks += len(lines) - 1
        for i, (line, blanks) in enumerate(lines):
            writer.blank(blanks)
            number = writer.content((style.indent if i == 0 else "") + line)
            if n == 0 and i == 0:
                body_first = number
            last = number
    if breaks:
        damage.append("line-breaks")
    return TrueWitness(file, first, body_first or first, last, coverage, (start, end), edits,
                       None, damage)


def _coverage(start: int, end: int, total: int) -> Coverage:
    lacks, truncated = start > 0, end < total
    return "fragment" if lacks and truncated else "lacks-opening" if lacks else "truncated" if truncated \
        else "complete"


def _draw_coverage(rng: random.Random) -> Coverage:
    r = rng.random()
    return "truncated" if r < 0.12 else "lacks-opening" if r < 0.19 else "fragment" if r < 0.2 else "complete"


# --- the corpus -----------------------------------------------------------------------------------


@dataclass
class Corpus:
    """Generated source files ({name: bytes}) and the truth about them."""

    files: dict[str, bytes]
    documents: list[TrueDocument]
    styles: dict[str, Style]
    seed: int

    @property
    def witnesses(self) -> list[TrueWitness]:
        return [w for d in self.documents for w in d.witnesses]

    def truth(self) -> dict[str, Any]:
        """The truth as JSON data: every true document with its text and where its copies stand."""
        return {
            "version": 1,
            "seed": self.seed,
            "documents": [{"id": d.id, "kind": d.kind, "title": d.title, "date": d.date, "text": d.text,
                           "witnesses": [asdict(w) for w in d.witnesses]} for d in self.documents],
            "files": [{"file": name, **asdict(style)} for name, style in self.styles.items()],
        }

    def write(self, folder: Path, truth_file: Path | None = None) -> None:
        """Write the sources into `folder` and the truth beside it (folder/../truth.json by default)."""
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in self.files.items():
            (folder / name).write_bytes(data)
        target = truth_file or folder.parent / "truth.json"
        target.write_text(json.dumps(self.truth(), ensure_ascii=False, indent=1), encoding="utf-8")


def generate_corpus(n_docs: int, seed: int = DEFAULT_SEED, pool: Pool | None = None) -> Corpus:
    """`n_docs` true documents (a few of them notices forwarding a copy) in about 3 copies each."""
    pool = pool or sentence_pool()
    rng = random.Random(f"reader-edition-scale:{seed}:{n_docs}")
    docs = _documents(rng, pool, n_docs)
    main = [d for d in docs if d.kind == "document"]
    notices = [d for d in docs if d.kind == "notice"]
    hosted = {h.id: n for n, h in zip(notices, rng.sample([d for d in main if d.copies >= 2], len(notices)),
                                       strict=True)}
    total = sum(d.copies for d in main)
    n_files = max(5, round(total / WITNESSES_PER_FILE))
    names = [f"{i:04d}_{rng.getrandbits(32):08x}.txt" for i in range(n_files)]
    styles = {name: _style(rng) for name in names}
    units: dict[str, list[tuple[TrueDocument, int]]] = {name: [] for name in names}
    titles: dict[str, Counter[str]] = {name: Counter() for name in names}
    for doc in main:
        # Each copy in a different file; a title at most twice in a file (three repeats of a short
        # line are a running header to the cleaner, as they would be to a reader).
        eligible = [n for n in names if titles[n][doc.title] < 2]
        if len(eligible) < doc.copies:
            eligible = names
        for copy, name in enumerate(rng.sample(eligible, doc.copies)):
            units[name].append((doc, copy))
            titles[name][doc.title] += 1
    files: dict[str, bytes] = {}
    for name in names:
        style = styles[name]
        rng.shuffle(units[name])
        writer = _Writer(rng, style)
        for k, (doc, copy) in enumerate(units[name]):
            if k:
                writer.blank(rng.choice(style.separators))
            notice = hosted.get(doc.id) if copy == 0 else None
            if notice is not None:
                notice.witnesses.append(_write_copy(rng, writer, notice, pool, name, "complete", plain=True))
                writer.blank(3)
            witness = _write_copy(rng, writer, doc, pool, name, _draw_coverage(rng))
            if notice is not None:
                witness.embedded_in = notice.id
                witness.damage.append("embedded")
            doc.witnesses.append(witness)
        files[name] = _encode("\n".join(writer.lines) + "\n", style)
    for doc in docs:
        doc.witnesses.sort(key=lambda w: (w.file, w.first_line))
    return Corpus(files, docs, styles, seed)


def load_truth(path: Path) -> list[TrueDocument]:
    """The true documents of a corpus written by `Corpus.write` (its truth.json)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    documents = []
    for d in data["documents"]:
        witnesses = [TrueWitness(**{**w, "covers": tuple(w["covers"])}) for w in d["witnesses"]]
        documents.append(TrueDocument(d["id"], d["kind"], d["title"], d["date"], d["text"].split("\n"),
                                      len(witnesses), witnesses))
    return documents


def _encode(text: str, style: Style) -> bytes:
    text = text.replace("\n", style.newline)
    if style.encoding == "utf-16":
        return text.encode("utf-16")  # with its byte-order mark
    return text.encode(style.encoding)


# --- grouping against the truth -------------------------------------------------------------------

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


# --- the benchmark --------------------------------------------------------------------------------


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
    rendered = render(edition)
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
        "rendered_files": len(rendered), "segments": sum(len(d.witnesses) for d in edition.documents),
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
    prepare: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)
    render: float = 0.0
    peak_mib: float = 0.0
    start_mib: float = 0.0
    report: GroupingReport | None = None
    site: float | None = None
    site_peak_mib: float | None = None
    index_kib: float | None = None
    site_failed: str | None = None


def _build_site(work: Path, n: int, timeout: float) -> tuple[float | None, float | None, float | None, str | None]:
    """`mkdocs build` of one edition from the corpus in work/seeds; (seconds, peak MiB, index KiB, error)."""
    copy_project(work, ("mkdocs.yml", "docs", "overrides"))  # the generated corpus is its seeds, uncurated
    env = {**os.environ, "READER_NESTED": "1", "NO_MKDOCS_2_WARNING": "1"}
    log = work / "mkdocs.log"
    _say(f"[N={n}] mkdocs build (one edition, READER_NESTED=1) …")
    code, seconds, peak = _run_measured([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"],
                                        cwd=work, env=env, log=log, timeout=timeout)
    if code != 0:
        if seconds > timeout:
            _say(f"[N={n}] mkdocs build stopped after {seconds:.0f} s (--site-timeout)")
            return None, None, None, f"mkdocs build stopped after {seconds:.0f} s (--site-timeout {timeout:.0f})"
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        return None, None, None, f"mkdocs build failed ({code}): {tail}"
    index = work / "site" / "search" / "search_index.json"
    size = index.stat().st_size / 1024 if index.exists() else None
    _say(f"[N={n}] mkdocs build: {seconds:.1f} s, peak {peak / 1024:.0f} MiB, search index "
         f"{(size or 0) / 1024:.1f} MiB")
    return seconds, peak / 1024, size, None


def run_size(n: int, seed: int, work: Path, site: bool, profile: bool, site_timeout: float = 1800) -> Row:
    """Generate, prepare (subprocess) and optionally build the site for one size."""
    _say(f"[N={n}] generating corpus (seed {seed}) …")
    t = time.perf_counter()
    corpus = generate_corpus(n, seed)
    corpus.write(work / "seeds", work / "truth.json")
    generate = time.perf_counter() - t
    size = sum(len(b) for b in corpus.files.values()) / 2**20
    row = Row(n, len(corpus.files), len(corpus.witnesses), size, generate)
    _say(f"[N={n}] {len(corpus.documents)} documents, {row.witnesses} witnesses in {row.files} files "
         f"({size:.1f} MiB) in {generate:.1f} s")
    _say(f"[N={n}] prepare_edition in a fresh process …")
    result = work / "prepare.json"
    cmd = [sys.executable, "-m", "build_tools.scale", "--child", str(work / "seeds"), str(result)]
    if profile:
        cmd.append("--profile")
    code, _, peak = _run_measured(cmd)
    if code != 0:
        raise SystemExit(f"prepare failed for N={n} (exit {code})")
    data = json.loads(result.read_text(encoding="utf-8"))
    row.prepare, row.render, row.stages = data["prepare"], data["render"], data["stages"]
    row.peak_mib, row.start_mib = peak / 1024, data["rss_start_kib"] / 1024
    _say(f"[N={n}] prepare {row.prepare:.1f} s, render {row.render:.1f} s, peak {row.peak_mib:.0f} MiB")
    row.report = grouping_report([[tuple(w) for w in d] for d in data["documents"]], corpus.documents)
    _say(f"[N={n}] grouping: {row.report.accuracy:.2%} of witnesses correct, "
         f"{row.report.found_documents} documents found / {row.report.true_documents} true")
    if site:
        row.site, row.site_peak_mib, row.index_kib, row.site_failed = _build_site(work, n, site_timeout)
    return row


def _table(rows: list[Row]) -> str:
    head = ("| N | files | witnesses | corpus MiB | prepare s | read / clean+seg / cluster / collate s | render s "
            "| peak MiB | docs found / true | grouped OK | exact spans | pure docs | mkdocs s | mkdocs MiB "
            "| index MiB |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        rep = r.report
        assert rep is not None
        st = r.stages
        stages = " / ".join(f"{st.get(k, 0):.1f}" for k in ("read", "clean+segment", "cluster", "collate"))
        site = f"{r.site:.1f}" if r.site is not None else ("stopped" if r.site_failed else "—")
        site_mib = f"{r.site_peak_mib:.0f}" if r.site_peak_mib is not None else "—"
        index = f"{r.index_kib / 1024:.1f}" if r.index_kib is not None else "—"
        lines.append(
            f"| {r.n} | {r.files} | {r.witnesses} | {r.corpus_mib:.1f} | {r.prepare:.1f} | {stages} | {r.render:.1f} "
            f"| {r.peak_mib:.0f} | {rep.found_documents} / {rep.true_documents} | {rep.accuracy:.2%} "
            f"| {rep.exact_spans / rep.witnesses:.1%} | {rep.pure_documents / max(1, rep.found_documents):.1%} "
            f"| {site} | {site_mib} | {index} |")
    return "\n".join(lines)


def _verdicts(rows: list[Row]) -> list[str]:
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
        out.append(f"N {r.n}: grouping {r.report.accuracy:.2%} (target >= 99%) {'OK' if ok else 'MISSED'}")
        if r.n == 2000:
            out.append(f"N 2000: prepare {r.prepare:.0f} s (target < 120 s) {'OK' if r.prepare < 120 else 'MISSED'}; "
                       f"peak {r.peak_mib:.0f} MiB (target < 2048) {'OK' if r.peak_mib < 2048 else 'MISSED'}")
    return out


def _error_summary(rows: list[Row]) -> list[str]:
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
    parser = argparse.ArgumentParser(prog="python -m build_tools.scale",
                                     description="Generate seeded corpora from the seeds and benchmark the pipeline.")
    parser.add_argument("--sizes", type=_parse_sizes, default=list(DEFAULT_SIZES),
                        help="numbers of true documents, comma-separated (default 250,500,1000,2000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=None, help="work folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora and sites")
    parser.add_argument("--no-site", action="store_true", help="skip the mkdocs build")
    parser.add_argument("--site-timeout", type=float, default=1800, help="stop a mkdocs build after this many seconds")
    parser.add_argument("--profile", action="store_true", help="profile prepare (writes prepare.prof.txt per size)")
    parser.add_argument("--generate-only", action="store_true",
                        help="only write the corpora (OUT/nN/seeds and OUT/nN/truth.json)")
    parser.add_argument("--child", nargs=2, type=Path, metavar=("CORPUS", "RESULT"), help=argparse.SUPPRESS)
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.child:
        _child(args.child[0], args.child[1], args.profile)
        return 0
    base = args.out.resolve() if args.out else Path(tempfile.mkdtemp(prefix="reader-scale-"))
    base.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    rows: list[Row] = []
    try:
        for n in args.sizes:
            work = base / f"n{n}"
            if work.exists():
                shutil.rmtree(work)
            work.mkdir()
            made.append(work)
            if args.generate_only:
                corpus = generate_corpus(n, args.seed)
                corpus.write(work / "seeds", work / "truth.json")
                _say(f"[N={n}] {len(corpus.witnesses)} witnesses in {len(corpus.files)} files written to {work}")
                continue
            rows.append(run_size(n, args.seed, work, not args.no_site, args.profile, args.site_timeout))
    finally:
        if not (args.keep or args.generate_only):
            for work in made:
                shutil.rmtree(work, ignore_errors=True)
            if not args.out:
                shutil.rmtree(base, ignore_errors=True)
        else:
            _say(f"kept in {base}")
    if rows:
        print(_table(rows))
        print()
        print("\n".join(_verdicts(rows)))
        errors = _error_summary(rows)
        if errors:
            print()
            print("\n".join(errors))
        for r in rows:
            if r.site_failed:
                print(f"N {r.n}: {r.site_failed}")
    return 0


def corpus_digest(corpus: Corpus) -> str:
    """One hash of every file's name and bytes and of the truth (for determinism checks)."""
    h = hashlib.sha256()
    for name in sorted(corpus.files):
        h.update(name.encode() + b"\0" + corpus.files[name] + b"\0")
    h.update(json.dumps(corpus.truth(), ensure_ascii=False, sort_keys=True).encode())
    return h.hexdigest()


if __name__ == "__main__":
    sys.exit(main())
