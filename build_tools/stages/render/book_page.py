"""A book's own page (books/<id>.md): its title, its copies and its chapters in order, each with where its
copies stand; and the home page's table of books.

The navigation lists a book as a section (this page, then its chapters); a book whose chapters are not
in the navigation (a large edition) is read from this page, which is then its catalogue.
"""

from __future__ import annotations

from build_tools.records import Book, Document, Edition
from build_tools.stages.render.common import RenderedFile, chapter_page, front_matter, md_escape, source_page

BOOK_PAGE_TITLE = "目录"  # the book page's entry in the book's section of the navigation
WHO = {"program": "程序（待编者审定）", "curator": "编者"}


def book_page(book_id: str) -> str:
    """Path of a book's page."""
    return f"books/{book_id}.md"


def book_title(book: Book) -> str:
    """The book's title as Markdown, marked when it is not the source's."""
    return md_escape(book.title) + ("（编者拟题）" if book.title_by != "source" else "")


def _copies_of(doc: Document, prefix: str) -> str:
    """Where the chapter's copies stand: file and first line, each a link to the line (sigla are the
    chapter's own, so the files name the copies here)."""
    return "；".join(f"[{md_escape(w.segment.span.source)} 第 {w.segment.span.first_line} 行]"
                    f"({prefix}{source_page(w.segment.span.source)}#L{w.segment.span.first_line})"
                    for w in doc.witnesses)


def render_book_page(edition: Edition, book: Book) -> str:
    """The book's page: title, copies, its chapters in order with their copies."""
    by_id = {d.id: d for d in edition.documents}
    out = [front_matter({"title": book.title}), f"# {book_title(book)}\n"]
    if book.title_by != "source":
        out.append(f"书名是{WHO[book.title_by]}拟的：各副本没有书名行。\n")
    copies = "、".join(f"[{md_escape(f)}](../{source_page(f)})" for f in book.copies)
    out.append(f"共 {len(book.chapters)} 章；副本 {len(book.copies)} 种：{copies}。\n")
    rows = ["| 序 | 章 | 各本所在 |", "|---|---|---|"]
    for n, doc_id in enumerate(book.chapters, start=1):
        doc = by_id[doc_id]
        title = md_escape(doc.title) + ("（编者拟题）" if doc.title_inferred else "")
        rows.append(f"| {n} | [{title}](../{chapter_page(doc.id)}) | {_copies_of(doc, '../')} |")
    out.append("\n".join(rows) + "\n")
    return "\n".join(out)


def render_book_pages(edition: Edition) -> list[RenderedFile]:
    """One page per book."""
    return [RenderedFile(book_page(b.id), render_book_page(edition, b)) for b in edition.books]


def book_list(edition: Edition, prefix: str = "") -> str:
    """A table of the edition's books: title (a link to its page), number of chapters, copies."""
    rows = ["| 书名 | 章数 | 副本 |", "|---|---|---|"]
    for book in edition.books:
        copies = "、".join(md_escape(f) for f in book.copies)
        rows.append(f"| [{book_title(book)}]({prefix}{book_page(book.id)}) | {len(book.chapters)} | {copies} |")
    return "\n".join(rows) + "\n"
