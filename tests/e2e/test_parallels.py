"""Parallel passages as a reader meets them: a marker after a shared passage opens the other document's passage
in a popover (keyboard: Tab, Enter, Escape; touch on a phone) with a link to its paragraph there, which has a
marker back; the 相关文献 button turns the marks off and on (remembered); the parallels page lists the pairs.
In both scripts, over HTTP and from the offline zip (file://), with no request leaving the machine.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from build_tools.stages.convert import convert_text
from tests.e2e.conftest import PHONE
from tests.e2e.test_site import chapter_path

pytestmark = pytest.mark.e2e
MARKER = ".parallel-ref > a"


def shared(edition: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], str]:
    """A document, one of its passages (in a body paragraph), the other document, and the passage as it reads there."""
    by_id = {d["id"]: d for d in edition["documents"]}
    for doc in edition["documents"]:
        roles = {p["id"]: p["role"] for p in doc["paragraphs"]}
        for p in doc["parallels"]:
            if roles[p["paragraph"]] == "body":
                other = by_id[p["document"]]
                there = next(q["text"] for q in other["parallels"] if q["document"] == doc["id"]
                             and (q["paragraph"], q["offset"]) == (p["their_paragraph"], p["their_offset"]))
                return doc, p, other, there
    raise AssertionError("the seeds have no parallel passage in a body paragraph")


def marker_of(page: Any, p: dict[str, Any]) -> Any:
    return page.locator(f"#{p['paragraph']} .parallel-ref[data-doc='{p['document']}'][data-p='{p['their_paragraph']}'] > a"
                        ).first



def tab_to(page: Any, target: Any, start: Any, presses: int = 30) -> None:
    """Focus `start`, then press Tab until `target` has the focus."""
    start.focus()
    for _ in range(presses):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError("Tab never reached the marker")


def test_a_marker_opens_the_other_passage_by_keyboard_and_leads_there_and_back(
        page: Any, site_server: str, edition: dict[str, Any], request_log: Any) -> None:
    doc, p, other, there = shared(edition)
    page.goto(site_server.rstrip("/") + chapter_path(doc))
    span = page.locator(f"#{p['paragraph']} .parallel").first
    assert p["text"] in page.locator(f"#{p['paragraph']}").inner_text()
    assert span.evaluate("s => getComputedStyle(s).textDecorationLine") == "underline"
    marker = marker_of(page, p)
    tab_to(page, marker, page.locator(f"#{p['paragraph']} > a.para-num"))
    page.keyboard.press("Enter")
    popover = page.locator(".parallels-popover[role=dialog]")
    assert popover.is_visible()
    assert popover.locator(".parallels-popover__text").inner_text() == there
    assert other["title"] in popover.inner_text()
    go = popover.locator("a.parallels-popover__go")
    assert str(go.get_attribute("href")).endswith(chapter_path(other) + "#" + p["their_paragraph"])
    assert go.evaluate("a => a === document.activeElement")
    page.keyboard.press("Escape")
    assert not popover.count()
    assert marker.evaluate("a => a === document.activeElement")
    # Through the popover to the paragraph there, which has a marker back to this document.
    page.keyboard.press("Enter")
    page.locator(".parallels-popover a.parallels-popover__go").click()
    page.wait_for_url("**" + chapter_path(other) + "#" + p["their_paragraph"])
    back = page.locator(f"#{p['their_paragraph']} .parallel-ref[data-doc='{doc['id']}'][data-p='{p['paragraph']}'] > a")
    assert back.count() >= 1 and str(back.first.get_attribute("href")).endswith("#" + p["paragraph"])
    request_log.assert_all_local()


def test_the_related_list_and_the_switch_that_turns_the_marks_off(page: Any, site_server: str,
                                                                  edition: dict[str, Any], request_log: Any) -> None:
    doc, p, other, _ = shared(edition)
    page.goto(site_server.rstrip("/") + chapter_path(doc))
    listed = page.locator(".related-docs li")
    assert listed.count() == len(doc["related"])
    assert other["title"] in page.locator(".related-docs").inner_text()
    toggle = page.locator("button.reader-toggle.parallels-toggle")
    assert toggle.is_visible() and toggle.get_attribute("aria-pressed") == "true"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "false"
    assert not marker_of(page, p).is_visible()
    assert page.locator(".parallel").first.evaluate("s => getComputedStyle(s).textDecorationLine") == "none"
    page.reload()  # remembered
    assert page.locator("button.parallels-toggle").get_attribute("aria-pressed") == "false"
    assert not marker_of(page, p).is_visible()
    page.locator("button.parallels-toggle").click()
    assert marker_of(page, p).is_visible()
    request_log.assert_all_local()


def test_a_tap_opens_the_passage_on_a_phone(phone: Any, site_server: str, edition: dict[str, Any],
                                            request_log: Any) -> None:
    doc, p, _, there = shared(edition)
    phone.goto(site_server.rstrip("/") + chapter_path(doc))
    marker = marker_of(phone, p)
    marker.scroll_into_view_if_needed()
    box = marker.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24, box
    before = phone.evaluate("window.scrollY")
    marker.tap()
    popover = phone.locator(".parallels-popover[role=dialog]")
    assert popover.is_visible() and popover.locator(".parallels-popover__text").inner_text() == there
    assert abs(phone.evaluate("window.scrollY") - before) < 5, "a tap on a marker must not jump"
    popover_box = popover.bounding_box()
    assert popover_box is not None and popover_box["x"] >= 0 and popover_box["x"] + popover_box["width"] <= PHONE["width"]
    phone.locator(".parallels-popover .reader-popover__close").tap()
    assert not popover.count()
    request_log.assert_all_local()


def test_the_traditional_edition_shows_the_passage_in_its_script(page: Any, publication_server: str,
                                                                 edition: dict[str, Any], request_log: Any) -> None:
    doc, p, _other, there = shared(edition)
    page.goto(publication_server + "zh-Hant" + chapter_path(doc))
    marker_of(page, p).click()
    popover = page.locator(".parallels-popover[role=dialog]")
    shown = popover.locator(".parallels-popover__text").inner_text()
    assert shown == convert_text(there, "s2tw") != there
    assert "轉到該段" in popover.inner_text()
    assert page.locator("button.parallels-toggle").inner_text() == "標出平行段落"
    request_log.assert_all_local()


def test_the_parallels_page_lists_every_pair_and_sorts_them(page: Any, site_server: str, edition: dict[str, Any],
                                                            request_log: Any) -> None:
    pairs = {frozenset((d["id"], r["document"])) for d in edition["documents"] for r in d["related"]}
    page.goto(site_server + "parallels/")
    items = page.locator(".parallel-pair")
    assert items.count() == len(pairs) > 0
    assert page.locator("svg.parallels-graph line").count() == len(pairs)
    sizes = [int(str(items.nth(n).get_attribute("data-size"))) for n in range(items.count())]
    assert sizes == sorted(sizes, reverse=True)
    page.locator("button.parallels-sort").click()
    orders = [int(str(items.nth(n).get_attribute("data-order"))) for n in range(items.count())]
    assert orders == sorted(orders)
    page.locator("button.parallels-sort").click()
    assert [int(str(items.nth(n).get_attribute("data-size"))) for n in range(items.count())] == sizes
    # Each pair links both chapters.
    first = items.first.locator("a").all()
    assert len(first) >= 2
    request_log.assert_all_local()


def test_markers_work_offline_from_file_urls(browser: Any, publication: Path, edition: dict[str, Any],
                                             tmp_path: Path) -> None:
    (archive,) = (publication / "download").glob("*.zip")
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp_path)
    root = tmp_path / "reader-edition"
    doc, p, _other, there = shared(edition)
    context = browser.new_context(locale="zh-CN")
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    try:
        for script, text in (("zh-Hans", there), ("zh-Hant", None)):
            chapter = root.joinpath(script, *chapter_path(doc).strip("/").split("/"), "index.html")
            page.goto(chapter.as_uri())
            marker_of(page, p).click()
            shown = page.locator(".parallels-popover .parallels-popover__text").inner_text()
            assert shown == (text or convert_text(there, "s2tw"))
            page.keyboard.press("Escape")
            toggle = page.locator("button.parallels-toggle")
            toggle.click()
            assert toggle.get_attribute("aria-pressed") == "false"
            page.reload()
            assert page.locator("button.parallels-toggle").get_attribute("aria-pressed") == "false"
            page.locator("button.parallels-toggle").click()
        page.goto(root.joinpath("zh-Hans", "parallels", "index.html").as_uri())
        assert page.locator(".parallel-pair").count() > 0
        link = page.locator(".parallel-pair a").first.get_attribute("href")
        assert link and "index.html" in link
    finally:
        context.close()
    foreign = [u for u in requests if not u.startswith(("file://", "data:", "blob:", "about:"))]
    assert not foreign, foreign
