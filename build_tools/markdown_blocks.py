"""A Markdown extension: Python-Markdown's raw HTML blocks found in time linear in the page's length.

At the end of every raw HTML block, Python-Markdown 3.11 (`HTMLExtractor.handle_endtag`) copies the
whole rest of the page (`self.rawdata[pos:]`) only to see whether a blank line follows the end tag.
A long page with many raw blocks (a book's code lines, each a `<pre>`) therefore takes time in the
square of its length: the print page of the 600,000-character benchmark book spent 281 of its 420
profiled seconds in those copies. This extension puts in a parser that makes the same test in place
(a regular expression matched at the position); everything else is Python-Markdown's own, and the
output is the same (tests/test_markdown_blocks.py converts the same pages both ways).

The MkDocs plugin adds it to every build. With a Markdown version other than the one whose code this
copies (3.11), or when another extension has replaced the raw HTML preprocessor, it does nothing.
"""

from __future__ import annotations

import re

import markdown  # type: ignore[import-untyped]
from markdown import Markdown
from markdown.extensions import Extension, md_in_html  # type: ignore[import-untyped]
from markdown.htmlparser import HTMLExtractor  # type: ignore[import-untyped]
from markdown.preprocessors import HtmlBlockPreprocessor, Preprocessor  # type: ignore[import-untyped]

__all__ = ["LinearHtmlBlocks"]

COPIED_FROM = (3, 11)  # the Markdown version whose `HTMLExtractor.handle_endtag` `_end_raw_block` follows
_BLANK_LINE = re.compile(r"([ ]*\n){2}")  # markdown.htmlparser.blank_line_re, matched at a position (no "^")


def _end_raw_block(parser: HTMLExtractor, tag: str) -> None:
    """`HTMLExtractor.handle_endtag` while inside a raw block, with the blank-line test made in place."""
    text = parser.get_endtag_text(tag)
    parser._cache.append(text)
    if tag in parser.stack:
        while parser.stack:
            if parser.stack.pop() == tag:
                break
    if not parser.stack:  # the end of the raw block
        if _BLANK_LINE.match(parser.rawdata, parser.line_offset + parser.offset + len(text)):
            parser._cache.append("\n")  # keep the blank line that ends it
        else:
            parser.intail = True  # more content follows the end tag on its line
        parser.inraw = False
        parser.cleandoc.append(parser.md.htmlStash.store("".join(parser._cache)))
        parser.cleandoc.append("\n\n")
        parser._cache = []


class _Extractor(HTMLExtractor):  # type: ignore[misc]
    def handle_endtag(self, tag: str) -> None:
        if self.inraw:
            _end_raw_block(self, tag)
        else:
            super().handle_endtag(tag)


class _ExtractorExtra(md_in_html.HTMLExtractorExtra):  # type: ignore[misc]
    """md_in_html's parser: inside a raw block its `handle_endtag` is `HTMLExtractor`'s, in both its branches."""

    def handle_endtag(self, tag: str) -> None:
        if self.inraw:
            _end_raw_block(self, tag)
        else:
            super().handle_endtag(tag)


class _HtmlBlocks(Preprocessor):  # type: ignore[misc]
    """The `html_block` preprocessor of Python-Markdown (or of md_in_html), with the parser above."""

    def __init__(self, md: Markdown, parser: type[HTMLExtractor]) -> None:
        super().__init__(md)
        self.parser = parser

    def run(self, lines: list[str]) -> list[str]:
        parser = self.parser(self.md)
        parser.feed("\n".join(lines))
        parser.close()
        return "".join(parser.cleandoc).split("\n")


class LinearHtmlBlocks(Extension):  # type: ignore[misc]
    """Load after the other extensions (md_in_html registers its own `html_block`)."""

    def extendMarkdown(self, md: Markdown) -> None:
        if tuple(markdown.__version_info__[:2]) != COPIED_FROM or "html_block" not in md.preprocessors:
            return
        current = type(md.preprocessors["html_block"])
        parsers: dict[type, type[HTMLExtractor]] = {HtmlBlockPreprocessor: _Extractor,
                                                    md_in_html.HtmlBlockPreprocessor: _ExtractorExtra}
        if current in parsers:
            md.preprocessors.register(_HtmlBlocks(md, parsers[current]), "html_block", 20)


SET_ASIDE = '<div class="reader-set-aside"></div>'  # stands, while Markdown runs, for a block set aside


def set_aside(markdown_text: str, opening: str) -> tuple[str, str]:
    """(the page with one raw HTML block replaced by a placeholder, that block).

    The block runs from a line `opening` after a blank line to the first line `</div>` after it, which
    must end the page or be followed by a blank line: a source page's numbered lines (`<div
    class="source-lines">`, a `<div>` per line, each closed on its own line) or a compare page's table
    (`<div class="wit-compare-wrap">`, no `<div>` inside). Markdown copies a raw block as it is, but only
    after Python's HTML parser has walked every tag in it (on a 2000-document edition the source pages
    were a sixth of the build's Markdown time); `put_back` puts it in the converted page. A page
    without such a block is left as it is ("" for the block).
    """
    at = markdown_text.find("\n\n" + opening)
    close = markdown_text.find("\n</div>\n", at) if at >= 0 else -1
    if close < 0 or SET_ASIDE in markdown_text:
        return markdown_text, ""
    rest = markdown_text[close + len("\n</div>\n"):]
    if rest and not rest.startswith("\n"):
        return markdown_text, ""
    block = markdown_text[at + 2:close + len("\n</div>")]
    return markdown_text[:at + 2] + SET_ASIDE + "\n" + rest, block


def put_back(html: str, block: str) -> str:
    """The converted page with the block set aside in its place."""
    return html.replace(SET_ASIDE, block, 1) if block else html
