"""What is done to a copy, and how a collector's file looks.

Every file has a style (paragraph gap, PDF line width and page numbers, indentation, Word bookmarks,
masked digits, encoding, line ends) and every copy its own damage: a cut (truncation, a missing
opening), doubled, substituted and omitted characters, masked digits, PDF line breaks inside
paragraphs (sometimes doubling the character at the break) and page-number lines between them.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

from build_tools.records import Coverage
from build_tools.rules import structure
from tests.corpora.pool import OPENERS, SENTENCE, Pool

PAGE_FORMATS = ("- {n} -", "第 {n} 页", "{n}")
DATE_FORMATS = ("（{y}年{m}月{d}日）", "({y}年{m}月{d}日)", "{y}年{m}月{d}日")


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


def draw_style(rng: random.Random) -> Style:
    """A file's style, in the proportions the seeds and collectors' habits suggest."""
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


def is_break_point(text: str, i: int) -> bool:
    """May a line start at text[i]? Not before punctuation (no line starts with it in print)."""
    return 0 < i < len(text) and (unicodedata.category(text[i])[0] in "LN" or text[i] in OPENERS)


def cut(rng: random.Random, text: str, coverage: Coverage) -> tuple[int, int]:
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


def coverage_of(start: int, end: int, total: int) -> Coverage:
    """The coverage of a copy keeping text[start:end] of `total` characters."""
    lacks, truncated = start > 0, end < total
    return "fragment" if lacks and truncated else "lacks-opening" if lacks else "truncated" if truncated \
        else "complete"


def draw_coverage(rng: random.Random) -> Coverage:
    """The coverage a copy is cut to (`cut` may still keep it whole): four copies in five are complete."""
    r = rng.random()
    return "truncated" if r < 0.12 else "lacks-opening" if r < 0.19 else "fragment" if r < 0.2 else "complete"


def damage_chars(rng: random.Random, text: str, pool: Pool) -> tuple[str, int, list[str]]:
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


def mask_digits(rng: random.Random, text: str, chance: float) -> tuple[str, int]:
    """Runs of digits masked with `chance` each (as 2000 -> 20_ or XXXX); the text and the characters masked."""
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


def pdf_lines(rng: random.Random, paragraph: str, width: int) -> tuple[list[str], int]:
    """A paragraph as PDF extraction leaves it: lines of about `width` characters, never starting with
    punctuation; now and then the character at a break is written twice. Returns the lines and the
    number of doubled characters."""
    pieces: list[str] = []
    start = 0
    while len(paragraph) - start > width:
        end = start + width
        while end < len(paragraph) and not is_break_point(paragraph, end):
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


class Writer:
    """The lines of one file, with page-number lines dropped in as a PDF extraction leaves them."""

    def __init__(self, rng: random.Random, style: Style) -> None:
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


def encode(text: str, style: Style) -> bytes:
    """A file's text in its style's line ends and encoding."""
    text = text.replace("\n", style.newline)
    if style.encoding == "utf-16":
        return text.encode("utf-16")  # with its byte-order mark
    return text.encode(style.encoding)


def paragraph_lines(rng: random.Random, paragraph: str, style: Style) -> tuple[list[tuple[str, int]], int]:
    """A paragraph as a copy's lines, each with the blank lines before it: broken at a PDF's width (with
    characters doubled at breaks: their count is returned), or whole, or (a stray break) in two."""
    if style.pdf_width:
        pieces, doubled = pdf_lines(rng, paragraph, style.pdf_width)
        return [(line, 1 if i and rng.random() < style.blank_in_break else 0) for i, line in enumerate(pieces)], doubled
    lines = [(paragraph, 0)]
    if rng.random() < style.stray_break:
        points = [i for i in range(20, len(paragraph) - 5) if is_break_point(paragraph, i)]
        if points:
            p = rng.choice(points)
            lines = [(paragraph[:p], 0), (paragraph[p:], rng.choice((0, 1)))]
    return lines, 0
