"""Stage 4, cluster: group segments that are copies of one document into works.

Segments are compared on folded text (`comparable_text`: punctuation and whitespace dropped, width
folded, Traditional folded to Simplified with OpenCC, and Taiwan wording put back into mainland
wording when the text is Traditional, so 軟體 and 软件 match) cut into character n-gram shingles,
each kept as a 64-bit hash (`shingle_hashes`, vectorised with numpy; the helpers are in
`build_tools.stages.shingles`). Two segments are copies of one work when

- the smaller one's shingles are at least `containment` contained in the larger one's, and
- they share at least `min_shared_shingles` shingles that are not boilerplate, and
- the shared shingles stand in the same order (`ordered_containment`), or in passages of at least
  `passage_min` shingles in another order (`passage_containment`: paragraphs moved about), or in
  whole paragraphs of the smaller in another order (`paragraph_containment`: short paragraphs moved
  about), not in scattered sentences.

Containment, not similarity, so a truncated copy or one that lacks its opening still finds its
whole. Boilerplate shingles are those found in more than `boilerplate_share` of the documents (and
in at least three): greetings, slogans and closing formulas that different documents share.

Short texts (poems, couplets, notices: the smaller under `short_chars` folded characters) have too
few shingles to tell, and a damaged character breaks five of them: such a pair, when the smaller is
at least `short_cover` of the larger, is a copy when `short_containment` of the smaller's characters
stand in order in the other (their longest common subsequence, `lcs_length`) and `short_specific` of
its character pairs, weighed by their rarity among the short texts, are in the other (`stages.rarity`:
sentences cut from one template share only the template's common pairs). Every threshold
scales with the length of the smaller text; a fragment of a much longer text still needs
`min_shared_shingles`. Longer pairs of comparable length that share `damaged_shingles` of their
shingles but fail the shingle test (heavy OCR damage) are copies when `damaged_containment` of the
smaller's characters stand in order in the other.

Candidate pairs come from an inverted index held as a sparse segment-by-shingle matrix: its
product with its transpose counts the shingles every pair shares, in C, a block of rows at a time.
On large corpora (more pair work than `pair_budget`) only the shingles whose hash is divisible by
a power of two are indexed, a consistent sample that estimates containment; segments too short
to be sampled reliably are always compared on all their shingles. Short texts are found through
an index of their character pairs, prefix-filtered (`short_candidates`). Every candidate is then
verified exactly, on the shingle sets and on the order of the text, or on the characters.

First, whole copies (each holds most of the other, in order) are joined transitively
(`join_whole_copies`, union-find); the groups they form are the documents over which boilerplate is
counted, so a text copied a hundred times is not its own boilerplate. Then a part (a truncated
copy, a fragment, a piece of a copy the segmenter cut in two) joins only the group it fits best
(`find_matches`, `links`): documents that share a few sentences would otherwise be chained together
through a short piece that holds them. A copy cut short and a copy lacking its opening, neither
holding most of the other, are found where the end of one is the start of the other (`dovetail`).

A segment that holds two documents (the segmenter did not part them) holds the copies of both, and
would bridge them into one work. The parts found in a group, and the group's own text, fall into
documents (`merged_wholes`): parts are one document when they are copies of each other, overlap in
the group, or stand one after the other in a file (pieces of one copy); parts that are none of these,
in stretches of the group that barely overlap, are different documents. The group joins the one that
covers more of it than the others together (it is a copy of that one, with the other's text in it),
or none; the others do not join through it. A lone segment next in its file to a member of the group,
found in the group where that member's text is not, on the side where it stands in the file, is the rest
of a copy the segmenter cut off (`piece_groups`): it stands with the group's own text. A part kept from
the group it fits best joins no other it fits much less well. A scrap too short for shingles (a last
line the segmenter cut off) joins the copy it follows, or precedes, in its file when another copy holds
it just beyond that copy's text (`attach_scraps`). These decisions are in `build_tools.stages.joins`.

The candidate pairs are found in `build_tools.stages.candidates`. `mkdocs serve` keeps a `ClusterCache`
(`build_tools.stages.cluster_cache`) across rebuilds: the shingles of each segment, the candidate pairs and the
verdicts on pairs of segments that are still there are taken from it, so an edit costs what its segments touch.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import numpy as np

from build_tools.records import Segment, Work
from build_tools.settings import DEFAULT_CLUSTER, ClusterConfig
from build_tools.stages.candidates import cached_candidates, candidate_pairs, pair_work
from build_tools.stages.cluster_cache import ClusterCache
from build_tools.stages.joins import (
    Match,
    UnionFind,
    attach_scraps,
    links,
    merged_wholes,
    neighbour_groups,
    piece_groups,
)
from build_tools.stages.rarity import PairRarity, rarity_of, specific_share
from build_tools.stages.shingles import (
    Hashes,
    Shingled,
    character_match,
    comparable_lengths,
    distinct,
    dovetail,
    in_order,
    ordered_containment,
    passage_containment,
    segment_shingles,
    shingle_hashes,
    shingle_sequence,
    shingles,
    short_texts,
    span_in,
)

__all__ = [
    "ClusterCache", "Hashes", "Match", "Shingled", "UnionFind", "are_copies", "boilerplate", "candidate_pairs",
    "cluster_segments", "find_matches", "join_whole_copies", "links", "merged_wholes", "neighbour_groups",
    "ordered_containment", "pair_work", "passage_containment", "piece_groups", "segment_shingles", "shingle_hashes",
    "shingle_sequence", "shingles",
]


def boilerplate(items: list[Hashes], config: ClusterConfig = DEFAULT_CLUSTER) -> Hashes:
    """Shingle hashes found in more than `boilerplate_share` of the items (and in at least three)."""
    if not items:
        return np.zeros(0, dtype=np.uint64)
    values, counts = np.unique(np.concatenate(items), return_counts=True)
    limit = max(3, int(config.boilerplate_share * len(items)))
    return values[counts > limit]


def are_copies(a: Hashes, b: Hashes, common: Hashes | None = None, config: ClusterConfig = DEFAULT_CLUSTER,
               shared: Hashes | None = None) -> bool:
    """The exact test: containment of the smaller in the larger, and enough specific text shared
    (`shared`: their common hashes, when already known)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if not len(small):
        return False
    if shared is None:
        shared = np.intersect1d(small, large, assume_unique=True)
    specific = len(shared)
    if common is not None and len(common):
        specific -= len(np.intersect1d(shared, common, assume_unique=True))
    if specific < config.min_shared_shingles:
        return False
    return len(shared) / len(small) >= config.containment


