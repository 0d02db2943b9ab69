"""Postings: for every character bigram of the keys, where it stands; for every character, which pages.

A bigram's list holds, page by page (in page order), how often it stands there and, unless the
bigram is frequent, each place: unit and position in the unit's key. Overlapping bigrams at
consecutive positions spell a phrase exactly, so a phrase is found from postings alone, without
reading any text. A frequent bigram (more than `frequent` places) keeps its pages and counts only:
its places would cost more to download than they are worth, and the rarer bigrams of a query place
the phrase. A single character's list (unigram) always has pages and counts only.

Lists are grouped into shards by a hash of the gram (FNV-1a over its code points, the same in
`search.js`), so a query downloads the few shards its grams fall in.

Numbers are written as base-32 digits in ASCII, most significant first: a final digit from
`FINAL`, the ones before it from `MORE` (so `5` is "5" and `100` is "Z4"). Per page: the gap to
the previous page minus one, the count minus one; then per place: the unit minus the previous
place's unit (the first place: the unit), and the position (minus the previous position minus one
when the unit is the same). A list of pages only starts with "~".

Built with numpy over all units at once (in batches of shards, to bound memory).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["FINAL", "MORE", "Posting", "fnv1a", "gram_shards", "postings"]

FINAL = "0123456789ABCDEFGHIJKLMNOPQRSTUV"
MORE = "WXYZabcdefghijklmnopqrstuvwxyz-_"
_FINAL = np.frombuffer(FINAL.encode("ascii"), dtype=np.uint8)
_MORE = np.frombuffer(MORE.encode("ascii"), dtype=np.uint8)
_SHIFT = 21  # code points fit in 21 bits; a bigram is (first << 21) | second
_UNIGRAM = np.int64(1) << 42  # marks a single character's gram
_MASK = (1 << _SHIFT) - 1
_BATCH_ROWS = 2_000_000  # rows sorted at once (bounds memory on very large editions)

Array = npt.NDArray[np.int64]
Small = npt.NDArray[np.int32]


@dataclass(frozen=True)
class Posting:
    """One gram's list, encoded, and the shard it goes into."""

    gram: str
    shard: int
    encoded: str


def fnv1a(codes: Sequence[int]) -> int:
    """FNV-1a (32 bits) over code points: the shard hash of a gram (as `search.js` computes it)."""
    h = 2166136261
    for c in codes:
        h = ((h ^ c) * 16777619) & 0xFFFFFFFF
    return h


def _fnv_vector(first: Array, second: Array | None) -> Array:
    h = ((np.int64(2166136261) ^ first) * 16777619) & 0xFFFFFFFF
    if second is not None:
        h = ((h ^ second) * 16777619) & 0xFFFFFFFF
    return h


def gram_shards(grams: Array, shards: int) -> Array:
    """The shard of each gram id (bigram or unigram)."""
    unigram = (grams & _UNIGRAM) != 0
    first = np.where(unigram, grams & _MASK, (grams >> _SHIFT) & _MASK)
    h1 = _fnv_vector(first, None)
    h2 = _fnv_vector(first, grams & _MASK)
    return np.where(unigram, h1, h2) % shards


def _varint(numbers: Array) -> tuple[str, Array]:
    """All numbers written one after the other; the offset of each number's first character."""
    digits = np.ones(len(numbers), dtype=np.int64)
    limit = 32
    while True:
        more = numbers >= limit
        if not more.any():
            break
        digits += more
        limit *= 32
    offsets = np.cumsum(digits) - digits
    out = np.empty(int(digits.sum()), dtype=np.uint8)
    for k in range(int(digits.max()) if len(digits) else 0):
        has = digits > k
        digit = (numbers[has] >> (5 * k)) & 31
        at = offsets[has] + digits[has] - 1 - k
        out[at] = (_FINAL if k == 0 else _MORE)[digit]
    return out.tobytes().decode("ascii"), offsets


