"""Stage 6, curate: what the curator decided (edition.yml), and how documents stand to each other.

- `exclude_segments`: segments the curator left out; their text goes to the ledger, not away.
- `apply_curation`: the curator's readings, titles, dates and authors; every entry must hit something.
- `link_embedded`: a copy that stands inside another document points at that document, and the host
  at it.
- `order_documents`: the curator's order first; then dated documents by date; then by where they
  first stand in the sources.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from build_tools.curation import Curation
from build_tools.records import Block, Document, Removal, Segment, Work

EXCLUDED_RULE = "excluded-by-curator"
# Collation of one work, with the curator's reading choices ({context: reading}).
Collate = Callable[[Work, dict[str, str]], Document]


def _block_lines(block: Block) -> list[tuple[int, str]]:
    pieces = []
    marks = list(block.marks)
    for i, mark in enumerate(marks):
        end = marks[i + 1].offset if i + 1 < len(marks) else len(block.text)
        pieces.append((mark.line, block.text[mark.offset:end]))
    return pieces


def exclude_segments(segments: tuple[Segment, ...], curation: Curation) -> tuple[tuple[Segment, ...], list[Removal]]:
    """Leave out the segments the curator excluded; their text goes to the ledger, not away."""
    kept = list(segments)
    removed: list[Removal] = []
    for exclusion in curation.exclude:
        match = next((s for s in kept if s.span.source == exclusion.source and
                      "".join(b.text for _, b in s.blocks).startswith(exclusion.starts)), None)
        if match is None:
            raise curation.error(exclusion.key, f"no segment of {exclusion.source!r} starts with {exclusion.starts!r}")
        kept.remove(match)
        removed.extend(segment_removals(match, EXCLUDED_RULE))
    return tuple(kept), removed


def segment_removals(segment: Segment, rule: str) -> list[Removal]:
    """The text of a segment left out of the edition, as ledger entries (one per piece of a line)."""
    return [Removal(block.span.source, line, 0, piece, rule)
            for _, block in segment.blocks for line, piece in _block_lines(block)]


def _check_readings(doc: Document, curation: Curation, choices: tuple[tuple[str, str, str], ...]) -> None:
    """Each chosen reading must be the lemma of a variant place right after its context."""
    canonical = doc.canonical
    for key, context, reading in choices:
        hit = any(v.lemma == reading and canonical[:doc.offset_of(v.paragraph, v.offset)]
                  .replace("\n", "").endswith(context.replace("\n", "")) for v in doc.variants)
        if not hit:
            raise curation.error(key, f"no variant place after {context!r} offers the reading {reading!r}")


def apply_curation(documents: list[Document], works: Mapping[str, Work], curation: Curation,
                   collate: Collate) -> list[Document]:
    """Apply the curator's readings and overrides; every entry must hit something."""
    by_id = {d.id: d for d in documents}
    for doc_id in curation.documents:
        if doc_id not in by_id:
            raise curation.error(f"documents.{doc_id}", "unknown document id (see edition.json for the ids)")
    result = []
    for doc in documents:
        entry = curation.documents.get(doc.id)
        if entry is None:
            result.append(doc)
            continue
        if entry.readings:
            chosen = collate(works[doc.id], {c.context: c.reading for c in entry.readings})
            doc = replace(chosen, id=doc.id, embeds=doc.embeds)
            _check_readings(doc, curation, tuple((c.key, c.context, c.reading) for c in entry.readings))
        if entry.title:
            # A curator's title is editorial, whether or not the source had one: the page says so.
            doc = replace(doc, title=entry.title, title_inferred=True, title_by="curator")
        doc = replace(doc, date=entry.date or doc.date, author=entry.author or doc.author)
        result.append(doc)
    return result


def link_embedded(documents: list[Document]) -> list[Document]:
    """Point each copy that stands inside another document at that document, and the host at it."""
    doc_of_segment = {w.segment.id: d.id for d in documents for w in d.witnesses}
    embeds: dict[str, list[str]] = {}
    result = []
    for doc in documents:
        witnesses = []
        for w in doc.witnesses:
            host = doc_of_segment.get(w.segment.host_segment or "")
            witnesses.append(replace(w, embedded_in=host))
            if host and host != doc.id:
                embeds.setdefault(host, []).append(doc.id)
        result.append(replace(doc, witnesses=tuple(witnesses)))
    linked = []
    for doc in result:
        if doc.id in embeds:
            last = doc.paragraphs[-1].id if doc.paragraphs else "p0"
            doc = replace(doc, embeds=tuple((last, guest) for guest in embeds[doc.id]))
        linked.append(doc)
    return linked


def order_documents(documents: list[Document], curation: Curation | None = None) -> list[Document]:
    """The curator's order first; then dated documents by date; then by where they first stand."""
    wanted = {doc_id: c.order for doc_id, c in (curation.documents if curation else {}).items()
              if c.order is not None}

    def key(doc: Document) -> tuple[int, str, str, int]:
        first = min((w.segment.span.source, w.segment.span.first_line) for w in doc.witnesses)
        return (wanted.get(doc.id, 1 << 30), doc.date or "9999", first[0], first[1])
    ordered = sorted(documents, key=key)
    return [replace(doc, order=n) for n, doc in enumerate(ordered, start=1)]
