"""Accessibility checked by a test suite nobody here wrote: axe-core, injected into the built pages.

Home, the chapter with the most copies, a source page, the notes page (and a witness view when the
edition has them), in both scripts, at desktop and phone widths: no serious or critical violation.
axe-core is installed by `make browser` (npm, tests/e2e/axe/package.json).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_site import chapter_path, source_path

pytestmark = pytest.mark.e2e
AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
BLOCKING = ("serious", "critical")


def pages(edition: dict[str, Any], publication: Path) -> list[str]:
    doc = max(edition["documents"], key=lambda d: (len(d["witnesses"]), len(d["variants"])))
    source = max(edition["sources"], key=lambda s: s["lines"])
    found = ["/", chapter_path(doc), source_path(edition, source["file"]), "/notes/"]
    views = sorted((publication / "zh-Hans" / "witnesses").glob("*/index.html"))
    if views:
        found.append("/witnesses/" + views[0].parent.name + "/")
    return found


def violations(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
        .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}))""")
    return [f"{v['id']} ({v['impact']}): {v['nodes']}" for v in found if v["impact"] in BLOCKING]


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("folder", ["zh-Hans", "zh-Hant"])
def test_no_serious_accessibility_violation(browser: Any, publication: Path, publication_server: str,
                                           edition: dict[str, Any], folder: str, size: str) -> None:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make browser` (npm install in tests/e2e/axe)")
    context = browser.new_context(locale="zh-CN", viewport=SIZES[size], service_workers="block")
    try:
        page = context.new_page()
        report = {}
        for path in pages(edition, publication):
            page.goto(publication_server + folder + path)
            report[path] = violations(page)
        # A footnote open in its popover on a phone, and a paragraph's citation, are part of the page too.
        page.goto(publication_server + folder + pages(edition, publication)[1])
        page.locator("a.para-num").nth(2).click()
        report["citation popover"] = violations(page)
    finally:
        context.close()
    assert not {k: v for k, v in report.items() if v}, report
