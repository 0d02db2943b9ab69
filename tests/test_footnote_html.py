"""Chapter notes made HTML before Markdown runs give the page Python-Markdown itself gives (footnote_html)."""

from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.footnote_html import (
    NOTES_PLACEHOLDER,
    footnotes_as_html,
    heading_title,
    put_notes_back,
    relink,
)
from build_tools.stages.render.common import md_escape

EXTENSIONS = ["attr_list", "tables", "footnotes", "md_in_html", "toc", "pymdownx.escapeall"]
CONFIGS = {"pymdownx.escapeall": {"hardbreak": False, "nbsp": False}}


def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)


def _both(page: str) -> tuple[tuple[str, list[str]], tuple[str, list[str]]]:
    """(HTML, table of contents' titles) of the page by Markdown alone, and with the notes made HTML first."""
    def titles(md: markdown.Markdown) -> list[str]:
        tokens, names = list(md.toc_tokens), []
        while tokens:
            token = tokens.pop(0)
            names.append(token["name"])
            tokens[:0] = token["children"]
        return names

    plain = _markdown()
    expected = (plain.convert(page), titles(plain))
    text, notes = footnotes_as_html(page)
    fast = _markdown()
    converted = put_notes_back(fast.convert(text), notes)
    return expected, (converted, [heading_title(t) for t in titles(fast)])


def _note(reading: str, n: int) -> str:
    link = f"../sources/a.txt.md#L{n}~%E4%BD%9C"
    return (f'<span class="vnote" data-kind="substitution" data-single="1"></span>「{md_escape(reading)}」：'
            f"[A]({link}) 作「{md_escape(reading[::-1])}」（正文从多数：[B]({link})、[C\\-1]({link})）。〔异文〕")


def _page(readings: list[str], heading_at: int | None = None) -> str:
    out = ["# 标题\n", "## 第一节 小标题" + ("[^v1]" if heading_at == 0 else "") + " {: #p1 }\n"]
    for n, reading in enumerate(readings, start=1):
        if n == 1 and heading_at == 0:
            continue
        out.append(f"{md_escape(reading)}正文第{n}段[^v{n}]。\n{{: #p{n + 1} }}\n")
    out.append('<details class="provenance" markdown>\n<summary>出处</summary>\n\n- [¶1](#p1)：A 3\n\n</details>\n')
    out.extend(f"[^v{n}]: {_note(reading, n)}" for n, reading in enumerate(readings, start=1))
    out.append("\n上一篇 · 下一篇\n{: .neighbours }\n")
    return "\n".join(out)


# Source text as render quotes it: any character but those Markdown rewrites before it reads a line.
source_text = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\t\r\n\x02\x03\x0b\x0c"),
                      min_size=0, max_size=12)


@settings(max_examples=150, deadline=None)
@given(st.lists(source_text, min_size=1, max_size=5), st.booleans())
def test_notes_made_html_first_give_the_page_markdown_gives(readings: list[str], in_heading: bool) -> None:
    page = _page(readings, 0 if in_heading else None)
    expected, fast = _both(page)
    assert fast == expected


def test_a_chapter_page_has_its_notes_taken_out_of_markdown_and_numbered_in_order() -> None:
    page = _page(["甲<乙>&丙", "a*b_c[d]"])
    text, notes = footnotes_as_html(page)
    assert "[^" not in text and text.rstrip().endswith(NOTES_PLACEHOLDER)
    assert '<sup id="fnref:v2"><a class="footnote-ref" href="#fn:v2">2</a></sup>' in text
    assert notes.startswith('<div class="footnote">\n<hr />\n<ol>\n<li id="fn:v1">\n<p><span class="vnote"')
    assert "「甲&lt;乙&gt;&amp;丙」" in notes and "「a*b_c[d]」" in notes
    assert 'title="Jump back to footnote 2 in the text">&#8617;</a></p>\n</li>\n</ol>\n</div>' in notes


def test_pages_outside_the_handled_part_are_left_to_markdown() -> None:
    twice = _page(["甲"]).replace("正文第1段[^v1]", "正文第1段[^v1][^v1]")
    undefined = _page(["甲"]).replace("正文第1段[^v1]", "正文第1段[^v1][^v9]")
    unused = _page(["甲"]) + "\n[^v9]: 多出来的注。\n"
    emphasis = _page(["甲"]).replace("」（正文从多数", "」*强调*（正文从多数")
    for page in (twice, undefined, unused, emphasis, "没有注的页面。\n"):
        assert footnotes_as_html(page) == (page, "")
    for page in (twice, undefined, emphasis):
        expected, fast = _both(page)
        assert fast == expected


def test_links_to_pages_in_the_notes_go_where_mkdocs_sends_them() -> None:
    block = ('<a href="../sources/a.txt.md#L3~%E4">A</a> <a href="../sources/b.txt.md">B</a> '
             '<a href="https://example.org/x.md">C</a> <a href="#fnref:v1">D</a>')
    pages = {"../sources/a.txt.md": "../../sources/a.txt/"}
    assert relink(block, pages.get) == ('<a href="../../sources/a.txt/#L3~%E4">A</a> '
                                        '<a href="../sources/b.txt.md">B</a> '
                                        '<a href="https://example.org/x.md">C</a> <a href="#fnref:v1">D</a>')
