"""A gram's encoded list changed page by page, without reading the other pages' text.

A list (`postings` format) is a run of page entries: the gap to the previous page, the count, and,
when the list is placed, the places. Only the gap depends on another page, so the entry of a page,
less its gap (a `Segment`: count and places, as written), can be cut out of a list and put in again
after an edit; the text between the pages that changed is copied as it stands, and only the gap
after each change is written again. A list is read with numpy (a frequent character's list runs
over thousands of pages). What cannot be spliced is a list that must gain places it never had
(the gram fell to `frequent` places or fewer): its other pages' places are not in it, and `splice`
says so.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from build_tools.search.postings import FINAL, MORE, postings

__all__ = ["Unspliceable", "number", "page_segments", "splice"]

_SHARDS = 1  # page_segments needs no shards
_ALWAYS_PLACED = sys.maxsize
_DIGIT = np.zeros(128, dtype=np.int64)  # character code -> digit value
_DIGIT[np.frombuffer(FINAL.encode("ascii"), dtype=np.uint8)] = np.arange(32)
_DIGIT[np.frombuffer(MORE.encode("ascii"), dtype=np.uint8)] = np.arange(32)
_IS_FINAL = np.zeros(128, dtype=bool)
_IS_FINAL[np.frombuffer(FINAL.encode("ascii"), dtype=np.uint8)] = True

Segment = str  # a page's entry less its gap: the count, then the places when the list has them
Ints = npt.NDArray[np.int64]


class Unspliceable(Exception):
    """A list that splicing cannot make: it needs places of pages it never held."""


def number(value: int) -> str:
    """A number as `postings` writes it."""
    out = FINAL[value & 31]
    value >>= 5
    while value:
        out = MORE[value & 31] + out
        value >>= 5
    return out


def _numbers(body: str) -> tuple[Ints, Ints]:
    """The numbers written in `body` and the offset just past each."""
    chars = np.frombuffer(body.encode("ascii"), dtype=np.uint8)
    ends = np.flatnonzero(_IS_FINAL[chars]) + 1
    starts = np.empty_like(ends)
    starts[:1] = 0
    starts[1:] = ends[:-1]
    digits = _DIGIT[chars]
    if int((ends - starts).max(initial=1)) == 1:
        return digits, ends
    # Each digit times 32 to the power of the digits after it in its number, summed per number.
    after = np.repeat(ends, ends - starts) - 1 - np.arange(len(chars))
    return np.add.reduceat(digits << (5 * after), starts), ends


def _entries(body: str, placed: bool) -> tuple[Ints, Ints, Ints, Ints]:
    """Per page entry of a list body: page, count, offset of its gap, offset of its segment."""
    values, ends = _numbers(body)
    if placed:
        # An entry runs over 2 + 2 * count numbers: follow them from the first.
        following = (np.arange(len(values)) + 4 + 2 * np.append(values[1:], 0)).tolist()
        first, at, size = [], 0, len(values)
        while at < size:
            first.append(at)
            at = following[at]
        index = np.array(first, dtype=np.int64)
    else:
        index = np.arange(0, len(values), 2)
    pages = np.cumsum(values[index] + 1) - 1
    begins = np.append(0, ends)
    return pages, values[index + 1] + 1, begins[index], begins[index + 1]


def page_segments(keys: Sequence[tuple[int, str]]) -> dict[str, Segment]:
    """The segment of every gram of one page, from its (unit, key) pairs; bigrams with their places."""
    out = {}
    for p in postings([(0, unit, key) for unit, key in keys], _SHARDS, _ALWAYS_PLACED):
        out[p.gram] = p.encoded.removeprefix("~")[1:]  # the gap of page 0 is "0"
    return out


def _count_of(segment: Segment) -> tuple[int, str]:
    """A segment's count and the count as written."""
    end = next(i for i, ch in enumerate(segment) if ch in FINAL) + 1
    value = 0
    for ch in segment[:end]:
        value = value * 32 + (FINAL.index(ch) if ch in FINAL else MORE.index(ch))
    return value + 1, segment[:end]


def splice(gram: str, encoded: str | None, changes: Iterable[tuple[int, Segment | None]], frequent: int) -> str | None:
    """The list `encoded` (None: no list yet) with the segments of some pages replaced (None: removed);
    None when no page holds the gram any more.

    `changes` segments carry places (`page_segments`). Raises `Unspliceable` when the list must be
    placed and a page it keeps was stored without places.
    """
    had_places = encoded is None or not encoded.startswith("~")
    body = (encoded or "").removeprefix("~")
    pages, counts, gap_at, segment_at = _entries(body, had_places)
    segment_end = np.append(gap_at[1:], len(body))
    new = dict(changes)
    changed = np.isin(pages, np.fromiter(new, dtype=np.int64, count=len(new)))
    kept_pages = int(np.count_nonzero(~changed))
    written = {page: _count_of(segment) for page, segment in new.items() if segment is not None}
    if not kept_pages and not written:
        return None
    total = int(counts[~changed].sum()) + sum(count for count, _ in written.values())
    placed = len(gram) == 2 and total <= frequent
    if placed and not had_places and kept_pages:
        raise Unspliceable(gram)
    out = [] if placed else ["~"]
    if placed != had_places:  # places dropped from every page: write each entry again
        entries = {int(p): number(int(c) - 1) for p, c in zip(pages[~changed], counts[~changed], strict=True)}
        for page, segment in new.items():
            if segment is not None:
                entries[page] = segment if placed else written[page][1]
        previous = -1
        for page in sorted(entries):
            out += (number(page - previous - 1), entries[page])
            previous = page
        return "".join(out)
    previous, entry = -1, 0  # the last page written; the first old entry not yet copied
    for page in sorted(new):
        upto = int(np.searchsorted(pages, page))  # old entries before this page are copied as they stand
        if entry < upto:
            out += (number(int(pages[entry]) - previous - 1), body[segment_at[entry]:segment_end[upto - 1]])
            previous = int(pages[upto - 1])
        entry = upto + 1 if upto < len(pages) and pages[upto] == page else upto
        segment = new[page]
        if segment is not None:
            out += (number(page - previous - 1), segment if placed else written[page][1])
            previous = page
    if entry < len(pages):
        out += (number(int(pages[entry]) - previous - 1), body[segment_at[entry]:])
    return "".join(out)
