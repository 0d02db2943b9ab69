"""A chapter's notes made HTML before Markdown runs, as Python-Markdown's `footnotes` extension makes them.

Most of a chapter's Markdown is its notes (three quarters of the benchmark book's: every reading links
each copy's line), and Python-Markdown's inline patterns walk them at a few hundred thousand characters a
second: the book's 68 chapters took 29 s of its 73 s build. `render.chapter` writes each note on one line
in a small part of Markdown: text escaped by `md_escape` (`\\X` and `&amp;`, `&lt;`, `&gt;`), links
`[siglum](url)`, and the tags it writes itself (`<span …>`, `</span>`, `<br>`). That part is turned into
the same HTML here; a page outside it (a note over several lines, a reference made twice or to no note, a
character Markdown would change, such as a tab) is left to Markdown whole. Links to pages (`x.md#…`) are
resolved afterwards with MkDocs' table of files (`relink`), as MkDocs resolves the links Markdown makes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

NOTES_PLACEHOLDER = '<div class="reader-notes-set-aside"></div>'  # where the notes go back in the page
BACKLINK_TITLE = "Jump back to footnote {} in the text"  # Python-Markdown's default, kept in its words

_DEFINITION = re.compile(r"^\[\^([A-Za-z0-9_-]+)\]: ([^\n]*)(?:\n|\Z)", re.M)
_REFERENCE_OR_ESCAPE = re.compile(r"\\.|\[\^([A-Za-z0-9_-]+)\]", re.S)
# A note's tokens: an escaped character, a link, a tag render writes, an entity md_escape writes.
_NOTE_TOKEN = re.compile(r"\\(.)|\[((?:\\.|[^\]\\\n\[])*)\]\(([^()\s\\<>\"]*)\)"
                         r"|(<span(?: [a-z-]+=\"[^\"<>]*\")*>|</span>|<br>)|(&(?:amp|lt|gt);)", re.S)
_PLAIN = re.compile(r"[^\\\[\]()<>&`*_!\t\r\x02\x03]*")  # what stands for itself between the tokens
# A reference's number in a heading, bracketed while Markdown runs: the `toc` extension leaves a footnote
# reference out of the table of contents, but reads a raw one's number as part of the heading's title.
_HEADING_NUMBER_OPEN, _HEADING_NUMBER_CLOSE = "\ue000", "\ue001"
_HEADING_NUMBER = re.compile(f"{_HEADING_NUMBER_OPEN}(\\d+){_HEADING_NUMBER_CLOSE}")
_HEADING_LINE = re.compile(r"^#{1,6} ", re.M)
_PAGE_LINK = re.compile(r'href="([^":#?"]+\.md)((?:#[^"]*)?)"')


def _attribute(value: str) -> str:
    """An attribute's value escaped as Python-Markdown's serializer escapes it (not the apostrophe)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def inline_html(text: str) -> str | None:
    """A note's Markdown as Python-Markdown writes it, or None when it is not in the part handled here."""
    out: list[str] = []
    at = 0
    while at < len(text):
        plain = _PLAIN.match(text, at)
        if plain and plain.end() > at:
            out.append(html.escape(plain.group(0), quote=False))
            at = plain.end()
            continue
        token = _NOTE_TOKEN.match(text, at)
        if token is None:
            return None
        escaped, label, url, tag, entity = token.groups()
        if escaped is not None:
            if escaped in "\t\r\n\x02\x03":
                return None
            out.append(html.escape(escaped, quote=False))
        elif url is not None:
            inner = inline_html(label)
            if inner is None or not url:
                return None
            out.append(f'<a href="{_attribute(url)}">{inner}</a>')
        else:
            out.append(tag or entity)
        at = token.end()
    return "".join(out)


