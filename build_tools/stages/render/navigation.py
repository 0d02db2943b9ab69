"""What lists the documents: the navigation, the home page's table, catalogue pages and neighbour links.

Material writes the whole navigation into every page, so listing thousands of chapters would make
each page carry all their titles and the build time grow with the square of the edition's size: a
large edition (`RenderConfig.catalogued`) lists catalogue pages of a hundred chapters instead.

A book is a section of its own (its page, `books/<id>.md`, then its chapters in order); the documents
in no book are listed under "文献". In a large edition a book's section lists its page only, which is
then the book's catalogue, and the documents in no book get catalogue pages when they are many.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from build_tools.records import Book, Document, Edition
from build_tools.settings import DEFAULT_RENDER, RenderConfig
from build_tools.stages.render.book_page import BOOK_PAGE_TITLE, book_list, book_page
from build_tools.stages.render.common import (
    RenderedFile,
    catalogue_index_page,
    catalogue_page,
    chapter_page,
    front_matter,
    md_escape,
    reader_date,
    source_page,
)

DOCUMENTS_SECTION = "文献"
SOURCES_SECTION = "源文件"
# The pages listing every catalogue page of a kind, in a navigation too small for them all.
DOCUMENT_CATALOGUE_TITLE = "文献目录"
SOURCE_CATALOGUE_TITLE = "源文件目录"
# Generated pages the navigation lists after the sources: {title: path}; those under indexes/ make a section.
EDITION_PAGES = {"时间线": "indexes/by-date.md", "按讲话人与发文机关": "indexes/by-author.md",
                 "按源文件": "indexes/by-source.md", "平行段落": "parallels.md", "编校说明": "notes.md",
                 "全书（打印版）": "print.md"}
INDEX_SECTION = "索引"
BOOKS_HEADING, SINGLES_HEADING = "书籍", "单篇文献"  # the home page's two tables, when there are books


@dataclass(frozen=True)
class NavEntry:
    title: str  # plain text (the caller escapes it for HTML)
    path: str


@dataclass(frozen=True)
class Navigation:
    """What the site's navigation lists under "documents" and "sources"."""

    documents: tuple[NavEntry, ...]
    sources: tuple[NavEntry, ...]
    books: tuple[NavSection, ...] = ()  # one section per book, before the documents in no book


@dataclass(frozen=True)
class NavSection:
    """A book in the navigation: its title, its page, and its chapters (none in a large edition)."""

    title: str  # plain text
    page: str
    chapters: tuple[NavEntry, ...]


def single_documents(edition: Edition) -> tuple[Document, ...]:
    """The documents that are no book's chapters, in reading order."""
    in_books = {d for b in edition.books for d in b.chapters}
    return tuple(d for d in edition.documents if d.id not in in_books)


def chapters_listed(edition: Edition, config: RenderConfig = DEFAULT_RENDER) -> bool:
    """Whether the navigation lists the books' chapters (not in a large edition)."""
    return not config.catalogued(len(edition.documents))


def document_list(edition: Edition, documents: Sequence[Document] | None = None, prefix: str = "") -> str:
    """A table of documents (all of them by default): date, title, sources; links start with `prefix`.

    On a phone (indexes.css) the table's rows are laid out as cards: title first, date and sources under it.
    """
    if documents is None and edition.books:  # the home page: the books, then the documents in no book
        singles = single_documents(edition)
        listing = f"### {BOOKS_HEADING}\n\n{book_list(edition, prefix)}\n"
        return listing + (f"### {SINGLES_HEADING}\n\n{document_list(edition, singles, prefix)}" if singles else "")
    rows = ['<div class="doc-list" markdown>\n', "| 日期 | 标题 | 来源 |", "|---|---|---|"]
    for doc in edition.documents if documents is None else documents:
        title = md_escape(doc.title) + ("（编者拟题）" if doc.title_inferred else "")
        sources = "、".join(sorted({md_escape(w.segment.span.source) for w in doc.witnesses}))
        date = reader_date(doc.date) if doc.date else "—"
        rows.append(f"| {date} | [{title}]({prefix}{chapter_page(doc.id)}) | {sources} |")
    return "\n".join(rows) + "\n\n</div>\n"


