"""Stage cluster's candidate pairs: the pairs of segments worth verifying (`cluster` tells how they are found),
from scratch (`candidate_pairs`, `short_candidates`) or, with a `ClusterCache`, from the last run's and those
the new segments make (`cached_candidates`: the same pairs)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
from scipy import sparse

from build_tools.settings import DEFAULT_CLUSTER, ClusterConfig
from build_tools.stages.cluster_cache import ClusterCache, Postings
from build_tools.stages.shingles import Hashes, Shingled, short_candidates, short_texts

__all__ = ["cached_candidates", "candidate_pairs", "pair_work", "sampling_rate"]


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


def sampling_rate(work: int, config: ClusterConfig = DEFAULT_CLUSTER) -> int:
    """1 when the shared counts can be exact (`work`, from `pair_work`, within `pair_budget`), else the power
    of two such that one shingle in that many (those whose hash it divides) brings the work within it."""
    rate = 1
    while work // rate > config.pair_budget and rate < 1 << 10:
        rate *= 2
    return rate


def candidate_pairs(items: list[Hashes], config: ClusterConfig = DEFAULT_CLUSTER,
                    rate: int | None = None) -> set[tuple[int, int]]:
    """Pairs (i, j), i < j, that may be copies (a superset of the pairs `are_copies` accepts); `rate`: the
    `sampling_rate`, when known."""
    n = len(items)
    if n < config.exhaustive_below:
        return {(i, j) for i in range(n) for j in range(i + 1, n)}
    everyone = np.ones(n, dtype=bool)
    rate = sampling_rate(pair_work(items), config) if rate is None else rate
    if rate == 1:  # exact counts: the thresholds are necessary conditions
        return _shared_pairs(_incidence(items), np.arange(n), everyone, config.min_shared_shingles,
                             min(config.containment, config.damaged_shingles), config.block_cells)
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


def _new_candidates(rows: list[int], items: list[Hashes], ids: list[int], postings: Postings, rate: int,
                    config: ClusterConfig) -> set[tuple[int, int]]:
    """The pairs `candidate_pairs` (at `rate`) finds with a segment at `rows`, from the inverted index of every
    segment's shingles (`postings`, by `ids`): the same thresholds on the same shared counts."""
    n = len(items)
    index = np.full(max(ids) + 1, -1, dtype=np.int64)
    index[ids] = np.arange(n)
    sizes = np.array([len(h) for h in items], dtype=np.int64)
    mask = np.uint64(rate - 1)
    small = np.array([np.count_nonzero((h & mask) == 0) for h in items], dtype=np.int64) if rate > 1 else sizes
    reliable = small >= config.min_sampled
    pairs: set[tuple[int, int]] = set()
    for r in rows:
        holders, keys = postings.holders(items[r])
        at = index[holders]
        shared = np.bincount(at, minlength=n)
        if rate == 1:
            ok = ((shared >= config.min_shared_shingles)
                  & (shared >= min(config.containment, config.damaged_shingles) * np.minimum(sizes[r], sizes)))
        else:
            on_sample = np.bincount(at[(keys & mask) == 0], minlength=n)
            ok = np.where(reliable[r] & reliable,
                          (on_sample >= 2) & (on_sample >= config.sampled_containment * np.minimum(small[r], small)),
                          (shared >= config.min_shared_shingles)
                          & (shared >= config.containment * np.minimum(sizes[r], sizes)))
        ok[r] = False
        pairs.update((min(r, o), max(r, o)) for o in np.flatnonzero(ok).tolist())
    return pairs


def _new_short_candidates(rows: list[int], texts: list[str], grams: Callable[[int], npt.NDArray[np.int64]],
                          config: ClusterConfig) -> set[tuple[int, int]]:
    """The pairs `short_candidates` finds with a text at `rows` (`grams`: a text's `char_pairs`): the smaller
    (by length, then place) short and not lost in the other, which holds enough of its character pairs."""
    wanted = short_texts(texts, config).tolist()
    among = set(wanted)
    pairs: set[tuple[int, int]] = set()
    for r in rows:
        if r not in among:
            continue
        for t in wanted:
            if t == r:
                continue
            a, b = (r, t) if (len(texts[r]), r) < (len(texts[t]), t) else (t, r)
            if len(texts[a]) >= config.short_chars or len(texts[a]) < config.short_cover * len(texts[b]):
                continue
            mine = grams(a)
            needed = max(2, math.ceil(config.short_pair_share * len(mine)))
            if len(np.intersect1d(mine, grams(b), assume_unique=True)) >= needed:
                pairs.add((min(a, b), max(a, b)))
    return pairs


def cached_candidates(items: list[Shingled], ids: list[int], fresh: list[int], cache: ClusterCache,
                config: ClusterConfig) -> list[tuple[int, int]]:
    """Every candidate pair, by shingles and by characters, in order: those of the last run between segments
    still there (at the same sampling rate), and those a new segment makes."""
    n = len(items)
    distincts = [item.distinct for item in items]
    texts = [item.text for item in items]
    where = {i: k for k, i in enumerate(ids)}
    rows = [where[i] for i in fresh]
    rate = 0 if n < config.exhaustive_below else sampling_rate(int((cache.postings.counts()[1] ** 2).sum()), config)
    if rate == 0:
        pairs = {(i, j) for i in range(n) for j in range(i + 1, n)}
    elif rate == cache.rate:
        pairs = {(min(where[a], where[b]), max(where[a], where[b])) for a, b in cache.pairs}
        pairs |= _new_candidates(rows, distincts, ids, cache.postings, rate, config)
    else:
        pairs = candidate_pairs(distincts, config, rate)
    cache.rate, cache.pairs = rate, {(ids[i], ids[j]) for i, j in pairs} if rate else set()
    if cache.short_pairs is None:
        short = short_candidates(texts, config)
    else:
        short = {(min(where[a], where[b]), max(where[a], where[b])) for a, b in cache.short_pairs}
        short |= _new_short_candidates(rows, texts, lambda k: cache.char_pairs_of(ids[k]), config)
    cache.short_pairs = {(ids[i], ids[j]) for i, j in short}
    return sorted(pairs | short)
