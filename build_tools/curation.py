"""The curator's file, `edition.yml`: what the program proposes, the curator decides.

    title: 文献读本                 # the edition's title
    introduction: |                # Markdown shown on the home page above the list of documents
      …
    documents:
      d1a2b3c4d:                   # a document id (see edition.json or the chapter's front matter)
        title: 某某会议上的讲话      # an editorial title (the page marks it as the editor's)
        date: 2020-02-23
        author: 某某
        order: 1                   # position in the navigation (documents without one follow, by date)
        readings:                  # choose another reading at a variant place
          - context: 前面的几个字     # the canonical text just before the place (a few characters)
            reading: 所选读法         # one of the readings the witnesses offer there
    exclude:                       # segments to leave out of the edition (keyed by text, not line numbers)
      - source: 某文件.txt
        starts: 开头的几个字
    books:
      b1a2b3c4d:                   # a book id (see edition.json "books")
        title: 某某手册              # the book's title (the page marks it as the editor's)
        order: [d1a2b3c4d, d5e6f7a8b]  # its chapters in this order (document ids); the others follow
        exclude_copies: [某文件.txt]  # leave out this copy of the book (its text goes to the noise ledger)

Every mistake stops the build with a message naming the file and the key: unknown keys, unknown
document ids, a reading no witness offers, a segment that does not exist, an unknown book id, a document
that is no chapter of the book, a file that is no copy of it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from build_tools.records import Edition

TOP_KEYS = {"title", "introduction", "documents", "exclude", "books"}
DOCUMENT_KEYS = {"title", "date", "author", "order", "readings"}
READING_KEYS = {"context", "reading"}
EXCLUDE_KEYS = {"source", "starts"}
BOOK_KEYS = {"title", "order", "exclude_copies"}


class CurationError(Exception):
    """A mistake in edition.yml; the message names the file and the key."""


@dataclass(frozen=True)
class ReadingChoice:
    context: str
    reading: str
    key: str  # where it stands in the file, for messages


@dataclass(frozen=True)
class DocumentCuration:
    title: str | None = None
    date: str | None = None
    author: str | None = None
    order: int | None = None
    readings: tuple[ReadingChoice, ...] = ()


@dataclass(frozen=True)
class Exclusion:
    source: str
    starts: str
    key: str


@dataclass(frozen=True)
class BookCuration:
    title: str | None = None
    order: tuple[str, ...] = ()  # document ids: the book's chapters in this order, the others after them
    exclude_copies: tuple[str, ...] = ()  # source files: copies of the book to leave out


@dataclass(frozen=True)
class Curation:
    file: str = "edition.yml"
    title: str | None = None
    introduction: str = ""
    documents: dict[str, DocumentCuration] = field(default_factory=dict)
    exclude: tuple[Exclusion, ...] = ()
    books: dict[str, BookCuration] = field(default_factory=dict)

    def error(self, key: str, message: str) -> CurationError:
        return _fail(self.file, key, message)


def _fail(file: str, key: str, message: str) -> CurationError:
    """The one shape of every curation error: file, key, what is wrong."""
    return CurationError(f"{file}: {key}: {message}")


def _check_keys(file: str, where: str, value: Any, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(file, where or "(top)", f"expected a mapping, found {type(value).__name__}")
    for key in value:
        if key not in allowed:
            path = f"{where}.{key}" if where else str(key)
            raise _fail(file, path, f"unknown key (allowed: {', '.join(sorted(allowed))})")
    return value


def _string(file: str, key: str, value: Any) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise _fail(file, key, f"expected text, found {type(value).__name__}")
    return str(value)


def _strings(file: str, key: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _fail(file, key, f"expected a list, found {type(value).__name__}")
    return tuple(_string(file, f"{key}[{n}]", item) for n, item in enumerate(value))


def _books(file: str, value: Any) -> dict[str, BookCuration]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _fail(file, "books", "expected a mapping of book ids")
    books = {}
    for book_id, entry in value.items():
        where = f"books.{book_id}"
        entry = _check_keys(file, where, entry or {}, BOOK_KEYS)
        books[str(book_id)] = BookCuration(
            title=_string(file, f"{where}.title", entry["title"]) if entry.get("title") else None,
            order=_strings(file, f"{where}.order", entry.get("order")),
            exclude_copies=_strings(file, f"{where}.exclude_copies", entry.get("exclude_copies")))
    return books


def parse_curation(text: str, file: str = "edition.yml") -> Curation:
    """Parse and validate the text of an edition.yml."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _fail(file, "(syntax)", str(exc).replace("\n", " ")) from exc
    if data is None:
        return Curation(file=file)
    data = _check_keys(file, "", data, TOP_KEYS)
    if not isinstance(data.get("documents", {}) or {}, dict) or data.get("documents") == []:
        raise _fail(file, "documents", "expected a mapping of document ids")
    if not isinstance(data.get("exclude", []) or [], list):
        raise _fail(file, "exclude", "expected a list of {source, starts}")
    documents: dict[str, DocumentCuration] = {}
    for doc_id, entry in (data.get("documents") or {}).items():
        where = f"documents.{doc_id}"
        entry = _check_keys(file, where, entry or {}, DOCUMENT_KEYS)
        readings = []
        for n, choice in enumerate(entry.get("readings") or []):
            key = f"{where}.readings[{n}]"
            choice = _check_keys(file, key, choice, READING_KEYS)
            if "context" not in choice or "reading" not in choice:
                raise _fail(file, key, "needs both 'context' and 'reading'")
            readings.append(ReadingChoice(_string(file, key, choice["context"]),
                                          "" if choice["reading"] is None else _string(file, key, choice["reading"]),
                                          key))
        order = entry.get("order")
        if order is not None and (not isinstance(order, int) or isinstance(order, bool)):
            raise _fail(file, f"{where}.order", "expected a whole number")
        date = _string(file, f"{where}.date", entry["date"]) if entry.get("date") is not None else None
        if date is not None:
            try:
                datetime.date.fromisoformat(date)
            except ValueError as exc:
                raise _fail(file, f"{where}.date", f"expected a date as YYYY-MM-DD, found {date!r}") from exc
        documents[str(doc_id)] = DocumentCuration(
            title=_string(file, f"{where}.title", entry["title"]) if entry.get("title") else None,
            date=date,
            author=_string(file, f"{where}.author", entry["author"]) if entry.get("author") else None,
            order=order,
            readings=tuple(readings),
        )
    exclude = []
    for n, item in enumerate(data.get("exclude") or []):
        key = f"exclude[{n}]"
        item = _check_keys(file, key, item, EXCLUDE_KEYS)
        if "source" not in item or "starts" not in item:
            raise _fail(file, key, "needs both 'source' and 'starts'")
        exclude.append(Exclusion(_string(file, key, item["source"]), _string(file, key, item["starts"]), key))
    return Curation(
        file=file,
        title=_string(file, "title", data["title"]) if data.get("title") else None,
        introduction=_string(file, "introduction", data.get("introduction") or ""),
        documents=documents,
        exclude=tuple(exclude),
        books=_books(file, data.get("books")),
    )


