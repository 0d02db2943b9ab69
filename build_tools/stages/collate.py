"""Stage 5, collate: align every copy of a work and choose the majority reading at each place.

How it works (thresholds come from a `CollateConfig`, `DEFAULT_COLLATE` unless the caller passes another):
1. Each witness's body (its blocks after the header, joined by "\\n" paragraph breaks) is aligned
   character by character (`align.align`, anchored, near-linear) to one base witness (`choose_base`),
   the one with the longest body in folded characters (ties: the earlier siglum). Alignment compares
   folded characters (width, Traditional→Simplified) so script and width differences still line up;
   readings keep the raw text. A copy with its paragraphs in another order is first put in the order
   of the majority (`moves`): the base is the longest copy in that order, the others are aligned
   paragraph by paragraph in it, and each copy's own order is kept (`Witness.order`).
2. The aligned texts form a row of slots (`lay_out`): "before base character i" and "base character
   i". A witness votes only on the slots it covers: a copy that is truncated or lacks its opening does
   not vote where it has nothing (a lacuna, not an omission). Gaps at either end with fewer than
   `lacuna_min` letters (folded characters: spaces and punctuation do not count) are variants, not lacunae.
3. Runs of slots where the voting witnesses disagree are variant places; differences at most
   `merge_gap` shared characters apart, with no paragraph break between them, form one place
   (`place_extent`). At each place the reading with most votes wins (`choose_lemma`). **Tie rule**:
   among equally supported readings, the base witness's reading wins; if the base does not vote
   there, the reading of the earliest siglum wins. A curator can choose another reading in
   edition.yml.
4. Each place is classified (`classify`): punctuation, orthographic, localisation (regional wording,
   软件 / 軟體), mechanical (doubled character, masked digit, paragraph break), omission, addition,
   substitution.
5. The canonical text is the agreed text and the lemmas in order; as it is written, each witness's
   covered stretch and anchors (canonical offset → its own offset) are recorded, so that paragraphs
   and variants can say where every copy has them (`collate_cluster`).
"""

from __future__ import annotations

import bisect
import hashlib
from collections import Counter
from dataclasses import dataclass, replace
from functools import partial

from build_tools.records import (
    BlockRole,
    ChosenBy,
    Coverage,
    Document,
    Paragraph,
    Reading,
    Span,
    Variant,
    VariantKind,
    Witness,
    Work,
    paragraph_starts,
)
from build_tools.rules.variants import place_kind
from build_tools.settings import DEFAULT_COLLATE, CollateConfig
from build_tools.stages.layout import Layout, WitnessText, lay_out, letters, place_extent, siglum
from build_tools.stages.moves import paragraph_order, plan_order
from build_tools.stages.segment import HEADER_ROLES, propose_title
from build_tools.text import fold_text

# A curator's choice: (context string before the place, reading text) -> chosen.
Choices = dict[str, str]


def _context_key(text: str) -> str:
    """`text` without whitespace: a curator's context matches however the lines were broken."""
    return "".join(c for c in text if not c.isspace())


@dataclass(frozen=True)
class Place:
    """A variant place of the canonical text: the chosen reading (lemma), the others and who has which."""

    offset: int  # canonical offset where the lemma starts
    lemma: str
    readings: tuple[Reading, ...]  # the other readings
    lemma_witnesses: tuple[str, ...]  # sigla of the copies that have the lemma
    kind: VariantKind  # the weightiest kind among the other readings' differences from the lemma
    chosen_by: ChosenBy = "majority"  # why the lemma is the text: most copies, the tie rule, or the curator

    @property
    def voters(self) -> tuple[str, ...]:
        """Sigla of every copy that has text here: the lemma's first, then each reading's."""
        return (*self.lemma_witnesses, *(sig for reading in self.readings for sig in reading.witnesses))