def navigation(edition: Edition, config: RenderConfig = DEFAULT_RENDER) -> Navigation:
    """Every chapter and source page, or, in a large edition, catalogue pages of a hundred each."""
    docs, sources = single_documents(edition), edition.sources
    if config.catalogued(len(docs)):
        documents = tuple(NavEntry(title, path) for title, path in _catalogue_entries(edition, "documents", config))
    else:
        documents = tuple(NavEntry(d.title, chapter_page(d.id)) for d in docs)
    if config.catalogued(len(sources)):
        source_entries = tuple(NavEntry(title, path) for title, path in _catalogue_entries(edition, "sources", config))
    else:
        source_entries = tuple(NavEntry(s.file, source_page(s.file)) for s in sources)
    # Too many catalogue pages for a navigation written into every page: it lists their index page.
    if config.catalogue_indexed(len(docs)):
        documents = (NavEntry(DOCUMENT_CATALOGUE_TITLE, catalogue_index_page("documents")),)
    if config.catalogue_indexed(len(sources)):
        source_entries = (NavEntry(SOURCE_CATALOGUE_TITLE, catalogue_index_page("sources")),)
    return Navigation(documents, source_entries, _book_sections(edition, config))


def _book_sections(edition: Edition, config: RenderConfig) -> tuple[NavSection, ...]:
    titles = {d.id: d.title for d in edition.documents}
    listed = chapters_listed(edition, config)
    return tuple(NavSection(b.title, book_page(b.id),
                            tuple(NavEntry(titles[d], chapter_page(d)) for d in b.chapters) if listed else ())
                 for b in edition.books)


def render_catalogue(edition: Edition, config: RenderConfig = DEFAULT_RENDER) -> list[RenderedFile]:
    """The catalogue pages that `navigation` lists for a large edition (none for a small one)."""
    files = []
    docs, sources = single_documents(edition), edition.sources
    if config.catalogued(len(docs)):
        for a, b in config.chunks(len(docs)):
            title = f"文献目录 第 {a + 1}–{b} 篇"
            body = document_list(edition, docs[a:b], prefix="../")
            files.append(RenderedFile(catalogue_page("documents", a, config),
                                      f"{front_matter({'title': title})}# {title}\n\n{body}"))
    if config.catalogued(len(sources)):
        for n, (a, b) in enumerate(config.chunks(len(sources))):
            title = f"源文件目录 {n + 1}"
            rows = [f"- [{md_escape(s.file)}](../{source_page(s.file)})（{s.encoding}，{len(s.lines)} 行）"
                    for s in sources[a:b]]
            files.append(RenderedFile(catalogue_page("sources", a, config),
                                      f"{front_matter({'title': title, 'search': {'exclude': True}})}# {title}\n\n"
                                      + "\n".join(rows) + "\n"))
    for kind, title, count in (("documents", DOCUMENT_CATALOGUE_TITLE, len(docs)),
                               ("sources", SOURCE_CATALOGUE_TITLE, len(sources))):
        if config.catalogue_indexed(count):
            entries = [f"- [{md_escape(name)}](../{path})" for name, path in _catalogue_entries(edition, kind, config)]
            files.append(RenderedFile(catalogue_index_page(kind),
                                      f"{front_matter({'title': title, 'search': {'exclude': True}})}# {title}\n\n"
                                      + "\n".join(entries) + "\n"))
    return files


def _catalogue_entries(edition: Edition, kind: str, config: RenderConfig) -> list[tuple[str, str]]:
    """(title, path) of each catalogue page of `kind`, as the navigation lists them when they are few."""
    if kind == "documents":
        return [(f"第 {a + 1}–{b} 篇", catalogue_page("documents", a, config))
                for a, b in config.chunks(len(single_documents(edition)))]
    sources = edition.sources
    return [(f"{sources[a].file} … {sources[b - 1].file}", catalogue_page("sources", a, config))
            for a, b in config.chunks(len(sources))]


