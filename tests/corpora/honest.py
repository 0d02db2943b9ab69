"""The honest profile: documents from texts written by others, with the damage other people's files have.

`generate_honest_corpus(n, seed)` mixes speeches and notices made of the seeds' sentences (as the
default profile makes them) with documents made of the public pools (`pools`): excerpts of a novel and
of a translated manual (300–3000 characters), encyclopedic items (200–1500), and short documents of
20–100 characters (poems when their fixture is present, else short sentences kept out of every long
document). Copies get the default damage (cuts, character edits, PDF lines, page numbers, bookmarks,
masked digits, date lines) and the honest damage (`honest_damage`), every kind recorded in the truth.
The default profile (`corpus.generate_corpus`) is untouched: its bytes, and the old benchmark rows,
stay comparable.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from build_tools.records import Coverage
from tests.corpora.corpus import DEFAULT_SEED, WITNESSES_PER_FILE, Corpus
from tests.corpora.damage import (
    Style,
    coverage_of,
    cut,
    damage_chars,
    draw_coverage,
    mask_digits,
    paragraph_lines,
)
from tests.corpora.documents import (
    COPIES,
    TrueDocument,
    TrueWitness,
    _Composer,
    _date,
    _paragraphs,
    _pick_title,
    _spread,
    true_documents,
)
from tests.corpora.honest_damage import (
    EDITORS,
    ENCODING_DAMAGE,
    FileNote,
    HonestWriter,
    big5_safe,
    draw_honest_style,
    draw_script,
    encode_lines,
    gbk_encodable,
    moved_order,
    ocr_noise,
    site_named,
    to_script,
)
from tests.corpora.pool import Pool, sentence_pool
from tests.corpora.pools import POOLS, item_titles, load_poems, short_pieces, short_poems, text_pool

ProseKind = Literal["book", "manual", "wiki"]
PROSE: tuple[ProseKind, ...] = ("book", "manual", "wiki")  # the prose pools, as document kinds
KIND_SHARES = (("document", 30), ("book", 16), ("manual", 16), ("wiki", 18), ("short", 20))
LENGTHS = {"book": (300, 3000), "manual": (300, 3000), "wiki": (200, 1500)}
PREFIX = {"book": "b", "manual": "m", "wiki": "w", "poem": "p", "short": "s"}
LONG = 300  # a copy shorter than this is a short copy (OCR noise instead of the default edits)


@dataclass
class HonestWitness(TrueWitness):
    """A copy with what the honest profile did beyond the default: its script and paragraph order."""

    script: str = "original"  # original, traditional (s2t), taiwan (s2twp), simplified (t2s)
    order: list[int] | None = None  # the copy's paragraphs as indices of the kept paragraphs, when moved


@dataclass
class HonestCorpus(Corpus):
    """A generated corpus of the honest profile: the default record, plus what was done to each file."""

    notes: dict[str, FileNote] = field(default_factory=dict)

    def truth(self) -> dict[str, Any]:
        data = super().truth()
        data["profile"] = "honest"
        for entry in data["files"]:
            note = self.notes[entry["file"]]
            entry.update(site=note.site, spaced=note.spaced, mixed_lines=note.mixed_lines)
        return data


def _reserved(pool: Pool) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """Every third short sentence of a pool, set aside for short documents; and their indices."""
    pieces = short_pieces(pool, len(pool.sentences))[::3]
    index = {s: i for i, s in enumerate(pool.sentences)}
    return pieces, tuple(index[p] for p in pieces)


def _spread_shuffled(rng: random.Random, n: int) -> tuple[list[float], list[int]]:
    """Length quantiles and copy counts spread evenly over their distributions, in random order."""
    shares = [(k + 0.5) / n for k in range(n)]
    rng.shuffle(shares)
    counts, weights = zip(*COPIES, strict=True)
    copies = _spread(counts, weights, n)
    rng.shuffle(copies)
    return shares, copies


def _document_pool(seeds: Pool, pools: Path) -> Pool:
    """What plain documents and notices are made of: the seeds, or a folder's `document` pool when it has one.

    The seeds' 900 sentences cannot make thousands of documents that do not copy each other; a large
    pools folder (`tests.benchmarks.large_pools`) brings its own sentences and titles, and the seeds
    still give the salutations, addressees and forwarding sentence of speeches and notices.
    """
    if not (pools / "document.json").exists():
        return seeds
    own = text_pool("document", pools)
    characters = "".join(sorted(set(seeds.characters) | set(own.characters)))
    return replace(seeds, sentences=own.sentences, titles=own.titles, characters=characters,
                   text=own.text + "\n" + seeds.text)


def honest_documents(rng: random.Random, n_docs: int,
                     pools_folder: Path = POOLS) -> tuple[list[TrueDocument], dict[str, Pool]]:
    """`n_docs` documents of every kind, without witnesses; and the pool each was drawn from (by id).

    The prose pools are read from `pools_folder` (the committed ones by default).
    """
    wanted = Counter(_spread([k for k, _ in KIND_SHARES], [w for _, w in KIND_SHARES], n_docs))
    seeds = _document_pool(sentence_pool(), pools_folder)
    docs = true_documents(rng, seeds, wanted["document"])
    source: dict[str, Pool] = {d.id: seeds for d in docs}
    pools = {name: text_pool(name, pools_folder) for name in PROSE}
    reserved = {name: _reserved(pool) for name, pool in pools.items()}
    poems = short_poems(load_poems())
    n_poems = min(len(poems), wanted["short"] // 2)
    longest = max(len(r[0]) for r in reserved.values())
    pieces = [(name, reserved[name][0][k]) for k in range(longest) for name in PROSE if k < len(reserved[name][0])]
    n_pieces = min(len(pieces), wanted["short"] - n_poems)
    wanted["wiki"] += wanted["short"] - n_poems - n_pieces  # only when the pools run out of short sentences
    for kind in PROSE:
        pool = pools[kind]
        composer = _Composer(rng, pool, avoid=reserved[kind][1])
        shares, copies = _spread_shuffled(rng, wanted[kind])
        low, high = LENGTHS[kind]
        for k in range(wanted[kind]):
            sentences = composer.compose(low, high, share=shares[k])
            title = _pick_title(rng, pool, sentences)
            doc = TrueDocument(f"{PREFIX[kind]}{k + 1:05d}", kind, title, _date(rng), _paragraphs(rng, sentences),
                               copies[k])
            docs.append(doc)
            source[doc.id] = pool
    _, copies = _spread_shuffled(rng, n_poems + n_pieces)
    for k, poem in enumerate(rng.sample(poems, n_poems)):
        docs.append(TrueDocument(f"p{k + 1:05d}", "poem", poem.title, None, list(poem.paragraphs), copies[k]))
        source[docs[-1].id] = seeds  # substitutions draw on the seeds' characters
    for k, (name, piece) in enumerate(rng.sample(pieces, n_pieces)):
        pool = pools[name]
        title = item_titles(name, pools_folder).get(piece) or rng.choice(pool.titles)  # its chapter's, section's, article's
        docs.append(TrueDocument(f"s{k + 1:05d}", "short", title, _date(rng), [piece], copies[n_poems + k]))
        source[docs[-1].id] = pool
    return docs, source


@dataclass
class _Place:
    """Where a copy is written: its file, style and the file's honest damage."""

    file: str
    style: Style
    note: FileNote
    header: bool = True  # write the site's header lines before the copy (not inside a forwarding notice)
    footer: bool = True


