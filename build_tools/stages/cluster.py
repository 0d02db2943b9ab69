"""Stage 4, cluster: group segments that are copies of one document into works.

Segments are compared on folded text (`fold_text`: punctuation and whitespace dropped, width
folded, Traditional folded to Simplified with OpenCC) cut into character n-gram shingles, each
kept as a 64-bit hash (`shingle_hashes`, vectorised with numpy). Two segments are copies of one
work when

- the smaller one's shingles are at least `containment` contained in the larger one's, and
- they share at least `min_shared_shingles` shingles that are not boilerplate.

Containment, not similarity, so a truncated copy or one that lacks its opening still finds its
whole. Boilerplate shingles are those found in more than `boilerplate_share` of the documents (and
in at least three): greetings, slogans and closing formulas that different documents share.

Candidate pairs come from an inverted index held as a sparse segment-by-shingle matrix: its
product with its transpose counts the shingles every pair shares, in C, a block of rows at a time.
On large corpora (more pair work than `pair_budget`) only the shingles whose hash is divisible by
a power of two are indexed, a consistent sample that estimates containment; segments too short
to be sampled reliably are always compared on all their shingles. Every candidate is then
verified exactly, on the shingle sets and on the order of the text (`ordered_containment`).

First, whole copies (each holds most of the other, in order) are joined transitively
(`join_whole_copies`, union-find); the groups they form are the documents over which boilerplate is
counted, so a text copied a hundred times is not its own boilerplate. Then a part (a truncated
copy, a fragment) joins only the group it fits best (`find_matches`, `links`): documents that share
a few sentences would otherwise be chained together through a short piece that holds them.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

from build_tools.records import Segment, Work
from build_tools.settings import DEFAULT_CLUSTER, ClusterConfig
from build_tools.text import fold_text

Hashes = npt.NDArray[np.uint64]

def shingles(text: str, size: int = DEFAULT_CLUSTER.shingle) -> frozenset[str]:
    """The shingles themselves (for tests and explanations; clustering uses their hashes)."""
    if len(text) < size:
        return frozenset({text}) if text else frozenset()
    return frozenset(text[i:i + size] for i in range(len(text) - size + 1))


_BASE = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)


def shingle_sequence(text: str, size: int = DEFAULT_CLUSTER.shingle) -> Hashes:
    """64-bit hashes of the text's shingles in text order (same text, same hashes, on any machine)."""
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
    return hashes


def _distinct(sequence: Hashes) -> Hashes:
    hashes = np.sort(sequence)
    keep = np.ones(len(hashes), dtype=bool)
    keep[1:] = hashes[1:] != hashes[:-1]
    return hashes[keep]


def shingle_hashes(text: str, size: int = DEFAULT_CLUSTER.shingle) -> Hashes:
    """Sorted distinct hashes of the text's shingles."""
    return _distinct(shingle_sequence(text, size))


@dataclass(frozen=True)
class Shingled:
    """A segment's text as clustering sees it: its shingle hashes in order, and as a sorted set."""

    sequence: Hashes
    distinct: Hashes


def segment_shingles(segment: Segment, size: int = DEFAULT_CLUSTER.shingle) -> Shingled:
    sequence = shingle_sequence(fold_text("".join(b.text for b in segment.body)), size)
    return Shingled(sequence, _distinct(sequence))


def ordered_containment(small: Hashes, large: Hashes) -> float:
    """Share of `small`'s shingles found in `large` in the same order (longest increasing run of places).

    Copies keep the order of their text; two documents that merely share sentences share them in
    another order, or only a few of them.
    """
    if not len(small) or not len(large):
        return 0.0
    order = np.argsort(large, kind="stable")
    ranked = large[order]
    index = np.minimum(np.searchsorted(ranked, small), len(large) - 1)
    hit = ranked[index] == small
    places = order[index[hit]].tolist()  # first place in `large` of each shared shingle
    tails: list[int] = []  # patience sorting: tails[k] = smallest end of an increasing run of k + 1
    for place in places:
        k = bisect.bisect_left(tails, place)
        if k == len(tails):
            tails.append(place)
        else:
            tails[k] = place
    return len(tails) / len(small)


def boilerplate(items: list[Hashes], config: ClusterConfig = DEFAULT_CLUSTER) -> Hashes:
    """Shingle hashes found in more than `boilerplate_share` of the items (and in at least three)."""
    if not items:
        return np.zeros(0, dtype=np.uint64)
    values, counts = np.unique(np.concatenate(items), return_counts=True)
    limit = max(3, int(config.boilerplate_share * len(items)))
    return values[counts > limit]


