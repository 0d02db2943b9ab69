"""Copies that have their paragraphs (or sections) in another order: found, collated in the edition's
order, and their own order kept.

A moved paragraph aligned character by character would be a huge omission here and a huge addition
there. Instead:

1. Each copy's paragraphs are placed on a reference copy (`_placements`): every folded n-gram of
   `PIN_SIZE` characters that occurs once in each text pins a character of the copy to one of the
   reference, and a paragraph stands where the median of its pins does. A paragraph with fewer than
   `MIN_PINS` pins, unless they are at least half of its n-grams (a short heading), has no place of
   its own (a line found nowhere else, a paragraph written twice): it travels with the paragraph after
   it (the last one with the one before). A copy whose paragraphs, sorted by where they stand, come
   in another order is reordered.
2. The edition keeps the majority's order (`plan_order`): the reference is the longest copy
   (`choose_base`); each copy's order is compared with every other's on the paragraphs they share.
   Another copy's order wins when more copies agree with it and not with the reference's than
   agree with the reference's and not with it (a copy that agrees with both does not count; on a tie
   the reference's order stays; among several such orders, the one with the widest margin, then the
   earliest siglum's).
   The base is the longest copy in that order, and every copy in another order is rearranged into the
   base's order for collation (`Rearranged`): blocks of paragraphs moved whole, every character
   keeping its source line, so that provenance and the variants' line links stay right.
3. After collation the copy's own order is told in canonical paragraph numbers (`paragraph_order`).
   Every boundary between its moved blocks must fall on a paragraph break of the canonical text that
   the copy shares (outside every variant place); when one does not, collate collates the copy again
   as it stands (then a moved paragraph is an omission and an addition: nothing is lost either way).
"""

from __future__ import annotations

import bisect
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from build_tools.records import BlockRole
from build_tools.stages.align import unique_ngrams
from build_tools.stages.layout import WitnessText, choose_base
from build_tools.text import fold_keys

PIN_SIZE = 6  # characters per n-gram that pins a copy's character to the reference's
MIN_PINS = 3  # a paragraph with fewer pins (and pins at less than half its n-grams) travels with its neighbour


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each "\\n"-separated paragraph of `text`."""
    spans, start = [], 0
    for piece in text.split("\n"):
        spans.append((start, start + len(piece)))
        start += len(piece) + 1
    return spans


def _pins(text: str) -> dict[str, int]:
    """The folded n-grams that occur once in `text`, with where each stands."""
    return unique_ngrams(fold_keys(text), PIN_SIZE)


def _placements(in_reference: dict[str, int], text: str) -> list[float]:
    """Where each paragraph of `text` stands in the reference, whose `_pins` are `in_reference` (the
    median of its pins, see the module)."""
    pins = sorted((pos, in_reference[gram]) for gram, pos in _pins(text).items() if gram in in_reference)
    spans = _paragraphs(text)
    found: list[float | None] = []
    for start, end in spans:
        lo, hi = bisect.bisect_left(pins, (start, -1)), bisect.bisect_left(pins, (end, -1))
        own = [ref for _, ref in pins[lo:hi]]
        enough = len(own) >= MIN_PINS or 2 * len(own) >= max(1, end - start - PIN_SIZE + 1)
        found.append(statistics.median(own) if own and enough else None)
    placed = [f for f in found if f is not None]
    if not placed:
        return [0.0] * len(spans)
    result: list[float] = []
    following: float = placed[-1]
    for value in reversed(found):  # unplaced paragraphs take the place of the paragraph after them
        following = value if value is not None else following
        result.append(following)
    return result[::-1]


def _key(starts: list[int], positions: list[float]) -> tuple[int, ...]:
    """The reference's paragraph numbers (0-based; its paragraphs start at `starts`) that a copy's
    paragraphs fall in, in the copy's order."""
    key: list[int] = []
    for position in positions:
        number = bisect.bisect_right(starts, position) - 1
        if not key or key[-1] != number:
            key.append(number)
    return tuple(key)


