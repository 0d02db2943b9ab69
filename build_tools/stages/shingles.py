"""How clustering compares two texts: folded text, shingle hashes, order, and characters for short texts.

- `comparable_text`: the text as compared, letters and digits only (`fold_text`); a text written in
  Traditional characters is first put back into mainland wording (`fold_phrases`: 軟體→软件,
  檔案→文件), so a copy localised for Taiwan, not just converted, still matches its original. Only
  Traditional text pays for that phrase-level conversion.
- `shingle_sequence`, `shingle_hashes`: character n-gram shingles kept as 64-bit hashes.
- `ordered_containment` and `passage_containment`: is the shared text in the same order? The first
  is the longest increasing run of places; the second counts only runs of consecutive matching
  shingles long enough to be a passage, so a copy whose paragraphs stand in another order passes,
  a document that merely reuses some sentences does not.
- `lcs_length` and `short_candidates`: short texts (a poem, a couplet, a notice) are too short for
  shingles (two substituted characters break ten of a 20-character poem's 16 five-character
  shingles), so they are compared character by character: the longest common subsequence, on
  candidates that share enough character pairs (a prefix-filtered inverted index, near-linear).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from scipy import sparse

from build_tools.records import Segment
from build_tools.settings import DEFAULT_CLUSTER, ClusterConfig
from build_tools.text import fold_phrases, fold_text

Hashes = npt.NDArray[np.uint64]
Ints = npt.NDArray[np.int64]


@lru_cache(maxsize=1)
def _traditional() -> re.Pattern[str]:
    """Characters that OpenCC writes otherwise in Simplified (one conversion of the CJK blocks, ~20 ms)."""
    import opencc

    chars = [chr(c) for r in ((0x3400, 0x4DC0), (0x4E00, 0xA000)) for c in range(*r)]
    simplified = str(opencc.OpenCC("t2s.json").convert("\n".join(chars))).split("\n")
    return re.compile("[" + "".join(c for c, s in zip(chars, simplified, strict=True) if s != c) + "]")


def comparable_text(text: str) -> str:
    """Folded text (`fold_text`); with Traditional characters in it, `fold_phrases` (mainland wording)."""
    return fold_phrases(text) if _traditional().search(text) else fold_text(text)


def shingles(text: str, size: int = DEFAULT_CLUSTER.shingle) -> frozenset[str]:
    """The shingles themselves (for tests and explanations; clustering uses their hashes)."""
    if len(text) < size:
        return frozenset({text}) if text else frozenset()
    return frozenset(text[i:i + size] for i in range(len(text) - size + 1))


_BASE = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)


def _codes(text: str) -> npt.NDArray[np.uint32]:
    return np.frombuffer(text.encode("utf-32-le"), dtype="<u4")


def shingle_sequence(text: str, size: int = DEFAULT_CLUSTER.shingle) -> Hashes:
    """64-bit hashes of the text's shingles in text order (same text, same hashes, on any machine)."""
    codes = _codes(text).astype(np.uint64)
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


def distinct(sequence: Hashes) -> Hashes:
    """The sorted distinct values of a sequence of hashes."""
    hashes = np.sort(sequence)
    keep = np.ones(len(hashes), dtype=bool)
    keep[1:] = hashes[1:] != hashes[:-1]
    return hashes[keep]


def shingle_hashes(text: str, size: int = DEFAULT_CLUSTER.shingle) -> Hashes:
    """Sorted distinct hashes of the text's shingles."""
    return distinct(shingle_sequence(text, size))


@dataclass(frozen=True)
class Shingled:
    """A segment's text as clustering sees it: folded text, its shingle hashes in order and as a sorted set."""

    sequence: Hashes
    distinct: Hashes
    text: str = ""  # the folded text itself (`comparable_text`): short texts are compared by characters
    paragraphs: tuple[int, ...] = ()  # where each paragraph after the first starts in `text`


def shingled(text: str, size: int = DEFAULT_CLUSTER.shingle, paragraphs: tuple[int, ...] = ()) -> Shingled:
    """A folded text's shingles."""
    sequence = shingle_sequence(text, size)
    return Shingled(sequence, distinct(sequence), text, paragraphs)


_HEADS = ("title", "subtitle")
_BODY = ("body", "heading", "salutation", "code")


