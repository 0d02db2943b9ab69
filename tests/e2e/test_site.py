"""End to end in a real browser: home page, a chapter, a provenance link to a source line, search.

Documents, paragraphs and phrases are picked from the built site's edition.json, never hard-coded.
Screenshots go under each test's tmp_path; their paths are printed (see them with `pytest -s`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

pytestmark = pytest.mark.e2e

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
PHRASE_LENGTH = 6
PREFIX_LENGTH = 8


def squash(text: str) -> str:
    """Text without any whitespace (rendered text wraps and indents; the comparison must not care)."""
    return "".join(text.split())


EDITION = "/zh-Hans"  # the Simplified edition's folder in the publication


def chapter_path(doc: dict[str, Any]) -> str:
    """URL path of a chapter page (use_directory_urls): chapters/x.md -> /chapters/x/."""
    chapter: str = doc["chapter"]
    assert chapter.endswith(".md"), chapter
    return "/" + chapter.removesuffix(".md") + "/"


def source_path(edition: dict[str, Any], file: str) -> str:
    page = next(s["page"] for s in edition["sources"] if s["file"] == file)
    return "/" + page.removesuffix(".md") + "/"


def pick_paragraph(edition: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A document and one of its body paragraphs of some length that has a source span."""
    for doc in edition["documents"]:
        for para in doc["paragraphs"]:
            if para["role"] == "body" and len(squash(para["text"])) >= 30 and para["spans"]:
                return doc, para
    pytest.fail("edition.json has no body paragraph of 30+ characters with a source span")


