"""Source pages as a reader meets them: only removed characters struck through; ranges and readings marked.

Lines and readings are picked from the built site's edition.json (its ledger and variants), never hard-coded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_site import source_path

pytestmark = pytest.mark.e2e
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _partial_removal(edition: dict[str, Any]) -> dict[str, Any]:
    """A removal that took part of a line (a bookmark, a doubled character), the rest of the line kept."""
    lines = {(s["file"]): s for s in edition["sources"]}
    for r in edition["removed"]:
        if r["source"] in lines and len(r["text"].strip()) < 20 and r["rule"] not in ("pdf-page-number",):
            return r
    pytest.fail("the edition's ledger has no removal of part of a line")


def test_a_line_that_lost_a_few_characters_is_not_struck_through(page: Any, site_server: str,
                                                                 edition: dict[str, Any], request_log: Any) -> None:
    removal = _partial_removal(edition)
    page.goto(site_server.rstrip("/") + source_path(edition, removal["source"]) + f"#L{removal['line']}")
    line = page.locator(f"#L{removal['line']}")
    struck = line.locator("del.noise")
    assert removal["text"].strip() in " ".join(struck.all_inner_texts())
    kept_style = line.locator(".text").evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "line-through" not in kept_style
    assert "line-through" in struck.first.evaluate("e => getComputedStyle(e).textDecorationLine")
    request_log.assert_all_local()


def test_a_range_link_highlights_every_line_and_scrolls_to_it(page: Any, site_server: str,
                                                              edition: dict[str, Any]) -> None:
    source = max(edition["sources"], key=lambda s: s["lines"])
    first, last = source["lines"] - 6, source["lines"] - 4  # near the end: the page must scroll
    page.goto(site_server.rstrip("/") + source_path(edition, source["file"]) + f"#L{first}-L{last}")
    highlighted = page.locator(".src-line.hl")
    assert [e.get_attribute("id") for e in highlighted.all()] == [f"L{n}" for n in range(first, last + 1)]
    box = page.locator(f"#L{first}").bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]


def _reading_on_its_line(edition: dict[str, Any]) -> tuple[dict[str, Any], str, int]:
    """(witness, reading, line) of a reading of two or more characters that stands whole on its source line."""
    for doc in edition["documents"]:
        for variant in doc["variants"]:
            for reading in variant["readings"]:
                siglum = reading["witnesses"][0]
                witness = next(w for w in doc["witnesses"] if w["siglum"] == siglum)
                line = variant["lines"][siglum]
                raw = (SEEDS / witness["source"]).read_text(encoding="utf-8").splitlines()[line - 1]
                if len(reading["text"]) >= 2 and reading["text"] in raw:
                    return witness, reading["text"], line
    pytest.fail("no reading of two or more characters stands whole on its line")


def test_a_reading_link_marks_the_reading_on_its_line(page: Any, site_server: str, edition: dict[str, Any]) -> None:
    witness, reading, line = _reading_on_its_line(edition)
    page.goto(site_server.rstrip("/") + source_path(edition, witness["source"]) + f"#L{line}~{reading}")
    mark = page.locator(f"#L{line} mark.reading")
    assert mark.inner_text() == reading
