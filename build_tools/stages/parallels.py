"""Stage 5b, parallels: passages that documents which are not copies of each other share.

After collation every document is one work (its copies are collated into it), so what two documents
still share is a passage one takes from the other, or both from a third: a news release repeating
sentences of the speech it reports, a local notice following the central notice it implements.

- Each document's canonical paragraphs are folded (`fold_char`: width and script folded; punctuation
  and spaces dropped, as clustering compares them), keeping for every folded character its paragraph
  and its offset there, so a passage found in folded text is placed in the canonical text again.
  Paragraphs in `skip_roles` (greetings, addressees, signatures, dates) are left out, and paragraphs
  are kept apart: a passage never runs from one paragraph into the next.
- Boilerplate, as in clustering: a shingle (5 folded characters) found in more than `boilerplate_share`
  of the documents (and more than `boilerplate_min`) is a formula, a slogan or a greeting; so is one
  in more than `max_documents` documents, however large the edition.
- Candidates: an inverted index of the other shingles (sorted hashes, numpy) gives every place two
  documents share one; pairs with fewer than `min_chars - shingle + 1` such shingles are dropped.
  Places on one diagonal (the same shift between the two texts) are runs, each extended exactly,
  character by character, to the maximal passage the two texts have in common there (through
  boilerplate inside it: a quotation that holds a slogan is quoted whole).
- A passage counts when it holds at least `min_chars - shingle + 1` shingles that are not
  boilerplate: as much specific text as a 12-character clause written out.

The copy a notice forwards whole is a witness of the forwarded document, not text of the notice
(`Document.embeds`): it is linked as before, and only the notice's own words are compared. Which
document quotes which is told by their dates (`quotes`, `quoted-by`), or, without dates, by the
forwarding (the notice quotes the document it forwards); else it is `unknown`.

The work is near-linear: the index holds each shingle in at most `max_documents` documents, so the
places compared grow with the edition, not with the square of it.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

import numpy as np
import numpy.typing as npt

from build_tools.records import Direction, Document, Parallel, Relation, paragraph_number
from build_tools.settings import DEFAULT_PARALLELS, ParallelsConfig
from build_tools.text import fold_char

Codes = npt.NDArray[np.int64]
Ints = npt.NDArray[np.int64]
SEPARATOR = 0  # between paragraphs in a folded text: never part of a passage
SEPARATOR_CHAR = chr(SEPARATOR)

_BASE = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)


@lru_cache(maxsize=65536)
def _folded_code(code: int) -> int:
    """The folded character's code point, or 0 for a character that folding drops (as `fold_text` does)."""
    ch = chr(code)
    return ord(fold_char(ch)) if unicodedata.category(ch)[0] in "LN" else SEPARATOR


@dataclass(frozen=True)
class Folded:
    """A document's compared text, folded: codes (0 between paragraphs) and where each code comes from."""

    codes: Codes
    paragraph: Ints  # index of the canonical paragraph of each code (-1 for a separator)
    offset: Ints  # offset of the character in its paragraph

    @cached_property
    def text(self) -> str:
        return self.codes.astype("<u4").tobytes().decode("utf-32-le")