def are_copies(a: Hashes, b: Hashes, common: Hashes | None = None, config: ClusterConfig = DEFAULT_CLUSTER) -> bool:
    """The exact test: containment of the smaller in the larger, and enough specific text shared."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if not len(small):
        return False
    shared = np.intersect1d(small, large, assume_unique=True)
    specific = len(shared)
    if common is not None and len(common):
        specific -= len(np.intersect1d(shared, common, assume_unique=True))
    if specific < config.min_shared_shingles:
        return False
    return len(shared) / len(small) >= config.containment


def _incidence(items: list[Hashes]) -> sparse.csr_matrix:
    """Segment-by-shingle 0/1 matrix (columns: the distinct hashes, in sorted order)."""
    if not items or not sum(len(h) for h in items):
        return sparse.csr_matrix((len(items), 0), dtype=np.int32)
    flat = np.concatenate(items)
    _, column = np.unique(flat, return_inverse=True)
    rows = np.repeat(np.arange(len(items)), [len(h) for h in items])
    return sparse.csr_matrix((np.ones(len(flat), dtype=np.int32), (rows, column)),
                             shape=(len(items), int(column.max()) + 1))


def pair_work(items: list[Hashes]) -> int:
    """Cost of the exact shared counts: the sum over shingles of (segments holding it) squared."""
    if not items:
        return 0
    _, counts = np.unique(np.concatenate(items), return_counts=True)
    return int((counts.astype(np.int64) ** 2).sum())


def _shared_pairs(matrix: sparse.csr_matrix, rows: npt.NDArray[np.int64], columns_ok: npt.NDArray[np.bool_],
                  min_shared: float, min_share: float, block_cells: int) -> set[tuple[int, int]]:
    """Pairs (row, other) whose shared count passes both thresholds, other among `columns_ok`."""
    sizes = np.asarray(matrix.sum(axis=1)).ravel()
    transposed = matrix.T.tocsr()
    n = matrix.shape[0]
    step = max(1, block_cells // max(1, n))
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


def candidate_pairs(items: list[Hashes], config: ClusterConfig = DEFAULT_CLUSTER) -> set[tuple[int, int]]:
    """Pairs (i, j), i < j, that may be copies (a superset of the pairs `are_copies` accepts)."""
    n = len(items)
    if n < config.exhaustive_below:
        return {(i, j) for i in range(n) for j in range(i + 1, n)}
    everyone = np.ones(n, dtype=bool)
    work = pair_work(items)
    if work <= config.pair_budget:  # exact counts: the thresholds are necessary conditions
        return _shared_pairs(_incidence(items), np.arange(n), everyone, config.min_shared_shingles,
                             config.containment, config.block_cells)
    rate = 1
    while work // rate > config.pair_budget and rate < 1 << 10:
        rate *= 2
    mask = np.uint64(rate - 1)
    sampled = [h[(h & mask) == 0] for h in items]
    reliable = np.array([len(s) >= config.min_sampled for s in sampled])
    # Reliable pairs on the sample; every pair with a short segment on all its shingles.
    pairs = _shared_pairs(_incidence(sampled), np.flatnonzero(reliable), reliable, 2, config.sampled_containment,
                          config.block_cells)
    short = np.flatnonzero(~reliable)
    if len(short):
        pairs |= _shared_pairs(_incidence(items), short, everyone, config.min_shared_shingles, config.containment,
                               config.block_cells)
    return pairs


@dataclass(frozen=True)
class Match:
    """A part (a group of whole copies, one of them the smaller segment of a pair) found in another group."""

    part: int  # the group of the smaller segment (named by its first segment)
    whole: int  # the group of the larger segment
    score: float  # ordered containment of the smaller segment in the larger
    part_size: int  # shingles of the smaller segment


class UnionFind:
    """Disjoint sets of segment indexes; a set is named by its smallest member."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def join_whole_copies(items: list[Shingled], pairs: list[tuple[int, int]],
                      config: ClusterConfig = DEFAULT_CLUSTER) -> UnionFind:
    """Join segments that each hold most of the other, in order: whole copies of one document.

    Boilerplate is not needed here: two documents that share 60 % of their text both ways are copies.
    A pair already joined through others is not compared again (hundreds of copies of one text stay fast).
    """
    whole = UnionFind(len(items))
    for i, j in pairs:
        a, b = items[i].distinct, items[j].distinct
        small, large = (i, j) if (len(a), i) <= (len(b), j) else (j, i)
        n_small, n_large = len(items[small].distinct), len(items[large].distinct)
        if n_small < config.containment * n_large or whole.find(i) == whole.find(j):
            continue
        shared = len(np.intersect1d(a, b, assume_unique=True))
        if (shared >= config.min_shared_shingles and shared >= config.containment * n_large
                and ordered_containment(items[small].sequence, items[large].sequence) >= config.containment):
            whole.join(i, j)
    return whole


