"""Rebuild every witness exactly from edition.json alone: the proof that the apparatus is complete.

A witness is its header lines (as they stand in it) plus its body: the canonical text over the
stretch it covers (`covers`; outside it are its lacunae), with its own reading at every variant
place where it differs from the chosen text. With the removed noise of its lines (`removed`), that
gives back every non-whitespace character of its source.
"""

from __future__ import annotations

from typing import Any

from build_tools.records import paragraph_number, paragraph_starts


def _offset(doc: dict[str, Any], where: dict[str, Any]) -> int:
    """Canonical offset of a place given as {paragraph, offset} (the mapping `Document.offset_of` makes)."""
    starts = paragraph_starts([len(p["text"]) for p in doc["paragraphs"]])
    index = paragraph_number(where["paragraph"]) - 1
    if not 0 <= index < len(starts):
        raise KeyError(f"no paragraph {where['paragraph']} in document {doc['id']}")
    return starts[index] + int(where["offset"])


def witness_body(doc: dict[str, Any], siglum: str) -> str:
    """The body of one witness (paragraphs joined by newlines), rebuilt from the document's data."""
    canonical = "\n".join(p["text"] for p in doc["paragraphs"])
    witness = next(w for w in doc["witnesses"] if w["siglum"] == siglum)
    start, end = _offset(doc, witness["covers"]["from"]), _offset(doc, witness["covers"]["to"])
    places = sorted(((_offset(doc, {"paragraph": v["paragraph"], "offset": v["offset"]}), v)
                     for v in doc["variants"]), key=lambda item: item[0])
    out: list[str] = []
    position = start
    for at, variant in places:
        own = next((r["text"] for r in variant["readings"] if siglum in r["witnesses"]), None)
        if own is None and siglum in variant["lemma_witnesses"]:
            own = variant["lemma"]
        if own is None:  # the witness does not vote here: it lies in a lacuna
            continue
        out.append(canonical[position:at])
        out.append(own)
        position = at + len(variant["lemma"])
    out.append(canonical[position:end])
    return "".join(out)


def witness_text(edition: dict[str, Any], document_id: str, siglum: str) -> tuple[list[str], str]:
    """(header lines, body) of one witness of one document."""
    doc = next(d for d in edition["documents"] if d["id"] == document_id)
    witness = next(w for w in doc["witnesses"] if w["siglum"] == siglum)
    return [h["text"] for h in witness["header"]], witness_body(doc, siglum)


def witness_lines(edition: dict[str, Any], document_id: str, siglum: str) -> list[tuple[int, str]]:
    """Every piece of a witness's text: its header lines, then its body (line of the body's start)."""
    doc = next(d for d in edition["documents"] if d["id"] == document_id)
    witness = next(w for w in doc["witnesses"] if w["siglum"] == siglum)
    _, body = witness_text(edition, document_id, siglum)
    return [*((h["line"], h["text"]) for h in witness["header"]), (witness["first_line"], body)]
