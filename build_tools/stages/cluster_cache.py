"""What stage cluster keeps across the rebuilds of `mkdocs serve` (`ClusterCache`), so that a rebuild after
an edit redoes only what the edited segments touch.

Kept per segment (segments are frozen records compared by value; those of an unchanged source are the very
objects of the last run, found by identity first): its shingles (`Shingled`) and character pairs. Kept for
the corpus: an inverted index of the shingles (`Postings`), which gives the pair work (and so the sampling
rate) and the candidates of a new segment without building the segment-by-shingle matrix again; the
candidate pairs of the last run, by shingles and by characters, each a function of the pair alone (at one
sampling rate); and the verdicts on pairs (`Verdicts`: whole copies, part of, where a copy stands).

Corpus-wide quantities change when any segment does: a verdict that weighs character pairs by rarity is
forgotten when the rarity changes, and a verdict of `_part_of` (whose containment leaves boilerplate out) is
forgotten when a shingle of its segments came into or went out of the boilerplate. What names a segment no
longer there is forgotten at the start of a run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Generic, TypeVar

import numpy as np
import numpy.typing as npt

from build_tools.records import Segment
from build_tools.settings import ClusterConfig
from build_tools.stages.joins import UnionFind
from build_tools.stages.rarity import PairRarity
from build_tools.stages.shingles import Hashes, Shingled, char_pairs, distinct, segment_shingles

Ints = npt.NDArray[np.int64]
Owners = npt.NDArray[np.int32]  # ids of segments (or groups): half the memory of int64 on millions of keys
Pair = tuple[int, int]
T = TypeVar("T")

__all__ = ["ClusterCache", "Postings", "Verdicts"]


class Postings:
    """Sorted keys (shingle hashes) and the id of the segment holding each: an inverted index that takes
    segments in and out without sorting everything again."""

    def __init__(self) -> None:
        self.keys: Hashes = np.zeros(0, dtype=np.uint64)
        self.owners: Owners = np.zeros(0, dtype=np.int32)

    def update(self, gone: Sequence[tuple[int, Hashes]], added: Sequence[tuple[int, Hashes]]) -> None:
        """Drop each (id, its distinct keys) of `gone`; add each of `added`."""
        places = []
        for i, keys in gone:
            lo, hi = np.searchsorted(self.keys, keys, "left"), np.searchsorted(self.keys, keys, "right")
            where = self._spread(lo, hi)
            places.append(where[self.owners[where] == i])
        if places:
            drop = np.concatenate(places)
            self.keys, self.owners = np.delete(self.keys, drop), np.delete(self.owners, drop)
        added = [(i, h) for i, h in added if len(h)]
        if not added:
            return
        keys = np.concatenate([h for _, h in added])
        owners = np.repeat(np.array([i for i, _ in added], dtype=np.int32), [len(h) for _, h in added])
        order = np.argsort(keys, kind="stable")
        keys, owners = keys[order], owners[order]
        if not len(self.keys):
            self.keys, self.owners = keys, owners
            return
        at = np.searchsorted(self.keys, keys)
        self.keys, self.owners = np.insert(self.keys, at, keys), np.insert(self.owners, at, owners)

    def counts(self) -> tuple[Hashes, Ints]:
        """The distinct keys, and how many segments hold each."""
        if not len(self.keys):
            return self.keys, np.zeros(0, dtype=np.int64)
        starts = np.flatnonzero(np.r_[True, self.keys[1:] != self.keys[:-1]])
        counts: Ints = np.diff(np.r_[starts, len(self.keys)]).astype(np.int64)
        return self.keys[starts], counts

    def holders(self, keys: Hashes) -> tuple[Owners, Hashes]:
        """Every (holder, key) of the `keys` (sorted, distinct): the ids holding them, and the key each holds."""
        where = self._spread(np.searchsorted(self.keys, keys, "left"), np.searchsorted(self.keys, keys, "right"))
        return self.owners[where], self.keys[where]

    @staticmethod
    def _spread(lo: Ints, hi: Ints) -> Ints:
        """Every place in the ranges [lo, hi)."""
        lengths = (hi - lo).astype(np.int64)
        first = np.repeat(lo.astype(np.int64) - np.cumsum(lengths) + lengths, lengths)
        where: Ints = first + np.arange(int(lengths.sum()), dtype=np.int64)
        return where


class Verdicts(Generic[T]):
    """Verdicts on pairs of segments, by their ids (in the order the test takes them); `rare`: those that
    weighed character pairs by their rarity."""

    def __init__(self) -> None:
        self.table: dict[Pair, T] = {}
        self.rare: set[Pair] = set()

    def judge(self, ids: Sequence[int], compute: Callable[[int, int], T],
              weighs_rarity: Callable[[int, int], bool]) -> Callable[[int, int], T]:
        """`compute(i, j)` on the segments at i and j, done again only when not known."""
        table = self.table

        def judged(i: int, j: int) -> T:
            key = (ids[i], ids[j])
            if key in table:
                return table[key]
            value = table[key] = compute(i, j)
            if weighs_rarity(i, j):
                self.rare.add(key)
            return value
        return judged

    def forget(self, unwanted: Callable[[Pair], bool]) -> None:
        for key in [k for k in self.table if unwanted(k)]:
            del self.table[key]
            self.rare.discard(key)

    def forget_rare(self) -> None:
        for key in self.rare:
            self.table.pop(key, None)
        self.rare.clear()


@dataclass
class ClusterCache:
    """What `cluster_segments` keeps from one run to the next (`mkdocs serve`); passed in explicitly."""

    config: ClusterConfig | None = None
    ids: dict[Segment, int] = field(default_factory=dict)  # a segment (by value) -> its id
    by_object: dict[int, tuple[Segment, int]] = field(default_factory=dict)  # id(segment) -> (it, its id)
    next_id: int = 0
    items: dict[int, Shingled] = field(default_factory=dict)
    grams: dict[int, Ints] = field(default_factory=dict)  # character pairs (`char_pairs`) of short texts
    order: list[int] = field(default_factory=list)  # the ids of the last run, in its order
    postings: Postings = field(default_factory=Postings)  # shingle hashes of the last run's segments
    rate: int | None = None  # sampling rate of the candidate pairs kept (0: none kept)
    pairs: set[Pair] = field(default_factory=set)  # candidate pairs by shingles (ids, in the run's order)
    short_pairs: set[Pair] | None = None  # candidate pairs by characters (ids, in the run's order)
    rarity: PairRarity | None = None
    common: Hashes = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))
    whole: Verdicts[bool] = field(default_factory=Verdicts)
    parts: Verdicts[tuple[float, bool, tuple[float, float] | None] | None] = field(default_factory=Verdicts)
    spans: Verdicts[tuple[float, float]] = field(default_factory=Verdicts)
    groups: dict[tuple[int, ...], int] = field(default_factory=dict)  # a group of whole copies (ids) -> its id
    next_group: int = 0
    group_shingles: dict[tuple[int, ...], Hashes] = field(default_factory=dict)
    group_postings: Postings = field(default_factory=Postings)  # shingles of the groups (`group_boilerplate`)

    def take(self, segments: Sequence[Segment], config: ClusterConfig) -> tuple[list[int], list[int]]:
        """The id of each segment, and the ids new in this run (their shingles made); what names a
        segment no longer there is forgotten."""
        if config != self.config:  # other settings: nothing kept holds
            self.__dict__.update(ClusterCache(config=config).__dict__)
        ids: list[int] = []
        fresh: list[int] = []
        now: set[int] = set()
        objects: dict[int, tuple[Segment, int]] = {}
        for segment in segments:
            known = self.by_object.get(id(segment))
            found = known[1] if known is not None and known[0] is segment else self.ids.get(segment)
            if found is None or found in now:  # new (a segment given twice: a second id, not kept by value)
                if found is None:
                    self.ids[segment] = self.next_id
                found = self.next_id
                self.next_id += 1
                self.items[found] = segment_shingles(segment, config.shingle)
                fresh.append(found)
            objects.setdefault(id(segment), (segment, found))
            ids.append(found)
            now.add(found)
        gone = set(self.order) - now
        self.by_object = objects
        for segment in [s for s, i in self.ids.items() if i in gone]:
            del self.ids[segment]
        self.postings.update([(i, self.items[i].distinct) for i in gone], [(i, self.items[i].distinct) for i in fresh])
        for i in gone:
            del self.items[i]
            self.grams.pop(i, None)
        self.pairs = {p for p in self.pairs if p[0] in now and p[1] in now}
        last = {i: k for k, i in enumerate(self.order)}
        kept = [last[i] for i in ids if i in last]
        if self.short_pairs is not None and any(b < a for a, b in pairwise(kept)):
            self.short_pairs = None  # the order of kept segments changed: ties broke otherwise
        elif self.short_pairs is not None:
            self.short_pairs = {p for p in self.short_pairs if p[0] in now and p[1] in now}
        if gone:
            for verdicts in (self.whole, self.parts, self.spans):
                verdicts.forget(lambda p: p[0] in gone or p[1] in gone)
        self.order = ids
        return ids, fresh

    def char_pairs_of(self, i: int) -> Ints:
        grams = self.grams.get(i)
        if grams is None:
            grams = self.grams[i] = char_pairs(self.items[i].text)
        return grams

    def rarity_is(self, rarity: PairRarity) -> None:
        """This run's rarity: the verdicts that weighed the last one's are forgotten if it changed."""
        last = self.rarity
        if last is None or not (last.texts == rarity.texts and np.array_equal(last.pairs, rarity.pairs)
                                and np.array_equal(last.holders, rarity.holders)):
            self.whole.forget_rare()
            self.parts.forget_rare()
        self.rarity = rarity

    def boilerplate(self, items: Sequence[Shingled], ids: Sequence[int], whole: UnionFind,
                    config: ClusterConfig) -> Hashes | None:
        """`cluster.group_boilerplate`, from an inverted index of the groups' shingles that takes in only the
        groups new in this run; the verdicts of `_part_of` on segments holding a shingle that came into the
        boilerplate or went out of it are forgotten."""
        groups: dict[int, list[int]] = {}
        for i in range(len(items)):
            groups.setdefault(whole.find(i), []).append(ids[i])
        common = None
        if len(groups) >= 10:
            keys = {tuple(members) for members in groups.values()}
            gone = [(self.groups.pop(k), self.group_shingles.pop(k)) for k in list(self.groups) if k not in keys]
            added = []
            for key in keys - self.groups.keys():
                self.groups[key] = self.next_group
                self.next_group += 1
                shingles = [self.items[i].distinct for i in key]
                union = self.group_shingles[key] = distinct(np.concatenate(shingles)) if len(key) > 1 else shingles[0]
                added.append((self.groups[key], union))
            self.group_postings.update(gone, added)
            values, counts = self.group_postings.counts()
            common = values[counts > max(3, int(config.boilerplate_share * len(groups)))]
        self._boilerplate_is(common)
        return common

    def _boilerplate_is(self, common: Hashes | None) -> None:
        now = common if common is not None else np.zeros(0, dtype=np.uint64)
        changed = np.setxor1d(self.common, now, assume_unique=True)
        if len(changed):
            holders, _ = self.postings.holders(changed)
            touched = set(np.unique(holders).tolist())
            self.parts.forget(lambda p: p[0] in touched or p[1] in touched)
        self.common = now
