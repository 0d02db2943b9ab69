"""The notes ledger's lists made HTML before Markdown runs give the page Python-Markdown itself gives."""

from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.ledger_html import LIST_PLACEHOLDER, lists_as_html, put_lists_back
from build_tools.markdown_blocks import LinearHtmlBlocks
from build_tools.records import Edition, Problem, Removal
from build_tools.settings import RenderConfig
from build_tools.stages.render.notes import render_notes_pages

# The site's extensions (mkdocs.yml), with the project's own raw-block parser as the plugin loads it.
EXTENSIONS = ["attr_list", "tables", "footnotes", "admonition", "md_in_html", "toc", "pymdownx.escapeall"]
CONFIGS = {"pymdownx.escapeall": {"hardbreak": False, "nbsp": False}}


def _convert(page: str) -> str:
    return markdown.Markdown(extensions=[*EXTENSIONS, LinearHtmlBlocks()], extension_configs=CONFIGS).convert(page)


def _both(page: str) -> tuple[str, str, int]:
    """(HTML by Markdown alone, HTML with the lists made first, how many lists were made first)."""
    text, blocks = lists_as_html(page)
    return _convert(page), put_lists_back(_convert(text), blocks), len(blocks)


def _body(page: str) -> str:
    return page.split("\n---\n", 1)[1] if page.startswith("---\n") else page


def _edition(removed: list[Removal], problems: list[Problem]) -> Edition:
    return Edition(title="t", sources=(), documents=(), removed=tuple(removed), problems=tuple(problems))


# What a source line may hold once read (no line breaks): controls, marks, any script, white space.
line_text = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\n\r\x85\u2028\u2029"),
                    min_size=0, max_size=14)
file_name = st.sampled_from(["a.txt", "新 闻(1).txt", "x&y<z>.md", "b_c.html", "q`r.txt"])
removal = st.builds(Removal, source=file_name, line=st.integers(1, 9999), column=st.just(0), text=line_text,
                    rule=st.sampled_from(["page-number", "bookmark", "web-chrome"]))
problem = st.builds(Problem, severity=st.sampled_from(["warning", "error"]), source=file_name,
                    line=st.none() | st.integers(1, 99), message=line_text)


@settings(max_examples=200, deadline=None)
@given(st.lists(removal, min_size=1, max_size=12), st.lists(problem, max_size=4), st.integers(1, 6))
def test_ledger_lists_made_html_first_give_the_pages_markdown_gives(
        removed: list[Removal], problems: list[Problem], part_size: int) -> None:
    for page in render_notes_pages(_edition(removed, problems), RenderConfig(notes_page_max=part_size)):
        expected, fast, _ = _both(_body(page.content))
        assert fast == expected, page.path


def test_ordinary_entries_are_made_first_and_leave_no_list_to_markdown() -> None:
    removed = [Removal("新闻稿.txt", n, 0, f"— {n} —", "page-number") for n in range(1, 8)]
    problems = [Problem("warning", "b.txt", 3, "编码不明，按 GB18030 读出")]
    pages = list(render_notes_pages(_edition(removed, problems), RenderConfig(notes_page_max=3)))
    assert [p.path for p in pages] == ["notes.md", "notes/part-001.md", "notes/part-002.md", "notes/part-003.md"]
    for page in pages[1:]:
        text, blocks = lists_as_html(_body(page.content))
        assert blocks and "\n- " not in text
        expected, fast, _ = _both(_body(page.content))
        assert fast == expected
    text, blocks = lists_as_html(_body(pages[1].content))
    assert blocks[0].startswith('<ul>\n<li><a href="../sources/%E6%96%B0%E9%97%BB%E7%A8%BF.txt.md#L1">') \
        or blocks[0].startswith('<ul>\n<li><a href="../sources/新闻稿.txt.md#L1">')
    assert "：<code>— 1 —</code></li>\n" in blocks[0]


def test_a_list_markdown_would_read_otherwise_is_left_to_it() -> None:
    two_lists_one_loose = "## a\n\n- [x 1](../sources/x.md#L1)：`a`\n\n- [x 2](../sources/x.md#L2)：`b`\n"
    assert lists_as_html(two_lists_one_loose) == (two_lists_one_loose, [])
    tab_removal = "## a\n\n- [x 1](../sources/x.md#L1)：`\t`\n"
    assert lists_as_html(tab_removal) == (tab_removal, [])
    placeholder_in_text = f"## a\n\n{LIST_PLACEHOLDER}\n\n- b\n"
    assert lists_as_html(placeholder_in_text) == (placeholder_in_text, [])
    for page in (two_lists_one_loose, tab_removal):
        assert _convert(page).count("<li>") == 2 - page.count("\t")


def test_a_removed_space_is_an_empty_code_span_as_markdown_writes_it() -> None:
    # Letter-spaced PDF text: the removals are the spaces, most of a large ledger.
    page = "## letter-spacing\n\n- [x 1](../sources/x.md#L1)：` `\n- [x 2](../sources/x.md#L2)：`\u3000`\n"
    expected, fast, made = _both(page)
    assert made == 1 and fast == expected
    assert expected.count("<code></code>") == 2