def _by_characters(small: str, large: str, shingle_share: float, config: ClusterConfig,
                   rarity: PairRarity | None) -> tuple[float, float, float] | None:
    """`character_match`, failed (None) when a short text keeps less than `short_specific` of its character
    pairs weighed by rarity (`specific_share`): a sentence of the same template, not a copy."""
    found = character_match(small, large, shingle_share, config)
    if (found is not None and rarity is not None and min(len(small), len(large)) < config.short_chars
            and specific_share(min(small, large, key=len), max(large, small, key=len), rarity) < config.short_specific):
        return None
    return found


def _whole_copies(x: Shingled, y: Shingled, config: ClusterConfig, rarity: PairRarity | None = None) -> bool:
    """Each holds most of the other: by shingles and in order, or (short or damaged) by their characters."""
    (n_small, small), (n_large, large) = sorted(((len(x.distinct), x), (len(y.distinct), y)), key=lambda t: t[0])
    by_characters = comparable_lengths(len(x.text), len(y.text), config)
    if not n_small or (n_small < config.containment * n_large and not by_characters):
        return False
    shared = len(np.intersect1d(small.distinct, large.distinct, assume_unique=True))
    if (n_small >= config.containment * n_large and shared >= config.min_shared_shingles
            and shared >= config.containment * n_large
            and in_order(small.sequence, large.sequence, config, small.paragraphs) >= config.containment):
        return True
    found = _by_characters(x.text, y.text, shared / n_small, config, rarity) if by_characters else None
    return found is not None and found[0] >= found[2] and found[1] >= config.short_containment