@dataclass(frozen=True)
class Collation:
    """The canonical text of a work, with its places and how each witness stands on it."""

    text: str
    places: tuple[Place, ...]
    covers: dict[str, tuple[int, int]]  # siglum -> covered range of the canonical text
    anchors: dict[str, list[tuple[int, int]]]  # siglum -> (canonical offset, witness offset) pairs

    def witness_offset(self, sig: str, offset: int) -> int:
        """Offset in witness `sig` of the text at canonical `offset`."""
        points = self.anchors.get(sig) or [(0, 0)]
        k = max(0, bisect.bisect_right(points, (offset, 1 << 62)) - 1)
        canon, own = points[k]
        return own + max(0, offset - canon)


class _Emitter:
    """Writes the canonical text left to right, recording where each copy stands on it and what it covers."""

    def __init__(self, layout: Layout) -> None:
        self._laid = layout.laid
        self._out: list[str] = []
        self.tail = ""  # the last characters of the canonical text: the context of the next place
        self.position = 0  # length of the canonical text so far
        self._covers: dict[str, list[int]] = {}
        self._anchors: dict[str, list[tuple[int, int]]] = {s: [] for s in layout.order}
        self._unanchored = set(layout.order)  # copies whose next emitted text needs an anchor point

    def shared(self, text: str, slot: int, sigla: list[str]) -> None:
        """Emit text that the copies `sigla` share from `slot` on."""
        self._emit(text, slot, sigla, anchor_all=False)

    def lemma(self, text: str, slot: int, sigla: list[str]) -> None:
        """Emit the lemma of a place starting at `slot`, where the copies `sigla` vote."""
        self._emit(text, slot, sigla, anchor_all=True)
        self._unanchored.update(sigla)  # after a place, copies resume at their own offsets

    def _emit(self, text: str, slot: int, sigla: list[str], anchor_all: bool) -> None:
        """Append `text`, anchoring the copies that need it and stretching each copy's cover over it."""
        for s in sigla:
            if anchor_all or s in self._unanchored:
                self._anchors[s].append((self.position, self._laid[s].starts[slot]))
                self._unanchored.discard(s)
            cover = self._covers.setdefault(s, [self.position, self.position])
            cover[1] = self.position + len(text)
        self._out.append(text)
        self.position += len(text)
        self.tail = (self.tail + text)[-32:]

    def collation(self, places: list[Place]) -> Collation:
        """The canonical text written, with `places` and the copies' covers and anchors."""
        covers = {s: (c[0], c[1]) for s, c in self._covers.items()}
        return Collation("".join(self._out), tuple(places), covers, self._anchors)


def _shared_run_end(layout: Layout, slot: int) -> int:
    """End (exclusive) of the run of agreeing slots from agreeing `slot` on with the same voters."""
    voters = layout.voters[slot]
    stop = slot + 1
    while stop < layout.n_slots and layout.agree[stop] and layout.voters[stop] is voters:
        stop += 1
    return stop


def _readings(layout: Layout, first: int, last: int) -> dict[str, list[str]]:
    """Each reading of slots `first`..`last` (inclusive) with the sigla that have it, among the copies voting there."""
    readings: dict[str, list[str]] = {}
    for s in layout.order:
        laid = layout.laid[s]
        if laid.first <= last and laid.last >= first:
            lo, hi = max(first, laid.first), min(last, laid.last)
            readings.setdefault("".join(laid.texts[lo:hi + 1]), []).append(s)
    return readings


def choose_lemma(readings: dict[str, list[str]], base: str, order: list[str], context: str = "",
                 choices: Choices | None = None) -> tuple[str, ChosenBy]:
    """The reading the curator chose after `context`, else the one with most votes (tie rule below), and why."""
    if choices:
        key = _context_key(context)
        chosen = [c for wanted, c in choices.items() if key.endswith(_context_key(wanted)) and c in readings]
        if chosen:
            return chosen[-1], "curator"  # of several choices that match here, the last listed wins
    best = max(len(sig) for sig in readings.values())
    tied = [r for r, sig in readings.items() if len(sig) == best]
    if len(tied) == 1:
        return tied[0], "majority"
    # Ties go to the base witness's reading, else to the reading of the earliest siglum.
    with_base = [r for r in tied if base in readings[r]]
    if with_base:
        return with_base[0], "base"
    return min(tied, key=lambda r: min(order.index(s) for s in readings[r])), "first-copy"


