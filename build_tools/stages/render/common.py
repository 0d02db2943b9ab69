"""What every page kind shares: escaping source text for Markdown, front matter, and the paths of pages.

Render owns paths: where a chapter, a source page or a catalogue page lives is decided here, and
nowhere else (edition.json publishes the same paths).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from build_tools.records import Span
from build_tools.settings import DEFAULT_RENDER, RenderConfig

_ESCAPE = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ASCII_PUNCT = re.compile(r"[!\"#$%'()*+,\-./:;=?@\[\\\]^_`{|}~]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_PAGE_STEM_BYTES = 200  # file names may have 255 bytes; leave room for a suffix and ".md"


@dataclass(frozen=True)
class RenderedFile:
    """A generated file: its text, or for a big one (edition.json) what makes its text in pieces.

    A producer runs when the file is written (or its `content` asked for), each time afresh: a writer
    that takes `chunks()` never holds the whole text.
    """

    path: str  # relative to the output folder, with forward slashes
    body: str | Callable[[], Iterable[str]]

    @property
    def content(self) -> str:
        """The whole text (joined from the pieces of a streamed file)."""
        return self.body if isinstance(self.body, str) else "".join(self.body())

    def chunks(self) -> Iterable[str]:
        """The text in pieces, in order."""
        return (self.body,) if isinstance(self.body, str) else self.body()


def md_escape(text: str) -> str:
    """Make source text literal in Markdown (with pymdownx.escapeall): every ASCII mark escaped."""
    text = _ASCII_PUNCT.sub(lambda m: "\\" + m.group(0), text)
    return "".join(_ESCAPE.get(ch, ch) for ch in text)


def visible_controls(text: str) -> str:
    """Control characters (but tab) as their Unicode control pictures: NUL -> ␀, DEL -> ␡."""
    return _CONTROL.sub(lambda m: chr(0x2421 if m.group() == "\x7f" else 0x2400 + ord(m.group())), text)


# libyaml's emitter where PyYAML was built with it: the same YAML, written three times faster (a page
# each for thousands of documents, their copies and comparisons). It writes a character beyond the Basic
# Multilingual Plane (CJK Extension B and on) as an escape, where PyYAML's own writes the character, and
# breaks lines differently at NEL (U+0085): those, checked over every code point, go to PyYAML's own.
_FAST_YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_NOT_FOR_LIBYAML = re.compile("[\x85\U00010000-\U0010FFFF]")


def _texts(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _texts(item)


def front_matter(data: dict[str, Any]) -> str:
    dumper = yaml.SafeDumper if any(_NOT_FOR_LIBYAML.search(text) for text in _texts(data)) else _FAST_YAML_DUMPER
    return "---\n" + yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False) + "---\n\n"


def span_label(span: Span) -> str:
    if span.first_line == span.last_line:
        return f"{span.first_line}"
    return f"{span.first_line}–{span.last_line}"


CHAPTERS_FOLDER = "chapters/"


def chapter_page(document_id: str) -> str:
    """Path of a document's chapter."""
    return f"{CHAPTERS_FOLDER}{document_id}.md"


def source_page(file: str) -> str:
    """Path of a source's page: its file name made safe for a URL (and a file name), under sources/.

    A name that had to be changed (a space or other mark replaced by "_", or cut because it is too
    long) gets a short hash of the real name, so that "a b.txt" and "a_b.txt" get pages of their own.
    """
    stem = re.sub(r"[^\w.\-]", "_", file)
    while len(stem.encode("utf-8")) > _PAGE_STEM_BYTES:
        stem = stem[:-1]
    if stem != file:
        stem += "-" + hashlib.sha256(file.encode("utf-8")).hexdigest()[:8]
    return f"sources/{stem}.md"


def catalogue_page(kind: str, index: int, config: RenderConfig = DEFAULT_RENDER) -> str:
    """Path of the catalogue page listing item `index` (0-based) of `kind` ("documents" or "sources")."""
    return f"catalogue/{kind}-{index // config.catalogue_page_size + 1:03d}.md"


def catalogue_index_page(kind: str) -> str:
    """Path of the page listing every catalogue page of `kind`, when they are too many for the navigation."""
    return f"catalogue/{kind}.md"


def notes_part_page(index: int) -> str:
    """Path of the `index`-th (0-based) part of a large edition's notes (the ledger of removals and problems)."""
    return f"notes/part-{index + 1:03d}.md"


def line_link(span_source: str, line: int, from_chapter: bool = True) -> str:
    """Link to a line of a source page, from a chapter (one folder down) or from the site root."""
    prefix = "../" if from_chapter else ""
    return f"{prefix}{source_page(span_source)}#L{line}"


def witness_page(document_id: str, siglum: str) -> str:
    """Path of one copy's own text (a document with two or more copies has one per copy)."""
    return f"witnesses/{document_id}-{siglum}.md"


def compare_page(document_id: str) -> str:
    """Path of a document's copies side by side."""
    return f"witnesses/{document_id}-compare.md"


# The big raw HTML blocks of generated pages, which Markdown copies as they are (the MkDocs plugin sets
# them aside while Markdown runs): a source page's numbered lines and a compare page's table.
SOURCE_LINES_OPENING = '<div class="source-lines">'
COMPARE_TABLE_OPENING = '<div class="wit-compare-wrap">'
WITNESS_TEXT_OPENING = '<div class="witness-text">'
# (path prefix, path suffix, the block's opening line) of the pages holding them: the first one a page
# holds is set aside
RAW_BLOCKS = (("sources/", ".md", SOURCE_LINES_OPENING + "\n"),
              ("witnesses/", "-compare.md", COMPARE_TABLE_OPENING + "\n"),
              ("witnesses/", ".md", WITNESS_TEXT_OPENING + "\n"))


def raw_block_openings(path: str) -> list[str]:
    """The openings of the raw blocks a generated page may hold, in the order they are looked for."""
    return [opening for prefix, suffix, opening in RAW_BLOCKS if path.startswith(prefix) and path.endswith(suffix)]


def tei_file(document_id: str) -> str:
    """Path of a document's TEI P5 file."""
    return f"tei/{document_id}.xml"


VARIANTS_CSV = "variants.csv"  # every variant place of the edition, one row each


def reader_date(iso: str) -> str:
    """An ISO date as readers write it: 2020-02-23 -> 2020年2月23日 (2020-02 -> 2020年2月); other text as it is."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", iso.strip())
    if not m:
        return iso
    year, month, day = m.groups()
    return f"{int(year)}年" + (f"{int(month)}月" if month else "") + (f"{int(day)}日" if day else "")
