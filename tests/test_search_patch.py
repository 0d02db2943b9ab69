"""Tests for build_tools.search_patch: the fix-up of Material's search worker for Chinese queries.

The unit tests patch a copy of the worker shipped in the installed Material package. The e2e
tests build a small Chinese site with MkDocs, serve an unpatched and a patched copy on
127.0.0.1, and search both in Debian's Chromium, so they prove the bug and the fix.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from build_tools.search_patch import MARKER, patch_search_worker
from tests.conftest import serve_directory

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
WORKER_DIR = "assets/javascripts/workers"
# Checked before the site is built, so a machine without the browser skips quickly.
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing: the browser tests need Debian's Chromium")


def shipped_workers() -> list[Path]:
    """The search worker(s) of the installed Material package."""
    import material

    workers = sorted((Path(material.__file__).parent / "templates" / WORKER_DIR).glob("search.*.min.js"))
    assert workers, "installed Material ships no search worker"
    return workers


def make_site(root: Path) -> Path:
    """A fake built site holding a copy of the real worker (and its map, which must stay untouched)."""
    dest = root / WORKER_DIR
    dest.mkdir(parents=True)
    for worker in shipped_workers():
        shutil.copy2(worker, dest / worker.name)
        source_map = worker.with_name(worker.name + ".map")
        if source_map.exists():
            shutil.copy2(source_map, dest / source_map.name)
    return root


# --------------------------------------------------------------------------- unit tests


def test_patch_applies_to_shipped_worker(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    [worker] = site.joinpath(WORKER_DIR).glob("search.*.min.js")
    before = worker.read_text(encoding="utf-8")
    assert MARKER not in before

    assert patch_search_worker(site) == [worker]

    after = worker.read_text(encoding="utf-8")
    assert after.count(MARKER) == 1
    # Minimal: only segment() is replaced, on its own line; the rest is byte-for-byte the same.
    start = before.rindex("function ", 0, before.index("new Uint16Array"))
    end = before.index("}", before.index('.has("")?new Set([')) + 1
    assert after.startswith(before[:start]) and after.endswith(before[end:])
    assert len(after.splitlines()) == len(before.splitlines())
    assert "j<=L" in after  # words may end at the end of the query (the dropped last word)
    assert "while(k<L&&!cut[k])k++" in after  # unmatched characters are kept, the walk goes on


def test_patch_is_idempotent(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    first = patch_search_worker(site)
    snapshot = {path: path.read_bytes() for path in first}
    assert patch_search_worker(site) == first
    assert {path: path.read_bytes() for path in first} == snapshot


def test_patch_covers_nested_editions(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    make_site(site / "zh-hant")
    patched = patch_search_worker(site)
    assert len(patched) == 2
    assert {path.relative_to(site).parts[0] for path in patched} == {"assets", "zh-hant"}
    assert all(path.read_text(encoding="utf-8").count(MARKER) == 1 for path in patched)
    assert not any(path.name.endswith(".map") for path in patched)


def test_missing_fragment_raises_naming_the_file(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    [worker] = site.joinpath(WORKER_DIR).glob("search.*.min.js")
    # Simulate an upstream fix/rewrite of segment(): the buggy inner loop bound is gone.
    text = worker.read_text(encoding="utf-8")
    assert text.count("<t.length;o++)t.slice(s,o)in e") == 1, "fixture no longer matches Material's minified code"
    worker.write_text(text.replace("<t.length;o++)t.slice(s,o)in e", "<=t.length;o++)t.slice(s,o)in e"), encoding="utf-8")
    with pytest.raises(RuntimeError, match=re.escape(str(worker))):
        patch_search_worker(site)


def test_worker_without_segmenter_raises(tmp_path: Path) -> None:
    worker = tmp_path / "site" / WORKER_DIR / "search.0000.min.js"
    worker.parent.mkdir(parents=True)
    worker.write_text("self.onmessage=function(){};\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match=r"search\.0000\.min\.js"):
        patch_search_worker(tmp_path / "site")


def test_search_index_without_worker_raises(tmp_path: Path) -> None:
    index = tmp_path / "site" / "search" / "search_index.json"
    index.parent.mkdir(parents=True)
    index.write_text("{}", encoding="utf-8")
    with pytest.raises(RuntimeError, match="no assets/javascripts/workers"):
        patch_search_worker(tmp_path / "site")


def test_site_without_search_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>无搜索</p>", encoding="utf-8")
    assert patch_search_worker(tmp_path) == []


# --------------------------------------------------------------------------- e2e tests

MKDOCS_YML = """\
site_name: 检索测试
theme:
  name: material
  language: zh
  font: false
plugins:
  - search:
      separator: '[\\s\\u200b\\-]+'