def _place(layout: Layout, emitter: _Emitter, first: int, last: int, choices: Choices | None) -> Place:
    """Choose the lemma of the place at slots `first`..`last`, emit it and describe the place."""
    readings = _readings(layout, first, last)
    lemma, why = choose_lemma(readings, layout.base.siglum, layout.order, emitter.tail[-16:], choices)
    before = emitter.tail[-8:]
    after = "".join(layout.laid[layout.base.siglum].texts[last + 1:last + 9])
    offset = emitter.position
    emitter.lemma(lemma, first, [s for sig in readings.values() for s in sig])
    others = tuple(Reading(r, tuple(sig)) for r, sig in readings.items() if r != lemma)
    kind = place_kind(lemma, [r.text for r in others], before, after)
    return Place(offset, lemma, others, tuple(readings[lemma]), kind, why)


def collate_texts(witnesses: list[WitnessText], choices: Choices | None = None,
                  config: CollateConfig = DEFAULT_COLLATE, base: str | None = None) -> Collation:
    """Align the witnesses' bodies to the base (`base`, else `choose_base`'s) and build the majority text
    with its variant places."""
    if len(witnesses) == 1:  # a single copy is its own canonical text
        only = witnesses[0]
        return Collation(only.text, (), {only.siglum: (0, len(only.text))}, {only.siglum: [(0, 0)]})
    layout = lay_out(witnesses, config, base)
    emitter = _Emitter(layout)
    places: list[Place] = []
    slot = 0
    while slot < layout.n_slots:
        if layout.agree[slot]:
            stop = _shared_run_end(layout, slot)
            emitter.shared(layout.shared_text(slot, stop), slot, layout.voters[slot])
            slot = stop
        else:
            last = place_extent(layout, slot, config.merge_gap)
            places.append(_place(layout, emitter, slot, last, choices))
            slot = last + 1
    return emitter.collation(places)


def document_id(text: str) -> str:
    """A short id from the opening of the canonical text: stable while the sources change around it."""
    key = fold_text(text)[:80]
    return "d" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


def _coverage(start: int, end: int, canonical: str, lacuna_min: int) -> Coverage:
    """How much of the canonical text a copy covering `start`..`end` has (lacunae counted in letters)."""
    lacks_opening = letters(canonical[:start]) >= lacuna_min
    truncated = letters(canonical[end:]) >= lacuna_min
    if lacks_opening and truncated:
        return "fragment"
    if lacks_opening:
        return "lacks-opening"
    if truncated:
        return "truncated"
    return "complete"


def _majority(values: list[str | None]) -> str | None:
    """The most frequent of the given values (ties: the first met), or None when none is given."""
    present = [v for v in values if v]
    if not present:
        return None
    counts = Counter(present)
    best = max(counts.values())
    return next(v for v in present if counts[v] == best)


def _paragraph(number: int, text: str, start: int, texts: list[WitnessText], collation: Collation,
               base: WitnessText) -> Paragraph:
    """Paragraph `number` of the canonical text, at canonical `start`: where each copy has it, and its role."""
    end = start + len(text)
    spans = []
    for t in texts:
        lo, hi = collation.covers[t.siglum]
        if hi <= start or lo >= max(end, start + 1):
            continue
        first = collation.witness_offset(t.siglum, max(start, lo))
        last = collation.witness_offset(t.siglum, max(min(end, hi) - 1, start))
        spans.append((t.siglum, Span(t.segment.span.source, t.line(first), t.line(max(first, last)))))
    base_at = collation.witness_offset(base.siglum, start)
    role: BlockRole = base.roles[min(base_at, len(base.roles) - 1)] if base.roles else "body"
    if role in HEADER_ROLES and role != "date":
        role = "body"
    return Paragraph(f"p{number}", text, role, tuple(spans))


