"""Rendering: literal text, chapters with provenance, source pages with line anchors."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import yaml

from build_tools.stages.render import (
    NavEntry,
    RenderConfig,
    md_escape,
    navigation,
    render_catalogue,
    render_chapter,
    render_edition,
    render_source,
    source_page,
    visible_controls,
)
from tests.helpers import clean, edition, source

EXTENSIONS = ["attr_list", "tables", "footnotes", "md_in_html", "pymdownx.escapeall"]
CONFIG = {"pymdownx.escapeall": {"hardbreak": False, "nbsp": False}}


def distinct_documents(count: int) -> dict[str, str]:
    """`count` short documents with no sentence in common (real sentences of the seeds, each used once)."""
    from tests.corpora.pool import sentence_pool

    sentences = sentence_pool().sentences
    return {f"f{k}.txt": f"第{k + 1}号文件\n" + "".join(sentences[4 * k:4 * k + 4]) for k in range(count)}


def to_html(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS, extension_configs=CONFIG)


def test_markdown_and_html_in_sources_show_literally() -> None:
    hostile = "# 标题 *强调* _下划_ [链接](x) `代码` <script>alert(1)</script> &amp; [^1] {: #x } | 1. > 引"
    html = to_html(md_escape(hostile))
    assert "<script>" not in html and "<em>" not in html and "<a " not in html and "<code>" not in html
    assert "&lt;script&gt;" in html and "&amp;amp;" in html
    text = html.replace("<p>", "").replace("</p>", "")
    for piece in ("*强调*", "_下划_", "[链接](x)", "[^1]", "{: #x }", "# 标题"):
        assert piece in text


def test_chapter_has_ids_witness_list_and_provenance() -> None:
    ed = edition({"a.txt": "在全市工作会议上的讲话\n（2021年3月2日）\n王明\n同志们：\n今天开会。\n一、关于形势\n形势很好。"})
    (doc,) = ed.documents
    html = to_html(render_chapter(doc).split("---\n", 2)[2])
    assert "<h1>在全市工作会议上的讲话</h1>" in html
    assert '<p id="p2">今天开会。</p>' in html
    assert '<h2 id="p3">一、关于形势</h2>' in html
    assert "../sources/a.txt.md#L5" in html
    assert "2021-03-02" in html and "王明" in html


def test_source_page_numbers_every_line_and_marks_only_what_was_removed() -> None:
    text = "正文一。\n[bookmark: _Toc1]标题\n<b>粗</b>\n- 3 -"
    page = render_source(source(text), list(clean(text).removals))
    assert 'id="L1"' in page and 'id="L3"' in page
    assert "&lt;b&gt;粗&lt;/b&gt;" in page
    # The bookmark is struck through, the title beside it is not; a page-number line is removed whole.
    assert ('<div class="src-line" id="L2"><a class="lineno" href="#L2">2</a><span class="text">'
            '<del class="noise" title="已删除：word-bookmark">[bookmark: _Toc1]</del>标题</span></div>') in page
    assert '<div class="src-line removed" id="L4">' in page


def test_removed_stretches_are_merged_and_found_when_the_column_is_off() -> None:
    from build_tools.records import Removal
    from build_tools.stages.render.source import removed_stretches

    line = "**重要**通知"
    removals = [Removal("t.txt", 1, 0, "**", "markdown-bold"), Removal("t.txt", 1, 4, "**", "markdown-bold")]
    assert removed_stretches(line, removals) == [(0, 2, "markdown-bold"), (4, 6, "markdown-bold")]
    moved = [Removal("t.txt", 1, 9, "通知", "x")]  # the column does not hold the text: found by search
    assert removed_stretches(line, moved) == [(6, 8, "x")]
    overlapping = [Removal("t.txt", 1, 0, "**重", "a"), Removal("t.txt", 1, 2, "重要", "b")]
    assert removed_stretches(line, overlapping) == [(0, 4, "a, b")]


def test_source_pages_of_names_differing_in_replaced_marks_differ() -> None:
    assert source_page("a.txt") == "sources/a.txt.md"  # a safe name is its own page name
    pages = {source_page(n) for n in ("源 文件 一.txt", "源_文件_一.txt", "源-文件-一.txt", "源#文件#一.txt")}
    assert len(pages) == 4
    assert all(re.fullmatch(r"sources/[\w.\-]+\.md", p) for p in pages), pages


def test_a_very_long_file_name_gets_a_page_name_a_file_system_accepts() -> None:
    name = "很" * 80 + ".txt"  # 244 bytes: a legal name, too long with ".md" added
    page = source_page(name)
    assert len(page.removeprefix("sources/").encode("utf-8")) <= 255 - 3
    assert page != source_page("很" * 79 + ".txt")


def test_control_characters_show_as_pictures() -> None:
    assert visible_controls("a\x00b\x07c\x7f\td") == "a␀b␇c␡\td"
    text = "第一\x00条"
    page = render_source(source(text), list(clean(text).removals))
    assert "第一<del class=\"noise\" title=\"已删除：control-character\">␀</del>条" in page and "\x00" not in page


def test_page_titles_in_front_matter_are_html_escaped() -> None:
    ed = edition({"a<b>.txt": "关于<script>alert(1)</script>的通知\n同志们：\n今天开会，研究部署工作。"})
    (doc,) = ed.documents
    assert doc.title == "关于<script>alert(1)</script>的通知"
    front = yaml.safe_load(render_chapter(doc).split("---\n", 2)[1])
    assert front["title"] == "关于&lt;script&gt;alert(1)&lt;/script&gt;的通知"
    front = yaml.safe_load(render_source(ed.sources[0], []).split("---\n", 2)[1])
    assert front["title"] == "源文件 a&lt;b&gt;.txt"


def test_a_large_edition_lists_catalogue_pages_that_link_every_chapter_and_source() -> None:
    texts = distinct_documents(7)
    ed = edition(texts)
    assert navigation(ed).documents == tuple(NavEntry(d.title, f"chapters/{d.id}.md") for d in ed.documents)
    assert not render_catalogue(ed)
    small = RenderConfig(nav_list_max=5, catalogue_page_size=3)
    nav = navigation(ed, small)
    assert [e.path for e in nav.documents] == [f"catalogue/documents-00{n}.md" for n in (1, 2, 3)]
    assert [e.title for e in nav.documents] == ["第 1–3 篇", "第 4–6 篇", "第 7–7 篇"]
    pages = {f.path: f.content for f in render_catalogue(ed, small)}
    assert set(pages) == {e.path for e in nav.documents + nav.sources}
    linked = [link for path, text in pages.items() if "documents" in path
              for link in re.findall(r"\]\(\.\./(chapters/[^)]+)\)", text)]
    assert linked == [f"chapters/{d.id}.md" for d in ed.documents]  # each once, in edition order
    sourced = [link for path, text in pages.items() if "sources" in path
               for link in re.findall(r"\]\(\.\./(sources/[^)]+)\)", text)]
    assert sourced == [source_page(s.file) for s in ed.sources]


def test_too_many_catalogue_pages_for_the_navigation_are_listed_on_one_page_it_links() -> None:
    ed = edition(distinct_documents(7))
    # Three catalogue pages of documents, more than the navigation may list: it lists their index.
    many = RenderConfig(nav_list_max=2, catalogue_page_size=3, nav_catalogue_max=2)
    nav = navigation(ed, many)
    assert [(e.title, e.path) for e in nav.documents] == [("文献目录", "catalogue/documents.md")]
    pages = {f.path: f.content for f in render_catalogue(ed, many)}
    listed = re.findall(r"\[([^\]]+)\]\(\.\./(catalogue/[^)]+)\)", pages["catalogue/documents.md"])
    assert listed == [("第 1–3 篇", "catalogue/documents-001.md"), ("第 4–6 篇", "catalogue/documents-002.md"),
                      ("第 7–7 篇", "catalogue/documents-003.md")]
    assert {path for _, path in listed} <= set(pages)  # each catalogue page is still made, reached from the index
    # As many as the navigation may list: it lists each, and no index page is made.
    few = RenderConfig(nav_list_max=2, catalogue_page_size=3, nav_catalogue_max=3)
    assert [e.path for e in navigation(ed, few).documents] == [f"catalogue/documents-00{n}.md" for n in (1, 2, 3)]
    assert "catalogue/documents.md" not in {f.path for f in render_catalogue(ed, few)}


def test_a_large_edition_is_printed_in_volumes() -> None:
    texts = distinct_documents(5)
    ed = edition(texts)
    (whole,) = [f for f in render_edition(ed) if f.path.startswith("print")]
    assert whole.path == "print.md" and all(f"{{: #{d.id} }}" in whole.content for d in ed.documents)
    pages = {f.path: f.content for f in render_edition(ed, RenderConfig(nav_list_max=3, catalogue_page_size=2))
             if f.path.startswith("print")}
    assert sorted(pages) == ["print-001.md", "print-002.md", "print-003.md", "print.md"]
    assert re.findall(r"\]\((print-\d+\.md)\)", pages["print.md"]) == ["print-001.md", "print-002.md", "print-003.md"]
    for doc in ed.documents:
        assert sum(f"{{: #{doc.id} }}" in text for text in pages.values()) == 1


def test_witness_list_is_a_line_per_copy_with_the_base_marked_and_the_details_folded() -> None:
    body = ("今天我们召开会议，研究部署春季工作，各单位要高度重视，切实抓好落实。一要提高认识，把思想统一到上级的部署上来；"
            "二要压实责任，层层传导压力，确保不留死角；三要加强督查，发现问题及时整改，决不能敷衍了事。")
    ed = edition({"a.txt": "在春季工作会议上的讲话\n同志们：\n" + body + "\n谢谢大家。",
                  "b.txt": "春季工作会议讲话（摘要）\n同志们：\n" + body[:60]})
    (doc,) = ed.documents
    page = render_chapter(doc)
    table = [line for line in page.splitlines() if line.startswith("| ")]
    assert table[0] == "| 本 | 源文件 | 行 | 状况 |"
    assert table[1].startswith("| **A**（底本） | [a\\.txt](../sources/a.txt.md#L1-L4) | 1–4 | 完整 |")
    assert table[2].startswith("| B | [b\\.txt](../sources/b.txt.md#L1-L3) | 1–3 | 缺结尾，止于 ¶")
    assert doc.base == "A"
    html = to_html(page.split("---\n", 2)[2])
    details = html[html.index('<details class="witness-details">'):html.index("</details>")]
    assert "<summary>各本原题与说明</summary>" in details
    assert "原题：春季工作会议讲话（摘要）" in details and "原题：在春季工作会议上的讲话" in details
    assert '<details class="provenance" id="provenance">' in html


def test_the_print_view_opens_with_a_table_of_contents() -> None:
    texts = distinct_documents(3)
    ed = edition(texts)
    (page,) = [f.content for f in render_edition(ed) if f.path == "print.md"]
    toc = page[page.index('<nav class="print-toc"'):page.index("</nav>")]
    assert re.findall(r"\]\(#(d[0-9a-f]{8}(?:-\d+)?)\)", toc) == [d.id for d in ed.documents]
    assert all(f"{{: #{d.id} }}" in page for d in ed.documents)  # each entry's target exists


def test_the_print_page_names_each_chapter_instead_of_repeating_its_text() -> None:
    """The chapters' HTML is put in by the plugin (print_assembly); the page holds each one's title
    and a note that shows only if the text is missing."""
    from build_tools.pipeline import load_folder, prepare_edition

    ed, _ = prepare_edition(load_folder(Path(__file__).resolve().parents[2] / "seeds"))
    (page,) = [f.content for f in render_edition(ed) if f.path == "print.md"]
    assert re.findall(r'<div class="print-chapter" data-document="([^"]+)" markdown>', page) == \
        [d.id for d in ed.documents]
    assert "[^" not in page and "{: #p1" not in page and ' id="p1"' not in page
    longest = max((p.text for d in ed.documents for p in d.paragraphs), key=len)
    assert longest[:20] not in page
    html = to_html(page.split("---\n", 2)[2])
    for doc in ed.documents:
        assert f'<h1 id="{doc.id}">' in html and f'href="chapters/{doc.id}.md"' in html
