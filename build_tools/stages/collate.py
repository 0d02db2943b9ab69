"""Stage 5, collate: align every copy of a work and choose the majority reading at each place.

How it works (thresholds come from a `CollateConfig`, `DEFAULT_COLLATE` unless the caller passes another):
1. Each witness's body (its blocks after the header, joined by "\\n" paragraph breaks) is aligned
   character by character (`align.align`, anchored, near-linear) to one base witness (`choose_base`),
   the one with the longest body (ties: the earlier siglum). Alignment compares folded characters
   (width, Traditional→Simplified) so script and width differences still line up; readings keep the
   raw text.
2. The aligned texts form a row of slots (`lay_out`): "before base character i" and "base character
   i". A witness votes only on the slots it covers: a copy that is truncated or lacks its opening does
   not vote where it has nothing (a lacuna, not an omission). Gaps at either end shorter than
   `lacuna_min` characters count as variants, not lacunae.
3. Runs of slots where the voting witnesses disagree are variant places; differences at most
   `merge_gap` shared characters apart, with no paragraph break between them, form one place
   (`place_extent`). At each place the reading with most votes wins (`choose_lemma`). **Tie rule**:
   among equally supported readings, the base witness's reading wins; if the base does not vote
   there, the reading of the earliest siglum wins. A curator can choose another reading in
   edition.yml.
4. Each place is classified (`classify`): punctuation, orthographic, mechanical (doubled
   character, masked digit, paragraph break), omission, addition, substitution.
5. The canonical text is the agreed text and the lemmas in order; as it is written, each witness's
   covered stretch and anchors (canonical offset → its own offset) are recorded, so that paragraphs
   and variants can say where every copy has them (`collate_cluster`).
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import string
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from build_tools.records import (
    BlockRole,
    Coverage,
    Document,
    Paragraph,
    Reading,
    Segment,
    Span,
    Variant,
    VariantKind,
    Witness,
    Work,
    paragraph_starts,
)
from build_tools.stages.align import align
from build_tools.stages.segment import HEADER_ROLES, header_blocks, propose_title
from build_tools.text import fold_keys, fold_text

SIGLA = string.ascii_uppercase
MASK_CHARS = "XxＸｘ×*＊_＿某○〇□■"
KIND_RANK: dict[VariantKind, int] = {"punctuation": 0, "orthographic": 1, "mechanical": 2, "omission": 3,
                                     "addition": 3, "substitution": 4}

# A curator's choice: (context string before the place, reading text) -> chosen.
Choices = dict[str, str]


@dataclass(frozen=True)
class CollateConfig:
    """The thresholds of collation; pass another one to collate differently (nothing to monkeypatch)."""

    # Differences at most this many shared characters apart form one variant place, so a transposition
    # or a reworded phrase is one note, not one per character.
    merge_gap: int = 2
    # A copy missing at least this many characters at an end lacks its opening (or ending) there and does
    # not vote on it; a shorter gap at an end is a variant like any other.
    lacuna_min: int = 12


DEFAULT_COLLATE = CollateConfig()


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
    """The base witness: the one with the longest body; ties: the earlier siglum."""
    # max() keeps the first of equal maxima, and the witnesses come in siglum order.
    return max(witnesses, key=lambda w: len(w.text))


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
    first_b = equal[0][1] if equal[0][1] >= lacuna_min else 0
    last_b = equal[-1][2] if n - equal[-1][2] >= lacuna_min else n
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
    for i in range(len(starts)):  # slots the witness has nothing at still need a position
        if not texts[i] and i and starts[i] == 0:
            starts[i] = starts[i - 1] + len(texts[i - 1])
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


def lay_out(witnesses: Sequence[WitnessText], config: CollateConfig = DEFAULT_COLLATE) -> Layout:
    """Lay every witness on the base and find who votes at each slot and where the voters agree."""
    base = choose_base(witnesses)
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


def _strip_punct(text: str) -> str:
    """Only the letters and digits of `text`."""
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN")


def _is_doubling(short: str, long: str) -> bool:
    """`long` is `short` with a run of characters written twice."""
    extra = len(long) - len(short)
    if not 0 < extra <= 4:
        return False
    for i in range(len(long) - extra + 1):
        repeated = long[i:i + extra] in (long[i - extra:i], long[i + extra:i + 2 * extra])
        if repeated and long[:i] + long[i + extra:] == short:
            return True
    return False


def _masked(digits: str, masked: str) -> bool:
    """`masked` is the number `digits` with some or all digits replaced by a placeholder."""
    digits, masked = _strip_punct(digits) or digits, masked.strip()
    return (bool(digits) and bool(masked) and all(c.isdigit() for c in digits)
            and all(c in MASK_CHARS or c.isdigit() for c in masked) and any(c in MASK_CHARS for c in masked))


def classify(lemma: str, reading: str, before: str = "", after: str = "") -> VariantKind:
    """Kind of the difference between the chosen text and one other reading at a place."""
    if lemma.replace("\n", "") == reading.replace("\n", ""):
        return "mechanical"  # a paragraph broken (or joined) by extraction
    if _strip_punct(lemma) == _strip_punct(reading):
        return "punctuation"
    if fold_text(lemma) == fold_text(reading) and len(lemma) == len(reading):
        return "orthographic"
    if _masked(lemma, reading) or _masked(reading, lemma):
        return "mechanical"  # digits masked by a placeholder
    ctx_lemma, ctx_reading = before[-4:] + lemma + after[:4], before[-4:] + reading + after[:4]
    if _is_doubling(ctx_lemma, ctx_reading) or _is_doubling(ctx_reading, ctx_lemma):
        return "mechanical"  # a doubled character
    if not reading:
        return "omission"
    if not lemma:
        return "addition"
    return "substitution"


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
                 choices: Choices | None = None) -> str:
    """The reading the curator chose after `context`, else the one with most votes (tie rule below)."""
    if choices:
        key = _context_key(context)
        chosen = [c for wanted, c in choices.items() if key.endswith(_context_key(wanted)) and c in readings]
        if chosen:
            return chosen[-1]  # of several choices that match here, the last listed wins
    best = max(len(sig) for sig in readings.values())
    tied = [r for r, sig in readings.items() if len(sig) == best]
    # Ties go to the base witness's reading, else to the reading of the earliest siglum.
    with_base = [r for r in tied if base in readings[r]]
    if with_base:
        return with_base[0]
    return min(tied, key=lambda r: min(order.index(s) for s in readings[r]))


def _place_kind(lemma: str, others: tuple[Reading, ...], before: str, after: str) -> VariantKind:
    """The weightiest kind among the differences of the other readings from the lemma."""
    kinds = [classify(lemma, reading.text, before, after) for reading in others]
    return max(kinds, key=KIND_RANK.__getitem__) if kinds else "substitution"


def _place(layout: Layout, emitter: _Emitter, first: int, last: int, choices: Choices | None) -> Place:
    """Choose the lemma of the place at slots `first`..`last`, emit it and describe the place."""
    readings = _readings(layout, first, last)
    lemma = choose_lemma(readings, layout.base.siglum, layout.order, emitter.tail[-16:], choices)
    before = emitter.tail[-8:]
    after = "".join(layout.laid[layout.base.siglum].texts[last + 1:last + 9])
    offset = emitter.position
    emitter.lemma(lemma, first, [s for sig in readings.values() for s in sig])
    others = tuple(Reading(r, tuple(sig)) for r, sig in readings.items() if r != lemma)
    return Place(offset, lemma, others, tuple(readings[lemma]), _place_kind(lemma, others, before, after))


def collate_texts(witnesses: list[WitnessText], choices: Choices | None = None,
                  config: CollateConfig = DEFAULT_COLLATE) -> Collation:
    """Align the witnesses' bodies and build the majority text with its variant places."""
    if len(witnesses) == 1:  # a single copy is its own canonical text
        only = witnesses[0]
        return Collation(only.text, (), {only.siglum: (0, len(only.text))}, {only.siglum: [(0, 0)]})
    layout = lay_out(witnesses, config)
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