def _variant(document: Document, place: Place, collation: Collation, by_siglum: dict[str, WitnessText]) -> Variant:
    """The variant record of `place`: its paragraph and offset there, and every voter's source line."""
    paragraph, offset = document.place_at(place.offset)
    lines = tuple(sorted((sig, by_siglum[sig].line(collation.witness_offset(sig, place.offset)))
                         for sig in place.voters))
    return Variant(paragraph.id, offset, place.lemma, place.readings, place.kind, place.lemma_witnesses, lines,
                   place.chosen_by)


def _collate_in_order(texts: list[WitnessText], choices: Choices | None, config: CollateConfig
                      ) -> tuple[WitnessText, list[WitnessText], Collation, dict[str, tuple[int, ...]]]:
    """Collate the copies in the majority's paragraph order (`moves`): the base, the copies as collated
    (a reordered one rearranged), the collation and each reordered copy's own order."""
    base, moved = plan_order(texts)
    while True:
        laid = [moved[t.siglum].text if t.siglum in moved else t for t in texts]
        collation = collate_texts(laid, choices, config, base.siglum)
        spans = [(place.offset, len(place.lemma)) for place in collation.places]
        orders = {sig: paragraph_order(m, collation.text, spans, collation.covers[sig],
                                       partial(collation.witness_offset, sig)) for sig, m in moved.items()}
        if all(order is not None for order in orders.values()):
            return base, laid, collation, {sig: order for sig, order in orders.items() if order is not None}
        # A copy whose moved blocks do not fall on paragraph breaks is collated as it stands.
        moved = {sig: m for sig, m in moved.items() if orders[sig] is not None}


def collate_cluster(work: Work, choices: Choices | None = None, config: CollateConfig = DEFAULT_COLLATE) -> Document:
    """Collate the witnesses of one work into a document."""
    segments = sorted(work.segments, key=lambda s: (s.span.source, s.span.first_line))
    base, texts, collation, orders = _collate_in_order(
        [WitnessText.of(siglum(i), seg) for i, seg in enumerate(segments)], choices, config)
    canonical = collation.text
    # Which document a copy stands inside is linked once every document exists (`curate.link_embedded`).
    covers = collation.covers
    witnesses = tuple(Witness(t.siglum, t.segment, _coverage(*covers[t.siglum], canonical, config.lacuna_min),
                              covers=covers[t.siglum], order=orders.get(t.siglum)) for t in texts)
    pieces = canonical.split("\n")
    starts = paragraph_starts([len(piece) for piece in pieces])
    paragraphs = tuple(_paragraph(number, piece, start, texts, collation, base)
                       for number, (piece, start) in enumerate(zip(pieces, starts, strict=True), start=1))
    title = _majority([t.segment.title for t in texts])
    doc_id = document_id(canonical)
    document = Document(
        id=doc_id,
        title=title or propose_title(list(base.segment.blocks)),
        title_inferred=title is None,
        title_by="source" if title else "program",
        subtitle=_majority([t.segment.subtitle for t in texts]),
        date=_majority([t.segment.date for t in texts]),
        author=_majority([t.segment.author for t in texts]),
        witnesses=witnesses,
        paragraphs=paragraphs,
        base=base.siglum,
    )
    # Variants are placed in their paragraphs by the document's own offset mapping.
    by_siglum = {t.siglum: t for t in texts}
    return replace(document, variants=tuple(_variant(document, place, collation, by_siglum)
                                            for place in collation.places))


def unique_ids(documents: list[Document]) -> list[Document]:
    """Two documents whose openings agree get distinct ids by a numeric suffix, in order."""
    seen: dict[str, int] = {}
    result = []
    for doc in documents:
        count = seen.get(doc.id, 0)
        seen[doc.id] = count + 1
        if count:
            new_id = f"{doc.id}-{count + 1}"
            doc = replace(doc, id=new_id)
        result.append(doc)
    return result