def segment_paragraphs(segment: Segment) -> list[str]:
    """What is compared of a segment, paragraph by paragraph: its body. A short text broken over lines
    whose first lines, without a sentence end, read as title lines below its own title: when those lines
    (title lines after the first) are longer than the body, they are compared with it. A segment with no
    body (a couplet or a slogan written without punctuation reads as a title line): all its lines."""
    body = [b.text for role, b in segment.blocks if role in _BODY]
    if not body:
        return [b.text for _, b in segment.blocks]
    heads = [k for k, (role, _) in enumerate(segment.blocks) if role in _HEADS][1:]
    if heads and len(fold_text("".join(body))) < len(fold_text("".join(segment.blocks[k][1].text for k in heads))):
        return [b.text for k, (role, b) in enumerate(segment.blocks) if role in _BODY or k in heads]
    return body


def segment_text(segment: Segment) -> str:
    return "".join(segment_paragraphs(segment))


def segment_shingles(segment: Segment, size: int = DEFAULT_CLUSTER.shingle) -> Shingled:
    """A segment's compared text (`segment_paragraphs`, folded) and where its paragraphs start (counted on
    `fold_text`; mainland wording may change a length by a character, so they are scaled to the text)."""
    pieces = segment_paragraphs(segment)
    folded = [fold_text(p) for p in pieces]
    joined = "".join(pieces)
    text = fold_phrases(joined) if _traditional().search(joined) else "".join(folded)  # `comparable_text`
    ends = np.cumsum([len(f) for f in folded[:-1]], dtype=np.int64)
    total = sum(len(f) for f in folded)
    if total and total != len(text):
        ends = ends * len(text) // total
    starts = sorted({int(e) for e in ends if 0 < e < len(text)})
    return shingled(text, size, tuple(starts))


def _places(small: Hashes, large: Hashes) -> tuple[Ints, Ints]:
    """Positions in `small` of the shingles found in `large`, and the first place of each in `large`."""
    order = np.argsort(large, kind="stable")
    ranked = large[order]
    index = np.minimum(np.searchsorted(ranked, small), len(large) - 1)
    hit = ranked[index] == small
    return np.flatnonzero(hit), order[index[hit]].astype(np.int64)


def span_in(small: Hashes, large: Hashes, trim: float = DEFAULT_CLUSTER.span_trim) -> tuple[float, float]:
    """Where `small`'s shingles stand in `large` (a sequence, in text order): the first and last place
    as shares of its length, leaving out `trim` of the places at each end (a shared phrase found far off)."""
    if not len(small) or not len(large):
        return 0.0, 0.0
    _, places = _places(small, large)
    if not len(places):
        return 0.0, 0.0
    first, last = np.quantile(places, (trim, 1 - trim))
    return float(first) / len(large), float(last + 1) / len(large)


def _longest_increasing(places: list[int]) -> int:
    """Length of the longest increasing run (patience sorting: tails[k] = smallest end of a run of k + 1)."""
    tails: list[int] = []
    for place in places:
        k = bisect.bisect_left(tails, place)
        if k == len(tails):
            tails.append(place)
        else:
            tails[k] = place
    return len(tails)


def ordered_containment(small: Hashes, large: Hashes) -> float:
    """Share of `small`'s shingles found in `large` in the same order (longest increasing run of places).

    Copies keep the order of their text; two documents that merely share sentences share them in
    another order, or only a few of them.
    """
    if not len(small) or not len(large):
        return 0.0
    _, places = _places(small, large)
    return _longest_increasing(places.tolist()) / len(small)


def paragraph_containment(small: Hashes, large: Hashes, paragraphs: tuple[int, ...],
                          config: ClusterConfig = DEFAULT_CLUSTER) -> float:
    """Share of `small`'s shingles that lie in paragraphs of `small` found in `large` as copies, whatever
    the order of the paragraphs: each paragraph (from `paragraphs`, where they start) counts when
    `containment` of its shingles stand in `large` in its order, or, damaged (OCR noise breaks five
    shingles a character), when `moved_found` of them do and they are `moved_order` of those it shares.

    Paragraphs moved about in a copy are moved whole; a document that reuses another's sentences in
    another order, inside its own paragraphs, finds none of its paragraphs so (`passage_containment`
    does the same for passages long enough to tell, whatever the paragraphs).
    """
    if not len(small) or not len(large) or not paragraphs:
        return 0.0
    positions, places = _places(small, large)
    bounds = np.r_[0, np.asarray(paragraphs, dtype=np.int64), len(small)]
    cut = np.asarray(np.searchsorted(positions, bounds), dtype=np.int64)
    found = 0
    for k in range(len(bounds) - 1):
        size = int(bounds[k + 1] - bounds[k])
        if size <= 0:
            continue
        shared = places[cut[k]:cut[k + 1]]
        run = _longest_increasing(shared.tolist())
        if run >= config.containment * size or (run >= config.moved_found * size
                                                 and run >= config.moved_order * len(shared)):
            found += run
    return found / len(small)