def join_whole_copies(items: list[Shingled], pairs: list[tuple[int, int]],
                      config: ClusterConfig = DEFAULT_CLUSTER, rarity: PairRarity | None = None,
                      judge: Callable[[int, int], bool] | None = None) -> UnionFind:
    """Join segments that each hold most of the other, in order: whole copies of one document.

    Boilerplate is not needed here: two documents that share 60 % of their text both ways are copies.
    A pair already joined through others is not compared again (hundreds of copies of one text stay fast).
    `judge(i, j)`: `_whole_copies` on the pair, when known (`ClusterCache`).
    """
    judge = judge or (lambda i, j: _whole_copies(items[i], items[j], config, rarity))
    whole = UnionFind(len(items))
    for i, j in pairs:
        if whole.find(i) != whole.find(j) and judge(i, j):
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
    return boilerplate([distinct(np.concatenate(g)) if len(g) > 1 else g[0] for g in groups.values()], config)


Fit = tuple[float, bool, tuple[float, float] | None]


def _part_of(small: Shingled, large: Shingled, common: Hashes | None, config: ClusterConfig,
             rarity: PairRarity | None = None) -> Fit | None:
    """How well `small` fits as a part of `large` (share found in order), whether it was found as a
    short text, by its characters, and where it stands in `large` (found by shingles); None if it is
    no copy of a part."""
    if not len(small.distinct):
        return None
    shared = np.intersect1d(small.distinct, large.distinct, assume_unique=True)
    if are_copies(small.distinct, large.distinct, common, config, shared):
        score = in_order(small.sequence, large.sequence, config, small.paragraphs)
        if score >= config.containment:
            return score, False, span_in(small.distinct, large.sequence, config.span_trim)
    if len(shared) >= config.dovetail_min:
        overlap = _dovetailed(small, large, config)
        if overlap is not None:
            return overlap
    if not comparable_lengths(len(small.text), len(large.text), config):
        return None
    found = _by_characters(small.text, large.text, len(shared) / len(small.distinct), config, rarity)
    if found is None or found[0] < found[2]:
        return None
    return found[0], min(len(small.text), len(large.text)) < config.short_chars, None


def _dovetailed(small: Shingled, large: Shingled,
                config: ClusterConfig) -> tuple[float, bool, tuple[float, float]] | None:
    """`small` and `large` overlap end to start (`dovetail`, either way round): the share of `small` in the
    overlap and where the overlap stands in `large`."""
    n = len(large.sequence)
    after = dovetail(large.sequence, small.sequence, config)  # large, then small
    if after is not None:
        shared, (lo, hi), _ = after
        return shared / len(small.sequence), False, (lo / n, (hi + 1) / n)
    before = dovetail(small.sequence, large.sequence, config)  # small, then large
    if before is not None:
        shared, _, (start, end) = before
        return shared / len(small.sequence), False, (start / n, (end + 1) / n)
    return None