def _agree(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """Two copies have the paragraphs they share in the same order."""
    shared = set(a) & set(b)
    return [n for n in dict.fromkeys(a) if n in shared] == [n for n in dict.fromkeys(b) if n in shared]


@dataclass(frozen=True)
class Rearranged:
    """A copy with its paragraphs put in the base's order, and how to tell its own order again."""

    text: WitnessText  # the copy's body in the base's order, every character with its own source line
    blocks: tuple[tuple[int, int], ...]  # (start, end) in `text` of each block moved whole, in the base's order
    own: tuple[int, ...]  # the blocks (indices into `blocks`) in the copy's own order


def _rearrange(witness: WitnessText, sequence: list[int]) -> Rearranged:
    """`witness` with its paragraphs in the order `sequence` (indices of its paragraphs)."""
    spans = _paragraphs(witness.text)
    chars: list[str] = []
    lines: list[int] = []
    roles: list[BlockRole] = []
    firsts: list[int] = []  # the paragraph each block starts with, and where it starts in the new text
    block_starts: list[int] = []
    for k, index in enumerate(sequence):
        start, end = spans[index]
        if k:
            chars.append("\n")  # a break keeps the line of the text before it and the role of the text after
            lines.append(lines[-1] if lines else witness.line(start))
            roles.append(witness.roles[start] if start < end else "body")
        if not k or index != sequence[k - 1] + 1:
            firsts.append(index)
            block_starts.append(len(lines))
        chars.append(witness.text[start:end])
        lines.extend(witness.lines[start:end])
        roles.extend(witness.roles[start:end])
    text = "".join(chars)
    ends = [start - 1 for start in block_starts[1:]] + [len(text)]
    blocks = tuple(zip(block_starts, ends, strict=True))
    own = tuple(sorted(range(len(blocks)), key=firsts.__getitem__))
    return Rearranged(WitnessText(witness.siglum, witness.segment, text, lines, roles), blocks, own)


def _moved(witness: WitnessText, positions: list[float]) -> Rearranged | None:
    """`witness` in the base's order (its paragraphs stand at `positions` there), or None when it has its
    paragraphs in that order already."""
    sequence = sorted(range(len(positions)), key=positions.__getitem__)
    return None if sequence == sorted(sequence) else _rearrange(witness, sequence)


def plan_order(witnesses: Sequence[WitnessText]) -> tuple[WitnessText, dict[str, Rearranged]]:
    """The base (the longest copy in the majority's order) and every copy in another order, rearranged."""
    reference = choose_base(witnesses)
    if len(witnesses) < 2 or all("\n" not in w.text for w in witnesses):
        return reference, {}
    in_reference = _pins(reference.text)
    positions = {w.siglum: _placements(in_reference, w.text) for w in witnesses}
    starts = [start for start, _ in _paragraphs(reference.text)]
    keys = {sig: _key(starts, placed) for sig, placed in positions.items()}
    ours = keys[reference.siglum]

    def margin(theirs: tuple[int, ...]) -> int:
        """Copies in order `theirs` but not in the reference's, less copies in the reference's but not in
        `theirs` (a copy that agrees with both, one lacking the moved paragraphs, does not count)."""
        return sum(_agree(key, theirs) - _agree(key, ours) for key in keys.values())

    challengers = [keys[w.siglum] for w in witnesses if not _agree(keys[w.siglum], ours)]
    # max() keeps the first of equal maxima: the copies in siglum order; a tie keeps the reference's order.
    best = max(challengers, key=margin, default=ours)
    base = reference
    if best is not ours and margin(best) > 0:
        base = choose_base([w for w in witnesses if _agree(keys[w.siglum], best)])
        in_base = _pins(base.text)
        positions = {w.siglum: _placements(in_base, w.text) for w in witnesses}
    moved = {w.siglum: _moved(w, positions[w.siglum]) for w in witnesses if w is not base}
    return base, {sig: m for sig, m in moved.items() if m is not None}


def paragraph_order(moved: Rearranged, canonical: str, places: Sequence[tuple[int, int]],
                    cover: tuple[int, int], to_witness: Callable[[int], int]) -> tuple[int, ...] | None:
    """The canonical paragraph numbers (1-based) in the order the copy has them; None when a boundary of
    its moved blocks is not a paragraph break of the canonical text that it shares (`places`: the
    (offset, length) of every variant place's lemma; `to_witness`: canonical offset → offset in
    `moved.text`)."""
    lo, hi = cover
    offsets = [offset for offset, _ in places]  # the places stand in order and do not overlap
    shared_breaks = {}
    breaks = [i for i, c in enumerate(canonical) if c == "\n"]
    for number, e in enumerate(breaks, start=1):  # the break at e ends paragraph `number`
        k = bisect.bisect_right(offsets, e) - 1
        if lo <= e < hi and not (k >= 0 and e < places[k][0] + places[k][1]):
            shared_breaks[to_witness(e)] = number
    ends = []
    for _, end in moved.blocks[:-1]:
        if end not in shared_breaks:
            return None
        ends.append(shared_breaks[end])
    ends.append(bisect.bisect_left(breaks, max(lo, hi - 1)) + 1)
    firsts = [bisect.bisect_left(breaks, lo) + 1] + [n + 1 for n in ends[:-1]]
    if any(first > last for first, last in zip(firsts, ends, strict=True)):
        return None
    return tuple(n for block in moved.own for n in range(firsts[block], ends[block] + 1))
