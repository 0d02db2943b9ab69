"""What lists the documents: the navigation, the home page's table, catalogue pages and neighbour links.

Material writes the whole navigation into every page, so listing thousands of chapters would make
each page carry all their titles and the build time grow with the square of the edition's size: a
large edition (`RenderConfig.catalogued`) lists catalogue pages of a hundred chapters instead.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from build_tools.records import Document, Edition
from build_tools.settings import DEFAULT_RENDER, RenderConfig
from build_tools.stages.render.common import (
    RenderedFile,
    catalogue_page,
    chapter_page,
    front_matter,
    md_escape,
    source_page,
)

DOCUMENTS_SECTION = "文献"
SOURCES_SECTION = "源文件"
# Generated pages the navigation lists after the sources: {title: path}.
EDITION_PAGES = {"编校说明": "notes.md", "全书（打印版）": "print.md"}


@dataclass(frozen=True)
class NavEntry:
    title: str  # plain text (the caller escapes it for HTML)
    path: str


@dataclass(frozen=True)
class Navigation:
    """What the site's navigation lists under "documents" and "sources"."""

    documents: tuple[NavEntry, ...]
    sources: tuple[NavEntry, ...]


def document_list(edition: Edition, documents: Sequence[Document] | None = None, prefix: str = "") -> str:
    """A table of documents (all of them by default): date, title, sources; links start with `prefix`."""
    rows = ["| 日期 | 标题 | 来源 |", "|---|---|---|"]
    for doc in edition.documents if documents is None else documents:
        title = md_escape(doc.title) + ("（编者拟题）" if doc.title_inferred else "")
        sources = "、".join(sorted({md_escape(w.segment.span.source) for w in doc.witnesses}))
        rows.append(f"| {doc.date or '—'} | [{title}]({prefix}{chapter_page(doc.id)}) | {sources} |")
    return "\n".join(rows) + "\n"


def navigation(edition: Edition, config: RenderConfig = DEFAULT_RENDER) -> Navigation:
    """Every chapter and source page, or, in a large edition, catalogue pages of a hundred each."""
    docs, sources = edition.documents, edition.sources
    if config.catalogued(len(docs)):
        documents = tuple(NavEntry(f"第 {a + 1}–{b} 篇", catalogue_page("documents", a, config))
                          for a, b in config.chunks(len(docs)))
    else:
        documents = tuple(NavEntry(d.title, chapter_page(d.id)) for d in docs)
    if config.catalogued(len(sources)):
        source_entries = tuple(NavEntry(f"{sources[a].file} … {sources[b - 1].file}",
                                        catalogue_page("sources", a, config))
                               for a, b in config.chunks(len(sources)))
    else:
        source_entries = tuple(NavEntry(s.file, source_page(s.file)) for s in sources)
    return Navigation(documents, source_entries)


def render_catalogue(edition: Edition, config: RenderConfig = DEFAULT_RENDER) -> list[RenderedFile]:
    """The catalogue pages that `navigation` lists for a large edition (none for a small one)."""
    files = []
    docs, sources = edition.documents, edition.sources
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
    return files


def neighbour_links(edition: Edition, index: int, config: RenderConfig = DEFAULT_RENDER) -> str:
    """Previous document, its catalogue page, next document, for the end of chapter `index`.

    Material shows no such links on a page that is not in the navigation, and a large edition's
    chapters are reached only through catalogue pages; a small edition has none (Material's own).
    """
    docs = edition.documents
    if not config.catalogued(len(docs)):
        return ""
    parts = []
    if index > 0:
        parts.append(f"← [{md_escape(docs[index - 1].title)}]({docs[index - 1].id}.md)")
    parts.append(f"[目录](../{catalogue_page('documents', index, config)})")
    if index + 1 < len(docs):
        parts.append(f"[{md_escape(docs[index + 1].title)}]({docs[index + 1].id}.md) →")
    return '\n\n<div class="chapter-neighbours" markdown>\n' + " | ".join(parts) + "\n</div>\n"


def nav_tree(listed: Navigation, configured: list[Any] | None, translate: Callable[[str], str]) -> list[Any]:
    """MkDocs' `nav`: the configured pages, then the documents, the sources and the edition's own pages.

    Titles reach the HTML as they are, so those from the sources are escaped (a title may contain
    markup); `translate` puts our own labels and the configured titles into the edition's script.
    """
    chapters = [{html.escape(e.title): e.path} for e in listed.documents]
    sources = [{html.escape(e.title): e.path} for e in listed.sources]
    nav: list[Any] = []
    for entry in configured or []:
        if isinstance(entry, dict):  # {"title": "page.md"}: the title is translated, the path not
            entry = {translate(str(k)): v for k, v in entry.items()}
        nav.append(entry)
    nav.extend([{translate(DOCUMENTS_SECTION): chapters}, {translate(SOURCES_SECTION): sources}])
    nav.extend({translate(title): path} for title, path in EDITION_PAGES.items())
    return nav