def _coverage(start: int, end: int, total: int, lacuna_min: int) -> Coverage:
    """How much of the canonical text (`total` characters) a copy covering `start`..`end` has."""
    lacks_opening = start >= lacuna_min
    truncated = total - end >= lacuna_min
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
    return Variant(paragraph.id, offset, place.lemma, place.readings, place.kind, place.lemma_witnesses, lines)


def collate_cluster(work: Work, choices: Choices | None = None, config: CollateConfig = DEFAULT_COLLATE) -> Document:
    """Collate the witnesses of one work into a document."""
    segments = sorted(work.segments, key=lambda s: (s.span.source, s.span.first_line))
    texts = [WitnessText.of(siglum(i), seg) for i, seg in enumerate(segments)]
    collation = collate_texts(texts, choices, config)
    canonical = collation.text
    # Which document a copy stands inside is linked once every document exists (`curate.link_embedded`).
    covers = collation.covers
    witnesses = tuple(Witness(t.siglum, t.segment, _coverage(*covers[t.siglum], len(canonical), config.lacuna_min),
                              covers=covers[t.siglum]) for t in texts)
    base = choose_base(texts)
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
        chapter=f"chapters/{doc_id}.md",
        witnesses=witnesses,
        paragraphs=paragraphs,
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
            doc = replace(doc, id=new_id, chapter=f"chapters/{new_id}.md")
        result.append(doc)
    return result
