"""Which groups of whole copies join (stage cluster): a part to the group it fits best, none through a
segment that holds two documents, the rest of a copy the segmenter cut off to its own document.

`cluster` finds the groups of whole copies (`UnionFind`) and the parts found in them (`Match`); `links`
decides which of those matches join groups, with `merged_wholes` (a group holding two documents),
`neighbour_groups` and `piece_groups` (segments one after the other in a file).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations

from build_tools.records import Segment
from build_tools.settings import DEFAULT_CLUSTER, ClusterConfig
from build_tools.stages.shingles import Shingled, ordered_containment, span_in

__all__ = ["Match", "UnionFind", "attach_scraps", "links", "merged_wholes", "neighbour_groups", "piece_groups"]


@dataclass(frozen=True)
class Match:
    """A part (a group of whole copies, one of them the smaller segment of a pair) found in another group."""

    part: int  # the group of the smaller segment (named by its first segment)
    whole: int  # the group of the larger segment
    score: float  # ordered containment of the smaller segment in the larger
    part_size: int  # shingles of the smaller segment
    short: bool = False  # found by its characters, a short text (`ClusterConfig.short_chars`)
    # Where the part stands in the whole (`span_in`: shares of the larger segment's text); None when
    # found by its characters.
    span: tuple[float, float] | None = None
    cover: float = 1.0  # share of the whole's text the part covers (found by characters: their lengths)
    # Where the other copies of the whole's group stand in the larger segment (their largest), if any.
    own: tuple[float, float] | None = None


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


def _apart(a: tuple[float, float] | None, b: tuple[float, float] | None, config: ClusterConfig) -> bool:
    """Two stretches of a whole overlap by at most `collection_overlap` of the shorter one (a part found
    by its characters has no known stretch: it counts as apart)."""
    if a is None or b is None:
        return True
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    return overlap <= config.collection_overlap * min(a[1] - a[0], b[1] - b[0])


def _cover(stretches: list[tuple[float, float]]) -> float:
    """How much of a whole some stretches of it cover together (their union)."""
    total, end = 0.0, 0.0
    for first, last in sorted(stretches):
        total += max(0.0, last - max(first, end))
        end = max(end, last)
    return total


def _all_apart(a: list[tuple[float, float]], b: list[tuple[float, float]], config: ClusterConfig) -> bool:
    """Every stretch of the one is `_apart` from every stretch of the other (none known: apart)."""
    return all(_apart(x, y, config) for x in a for y in b)


def _on_side(match: Match, side: int) -> bool:
    """The part stands after the whole's own text in the whole (`side` 1) or before it (-1)."""
    if match.span is None or match.own is None:
        return False
    middle, own_middle = sum(match.span) / 2, sum(match.own) / 2
    return middle > own_middle if side > 0 else middle < own_middle


