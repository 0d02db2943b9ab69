"""edition.json, the public contract: a direct serialisation of the `Edition` (schema: build_tools/schemas)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from build_tools.records import Document, Edition, Witness
from build_tools.stages.render.book_page import book_page
from build_tools.stages.render.common import chapter_page, source_page
from build_tools.stages.segment import header_blocks

EDITION_JSON = "edition.json"
FORMAT_VERSION = 1


def _place(doc: Document, offset: int) -> dict[str, Any]:
    paragraph, inside = doc.place_at(offset)
    return {"paragraph": paragraph.id, "offset": inside}


def _witness(doc: Document, w: Witness) -> dict[str, Any]:
    total = len(doc.canonical)
    start, end = w.covers
    lacunae = []
    if start > 0:
        lacunae.append({"from": _place(doc, 0), "to": _place(doc, start)})
    if end < total:
        lacunae.append({"from": _place(doc, end), "to": _place(doc, total)})
    return {"siglum": w.siglum, "source": w.segment.span.source, "first_line": w.segment.span.first_line,
            "last_line": w.segment.span.last_line, "coverage": w.coverage, "embedded_in": w.embedded_in,
            "segment": w.segment.id,
            "header": [{"role": r, "text": b.text, "line": b.span.first_line} for r, b in header_blocks(w.segment)],
            "covers": {"from": _place(doc, start), "to": _place(doc, end)}, "lacunae": lacunae,
            "order": [doc.paragraphs[n - 1].id for n in w.order] if w.order else None}


def document_entry(d: Document, book: str | None = None) -> dict[str, Any]:
    """A document's entry in edition.json, made from the document and the id of the book it is in."""
    return {
        "id": d.id, "title": d.title, "title_inferred": d.title_inferred, "title_by": d.title_by,
        "subtitle": d.subtitle,
        "date": d.date, "author": d.author, "chapter": chapter_page(d.id), "order": d.order, "book": book,
        "base": d.base,
        "witnesses": [_witness(d, w) for w in d.witnesses],
        "paragraphs": [{"id": p.id, "text": p.text, "role": p.role,
                        "spans": [{"siglum": s, "source": sp.source, "first_line": sp.first_line,
                                   "last_line": sp.last_line} for s, sp in p.spans]}
                       for p in d.paragraphs],
        "variants": [{"paragraph": v.paragraph, "offset": v.offset, "lemma": v.lemma,
                      "lemma_witnesses": list(v.lemma_witnesses),
                      "readings": [{"text": r.text, "witnesses": list(r.witnesses)} for r in v.readings],
                      "lines": dict(v.lines),
                      "kind": v.kind, "chosen_by": v.chosen_by} for v in d.variants],
        "embeds": [{"after_paragraph": a, "document": g} for a, g in d.embeds],
        "parallels": [{"document": p.document, "paragraph": p.paragraph, "offset": p.offset, "length": p.length,
                       "their_paragraph": p.their_paragraph, "their_offset": p.their_offset, "text": p.text}
                      for p in d.parallels],
        "related": [{"document": r.document, "shared_chars": r.shared_chars, "direction": r.direction}
                    for r in d.related],
    }


def document_data(edition: Edition) -> Iterator[dict[str, Any]]:
    """Each document's entry of edition.json, in order, made one at a time."""
    book_of = {d: b.id for b in edition.books for d in b.chapters}
    return (document_entry(d, book_of.get(d.id)) for d in edition.documents)


@dataclass(frozen=True)
class Encoded:
    """A list of edition.json whose items are given as their text, each placed where it stands (`entry_json`)."""

    items: Iterable[str]


