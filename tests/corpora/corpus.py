"""A generated corpus: damaged copies of true documents written into source files, and the truth.

Each document is copied into 1–5 witnesses, each in a different source file, several documents per
file, separated the way the seeds separate them (blank lines, a title line, sometimes a date line,
bookmarks before titles). A few copies stand inside a short notice that forwards them (现将讲话全文转发,
then three blank lines), as in the seeds. The truth (`truth.json` beside the corpus) gives every true
document's id, text and witnesses (file, first line, last line, coverage). Same seed and size, same
bytes (`random.Random` seeded with a string; no set iteration).
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from build_tools.records import Coverage
from tests.corpora.damage import (
    Style,
    Writer,
    coverage_of,
    cut,
    damage_chars,
    draw_coverage,
    draw_style,
    encode,
    mask_digits,
    paragraph_lines,
)
from tests.corpora.documents import TrueDocument, TrueWitness, true_documents
from tests.corpora.pool import Pool, sentence_pool

DEFAULT_SEED = 1
WITNESSES_PER_FILE = 8


def _write_copy(rng: random.Random, writer: Writer, doc: TrueDocument, pool: Pool, file: str,
                coverage: Coverage, plain: bool = False) -> TrueWitness:
    """Write one damaged copy of a document (`plain`: undamaged and whole); return where it stands."""
    style = writer.style
    damage: list[str] = []
    text = doc.text
    start, end = (0, len(text)) if plain else cut(rng, text, coverage)
    coverage = coverage_of(start, end, len(text))
    if coverage != "complete":
        damage.append(coverage)
    kept = text[start:end]
    edits = 0
    if not plain:
        kept, edits, kinds = damage_chars(rng, kept, pool)
        damage.extend(kinds)
        if style.mask:
            kept, masked = mask_digits(rng, kept, style.mask)
            edits += masked
            if masked:
                damage.append("masked-digits")
    title = doc.title
    if rng.random() < style.bookmarks:
        marks = rng.choice((1, 1, 2))
        title = "".join(f"[bookmark: _Toc{rng.randint(10**7, 10**8 - 1)}]" for _ in range(marks)) + title
        damage.append("bookmark")
    elif rng.random() < 0.03:
        title = " " + title  # a stray space, as copy-paste leaves
    first = writer.content(title)
    if doc.date and rng.random() < style.date_shown:
        y, m, d = (int(x) for x in doc.date.split("-"))
        writer.blank(style.gap)
        writer.content(style.date_format.format(y=y, m=m, d=d))
        damage.append("date-line")
    body_first = 0
    last = first
    breaks = 0
    for n, paragraph in enumerate(p for p in kept.split("\n") if p):
        writer.blank(style.gap)
        lines, doubled = paragraph_lines(rng, paragraph, style)
        edits += doubled
        if doubled:
            damage.append("doubled-at-break")
        breaks += len(lines) - 1
        for i, (line, blanks) in enumerate(lines):
            writer.blank(blanks)
            number = writer.content((style.indent if i == 0 else "") + line)
            if n == 0 and i == 0:
                body_first = number
            last = number
    if breaks:
        damage.append("line-breaks")
    return TrueWitness(file, first, body_first or first, last, coverage, (start, end), edits,
                       None, damage)


@dataclass
class Corpus:
    """Generated source files ({name: bytes}) and the truth about them."""

    files: dict[str, bytes]
    documents: list[TrueDocument]
    styles: dict[str, Style]
    seed: int

    @property
    def witnesses(self) -> list[TrueWitness]:
        return [w for d in self.documents for w in d.witnesses]

    def truth(self) -> dict[str, Any]:
        """The truth as JSON data: every true document with its text and where its copies stand."""
        return {
            "version": 1,
            "seed": self.seed,
            "documents": [{"id": d.id, "kind": d.kind, "title": d.title, "date": d.date, "text": d.text,
                           "witnesses": [asdict(w) for w in d.witnesses]} for d in self.documents],
            "files": [{"file": name, **asdict(style)} for name, style in self.styles.items()],
        }

    def write(self, folder: Path, truth_file: Path | None = None) -> None:
        """Write the sources into `folder` and the truth beside it (folder/../truth.json by default)."""
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in self.files.items():
            (folder / name).write_bytes(data)
        target = truth_file or folder.parent / "truth.json"
        target.write_text(json.dumps(self.truth(), ensure_ascii=False, indent=1), encoding="utf-8")


def generate_corpus(n_docs: int, seed: int = DEFAULT_SEED, pool: Pool | None = None) -> Corpus:
    """`n_docs` true documents (a few of them notices forwarding a copy) in about 3 copies each."""
    pool = pool or sentence_pool()
    rng = random.Random(f"reader-edition-scale:{seed}:{n_docs}")
    docs = true_documents(rng, pool, n_docs)
    main = [d for d in docs if d.kind == "document"]
    notices = [d for d in docs if d.kind == "notice"]
    hosted = {h.id: n for n, h in zip(notices, rng.sample([d for d in main if d.copies >= 2], len(notices)),
                                       strict=True)}
    total = sum(d.copies for d in main)
    n_files = max(5, round(total / WITNESSES_PER_FILE))
    names = [f"{i:04d}_{rng.getrandbits(32):08x}.txt" for i in range(n_files)]
    styles = {name: draw_style(rng) for name in names}
    units: dict[str, list[tuple[TrueDocument, int]]] = {name: [] for name in names}
    titles: dict[str, Counter[str]] = {name: Counter() for name in names}
    for doc in main:
        # Each copy in a different file; a title at most twice in a file (three repeats of a short
        # line are a running header to the cleaner, as they would be to a reader).
        eligible = [n for n in names if titles[n][doc.title] < 2]
        if len(eligible) < doc.copies:
            eligible = names
        for copy, name in enumerate(rng.sample(eligible, doc.copies)):
            units[name].append((doc, copy))
            titles[name][doc.title] += 1
    files: dict[str, bytes] = {}
    for name in names:
        style = styles[name]
        rng.shuffle(units[name])
        writer = Writer(rng, style)
        for k, (doc, copy) in enumerate(units[name]):
            if k:
                writer.blank(rng.choice(style.separators))
            notice = hosted.get(doc.id) if copy == 0 else None
            if notice is not None:
                notice.witnesses.append(_write_copy(rng, writer, notice, pool, name, "complete", plain=True))
                writer.blank(3)
            witness = _write_copy(rng, writer, doc, pool, name, draw_coverage(rng))
            if notice is not None:
                witness.embedded_in = notice.id
                witness.damage.append("embedded")
            doc.witnesses.append(witness)
        files[name] = encode("\n".join(writer.lines) + "\n", style)
    for doc in docs:
        doc.witnesses.sort(key=lambda w: (w.file, w.first_line))
    return Corpus(files, docs, styles, seed)


def load_truth(path: Path) -> list[TrueDocument]:
    """The true documents of a corpus written by `Corpus.write` (its truth.json)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    names = {f.name for f in fields(TrueWitness)}  # the honest profile records more about each copy
    documents = []
    for d in data["documents"]:
        witnesses = [TrueWitness(**{**{k: v for k, v in w.items() if k in names}, "covers": tuple(w["covers"])})
                     for w in d["witnesses"]]
        documents.append(TrueDocument(d["id"], d["kind"], d["title"], d["date"], d["text"].split("\n"),
                                      len(witnesses), witnesses))
    return documents


def corpus_digest(corpus: Corpus) -> str:
    """One hash of every file's name and bytes and of the truth (for determinism checks)."""
    h = hashlib.sha256()
    for name in sorted(corpus.files):
        h.update(name.encode() + b"\0" + corpus.files[name] + b"\0")
    h.update(json.dumps(corpus.truth(), ensure_ascii=False, sort_keys=True).encode())
    return h.hexdigest()