def _encode(gram: Array, page: Array, unit: Array, pos: Array, frequent: int) -> tuple[Array, list[str]]:
    """The gram ids and their encoded lists, from rows of (gram, page, unit, position) in text order."""
    order = np.argsort(gram, kind="stable")  # rows come in (page, unit, position) order: keep it per gram
    gram, page, unit, pos = gram[order], page[order], unit[order], pos[order]
    n = len(gram)
    if n == 0:
        return gram, []
    new_gram = np.ones(n, dtype=bool)
    new_gram[1:] = gram[1:] != gram[:-1]
    new_page = new_gram.copy()
    new_page[1:] |= page[1:] != page[:-1]
    gram_starts = np.flatnonzero(new_gram)
    gram_sizes = np.diff(np.append(gram_starts, n))
    placed = (gram_sizes <= frequent) & ((gram[gram_starts] & _UNIGRAM) == 0)
    row_placed = np.repeat(placed, gram_sizes)
    page_starts = np.flatnonzero(new_page)
    page_counts = np.diff(np.append(page_starts, n))
    previous_page = np.full(len(page_starts), -1, dtype=np.int64)
    follows = ~new_gram[page_starts]
    previous_page[follows] = page[page_starts[follows] - 1]
    same_unit = np.zeros(n, dtype=bool)
    same_unit[1:] = (~new_page[1:]) & (unit[1:] == unit[:-1])
    unit_delta = unit.copy()
    unit_delta[1:] = np.where(new_page[1:], unit[1:], unit[1:] - unit[:-1])
    pos_code = pos.copy()
    pos_code[1:] = np.where(same_unit[1:], pos[1:] - pos[:-1] - 1, pos[1:])
    per_row = 2 * new_page.astype(np.int64) + 2 * row_placed.astype(np.int64)
    first_number = np.cumsum(per_row) - per_row
    numbers = np.empty(int(per_row.sum()), dtype=np.int64)
    numbers[first_number[page_starts]] = page[page_starts] - previous_page - 1
    numbers[first_number[page_starts] + 1] = page_counts - 1
    rows = np.flatnonzero(row_placed)
    at = first_number[rows] + 2 * new_page[rows]
    numbers[at] = unit_delta[rows]
    numbers[at + 1] = pos_code[rows]
    text, offsets = _varint(numbers)
    char_start = np.append(offsets, len(text))
    number_start = np.append(first_number, len(numbers))
    bounds = char_start[number_start[np.append(gram_starts, n)]].tolist()
    flags = placed.tolist()
    encoded = [text[bounds[g]:bounds[g + 1]] if flags[g] else "~" + text[bounds[g]:bounds[g + 1]]
               for g in range(len(gram_starts))]
    return gram[gram_starts], encoded


def _gram_string(gram: int) -> str:
    if gram & int(_UNIGRAM):
        return chr(gram & _MASK)
    return chr((gram >> _SHIFT) & _MASK) + chr(gram & _MASK)


def _chunk_grams(units: Sequence[tuple[int, int, str]], shards: int) -> tuple[Array, Array, Small, Small, Small]:
    """(gram, shard, page, unit, position) of every bigram and character of some units, in text order."""
    lengths = np.fromiter((len(k) for _, _, k in units), dtype=np.int64, count=len(units))
    pages = np.fromiter((p for p, _, _ in units), dtype=np.int32, count=len(units))
    numbers = np.fromiter((u for _, u, _ in units), dtype=np.int32, count=len(units))
    codes = np.frombuffer("".join(k for _, _, k in units).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    row_unit = np.repeat(np.arange(len(units), dtype=np.int32), lengths)
    ends = np.cumsum(lengths)
    pos = (np.arange(len(codes), dtype=np.int64) - np.repeat(ends - lengths, lengths)).astype(np.int32)
    last = np.zeros(len(codes), dtype=bool)
    last[ends - 1] = True
    pair = np.flatnonzero(~last)
    # Bigrams first, then characters: within each, rows stay in (page, unit, position) order.
    grams = np.concatenate(((codes[pair] << _SHIFT) | codes[pair + 1], codes | _UNIGRAM))
    rows = np.concatenate((pair, np.arange(len(codes))))
    owner = row_unit[rows]
    return grams, gram_shards(grams, shards), pages[owner], numbers[owner], pos[rows]


def postings(units: Sequence[tuple[int, int, str]], shards: int, frequent: int) -> Iterator[Posting]:
    """Every gram's list, from (page, unit, key) triples in page order; grams with no place are left out.

    Memory stays bounded on very large groups: the units are read in chunks, and the grams are
    gathered and encoded for one range of shards at a time (each range reads the chunks again).
    """
    units = [u for u in units if u[2]]
    chunks, size, start = [], 0, 0
    for i, (_, _, key) in enumerate(units):
        size += len(key)
        if size >= _BATCH_ROWS // 2:
            chunks.append(units[start:i + 1])
            size, start = 0, i + 1
    if start < len(units):
        chunks.append(units[start:])
    rows = 2 * sum(len(k) for _, _, k in units)
    batches = max(1, -(-rows // _BATCH_ROWS))
    step = -(-shards // batches)
    for low in range(0, shards, step):
        parts = []
        for chunk in chunks:
            grams, shard, page, unit, pos = _chunk_grams(chunk, shards)
            pick = (shard >= low) & (shard < low + step)
            parts.append((grams[pick], page[pick], unit[pick], pos[pick]))
        if not parts:
            continue
        g, pg, un, ps = (np.concatenate([part[i] for part in parts]) for i in range(4))
        ids, encoded = _encode(g, pg.astype(np.int64), un.astype(np.int64), ps.astype(np.int64), frequent)
        for gram, shard_id, body in zip(ids.tolist(), gram_shards(ids, shards).tolist(), encoded, strict=True):
            yield Posting(_gram_string(gram), shard_id, body)