def passage_containment(small: Hashes, large: Hashes, config: ClusterConfig = DEFAULT_CLUSTER) -> float:
    """Share of `small`'s shingles that lie in passages of `large`, whatever the order of the passages.

    A passage is a run of matching shingles along one diagonal (place in `large` minus position in
    `small`), allowed to skip `passage_gap` shingles (a damaged character breaks five) and to drift
    by `passage_drift` (a lost or added character), and at least `passage_min` shingles long: a
    paragraph, not a sentence two documents share.
    """
    if not len(small) or not len(large):
        return 0.0
    positions, places = _places(small, large)
    diagonal = places - positions
    if len(diagonal) > 1:  # a repeated phrase sends a shingle to another place: drop such strays
        steady = np.abs(np.diff(diagonal)) <= config.passage_drift
        keep = np.r_[steady, False] | np.r_[False, steady]
        positions, places, diagonal = positions[keep], places[keep], diagonal[keep]
    if not len(positions):
        return 0.0
    starts = np.ones(len(positions), dtype=bool)
    starts[1:] = ((np.diff(positions) > config.passage_gap) | (np.abs(np.diff(diagonal)) > config.passage_drift)
                  | (np.diff(places) <= 0))
    first = positions[starts]
    last = positions[np.r_[starts[1:], True]]
    counts = np.diff(np.r_[np.flatnonzero(starts), len(positions)])
    return float(counts[last - first + 1 >= config.passage_min].sum()) / len(small)


def dovetail(first: Hashes, then: Hashes,
             config: ClusterConfig = DEFAULT_CLUSTER) -> tuple[int, tuple[int, int], tuple[int, int]] | None:
    """Does `then` (a sequence) begin with the text that ends `first`, each going on beyond it (a copy
    cut short and a copy lacking its opening, of one document)? The shingles of that shared stretch,
    and where it stands in `first` and in `then` (first and last place); None when they do not overlap so.

    The stretch is the band of diagonals (place in `first` minus position in `then`) around the most
    common one, `passage_gap` wide (characters lost or doubled shift it); it must reach within
    `dovetail_slack` shingles of the end of `first` and the start of `then`, leave more than that of
    each outside it, and hold at least `dovetail_min` shingles, `containment` of its length.
    """
    positions, places = _places(then, first)
    if len(positions) < config.dovetail_min:
        return None
    diagonal = places - positions
    values, counts = np.unique(diagonal, return_counts=True)
    band = np.abs(diagonal - values[np.argmax(counts)]) <= config.passage_gap
    shared = int(band.sum())
    if shared < config.dovetail_min:
        return None
    start, end = int(positions[band].min()), int(positions[band].max())
    lo, hi = int(places[band].min()), int(places[band].max())
    slack = config.dovetail_slack
    if start > slack or hi < len(first) - 1 - slack or lo <= slack or end >= len(then) - 1 - slack:
        return None
    if shared < config.containment * (end - start + 1):
        return None
    return shared, (lo, hi), (start, end)


def in_order(small: Hashes, large: Hashes, config: ClusterConfig = DEFAULT_CLUSTER,
             paragraphs: tuple[int, ...] = ()) -> float:
    """How much of `small` stands in `large` as in a copy: in the same order, or in passages or (`small`'s)
    paragraphs moved about."""
    score = ordered_containment(small, large)
    if score >= config.containment:
        return score
    score = max(score, passage_containment(small, large, config))
    if score >= config.containment:
        return score
    return max(score, paragraph_containment(small, large, paragraphs, config))


def lcs_length(a: str, b: str) -> int:
    """Length of the longest common subsequence of two strings (bit-parallel, one big integer for `a`).

    The row of the dynamic programme over `b` is held as the bits of one integer (Allison and Dix;
    Hyyrö): each character of `b` costs a few integer operations on len(a) bits.
    """
    if len(a) > len(b):
        a, b = b, a
    if not a:
        return 0
    masks: dict[str, int] = {}
    for i, ch in enumerate(a):
        masks[ch] = masks.get(ch, 0) | (1 << i)
    full = (1 << len(a)) - 1
    row = full
    for ch in b:
        mask = masks.get(ch)
        if mask is not None:
            matched = row & mask
            row = ((row + matched) | (row - matched)) & full
    return len(a) - row.bit_count()