def neighbour_links(edition: Edition, index: int, config: RenderConfig = DEFAULT_RENDER) -> str:
    """Previous document, its catalogue page, next document, for the end of chapter `index`.

    Material shows no such links on a page that is not in the navigation, and a large edition's
    chapters are reached only through catalogue pages; a small edition has none (Material's own).
    A book's chapter links the book's previous and next chapters and the book's page.
    """
    docs = edition.documents
    if edition.books:
        doc = docs[index]
        book = next((b for b in edition.books if doc.id in b.chapters), None)
        if book is not None:
            return _chapter_neighbours(edition, book, doc, config)
        docs = single_documents(edition)
        index = [d.id for d in docs].index(doc.id)
    if not config.catalogued(len(docs)):
        return ""
    parts = []
    if index > 0:
        parts.append(f"← [{md_escape(docs[index - 1].title)}]({docs[index - 1].id}.md)")
    parts.append(f"[目录](../{catalogue_page('documents', index, config)})")
    if index + 1 < len(docs):
        parts.append(f"[{md_escape(docs[index + 1].title)}]({docs[index + 1].id}.md) →")
    return '\n\n<div class="chapter-neighbours" markdown>\n' + " | ".join(parts) + "\n</div>\n"


def _chapter_neighbours(edition: Edition, book: Book, doc: Document, config: RenderConfig) -> str:
    """Previous chapter, the book's page, next chapter: for a chapter the navigation does not list."""
    if chapters_listed(edition, config):
        return ""  # Material's footer links the neighbours in the book's section
    titles = {d.id: d.title for d in edition.documents}
    n = book.chapters.index(doc.id)
    parts = []
    if n > 0:
        parts.append(f"← [{md_escape(titles[book.chapters[n - 1]])}]({book.chapters[n - 1]}.md)")
    parts.append(f"[{md_escape(book.title)}·{BOOK_PAGE_TITLE}](../{book_page(book.id)})")
    if n + 1 < len(book.chapters):
        parts.append(f"[{md_escape(titles[book.chapters[n + 1]])}]({book.chapters[n + 1]}.md) →")
    return '\n\n<div class="chapter-neighbours" markdown>\n' + " | ".join(parts) + "\n</div>\n"


def nav_tree(listed: Navigation, configured: list[Any] | None, translate: Callable[[str], str]) -> list[Any]:
    """MkDocs' `nav`: the configured pages, then the documents, the sources and the edition's own pages.

    Titles reach the HTML as they are, so those from the sources are escaped (a title may contain
    markup); `translate` puts our own labels and the configured titles into the edition's script (the
    listed titles are in it already: `convert.convert_navigation`).
    """
    chapters = [{html.escape(e.title): e.path} for e in listed.documents]
    sources = [{html.escape(e.title): e.path} for e in listed.sources]
    nav: list[Any] = []
    for entry in configured or []:
        if isinstance(entry, dict):  # {"title": "page.md"}: the title is translated, the path not
            entry = {translate(str(k)): v for k, v in entry.items()}
        nav.append(entry)
    for book in listed.books:  # a section per book: its page, then its chapters in order
        entries = [{translate(BOOK_PAGE_TITLE): book.page},
                   *({html.escape(e.title): e.path} for e in book.chapters)]
        nav.append({html.escape(book.title): entries})
    if chapters or not listed.books:
        nav.append({translate(DOCUMENTS_SECTION): chapters})
    nav.append({translate(SOURCES_SECTION): sources})
    indexes = [{translate(title): path} for title, path in EDITION_PAGES.items() if path.startswith("indexes/")]
    nav.append({translate(INDEX_SECTION): indexes})
    nav.extend({translate(title): path} for title, path in EDITION_PAGES.items() if not path.startswith("indexes/"))
    return nav
