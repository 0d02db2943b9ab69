"""Stage 6, render: Markdown chapters, numbered source pages, the notes page, print view and edition.json.

One module per page kind, each a function from records to text: `chapter` (and the text it shares
with the print view), `source`, `notes`, `print_view`, `navigation` (navigation, home-page table,
catalogue pages, neighbour links), `book_page` (a book's page: its chapters in order),
`indexes` (by date, by speaker or issuing body, by source file),
`witness_view` (each copy's own text, the copies side by side), `tei` (TEI P5 files, variants.csv) and
`edition_json`; `common` holds escaping and the pages' paths, `memo` what `render_edition` asks of a
memo of an earlier run's pages.

Everything from the sources is escaped so that it shows literally: no HTML runs, no Markdown
syntax in a source (asterisks, brackets, footnote marks, attribute lists) is interpreted. Page
titles in the front matter are HTML-escaped too: MkDocs and Material print a page's title into the
HTML as it is. Control characters, which a browser would drop, show as their Unicode pictures (␀).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterator
from functools import cache, partial
from typing import Any

from build_tools.records import Document, Edition, Removal, Witness
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
from build_tools.stages.render.edition_json import (
    EDITION_JSON,
    document_entry,
    edition_json,
    edition_json_text,
    entry_json,
)
from build_tools.stages.render.indexes import render_indexes
from build_tools.stages.render.memo import Hashed, Memo
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
from build_tools.stages.render.tei import render_tei_file, render_variants_csv, variant_rows
from build_tools.stages.render.witness_view import render_compare_page, render_witness_page

__all__ = ["DEFAULT_RENDER", "Memo", "NavEntry", "Navigation", "RenderConfig", "RenderedFile", "chapter_page",
           "document_list", "edition_json", "md_escape", "navigation", "render_catalogue", "render_chapter",
           "render_edition", "render_notes", "render_print_pages", "render_source", "source_page",
           "visible_controls"]


def _copy_page(doc: Document, entry: Callable[[], dict[str, Any]], witness: Witness) -> str:
    return render_witness_page(doc, entry(), witness)


def _compare_page(doc: Document, entry: Callable[[], dict[str, Any]]) -> str:
    return render_compare_page(doc, entry())


def _entry_text(entry: Callable[[], dict[str, Any]]) -> str:
    return entry_json(entry())


def _make(_key: Hashable, make: Callable[[], str]) -> str:
    return make()


def render_edition(edition: Edition, config: RenderConfig = DEFAULT_RENDER, memo: Memo | None = None
                   ) -> Iterator[RenderedFile]:
    """All generated files of an edition (chapters, source pages, notes, catalogue, print view, indexes, each
    copy's own text and the copies side by side, TEI files, variants.csv, edition.json), made one at a time
    as they are taken: a writer holds one file at once (edition.json itself comes in pieces, `RenderedFile.chunks`).

    With `memo` (pages made by an earlier run, `pipeline.StageCache.render`), the pages of one document or
    source (its chapter, copies, comparison, TEI file; a source page) and each document's entry in
    edition.json go through it, keyed by everything they are made from. Without one, every page is made,
    and edition.json's entries are made as it is written."""
    remember = memo or _make
    titles = {d.id: d.title for d in edition.documents}
    # A chapter names the documents it links to: its key holds every title (a retitle makes them all again).
    all_titles = hashlib.blake2b("\0".join(f"{k}\1{v}" for k, v in titles.items()).encode("utf-8")).hexdigest()
    # Each document's pages' keys hold one `Hashed` of it, hashed by its id.
    keyed = [Hashed(d, d.id) for d in edition.documents]
    for i, (d, key) in enumerate(zip(edition.documents, keyed, strict=True)):
        after = neighbour_links(edition, i, config)
        yield RenderedFile(chapter_page(d.id), remember(("chapter", key, all_titles, after),
                                                        partial(render_chapter, d, titles, after)))
    by_source: dict[str, list[Removal]] = defaultdict(list)
    for r in edition.removed:
        by_source[r.source].append(r)
    for s in edition.sources:
        removals = by_source[s.file]
        yield RenderedFile(source_page(s.file), remember(("source", Hashed((s, tuple(removals)), (s.file, s.sha256))),
                                                         partial(render_source, s, removals)))
    del by_source
    yield from render_notes_pages(edition, config)
    yield RenderedFile(PARALLELS_PAGE, render_parallels_page(edition))
    yield from render_catalogue(edition, config)
    yield from render_book_pages(edition)
    yield from render_print_pages(edition, config)
    yield from render_indexes(edition, config)
    # The copies' own text is rebuilt from the document's edition.json entry, as a reader of it would. The
    # entry is made from the document and the book it is in, once, when a page made from it is made.
    book_of = {d: b.id for b in edition.books for d in b.chapters}
    entries: list[str] = []  # with a memo, each document's entry in edition.json (the memo holds them too)
    for doc, key in zip(edition.documents, keyed, strict=True):
        book = book_of.get(doc.id)
        entry = cache(partial(document_entry, doc, book))
        if len(doc.witnesses) >= 2:
            for w in doc.witnesses:
                yield RenderedFile(witness_page(doc.id, w.siglum),
                                   remember(("witness", key, book, w.siglum), partial(_copy_page, doc, entry, w)))
            yield RenderedFile(compare_page(doc.id),
                               remember(("compare", key, book), partial(_compare_page, doc, entry)))
        if memo is not None:
            entries.append(memo(("entry", key, book), partial(_entry_text, entry)))
    rows = []  # each document's rows of variants.csv
    for d, key in zip(edition.documents, keyed, strict=True):
        yield RenderedFile(tei_file(d.id), remember(("tei", key, edition.title),
                                                    partial(render_tei_file, d, edition.title)))
        rows.append(remember(("variants", key), partial(variant_rows, d)))
    yield RenderedFile(VARIANTS_CSV, render_variants_csv(edition, rows))
    # Without a memo, edition.json's entries are made as it is written: all of them at once would be the
    # size of its text.
    yield RenderedFile(EDITION_JSON, partial(edition_json_text, edition, entries if memo is not None else None))
