"""Reading a chapter as a reader does, at desktop and phone widths: paragraph numbers with a citation to
copy, footnotes in a popover on a phone (no jump to the end of the chapter), tap targets of 24 px.

The chapter is the one with the most copies, picked from the built site's edition.json.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import PHONE
from tests.e2e.test_site import chapter_path

pytestmark = pytest.mark.e2e
DESKTOP = {"width": 1280, "height": 900}



def most_copies(edition: dict[str, Any]) -> dict[str, Any]:
    return max(edition["documents"], key=lambda d: (len(d["witnesses"]), len(d["variants"])))


def test_a_footnote_opens_in_place_on_a_phone(phone: Any, site_server: str, edition: dict[str, Any],
                                              request_log: Any) -> None:
    doc = most_copies(edition)
    phone.goto(site_server.rstrip("/") + chapter_path(doc))
    marker = phone.locator("a.footnote-ref").nth(2)
    marker.scroll_into_view_if_needed()
    box = marker.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24, box
    before = phone.evaluate("window.scrollY")
    marker.tap()
    popover = phone.locator(".reader-popover[role=dialog]")
    assert popover.is_visible()
    note_id = str(marker.get_attribute("href")).split("#", 1)[1]
    note_text = phone.locator(f"li[id='{note_id}']").inner_text().replace("↩", "").strip()
    assert popover.inner_text().replace("×", "").strip() == note_text
    assert abs(phone.evaluate("window.scrollY") - before) < 5, "tapping a footnote must not jump"
    close = phone.locator(".reader-popover__close")
    close_box = close.bounding_box()
    assert close_box is not None and close_box["width"] >= 24 and close_box["height"] >= 24
    close.tap()
    assert not popover.count()
    request_log.assert_all_local()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_paragraph_numbers_are_shown_and_give_a_citation(browser: Any, site_server: str, edition: dict[str, Any],
                                                         viewport: dict[str, int]) -> None:
    doc = most_copies(edition)
    context = browser.new_context(locale="zh-CN", viewport=viewport, service_workers="block")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(site_server.rstrip("/") + chapter_path(doc))
        paragraph = next(p for p in doc["paragraphs"] if p["role"] == "body" and int(p["id"][1:]) > 2)
        number = page.locator(f"#{paragraph['id']} > a.para-num")
        assert number.get_attribute("data-n") == paragraph["id"][1:]
        shown = number.evaluate("a => getComputedStyle(a, '::before').content")
        assert shown == f'"{paragraph["id"][1:]}"' and number.is_visible()
        # The number is drawn, not written: the paragraph's text (and a copy of it) holds only the text.
        assert page.locator(f"#{paragraph['id']}").inner_text().strip().startswith(paragraph["text"][:5])
        box = number.bounding_box()
        assert box is not None and box["width"] >= 12 and box["x"] >= 0
        number.click()
        assert page.url.endswith(f"#{paragraph['id']}")
        citation = page.locator(".reader-popover textarea").input_value()
        assert doc["title"] in citation and f"第 {paragraph['id'][1:]} 段" in citation
        assert citation.endswith(chapter_path(doc) + f"#{paragraph['id']}")
        page.locator(".reader-popover .reader-copy").click()
        assert page.evaluate("navigator.clipboard.readText()") == citation
    finally:
        context.close()


@pytest.mark.parametrize("folder", ["zh-Hans", "zh-Hant"])
def test_the_density_control_hides_minor_or_all_variants_and_is_remembered(
        page: Any, publication_server: str, edition: dict[str, Any], folder: str) -> None:
    doc = most_copies(edition)
    page.goto(publication_server + folder + chapter_path(doc))
    minor, substantive = page.locator("sup[id^='fnref:m']"), page.locator("sup[id^='fnref:v']")
    assert minor.count() and substantive.count()
    assert minor.first.is_visible() and substantive.first.is_visible()
    page.locator(".reader-density [data-density=substantive]").click()
    assert not minor.first.is_visible() and substantive.first.is_visible()
    page.locator(".reader-density [data-density=none]").click()
    assert not substantive.first.is_visible()
    page.reload()  # remembered
    assert page.locator(".reader-density [data-density=none]").get_attribute("aria-pressed") == "true"
    assert not substantive.first.is_visible()
    page.locator(".reader-density [data-density=all]").click()
    assert minor.first.is_visible()
    # Readings found in one copy only: their notes go, the others stay.
    singles = [v for v in doc["variants"] if v["kind"] not in ("punctuation", "orthographic", "localisation",
                                                               "mechanical")
               and all(len(r["witnesses"]) == 1 for r in v["readings"])]
    page.locator(".reader-density input[type=checkbox]").check()
    hidden = page.locator("sup[id^='fnref:v'].reader-hidden").count()
    assert hidden == len(singles) > 0  # in five damaged copies most readings are one copy's
    page.locator(".reader-density input[type=checkbox]").uncheck()
    assert page.locator("sup.reader-hidden").count() == 0


def test_a_notes_marker_and_its_lemma_light_up_together(page: Any, site_server: str, edition: dict[str, Any]) -> None:
    doc = most_copies(edition)
    page.goto(site_server.rstrip("/") + chapter_path(doc))
    lemma = page.locator(".lemma[data-note]").first
    name = str(lemma.get_attribute("data-note"))
    marker = page.locator(f'a.footnote-ref[href="#fn:{name}"]')
    # The marker follows its lemma: nothing but the closing of the lemma stands between them.
    assert lemma.evaluate("l => l.nextElementSibling && l.nextElementSibling.querySelector('a.footnote-ref') !== null")
    variant_lemmas = {v["lemma"] for v in doc["variants"]}
    assert any(v in lemma.inner_text() for v in variant_lemmas)  # the lemma, or the whole word round it
    marker.hover()
    assert "lit" in str(lemma.get_attribute("class"))
    page.mouse.move(0, 0)
    assert "lit" not in str(lemma.get_attribute("class"))
    marker.focus()  # by keyboard too
    assert "lit" in str(lemma.get_attribute("class"))
    lemma.hover()  # and the reverse
    assert "lit" in str(marker.get_attribute("class"))
