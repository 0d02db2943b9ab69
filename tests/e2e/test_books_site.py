"""A folder holding a book in three copies and three single documents, built by MkDocs and read in a
real browser: the book is a section of the navigation listing its chapters in order, the home page
lists the book and the single documents, the book's page lists its chapters, and a reader clicks
from chapter to chapter in the book's order (Material's footer links).

The inputs are those of tests/stages/test_books.py; titles and ids come from the built edition.json.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import serve_directory
from tests.e2e.conftest import build_site, load_edition
from tests.stages.test_books import SINGLE_TITLES, TITLE, manual_files, single_files

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def book_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    files = {name: text.encode("utf-8") for name, text in {**manual_files(), **single_files()}.items()}
    site = build_site(tmp_path_factory.mktemp("books") / "project", files)
    return site, load_edition(site)


@pytest.fixture(scope="module")
def server(book_site: tuple[Path, dict[str, Any]]) -> Iterator[str]:
    with serve_directory(book_site[0]) as url:
        yield url + "/"


def _path(page: str) -> str:
    """The URL path of a generated page (use_directory_urls): books/b1.md -> books/b1/."""
    return page.removesuffix(".md") + "/"


def _book(edition: dict[str, Any]) -> dict[str, Any]:
    (book,) = edition["books"]
    assert book["title"] == TITLE
    return dict(book)


def _title(edition: dict[str, Any], doc_id: str) -> str:
    return str(next(d["title"] for d in edition["documents"] if d["id"] == doc_id))


def _section_links(page: Any, title: str) -> list[str]:
    """The hrefs a top-level section of the primary navigation lists, by its title, in order."""
    links: list[str] = page.evaluate(
        """(title) => {
            for (const item of document.querySelectorAll('.md-nav--primary > .md-nav__list > .md-nav__item')) {
                const label = item.querySelector(':scope > label, :scope > .md-nav__link');
                if (label && label.textContent.trim() === title) {
                    return [...item.querySelectorAll('nav a.md-nav__link')].map(a => a.getAttribute('href'));
                }
            }
            return null;
        }""", title)
    assert links is not None, f"no section {title!r} in the navigation"
    return links


def test_the_book_is_a_section_listing_its_chapters_in_order(page: Any, server: str,
                                                             book_site: tuple[Path, dict[str, Any]]) -> None:
    _, edition = book_site
    book = _book(edition)
    page.goto(server)
    links = _section_links(page, TITLE)
    assert [link.strip("./").rstrip("/") for link in links] == [
        _path(book["page"]).rstrip("/"), *(f"chapters/{d}" for d in book["chapters"])]
    singles = _section_links(page, "文献")
    assert len(singles) == len(SINGLE_TITLES)


def test_the_home_page_lists_the_book_and_the_single_documents(page: Any, server: str,
                                                               book_site: tuple[Path, dict[str, Any]]) -> None:
    _, edition = book_site
    book = _book(edition)
    page.goto(server)
    article = page.locator("article.md-content__inner")
    book_link = article.locator(f'a[href$="{_path(book["page"])}"]')
    assert book_link.count() == 1 and book_link.inner_text() == TITLE
    for title in SINGLE_TITLES:
        assert article.get_by_role("link", name=title).count() == 1
    assert article.locator('a[href*="chapters/"]').count() == len(SINGLE_TITLES)  # chapters: on the book's page


def test_the_book_page_lists_its_chapters_and_a_reader_clicks_through_them(
        page: Any, server: str, book_site: tuple[Path, dict[str, Any]]) -> None:
    _, edition = book_site
    book = _book(edition)
    page.goto(server)
    page.locator(f'article a[href$="{_path(book["page"])}"]').click()
    page.wait_for_url(f"**/{_path(book['page'])}")
    hrefs = page.locator("article table a[href*='chapters/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    assert [h.strip("./").removeprefix("chapters/").rstrip("/") for h in hrefs] == book["chapters"]
    page.locator("article table a[href*='chapters/']").first.click()
    for n, doc_id in enumerate(book["chapters"]):
        page.wait_for_url(f"**/chapters/{doc_id}/")
        assert page.locator("article h1").first.inner_text().strip().rstrip("¶") == _title(edition, doc_id)
        if n + 1 < len(book["chapters"]):  # Material's footer: the next page of the book's section
            page.locator("a.md-footer__link--next").click()
    page.locator("a.md-footer__link--prev").click()
    page.wait_for_url(f"**/chapters/{book['chapters'][-2]}/")
