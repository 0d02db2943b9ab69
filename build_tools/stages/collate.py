"""Stage 5, collate: align every copy of a work and choose the majority reading at each place.

How it works:
1. Each witness's body (its blocks after the header, joined by "\\n" paragraph breaks) is aligned
   character by character (`align.align`, anchored, near-linear) to one base witness, the one with
   the longest body (ties: the earlier siglum). Alignment compares folded characters (width,
   Traditional→Simplified) so script and width differences still line up; readings keep the raw text.
2. The aligned texts form a row of slots: "before base character i" and "base character i". A
   witness votes only on the slots it covers: a copy that is truncated or lacks its opening does not
   vote where it has nothing (a lacuna, not an omission). Gaps at either end shorter than
   `LACUNA_MIN` characters count as variants, not lacunae.
3. Runs of slots where the voting witnesses disagree are variant places. At each place the reading
   with most votes wins. **Tie rule**: among equally supported readings, the base witness's reading
   wins; if the base does not vote there, the reading of the earliest siglum wins. A curator can
   choose another reading in edition.yml.
4. Each place is classified (`classify`): punctuation, orthographic, mechanical (doubled
   character, masked digit, paragraph break), omission, addition, substitution.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import string
import unicodedata
from collections import Counter
from dataclasses import dataclass

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
)
from build_tools.stages.align import align
from build_tools.stages.cluster import fold_char, fold_text
from build_tools.stages.segment import HEADER_ROLES, header_blocks, propose_title

SIGLA = string.ascii_uppercase
MERGE_GAP = 2  # differences at most this many shared characters apart form one variant place
LACUNA_MIN = 12  # a copy missing at least this many characters at an end lacks its opening/ending
MASK_CHARS = "XxＸｘ×*＊_＿某○〇□■"
KIND_RANK: dict[VariantKind, int] = {"punctuation": 0, "orthographic": 1, "mechanical": 2, "omission": 3,
                                     "addition": 3, "substitution": 4}

# A curator's choice: (context string before the place, reading text) -> chosen.
Choices = dict[str, str]


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
        if not self.lines:
            return self.segment.span.first_line
        return self.lines[min(max(offset, 0), len(self.lines) - 1)]


@dataclass
class _Slots:
    """One witness laid on the base: its text at every slot and the slots it votes on."""

    texts: list[str]  # slot 2*i: before base char i; slot 2*i+1: base char i; last slot: after the end
    starts: list[int]  # witness offset where each slot's text starts
    first: int  # first slot voted on
    last: int  # last slot voted on (inclusive)


def _lay_on_base(base: str, witness: WitnessText) -> _Slots:
    keys_base = fold_keys(base)
    keys = fold_keys(witness.text)
    n = len(base)
    texts = [""] * (2 * n + 1)
    starts = [0] * (2 * n + 1)
    ops = align(keys_base, keys) if base != witness.text else [("equal", 0, n, 0, n)]
    equal = [op for op in ops if op[0] == "equal"]
    if not equal:
        texts[0] = witness.text
        return _Slots(texts, starts, 0, 2 * n)
    first_b = equal[0][1] if equal[0][1] >= LACUNA_MIN else 0
    last_b = equal[-1][2] if n - equal[-1][2] >= LACUNA_MIN else n
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
    return _Slots(texts, starts, 2 * first_b, 2 * last_b)


def _strip_punct(text: str) -> str:
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
    digits, masked = _strip_punct(digits) or digits, masked.strip()
    return (bool(digits) and bool(masked) and all(c.isdigit() for c in digits)
            and all(c in MASK_CHARS or c.isdigit() for c in masked) and any(c in MASK_CHARS for c in masked))


def classify(lemma: str, reading: str, before: str = "", after: str = "") -> VariantKind:
    """Kind of the difference between the chosen text and one other reading at a place."""
    if lemma.replace("\n", "") == reading.replace("\n", ""):
        return "mechanical"  # a paragraph broken (or joined) by extraction
    if _strip_punct(lemma) == _strip_punct(reading):
        return "punctuation"
    if fold_text(lemma) == fold_text(reading) and _strip_punct(lemma) != _strip_punct(reading) and \
            len(lemma) == len(reading):
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
    return "".join(c for c in text if not c.isspace())


@dataclass(frozen=True)
class Collation:
    """The canonical text of a work, with its places and how each witness stands on it."""

    text: str
    # (canonical offset, lemma, other readings, sigla of the lemma, kind)
    places: tuple[tuple[int, str, tuple[Reading, ...], tuple[str, ...], VariantKind], ...]
    covers: dict[str, tuple[int, int]]  # siglum -> covered range of the canonical text
    anchors: dict[str, list[tuple[int, int]]]  # siglum -> (canonical offset, witness offset) pairs

    def witness_offset(self, sig: str, offset: int) -> int:
        """Offset in witness `sig` of the text at canonical `offset`."""
        points = self.anchors.get(sig) or [(0, 0)]
        k = max(0, bisect.bisect_right(points, (offset, 1 << 62)) - 1)
        canon, own = points[k]
        return own + max(0, offset - canon)


def _choose(readings: dict[str, list[str]], base: str, order: list[str]) -> str:
    """The majority reading; ties go to the base witness's reading, else to the earliest siglum's."""
    best = max(len(sig) for sig in readings.values())
    tied = [r for r, sig in readings.items() if len(sig) == best]
    with_base = [r for r in tied if base in readings[r]]
    if with_base:
        return with_base[0]
    return min(tied, key=lambda r: min(order.index(s) for s in readings[r]))


def fold_keys(text: str) -> str:
    """The text with every character folded (`fold_char`), same length: what alignment compares."""
    table = {ord(c): fold_char(c) for c in set(text)}
    return text.translate({k: v for k, v in table.items() if v != chr(k)})


def collate_texts(witnesses: list[WitnessText], choices: Choices | None = None) -> Collation:
    """Align the witnesses' bodies and build the majority text with its variant places."""
    if len(witnesses) == 1:  # a single copy is its own canonical text
        only = witnesses[0]
        return Collation(only.text, (), {only.siglum: (0, len(only.text))}, {only.siglum: [(0, 0)]})
    base = max(witnesses, key=lambda w: (len(w.text), -witnesses.index(w)))
    laid = {w.siglum: _lay_on_base(base.text, w) for w in witnesses}
    order = [w.siglum for w in witnesses]
    n_slots = 2 * len(base.text) + 1
    texts = {s: laid[s].texts for s in order}
    # Who votes at each slot changes only where a copy's covered stretch starts or ends.
    edges = sorted({0, n_slots} | {laid[s].first for s in order} | {laid[s].last + 1 for s in order})
    voters_at: list[list[str]] = []
    agree: list[bool] = []
    for lo, hi in itertools.pairwise(edges):
        if hi > n_slots or lo >= hi:
            continue
        current = [s for s in order if laid[s].first <= lo <= laid[s].last]
        voters_at.extend([current] * (hi - lo))
        columns = zip(*(texts[s][lo:hi] for s in current), strict=True) if current else ([] for _ in range(hi - lo))
        agree.extend(len(set(col)) <= 1 for col in columns)

    out: list[str] = []
    tail = ""  # the last characters of the canonical text, for contexts
    pos = 0
    places: list[tuple[int, str, tuple[Reading, ...], tuple[str, ...], VariantKind]] = []
    covers: dict[str, list[int]] = {}
    anchors: dict[str, list[tuple[int, int]]] = {s: [] for s in order}
    unanchored = set(order)  # copies whose next emitted text needs an anchor point

    def emit(text: str, slot: int, sigla: list[str], anchor_all: bool) -> None:
        nonlocal pos, tail
        for s in sigla:
            if anchor_all or s in unanchored:
                anchors[s].append((pos, laid[s].starts[slot]))
                unanchored.discard(s)
            cover = covers.setdefault(s, [pos, pos])
            cover[1] = pos + len(text)
        out.append(text)
        pos += len(text)
        tail = (tail + text)[-32:]

    slot = 0
    while slot < n_slots:
        if agree[slot]:
            vs = voters_at[slot]
            stop = slot + 1
            while stop < n_slots and agree[stop] and voters_at[stop] is vs:
                stop += 1
            emit("".join(texts[vs[0]][slot:stop]) if vs else "", slot, vs, False)
            slot = stop
            continue
        end = slot
        while True:
            # Neighbouring differences (up to MERGE_GAP shared characters apart) make one place, so
            # a transposition or a reworded phrase is one note, not one per character.
            gap, shared, nxt = end + 1, 0, None
            while gap < n_slots and shared <= MERGE_GAP:
                if not agree[gap]:
                    nxt = gap
                    break
                common = texts[voters_at[gap][0]][gap] if voters_at[gap] else ""
                if "\n" in common:
                    break
                shared += len(common)
                gap += 1
            if nxt is None or shared > MERGE_GAP:
                break
            end = nxt
        readings: dict[str, list[str]] = {}
        for s in order:
            if laid[s].first <= end and laid[s].last >= slot:
                lo, hi = max(slot, laid[s].first), min(end, laid[s].last)
                readings.setdefault("".join(texts[s][lo:hi + 1]), []).append(s)
        lemma = _choose(readings, base.siglum, order)
        if choices:
            context = _context_key(tail[-16:])
            for wanted_context, chosen in choices.items():
                if context.endswith(_context_key(wanted_context)) and chosen in readings:
                    lemma = chosen
        before = tail[-8:]
        after = "".join(texts[base.siglum][end + 1:min(n_slots, end + 9)])
        position = pos
        voting = [s for sig in readings.values() for s in sig]
        emit(lemma, slot, voting, True)
        unanchored.update(voting)  # after a place, copies resume at their own offsets
        others = tuple(Reading(r, tuple(sig)) for r, sig in readings.items() if r != lemma)
        kinds: list[VariantKind] = [classify(lemma, r.text, before, after) for r in others]
        kind: VariantKind = max(kinds, key=lambda k: KIND_RANK[k]) if kinds else "substitution"
        places.append((position, lemma, others, tuple(readings[lemma]), kind))
        slot = end + 1
    return Collation("".join(out), tuple(places), {s: (c[0], c[1]) for s, c in covers.items()}, anchors)


