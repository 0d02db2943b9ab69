"""The print view in a real browser: made of the chapters' HTML, its footnote marks reach their notes,
its links to other documents reach them inside the print view, its source links reach the lines.

Documents, notes and links are picked from the built site's edition.json, never hard-coded.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.e2e.test_site import EDITION, shot, source_path, squash

pytestmark = pytest.mark.e2e

PRINT = "print/"


def _with(edition: dict[str, Any], key: str) -> dict[str, Any]:
    doc = next((d for d in edition["documents"] if d[key]), None)
    if doc is None:
        pytest.fail(f"no document of edition.json has {key}")
    return doc


def test_a_footnote_mark_in_the_print_view_leads_to_its_note(page: Any, site_server: str, edition: dict[str, Any],
                                                              request_log: Any, tmp_path: Any) -> None:
    from playwright.sync_api import expect

    doc = _with(edition, "variants")
    page.goto(site_server + PRINT)
    expect(page.locator(f'article h1[id="{doc["id"]}"]')).to_have_count(1)
    mark = page.locator(f'article a.footnote-ref[href^="#{doc["id"]}-fn:"]').first
    expect(mark).to_be_visible()
    target = (mark.get_attribute("href") or "").removeprefix("#")
    mark.click()
    page.wait_for_url(lambda url: urlsplit(url).fragment == target)
    note = page.locator(f'[id="{target}"]')
    expect(note).to_be_in_viewport()
    # The note is the chapter's own, after its text and before the next chapter's title.
    place = page.evaluate("""([note, title]) => {
        const n = document.getElementById(note), t = document.getElementById(title);
        const next = [...document.querySelectorAll("article h1")].find(
            h => h.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_PRECEDING && h !== t);
        return [!!(t.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING),
                !next || !!(next.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_PRECEDING)];
    }""", [target, doc["id"]])
    assert place == [True, True], f"note {target} is not among {doc['id']}'s notes"
    expect(note).to_contain_text("〔")  # a note says what kind of variant it is
    shot(page, tmp_path, "print-note")
    request_log.assert_all_local()


def test_a_link_to_another_document_in_the_print_view_stays_in_it(page: Any, site_server: str,
                                                                  edition: dict[str, Any], request_log: Any,
                                                                  tmp_path: Any) -> None:
    from playwright.sync_api import expect

    # A passage shared with another document, in a body paragraph (a heading's passages carry no mark).
    doc, shared = next(((d, s) for d in edition["documents"] for s in d["parallels"]
                        if next(p for p in d["paragraphs"] if p["id"] == s["paragraph"])["role"] == "body"),
                       (None, None))
    if doc is None or shared is None:
        pytest.fail("no document of edition.json shares a passage of a body paragraph with another")
    other = next(d for d in edition["documents"] if d["id"] == shared["document"])
    page.goto(site_server + PRINT)
    print_url = page.url
    # The list of related documents under the title links the other document's place in the print view.
    related = page.locator(f'article h1[id="{doc["id"]}"] ~ .related-docs a[href="#{other["id"]}"]').first
    expect(related).to_be_visible()
    related.click()
    page.wait_for_url(print_url + f"#{other['id']}")
    title = page.locator(f'article h1[id="{other["id"]}"]')
    expect(title).to_be_in_viewport()
    assert squash(title.inner_text()).removesuffix("¶") == squash(other["title"])
    # A shared passage's mark links the very paragraph of the other document.
    paragraph = next(p for p in other["paragraphs"] if p["id"] == shared["their_paragraph"])
    anchor = f"{other['id']}-{paragraph['id']}"
    mark = page.locator(f'article [id="{doc["id"]}-{shared["paragraph"]}"] a[href="#{anchor}"]').first
    mark.scroll_into_view_if_needed()
    mark.click()  # opens the passage's popover (parallels.js); its link goes to the other document's paragraph
    go = page.locator(f'.parallels-popover a.parallels-popover__go[href$="#{anchor}"]')
    expect(go).to_be_visible()
    go.click()
    page.wait_for_url(print_url + f"#{anchor}")
    landed = page.locator(f'[id="{anchor}"]')
    expect(landed).to_be_in_viewport()
    assert squash(paragraph["text"])[:8] in squash(landed.inner_text())
    shot(page, tmp_path, "print-other-document")
    request_log.assert_all_local()


def test_a_source_link_in_the_print_view_reaches_the_source_lines(page: Any, site_server: str,
                                                                  edition: dict[str, Any], request_log: Any) -> None:
    from playwright.sync_api import expect

    doc = edition["documents"][0]
    witness = doc["witnesses"][0]
    page.goto(site_server + PRINT)
    # The first copy's row in the chapter's list of copies links its lines in the source.
    link = page.locator(f'article h1[id="{doc["id"]}"] ~ .witness-list a[href*="sources/"]').first
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(lambda url: urlsplit(url).path == EDITION + source_path(edition, witness["source"]))
    assert urlsplit(page.url).fragment == f"L{witness['first_line']}-L{witness['last_line']}"
    expect(page.locator(f'[id="L{witness["first_line"]}"]')).to_be_in_viewport()
    request_log.assert_all_local()
