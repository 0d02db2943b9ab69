"""A gram's encoded list changed page by page, without reading the other pages' text.

A list (`postings` format) is a run of page entries: the gap to the previous page, the count, and,
when the list is placed, the places. Only the gap depends on another page, so the entry of a page,
less its gap (a `Segment`: count and places, as written), can be cut out of a list and put in again
after an edit. What cannot be spliced is a list that must gain places it never had (the gram fell
to `frequent` places or fewer): its other pages' places are not in it, and `splice` says so.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence

from build_tools.search.postings import FINAL, MORE, postings

__all__ = ["Unspliceable", "number", "page_segments", "segments", "splice"]

_NUMBER = re.compile(f"[{re.escape(MORE)}]*[{re.escape(FINAL)}]")
_DIGIT = {c: i for i, c in enumerate(FINAL)} | {c: i for i, c in enumerate(MORE)}
_SHARDS = 1  # page_segments needs no shards
_ALWAYS_PLACED = sys.maxsize

Segment = str  # a page's entry less its gap: the count, then the places when the list has them


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


def _read(token: str) -> int:
    value = 0
    for ch in token:
        value = value * 32 + _DIGIT[ch]
    return value


def segments(encoded: str) -> list[tuple[int, Segment]]:
    """(page, segment) of every page of a list, in page order."""
    placed = not encoded.startswith("~")
    body = encoded if placed else encoded[1:]
    spans = [m.span() for m in _NUMBER.finditer(body)]
    out, page, i = [], -1, 0
    while i < len(spans):
        page += _read(body[spans[i][0]:spans[i][1]]) + 1
        count = _read(body[spans[i + 1][0]:spans[i + 1][1]]) + 1
        last = i + 1 + (2 * count if placed else 0)
        out.append((page, body[spans[i + 1][0]:spans[last][1]]))
        i = last + 1
    return out


def _count(segment: Segment) -> int:
    match = _NUMBER.match(segment)
    assert match is not None
    return _read(match.group()) + 1


def page_segments(keys: Sequence[tuple[int, str]]) -> dict[str, Segment]:
    """The segment of every gram of one page, from its (unit, key) pairs; bigrams with their places."""
    out = {}
    for p in postings([(0, unit, key) for unit, key in keys], _SHARDS, _ALWAYS_PLACED):
        out[p.gram] = p.encoded.removeprefix("~")[1:]  # the gap of page 0 is "0"
    return out


def splice(gram: str, encoded: str | None, changes: Iterable[tuple[int, Segment | None]], frequent: int) -> str | None:
    """The list `encoded` (None: no list yet) with the segments of some pages replaced (None: removed);
    None when no page holds the gram any more.

    `changes` segments carry places (`page_segments`). Raises `Unspliceable` when the list must be
    placed and a page it keeps was stored without places.
    """
    entries = dict(segments(encoded)) if encoded is not None else {}
    had_places = encoded is None or not encoded.startswith("~")
    kept = set(entries)
    for page, segment in changes:
        kept.discard(page)
        if segment is None:
            entries.pop(page, None)
        else:
            entries[page] = segment
    if not entries:
        return None
    counts = {page: _count(segment) for page, segment in entries.items()}
    placed = len(gram) == 2 and sum(counts.values()) <= frequent
    if placed and not had_places and kept:
        raise Unspliceable(gram)
    out = [] if placed else ["~"]
    previous = -1
    for page in sorted(entries):
        out.append(number(page - previous - 1))
        out.append(entries[page] if placed else number(counts[page] - 1))
        previous = page
    return "".join(out)
