"""The publication in every mode: both scripts, the language switcher, a subpath, file:// and gh-deploy.

Every browser test asserts that no request left 127.0.0.1 (or the file system).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from build_tools.editions import published
from build_tools.stages.convert import convert_text
from tests.conftest import serve_directory
from tests.e2e.test_search import search
from tests.e2e.test_site import chapter_path, pick_search_phrase

pytestmark = pytest.mark.e2e


def test_root_page_leads_to_both_editions(page: Any, publication_server: str, request_log: Any) -> None:
    page.goto(publication_server)  # the browser asks for zh-CN: the Simplified edition
    page.wait_for_url(re.compile(r"/zh-Hans/"))
    links = page.locator("a.md-select__link[hreflang]")
    assert sorted(str(a.get_attribute("hreflang")) for a in links.all()) == ["zh-Hans", "zh-Hant"]
    request_log.assert_all_local()


def switch_to(page: Any, language: str) -> None:
    """Open the header's language menu and choose an edition, as a reader does."""
    page.locator(".md-header__option .md-select button").click()
    page.locator(f'a.md-select__link[hreflang="{language}"]').click()


def test_traditional_edition_and_switcher_keep_the_chapter(page: Any, publication_server: str,
                                                          edition: dict[str, Any], request_log: Any) -> None:
    doc = next(d for d in edition["documents"] if len(d["witnesses"]) > 1)
    page.goto(publication_server + "zh-Hans" + chapter_path(doc))
    switch_to(page, "zh-Hant")
    page.wait_for_url(re.compile(re.escape("/zh-Hant" + chapter_path(doc)) + "$"))
    heading = page.locator("article h1").first.inner_text().rstrip("¶").strip()  # ¶: the permalink
    assert heading == convert_text(doc["title"], published()[1].opencc or "") and heading != doc["title"]
    switch_to(page, "zh-Hans")
    page.wait_for_url(re.compile(re.escape("/zh-Hans" + chapter_path(doc)) + "$"))
    assert page.locator("article h1").first.inner_text().rstrip("¶").strip() == doc["title"]
    page.goto(publication_server + "zh-Hant" + chapter_path(doc))
    # Provenance links still land on the original, unconverted source lines.
    page.locator("details.provenance > summary").click()
    source_link = page.locator("details.provenance a[href*='sources/']").first
    source_link.click()
    line = page.locator(f"#{unquote(urlsplit(page.url).fragment).split('-')[0].split('~')[0]}")
    first_span = doc["paragraphs"][0]["spans"][0]
    source_text = (Path(__file__).resolve().parents[2] / "seeds" / first_span["source"]).read_text(encoding="utf-8")
    assert line.inner_text().split(maxsplit=1)[-1].strip() in source_text
    request_log.assert_all_local()


def test_each_edition_names_its_own_folder_in_canonical_links_and_sitemap(
        page: Any, publication: Path, publication_server: str, edition: dict[str, Any]) -> None:
    doc = edition["documents"][0]
    for folder in ("zh-Hans", "zh-Hant"):
        page.goto(publication_server + folder + chapter_path(doc))
        canonical = str(page.locator("link[rel=canonical]").get_attribute("href"))
        assert urlsplit(canonical).path == f"/{folder}{chapter_path(doc)}", canonical
        sitemap = (publication / folder / "sitemap.xml").read_text(encoding="utf-8")
        paths = [urlsplit(u).path for u in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
        assert paths and all(p.startswith(f"/{folder}/") for p in paths), paths[:3]


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_search_in_either_script_finds_the_chapter_in_either_edition(
        page: Any, publication_server: str, edition: dict[str, Any], request_log: Any, script: str) -> None:
    doc, phrase = pick_search_phrase(edition)
    folder = "zh-Hans" if script == "hans" else "zh-Hant"
    for query in (phrase, convert_text(phrase, published()[1].opencc or "")):
        page.goto(publication_server + folder + "/")
        paths = {urlsplit(h).path for h in search(page, query)}
        assert f"/{folder}{chapter_path(doc)}" in paths, (query, sorted(paths))
    request_log.assert_all_local()


def test_publication_works_under_a_subpath(page: Any, publication: Path, edition: dict[str, Any],
                                           request_log: Any, tmp_path: Path) -> None:
    (tmp_path / "reader-edition").symlink_to(publication, target_is_directory=True)
    doc, phrase = pick_search_phrase(edition)
    with serve_directory(tmp_path) as url:
        base = url + "/reader-edition/"
        page.goto(base)
        page.wait_for_url(re.compile(r"/reader-edition/zh-Hans/"))
        page.locator("article table a").first.click()
        assert urlsplit(page.url).path.startswith("/reader-edition/zh-Hans/chapters/")
        paths = {urlsplit(h).path for h in search(page, phrase)}
        assert "/reader-edition/zh-Hans" + chapter_path(doc) in paths
        page.goto(base + "zh-Hant/")
        download = page.locator(".reader-download a")
        assert urlsplit(str(download.evaluate("a => a.href"))).path == "/reader-edition/download/reader-edition-offline.zip"
    request_log.assert_all_local()


def test_offline_zip_works_from_file_urls(browser: Any, publication: Path, edition: dict[str, Any],
                                          tmp_path: Path) -> None:
    (archive,) = (publication / "download").glob("*.zip")
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp_path)
    root = tmp_path / "reader-edition"
    assert (root / "zh-Hans" / "index.html").is_file() and (root / "zh-Hant" / "index.html").is_file()
    context = browser.new_context(locale="zh-CN")
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    try:
        page.goto(root.joinpath("index.html").as_uri())
        page.locator("a[hreflang=zh-Hant]").click()
        page.locator("article table a").first.click()
        assert page.url.startswith("file://") and "/zh-Hant/chapters/" in page.url
        doc, phrase = pick_search_phrase(edition)
        page.goto(root.joinpath("zh-Hans", "index.html").as_uri())
        hrefs = search(page, phrase)
        # The offline copy keeps the folders of the built editions; its links name their index.html.
        assert any(urlsplit(h).path.endswith(chapter_path(doc) + "index.html") for h in hrefs), hrefs
    finally:
        context.close()
    foreign = [u for u in requests if not u.startswith(("file://", "data:", "blob:", "about:"))]
    assert not foreign, foreign


def test_gh_deploy_pushes_the_whole_publication(tmp_path: Path, project_copier: Any, mkdocs_cmd: list[str],
                                                mkdocs_environ: dict[str, str]) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    project = project_copier(tmp_path / "project")
    env = {**mkdocs_environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "edition"],
                ["git", "remote", "add", "origin", str(remote)]):
        subprocess.run(cmd, cwd=project, check=True, env=env)
    result = subprocess.run([*mkdocs_cmd, "gh-deploy", "--force", "--no-history", "--remote-name", "origin"],
                            cwd=project, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    listing = subprocess.run(["git", "ls-tree", "-r", "--name-only", "gh-pages"], cwd=remote,
                             capture_output=True, text=True, check=True).stdout.splitlines()
    for expected in ("index.html", "zh-Hans/index.html", "zh-Hant/index.html",
                     "download/reader-edition-offline.zip", ".nojekyll"):
        assert expected in listing, f"{expected} missing from the gh-pages branch"