def _write_copy(rng: random.Random, writer: HonestWriter, doc: TrueDocument, pool: Pool, place: _Place,
                coverage: Coverage, plain: bool = False) -> tuple[HonestWitness, list[list[int]]]:
    """Write one damaged copy; return its witness and the line numbers of each of its paragraphs."""
    style, note = place.style, place.note
    big5 = style.encoding == "big5"
    damage: list[str] = []
    text = doc.text
    start, end = (0, len(text)) if plain else cut(rng, text, coverage)
    coverage = coverage_of(start, end, len(text))
    if coverage != "complete":
        damage.append(coverage)
    traditional = doc.kind == "poem" and to_script(doc.text, "simplified") != doc.text  # most poems are
    script = draw_script(rng, traditional, big5) if not plain or big5 else "original"
    if script != "original":
        damage.append(script)
    paragraphs = [p for p in to_script(text[start:end], script).split("\n") if p]
    order = None
    if not plain and len(paragraphs) >= 3 and rng.random() < 0.06:
        order = moved_order(rng, len(paragraphs))
        paragraphs = [paragraphs[i] for i in order]
        damage.append("moved-paragraphs")
    body = "\n".join(paragraphs)
    edits = 0
    if not plain:
        if len(doc.text) >= LONG:
            body, edits, kinds = damage_chars(rng, body, pool)
            damage.extend(kinds)
        elif rng.random() < 0.35:
            body, edits = ocr_noise(rng, body, pool.characters)
            damage.append("ocr-noise")
        if style.mask:
            body, masked = mask_digits(rng, body, style.mask)
            edits += masked
            if masked:
                damage.append("masked-digits")
    if big5:
        body, dropped = big5_safe(body)
        edits += dropped
        damage.append("big5")
    title = to_script(doc.title, script)
    if rng.random() < style.bookmarks:
        title = "".join(f"[bookmark: _Toc{rng.randint(10**7, 10**8 - 1)}]" for _ in range(rng.choice((1, 1, 2)))) + title
        damage.append("bookmark")
    site = site_named(note.site) if note.site else None
    chrome = "traditional" if big5 else "original"  # a Big5 site serves its chrome in Traditional script too
    if site and place.header:
        for line in site.header:
            writer.content(to_script(line, chrome))
        writer.blank(1)
    first = writer.content(title)
    if doc.date and rng.random() < style.date_shown:
        y, m, d = (int(x) for x in doc.date.split("-"))
        writer.blank(style.gap)
        writer.content(style.date_format.format(y=y, m=m, d=d))
        damage.append("date-line")
    body_first, last, breaks = 0, first, 0
    lines_of: list[list[int]] = []
    for n, paragraph in enumerate(p for p in body.split("\n") if p):
        writer.blank(style.gap)
        lines, doubled = paragraph_lines(rng, paragraph, style)
        edits += doubled
        if doubled:
            damage.append("doubled-at-break")
        breaks += len(lines) - 1
        numbers = []
        for i, (line, blanks) in enumerate(lines):
            writer.blank(blanks)
            numbers.append(writer.content((style.indent if i == 0 else "") + line))
        lines_of.append(numbers)
        body_first = body_first or (numbers[0] if n == 0 else 0)
        last = numbers[-1]
    if breaks:
        damage.append("line-breaks")
    if any(first < p < last for p in writer.page_lines):
        damage.append("page-number")
    if note.spaced:
        damage.append("letter-spaced")
    if site:
        damage.append("wrapped")
        if place.footer:
            writer.blank(1)
            for line in site.footer:
                writer.content(to_script(line.format(editor=rng.choice(EDITORS)), chrome))
    witness = HonestWitness(place.file, first, body_first or first, last, coverage, (start, end), edits, None,
                            damage, script, order)
    return witness, lines_of