def comparable_lengths(small: int, large: int, config: ClusterConfig = DEFAULT_CLUSTER) -> bool:
    """Folded lengths of a pair that may be compared by characters: not tiny, not lost in a longer text."""
    small, large = min(small, large), max(small, large)
    return small >= config.short_min_chars and small >= config.short_cover * large


def character_match(a: str, b: str, shingle_share: float,
                    config: ClusterConfig = DEFAULT_CLUSTER) -> tuple[float, float, float] | None:
    """(share of the smaller, share of the larger) found in order in the other, character by character,
    and the share of the smaller needed; None when the pair is not compared by characters.

    A pair is compared so when the smaller is not tiny (`short_min_chars`) and not lost in a much
    longer text (`short_cover`), and either short (`short_chars`: too short for shingles) or
    sharing between `damaged_shingles` and `containment` of its shingles (damage breaks five
    shingles per character; with more, the shingles decide): then `short_containment`, or
    `damaged_containment` of its characters must stand in order in the other.
    """
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if not comparable_lengths(len(small), len(large), config):
        return None
    if len(small) < config.short_chars:
        needed = config.short_containment
    elif config.damaged_shingles <= shingle_share < config.containment:
        needed = config.damaged_containment
    else:
        return None
    common = lcs_length(small, large)
    return common / len(small), common / len(large), needed


def char_pairs(text: str) -> Ints:
    """Sorted distinct pairs of consecutive characters (bigrams), each as one integer."""
    codes = _codes(text).astype(np.int64)
    return np.unique((codes[:-1] << 21) | codes[1:])


def short_texts(texts: list[str], config: ClusterConfig = DEFAULT_CLUSTER) -> Ints:
    """Indexes of the texts that may be compared by characters with a short one."""
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    return np.flatnonzero((lengths >= config.short_min_chars) & (lengths * config.short_cover < config.short_chars))


def short_candidates(texts: list[str], config: ClusterConfig = DEFAULT_CLUSTER) -> set[tuple[int, int]]:
    """Pairs (i, j), i < j, of short texts that `character_match` compares and that may pass it.

    Copies that differ by scattered characters keep most of their character pairs: a candidate's
    larger text holds at least `short_pair_share` of the smaller's distinct pairs. Prefix filtering
    finds these pairs without comparing all of them: every text is indexed on its pairs, and a short
    text looks up only its rarest pairs, as many as can be missing plus one, so any text holding the
    share holds one of them. Rare pairs have short lists, so the work grows about linearly.
    """
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    wanted = short_texts(texts, config)
    if len(wanted) < 2:
        return set()
    grams = [char_pairs(texts[i]) for i in wanted]
    sizes = np.array([len(g) for g in grams], dtype=np.int64)
    flat = np.concatenate(grams)
    _, column = np.unique(flat, return_inverse=True)
    rows = np.repeat(np.arange(len(wanted)), sizes)
    width = int(column.max()) + 1
    full = sparse.csr_matrix((np.ones(len(flat), dtype=np.int32), (rows, column)), shape=(len(wanted), width))
    # Each row's pairs, rarest first; a short row's prefix: its first (size - needed + 1).
    rarity = np.bincount(column)
    order = np.lexsort((column, rarity[column], rows))
    rank = np.arange(len(flat)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    needed = np.maximum(2, np.ceil(config.short_pair_share * sizes)).astype(np.int64)
    owner = rows[order]
    prefix = (lengths[wanted] < config.short_chars)[owner] & (rank < (sizes - needed + 1)[owner])
    probe = sparse.csr_matrix((np.ones(int(prefix.sum()), dtype=np.int32), (owner[prefix], column[order][prefix])),
                              shape=full.shape)
    index = full.T.tocsr()
    n = lengths[wanted]
    pairs: set[tuple[int, int]] = set()
    step = max(1, config.block_cells // max(1, len(wanted)))
    for start in range(0, len(wanted), step):
        found = (probe[start:start + step] @ index).tocoo()
        a, b = found.row.astype(np.int64) + start, found.col.astype(np.int64)
        keep = (((n[b] > n[a]) | ((n[b] == n[a]) & (b > a))) & (n[a] >= config.short_cover * n[b]))
        a, b = a[keep], b[keep]
        if not len(a):
            continue
        shared = np.asarray(full[a].multiply(full[b]).sum(axis=1)).ravel()
        keep = shared >= needed[a]
        for i, j in zip(wanted[a[keep]].tolist(), wanted[b[keep]].tolist(), strict=True):
            pairs.add((min(i, j), max(i, j)))
    return pairs
