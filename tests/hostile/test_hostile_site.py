"""Hostile input through the whole site: `mkdocs build --strict`, then every page in Chromium.

The hostile corpus goes into the `seeds/` folder of a temporary copy of the project (mkdocs.yml,
docs/, overrides/; not edition.yml, which names the real seeds' documents). The files that draw a
warning (empty, binary, non-UTF-8 name) stay out: `--strict` rightly fails on them, and the
preprocessor tests cover them. Only the Simplified edition is built (`editions: false` in the copy
of mkdocs.yml): the other editions are the same pages converted, and would triple the build time.

Every chapter and source page is opened with a `dialog` listener: no alert may fire (no script ran),
the hostile strings must show literally in the page text, no <script> or onerror element may carry
them into the DOM, and every request must stay on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from tests.conftest import serve_directory
from tests.e2e.conftest import RequestLog, build_site, load_edition
from tests.hostile.corpus import (
    ATTR_LIST,
    FOOTNOTE,
    HOSTILE_FILE_NAME,
    HOSTILE_TITLE,
    IMG,
    JINJA_TAG,
    JINJA_VAR,
    MARKDOWN_CHARS,
    SCRIPT,
    TITLE_BREAKER,
    hostile_cases,
    hostile_names_corpus,
    long_chinese_line,
)

pytestmark = pytest.mark.e2e

# What each source's chapter and source page must show literally.
EXPECTED = {
    "html.txt": (SCRIPT, IMG),
    "markdown.txt": (MARKDOWN_CHARS, FOOTNOTE),
    "template.txt": (JINJA_VAR, JINJA_TAG, ATTR_LIST),
}
# Elements that would mean the hostile text became markup.
MARKUP_CHECK = """() => ({
  scripts: Array.from(document.scripts).filter(s => s.textContent.includes("alert(")).length,
  handlers: document.querySelectorAll("[onerror]").length,
  attrs: document.querySelectorAll(".cls, [id='id']").length,
})"""
NO_MARKUP = {"scripts": 0, "handlers": 0, "attrs": 0}
# The same and the article's text, in one round trip.
VISIT_CHECK = f"() => ({{...({MARKUP_CHECK})(), text: document.querySelector('article').innerText}})"


def page_url(base: str, page: str) -> str:
    """URL of a generated page (use_directory_urls): chapters/x.md -> base/chapters/x/."""
    return urljoin(base + "/", page.removesuffix(".md") + "/")


class Visitor:
    """One browser page that records dialogs and requests while visiting pages."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900},
                                           service_workers="block")
        self.context.set_default_timeout(30_000)
        self.requests = RequestLog().attach(self.context)
        self.dialogs: list[tuple[str, str]] = []
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append((self.page.url, dialog.message))
        dialog.dismiss()

    def visit(self, url: str) -> str:
        """Open url (until its load event: a failed <img> has fired onerror by then); the article's text."""
        response = self.page.goto(url)
        assert response is not None and response.ok, f"{url}: {response and response.status}"
        found = self.page.evaluate(VISIT_CHECK)
        text: str = found.pop("text")
        assert found == NO_MARKUP, f"{url}: source text became markup: {found}"
        return text

    def heading(self) -> str:
        """The page's h1 without its permalink mark."""
        return self.page.inner_text("article h1").removesuffix("¶").strip()


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {case.name: case.data for case in hostile_cases()
             if case.text is not None and not case.read_as}  # no file that draws a warning
    return build_site(tmp_path_factory.mktemp("hostile-site") / "project", files)


@pytest.fixture(scope="module")
def hostile_edition(hostile_site: Path) -> dict[str, Any]:
    return load_edition(hostile_site)


@pytest.fixture(scope="module")
def hostile_server(hostile_site: Path) -> Iterator[str]:
    with serve_directory(hostile_site) as url:
        yield url


@pytest.fixture
def visitor(browser: Any) -> Iterator[Visitor]:
    v = Visitor(browser)
    try:
        yield v
    finally:
        v.context.close()


