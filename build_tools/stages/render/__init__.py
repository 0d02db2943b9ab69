"""Stage 6, render: Markdown chapters, numbered source pages, the notes page, print view and edition.json.

One module per page kind, each a function from records to text: `chapter` (and the text it shares
with the print view), `source`, `notes`, `print_view`, `navigation` (navigation, home-page table,
catalogue pages, neighbour links), `book_page` (a book's page: its chapters in order),
`indexes` (by date, by speaker or issuing body, by source file),
`witness_view` (each copy's own text, the copies side by side), `tei` (TEI P5 files, variants.csv) and
`edition_json`; `common` holds escaping and the pages' paths.

Everything from the sources is escaped so that it shows literally: no HTML runs, no Markdown
syntax in a source (asterisks, brackets, footnote marks, attribute lists) is interpreted. Page
titles in the front matter are HTML-escaped too: MkDocs and Material print a page's title into the
HTML as it is. Control characters, which a browser would drop, show as their Unicode pictures (␀).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterator
from functools import partial

from build_tools.records import Edition, Removal
from build_tools.settings import DEFAULT_RENDER, RenderConfig
from build_tools.stages.render.book_page import render_book_pages
from build_tools.stages.render.chapter import render_chapter
from build_tools.stages.render.common import (
    VARIANTS_CSV,
    RenderedFile,
    chapter_page,
    compare_page,
    md_escape,
    source_page,
    tei_file,
    visible_controls,
    witness_page,
)
from build_tools.stages.render.edition_json import EDITION_JSON, document_data, edition_json, edition_json_text
from build_tools.stages.render.indexes import render_indexes
from build_tools.stages.render.navigation import (
    NavEntry,
    Navigation,
    document_list,
    navigation,
    neighbour_links,
    render_catalogue,
)
from build_tools.stages.render.notes import render_notes, render_notes_pages
from build_tools.stages.render.parallels_page import PARALLELS_PAGE, render_parallels_page
from build_tools.stages.render.print_view import render_print_pages
from build_tools.stages.render.source import render_source
from build_tools.stages.render.tei import render_tei_file, render_variants_csv
from build_tools.stages.render.witness_view import render_compare_page, render_witness_page

__all__ = ["DEFAULT_RENDER", "NavEntry", "Navigation", "RenderConfig", "RenderedFile", "chapter_page",
           "document_list", "edition_json", "md_escape", "navigation", "render_catalogue", "render_chapter",
           "render_edition", "render_notes", "render_print_pages", "render_source", "source_page",
           "visible_controls"]


# Pages made by an earlier run, for `mkdocs serve` (`pipeline.StageCache.rendered`): given a key holding
# every input of a page and what makes the page, the page. Without one, every page is made.
Memo = Callable[[Hashable, Callable[[], str]], str]


def _make(_key: Hashable, make: Callable[[], str]) -> str:
    return make()


def render_edition(edition: Edition, config: RenderConfig = DEFAULT_RENDER, memo: Memo = _make
                   ) -> Iterator[RenderedFile]:
    """All generated files of an edition (chapters, source pages, notes, catalogue, print view, indexes, each
    copy's own text and the copies side by side, TEI files, variants.csv, edition.json), made one at a time
    as they are taken: a writer holds one file at once (edition.json itself comes in pieces, `RenderedFile.chunks`).

    The pages of one document or source (its chapter, copies, comparison, TEI file; a source page) go
    through `memo`, keyed by everything they are made from."""
    titles = {d.id: d.title for d in edition.documents}
    # A chapter names the documents it links to: its key holds every title (a retitle makes them all again).
    all_titles = hashlib.blake2b("\0".join(f"{k}\1{v}" for k, v in titles.items()).encode("utf-8")).hexdigest()
    for i, d in enumerate(edition.documents):
        after = neighbour_links(edition, i, config)
        yield RenderedFile(chapter_page(d.id), memo(("chapter", d, all_titles, after),
                                                    partial(render_chapter, d, titles, after)))
    by_source: dict[str, list[Removal]] = defaultdict(list)
    for r in edition.removed:
        by_source[r.source].append(r)
    for s in edition.sources:
        removals = by_source[s.file]
        yield RenderedFile(source_page(s.file),
                           memo(("source", s, tuple(removals)), partial(render_source, s, removals)))
    del by_source
    yield from render_notes_pages(edition, config)
    yield RenderedFile(PARALLELS_PAGE, render_parallels_page(edition))
    yield from render_catalogue(edition, config)
    yield from render_book_pages(edition)
    yield from render_print_pages(edition, config)
    yield from render_indexes(edition, config)
    # The copies' own text is rebuilt from each document's edition.json data, as a reader of it would.
    # A document's data is made from the document and the book it is in (edition_json.document_data).
    book_of = {d: b.id for b in edition.books for d in b.chapters}
    for doc, data in zip(edition.documents, document_data(edition), strict=True):
        if len(doc.witnesses) >= 2:
            book = book_of.get(doc.id)
            for w in doc.witnesses:
                yield RenderedFile(witness_page(doc.id, w.siglum),
                                   memo(("witness", doc, book, w), partial(render_witness_page, doc, data, w)))
            yield RenderedFile(compare_page(doc.id),
                               memo(("compare", doc, book), partial(render_compare_page, doc, data)))
    for d in edition.documents:
        yield RenderedFile(tei_file(d.id), memo(("tei", d, edition.title), partial(render_tei_file, d, edition.title)))
    yield RenderedFile(VARIANTS_CSV, render_variants_csv(edition))
    yield RenderedFile(EDITION_JSON, lambda: edition_json_text(edition))
