"""Stage 4, cluster: group segments that are copies of one document into works.

Segments are compared on folded text (`fold_text`: punctuation and whitespace dropped, width
folded, Traditional folded to Simplified with OpenCC) cut into character n-gram shingles.
Candidates come from datasketch's MinHash LSH Ensemble, which answers *containment* queries,
so a truncated copy or one that lacks its opening still finds its whole; every candidate pair is
then verified exactly on the shingle sets. Two segments are copies of one work when

- the smaller one's shingles are at least `CONTAINMENT` contained in the larger one's, and
- they share at least `MIN_SHARED_SHINGLES` shingles that are not boilerplate.

Boilerplate shingles are those found in more than `BOILERPLATE_SHARE` of all segments (and in at
least three): greetings, slogans and closing formulas that different documents have in common.
Copies are then joined transitively (union-find).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from build_tools.records import Segment, Work

SHINGLE = 5  # characters per shingle: long enough to be specific in Chinese, short enough for damaged copies
CONTAINMENT = 0.6  # share of the smaller copy's shingles found in the larger one
MIN_SHARED_SHINGLES = 40  # about 40 characters of text in common, beyond boilerplate
BOILERPLATE_SHARE = 0.2  # a shingle in more than this share of segments is boilerplate
NUM_PERM = 128
LSH_THRESHOLD = 0.5  # candidate containment for the LSH Ensemble (below CONTAINMENT: recall first)


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


def fold_text(text: str) -> str:
    """Text as compared by clustering: letters, digits and CJK only, folded."""
    table = {}
    for ch in set(text):
        folded = fold_char(ch) if unicodedata.category(ch)[0] in "LN" else ""
        if folded != ch:
            table[ord(ch)] = folded
    return text.translate(table)


def shingles(text: str, size: int = SHINGLE) -> frozenset[str]:
    if len(text) < size:
        return frozenset({text}) if text else frozenset()
    return frozenset(text[i:i + size] for i in range(len(text) - size + 1))


@dataclass(frozen=True)
class _Item:
    segment: Segment
    shingles: frozenset[str]


def segment_shingles(segment: Segment) -> frozenset[str]:
    return shingles(fold_text("".join(b.text for b in segment.body)))


def _candidates(items: list[_Item]) -> set[tuple[int, int]]:
    """Pairs (i, j), i < j, that may be copies: by LSH Ensemble, or all pairs when few."""
    if len(items) <= 60:
        return {(i, j) for i in range(len(items)) for j in range(i + 1, len(items))}
    from datasketch import MinHash, MinHashLSHEnsemble

    hashes = []
    for item in items:
        m = MinHash(num_perm=NUM_PERM, seed=1)
        m.update_batch([s.encode("utf-8") for s in item.shingles])
        hashes.append(m)
    ensemble = MinHashLSHEnsemble(threshold=LSH_THRESHOLD, num_perm=NUM_PERM, num_part=16)
    ensemble.index([(i, hashes[i], max(1, len(item.shingles))) for i, item in enumerate(items)])
    pairs: set[tuple[int, int]] = set()
    for i, item in enumerate(items):
        for j in ensemble.query(hashes[i], max(1, len(item.shingles))):
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    return pairs


def boilerplate(items: list[_Item]) -> frozenset[str]:
    counts: Counter[str] = Counter(s for item in items for s in item.shingles)
    limit = max(3, int(BOILERPLATE_SHARE * len(items)))
    return frozenset(s for s, n in counts.items() if n > limit)


def are_copies(a: frozenset[str], b: frozenset[str], common: frozenset[str] = frozenset()) -> bool:
    """The exact test: containment of the smaller in the larger, and enough specific text shared."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if not small:
        return False
    shared = small & large
    if len(shared - common) < MIN_SHARED_SHINGLES:
        return False
    return len(shared) / len(small) >= CONTAINMENT


def cluster_segments(segments: tuple[Segment, ...]) -> tuple[Work, ...]:
    """Group segments into works; each work's segments are in source order, works in first-seen order."""
    items = [_Item(s, segment_shingles(s)) for s in segments]
    common = boilerplate(items) if len(items) >= 10 else frozenset()
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in sorted(_candidates(items)):
        if find(i) != find(j) and are_copies(items[i].shingles, items[j].shingles, common):
            parent[find(j)] = find(i)
    groups: dict[int, list[Segment]] = {}
    for i, item in enumerate(items):
        groups.setdefault(find(i), []).append(item.segment)
    return tuple(Work(tuple(group)) for group in groups.values())


def fingerprint(text: str) -> str:
    """A short hash of folded text (used for stable ids)."""
    return hashlib.sha1(fold_text(text).encode("utf-8")).hexdigest()[:8]