"""

PAGES = {
    "index.md": "# 首页\n\n这是一个用来测试中文检索的小型网站。我们在这里写下几段普通的文字，看看浏览器中的搜索框能否找到它们。\n",
    "river.md": (
        "# 江河\n\n"
        "清晨的江面上笼罩着一层薄薄的雾气，远处的山峦若隐若现。渔夫们早早地驾着小船出发，他们熟悉这条河流的每一处浅滩和暗礁。\n"
        "老人常说，河水养育了两岸的村庄，也带走了许多人的梦想。每到春天，冰雪融化，水位上涨，农民便开始修整堤坝，准备播种。\n"
        "孩子们在岸边奔跑，追逐着飞过水面的白鹭。傍晚时分，炊烟袅袅升起，整个村子沉浸在宁静的气氛之中。\n"
    ),
    "mountain.md": (
        "# 高山\n\n"
        "登山的人需要耐心和勇气。山路崎岖，石阶陡峭，每走一步都要格外小心。半山腰有一座古老的寺庙，僧人们每天清晨敲钟诵经。\n"
        "据说这座寺庙始建于唐朝，历经多次战火，又被当地百姓重新修建。寺庙旁边有一口清澈的泉水，游客们喜欢在那里休息。\n"
        "到了山顶，视野豁然开朗，云海在脚下翻滚，远方的城市变成了模糊的影子。许多诗人曾在这里留下不朽的诗篇。\n"
    ),
}

# Material's zh strings (search.result.placeholder / the common tail of none, one and other).
PLACEHOLDER = "键入以开始搜索"
RESULT_SUFFIX = "符合条件的结果"


@pytest.fixture(scope="module")
def served_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Build the site once; serve /plain/ (as built) and /patched/ (after patch_search_worker)."""
    project = tmp_path_factory.mktemp("searchsite")
    (project / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (project / "docs").mkdir()
    for name, text in PAGES.items():
        (project / "docs" / name).write_text(text, encoding="utf-8")
    root = project / "www"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                    "-d", str(root / "plain")], check=True, env=env, timeout=180, capture_output=True)
    shutil.copytree(root / "plain", root / "patched")
    assert len(patch_search_worker(root / "patched")) == 1

    with serve_directory(root) as url:
        yield url


@pytest.fixture
def context(browser: Browser) -> Iterator[tuple[BrowserContext, list[str]]]:
    """A fresh browser context, and the list of every URL its pages (and workers) request."""
    ctx = browser.new_context()
    urls: list[str] = []
    ctx.on("request", lambda request: urls.append(request.url))

    def only_local(route: Route) -> None:
        # Recorded by the listener above; never let anything off this machine.
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    ctx.route("**/*", only_local)
    try:
        yield ctx, urls
    finally:
        ctx.close()


def search(page: Page, url: str, query: str) -> tuple[list[str], list[str]]:
    """Open url, search for query, return (paths of the result pages, texts of the <mark>s)."""
    page.goto(url)
    meta = page.locator(".md-search-result__meta")
    # The placeholder replaces the initializer once the worker is ready and has answered the
    # initial empty query, so no stale answer can be mistaken for ours.
    page.wait_for_function("t => document.querySelector('.md-search-result__meta').textContent.trim() === t",
                           arg=PLACEHOLDER)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    # Material reads the query on keyup; fill() sends none (a real IME does), so press a key.
    box.press("End")
    page.wait_for_function("s => document.querySelector('.md-search-result__meta').textContent.includes(s)",
                           arg=RESULT_SUFFIX)
    assert RESULT_SUFFIX in meta.inner_text()
    hrefs = page.eval_on_selector_all("a.md-search-result__link", "els => els.map(e => e.href)")
    marks = page.eval_on_selector_all(".md-search-result mark", "els => els.map(e => e.textContent)")
    return [urlsplit(href).path for href in hrefs], marks


@pytest.mark.e2e
@needs_chromium
def test_phrase_from_the_middle_of_a_page_is_found_only_when_patched(
    served_root: str, context: tuple[BrowserContext, list[str]]
) -> None:
    # Six characters from the middle of a river sentence, cut as jieba cuts the page:
    # 笼|罩着 is one word 笼罩着, then 一层 / 薄薄的, so the phrase starts and ends inside words.
    query = "罩着一层薄薄"
    assert query in PAGES["river.md"] and all(query not in text for name, text in PAGES.items() if name != "river.md")
    ctx, urls = context
    page = ctx.new_page()

    plain, _ = search(page, f"{served_root}/plain/", query)
    patched, marks = search(page, f"{served_root}/patched/", query)

    assert "/plain/river/" not in plain  # upstream searches for the one term 罩着一层薄薄* and finds nothing
    assert patched[:1] == ["/patched/river/"]
    assert {"一层", "薄薄的"} <= set(marks)
    assert urls and all(urlsplit(url).hostname == "127.0.0.1" for url in urls), urls


@pytest.mark.e2e
@needs_chromium
def test_last_word_of_a_multi_word_query_is_kept_only_when_patched(
    served_root: str, context: tuple[BrowserContext, list[str]]
) -> None:
    # jieba: 修整 / 堤坝 / 准备. Upstream drops the word that ends the query (lunr gets 修整** 堤坝*),
    # which shows in the browser as 准备 never being highlighted.
    query = "修整堤坝准备"
    ctx, urls = context
    page = ctx.new_page()

    plain, plain_marks = search(page, f"{served_root}/plain/", query)
    patched, marks = search(page, f"{served_root}/patched/", query)

    assert plain[:1] == ["/plain/river/"] and "准备" not in plain_marks
    assert patched[:1] == ["/patched/river/"] and {"修整", "堤坝", "准备"} <= set(marks)
    assert urls and all(urlsplit(url).hostname == "127.0.0.1" for url in urls), urls
