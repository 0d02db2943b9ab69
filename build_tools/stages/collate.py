"""Stage 5, collate: turn a work (its copies) into one document with a canonical text."""

from __future__ import annotations

import hashlib
import string

from build_tools.records import Document, Paragraph, Segment, Witness, Work
from build_tools.stages.segment import propose_title

SIGLA = string.ascii_uppercase


def normalise(text: str) -> str:
    """Text folded for comparison: no whitespace, no punctuation, half-width letters and digits."""
    import unicodedata

    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if ch.isalnum())


def document_id(segment: Segment) -> str:
    """A short id that stays put while the sources change around the document's opening."""
    body = "".join(b.text for b in segment.body) or "".join(b.text for _, b in segment.blocks)
    key = normalise(body)[:80]
    return "d" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


def siglum(index: int) -> str:
    """A, B, … Z, then AA, AB, …"""
    if index < len(SIGLA):
        return SIGLA[index]
    return siglum(index // len(SIGLA) - 1) + SIGLA[index % len(SIGLA)]


def collate_cluster(work: Work) -> Document:
    """Collate the witnesses of one work (a single witness is its own canonical text)."""
    segments = sorted(work.segments, key=lambda s: (s.span.source, s.span.first_line))
    witnesses = tuple(Witness(siglum(i), seg, "complete", seg.embedded_in) for i, seg in enumerate(segments))
    base = witnesses[0]
    paragraphs = tuple(
        Paragraph(id=f"p{n}", text=block.text, role=role, spans=((base.siglum, block.span),))
        for n, (role, block) in enumerate(base.segment.blocks, start=1)
    )
    doc_id = document_id(base.segment)
    title = base.segment.title
    return Document(
        id=doc_id,
        title=title or propose_title(list(base.segment.blocks)),
        title_inferred=title is None,
        subtitle=base.segment.subtitle,
        date=base.segment.date,
        author=base.segment.author,
        chapter=f"chapters/{doc_id}.md",
        witnesses=witnesses,
        paragraphs=paragraphs,
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