def footnotes_as_html(markdown: str) -> tuple[str, str]:
    """(the page with its note references as HTML and its notes replaced by a placeholder at its end, the
    notes' HTML); the page as it is and "" when it has no notes or one outside the part handled here."""
    definitions = list(_DEFINITION.finditer(markdown))
    if (not definitions or NOTES_PLACEHOLDER in markdown or _HEADING_NUMBER_OPEN in markdown
            or _HEADING_NUMBER_CLOSE in markdown):
        return markdown, ""
    numbers = {m.group(1): n for n, m in enumerate(definitions, start=1)}
    notes = [inline_html(m.group(2)) for m in definitions]
    if len(numbers) != len(definitions) or any(note is None for note in notes):
        return markdown, ""
    body = "".join(markdown[start:end] for start, end in
                   zip([0, *(m.end() for m in definitions)], [*(m.start() for m in definitions), len(markdown)],
                       strict=True))
    referenced: set[str] = set()
    broken = False

    def reference(m: re.Match[str], heading: bool) -> str:
        nonlocal broken
        name = m.group(1)
        if name is None:
            return m.group(0)
        if name not in numbers or name in referenced:
            broken = True
            return m.group(0)
        referenced.add(name)
        number = f"{_HEADING_NUMBER_OPEN}{numbers[name]}{_HEADING_NUMBER_CLOSE}" if heading else numbers[name]
        return f'<sup id="fnref:{name}"><a class="footnote-ref" href="#fn:{name}">{number}</a></sup>'

    lines = body.split("\n")
    for n, line in enumerate(lines):
        if "[^" in line:
            lines[n] = _REFERENCE_OR_ESCAPE.sub(partial(reference, heading=bool(_HEADING_LINE.match(line))), line)
    body = "\n".join(lines)
    if broken or referenced != set(numbers):
        return markdown, ""
    items = []
    for (name, number), note in zip(numbers.items(), notes, strict=True):
        backlink = (f'<a class="footnote-backref" href="#fnref:{name}" '
                    f'title="{BACKLINK_TITLE.format(number)}">&#8617;</a>')
        items.append(f'<li id="fn:{name}">\n<p>{note}&#160;{backlink}</p>\n</li>')
    block = '<div class="footnote">\n<hr />\n<ol>\n' + "\n".join(items) + "\n</ol>\n</div>"
    return body.rstrip("\n") + "\n\n" + NOTES_PLACEHOLDER + "\n", block


def relink(block: str, page_url: Callable[[str], str | None]) -> str:
    """The block with its links to pages (`../sources/x.md#L3`) made links to their built pages, as MkDocs
    makes them; `page_url` gives a page's URL from the link's path (None: not a page, left as it is)."""
    known: dict[str, str | None] = {}

    def one(m: re.Match[str]) -> str:
        path = m.group(1)
        if path not in known:
            known[path] = page_url(html.unescape(path))
        url = known[path]
        return m.group(0) if url is None else f'href="{_attribute(url)}{m.group(2)}"'

    return _PAGE_LINK.sub(one, block)


def put_notes_back(html_text: str, block: str) -> str:
    """The converted page with its notes in place of their placeholder (and its headings' note numbers
    without their brackets)."""
    if not block:
        return html_text
    return without_heading_numbers(html_text.replace(NOTES_PLACEHOLDER, block, 1))


def without_heading_numbers(text: str) -> str:
    """A page with the brackets of its headings' note numbers taken away."""
    return _HEADING_NUMBER.sub(r"\1", text) if _HEADING_NUMBER_OPEN in text else text


def without_heading_numbers_in_toc(toc: Iterable[Any]) -> None:
    """A page's table of contents (MkDocs' `AnchorLink`s: `title`, `children`) with its headings' titles
    as `heading_title` gives them."""
    items = list(toc)
    while items:
        item = items.pop()
        item.title = heading_title(item.title)
        items.extend(item.children)


def heading_title(title: str) -> str:
    """A heading's title in the table of contents without its notes' numbers, as the `toc` extension
    writes the title of a heading with footnote references."""
    return _HEADING_NUMBER.sub("", title) if _HEADING_NUMBER_OPEN in title else title