def merged_wholes(matches: list[Match], config: ClusterConfig = DEFAULT_CLUSTER,
                  neighbours: set[tuple[int, int]] | None = None,
                  pieces: dict[tuple[int, int], int] | None = None) -> dict[int, list[int]]:
    """Wholes that hold two documents, and the parts found in them that are not to join them through it.

    A segment the segmenter did not part (two speeches one after the other, two poems under no title)
    holds the copies of both documents; joining each to it would make them one. The parts found in a
    whole (each where its copies stand in it), and the whole's own text (where the other copies of its
    group stand in it, `Match.own`), are one document when each is tied to the others: by a match
    between the parts' groups (copies of each other), by overlapping stretches of the whole (`_apart`:
    a truncated copy and a copy lacking its opening both hold the middle), or, two parts, by standing
    one after the other in a file (`neighbours`: a copy the segmenter cut in two); a part that is the rest
    of a copy in the whole's group, cut off by the segmenter (`pieces`), stands with the whole's own text
    when it stands on the side of it where it stands in its file. When they fall into
    several such documents, the whole holds them all: when one of them covers more of it than the
    others together, the whole is a copy of that one, whose parts join it, and the others do not; when
    none does, no part joins it.
    """
    neighbours = neighbours or set()
    pieces = pieces or {}
    related = {(m.part, m.whole) for m in matches} | {(m.whole, m.part) for m in matches} | neighbours
    by_whole: dict[int, dict[int, list[Match]]] = {}
    for m in matches:
        by_whole.setdefault(m.whole, {}).setdefault(m.part, []).append(m)
    merged: dict[int, list[int]] = {}
    for whole, found in by_whole.items():
        parts = sorted(found)
        # Where each part's copies stand (a part found by its characters: nowhere known), and the whole's own
        # text (where the other copies of its group stand).
        spans = [[m.span for m in found[p] if m.span is not None] for p in parts]
        covers = [max(m.cover for m in found[p]) for p in parts]
        owns = [m.own for p in parts for m in found[p] if m.own is not None]
        own = len(parts)  # the node of the whole's own text
        documents = UnionFind(len(parts) + 1)
        for x, y in combinations(range(len(parts)), 2):
            if (parts[x], parts[y]) in related or not _all_apart(spans[x], spans[y], config):
                documents.join(x, y)
        for x, part in enumerate(parts):
            # Each match measures the part and the own text on one segment of the whole. (A short text found
            # by its characters in a short whole stands in the whole's own text.)
            in_own = owns and (not spans[x] or any(m.span is not None and m.own is not None
                                                   and not _apart(m.span, m.own, config) for m in found[part]))
            rest = (part, whole) in pieces and any(_on_side(m, pieces[(part, whole)]) for m in found[part])
            if in_own or rest:
                documents.join(x, own)
        stretches: dict[int, list[tuple[float, float]]] = {}
        for x in range(len(parts)):
            stretches.setdefault(documents.find(x), []).extend(spans[x] or [(0.0, covers[x])])
        if owns:
            stretches.setdefault(documents.find(own), []).extend(owns)
        if len(stretches) < 2:
            continue
        cover = {key: _cover(spans_) for key, spans_ in stretches.items()}
        ranked = sorted(cover, key=lambda key: (-cover[key], key))
        mostly = cover[ranked[0]] > sum(cover[key] for key in ranked[1:])  # the whole is a copy of that one
        keep = ranked[0] if mostly else -1
        merged[whole] = [p for x, p in enumerate(parts) if documents.find(x) != keep]
    return merged


def links(matches: list[Match], config: ClusterConfig = DEFAULT_CLUSTER,
          neighbours: set[tuple[int, int]] | None = None,
          pieces: dict[tuple[int, int], int] | None = None) -> list[tuple[int, int]]:
    """The groups to join: a part to the group it fits best, and to others only when it fits them as well.

    A part (a truncated copy, a fragment) can be contained in several documents that share some of
    its sentences. Joining it to all of them would chain unrelated documents together, so a part
    joins its best match, and others only when it is long and fits them about as well and nearly
    whole. A whole that holds two documents (`merged_wholes`: a file of two poems or two speeches the
    segmenter did not part) is a copy of neither: the parts of the one covering less of it do not join it.
    A part kept from its best match so joins no other that it fits less well (by more than `bridge_margin`):
    that one merely shares some of its sentences.
    """
    best_of: dict[tuple[int, int], Match] = {}
    for m in matches:
        known = best_of.get((m.part, m.whole))
        if known is None or (m.score, m.part_size) > (known.score, known.part_size):
            best_of[(m.part, m.whole)] = m
    merged = merged_wholes(matches, config, neighbours, pieces)
    blocked = {(part, whole) for whole, found in merged.items() for part in found}
    parts: dict[int, list[Match]] = {}
    best_blocked: dict[int, float] = {}
    for m in best_of.values():
        if (m.part, m.whole) not in blocked:
            parts.setdefault(m.part, []).append(m)
        else:
            best_blocked[m.part] = max(best_blocked.get(m.part, 0.0), m.score)
    for part, candidates in list(parts.items()):
        if part in best_blocked:
            parts[part] = [m for m in candidates if m.score >= best_blocked[part] - config.bridge_margin]
    joined = []
    for part, candidates in parts.items():
        if not candidates:
            continue
        ranked = sorted(candidates, key=lambda m: (-m.score, m.whole))
        best = ranked[0]
        joined.append((part, best.whole))
        joined.extend((part, m.whole) for m in ranked[1:]
                      if m.part_size >= config.bridge_min_shingles and m.score >= config.strong_match
                      and m.score >= best.score - config.bridge_margin)
    return joined