def fold_documents(documents: tuple[Document, ...] | list[Document],
                   config: ParallelsConfig = DEFAULT_PARALLELS) -> list[Folded]:
    """Each document's paragraphs (but those in `skip_roles`) folded, with a map back to canonical offsets.

    All documents at once: their characters are folded once each (numpy), however often they occur.
    """
    if not documents:
        return []
    kept = [[(n, p.text) for n, p in enumerate(d.paragraphs) if p.role not in config.skip_roles and p.text]
            for d in documents]
    texts = [t for paragraphs in kept for _, t in paragraphs]
    raw = np.frombuffer("".join(t + "\n" for t in texts).encode("utf-32-le"), dtype="<u4")
    table = np.zeros(int(raw.max()) + 1 if len(raw) else 1, dtype=np.int64)
    present = np.flatnonzero(np.bincount(raw)) if len(raw) else np.zeros(0, dtype=np.int64)
    table[present] = [_folded_code(int(c)) for c in present]
    folded = table[raw]
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    spans = lengths + 1  # each paragraph and the separator after it
    paragraph = np.repeat(np.array([n for paragraphs in kept for n, _ in paragraphs], dtype=np.int64), spans)
    offset = np.arange(len(raw), dtype=np.int64) - np.repeat(np.cumsum(spans) - spans, spans)
    separator = offset == np.repeat(lengths, spans)
    folded[separator] = SEPARATOR
    paragraph[separator] = -1
    keep = (folded != SEPARATOR) | separator
    # Where each document's characters end in `raw`, then among the kept ones.
    ends = np.cumsum([int(spans[a:b].sum()) for a, b in itertools.pairwise(
        np.concatenate(([0], np.cumsum([len(paragraphs) for paragraphs in kept]))))], dtype=np.int64)
    cuts = np.concatenate(([0], np.cumsum(keep)))[ends]
    parts = [np.split(array[keep], cuts[:-1]) for array in (folded, paragraph, offset)]
    return [Folded(c, p, o) for c, p, o in zip(*parts, strict=True)]


def shingle_hashes(codes: Codes, size: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.bool_]]:
    """64-bit hashes of the shingles starting at each place, and which are whole (hold no separator)."""
    count = max(0, len(codes) - size + 1)
    hashes = np.zeros(count, dtype=np.uint64)
    values = codes.astype(np.uint64)
    for k in range(size):  # polynomial rolling hash, wrapping at 2**64
        hashes = hashes * _BASE + values[k:k + count]
    hashes ^= hashes >> np.uint64(31)
    hashes *= _MIX
    hashes ^= hashes >> np.uint64(29)
    separators = np.concatenate(([0], np.cumsum(codes == SEPARATOR)))
    whole = separators[size:size + count] == separators[:count]
    return hashes, whole


@dataclass(frozen=True)
class Run:
    """A maximal passage two documents share: folded places [start, start + length) in each."""

    a: int  # index of the first document (a < b)
    b: int
    start_a: int
    start_b: int
    length: int


@dataclass(frozen=True)
class Index:
    """Every whole shingle of every document, sorted by (hash, document, place)."""

    document: Ints
    place: Ints
    group: Ints  # the shingle (hash) of each row, numbered in sorted order
    rank: Ints  # the row's place among the rows of its shingle in its document (0: the first there)
    specific: npt.NDArray[np.bool_]  # the row's shingle is not boilerplate
    documents: Ints  # per group: how many documents hold the shingle


def build_index(hashes: list[npt.NDArray[np.uint64]], whole: list[npt.NDArray[np.bool_]],
                config: ParallelsConfig = DEFAULT_PARALLELS) -> Index:
    """The inverted index of the documents' shingles, and which shingles are boilerplate.

    Boilerplate, as in clustering: a shingle in at least `boilerplate_min` documents and in more than
    `boilerplate_share` of them; and, however large the edition, one in more than `max_documents`.
    """
    doc = np.repeat(np.arange(len(hashes), dtype=np.int64), [int(w.sum()) for w in whole])
    place = np.concatenate([np.flatnonzero(w) for w in whole] or [np.zeros(0, dtype=np.int64)]).astype(np.int64)
    key = np.concatenate([h[w] for h, w in zip(hashes, whole, strict=True)] or [np.zeros(0, dtype=np.uint64)])
    order = np.lexsort((place, doc, key))
    key, doc, place = key[order], doc[order], place[order]
    rows = np.arange(len(key))
    new_key = np.concatenate(([True], key[1:] != key[:-1])) if len(key) else np.zeros(0, dtype=bool)
    new_doc = new_key | np.concatenate(([True], doc[1:] != doc[:-1])) if len(key) else new_key
    group = np.cumsum(new_key) - 1
    documents = np.bincount(group[new_doc], minlength=int(group[-1]) + 1 if len(group) else 0)
    common = ((documents >= config.boilerplate_min) & (documents > config.boilerplate_share * len(hashes))
              | (documents > config.max_documents))
    rank = rows - np.maximum.accumulate(np.where(new_doc, rows, 0))
    return Index(doc, place, group, rank, ~common[group], documents)