def load_curation(path: Path) -> Curation:
    """Read edition.yml; a missing file is an empty curation."""
    if not path.exists():
        return Curation(file=path.name)
    return parse_curation(path.read_text(encoding="utf-8"), file=str(path.name))


def _yaml_text(text: str) -> str:
    """A one-line YAML scalar for a comment line (quoted when YAML would read it otherwise)."""
    return yaml.safe_dump(text, allow_unicode=True, default_style=None, width=10_000).removesuffix("\n...\n").strip()


def _book_skeleton(edition: Edition) -> list[str]:
    """The books the program found, each key commented out (see `skeleton`)."""
    if not edition.books:
        return ["# books:                   # none found (a book: documents whose copies stand in the same files,",
                "#                          # in the same order, or a file of chapters headed 第一章, 第二章 …)"]
    titles = {d.id: d.title for d in edition.documents}
    who = {"source": "from the source", "program": "proposed by the program", "curator": "editorial"}
    out = ["books:"]
    for book in edition.books:
        out.append(f"  {book.id}:")
        out.append(f"    # title: {_yaml_text(book.title)}   # {who[book.title_by]}")
        out.append("    # order:                 # its chapters in this order (those not listed follow)")
        out.extend(f"    #   - {d}   # {_yaml_text(titles.get(d, ''))}" for d in book.chapters)
        out.append("    # exclude_copies:        # leave a copy out (its text goes to the noise ledger)")
        out.extend(f"    #   - {_yaml_text(f)}" for f in book.copies)
    return out


def skeleton(edition: Edition, sources_name: str) -> str:
    """A commented edition.yml for an edition as the program proposes it: every document's id, proposed
    title, date and copies, each key commented out, so that the file changes nothing until edited."""
    out = [f"# The curator's decisions for the sources in {sources_name}/ (written by `python -m build_tools",
           "# init-edition`). Nothing below is in force until you remove the '#' before a key. Keys: see",
           "# build_tools/curation.py or the README, section \"Curation\".",
           f"# title: {_yaml_text(edition.title)}",
           "# introduction: |",
           "#   A few lines shown on the home page above the list of documents.",
           "documents:"]
    for doc in edition.documents:
        who = {"source": "from the source", "program": "proposed by the program", "curator": "editorial"}
        out.append(f"  {doc.id}:")
        out.append(f"    # title: {_yaml_text(doc.title)}   # {who[doc.title_by]}")
        out.append(f"    # date: {doc.date}" if doc.date else "    # date: YYYY-MM-DD   # the text states no full date")
        if doc.author:
            out.append(f"    # author: {_yaml_text(doc.author)}")
        out.append(f"    # order: {doc.order}")
        for w in doc.witnesses:
            span = w.segment.span
            lines = f"lines {span.first_line}–{span.last_line}"
            out.append(f"    #   copy {w.siglum}: {span.source} {lines} ({w.coverage})")
    out.extend(_book_skeleton(edition))
    out.append("# exclude:                 # leave a segment out (its text goes to the noise ledger)")
    out.append("#   - source: some-file.txt")
    out.append("#     starts: 开头的几个字")
    return "\n".join(out) + "\n"
