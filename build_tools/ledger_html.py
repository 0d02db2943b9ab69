"""The notes ledger's lists made HTML before Markdown runs, as Python-Markdown makes them.

At 20,000 documents the ledger lists 6.6 million removals on 1332 pages of 5000 entries, and
Python-Markdown converts such a page in about 1.3 s (its inline patterns walk every entry), half an hour
per edition. `render.notes` writes each entry on one line in a small part of Markdown: a removal as
`- [source line](link)：`what was removed``, a problem as `- text` escaped by `md_escape`; the lists
stand between headings. Those lists are turned into the same HTML here (`footnote_html.inline_html` for
the escaped text and links) and set aside while Markdown runs; a list with anything else in it (an
entry over two lines, a tab, text Markdown would strip) is left to Markdown. Links to pages
are resolved afterwards with `footnote_html.relink`, as for a chapter's notes.
"""

from __future__ import annotations

import re

from build_tools.footnote_html import inline_html

LIST_PLACEHOLDER = '<div class="reader-list-set-aside"></div>'  # where a list goes back in the page

# A list between blank lines (or the page's end), after a heading and followed by one or nothing: a list
# after a blank line and another list would be one loose list in Markdown.
_LIST = re.compile(r"(?<=\n\n)((?:- [^\n]*\n)+)(?=\n(?:#|\Z)|\Z)")
_REMOVAL = re.compile(r"- (\[[^\n]*\]\([^()\s]*\))：`([^`\n]+)`")
_PLACED = re.compile(re.escape(LIST_PLACEHOLDER) + r"(\n*)")
_REWRITTEN = re.compile("[\t\r\x02\x03]")  # what Markdown changes before it reads a line (tabs expanded)
_WHITESPACE_EDGE = re.compile(r"^\s|\s$")


def _code_html(code: str) -> str:
    """A code span as Python-Markdown writes it: stripped (of Unicode white space too), &, <, > escaped."""
    return "<code>" + code.strip().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</code>"


def _entry_html(line: str) -> str | None:
    if _REWRITTEN.search(line):
        return None
    removal = _REMOVAL.fullmatch(line)
    if removal:
        link = inline_html(removal.group(1))
        return None if link is None else f"{link}：{_code_html(removal.group(2))}"
    text = line[2:]
    if not text or _WHITESPACE_EDGE.search(text) or "`" in text:
        return None
    return inline_html(text)


def lists_as_html(markdown: str) -> tuple[str, list[str]]:
    """(the page with each of its entry lists replaced by a placeholder, the lists' HTML in order); the page
    as it is and [] when one of its lists holds an entry outside the part handled here."""
    if LIST_PLACEHOLDER in markdown:
        return markdown, []
    kept: list[str] = []
    blocks: list[str] = []
    at = 0
    for found in _LIST.finditer(markdown):
        if not markdown.startswith("#", markdown.rfind("\n", 0, found.start() - 2) + 1):
            continue  # not after a heading: after a list, it would be part of that list
        entries = [_entry_html(line) for line in found.group(1)[:-1].split("\n")]
        if any(entry is None for entry in entries):
            return markdown, []
        blocks.append("<ul>\n" + "".join(f"<li>{entry}</li>\n" for entry in entries) + "</ul>")
        kept.append(markdown[at:found.start()] + LIST_PLACEHOLDER + "\n")
        at = found.end()
    return "".join(kept) + markdown[at:], blocks


def put_lists_back(html_text: str, blocks: list[str]) -> str:
    """The converted page with each list in its placeholder's place (Markdown keeps the blank line after a
    raw block, where it writes one line break after a list)."""
    parts = _PLACED.split(html_text, maxsplit=len(blocks))
    out = [parts[0]]
    for block, breaks, rest in zip(blocks, parts[1::2], parts[2::2], strict=True):
        out.extend((block, "\n" if breaks else "", rest))
    return "".join(out)
