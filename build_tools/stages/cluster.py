"""Stage 4, cluster: group segments that are copies of one document into works.

Segments are compared on folded text (`fold_text`: punctuation and whitespace dropped, width
folded, Traditional folded to Simplified with OpenCC) cut into character n-gram shingles, each
kept as a 64-bit hash (`shingle_hashes`, vectorised with numpy). Two segments are copies of one
work when

- the smaller one's shingles are at least `CONTAINMENT` contained in the larger one's, and
- they share at least `MIN_SHARED_SHINGLES` shingles that are not boilerplate.

Containment, not similarity, so a truncated copy or one that lacks its opening still finds its
whole. Boilerplate shingles are those found in more than `BOILERPLATE_SHARE` of all segments (and
in at least three): greetings, slogans and closing formulas that different documents share.

Candidate pairs come from an inverted index held as a sparse segment-by-shingle matrix: its
product with its transpose counts the shingles every pair shares, in C, a block of rows at a time.
On large corpora (more pair work than `PAIR_BUDGET`) only the shingles whose hash is divisible by
a power of two are indexed, a consistent sample that estimates containment; segments too short
to be sampled reliably are always compared on all their shingles. Every candidate is then
verified exactly, and copies are joined transitively (union-find).
"""

from __future__ import annotations

import hashlib
import unicodedata
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from scipy import sparse

from build_tools.records import Segment, Work

SHINGLE = 5  # characters per shingle: long enough to be specific in Chinese, short enough for damaged copies
CONTAINMENT = 0.6  # share of the smaller copy's shingles found in the larger one
MIN_SHARED_SHINGLES = 40  # about 40 characters of text in common, beyond boilerplate
BOILERPLATE_SHARE = 0.2  # a shingle in more than this share of segments is boilerplate
EXHAUSTIVE_BELOW = 60  # with fewer segments every pair is simply verified
PAIR_BUDGET = 200_000_000  # shared-shingle counts worth computing exactly; beyond it, sample
SAMPLED_CONTAINMENT = 0.4  # candidate threshold on a sample (below CONTAINMENT: recall first)
MIN_SAMPLED = 24  # a segment with fewer sampled shingles is compared on all of them
BLOCK_CELLS = 4_000_000  # rows x segments of shared counts held at once

Hashes = npt.NDArray[np.uint64]

@lru_cache(maxsize=1)
def _t2s() -> object:
    import opencc

    return opencc.OpenCC("t2s.json")


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    """One character folded for comparison: width folded, Traditional to Simplified (length kept)."""
    if "\uff01" <= ch <= "\uff5e":
        ch = chr(ord(ch) - 0xFEE0)
    if ch >= "\u3400":
        converted = str(_t2s().convert(ch))  # type: ignore[attr-defined]
        if len(converted) == 1:
            return converted
    return ch


class _FoldTable(dict[int, str]):
    """str.translate table for `fold_text`, filled in one character at a time as they are met."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = fold_char(ch) if unicodedata.category(ch)[0] in "LN" else ""
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold_text(text: str) -> str:
    """Text as compared by clustering: letters, digits and CJK only, folded."""
    return text.translate(_FOLD_TABLE)


def shingles(text: str, size: int = SHINGLE) -> frozenset[str]:
    """The shingles themselves (for tests and explanations; clustering uses their hashes)."""
    if len(text) < size:
        return frozenset({text}) if text else frozenset()
    return frozenset(text[i:i + size] for i in range(len(text) - size + 1))


_BASE = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)


def shingle_hashes(text: str, size: int = SHINGLE) -> Hashes:
    """Sorted distinct 64-bit hashes of the text's shingles (same text, same hashes, on any machine)."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    size = min(size, len(codes))  # a text shorter than a shingle is one shingle
    count = len(codes) - size + 1 if size else 0
    hashes = np.zeros(count, dtype=np.uint64)
    for k in range(size):  # polynomial rolling hash, wrapping at 2**64
        hashes = hashes * _BASE + codes[k:k + count]
    # Mix the bits so that the low ones, used for sampling, depend on every character.
    hashes ^= hashes >> np.uint64(31)
    hashes *= _MIX
    hashes ^= hashes >> np.uint64(29)
    hashes.sort()
    keep = np.ones(len(hashes), dtype=bool)
    keep[1:] = hashes[1:] != hashes[:-1]
    return hashes[keep]


def segment_shingles(segment: Segment) -> Hashes:
    return shingle_hashes(fold_text("".join(b.text for b in segment.body)))


def boilerplate(items: list[Hashes]) -> Hashes:
    """Shingle hashes found in more than BOILERPLATE_SHARE of the segments (and in at least three)."""
    if not items:
        return np.zeros(0, dtype=np.uint64)
    values, counts = np.unique(np.concatenate(items), return_counts=True)
    limit = max(3, int(BOILERPLATE_SHARE * len(items)))
    return values[counts > limit]