def _seeds(index: Index, config: ParallelsConfig) -> Ints:
    """Places two documents share a specific shingle: rows (a, place in a, b, place in b), a < b."""
    keep = np.flatnonzero(index.specific & (index.documents[index.group] > 1) & (index.rank < config.max_repeats))
    group, doc, place = index.group[keep], index.document[keep], index.place[keep]
    starts = np.flatnonzero(np.concatenate(([True], group[1:] != group[:-1]))) if len(group) else keep
    sizes = np.diff(np.concatenate((starts, [len(group)])))
    rows = []
    for size in np.unique(sizes[sizes > 1]):
        first = starts[sizes == size]
        i, j = np.triu_indices(int(size), k=1)
        left, right = (first[:, None] + i[None, :]).ravel(), (first[:, None] + j[None, :]).ravel()
        other = doc[left] != doc[right]  # rows are sorted by document within a shingle: doc[left] <= doc[right]
        left, right = left[other], right[other]
        rows.append(np.stack((doc[left], place[left], doc[right], place[right]), axis=1))
    return np.concatenate(rows) if rows else np.zeros((0, 4), dtype=np.int64)


def _same_for(a: str, i: int, b: str, j: int, backwards: bool) -> int:
    """How many characters `a` and `b` have in common after places i and j (or before them, `backwards`),
    up to a paragraph's end: galloping, then halving, on slices compared in C."""
    limit = min(i, j) if backwards else min(len(a) - i, len(b) - j)

    def same(m: int) -> bool:
        return a[i - m:i] == b[j - m:j] if backwards else a[i:i + m] == b[j:j + m]

    low, high, step = 0, 0, 16
    while True:
        high = min(limit, low + step)
        if not same(high):
            break
        if high == limit:
            low = high
            break
        low, step = high, step * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if same(middle) else (low, middle)
    stop = a.rfind(SEPARATOR_CHAR, i - low, i) if backwards else a.find(SEPARATOR_CHAR, i, i + low)
    return low if stop < 0 else (i - stop - 1 if backwards else stop - i)


def _extend(a: str, b: str, i: int, j: int, size: int) -> tuple[int, int, int] | None:
    """The maximal run of equal characters through the shingles at i in `a` and j in `b` (None: a hash
    collision)."""
    if a[i:i + size] != b[j:j + size]:
        return None
    back = _same_for(a, i, b, j, backwards=True)
    return i - back, j - back, back + size + _same_for(a, i + size, b, j + size, backwards=False)