def group_boilerplate(items: list[Shingled], whole: UnionFind,
                      config: ClusterConfig = DEFAULT_CLUSTER) -> Hashes | None:
    """Shingles found in more than `boilerplate_share` of the documents (groups of whole copies), at least 3.

    Counted per document, not per segment, so a text copied many times is not its own boilerplate.
    """
    groups: dict[int, list[Hashes]] = {}
    for i, item in enumerate(items):
        groups.setdefault(whole.find(i), []).append(item.distinct)
    if len(groups) < 10:
        return None
    return boilerplate([_distinct(np.concatenate(g)) if len(g) > 1 else g[0] for g in groups.values()], config)


def find_matches(items: list[Shingled], common: Hashes | None, whole: UnionFind,
                 pairs: list[tuple[int, int]], config: ClusterConfig = DEFAULT_CLUSTER) -> list[Match]:
    """Parts: pairs of segments in different groups of whole copies where the smaller is a copy of part
    of the larger, by shingles and by the order of its text.

    Members of a group are near-identical, so a few matches between two groups tell all: once
    `matches_per_group_pair` are found, the other members of the two groups are not compared.
    """
    distinct = [item.distinct for item in items]
    found: Counter[tuple[int, int]] = Counter()
    matches = []
    for i, j in pairs:
        if whole.find(i) == whole.find(j):
            continue
        small, large = (i, j) if (len(distinct[i]), i) <= (len(distinct[j]), j) else (j, i)
        key = (whole.find(small), whole.find(large))
        if found[key] >= config.matches_per_group_pair or not are_copies(distinct[small], distinct[large], common,
                                                                          config):
            continue
        score = ordered_containment(items[small].sequence, items[large].sequence)
        if score >= config.containment:
            found[key] += 1
            matches.append(Match(key[0], key[1], score, len(distinct[small])))
    return matches


def links(matches: list[Match], config: ClusterConfig = DEFAULT_CLUSTER) -> list[tuple[int, int]]:
    """The groups to join: a part to the group it fits best, and to others only when it fits them as well.

    A part (a truncated copy, a fragment) can be contained in several documents that share some of
    its sentences. Joining it to all of them would chain unrelated documents together, so a part
    joins its best match, and others only when it is long and fits them about as well and nearly
    whole.
    """
    best_of: dict[tuple[int, int], Match] = {}
    for m in matches:
        known = best_of.get((m.part, m.whole))
        if known is None or (m.score, m.part_size) > (known.score, known.part_size):
            best_of[(m.part, m.whole)] = m
    parts: dict[int, list[Match]] = {}
    for m in best_of.values():
        parts.setdefault(m.part, []).append(m)
    joined = []
    for part, candidates in parts.items():
        ranked = sorted(candidates, key=lambda m: (-m.score, m.whole))
        best = ranked[0]
        joined.append((part, best.whole))
        joined.extend((part, m.whole) for m in ranked[1:]
                      if m.part_size >= config.bridge_min_shingles and m.score >= config.strong_match
                      and m.score >= best.score - config.bridge_margin)
    return joined


def cluster_segments(segments: tuple[Segment, ...], config: ClusterConfig = DEFAULT_CLUSTER) -> tuple[Work, ...]:
    """Group segments into works; each work's segments are in source order, works in first-seen order."""
    items = [segment_shingles(s, config.shingle) for s in segments]
    pairs = sorted(candidate_pairs([item.distinct for item in items], config))
    works = join_whole_copies(items, pairs, config)
    common = group_boilerplate(items, works, config)
    for i, j in sorted(links(find_matches(items, common, works, pairs, config), config)):
        works.join(i, j)
    groups: dict[int, list[Segment]] = {}
    for i, segment in enumerate(segments):
        groups.setdefault(works.find(i), []).append(segment)
    return tuple(Work(tuple(group)) for group in groups.values())

