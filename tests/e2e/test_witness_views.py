"""Each copy's own text, the copies side by side, the index pages and the TEI file, as a reader meets them.

The document is the one with the most copies, and the copy the one that differs from the edition at most
places; both are picked from the built site's edition.json, never hard-coded.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from lxml import etree

from build_tools.reconstruct import witness_body
from tests.e2e.test_reading import PHONE, most_copies
from tests.e2e.test_site import chapter_path, squash

pytestmark = pytest.mark.e2e


def differing_copy(doc: dict[str, Any]) -> tuple[str, dict[str, Any], str]:
    """(siglum, variant, its reading) of the copy with the most readings of its own: a substitution it has."""
    def own(siglum: str) -> list[tuple[dict[str, Any], str]]:
        return [(v, r["text"]) for v in doc["variants"] for r in v["readings"]
                if siglum in r["witnesses"] and r["text"].strip() and v["lemma"].strip() and "\n" not in r["text"]
                and "\n" not in v["lemma"]]

    siglum = max((w["siglum"] for w in doc["witnesses"]), key=lambda s: len(own(s)))
    variant, reading = next((v, r) for v, r in own(siglum) if v["kind"] == "substitution")
    return siglum, variant, reading


def test_a_copys_own_text_with_its_differences_marked(page: Any, site_server: str, edition: dict[str, Any],
                                                       request_log: Any) -> None:
    doc = most_copies(edition)
    siglum, variant, reading = differing_copy(doc)
    page.goto(site_server.rstrip("/") + chapter_path(doc))
    page.locator(".doc-links").get_by_role("link", name=siglum, exact=True).click()
    page.wait_for_url(f"**/witnesses/{doc['id']}-{siglum}/")
    assert doc["title"] in page.locator("h1").inner_text()
    # The text shown is the copy's body, rebuilt from edition.json (the drawn carets of omissions are no text).
    shown = "\n".join(page.locator(".witness-text > p").all_inner_texts())
    assert squash(shown) == squash(witness_body(doc, siglum))
    marks = page.locator("mark.wit-diff", has_text=reading)
    titles = [marks.nth(i).get_attribute("title") or "" for i in range(marks.count())]
    assert any(t.startswith(f"正文作「{variant['lemma']}」") for t in titles), titles
    background = marks.first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    # Back to the chapter, and to the copy's lines on its source page.
    witness = next(w for w in doc["witnesses"] if w["siglum"] == siglum)
    source = page.locator(f"a[href*='#L{witness['first_line']}-L{witness['last_line']}']")
    assert source.count() == 1
    page.locator(".witness-nav a", has_text="回到正文").click()
    page.wait_for_url("**" + chapter_path(doc))
    request_log.assert_all_local()


def test_a_lacking_copy_says_what_it_lacks(page: Any, site_server: str, edition: dict[str, Any]) -> None:
    doc = most_copies(edition)
    lacking = [w for w in doc["witnesses"] if w["coverage"] != "complete"]
    if not lacking:
        pytest.skip("no copy of the document lacks anything")
    for w in lacking:
        page.goto(site_server.rstrip("/") + f"/witnesses/{doc['id']}-{w['siglum']}/")
        notes = " ".join(page.locator(".wit-lacuna").all_inner_texts())
        assert "此本缺开头" in notes or "此本缺结尾" in notes, (w["siglum"], notes)


def test_two_copies_side_by_side(page: Any, site_server: str, edition: dict[str, Any], request_log: Any) -> None:
    doc = most_copies(edition)
    siglum, variant, reading = differing_copy(doc)
    other = next(s for s in variant["lemma_witnesses"] if s != siglum)
    page.goto(site_server.rstrip("/") + f"/witnesses/{doc['id']}-{siglum}/")
    page.locator(".witness-nav a", has_text="各本对照").click()
    page.wait_for_url(f"**/witnesses/{doc['id']}-compare/**")
    form = page.locator("form.wit-compare-form")
    assert form.is_visible(), "compare.js did not run"
    page.select_option("#wit-left", other)
    page.select_option("#wit-right", siglum)
    headers = [h.get_attribute("data-wit") for h in page.locator("table.wit-compare thead th[data-wit]").all()
               if h.is_visible()]
    assert headers == [other, siglum]
    assert page.url.endswith(f"#{other}-{siglum}")
    index = doc["variants"].index(variant)
    mine = page.locator(f"td[data-wit='{siglum}'] [data-v='{index}']")
    theirs = page.locator(f"td[data-wit='{other}'] [data-v='{index}']")
    assert reading in mine.first.inner_text() and variant["lemma"] in theirs.first.inner_text()
    assert "pair-diff" in (mine.first.get_attribute("class") or "")
    assert "pair-diff" in (theirs.first.get_attribute("class") or "")
    # Rows line up on the paragraphs: the row of the variant's paragraph holds both readings.
    row = page.locator("table.wit-compare tbody tr").nth(int(variant["paragraph"][1:]) - 1)
    assert row.locator("td.wit-num").inner_text() == f"¶{variant['paragraph'][1:]}"
    assert row.locator(f"[data-v='{index}']").count() >= 2
    # The same pair, chosen the other way round, puts the columns the other way round.
    page.select_option("#wit-left", siglum)
    page.select_option("#wit-right", other)
    headers = [h.get_attribute("data-wit") for h in page.locator("table.wit-compare thead th[data-wit]").all()
               if h.is_visible()]
    assert headers == [siglum, other]
    request_log.assert_all_local()


def test_the_index_pages_list_the_documents(page: Any, site_server: str, edition: dict[str, Any],
                                           request_log: Any) -> None:
    page.goto(site_server)
    page.locator(".md-nav__link", has_text="时间线").first.click()
    page.wait_for_url("**/indexes/by-date/")
    every = {chapter_path(d) for d in edition["documents"]}

    def linked() -> set[str]:
        hrefs = page.locator("article a[href*='chapters/']").evaluate_all("as => as.map(a => a.href)")
        return {urlsplit(h).path.removeprefix("/zh-Hans") for h in hrefs}

    assert linked() == every
    dated = next(d for d in edition["documents"] if d["date"])
    year, month, day = (int(x) for x in dated["date"].split("-"))
    assert f"{year}年{month}月{day}日" in page.locator("article").inner_text()
    for path in ("indexes/by-author/", "indexes/by-source/"):
        page.goto(site_server + path)
        assert linked() == every, path
    request_log.assert_all_local()


def test_the_tei_file_opens_as_xml(page: Any, site_server: str, edition: dict[str, Any], request_log: Any) -> None:
    doc = most_copies(edition)
    page.goto(site_server.rstrip("/") + chapter_path(doc))
    link = page.locator(".doc-links a", has_text="TEI")
    with page.expect_response(lambda r: r.url.endswith(f"/tei/{doc['id']}.xml")) as info:
        link.click()
    response = info.value
    assert response.ok and "xml" in (response.headers.get("content-type") or "")
    root = etree.fromstring(response.body())
    assert root.tag == "{http://www.tei-c.org/ns/1.0}TEI"
    witnesses = root.findall(".//{http://www.tei-c.org/ns/1.0}witness")
    assert [w.get("n") for w in witnesses] == [w["siglum"] for w in doc["witnesses"]]
    request_log.assert_all_local()


def test_the_home_page_is_a_list_of_cards_on_a_phone(browser: Any, site_server: str) -> None:
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, service_workers="block")
    try:
        phone = context.new_page()
        phone.goto(site_server)
        row = phone.locator(".doc-list tbody tr").first
        assert row.evaluate("r => getComputedStyle(r).display") == "flex"
        assert phone.locator(".doc-list thead").evaluate("t => getComputedStyle(t).display") == "none"
        box = row.bounding_box()
        assert box is not None and box["width"] <= PHONE["width"]
        title = row.locator("td").nth(1).bounding_box()
        date = row.locator("td").nth(0).bounding_box()
        assert title is not None and date is not None and title["y"] < date["y"]  # the title first
    finally:
        context.close()
    desktop = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, service_workers="block")
    try:
        wide = desktop.new_page()
        wide.goto(site_server)
        assert wide.locator(".doc-list tbody tr").first.evaluate("r => getComputedStyle(r).display") == "table-row"
    finally:
        desktop.close()


def test_witness_views_are_not_converted_in_the_traditional_edition(page: Any, publication_server: str,
                                                                    edition: dict[str, Any]) -> None:
    doc = most_copies(edition)
    siglum = doc["witnesses"][0]["siglum"]
    texts = []
    for script in ("zh-Hans", "zh-Hant"):
        page.goto(f"{publication_server}{script}/witnesses/{doc['id']}-{siglum}/")
        texts.append(page.locator(".witness-text").inner_text())
    assert texts[0] == texts[1]


def test_the_compare_view_works_from_the_offline_copy(browser: Any, publication: Path, edition: dict[str, Any],
                                                       tmp_path: Path) -> None:
    (archive,) = (publication / "download").glob("*.zip")
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp_path)
    doc = most_copies(edition)
    (page_file,) = (tmp_path / "reader-edition" / "zh-Hans" / "witnesses").glob(f"{doc['id']}-compare*/index.html")
    context = browser.new_context(locale="zh-CN")
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    try:
        page = context.new_page()
        page.goto(page_file.as_uri())
        assert page.locator("form.wit-compare-form").is_visible(), "compare.js did not load from file://"
        assert len([h for h in page.locator("table.wit-compare thead th[data-wit]").all() if h.is_visible()]) == 2
    finally:
        context.close()
    assert not [u for u in requests if not u.startswith(("file://", "data:", "blob:", "about:"))]
