"""The print view assembled from the chapters' rendered HTML, so that no chapter is converted twice.

`render.print_view` writes each print page as a light Markdown page: its table of contents and, per
chapter, a placeholder naming the document (with the chapter's title and a note that its text is
missing, which is what shows if the assembly cannot fill it). MkDocs converts every chapter page once;
the plugin keeps each chapter's HTML and, once every page is converted, hands a print page's HTML here
and each placeholder is replaced by its chapter in print form:

- every id gets the document id as a prefix (every chapter has a p1 and a fn:v1), the chapter's h1
  gets the document id itself, and every in-page link follows;
- a relative link is resolved against the chapter page's URL and made relative to the print page's;
- a link to a document's chapter (or to a place in it) goes to that document in the print view: in the
  same volume, or in the volume that prints it;
- what only makes sense on the chapter page (links to its other views, previous and next) is left out,
  and the chapter's notes get a heading.

Pure functions on strings. They rely on how Python-Markdown writes HTML: every attribute double-quoted,
with `<`, `>` and `"` escaped inside its value, so a start tag runs from `<` to the next `>`; text
from the sources is escaped, so no `<` in it opens a tag.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

# The placeholder's opening tag as Python-Markdown writes `<div class="print-chapter" data-document="…" markdown>`.
PLACEHOLDER_CLASS = "print-chapter"
_PLACEHOLDER = re.compile(r'<div class="print-chapter" data-document="([^"]*)">.*?</div>\n?', re.S)
_PLACEHOLDER_NAME = re.compile(r'<div class="print-chapter" data-document="([^"]*)">')
# The chapter page's own furniture: the links to its copies, comparison and TEI file; previous and next.
_CHAPTER_ONLY = re.compile(r'<p class="doc-links">.*?</p>\n?|<div class="chapter-neighbours">.*?</div>\n?', re.S)
_NOTES_RULE = '<div class="footnote">\n<hr />'
_NOTES_HEADING = '<div class="footnote">\n<p class="print-notes-heading" id="notes">注</p>'
_TAG_WITH_REFERENCE = re.compile(r'<[a-zA-Z][^>]*?\s(?:id|href|src)="[^>]*>')
_REFERENCE = re.compile(r'(\s)(id|href|src)="([^"]*)"')
_H1_ID = re.compile(r'<h1 id="([^"]*)"')
_BASE = "https://print.invalid/"  # any absolute URL: the site's own URLs are resolved beneath it


@dataclass(frozen=True)
class PrintPlaces:
    """Where documents are: each chapter page's URL and the print page that prints each document
    (site URLs as MkDocs gives them, e.g. `chapters/d001/`, `print/`)."""

    chapter_url: Mapping[str, str]  # document id -> its chapter page's URL
    print_url: Mapping[str, str]  # document id -> the URL of the print page holding it

    def document_at(self) -> dict[str, str]:
        """Chapter page URL -> document id."""
        return {url: document for document, url in self.chapter_url.items()}


def printed_documents(print_html: str) -> list[str]:
    """The documents a print page holds, in order (the placeholders' names)."""
    return _PLACEHOLDER_NAME.findall(print_html)



def relative_url(target: str, from_url: str) -> str:
    """Site URL `target` (a path, maybe with ?query#fragment) as seen from the page at site URL `from_url`."""
    parts = urlsplit(target)
    start = from_url if from_url.endswith("/") else posixpath.dirname(from_url)  # the page's folder
    site_path = "/" + parts.path.lstrip("/")
    path = posixpath.relpath(site_path, "/" + start)
    if site_path.endswith("/") and not path.endswith("/"):
        path += "/"
    query = f"?{parts.query}" if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return path + query + fragment


class _ChapterLinks:
    """Rewrites the ids and links of one chapter's HTML for the print page at `print_url`."""

    def __init__(self, document: str, heading_id: str | None, chapter_url: str, print_url: str,
                 places: PrintPlaces, document_at: Mapping[str, str]) -> None:
        self.document, self.heading_id = document, heading_id
        self.chapter_url, self.print_url = chapter_url, print_url
        self.places, self.document_at = places, document_at
        # A link's page (without its #fragment) -> (the document it is the chapter of, or the page from the
        # print page): a chapter links the same few pages over and over, at ever other lines.
        self.pages: dict[str, tuple[str | None, str]] = {}

    def anchor(self, name: str) -> str:
        return self.document if name == self.heading_id else f"{self.document}-{name}"

    def link(self, href: str) -> str:
        if href.startswith("#"):
            return f"#{self.anchor(href[1:])}" if len(href) > 1 else href
        page, hashed, fragment = href.partition("#")
        resolved = self.pages.get(page)
        if resolved is None:
            resolved = self.pages[page] = self._page(page)
        other, where = resolved
        if other is None:
            return f"{where}{hashed}{fragment}"
        return f"{where}#{other}-{fragment}" if fragment else f"{where}#{other}"

    def _page(self, page: str) -> tuple[str | None, str]:
        parts = urlsplit(page)
        if parts.scheme or parts.netloc or page.startswith("/"):
            return None, page  # outside the site, or absolute: as it is
        target = urlsplit(urljoin(_BASE + self.chapter_url, page))
        path = target.path.removeprefix("/")
        other = self.document_at.get(path)
        place = self.places.print_url.get(other) if other is not None else None
        if other is not None and place is not None:
            return other, "" if place == self.print_url else relative_url(place, self.print_url)
        return None, relative_url(path + (f"?{target.query}" if target.query else ""), self.print_url)

    def attribute(self, match: re.Match[str]) -> str:
        space, name, value = match.groups()
        if name == "id":
            return f'{space}id="{self.anchor(value)}"'
        return f'{space}{name}="{self.link(value)}"'

    def tag(self, match: re.Match[str]) -> str:
        return _REFERENCE.sub(self.attribute, match.group())


def print_form(document: str, chapter_html: str, print_url: str, places: PrintPlaces,
               document_at: Mapping[str, str] | None = None) -> str:
    """One chapter page's HTML (what MkDocs gives on_page_content) as it stands in the print page at
    `print_url`. `document_at` is `places.document_at()`, passed when many chapters are assembled."""
    html = _CHAPTER_ONLY.sub("", chapter_html)
    html = html.replace(_NOTES_RULE, _NOTES_HEADING, 1)
    heading = _H1_ID.search(html)
    links = _ChapterLinks(document, heading.group(1) if heading else None, places.chapter_url.get(document, ""),
                          print_url, places, places.document_at() if document_at is None else document_at)
    return _TAG_WITH_REFERENCE.sub(links.tag, html)


def assemble(print_html: str, print_url: str, chapters: Mapping[str, str], places: PrintPlaces) -> str:
    """A print page's HTML with each placeholder replaced by its chapter in print form. A placeholder
    whose chapter's HTML is not in `chapters` (document id -> chapter page HTML) stays: it says so."""
    document_at = places.document_at()

    def chapter(match: re.Match[str]) -> str:
        document = match.group(1)
        html = chapters.get(document)
        if html is None:
            return match.group()
        return print_form(document, html, print_url, places, document_at).rstrip("\n") + "\n"

    return _PLACEHOLDER.sub(chapter, print_html)