def are_copies(a: Hashes, b: Hashes, common: Hashes | None = None) -> bool:
    """The exact test: containment of the smaller in the larger, and enough specific text shared."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if not len(small):
        return False
    shared = np.intersect1d(small, large, assume_unique=True)
    specific = len(shared)
    if common is not None and len(common):
        specific -= len(np.intersect1d(shared, common, assume_unique=True))
    if specific < MIN_SHARED_SHINGLES:
        return False
    return len(shared) / len(small) >= CONTAINMENT


def _incidence(items: list[Hashes]) -> sparse.csr_matrix:
    """Segment-by-shingle 0/1 matrix (columns: the distinct hashes, in sorted order)."""
    if not items or not sum(len(h) for h in items):
        return sparse.csr_matrix((len(items), 0), dtype=np.int32)
    flat = np.concatenate(items)
    _, column = np.unique(flat, return_inverse=True)
    rows = np.repeat(np.arange(len(items)), [len(h) for h in items])
    return sparse.csr_matrix((np.ones(len(flat), dtype=np.int32), (rows, column)),
                             shape=(len(items), int(column.max()) + 1))


def _pair_work(items: list[Hashes]) -> int:
    """Cost of the exact shared counts: the sum over shingles of (segments holding it) squared."""
    if not items:
        return 0
    _, counts = np.unique(np.concatenate(items), return_counts=True)
    return int((counts.astype(np.int64) ** 2).sum())


def _shared_pairs(matrix: sparse.csr_matrix, rows: npt.NDArray[np.int64], columns_ok: npt.NDArray[np.bool_],
                  min_shared: float, min_share: float) -> set[tuple[int, int]]:
    """Pairs (row, other) whose shared count passes both thresholds, other among `columns_ok`."""
    sizes = np.asarray(matrix.sum(axis=1)).ravel()
    transposed = matrix.T.tocsr()
    n = matrix.shape[0]
    step = max(1, BLOCK_CELLS // max(1, n))
    pairs: set[tuple[int, int]] = set()
    for start in range(0, len(rows), step):
        block = rows[start:start + step]
        shared = (matrix[block] @ transposed).toarray()
        smaller = np.minimum(sizes[block][:, None], sizes[None, :])
        ok = (shared >= min_shared) & (shared >= min_share * smaller) & columns_ok[None, :]
        ok[np.arange(len(block)), block] = False
        for r, other in zip(*np.nonzero(ok), strict=True):
            i, j = int(block[r]), int(other)
            pairs.add((min(i, j), max(i, j)))
    return pairs


def candidate_pairs(items: list[Hashes]) -> set[tuple[int, int]]:
    """Pairs (i, j), i < j, that may be copies (a superset of the pairs `are_copies` accepts)."""
    n = len(items)
    if n < EXHAUSTIVE_BELOW:
        return {(i, j) for i in range(n) for j in range(i + 1, n)}
    everyone = np.ones(n, dtype=bool)
    work = _pair_work(items)
    if work <= PAIR_BUDGET:  # exact counts: the thresholds are necessary conditions
        return _shared_pairs(_incidence(items), np.arange(n), everyone, MIN_SHARED_SHINGLES, CONTAINMENT)
    rate = 1
    while work // rate > PAIR_BUDGET and rate < 1 << 10:
        rate *= 2
    mask = np.uint64(rate - 1)
    sampled = [h[(h & mask) == 0] for h in items]
    reliable = np.array([len(s) >= MIN_SAMPLED for s in sampled])
    # Reliable pairs on the sample; every pair with a short segment on all its shingles.
    pairs = _shared_pairs(_incidence(sampled), np.flatnonzero(reliable), reliable, 2, SAMPLED_CONTAINMENT)
    short = np.flatnonzero(~reliable)
    if len(short):
        pairs |= _shared_pairs(_incidence(items), short, everyone, MIN_SHARED_SHINGLES, CONTAINMENT)
    return pairs


def cluster_segments(segments: tuple[Segment, ...]) -> tuple[Work, ...]:
    """Group segments into works; each work's segments are in source order, works in first-seen order."""
    items = [segment_shingles(s) for s in segments]
    common = boilerplate(items) if len(items) >= 10 else None
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in sorted(candidate_pairs(items)):
        if find(i) != find(j) and are_copies(items[i], items[j], common):
            parent[find(j)] = find(i)
    groups: dict[int, list[Segment]] = {}
    for i, segment in enumerate(segments):
        groups.setdefault(find(i), []).append(segment)
    return tuple(Work(tuple(group)) for group in groups.values())


def fingerprint(text: str) -> str:
    """A short hash of folded text (used for stable ids)."""
    return hashlib.sha1(fold_text(text).encode("utf-8")).hexdigest()[:8]
