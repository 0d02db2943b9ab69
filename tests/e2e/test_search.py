"""The edition's search in a real browser: costs nothing until used, finds the phrase, lands on it.

Phrases, readings and lines are picked from the built site's edition.json, never hard-coded. Every
test asserts that no request left 127.0.0.1 (or the file system).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from build_tools.editions import published
from build_tools.search.keys import key_text
from build_tools.stages.convert import convert_text
from tests.e2e.test_site import chapter_path, pick_search_phrase

pytestmark = pytest.mark.e2e
SEARCH_FILES = ("/search/", "/javascripts/search/")


def search(page: Any, query: str, timeout: float = 20_000) -> list[str]:
    """Open the search with its shortcut, type a query; the result links (waits for at least one)."""
    from playwright.sync_api import expect

    page.wait_for_load_state("load")  # after a click to another page: its script binds the shortcut
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    expect(box).to_be_focused()
    box.fill(query)
    expect(page.locator(".md-search-result__item a[href*='h=']").first).to_be_visible(timeout=timeout)
    return [str(a.get_attribute("href")) for a in page.locator(".md-search-result__item a[href*='h=']").all()]


def hant(text: str) -> str:
    return convert_text(text, published()[1].opencc or "")


def test_nothing_is_downloaded_for_search_until_the_reader_searches(page: Any, site_server: str,
                                                                     edition: dict[str, Any], request_log: Any) -> None:
    doc, phrase = pick_search_phrase(edition)
    page.goto(site_server)
    page.goto(site_server + chapter_path(doc).lstrip("/"))
    page.mouse.wheel(0, 2000)
    page.locator(".md-search__input").hover()
    page.wait_for_timeout(300)
    early = [u for u in request_log.urls if any(s in u for s in SEARCH_FILES)]
    assert not early, f"search files loaded before any search: {early}"
    assert not any("search_index" in u or "/workers/" in u for u in request_log.urls)
    search(page, phrase)
    loaded = [u for u in request_log.urls if "/search/" in urlsplit(u).path]
    assert any(u.endswith("/search/config.js") for u in loaded), loaded
    assert len(loaded) < 30, f"one query loaded {len(loaded)} files"
    request_log.assert_all_local()


def test_a_phrase_shows_its_chapter_first_and_lands_on_the_paragraph_highlighted(
        page: Any, site_server: str, edition: dict[str, Any], request_log: Any) -> None:
    from playwright.sync_api import expect

    doc, phrase = pick_search_phrase(edition)
    page.goto(site_server)
    hrefs = search(page, phrase)
    assert urlsplit(hrefs[0]).path == "/zh-Hans" + chapter_path(doc), (phrase, hrefs[:3])
    first = page.locator(".md-search-result__item").first
    assert key_text(phrase) in key_text(first.locator("mark").first.inner_text()), first.inner_html()
    paragraph = next(p for p in doc["paragraphs"] if key_text(phrase) in key_text(p["text"]))
    assert urlsplit(hrefs[0]).fragment == paragraph["id"]
    first.locator("a").click()
    page.wait_for_url(re.compile(re.escape(chapter_path(doc)) + r"\?h=.*#" + paragraph["id"] + "$"))
    mark = page.locator(f"#{paragraph['id']} mark.reader-search-hit")
    expect(mark.first).to_be_visible()
    assert key_text("".join(m.inner_text() for m in mark.all())) == key_text(phrase)
    assert mark.first.evaluate("m => { const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
    request_log.assert_all_local()


@pytest.mark.parametrize("folder", ["zh-Hans", "zh-Hant"])
def test_either_script_finds_the_chapter_in_either_edition(page: Any, publication_server: str, edition: dict[str, Any],
                                                           request_log: Any, folder: str) -> None:
    doc, phrase = pick_search_phrase(edition)
    assert hant(phrase) != phrase, "pick a phrase that differs in the two scripts"
    for query in (phrase, hant(phrase)):
        page.goto(publication_server + folder + "/")
        hrefs = search(page, query)
        assert urlsplit(hrefs[0]).path == f"/{folder}{chapter_path(doc)}", (query, hrefs[:3])
    shown = page.locator(".md-search-result__item mark").first.inner_text()
    assert shown == (hant(phrase) if folder == "zh-Hant" else phrase)[:len(shown)]
    request_log.assert_all_local()


def pick_reading(edition: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], str]:
    """A document, a substantive reading of two or more characters, and a query that runs into it."""
    texts = "".join(key_text(p["text"]) for d in edition["documents"] for p in d["paragraphs"])
    for doc in edition["documents"]:
        paragraphs = {p["id"]: p["text"] for p in doc["paragraphs"]}
        for variant in doc["variants"]:
            for reading in variant["readings"]:
                if variant["kind"] != "substitution" or len(key_text(reading["text"])) < 2:
                    continue
                before = paragraphs[variant["paragraph"]][max(0, variant["offset"] - 4):variant["offset"]]
                query = before + reading["text"]
                if len(key_text(query)) >= 4 and key_text(query) not in texts:
                    return doc, reading, query
    pytest.fail("edition.json has no substitution of two or more characters")


def test_a_variant_reading_is_found_and_names_the_copy_that_reads_it(page: Any, site_server: str,
                                                                       edition: dict[str, Any], request_log: Any) -> None:
    from playwright.sync_api import expect

    doc, reading, query = pick_reading(edition)
    page.goto(site_server)
    hrefs = search(page, query)
    assert urlsplit(hrefs[0]).path == "/zh-Hans" + chapter_path(doc), (query, hrefs[:3])
    note = page.locator(".md-search-result__item").first.locator(".reader-search__reading")
    sources = {w["siglum"]: w["source"] for w in doc["witnesses"]}
    for siglum in reading["witnesses"]:
        expect(note).to_contain_text(f"{siglum}（{sources[siglum]}）")
    expect(note).to_contain_text(reading["text"])
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_url(re.compile(r"#fn:"))
    mark = page.locator(f"[id='{unquote(urlsplit(page.url).fragment)}'] mark.reader-search-hit").first
    expect(mark).to_have_text(reading["text"])
    request_log.assert_all_local()


def test_source_pages_are_a_group_of_their_own(page: Any, site_server: str, edition: dict[str, Any],
                                               request_log: Any) -> None:
    from playwright.sync_api import expect

    doc, phrase = pick_search_phrase(edition)
    page.goto(site_server)
    search(page, phrase)
    chapters = page.locator(".md-search-result__item a[href*='/chapters/']").count()
    page.locator(".reader-search__sources a").click()
    expect(page.locator(".reader-search__group")).to_be_visible()
    sources = page.locator(".reader-search__group ~ .md-search-result__item a[href*='/sources/']")
    expect(sources.first).to_be_visible()
    files = {w["source"] for w in doc["witnesses"]}
    href = str(sources.first.get_attribute("href"))
    assert re.search(r"#L\d+$", href), href
    assert page.locator(".md-search-result__item a[href*='/chapters/']").count() == chapters
    assert any(f in unquote(sources.first.inner_text()) for f in files) or files, href
    request_log.assert_all_local()


def test_keyboard_arrow_down_and_enter_open_a_result(page: Any, site_server: str, edition: dict[str, Any],
                                                    request_log: Any) -> None:
    doc, phrase = pick_search_phrase(edition)
    page.goto(site_server)
    hrefs = search(page, phrase)
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.href")
    assert focused == hrefs[0] or urlsplit(focused).path == urlsplit(hrefs[0]).path
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(chapter_path(doc))))
    assert parse_qs(urlsplit(page.url).query)["h"] == [phrase]
    page.keyboard.press("Escape")
    request_log.assert_all_local()


def test_search_works_from_file_urls_in_the_offline_zip(browser: Any, publication: Path, edition: dict[str, Any],
                                                        tmp_path: Path) -> None:
    from playwright.sync_api import expect

    (archive,) = (publication / "download").glob("*.zip")
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp_path)
    root = tmp_path / "reader-edition"
    context = browser.new_context(locale="zh-CN")
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    try:
        doc, phrase = pick_search_phrase(edition)
        for folder, query in (("zh-Hans", hant(phrase)), ("zh-Hant", phrase)):
            page.goto(root.joinpath(folder, "index.html").as_uri())
            hrefs = search(page, query)
            assert hrefs[0].startswith("file://"), hrefs[0]
            assert urlsplit(hrefs[0]).path.endswith(f"/{folder}{chapter_path(doc)}index.html"), hrefs[0]
        page.locator(".md-search-result__item a").first.click()
        expect(page.locator("mark.reader-search-hit").first).to_be_visible()
        assert page.url.startswith("file://")
    finally:
        context.close()
    foreign = [u for u in requests if not u.startswith(("file://", "data:", "blob:", "about:"))]
    assert not foreign, foreign


def test_a_pasted_sentence_finds_its_chapter_with_few_files(page: Any, site_server: str, edition: dict[str, Any],
                                                          request_log: Any) -> None:
    doc, paragraph = next((d, p) for d in edition["documents"] for p in d["paragraphs"]
                          if p["role"] == "body" and len(key_text(p["text"])) >= 60)
    sentence = paragraph["text"][10:50]
    page.goto(site_server)
    hrefs = search(page, sentence)
    assert urlsplit(hrefs[0]).path == "/zh-Hans" + chapter_path(doc), hrefs[:3]
    shards = [u for u in request_log.urls if re.search(r"/search/p/\d+\.js", u)]
    assert len(shards) <= len(key_text(sentence)) // 2 + 1, shards  # every other bigram spells it
    mark = page.locator(".md-search-result__item").first.locator("mark").first
    assert key_text(mark.inner_text()) == key_text(sentence)
    request_log.assert_all_local()
