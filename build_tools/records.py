"""Plain typed records passed between the pipeline stages.

Every piece of text carries where it came from (`Span`, and `LineMark`s inside a block), so that
provenance survives from the first stage to the footnote.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

Severity = Literal["warning", "error"]
BlockRole = Literal["title", "subtitle", "issuer", "docnumber", "date", "author", "salutation",
                    "addressee", "heading", "body", "signature", "code"]
Coverage = Literal["complete", "truncated", "lacks-opening", "fragment"]
VariantKind = Literal["punctuation", "orthographic", "localisation", "mechanical", "omission", "addition",
                      "substitution"]
# Why a variant place's lemma is the text: most copies have it; a tie went to the base copy, or (the
# base not voting) to the earliest copy; or the curator chose it in edition.yml.
ChosenBy = Literal["majority", "base", "first-copy", "curator"]
# Left on a line by the cleaner for the segmenter: it was indented, carried a Word bookmark or a
# numbered-piece marker, or had noise removed; it is code (kept verbatim, never joined); it is the
# heading of a chapter of a book (a file the cleaner found split into chapters).
BlockHint = Literal["indented", "bookmark", "piece-marker", "removed", "code", "chapter"]


@dataclass(frozen=True)
class Span:
    """A run of source lines, 1-based and inclusive."""

    source: str
    first_line: int
    last_line: int


@dataclass(frozen=True)
class Problem:
    """A warning or error about the input, naming the file and (where known) the line."""

    severity: Severity
    source: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{self.severity}: {where}: {self.message}"


@dataclass(frozen=True)
class Source:
    """One decoded source file."""

    file: str
    encoding: str
    sha256: str
    lines: tuple[str, ...]
    # How sure the reader is of `encoding` (0-1): 1 for a byte-order mark or valid UTF-8, less for a
    # legacy encoding judged by how plausible the decoded Chinese text is.
    encoding_confidence: float = 1.0
    # Runs of lines in another encoding than `encoding` (a GBK paragraph pasted into a UTF-8 file):
    # (first line, last line, encoding), 1-based and inclusive.
    other_encodings: tuple[tuple[int, int, str], ...] = ()


@dataclass(frozen=True)
class Removal:
    """Noise removed from a source line: what, where (line and column) and by which rule."""

    source: str
    line: int
    column: int
    text: str
    rule: str


@dataclass(frozen=True)
class LineMark:
    """From character `offset` of a block's text on, the text comes from source line `line`."""

    offset: int
    line: int


@dataclass(frozen=True)
class Block:
    """A paragraph of cleaned text (a source line, or several joined across PDF breaks)."""

    text: str
    span: Span
    marks: tuple[LineMark, ...]
    hints: frozenset[BlockHint] = frozenset()
    gap_before: int = 0  # blank (or wholly removed) lines between this block and the previous one

    def line_at(self, offset: int) -> int:
        """Source line holding character `offset` of the text."""
        line = self.marks[0].line
        for mark in self.marks:
            if mark.offset > offset:
                break
            line = mark.line
        return line


@dataclass(frozen=True)
class CleanText:
    """A source after noise removal: its blocks plus the ledger of what was removed."""

    source: Source
    blocks: tuple[Block, ...]
    removals: tuple[Removal, ...]


@dataclass(frozen=True)
class Segment:
    """One document as it stands in one source: header metadata plus body blocks."""

    id: str
    span: Span
    blocks: tuple[tuple[BlockRole, Block], ...]
    title: str | None
    subtitle: str | None
    date: str | None  # ISO 8601 (YYYY-MM-DD), or None when the text states no full date
    author: str | None
    # The id of the segment this one stands inside (a notice that forwards or quotes it whole).
    host_segment: str | None = None

    @property
    def body(self) -> tuple[Block, ...]:
        return tuple(b for role, b in self.blocks if role in ("body", "heading", "salutation", "code"))


@dataclass(frozen=True)
class Work:
    """Segments found to be copies of one document (the output of clustering)."""

    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Witness:
    """One copy of a document: the segment it is, its siglum and how much of the work it covers."""

    siglum: str
    segment: Segment
    coverage: Coverage = "complete"
    embedded_in: str | None = None  # the document this copy stands inside (from its segment's host_segment)
    covers: tuple[int, int] = (0, 0)  # the stretch of the canonical text (offsets, "\n" between paragraphs) it has
    # The canonical paragraph numbers in the order this copy has them, when it has its paragraphs (or
    # sections) in another order than the edition; None when its order is the edition's.
    order: tuple[int, ...] | None = None


@dataclass(frozen=True)
class Reading:
    """A reading at a variant place and the sigla of the witnesses that have it."""

    text: str
    witnesses: tuple[str, ...]