def document_id(text: str) -> str:
    """A short id from the opening of the canonical text: stable while the sources change around it."""
    key = fold_text(text)[:80]
    return "d" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


def _coverage(start: int, end: int, total: int) -> Coverage:
    lacks_opening = start >= LACUNA_MIN
    truncated = total - end >= LACUNA_MIN
    if lacks_opening and truncated:
        return "fragment"
    if lacks_opening:
        return "lacks-opening"
    if truncated:
        return "truncated"
    return "complete"


def _majority(values: list[str | None]) -> str | None:
    present = [v for v in values if v]
    if not present:
        return None
    counts = Counter(present)
    best = max(counts.values())
    return next(v for v in present if counts[v] == best)


def collate_cluster(work: Work, choices: Choices | None = None) -> Document:
    """Collate the witnesses of one work into a document."""
    segments = sorted(work.segments, key=lambda s: (s.span.source, s.span.first_line))
    texts = [WitnessText.of(siglum(i), seg) for i, seg in enumerate(segments)]
    collation = collate_texts(texts, choices)
    canonical = collation.text
    covers = {t.siglum: collation.covers.get(t.siglum, (0, 0)) for t in texts}
    witnesses = tuple(Witness(t.siglum, t.segment, _coverage(*covers[t.siglum], len(canonical)),
                              t.segment.embedded_in, covers[t.siglum]) for t in texts)
    by_siglum = {t.siglum: t for t in texts}
    base = max(texts, key=lambda w: (len(w.text), -texts.index(w)))

    paragraphs: list[Paragraph] = []
    para_starts: list[int] = []
    position = 0
    for piece in canonical.split("\n"):
        start, end = position, position + len(piece)
        spans = []
        for t in texts:
            lo, hi = covers[t.siglum]
            if hi <= start or lo >= max(end, start + 1):
                continue
            first = collation.witness_offset(t.siglum, max(start, lo))
            last = collation.witness_offset(t.siglum, max(min(end, hi) - 1, start))
            spans.append((t.siglum, Span(t.segment.span.source, t.line(first), t.line(max(first, last)))))
        base_at = collation.witness_offset(base.siglum, start)
        role: BlockRole = base.roles[min(base_at, len(base.roles) - 1)] if base.roles else "body"
        if role in HEADER_ROLES and role != "date":
            role = "body"
        paragraphs.append(Paragraph(f"p{len(paragraphs) + 1}", piece, role, tuple(spans)))
        para_starts.append(start)
        position = end + 1

    variants = []
    for pos, lemma, readings, lemma_sigla, kind in collation.places:
        index = max(0, bisect.bisect_right(para_starts, pos) - 1)
        voting = [*lemma_sigla, *(sig for r in readings for sig in r.witnesses)]
        lines = tuple(sorted((sig, by_siglum[sig].line(collation.witness_offset(sig, pos))) for sig in voting))
        variants.append(Variant(paragraphs[index].id, pos - para_starts[index], lemma, readings, kind, lemma_sigla,
                                lines))

    title = _majority([t.segment.title for t in texts])
    doc_id = document_id(canonical)
    return Document(
        id=doc_id,
        title=title or propose_title(list(base.segment.blocks)),
        title_inferred=title is None,
        title_by="source" if title else "program",
        subtitle=_majority([t.segment.subtitle for t in texts]),
        date=_majority([t.segment.date for t in texts]),
        author=_majority([t.segment.author for t in texts]),
        chapter=f"chapters/{doc_id}.md",
        witnesses=witnesses,
        paragraphs=tuple(paragraphs),
        variants=tuple(variants),
    )


def unique_ids(documents: list[Document]) -> list[Document]:
    """Two documents whose openings agree get distinct ids by a numeric suffix, in order."""
    seen: dict[str, int] = {}
    result = []
    for doc in documents:
        count = seen.get(doc.id, 0)
        seen[doc.id] = count + 1
        if count:
            new_id = f"{doc.id}-{count + 1}"
            doc = Document(**{**doc.__dict__, "id": new_id, "chapter": f"chapters/{new_id}.md"})
        result.append(doc)
    return result

