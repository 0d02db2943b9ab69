"""The print view: every chapter on one page (print.md), or in volumes for a large edition.

A print page is light Markdown: its table of contents and, per chapter, a placeholder naming the
document, which the plugin fills with the chapter page's own HTML in print form once MkDocs has
converted it (`build_tools.print_assembly`): a chapter is converted to HTML once, not again for the
print view. The placeholder holds the chapter's title (the page's own table of contents lists it)
and says that the text is missing, which is what shows if it is not filled.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from build_tools.print_assembly import PLACEHOLDER_CLASS
from build_tools.records import Document, Edition
from build_tools.settings import DEFAULT_RENDER, RenderConfig
from build_tools.stages.render.common import RenderedFile, chapter_page, front_matter, md_escape

PRINT_TITLE = "全书（打印版）"
PRINT_PAGE = "print.md"
_VOLUME_PAGE = re.compile(r"print-\d{3,}\.md")


def volume_page(number: int) -> str:
    """Path of a print volume (numbered from 1)."""
    return f"print-{number:03d}.md"


def is_print_page(path: str) -> bool:
    """The print view's page or one of its volumes."""
    return path == PRINT_PAGE or bool(_VOLUME_PAGE.fullmatch(path))


def _placeholder(doc: Document) -> str:
    """Where the chapter goes: its title, and what shows if its text could not be put in."""
    return (f'<div class="{PLACEHOLDER_CLASS}" data-document="{doc.id}" markdown>\n\n'
            f"# {md_escape(doc.title)} {{: #{doc.id} }}\n\n"
            f"（本篇正文未能装入打印版，请看[本篇页面]({chapter_page(doc.id)})。）\n\n</div>\n")


def _print_page(title: str, heading: str, documents: Sequence[Document]) -> str:
    out = [front_matter({"title": title, "search": {"exclude": True}}), f"# {heading}\n"]
    # A table of contents, as a printed book has one.
    out.append('<nav class="print-toc" markdown>\n\n**目录**\n')
    out.extend(f"{n}. [{md_escape(doc.title)}](#{doc.id})" for n, doc in enumerate(documents, start=1))
    out.append("\n</nav>\n")
    for doc in documents:
        out.append('<div class="page-break"></div>\n')
        out.append(_placeholder(doc))
    return "\n".join(out)


def render_print_pages(edition: Edition, config: RenderConfig = DEFAULT_RENDER) -> list[RenderedFile]:
    """The whole edition on one page (print.md) for printing or saving as PDF.

    A large edition is printed in volumes of a catalogue page's size (print-001.md …), listed on
    print.md: one page of thousands of documents would be too heavy for a browser to print.
    """
    docs = edition.documents
    if not config.catalogued(len(docs)):
        return [RenderedFile(PRINT_PAGE, _print_page(PRINT_TITLE, md_escape(edition.title), docs))]
    chunks = config.chunks(len(docs))
    names = [volume_page(n + 1) for n in range(len(chunks))]
    files = []
    for n, (a, b) in enumerate(chunks):
        title = f"{PRINT_TITLE}第 {a + 1}–{b} 篇"
        files.append(RenderedFile(names[n], _print_page(title, f"{md_escape(edition.title)} {title}", docs[a:b])))
    listing = "\n".join(f"- [第 {a + 1}–{b} 篇]({names[n]})" for n, (a, b) in enumerate(chunks))
    index = (f"{front_matter({'title': PRINT_TITLE, 'search': {'exclude': True}})}# {PRINT_TITLE}\n\n"
             f"全书共 {len(docs)} 篇，分 {len(chunks)} 卷打印：\n\n{listing}\n")
    return [RenderedFile(PRINT_PAGE, index), *files]
