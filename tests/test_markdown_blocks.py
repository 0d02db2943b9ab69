"""The linear raw-HTML block parser (build_tools.markdown_blocks) gives what Python-Markdown's own gives."""

from __future__ import annotations

from typing import Any

import markdown
import pytest
from mkdocs.config import load_config

from build_tools.markdown_blocks import LinearHtmlBlocks, _HtmlBlocks
from build_tools.pipeline import edition_files, load_folder, prepare_edition
from tests.project import ROOT


def _site_extensions() -> tuple[list[Any], dict[str, Any]]:
    """The Markdown extensions and their settings of the project's mkdocs.yml (as MkDocs passes them)."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    return list(config.markdown_extensions), dict(config.mdx_configs)


def _convert(text: str, linear: bool, names: list[Any] | None = None) -> str:
    extensions, settings = _site_extensions() if names is None else (names, {})
    md = markdown.Markdown(extensions=[*extensions, *([LinearHtmlBlocks()] if linear else [])],
                           extension_configs=settings)
    if linear:
        assert isinstance(md.preprocessors["html_block"], _HtmlBlocks)
    return md.convert(text)


TRICKY = [
    '<pre class="code" id="p1"><code>a &lt; b</code></pre>\n\ntext\n',
    '<pre class="code" id="p1"><code>x</code></pre>\ntext right after, no blank line\n',
    '<pre><code>x</code></pre>tail on the same line\n\nnext\n',
    '<div class="page-break"></div>\n<div class="page-break"></div>\n\n# Title {: #t }\n',
    '<div>\n<div>nested <span>inline</span></div>\n</div>   \n   \n\nafter spaces\n',
    '<p class="subtitle">——sub</p>\n\n<p class="doc-meta"><time>1</time></p>\n',
    '<details class="provenance" markdown>\n<summary>出处</summary>\n\n- [¶1](#p1)：A 1\n\n</details>\n\ntext\n',
    '<div class="witness-list" markdown>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n</div>\n<pre>x</pre>\n',
    'text with <span class="vnote" data-kind="x"></span> inline and footnote[^v1]\n\n[^v1]: <b>note</b><br>more\n',
    '<div>unclosed at the end',
    '<pre>last</pre>',
    '<hr>\n\n<br>\n\n&#169; <div>x</div>\n',
]


@pytest.mark.parametrize("text", TRICKY)
def test_same_html_as_python_markdown(text: str) -> None:
    assert _convert(text, True) == _convert(text, False)
    assert _convert(text, True, []) == _convert(text, False, [])  # without md_in_html: the core parser


def test_same_html_for_every_page_of_the_seeds() -> None:
    edition, _ = prepare_edition(load_folder(ROOT / "seeds"))
    pages = [f for f in edition_files(edition) if f.path.endswith(".md")]
    assert len(pages) >= 30  # chapters, source pages, copies, print view, notes, indexes
    for page in pages:
        body = page.content.split("---\n", 2)[2] if page.content.startswith("---\n") else page.content
        assert _convert(body, True) == _convert(body, False), page.path



def test_source_lines_set_aside_and_put_back_give_the_same_page() -> None:
    from build_tools.markdown_blocks import SET_ASIDE, put_back, set_aside
    from build_tools.stages.render.common import RAW_BLOCKS, raw_block_openings

    edition, _ = prepare_edition(load_folder(ROOT / "seeds"))
    pages = [(f, next(o for o in raw_block_openings(f.path) if "\n\n" + o in f.content))
             for f in edition_files(edition) if raw_block_openings(f.path)]
    assert {opening for _, opening in pages} == {opening for _, _, opening in RAW_BLOCKS}
    for page, opening in pages:
        body = page.content.split("---\n", 2)[2]
        short, block = set_aside(body, opening)
        assert block.startswith(opening) and len(short) < len(body) // 2, page.path
        converted = _convert(short, True)
        assert converted.count(SET_ASIDE) == 1
        assert put_back(converted, block) == _convert(body, True), page.path


def test_a_page_without_the_block_is_left_as_it_is() -> None:
    from build_tools.markdown_blocks import set_aside

    for text in ("# t\n\ntext\n", '# t\n\n<div class="source-lines">\n<div>1</div>\n</div>\n<p>after</p>\n'):
        assert set_aside(text, '<div class="source-lines">\n') == (text, "")