def _fields(edition: Edition, documents: Encoded | None = None) -> dict[str, Any]:
    """edition.json's fields, its long lists (documents, removals, problems) as iterators made as they are read;
    the documents' entries as `documents` gives them, else made from the edition."""
    return {
        "version": FORMAT_VERSION,
        "title": edition.title,
        "sources": [{"file": s.file, "encoding": s.encoding, "lines": len(s.lines), "sha256": s.sha256,
                     "page": source_page(s.file), "encoding_confidence": s.encoding_confidence,
                     "other_encodings": [{"first_line": a, "last_line": b, "encoding": e}
                                         for a, b, e in s.other_encodings]}
                    for s in edition.sources],
        "books": [{"id": b.id, "title": b.title, "title_by": b.title_by, "copies": list(b.copies),
                   "chapters": list(b.chapters), "page": book_page(b.id)} for b in edition.books],
        "documents": document_data(edition) if documents is None else documents,
        "removed": ({"source": r.source, "line": r.line, "column": r.column, "text": r.text, "rule": r.rule}
                    for r in edition.removed),
        "problems": ({"severity": p.severity, "source": p.source, "line": p.line, "message": p.message}
                     for p in edition.problems),
    }


def edition_json(edition: Edition) -> dict[str, Any]:
    """The public contract: a direct serialisation of the edition (see README)."""
    return {key: list(value) if isinstance(value, Iterator) else value for key, value in _fields(edition).items()}


def edition_json_text(edition: Edition, documents: Iterable[str] | None = None) -> Iterator[str]:
    """The text of edition.json in pieces, each document's data made, encoded and dropped in turn: the whole
    data (several times the size of its text in Python objects) is never held. With `documents`, the
    documents' entries are those texts (`entry_json` of each, in order), written as they are."""
    return edition_json_chunks(_fields(edition, None if documents is None else Encoded(documents)))


_ENCODER = json.JSONEncoder(ensure_ascii=False, indent=1)
# List items encoded at a time: the pieces are short-lived, and small enough that most hold no character
# beyond the Basic Multilingual Plane (such a string takes 4 bytes a character, else 2 or 1).
_BATCH = 8


def _indented(text: str, levels: int) -> str:
    """`text` (JSON encoded with indent 1 at the top level) as it stands `levels` deeper: a JSON text has no
    newline but between its items (one inside a string is written \\n)."""
    return text.replace("\n", "\n" + " " * levels)


def entry_json(item: Any) -> str:
    """The text of an item of one of edition.json's top-level lists as it stands there (two levels deep)."""
    return _indented(_ENCODER.encode(item), 2)


def edition_json_chunks(data: dict[str, Any]) -> Iterator[str]:
    """The text of edition.json in pieces: exactly `json.dumps(data, ensure_ascii=False, indent=1)` and a
    newline, for a dictionary (whose values may be iterators, encoded as the lists they yield; an `Encoded`
    list is written as its items' texts give it).

    json.dumps with an indent runs CPython's pure-Python encoder, which keeps every small piece it makes
    (several per value) in one list before joining them: at 2000 documents that list took more memory
    than the edition. Here each top-level list is encoded a few items at a time, each batch indented
    where it stands.
    """
    if not data:
        yield "{}\n"
        return
    yield "{"
    for k, (key, value) in enumerate(data.items()):
        yield ("," if k else "") + "\n " + _ENCODER.encode(key) + ": "
        if isinstance(value, Encoded):
            texts = iter(value.items)
            first_text = next(texts, None)
            if first_text is None:
                yield "[]"
                continue
            yield "[\n  "
            yield first_text
            for text in texts:  # each text as it is: one added to a separator would be copied
                yield ",\n  "
                yield text
            yield "\n ]"
            continue
        if not isinstance(value, list | Iterator):
            yield _indented(_ENCODER.encode(value), 1)
            continue
        items = iter(value)
        batch = list(islice(items, _BATCH))
        if not batch:
            yield "[]"
            continue
        yield "["
        first = True
        while batch:
            text = _ENCODER.encode(batch)  # "[\n item,\n item\n]"
            yield ("" if first else ",") + _indented(text[1:-2], 1)
            first = False
            batch = list(islice(items, _BATCH))
        yield "\n ]"
    yield "\n}\n"


def render_edition_json(data: dict[str, Any]) -> str:
    """The text of edition.json, from `edition_json`'s data (built once per render: it is large)."""
    return "".join(edition_json_chunks(data))  # with `+ "\n"` the whole text would be copied once more