def neighbour_groups(segments: tuple[Segment, ...], whole: UnionFind) -> set[tuple[int, int]]:
    """Pieces of one copy the segmenter cut apart: segments that follow each other in a file, each alone in
    its group of whole copies (a document found in other files too stands on its own), both ways round."""
    size: Counter[int] = Counter(whole.find(i) for i in range(len(segments)))
    found = set()
    for i in range(len(segments) - 1):
        if segments[i].span.source == segments[i + 1].span.source:
            a, b = whole.find(i), whole.find(i + 1)
            if a != b and size[a] == size[b] == 1:
                found |= {(a, b), (b, a)}
    return found


def piece_groups(segments: tuple[Segment, ...], whole: UnionFind) -> dict[tuple[int, int], int]:
    """Rests of copies the segmenter cut off: a segment alone in its group of whole copies, next in its file to
    a member of a group of several (whose own text it completes): (its group, that group) -> 1 when it
    follows the member, -1 when it comes before."""
    size: Counter[int] = Counter(whole.find(i) for i in range(len(segments)))
    found: dict[tuple[int, int], int] = {}
    for i in range(len(segments) - 1):
        if segments[i].span.source != segments[i + 1].span.source:
            continue
        a, b = whole.find(i), whole.find(i + 1)
        if a != b and size[b] == 1 and size[a] > 1:
            found[(b, a)] = 1
        if a != b and size[a] == 1 and size[b] > 1:
            found[(a, b)] = -1
    return found


def _stands_beside(scrap: Shingled, member: Shingled, other: Shingled, after: bool, config: ClusterConfig) -> bool:
    """`scrap` stands in `other` (a copy of `member`'s document) in order, beyond where `member`'s text ends
    in it (`after`) or before it begins."""
    if ordered_containment(scrap.sequence, other.sequence) < config.containment:
        return False
    start, end = span_in(scrap.distinct, other.sequence, 0.0)
    first, last = span_in(member.distinct, other.sequence, config.span_trim)
    slack = config.scrap_slack
    return start >= last - slack if after else end <= first + slack


def attach_scraps(segments: tuple[Segment, ...], items: list[Shingled], works: UnionFind,
                  config: ClusterConfig = DEFAULT_CLUSTER) -> list[tuple[int, int]]:
    """Scraps of copies the segmenter cut off (a last line, a closing sentence): a segment alone in its work,
    too short to be matched by its shingles (fewer than `min_shared_shingles`, at least `short_min_chars`
    characters), next in its file to a member of a work of several segments, and found in order in another
    member of that work where the neighbour's text does not reach, on the side the scrap stands in its
    file. The pairs (scrap, neighbour) to join."""
    size: Counter[int] = Counter(works.find(i) for i in range(len(segments)))
    members: dict[int, list[int]] = {}
    for i in range(len(segments)):
        members.setdefault(works.find(i), []).append(i)
    joins = []
    for i, scrap in enumerate(items):
        if (size[works.find(i)] != 1 or len(scrap.distinct) >= config.min_shared_shingles
                or len(scrap.text) < config.short_min_chars):
            continue
        for j, after in ((i - 1, True), (i + 1, False)):
            if not 0 <= j < len(segments) or segments[j].span.source != segments[i].span.source:
                continue
            group = works.find(j)
            if size[group] < 2:
                continue
            others = sorted((k for k in members[group] if k != j), key=lambda k: (-len(items[k].distinct), k))
            if any(_stands_beside(scrap, items[j], items[k], after, config)
                   for k in others[:config.matches_per_group_pair]):
                joins.append((i, j))
                break
    return joins
