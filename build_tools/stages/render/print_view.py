"""The print view: every chapter on one page (print.md), or in volumes for a large edition.

Built from the records, like the chapter pages: each chapter's anchors get its document id as a
prefix (every chapter has a p1), links go from the site root, and a link to another document
points at its place in the same volume or in the volume that prints it.
"""

from __future__ import annotations

from collections.abc import Sequence

from build_tools.records import Document, Edition
from build_tools.settings import DEFAULT_RENDER, RenderConfig
from build_tools.stages.render.chapter import PageLinks, chapter_body
from build_tools.stages.render.common import RenderedFile, front_matter, md_escape

PRINT_TITLE = "全书（打印版）"


def _links(doc: Document, page: str, volume_of: dict[str, str]) -> PageLinks:
    def document(other: str) -> str:
        volume = volume_of.get(other, page)
        return f"{'' if volume == page else volume}#{other}"

    return PageLinks(anchor_prefix=f"{doc.id}-", to_root="", document=document, endnotes=True)


def _print_page(title: str, heading: str, documents: Sequence[Document], titles: dict[str, str],
                volume_of: dict[str, str], page: str) -> str:
    out = [front_matter({"title": title, "search": {"exclude": True}}), f"# {heading}\n"]
    # A table of contents, as a printed book has one.
    out.append('<nav class="print-toc" markdown>\n\n**目录**\n')
    out.extend(f"{n}. [{md_escape(doc.title)}](#{doc.id})" for n, doc in enumerate(documents, start=1))
    out.append("\n</nav>\n")
    for doc in documents:
        body = chapter_body(doc, titles, _links(doc, page, volume_of), heading_id=doc.id)
        out.append('<div class="page-break"></div>\n')
        out.append(body.rstrip() + "\n")
    return "\n".join(out)


def render_print_pages(edition: Edition, config: RenderConfig = DEFAULT_RENDER) -> list[RenderedFile]:
    """The whole edition on one page (print.md) for printing or saving as PDF.

    A large edition is printed in volumes of a catalogue page's size (print-001.md …), listed on
    print.md: one page of thousands of documents would be too heavy for a browser to print.
    """
    docs = edition.documents
    titles = {d.id: d.title for d in docs}
    if not config.catalogued(len(docs)):
        return [RenderedFile("print.md", _print_page(PRINT_TITLE, md_escape(edition.title), docs, titles,
                                                     {}, "print.md"))]
    chunks = config.chunks(len(docs))
    names = [f"print-{n + 1:03d}.md" for n in range(len(chunks))]
    volume_of = {d.id: names[i // config.catalogue_page_size] for i, d in enumerate(docs)}
    files = []
    for n, (a, b) in enumerate(chunks):
        title = f"{PRINT_TITLE}第 {a + 1}–{b} 篇"
        files.append(RenderedFile(names[n], _print_page(title, f"{md_escape(edition.title)} {title}", docs[a:b],
                                                        titles, volume_of, names[n])))
    listing = "\n".join(f"- [第 {a + 1}–{b} 篇]({names[n]})" for n, (a, b) in enumerate(chunks))
    index = (f"{front_matter({'title': PRINT_TITLE, 'search': {'exclude': True}})}# {PRINT_TITLE}\n\n"
             f"全书共 {len(docs)} 篇，分 {len(chunks)} 卷打印：\n\n{listing}\n")
    return [RenderedFile("print.md", index), *files]