def pick_search_phrase(edition: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """A document and a phrase of PHRASE_LENGTH CJK characters from the middle of one of its long paragraphs.

    The phrase is taken from the run of CJK characters (no punctuation, digits or Latin) nearest the middle
    of the paragraph; a phrase found in no other document is preferred, so that "the right chapter" is clear.
    """
    texts = {doc["id"]: "".join(p["text"] for p in doc["paragraphs"]) for doc in edition["documents"]}
    fallback: tuple[dict[str, Any], str] | None = None
    for doc in edition["documents"]:
        for para in doc["paragraphs"]:
            text = para["text"]
            if para["role"] != "body" or len(text) < 80:
                continue
            middle = len(text) // 2
            starts = sorted(
                (start for m in CJK_RUN.finditer(text) for start in range(m.start(), m.end() - PHRASE_LENGTH + 1)),
                key=lambda s: abs(s + PHRASE_LENGTH // 2 - middle))
            for start in starts[:20]:
                phrase = text[start:start + PHRASE_LENGTH]
                if sum(phrase in t for t in texts.values()) == 1:
                    return doc, phrase
                fallback = fallback or (doc, phrase)
    if fallback is None:
        pytest.fail("edition.json has no long body paragraph with a run of 6 CJK characters")
    return fallback


def shot(page: Any, tmp_path: Path, name: str, **kwargs: Any) -> Path:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), **kwargs)
    print(f"screenshot {name}: {path}")
    return path


def link_urls(page: Any, selector: str) -> list[str]:
    """Absolute URLs of the links matched by selector."""
    urls: list[str] = page.eval_on_selector_all(selector, "els => els.map(a => a.href)")
    return urls


def test_home_lists_every_document(page: Any, site_server: str, edition: dict[str, Any], request_log: Any,
                                   tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page.goto(site_server)
    expect(page).to_have_title(re.compile(re.escape(edition["title"])))
    table = page.locator("article.md-content__inner table").first
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(len(edition["documents"]))
    linked = {urlsplit(u).path for u in link_urls(page, "article.md-content__inner table a")}
    missing = [doc["chapter"] for doc in edition["documents"] if EDITION + chapter_path(doc) not in linked]
    assert not missing, f"home page table has no link to {missing}; links: {sorted(linked)}"
    shot(page, tmp_path, "home")
    request_log.assert_all_local()


def test_chapter_paragraph_and_provenance_link(page: Any, site_server: str, edition: dict[str, Any],
                                               request_log: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    doc, para = pick_paragraph(edition)
    chapter_url = urljoin(site_server, chapter_path(doc).lstrip("/"))

    # Reach the chapter the way a reader does: from the table on the home page.
    page.goto(site_server)
    page.locator(f'article.md-content__inner table a[href$="{chapter_path(doc).lstrip("/")}"]').first.click()
    page.wait_for_url(chapter_url)
    expect(page.locator("article h1").first).to_be_visible()

    paragraph = page.locator(f'article [id="{para["id"]}"]')
    expect(paragraph).to_be_visible()
    assert squash(paragraph.inner_text()) == squash(para["text"]), (
        f"{doc['chapter']} #{para['id']} does not show the paragraph's text")
    paragraph.scroll_into_view_if_needed()
    shot(page, tmp_path, "chapter")

    # The paragraph's entry in the folded 出处 (provenance) list links to the lines of its first span.
    span = para["spans"][0]
    lines = f"L{span['first_line']}" + (f"-L{span['last_line']}" if span["last_line"] != span["first_line"] else "")
    page.locator("details.provenance > summary").click()
    entry = page.locator(f'article li:has(a[href="#{para["id"]}"])')
    expect(entry).to_have_count(1)
    link = entry.locator("a[href*='sources/']").first
    expect(link).to_be_visible()
    href = link.get_attribute("href") or ""
    assert href.endswith(f"#{lines}"), f"provenance link of {para['id']} is {href!r}"
    link.click()

    expected_path = EDITION + source_path(edition, span["source"])
    page.wait_for_url(lambda url: urlsplit(url).path == expected_path)
    landed = urlsplit(page.url)
    assert landed.hostname == "127.0.0.1"
    assert landed.fragment == lines, page.url
    highlighted = [e.get_attribute("id") for e in page.locator(".src-line.hl").all()]
    assert highlighted == [f"L{n}" for n in range(span["first_line"], span["last_line"] + 1)]

    line = page.locator(f'[id="L{span["first_line"]}"]')
    expect(line).to_be_visible()
    expect(line).to_be_in_viewport()
    prefix = squash(para["text"])[:PREFIX_LENGTH]
    assert prefix in squash(line.inner_text()), (
        f"source line {span['source']}:{span['first_line']} does not contain the paragraph's beginning {prefix!r}: "
        f"{line.inner_text()[:80]!r}")
    # The target line must not hide under Material's sticky header.
    header_bottom = page.evaluate("document.querySelector('header.md-header').getBoundingClientRect().bottom")
    line_box = line.bounding_box()
    assert line_box is not None
    assert line_box["y"] >= header_bottom - 1, (
        f"target line starts at y={line_box['y']}, under the header (bottom {header_bottom})")
    shot(page, tmp_path, "source-line")
    request_log.assert_all_local()


def test_search_finds_chapter_from_phrase(page: Any, site_server: str, edition: dict[str, Any],
                                          request_log: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    doc, phrase = pick_search_phrase(edition)
    page.goto(site_server)
    page.keyboard.press("/")  # Material's shortcut: open the search and focus its input
    query = page.locator("input.md-search__input")
    expect(query).to_be_focused()
    query.fill(phrase)
    query.press("End")  # Material reads the query on keyup
    results = page.locator(".md-search-result__item")
    try:
        expect(results.first).to_be_visible(timeout=20_000)
    except AssertionError:
        shot(page, tmp_path, "search-results")
        meta = page.locator(".md-search-result__meta").inner_text()
        raise AssertionError(f"no search results for {phrase!r} (from {doc['chapter']}); meta: {meta!r}") from None
    hrefs = link_urls(page, ".md-search-result__item a")
    paths = {urlsplit(h).path for h in hrefs}
    shot(page, tmp_path, "search-results")
    assert EDITION + chapter_path(doc) in paths, (
        f"search for {phrase!r} does not list {chapter_path(doc)}; result links: {sorted(paths)}")
    assert all(urlsplit(h).hostname == "127.0.0.1" for h in hrefs), hrefs
    request_log.assert_all_local()


def test_chapters_show_no_markdown_syntax(page: Any, site_server: str, edition: dict[str, Any],
                                         request_log: Any) -> None:
    """No chapter shows unprocessed Markdown attribute lists (`{: ...}`) unless its own text contains them."""
    leaks = []
    for doc in edition["documents"]:
        if any("{:" in p["text"] for p in doc["paragraphs"]):
            continue
        page.goto(urljoin(site_server, chapter_path(doc).lstrip("/")), wait_until="domcontentloaded")
        text = page.locator("article.md-content__inner").inner_text()
        leaks.extend(f"{doc['chapter']}: {line.strip()!r}" for line in text.splitlines() if "{:" in line)
    assert not leaks, "literal attribute-list syntax shown to the reader:\n" + "\n".join(leaks)
    request_log.assert_all_local()