@dataclass(frozen=True)
class Variant:
    """A place where witnesses disagree: the chosen text (lemma) and the other readings."""

    paragraph: str
    offset: int
    lemma: str
    readings: tuple[Reading, ...]
    kind: VariantKind
    lemma_witnesses: tuple[str, ...] = ()
    lines: tuple[tuple[str, int], ...] = ()  # (siglum, source line) of every voting witness here
    chosen_by: ChosenBy = "majority"


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the canonical text, with where each witness has it."""

    id: str
    text: str
    role: BlockRole
    spans: tuple[tuple[str, Span], ...]  # (siglum, span) for each witness that has this paragraph

    @property
    def number(self) -> int:
        """The paragraph's number (¶n), from its id `pn`."""
        return paragraph_number(self.id)


def paragraph_number(paragraph_id: str) -> int:
    """n of a paragraph id `pn` (the one place that knows the shape of the id)."""
    return int(paragraph_id.removeprefix("p"))


def paragraph_starts(lengths: list[int] | tuple[int, ...]) -> tuple[int, ...]:
    """Canonical offsets where paragraphs of these lengths start (one "\n" between paragraphs)."""
    starts, position = [], 0
    for length in lengths:
        starts.append(position)
        position += length + 1
    return tuple(starts)


Direction = Literal["quotes", "quoted-by", "unknown"]


@dataclass(frozen=True)
class Parallel:
    """A passage a document shares with another that is not a copy of it: where it stands here and there.

    Offsets count in canonical paragraphs of each document; the passages are the same in folded text
    (`chars` characters), so their lengths in each document's own text may differ by punctuation.
    """

    document: str  # the other document
    paragraph: str
    offset: int
    length: int
    text: str  # the passage as it reads here
    their_paragraph: str
    their_offset: int
    their_length: int
    their_text: str  # the passage as it reads there
    chars: int  # folded characters (letters and digits) of the passage, as many in both documents


@dataclass(frozen=True)
class Relation:
    """Another document this one shares passages with: how much, and which of the two quotes the other."""

    document: str
    shared_chars: int  # folded characters of all the passages the two share
    direction: Direction  # this document quotes the other, is quoted by it, or nobody can tell


@dataclass(frozen=True)
class Document:
    """A work as it appears in the edition: canonical text, witnesses and variant places."""

    id: str
    title: str
    title_inferred: bool
    subtitle: str | None
    date: str | None
    author: str | None
    witnesses: tuple[Witness, ...]
    paragraphs: tuple[Paragraph, ...]
    variants: tuple[Variant, ...] = ()
    # Where a witness of another document stands inside this one: (after paragraph id, document id).
    embeds: tuple[tuple[str, str], ...] = ()
    order: int = 0
    title_by: Literal["source", "program", "curator"] = "source"
    base: str = ""  # siglum of the base copy: the one the others are aligned to, whose reading wins a tie
    parallels: tuple[Parallel, ...] = ()  # passages shared with other documents (stage parallels)
    related: tuple[Relation, ...] = ()  # the documents it shares them with, most shared first

    # The canonical text is the paragraphs joined by "\n"; a canonical offset counts in it.
    @property
    def canonical(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

    @cached_property
    def paragraph_starts(self) -> tuple[int, ...]:
        return paragraph_starts([len(p.text) for p in self.paragraphs])

    def offset_of(self, paragraph_id: str, offset: int = 0) -> int:
        """Canonical offset of character `offset` of paragraph `paragraph_id`."""
        return self.paragraph_starts[paragraph_number(paragraph_id) - 1] + offset

    def place_at(self, offset: int) -> tuple[Paragraph, int]:
        """The paragraph holding canonical `offset` and the offset inside it (a paragraph's end belongs to it)."""
        if not self.paragraphs:
            raise ValueError(f"document {self.id} has no paragraphs")
        index = max(0, bisect.bisect_right(self.paragraph_starts, offset) - 1)
        return self.paragraphs[index], offset - self.paragraph_starts[index]


@dataclass(frozen=True)
class Book:
    """A work with ordered chapters: documents whose copies stand in the same files, in the same order."""

    id: str  # 'b' and 8 hex digits from the file names of its copies
    title: str
    title_by: Literal["source", "program", "curator"]  # a title line in a copy, proposed, or edition.yml
    copies: tuple[str, ...]  # the source files that are copies of the book, by name
    chapters: tuple[str, ...]  # document ids, in the book's order


@dataclass(frozen=True)
class Edition:
    """Everything the renderer needs: sources, documents, the noise ledger and problems found."""

    title: str
    sources: tuple[Source, ...]
    documents: tuple[Document, ...]
    removed: tuple[Removal, ...]
    problems: tuple[Problem, ...] = field(default=())
    introduction: str = ""
    books: tuple[Book, ...] = ()  # the books; their chapters stand together in `documents`