def find_matches(items: list[Shingled], common: Hashes | None, whole: UnionFind, pairs: list[tuple[int, int]],
                 config: ClusterConfig = DEFAULT_CLUSTER, rarity: PairRarity | None = None,
                 judge: Callable[[int, int], Fit | None] | None = None,
                 place: Callable[[int, int], tuple[float, float]] | None = None) -> list[Match]:
    """Parts: pairs of segments in different groups of whole copies where the smaller is a copy of part
    of the larger, by shingles and by the order of its text (short texts: by their characters), or where
    the end of one is the start of the other (`dovetail`).

    Members of a group are near-identical, so a few matches between two groups tell all: once
    `matches_per_group_pair` are found, the other members of the two groups are not compared.
    Each match found by shingles notes where the part stands in the larger segment and, when the group
    of that segment has other members, where the largest of them stands in it: the group's own text.
    `judge(small, large)`, `place(other, large)`: `_part_of` and `span_in` on the segments, when known.
    """
    judge = judge or (lambda i, j: _part_of(items[i], items[j], common, config, rarity))
    place = place or (lambda i, j: span_in(items[i].distinct, items[j].sequence, config.span_trim))
    found: Counter[tuple[int, int]] = Counter()
    largest: dict[int, list[int]] = {}  # group -> its two largest members
    for i in range(len(items)):
        members = largest.setdefault(whole.find(i), [])
        members.append(i)
        if len(members) > 2:
            members.sort(key=lambda k: (-len(items[k].distinct), k))
            members.pop()
    matches = []
    for i, j in pairs:
        if whole.find(i) == whole.find(j):
            continue
        small, large = (i, j) if (len(items[i].distinct), i) <= (len(items[j].distinct), j) else (j, i)
        key = (whole.find(small), whole.find(large))
        if found[key] >= config.matches_per_group_pair:
            continue
        part = judge(small, large)
        if part is None:
            continue
        found[key] += 1
        span, own = part[2], None
        if span is None:
            cover = min(1.0, len(items[small].text) / max(1, len(items[large].text)))
        else:
            cover = span[1] - span[0]
            others = [k for k in largest[key[1]] if k != large]
            if others:
                own = place(min(others, key=lambda k: (-len(items[k].distinct), k)), large)
        matches.append(Match(key[0], key[1], part[0], len(items[small].distinct), part[1], span, cover, own))
    return matches


def _weighs_rarity(x: Shingled, y: Shingled, config: ClusterConfig) -> bool:
    """Whether a test of the pair may weigh character pairs by their rarity (`_by_characters`)."""
    return (comparable_lengths(len(x.text), len(y.text), config)
            and min(len(x.text), len(y.text)) < config.short_chars)


def cluster_segments(segments: tuple[Segment, ...], config: ClusterConfig = DEFAULT_CLUSTER,
                     cache: ClusterCache | None = None) -> tuple[Work, ...]:
    """Group segments into works; each work's segments are in source order, works in first-seen order.

    With a `cache` kept from an earlier run (`mkdocs serve`), what concerns only segments of that run is
    taken from it; the works are those a run without one finds.
    """
    cache = cache if cache is not None else ClusterCache()
    ids, fresh = cache.take(segments, config)
    items = [cache.items[i] for i in ids]
    pairs = cached_candidates(items, ids, fresh, cache, config)
    rarity = rarity_of([cache.char_pairs_of(ids[k]) for k in short_texts([item.text for item in items], config)])
    cache.rarity_is(rarity)

    def rare(i: int, j: int) -> bool:
        return _weighs_rarity(items[i], items[j], config)

    works = join_whole_copies(items, pairs, config, rarity, cache.whole.judge(
        ids, lambda i, j: _whole_copies(items[i], items[j], config, rarity), rare))
    common = cache.boilerplate(items, ids, works, config)  # `group_boilerplate`, kept up to date
    neighbours = neighbour_groups(segments, works)
    pieces = piece_groups(segments, works)
    matches = find_matches(
        items, common, works, pairs, config, rarity,
        cache.parts.judge(ids, lambda i, j: _part_of(items[i], items[j], common, config, rarity), rare),
        cache.spans.judge(ids, lambda i, j: span_in(items[i].distinct, items[j].sequence, config.span_trim),
                          lambda i, j: False))
    for i, j in sorted(links(matches, config, neighbours, pieces)):
        works.join(i, j)
    for i, j in attach_scraps(segments, items, works, config):
        works.join(i, j)
    groups: dict[int, list[Segment]] = {}
    for i, segment in enumerate(segments):
        groups.setdefault(works.find(i), []).append(segment)
    return tuple(Work(tuple(group)) for group in groups.values())
