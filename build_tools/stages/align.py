"""Anchored character alignment of two texts, near-linear in their length.

Chinese has no spaces, so we align characters. Anchors are n-grams that occur exactly once in each
text; the longest chain of anchors in the same order in both (a longest increasing subsequence)
pins the texts together, and difflib aligns only the short stretches between anchors. No
quadratic all-pairs alignment of whole texts is ever run: a stretch between anchors that is still
long is aligned again with shorter anchors, and one too long even then is a plain replacement.
"""

from __future__ import annotations

import bisect
from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Literal

Tag = Literal["equal", "replace", "delete", "insert"]
Opcode = tuple[Tag, int, int, int, int]  # as difflib: tag, a1, a2, b1, b2

ANCHOR_SIZES = (12, 6, 3)  # n-gram lengths tried in turn, longest (most specific) first
DIRECT_LIMIT = 250_000  # difflib is used directly when len(a) * len(b) is at most this


@lru_cache(maxsize=64)  # the base text is aligned against every other copy: count its n-grams once
def unique_ngrams(text: str, n: int) -> dict[str, int]:
    """The n-grams that occur exactly once in `text`, with where each stands."""
    grams = [text[i:i + n] for i in range(len(text) - n + 1)]
    counts = Counter(grams)
    return {g: i for i, g in enumerate(grams) if counts[g] == 1}


def _longest_chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest subsequence of (a, b) pairs, sorted by a, whose b also increase (patience sorting)."""
    tails: list[int] = []
    tail_index: list[int] = []
    previous = [-1] * len(pairs)
    bisect_left, append_tail, append_index = bisect.bisect_left, tails.append, tail_index.append
    for i, (_, b) in enumerate(pairs):
        k = bisect_left(tails, b)
        if k == len(tails):
            append_tail(b)
            append_index(i)
        else:
            tails[k] = b
            tail_index[k] = i
        if k:
            previous[i] = tail_index[k - 1]
    chain = []
    i = tail_index[-1] if tail_index else -1
    while i != -1:
        chain.append(pairs[i])
        i = previous[i]
    return chain[::-1]


def _direct(a: str, b: str, a0: int, b0: int) -> list[Opcode]:
    """difflib's opcodes for a short stretch, shifted to where `a` and `b` start (`a0`, `b0`)."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return [(tag, a1 + a0, a2 + a0, b1 + b0, b2 + b0) for tag, a1, a2, b1, b2 in matcher.get_opcodes()]


def _gap(a: str, b: str, a0: int, b0: int, sizes: tuple[int, ...]) -> list[Opcode]:
    """Align a stretch between anchors."""
    if not a and not b:
        return []
    if not a:
        return [("insert", a0, a0, b0, b0 + len(b))]
    if not b:
        return [("delete", a0, a0 + len(a), b0, b0)]
    if len(a) * len(b) <= DIRECT_LIMIT:
        return _direct(a, b, a0, b0)
    if sizes:
        return _anchored(a, b, a0, b0, sizes)
    return [("replace", a0, a0 + len(a), b0, b0 + len(b))]


def _anchored(a: str, b: str, a0: int, b0: int, sizes: tuple[int, ...]) -> list[Opcode]:
    """Pin the texts together at a chain of unique n-grams of length `sizes[0]` and align between them."""
    n, rest = sizes[0], sizes[1:]
    in_a = unique_ngrams(a, n)
    in_b = unique_ngrams(b, n)
    # `in_a` holds its n-grams in the order they stand in `a`: the pairs come sorted by their place in `a`.
    pairs = [(pos, in_b[gram]) for gram, pos in in_a.items() if gram in in_b]
    chain = _longest_chain(pairs)
    ops: list[Opcode] = []
    ia = ib = 0
    for pa, pb in chain:
        if pa < ia or pb < ib:  # overlaps the previous anchor's run
            continue
        ops.extend(_gap(a[ia:pa], b[ib:pb], a0 + ia, b0 + ib, rest))
        # Extend the anchor as far as the texts agree.
        end = 0
        while pa + end < len(a) and pb + end < len(b) and a[pa + end] == b[pb + end]:
            end += 1
        ops.append(("equal", a0 + pa, a0 + pa + end, b0 + pb, b0 + pb + end))
        ia, ib = pa + end, pb + end
    ops.extend(_gap(a[ia:], b[ib:], a0 + ia, b0 + ib, rest))
    return _merge(ops)


def _merge(ops: list[Opcode]) -> list[Opcode]:
    """The opcodes without empty ones, neighbouring "equal" runs joined."""
    merged: list[Opcode] = []
    for op in ops:
        if op[1] == op[2] and op[3] == op[4]:
            continue
        if merged and merged[-1][0] == op[0] == "equal":
            tag, a1, _, b1, _ = merged[-1]
            merged[-1] = (tag, a1, op[2], b1, op[4])
        else:
            merged.append(op)
    return merged


def align(a: str, b: str) -> list[Opcode]:
    """Opcodes (as difflib's) turning `a` into `b`, covering both texts from start to end."""
    return _gap(a, b, 0, 0, ANCHOR_SIZES)
