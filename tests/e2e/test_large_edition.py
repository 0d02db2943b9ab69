"""A large edition built by MkDocs for real: the navigation lists catalogue pages, not every chapter;
the catalogue pages reach every chapter and source page; the print view comes in volumes.

The corpus is the scale generator's (real sentences of the seeds, damaged copies), just past the size
at which the navigation switches to catalogue pages.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from build_tools.settings import DEFAULT_RENDER
from tests.corpora.corpus import generate_corpus
from tests.e2e.conftest import build_site, load_edition

pytestmark = pytest.mark.e2e

N_DOCUMENTS = DEFAULT_RENDER.nav_list_max + 20


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    site = build_site(tmp_path_factory.mktemp("large") / "project", generate_corpus(N_DOCUMENTS, seed=2).files)
    return site, load_edition(site)


def _links(page: Path, pattern: str) -> list[str]:
    return re.findall(pattern, page.read_text(encoding="utf-8"))


def test_the_navigation_lists_catalogue_pages_not_every_chapter(large_site: tuple[Path, dict[str, Any]]) -> None:
    site, edition = large_site
    documents = edition["documents"]
    assert len(documents) > DEFAULT_RENDER.nav_list_max
    chapter = site / documents[0]["chapter"].removesuffix(".md") / "index.html"
    # Outside the article (which may link related documents): the navigation Material repeats on every page.
    html = re.sub(r"<article.*?</article>", "", chapter.read_text(encoding="utf-8"), flags=re.S)
    nav_chapter_links = set(re.findall(r'href="\.\./(d[0-9a-f]{8}(?:-\d+)?)/"', html))
    assert len(nav_chapter_links) < 10, "a chapter page should not link every other chapter"
    catalogue_links = set(_links(chapter, r'href="\.\./\.\./catalogue/(documents-\d+)/"'))
    assert len(catalogue_links) == -(-len(documents) // DEFAULT_RENDER.catalogue_page_size)


def test_catalogue_pages_reach_every_chapter_and_source_page(large_site: tuple[Path, dict[str, Any]]) -> None:
    site, edition = large_site
    pages = sorted((site / "catalogue").glob("documents-*/index.html"))
    linked = [link for page in pages for link in _links(page, r'href="\.\./\.\./chapters/([^"/]+)/"')]
    assert sorted(linked) == sorted(d["chapter"].removeprefix("chapters/").removesuffix(".md")
                                    for d in edition["documents"])
    for name in linked:
        assert (site / "chapters" / name / "index.html").is_file()
    source_pages = [link for page in sorted((site / "catalogue").glob("sources-*/index.html"))
                    for link in _links(page, r'href="\.\./\.\./sources/([^"/]+)/"')]
    if len(edition["sources"]) > DEFAULT_RENDER.nav_list_max:
        assert len(source_pages) == len(edition["sources"])
    for name in source_pages:
        assert (site / "sources" / name / "index.html").is_file()


def test_the_print_view_comes_in_volumes_holding_each_document_once(
        large_site: tuple[Path, dict[str, Any]]) -> None:
    site, edition = large_site
    volumes = _links(site / "print" / "index.html", r'href="\.\./(print-\d+)/"')
    assert len(volumes) == -(-len(edition["documents"]) // DEFAULT_RENDER.catalogue_page_size)
    html = [(site / v / "index.html").read_text(encoding="utf-8") for v in volumes]
    for doc in edition["documents"]:
        assert sum(f'id="{doc["id"]}"' in page for page in html) == 1, doc["id"]


def test_chapters_link_their_neighbours_and_catalogue_page(large_site: tuple[Path, dict[str, Any]]) -> None:
    site, edition = large_site
    documents = edition["documents"]
    k = DEFAULT_RENDER.catalogue_page_size  # the first chapter of the second catalogue page
    page = (site / documents[k]["chapter"].removesuffix(".md") / "index.html").read_text(encoding="utf-8")
    neighbours = page[page.index('class="chapter-neighbours"'):]
    previous, following = (documents[i]["chapter"].removeprefix("chapters/").removesuffix(".md") for i in (k - 1, k + 1))
    assert neighbours.index(f'href="../{previous}/"') < neighbours.index('href="../../catalogue/documents-002/"') \
        < neighbours.index(f'href="../{following}/"')


def test_every_link_inside_the_print_volumes_has_its_target(large_site: tuple[Path, dict[str, Any]]) -> None:
    """The volumes are made of the chapters' HTML: ids prefixed per document, links between documents
    going to the volume that prints the other one, and no chapter left out (its placeholder would stay)."""
    site, _ = large_site
    volumes = _links(site / "print" / "index.html", r'href="\.\./(print-\d+)/"')
    articles = {}
    for volume in volumes:
        html = (site / volume / "index.html").read_text(encoding="utf-8")
        articles[volume] = html[html.index("<article"):html.index("</article>")]
    ids = {volume: set(re.findall(r'<[^>]*\sid="([^"]*)"', article)) for volume, article in articles.items()}
    across = 0
    for volume, article in articles.items():
        assert 'class="print-chapter"' not in article and "未能装入" not in article, volume
        assert 'class="footnote-ref"' not in article or 'class="print-notes-heading"' in article
        for page, anchor in re.findall(r'<a [^>]*href="(?:\.\./(print-\d+)/)?#([^"]+)"', article):
            assert anchor in ids[page or volume], f"{volume}: link to {page or volume}#{anchor} has no target"
            across += bool(page) and page != volume
        assert not re.findall(r'href="[^"]*chapters/', article), volume
    assert across, "no link between documents printed in different volumes was checked"
