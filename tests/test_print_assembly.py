"""The print view made of the chapters' HTML: ids prefixed, links resolved, other volumes, notes."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import markdown
import pytest

from build_tools.print_assembly import PrintPlaces, assemble, print_form, printed_documents, relative_url

ROOT = Path(__file__).resolve().parent.parent

# A chapter page's HTML as Python-Markdown writes it (abridged from a built chapter page).
CHAPTER = """<h1 id="会议讲话">会议讲话<a class="headerlink" href="#会议讲话" title="Permanent link">&para;</a></h1>
<p class="doc-links">各本原文：<a href="../../witnesses/d1-A/">A</a> · <a href="../../tei/d1.xml">TEI 文件</a></p>
<div class="witness-list">
<table><tbody><tr><td>A</td><td><a href="../../sources/a.txt/#L1-L9">a.txt</a></td></tr></tbody></table>
</div>
<div class="related-docs"><ul><li><a href="../d2/">《二》</a></li><li><a href="../d3/">《三》</a></li></ul></div>
<p id="p1">他说 id="x" 与 href="#p1" 不是标记，<span class="lemma" data-note="v1">进行</span><sup id="fnref:v1"><a class="footnote-ref" href="#fn:v1">1</a></sup>，\
<span class="parallel-ref" data-doc="d2" data-p="p3"><a href="../d2/#p3">⇄</a></span>\
<span class="parallel-ref" data-doc="d3" data-p="p4"><a href="../d3/#p4">⇄</a></span>。</p>
<h2 id="p2">二、小标题<a class="headerlink" href="#p2" title="Permanent link">&para;</a></h2>
<details class="provenance" id="provenance">
<ul>
<li><a href="#p1">¶1</a>：<a href="../../sources/a.txt/#L3~%E8%BF%9B">A 3</a></li>
</ul>
</details>
<p><a href="https://example.org/a/">外部</a> <a href="../../catalogue/documents-001/?q=1&amp;r=2">目录</a></p>
<div class="chapter-neighbours">
<p>← <a href="../d0/">前一篇</a> | <a href="../../catalogue/documents-001/">目录</a></p>
</div>
<div class="footnote">
<hr />
<ol>
<li id="fn:v1">
<p>「进行」：<a href="../../sources/a.txt/#L17">A</a> 无。&#160;<a class="footnote-backref" href="#fnref:v1">&#8617;</a></p>
</li>
</ol>
</div>"""

PLACES = PrintPlaces(chapter_url={"d0": "chapters/d0/", "d1": "chapters/d1/", "d2": "chapters/d2/",
                                  "d3": "chapters/d3/"},
                     print_url={"d0": "print-001/", "d1": "print-001/", "d2": "print-001/", "d3": "print-002/"})


@pytest.fixture(scope="module")
def printed() -> str:
    return print_form("d1", CHAPTER, "print-001/", PLACES)


def ids(html: str) -> list[str]:
    return re.findall(r'<[^>]*\sid="([^"]*)"', html)


def hrefs(html: str) -> list[str]:
    return re.findall(r'<[^>]*\shref="([^"]*)"', html)


def test_every_id_gets_the_document_as_prefix_and_the_title_the_document_itself(printed: str) -> None:
    assert ids(printed) == ["d1", "d1-p1", "d1-fnref:v1", "d1-p2", "d1-provenance", "d1-notes", "d1-fn:v1"]


def test_in_page_links_follow_their_targets(printed: str) -> None:
    links = hrefs(printed)
    assert "#d1" in links  # the title's permalink
    assert {"#d1-p1", "#d1-p2", "#d1-fn:v1", "#d1-fnref:v1"} <= set(links)
    assert not [link for link in links if link.startswith("#") and not link.startswith(("#d1", "#d2"))]


def test_text_that_looks_like_an_attribute_is_left_alone(printed: str) -> None:
    assert '<p id="d1-p1">他说 id="x" 与 href="#p1" 不是标记，' in printed


def test_links_to_other_pages_are_resolved_from_the_print_page(printed: str) -> None:
    links = hrefs(printed)
    assert "../sources/a.txt/#L1-L9" in links
    assert "../sources/a.txt/#L3~%E8%BF%9B" in links
    assert "../sources/a.txt/#L17" in links
    assert "../catalogue/documents-001/?q=1&amp;r=2" in links
    assert "https://example.org/a/" in links  # outside the site: as it was


def test_links_to_other_documents_go_to_their_place_in_the_print_view(printed: str) -> None:
    links = hrefs(printed)
    assert "#d2" in links and "#d2-p3" in links  # printed in the same volume
    assert "../print-002/#d3" in links and "../print-002/#d3-p4" in links  # in another volume
    assert not [link for link in links if "chapters/" in link]


def test_the_chapter_page_s_own_furniture_is_left_out(printed: str) -> None:
    assert "doc-links" not in printed and "witnesses/" not in printed and "tei/" not in printed
    assert "chapter-neighbours" not in printed and "前一篇" not in printed


def test_the_notes_follow_the_chapter_under_a_heading(printed: str) -> None:
    notes = printed[printed.index('<div class="footnote">'):]
    assert notes.startswith('<div class="footnote">\n<p class="print-notes-heading" id="d1-notes">注</p>\n<ol>')
    assert "<hr />" not in printed
    assert printed.index('id="d1-fnref:v1"') < printed.index('id="d1-fn:v1"')


def test_relative_urls_between_site_pages() -> None:
    assert relative_url("sources/a.txt/#L3", "print/") == "../sources/a.txt/#L3"
    assert relative_url("print-002/", "print-001/") == "../print-002/"
    assert relative_url("print/", "print/") == "./"
    assert relative_url("", "print/") == "../"
    assert relative_url("tei/d1.xml", "print/") == "../tei/d1.xml"
    assert relative_url("tei/d1.xml", "print.html") == "tei/d1.xml"  # without directory URLs
    assert relative_url("sources/a/b.html?x=1", "docs/print.html") == "../sources/a/b.html?x=1"


def test_pages_as_files_without_directory_urls() -> None:
    """The offline copy's pages are files (chapters/d1.html, print.html), not folders."""
    chapter = ('<h1 id="t">t</h1>\n<p id="p1"><a href="../sources/a.txt.html#L1">A 1</a> '
               '<a href="d2.html#p3">⇄</a> <a href="d3.html">三</a> <a href="../index.html">首页</a></p>\n')
    places = PrintPlaces({"d1": "chapters/d1.html", "d2": "chapters/d2.html", "d3": "chapters/d3.html"},
                         {"d1": "print-001.html", "d2": "print-001.html", "d3": "print-002.html"})
    assert hrefs(print_form("d1", chapter, "print-001.html", places)) == \
        ["sources/a.txt.html#L1", "#d2-p3", "print-002.html#d3", "index.html"]