def _mix_encodings(rng: random.Random, note: FileNote, written: list[tuple[HonestWitness, list[list[int]]]],
                   lines: list[str]) -> None:
    """Choose one paragraph of a UTF-8 file to write in GBK (a paste from a GBK page)."""
    candidates = [(w, numbers) for w, paragraphs in written for numbers in paragraphs
                  if sum(len(lines[n - 1]) for n in numbers) >= 10
                  and all(gbk_encodable(lines[n - 1]) for n in numbers)]
    if candidates:
        witness, numbers = rng.choice(candidates)
        note.mixed_lines = list(numbers)
        witness.damage.append("mixed-encoding")


def generate_honest_corpus(n_docs: int, seed: int = DEFAULT_SEED, pools: Path = POOLS) -> HonestCorpus:
    """`n_docs` true documents of every kind in about 3 copies each, with the honest damage.

    `pools` is the folder of the prose pools: the committed ones by default (their corpora are byte for
    byte what they were), or large ones for 20,000 documents (`tests.benchmarks.large_pools`).
    """
    rng = random.Random(f"reader-edition-honest:{seed}:{n_docs}")
    docs, source = honest_documents(rng, n_docs, pools)
    main = [d for d in docs if d.kind != "notice"]
    notices = [d for d in docs if d.kind == "notice"]
    hosts = [d for d in docs if d.kind == "document" and d.copies >= 2]
    hosted = {h.id: n for n, h in zip(notices, rng.sample(hosts, len(notices)), strict=True)}
    n_files = max(5, round(sum(d.copies for d in main) / WITNESSES_PER_FILE))
    names = [f"{i:04d}_{rng.getrandbits(32):08x}.txt" for i in range(n_files)]
    encodings = _spread([e for e, _ in ENCODING_DAMAGE], [w for _, w in ENCODING_DAMAGE], len(names))
    rng.shuffle(encodings)
    drawn = [draw_honest_style(rng, e) for e in encodings]
    styles = {name: s for name, (s, _) in zip(names, drawn, strict=True)}
    notes = {name: n for name, (_, n) in zip(names, drawn, strict=True)}
    units: dict[str, list[tuple[TrueDocument, int]]] = {name: [] for name in names}
    titles: dict[str, Counter[str]] = {name: Counter() for name in names}
    for doc in main:
        eligible = [n for n in names if titles[n][doc.title] < 2]  # as the default profile places copies
        if len(eligible) < doc.copies:
            eligible = names
        for copy, name in enumerate(rng.sample(eligible, doc.copies)):
            units[name].append((doc, copy))
            titles[name][doc.title] += 1
    files: dict[str, bytes] = {}
    for name in names:
        style, note = styles[name], notes[name]
        rng.shuffle(units[name])
        writer = HonestWriter(rng, style, note.spaced)
        written: list[tuple[HonestWitness, list[list[int]]]] = []
        for k, (doc, copy) in enumerate(units[name]):
            if k:
                writer.blank(rng.choice(style.separators))
            notice = hosted.get(doc.id) if copy == 0 else None
            place = _Place(name, style, note)
            if notice is not None:
                host = _write_copy(rng, writer, notice, source[notice.id], _Place(name, style, note, footer=False),
                                   "complete", plain=True)
                notice.witnesses.append(host[0])
                writer.blank(3)
                place.header = False
            witness, lines_of = _write_copy(rng, writer, doc, source[doc.id], place, draw_coverage(rng))
            if notice is not None:
                witness.embedded_in = notice.id
                witness.damage.append("embedded")
            doc.witnesses.append(witness)
            written.append((witness, lines_of))
        if note.wants_mixed:
            _mix_encodings(rng, note, written, writer.lines)
        files[name] = encode_lines(writer.lines, style, note.mixed_lines)
    for doc in docs:
        doc.witnesses.sort(key=lambda w: (w.file, w.first_line))
    return HonestCorpus(files, docs, styles, seed, notes)