def shared_runs(folded: list[Folded], config: ParallelsConfig = DEFAULT_PARALLELS) -> list[Run]:
    """Every maximal passage two documents share that holds enough shingles that are not boilerplate."""
    if len(folded) < 2:
        return []
    size = config.shingle
    need = max(1, config.min_chars - size + 1)
    shingled = [shingle_hashes(f.codes, size) for f in folded]
    hashes, whole = [h for h, _ in shingled], [w for _, w in shingled]
    index = build_index(hashes, whole, config)
    # Per document, prefix sums of its specific shingles by place, to count those a run holds.
    specific = np.zeros(sum(len(h) for h in hashes), dtype=np.int64)
    offsets = np.concatenate(([0], np.cumsum([len(h) for h in hashes], dtype=np.int64)))
    specific[offsets[index.document] + index.place] = index.specific
    counts = [np.concatenate(([0], np.cumsum(specific[offsets[d]:offsets[d + 1]]))) for d in range(len(hashes))]
    seeds = _seeds(index, config)
    if not len(seeds):
        return []
    n = len(folded)
    pair = seeds[:, 0] * n + seeds[:, 2]
    pairs, per_pair = np.unique(pair, return_counts=True)
    seeds = seeds[np.isin(pair, pairs[per_pair >= need])]
    diagonal = seeds[:, 3] - seeds[:, 1]
    order = np.lexsort((seeds[:, 1], diagonal, seeds[:, 0] * n + seeds[:, 2]))
    seeds, diagonal = seeds[order], diagonal[order]
    # Only the first seed of each stretch of consecutive places on a diagonal is extended.
    first = np.ones(len(seeds), dtype=bool)
    first[1:] = ((seeds[1:, 0] != seeds[:-1, 0]) | (seeds[1:, 2] != seeds[:-1, 2])
                 | (diagonal[1:] != diagonal[:-1]) | (seeds[1:, 1] != seeds[:-1, 1] + 1))
    seeds = seeds[first]
    runs: list[Run] = []
    covered: dict[tuple[int, int, int], int] = {}  # (a, b, diagonal) -> end (in a) of the last run found there
    for a, i, b, j in seeds.tolist():
        key = (a, b, j - i)
        if covered.get(key, -1) > i:
            continue  # inside a run already found on this diagonal
        found = _extend(folded[a].text, folded[b].text, i, j, size)
        if found is None:
            continue
        start_a, start_b, length = found
        covered[key] = start_a + length
        held = counts[a][start_a + length - size + 1] - counts[a][start_a]
        if held >= need:
            runs.append(Run(a, b, start_a, start_b, length))
    return runs


def _place(doc: Document, folded: Folded, start: int, length: int) -> tuple[str, int, int, str]:
    """Paragraph id, offset, length and text in the canonical paragraph of folded places [start, start+length)."""
    paragraph = doc.paragraphs[int(folded.paragraph[start])]
    first, last = int(folded.offset[start]), int(folded.offset[start + length - 1]) + 1
    return paragraph.id, first, last - first, paragraph.text[first:last]


def direction(doc: Document, other: Document) -> Direction:
    """Whether `doc` quotes `other`: the later quotes the earlier; a notice quotes what it forwards."""
    if doc.date and other.date and doc.date != other.date:
        return "quotes" if doc.date > other.date else "quoted-by"
    if any(guest == other.id for _, guest in doc.embeds):
        return "quotes"
    if any(guest == doc.id for _, guest in other.embeds):
        return "quoted-by"
    return "unknown"


def find_parallels(documents: tuple[Document, ...] | list[Document],
                   config: ParallelsConfig = DEFAULT_PARALLELS) -> tuple[Document, ...]:
    """The documents with the passages each shares with others (`parallels`) and those others (`related`)."""
    folded = fold_documents(documents, config)
    found: dict[int, list[Parallel]] = defaultdict(list)
    for run in shared_runs(folded, config):
        da, db = documents[run.a], documents[run.b]
        pa, oa, la, ta = _place(da, folded[run.a], run.start_a, run.length)
        pb, ob, lb, tb = _place(db, folded[run.b], run.start_b, run.length)
        found[run.a].append(Parallel(db.id, pa, oa, la, ta, pb, ob, lb, tb, run.length))
        found[run.b].append(Parallel(da.id, pb, ob, lb, tb, pa, oa, la, ta, run.length))
    order = {d.id: n for n, d in enumerate(documents)}
    out = []
    for n, doc in enumerate(documents):
        mine = sorted(found.get(n, ()), key=lambda p: (paragraph_number(p.paragraph), p.offset, order[p.document],
                                                        paragraph_number(p.their_paragraph), p.their_offset))
        shared: dict[str, int] = defaultdict(int)
        for p in mine:
            shared[p.document] += p.chars
        related = tuple(Relation(other, chars, direction(doc, documents[order[other]]))
                        for other, chars in sorted(shared.items(), key=lambda kv: (-kv[1], order[kv[0]])))
        out.append(replace(doc, parallels=tuple(mine), related=related) if mine or doc.parallels else doc)
    return tuple(out)
