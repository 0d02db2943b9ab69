"""The offline copy made by rewriting the built editions is the one Material's offline plugin would build.

The publication no longer runs two more MkDocs builds for the zip (`publication.offline_files`). This
builds the Simplified edition the old way (Material's offline plugin: directory URLs off, x.html
pages) and compares it page by page with the copy in the publication's zip: the same pages, the same
text in each article, and links to the same pages and anchors, each of them to a file that exists.
"""

from __future__ import annotations

import posixpath
import re
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from build_tools.editions import SIMPLIFIED
from build_tools.publication import offline_files, offline_href
from tests.e2e.conftest import mkdocs_env
from tests.project import copy_project

pytestmark = pytest.mark.e2e


class _Page(HTMLParser):
    """The links of a page; the text of what it is fed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> _Page:
    """The page's links, and the text of its article (Material's one <article>)."""
    page = _Page()
    page.feed(html)
    article = re.search(r"<article\b.*?</article>", html, re.S)
    text = _Page()
    text.feed(article[0] if article else "")
    page.text = text.text
    return page


def page_id(path: str) -> str:
    """A page whatever its form: chapters/x.html and chapters/x/index.html are both chapters/x."""
    path = path.removesuffix("index.html").removesuffix(".html").rstrip("/")
    return path


def targets(page_path: str, page: _Page, files: set[str]) -> list[str]:
    """Every relative link of a page as (page id#fragment); asserts that each lands on a file.

    `files` holds the whole copy, paths under its root (the page is under zh-Hans/): the language
    switcher leads into the other edition's folder.
    """
    out = []
    for href in page.links:
        if href.startswith(("http:", "https:", "mailto:", "javascript:", "#")) or href.startswith("/"):
            continue
        path, _, fragment = href.partition("#")
        path = path.partition("?")[0]
        here = "zh-Hans/" + page_path
        target = posixpath.normpath(posixpath.join(posixpath.dirname(here), path)) if path else here
        if target.startswith("zh-Hans/") or any(f.startswith("zh-Hant/") for f in files):
            assert target in files, f"{page_path}: {href} leads to no file ({target})"
        out.append(page_id(target) + "#" + fragment)
    return out


def _build(project: Path, site: Path, *options: str) -> None:
    result = subprocess.run([sys.executable, "-m", "build_tools", "build-edition", str(project / "mkdocs.yml"),
                             str(site), "--script", "hans", *options], cwd=project, env=mkdocs_env(),
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]


def test_the_rewritten_copy_matches_a_real_offline_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")  # both builds from one copy of the project
    real, online = tmp_path / "real", tmp_path / "online"
    _build(project, real, "--offline")
    _build(project, online / "zh-Hans")
    prefix = "zh-Hans/"
    everything = dict(offline_files(online, (SIMPLIFIED,)))
    copy = {n.removeprefix(prefix): data for n, data in everything.items() if n.startswith(prefix)}
    real_pages = {str(p.relative_to(real).as_posix()): p.read_text(encoding="utf-8") for p in real.rglob("*.html")}
    copy_pages = {k: v.decode("utf-8") for k, v in copy.items() if k.endswith(".html")}
    assert {page_id(p) for p in real_pages} == {page_id(p) for p in copy_pages}
    real_files = {"zh-Hans/" + str(p.relative_to(real).as_posix()) for p in real.rglob("*") if p.is_file()}
    by_id = {page_id(p): p for p in copy_pages}
    for path, html in sorted(real_pages.items()):
        if path == "404.html":
            continue  # absolute links to the site's address, in both
        mine_path = by_id[page_id(path)]
        theirs, mine = parse(html), parse(copy_pages[mine_path])
        assert " ".join("".join(mine.text).split()) == " ".join("".join(theirs.text).split()), path
        assert targets(mine_path, mine, set(everything)) == targets(path, theirs, real_files), path
        assert 'class="reader-download"' not in copy_pages[mine_path]
    assert "index.html" in everything  # the root page of the copy


def test_the_publication_zip_holds_both_editions_rewritten(publication: Path) -> None:
    (archive,) = (publication / "download").glob("*.zip")
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist())
        page = zf.read("reader-edition/zh-Hant/index.html").decode("utf-8")
    assert {"reader-edition/index.html", "reader-edition/zh-Hans/index.html"} <= names
    assert 'href="../zh-Hans/index.html"' in page and 'class="reader-download"' not in page
    assert not any("/download/" in n for n in names)


@pytest.mark.parametrize(("href", "offline"), [
    ("../chapters/x/", "../chapters/x/index.html"), ("..", "../index.html"), (".", "./index.html"),
    ("./", "./index.html"), ("x/#p3", "x/index.html#p3"), ("x/?h=1#p2", "x/index.html?h=1#p2"),
    ("#p1", "#p1"), ("https://example.org/", "https://example.org/"), ("/abs/", "/abs/"),
    ("../assets/a.css", "../assets/a.css"), ("", ""), ("mailto:a@b", "mailto:a@b"),
])
def test_offline_links_name_their_index_page(href: str, offline: str) -> None:
    assert offline_href(href) == offline
