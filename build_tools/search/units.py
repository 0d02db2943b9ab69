"""What the search finds, read from the records: units of text, each with the words a reader sees.

Two groups, each with its own index: chapters and source pages.

- A chapter (document number d, in the edition's order) has unit 0, its title; unit n, its
  paragraph pn (the page's anchor #pn); and from `reading_base` on, one unit per reading of a
  variant place: the reading with `READING_CONTEXT` characters of the text on either side, so a
  phrase that runs into or out of a reading is found. A result that matches only such a unit names
  the copies that read it and leads to the variant's note.
- A source page (source number s) has unit 0, its file name, and unit n, its line n (#Ln), as the
  file has it: the noise the cleaner removed is on the page, so it is found too.

Chapter text is shown in the edition's script (the Traditional edition's text is OpenCC's
conversion, as on its pages); source pages quote the files and are never converted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from build_tools.editions import Script
from build_tools.records import Document, Edition, Source, Variant
from build_tools.stages.convert import convert_text
from build_tools.stages.render import chapter_page, source_page
from build_tools.stages.render.chapter import MINOR_KINDS

__all__ = ["READING_CONTEXT", "Group", "Reading", "Record", "chapter_group", "chapter_records", "note_names",
           "page_url", "reading_base", "source_group", "source_record"]

READING_CONTEXT = 10  # characters of the text kept on either side of a reading


@dataclass(frozen=True)
class Reading:
    """A reading unit: where it stands and who reads it."""

    paragraph: int  # the paragraph number of the variant place
    start: int  # the reading inside the unit's text: [start, end)
    end: int
    copies: str  # "B（file.txt）、C（other.txt）"
    note: str  # the id of the note on the chapter page that gives the reading ("fn:v3")
    lemma: str  # the edition's text at that place


@dataclass
class Record:
    """One page of a group: its title, address and units (unit number -> text)."""

    title: str
    url: str  # relative to the edition's root, a directory URL ("chapters/x/")
    units: dict[int, str] = field(default_factory=dict)
    readings: dict[int, Reading] = field(default_factory=dict)


@dataclass(frozen=True)
class Group:
    name: str  # "chapters" or "sources"
    records: tuple[Record, ...]
    reading_base: int  # first reading unit number (chapters); 0 when the group has none


def page_url(markdown_path: str) -> str:
    """The directory URL of a generated page: chapters/x.md -> chapters/x/."""
    return markdown_path.removesuffix(".md") + "/"


def note_names(doc: Document) -> dict[int, str]:
    """The footnote label of each variant place (its index in doc.variants), as the chapter numbers them.

    Substantive variants get a note each (v1, v2 …, counting every note before them); the minor
    ones of a paragraph share the note m<paragraph number> that follows the paragraph's own.
    """
    by_paragraph: dict[str, list[int]] = defaultdict(list)
    for i, v in enumerate(doc.variants):
        by_paragraph[v.paragraph].append(i)
    names: dict[int, str] = {}
    count = 0
    for paragraph in doc.paragraphs:
        minor = []
        for i in by_paragraph.get(paragraph.id, []):
            if doc.variants[i].kind in MINOR_KINDS:
                minor.append(i)
                continue
            count += 1
            names[i] = f"v{count}"
        if minor:
            count += 1
            names.update((i, f"m{paragraph.number}") for i in minor)
    return names


def _convert_all(texts: list[str], script: Script) -> list[str]:
    """Texts in the edition's script, converted in one call where the separator allows it."""
    if not script.opencc or not texts:
        return texts
    joined = "\n".join(texts)
    converted = convert_text(joined, script.opencc).split("\n")
    if len(converted) == len(texts):
        return converted
    return [convert_text(t, script.opencc) for t in texts]


def _reading_units(doc: Document, variant: Variant, note: str) -> list[tuple[str, Reading]]:
    canonical = doc.canonical
    at = doc.offset_of(variant.paragraph, variant.offset)
    left = canonical[max(0, at - READING_CONTEXT):at].replace("\n", " ")
    right = canonical[at + len(variant.lemma):at + len(variant.lemma) + READING_CONTEXT].replace("\n", " ")
    sources = {w.siglum: w.segment.span.source for w in doc.witnesses}
    number = int(variant.paragraph.removeprefix("p"))
    out = []
    for reading in variant.readings:
        copies = "、".join(f"{s}（{sources.get(s, '?')}）" for s in reading.witnesses)
        text = reading.text.replace("\n", " ")
        out.append((left + text + right, Reading(number, len(left), len(left) + len(text), copies,
                                                 f"fn:{note}", variant.lemma.replace("\n", " "))))
    return out


def reading_base(edition: Edition) -> int:
    """The first reading unit number of the chapters: after the paragraphs of the longest document."""
    return max((len(d.paragraphs) for d in edition.documents), default=0) + 1


def chapter_records(documents: Iterable[Document], base: int, script: Script) -> list[Record]:
    """The records of these chapters, reading units from `base` on, in the edition's script."""
    texts: list[str] = []
    slots: list[tuple[Record, int | None, int, Reading | None]] = []  # where each converted text goes
    records = []
    for doc in documents:
        record = Record("", page_url(chapter_page(doc.id)))
        records.append(record)
        texts.append(doc.title)
        slots.append((record, None, 0, None))
        for paragraph in doc.paragraphs:
            texts.append(paragraph.text)
            slots.append((record, paragraph.number, paragraph.number, None))
        names = note_names(doc)
        unit = base
        for i, variant in enumerate(doc.variants):
            for text, reading in _reading_units(doc, variant, names[i]):
                texts.append(text)
                texts.append(reading.lemma)
                slots.append((record, -1, unit, reading))
                unit += 1
    converted = iter(_convert_all(texts, script))
    for record, kind, unit, place in slots:
        text = next(converted)
        if kind is None:
            record.title = text
        elif place is not None:
            lemma = next(converted)
            record.readings[unit] = Reading(place.paragraph, place.start, place.end, place.copies, place.note, lemma)
        record.units[unit] = text
    return records


def chapter_group(edition: Edition, script: Script) -> Group:
    """The chapters' units, in the edition's script."""
    base = reading_base(edition)
    return Group("chapters", tuple(chapter_records(edition.documents, base, script)), base)


def source_record(source: Source) -> Record:
    """A source page's units: the file name, then every line as the file has it."""
    record = Record(source.file, page_url(source_page(source.file)))
    record.units[0] = source.file
    for number, line in enumerate(source.lines, start=1):
        if line.strip():
            record.units[number] = line
    return record


def source_group(edition: Edition) -> Group:
    """The source pages' units: the file name, then every line as the file has it."""
    return Group("sources", tuple(source_record(source) for source in edition.sources), 0)