PRINT_PAGE = """<h1 id="书">书</h1>
<nav class="print-toc"><ol><li><a href="#d1">会议讲话</a></li></ol></nav>
<div class="page-break"></div>

<div class="print-chapter" data-document="d1">
<h1 id="d1">会议讲话</h1>
<p>（本篇正文未能装入打印版，请看<a href="../chapters/d1/">本篇页面</a>。）</p>
</div>
<div class="page-break"></div>

<div class="print-chapter" data-document="d2">
<h1 id="d2">二</h1>
<p>（本篇正文未能装入打印版，请看<a href="../chapters/d2/">本篇页面</a>。）</p>
</div>
"""


def test_a_print_page_gets_each_chapter_in_place_of_its_placeholder() -> None:
    assert printed_documents(PRINT_PAGE) == ["d1", "d2"]
    page = assemble(PRINT_PAGE, "print-001/", {"d1": CHAPTER, "d2": '<h1 id="二">二</h1>\n<p id="p1">正文</p>\n'},
                    PLACES)
    assert printed_documents(page) == []
    assert "未能装入" not in page
    assert page.index('<nav class="print-toc">') < page.index('<h1 id="d1">会议讲话') \
        < page.index('<h1 id="d2">二</h1>\n<p id="d2-p1">正文</p>')
    assert page.count('<div class="page-break"></div>') == 2


def test_a_chapter_whose_html_is_missing_says_so() -> None:
    page = assemble(PRINT_PAGE, "print-001/", {"d2": "<h1 id=\"二\">二</h1>\n"}, PLACES)
    assert printed_documents(page) == ["d1"]
    assert '<h1 id="d1">会议讲话</h1>\n<p>（本篇正文未能装入打印版' in page


def test_the_seeds_print_view_has_unique_ids_and_every_in_page_link_has_its_target() -> None:
    """The seeds' chapters and print page through Python-Markdown with the site's extensions, assembled."""
    from build_tools.pipeline import load_folder, prepare_edition
    from build_tools.stages.render import render_edition

    edition, _ = prepare_edition(load_folder(ROOT / "seeds"))
    files = {f.path: f.content for f in render_edition(edition)}

    def html(path: str) -> str:
        converter = markdown.Markdown(extensions=["attr_list", "tables", "footnotes", "admonition", "md_in_html",
                                                  "toc"], extension_configs={"toc": {"permalink": True}})
        converted = converter.convert(files[path].split("---\n", 2)[2])
        # What MkDocs does to links between pages with directory URLs: x/a.md -> the page one folder down, x/a/.
        return re.sub(r'href="([^"#:]+)\.md(#[^"]*)?"', lambda m: f'href="../{m[1]}/{m[2] or ""}"', converted)

    documents = [d.id for d in edition.documents]
    chapters = {d: html(f"chapters/{d}.md") for d in documents}
    places = PrintPlaces({d: f"chapters/{d}/" for d in documents}, {d: "print/" for d in documents})
    page = assemble(html("print.md"), "print/", chapters, places)
    counts = Counter(ids(page))
    assert not [name for name, n in counts.items() if n > 1]
    assert all(counts[d] == 1 for d in documents)
    in_page = [link[1:] for link in hrefs(page) if link.startswith("#")]
    assert in_page and not [name for name in in_page if name not in counts]
    assert not [link for link in hrefs(page) if "chapters/" in link or link.startswith("../../")]
    footnoted = [d for d in documents if 'class="footnote-ref"' in chapters[d]]
    assert footnoted
    starts = [page.index(f'<h1 id="{d}">') for d in documents]
    notes = re.findall(r'<li id="([^"]*-fn:[^"]*)"', page)
    for document, start, end in zip(documents, starts, [*starts[1:], len(page)], strict=True):
        own = [page.index(f'id="{name}"') for name in notes if name.startswith(f"{document}-")]
        if document in footnoted:  # the chapter's notes, under their heading, before the next chapter
            assert own and start < page.index(f'id="{document}-notes"') < min(own) and max(own) < end, document
