"""The page structure a PDF extraction leaves in a file, and its hard-wrapped lines.

Pages: a page ends with a page number on a line of its own (`noise` rule `pdf-page-number`) and the
next begins, often after a form feed, with a running head (the book's title, the chapter's heading).
The lines at a page's edge (`page_edges`: the nearest line before and after a page number, and the
first line after a form feed) are where running heads and footers stand; the rule `pdf-running-header`
looks for repetition there: a short line that recurs at page edges is furniture, however few pages
the book has, while a line repeated in the running text is not.

Hard wrap: a DocBook or man-page export (and a PDF extraction) breaks every paragraph into lines of
about the same width. `wrap_width` finds that width when enough of a file's lines reach it; a line
that reaches it was broken there, so the cleaner joins the next line to it (unless that line opens a
list item, a heading or code).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from build_tools.rules import noise
from build_tools.settings import DEFAULT_CLEAN, CleanConfig

_NEAR = 3  # blank lines that may stand between a page number and the line beside it


def line_key(text: str) -> str:
    """A line as repetition is counted: without whitespace."""
    return "".join(text.split())


@cache
def _wide() -> re.Pattern[str]:
    """East Asian wide and full-width characters (Unicode's W and F), as one character class."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x1100, 0x40000):
        if unicodedata.east_asian_width(chr(code)) in "WF":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return re.compile("[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]")


def display_width(text: str) -> int:
    """Columns the text takes in a fixed-width export: a CJK (wide) character two, others one."""
    return len(text) + len(_wide().findall(text))


@dataclass(frozen=True)
class Pages:
    """Where a file's pages meet."""

    numbers: frozenset[int] = frozenset()  # lines holding a page number
    edges: frozenset[int] = frozenset()  # lines at a page's edge (beside a page number, after a form feed)
    at_edges: Mapping[str, int] = field(default_factory=dict)  # per line key: how often at an edge


def page_edges(raw: Sequence[str], texts: Sequence[str]) -> Pages:
    """The page numbers and page edges of a file: `raw` lines as read, `texts` as the inline rules left them."""
    numbers = [i for i, t in enumerate(texts) if t and noise.PAGE_NUMBER.match(t)]
    feeds = [i for i, line in enumerate(raw) if "\f" in line]
    if len(numbers) + len(feeds) < 2:
        return Pages()
    number_set = set(numbers)
    edges: set[int] = set()

    def nearest(i: int, step: int) -> int | None:
        j = i + step
        for _ in range(_NEAR + 1):
            if not 0 <= j < len(texts):
                return None
            if texts[j]:
                return None if j in number_set else j
            j += step
        return None

    for i in numbers:
        for step in (-1, 1):
            j = nearest(i, step)
            if j is not None:
                edges.add(j)
    for i in feeds:
        j = i if texts[i] else nearest(i, 1)
        if j is not None and j not in number_set:
            edges.add(j)
    counts = Counter(line_key(texts[i]) for i in edges)
    return Pages(frozenset(numbers), frozenset(edges), dict(counts))


def wrap_width(raw: Sequence[str], skip: frozenset[int] = frozenset(), config: CleanConfig = DEFAULT_CLEAN) -> int:
    """The width (columns) a hard-wrapped file's lines were broken at, or 0 when the file is not wrapped:
    `wrap_share` of its lines (not code) at least `wrap_lines` of them, reach within `wrap_slack` columns
    of the widest usual line, which is at most `wrap_max` columns."""
    # A line longer than `wrap_max` characters is wider than that: its exact width does not matter.
    widths = sorted(display_width(text) if len(text) <= config.wrap_max else len(text)
                    for i, text in enumerate(line.rstrip() for line in raw) if text.strip() and i not in skip)
    if len(widths) < config.wrap_lines:
        return 0
    width = widths[int(len(widths) * 0.95) - 1]
    if width > config.wrap_max:
        return 0
    full = sum(1 for w in widths if width - config.wrap_slack <= w <= width + 2)
    return width if full >= config.wrap_lines and full >= config.wrap_share * len(widths) else 0
