"""Collation's first step: each copy's body as text with its lines, laid on the base copy slot by slot.

A witness's body is its blocks after the header, joined by "\\n" paragraph breaks (`WitnessText`).
Every copy is aligned (`align.align`, on folded characters) to the base (`choose_base`), giving a row
of slots: "before base character i" and "base character i" (`lay_out`). A copy votes only on the
slots it covers: at either end, a gap of at least `lacuna_min` letters is a lacuna, not an omission.

Lengths that decide something are counted on folded text (`fold_text`: letters and digits only), so
that a letter-spaced copy (第 一 章) is not the longest, nor are spaces and punctuation a lacuna: the
base is the copy with the longest folded body, and a gap is measured in the letters it lacks. The
`merge_gap` of `place_extent` counts raw shared characters on purpose: a punctuation mark between two
differences stands between two phrases, and keeps them two notes.
"""

from __future__ import annotations

import itertools
import string
from collections.abc import Sequence
from dataclasses import dataclass

from build_tools.records import BlockRole, Segment
from build_tools.settings import DEFAULT_COLLATE, CollateConfig
from build_tools.stages.align import align
from build_tools.stages.segment import header_blocks
from build_tools.text import fold_keys, fold_text

SIGLA = string.ascii_uppercase


def siglum(index: int) -> str:
    """A, B, … Z, then AA, AB, …"""
    if index < len(SIGLA):
        return SIGLA[index]
    return siglum(index // len(SIGLA) - 1) + SIGLA[index % len(SIGLA)]


@dataclass
class WitnessText:
    """A witness's body as one string with the source line and role of every character."""

    siglum: str
    segment: Segment
    text: str
    lines: list[int]
    roles: list[BlockRole]

    @classmethod
    def of(cls, sig: str, segment: Segment) -> WitnessText:
        """The body of `segment` (its blocks after the header, joined by "\\n") as witness `sig`."""
        body = segment.blocks[len(header_blocks(segment)):]
        chars: list[str] = []
        lines: list[int] = []
        roles: list[BlockRole] = []
        for n, (role, block) in enumerate(body):
            if n:
                chars.append("\n")
                lines.append(lines[-1])
                roles.append(role)
            chars.append(block.text)
            marks = list(block.marks)
            for i, mark in enumerate(marks):
                stop = marks[i + 1].offset if i + 1 < len(marks) else len(block.text)
                lines.extend([mark.line] * (stop - mark.offset))
            roles.extend([role] * len(block.text))
        return cls(sig, segment, "".join(chars), lines, roles)

    def line(self, offset: int) -> int:
        """Source line of the character at `offset` (clamped to the body)."""
        if not self.lines:
            return self.segment.span.first_line
        return self.lines[min(max(offset, 0), len(self.lines) - 1)]


def choose_base(witnesses: Sequence[WitnessText]) -> WitnessText:
    """The base witness: the one with the longest body, counted in folded characters (spaces and
    punctuation do not count); ties: the earlier siglum."""
    # max() keeps the first of equal maxima, and the witnesses come in siglum order.
    return max(witnesses, key=lambda w: letters(w.text))


def letters(text: str) -> int:
    """How many letters and digits `text` has: the measure of every length threshold."""
    return len(fold_text(text))


@dataclass
class LaidWitness:
    """One witness laid on the base: its text at every slot and the slots it votes on."""

    texts: list[str]  # slot 2*i: before base char i; slot 2*i+1: base char i; last slot: after the end
    starts: list[int]  # witness offset where each slot's text starts
    first: int  # first slot voted on
    last: int  # last slot voted on (inclusive)


def _lay_on_base(base: str, witness: WitnessText, lacuna_min: int) -> LaidWitness:
    """Align `witness` to the base text and spread its text over the base's slots."""
    keys_base = fold_keys(base)
    keys = fold_keys(witness.text)
    n = len(base)
    texts = [""] * (2 * n + 1)
    starts = [0] * (2 * n + 1)
    ops = align(keys_base, keys) if base != witness.text else [("equal", 0, n, 0, n)]
    equal = [op for op in ops if op[0] == "equal"]
    if not equal:
        texts[0] = witness.text
        return LaidWitness(texts, starts, 0, 2 * n)
    first_b = equal[0][1] if letters(base[:equal[0][1]]) >= lacuna_min else 0
    last_b = equal[-1][2] if letters(base[equal[-1][2]:]) >= lacuna_min else n
    for tag, a1, a2, b1, b2 in ops:
        piece = witness.text[b1:b2]
        if tag == "equal":
            texts[2 * a1 + 1:2 * a2 + 1:2] = list(piece)
            starts[2 * a1 + 1:2 * a2 + 1:2] = range(b1, b2)
        elif tag == "insert" or a1 < first_b or a1 >= last_b:
            # Text the base lacks, or text outside the covered stretch: it stands before the next
            # covered base character (or at the edge of the covered stretch).
            slot = 2 * min(max(a1, first_b), last_b)
            if not texts[slot]:
                starts[slot] = b1
            texts[slot] += piece
        else:  # replace or delete: the witness's text stands on the first base character
            texts[2 * a1 + 1] = piece
            for k in range(a1, a2):
                starts[2 * k + 1] = b1
    # Slots the witness has nothing at still need a position: where the slot before ends.
    end = starts[0] + len(texts[0])
    for i in range(1, len(starts)):
        text = texts[i]
        if not text and starts[i] == 0:
            starts[i] = end
        end = starts[i] + len(text)
    return LaidWitness(texts, starts, 2 * first_b, 2 * last_b)


@dataclass(frozen=True)
class Layout:
    """Every witness laid on the base, who votes at each slot and whether the voters agree there."""

    base: WitnessText
    order: list[str]  # the sigla, in order
    laid: dict[str, LaidWitness]
    # The sigla voting at each slot; the slots between two changes of voters share one list object.
    voters: list[list[str]]
    agree: list[bool]

    @property
    def n_slots(self) -> int:
        """Number of slots: before and on each base character, and after the last."""
        return len(self.agree)

    def shared_text(self, start: int, stop: int) -> str:
        """The text every voter has at agreeing slots `start`..`stop` (exclusive), which share their voters."""
        return "".join(self.laid[self.voters[start][0]].texts[start:stop])


def lay_out(witnesses: Sequence[WitnessText], config: CollateConfig = DEFAULT_COLLATE,
            base_siglum: str | None = None) -> Layout:
    """Lay every witness on the base (`base_siglum`, else `choose_base`'s) and find who votes at each
    slot and where the voters agree."""
    base = next(w for w in witnesses if w.siglum == base_siglum) if base_siglum else choose_base(witnesses)
    laid = {w.siglum: _lay_on_base(base.text, w, config.lacuna_min) for w in witnesses}
    order = [w.siglum for w in witnesses]
    n_slots = 2 * len(base.text) + 1
    # Who votes at each slot changes only where a copy's covered stretch starts or ends. The base votes
    # at every slot, so no slot is without voters.
    edges = sorted({0, n_slots} | {laid[s].first for s in order} | {laid[s].last + 1 for s in order})
    voters: list[list[str]] = []
    agree: list[bool] = []
    for lo, hi in itertools.pairwise(edges):
        current = [s for s in order if laid[s].first <= lo <= laid[s].last]
        voters.extend([current] * (hi - lo))
        agree.extend(len(set(column)) <= 1 for column in zip(*(laid[s].texts[lo:hi] for s in current), strict=True))
    return Layout(base, order, laid, voters, agree)


def place_extent(layout: Layout, first: int, merge_gap: int) -> int:
    """Last slot of the place starting at disagreeing slot `first`: each difference near enough joins it."""
    last = first
    while (following := _next_difference(layout, last + 1, merge_gap)) is not None:
        last = following
    return last


def _next_difference(layout: Layout, start: int, merge_gap: int) -> int | None:
    """The next disagreeing slot from `start`, unless over `merge_gap` shared characters or a "\\n" come first."""
    shared = 0
    for slot in range(start, layout.n_slots):
        if shared > merge_gap:
            return None
        if not layout.agree[slot]:
            return slot
        common = layout.shared_text(slot, slot + 1)
        if "\n" in common:
            return None
        shared += len(common)
    return None
