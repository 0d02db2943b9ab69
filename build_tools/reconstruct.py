"""Rebuild every witness exactly from edition.json alone: the proof that the apparatus is complete.

A witness is its header lines (as they stand in it) plus its body: the canonical text over the
stretch it covers (`covers`; outside it are its lacunae), with its own reading at every variant
place where it differs from the chosen text. A copy that has its paragraphs in another order than
the edition (`order`, the canonical paragraphs in its order) is rebuilt in the edition's order, cut at
the paragraph breaks between its moved blocks and put back in its own order. With the removed noise of
its lines (`removed`), that gives back every non-whitespace character of its source.
"""

from __future__ import annotations

from typing import Any

from build_tools.records import paragraph_number, paragraph_starts


def _offset(doc: dict[str, Any], where: dict[str, Any], starts: tuple[int, ...]) -> int:
    """Canonical offset of a place given as {paragraph, offset} (the mapping `Document.offset_of` makes);
    `starts` are the document's paragraph starts (computed once by the caller: a book chapter has
    thousands of variant places and paragraphs)."""
    index = paragraph_number(where["paragraph"]) - 1
    if not 0 <= index < len(starts):
        raise KeyError(f"no paragraph {where['paragraph']} in document {doc['id']}")
    return starts[index] + int(where["offset"])


def _blocks(order: list[int]) -> list[tuple[int, int]]:
    """The runs of consecutive paragraph numbers in `order` (first, last): the blocks a copy moved whole."""
    runs: list[list[int]] = []
    for n in order:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return [(first, last) for first, last in runs]


def witness_body(doc: dict[str, Any], siglum: str) -> str:
    """The body of one witness (paragraphs joined by newlines), rebuilt from the document's data."""
    canonical = "\n".join(p["text"] for p in doc["paragraphs"])
    witness = next(w for w in doc["witnesses"] if w["siglum"] == siglum)
    starts = paragraph_starts([len(p["text"]) for p in doc["paragraphs"]])
    start, end = _offset(doc, witness["covers"]["from"], starts), _offset(doc, witness["covers"]["to"], starts)
    order = [paragraph_number(p) for p in witness.get("order") or []]
    blocks = _blocks(order)
    # The paragraph breaks between moved blocks (canonical offsets), and where each stands in the rebuilt text.
    cuts = {starts[last - 1] + len(doc["paragraphs"][last - 1]["text"]): -1 for _, last in sorted(blocks)[:-1]}
    places = sorted(((_offset(doc, v, starts), v)
                     for v in doc["variants"]), key=lambda item: item[0])
    out: list[str] = []
    length = 0  # of the text in `out`
    position = start

    def shared(stop: int) -> None:
        """Append the canonical text from `position` to `stop`, noting where the cuts in it fall."""
        nonlocal length
        for cut in cuts:
            if position <= cut < stop:
                cuts[cut] = length + cut - position
        out.append(canonical[position:stop])
        length += stop - position

    for at, variant in places:
        own = next((r["text"] for r in variant["readings"] if siglum in r["witnesses"]), None)
        if own is None and siglum in variant["lemma_witnesses"]:
            own = variant["lemma"]
        if own is None:  # the witness does not vote here: it lies in a lacuna
            continue
        shared(at)
        out.append(own)
        length += len(own)
        position = at + len(variant["lemma"])
    shared(end)
    body = "".join(out)
    if not order:
        return body
    if any(at < 0 for at in cuts.values()):
        raise ValueError(f"witness {siglum} of document {doc['id']}: its moved blocks do not meet at paragraph breaks")
    # The rebuilt text holds the blocks in the edition's order: cut it there and put them in the copy's.
    edges = [0, *(at + 1 for at in cuts.values())]
    pieces = [body[lo:hi - 1] for lo, hi in zip(edges, [*edges[1:], len(body) + 1], strict=True)]
    in_edition_order = {block: piece for block, piece in zip(sorted(blocks), pieces, strict=True)}
    return "\n".join(in_edition_order[block] for block in blocks)


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