def test_every_page_shows_the_hostile_text_literally_and_runs_nothing(
        visitor: Visitor, hostile_server: str, hostile_edition: dict[str, Any]) -> None:
    documents, sources = hostile_edition["documents"], hostile_edition["sources"]
    assert len(documents) == len(sources)  # one document per file: nothing was taken for a copy
    chapter_of = {w["source"]: doc["chapter"] for doc in documents for w in doc["witnesses"]}
    page_of = {s["file"]: s["page"] for s in sources}
    texts = {doc["chapter"]: visitor.visit(page_url(hostile_server, doc["chapter"])) for doc in documents}
    texts |= {s["page"]: visitor.visit(page_url(hostile_server, s["page"])) for s in sources}
    home, notes = visitor.visit(hostile_server + "/"), visitor.visit(page_url(hostile_server, "notes.md"))
    assert all(doc["title"] in home for doc in documents)  # the table of documents
    assert "␀" in notes  # the ledger shows the removed NUL bytes
    for doc in documents:
        assert doc["title"] in texts[doc["chapter"]], doc["chapter"]
    for source in sources:
        assert f"源文件 {source['file']}" in texts[source["page"]], source["page"]
    for source, strings in EXPECTED.items():
        for page in (chapter_of[source], page_of[source]):
            missing = [s for s in strings if s not in texts[page]]
            assert not missing, f"{page} does not show {missing} literally"
    # NUL bytes: in the ledger, and visible on the source page as ␀.
    assert texts[page_of["nul.txt"]].count("␀") == 3
    # The 2 MB line: whole on its source page, and on its chapter in paragraphs cut at sentence ends.
    line = long_chinese_line()
    assert line in texts[page_of["long line.txt"]]
    assert line in "".join(texts[chapter_of["long line.txt"]].split()) and "\n" in texts[chapter_of["long line.txt"]]
    # The Markdown-looking source has no footnote, though it shows [^1].
    visitor.visit(page_url(hostile_server, chapter_of["markdown.txt"]))
    assert visitor.page.locator(".footnote").count() == 0
    assert not visitor.dialogs, f"a script ran: {visitor.dialogs}"
    visitor.requests.assert_all_local()


def test_file_names_with_spaces_link_to_their_own_source_page(
        visitor: Visitor, hostile_server: str, hostile_edition: dict[str, Any]) -> None:
    for name in ("源 文件 一.txt", "源_文件_一.txt"):
        doc = next(d for d in hostile_edition["documents"] if d["witnesses"][0]["source"] == name)
        visitor.visit(page_url(hostile_server, doc["chapter"]))
        link = visitor.page.locator("article .witness-list a", has_text=name).first
        link.click()
        visitor.page.wait_for_load_state()
        witness = doc["witnesses"][0]
        lines = f"L{witness['first_line']}" + (f"-L{witness['last_line']}" if witness["last_line"] > witness["first_line"]
                                               else "")
        assert urlsplit(visitor.page.url).fragment == lines
        assert visitor.heading() == f"源文件 {name}"
    assert not visitor.dialogs
    visitor.requests.assert_all_local()


def test_search_results_show_hostile_text_without_running_it(
        visitor: Visitor, hostile_server: str, hostile_edition: dict[str, Any]) -> None:
    """Material puts search results into the page as HTML: the hostile text must stay text there too."""
    from playwright.sync_api import expect

    visitor.visit(hostile_server + "/")
    visitor.page.keyboard.press("/")  # Material's shortcut: open the search and focus its input
    query = visitor.page.locator("input.md-search__input")
    expect(query).to_be_focused()
    query.fill("照录")  # a word of the sentence that holds the <script> text
    query.press("End")  # Material reads the query on keyup
    # A chapter's result (not the item that offers to search the source pages, which names the query too).
    result = visitor.page.locator(".md-search-result__item:not(.reader-search__sources)", has_text="照录").first
    expect(result).to_be_visible(timeout=20_000)
    assert SCRIPT in result.inner_text().replace("\u200b", "")
    chapter = next(d["chapter"] for d in hostile_edition["documents"] if d["witnesses"][0]["source"] == "html.txt")
    hrefs = visitor.page.eval_on_selector_all(".md-search-result__item a", "els => els.map(a => a.href)")
    assert any(urlsplit(h).path == "/" + chapter.removesuffix(".md") + "/" for h in hrefs), hrefs
    assert visitor.page.evaluate(MARKUP_CHECK) == NO_MARKUP
    assert not visitor.dialogs, f"a script ran: {visitor.dialogs}"
    visitor.requests.assert_all_local()


def test_hostile_titles_and_file_names_run_nothing(browser: Any, tmp_path: Path) -> None:
    site = build_site(tmp_path / "project", hostile_names_corpus())
    data = load_edition(site)
    visitor = Visitor(browser)
    try:
        with serve_directory(site) as base:
            for doc in data["documents"]:
                visitor.visit(page_url(base, doc["chapter"]))
                assert visitor.heading() == doc["title"]
            for title in (HOSTILE_TITLE, TITLE_BREAKER):
                doc = next(d for d in data["documents"] if d["title"] == title)
                visitor.visit(page_url(base, doc["chapter"]))
                assert visitor.page.title().startswith(title)
            source = next(s for s in data["sources"] if s["file"] == HOSTILE_FILE_NAME)
            visitor.visit(page_url(base, source["page"]))
            assert visitor.heading() == f"源文件 {HOSTILE_FILE_NAME}"
        assert not visitor.dialogs, f"a script ran: {visitor.dialogs}"
        visitor.requests.assert_all_local()
    finally:
        visitor.context.close()
