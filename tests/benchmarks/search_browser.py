"""Browser side of `tests.benchmarks.search`: one engine's figures on one built site, in Chromium.

A site is served as GitHub Pages serves it (gzip for text files); every measurement opens a fresh
browser context (cold cache), lands on a chapter page, waits for it to load, then types a query as a
reader does and times from the first keystroke to the first result in the list. The phone profile is
Chromium's CPU throttling ×4 and DevTools' "Slow 4G" (1.44 Mbit/s down, 562.5 ms latency). Bytes are
what went over the wire (CDP encodedDataLength), split into page load and search.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import statistics
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

CHROMIUM = "/usr/bin/chromium"
SLOW_4G = {"offline": False, "latency": 562.5, "downloadThroughput": 1.6e6 / 8 * 0.9,
           "uploadThroughput": 750e3 / 8 * 0.9}
SEARCH_PATHS = ("/search/", "/javascripts/workers/", "/javascripts/lunr/")
TEXT = (".html", ".js", ".json", ".css", ".xml", ".svg")
# The first result in the list (ours carry ?h= in their links; Material's do not always).
FIRST_RESULT = {"ours": ".md-search-result__item a[href*='h=']", "material": ".md-search-result__item"}


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves text files gzip-compressed when asked, like GitHub Pages."""

    cache: ClassVar[dict[str, bytes]] = {}

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not (path.endswith(TEXT) and "gzip" in self.headers.get("Accept-Encoding", "") and os.path.isfile(path)):
            return super().send_head()
        data = self.cache.get(path)
        if data is None:
            data = self.cache[path] = gzip.compress(Path(path).read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=str(root)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Wire:
    """Bytes on the wire, by request, from CDP Network events."""

    urls: dict[str, str] = field(default_factory=dict)
    done: list[tuple[str, int]] = field(default_factory=list)

    def attach(self, cdp: Any) -> None:
        cdp.send("Network.enable")
        cdp.on("Network.requestWillBeSent", lambda e: self.urls.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on("Network.loadingFinished",
               lambda e: self.done.append((self.urls.get(e["requestId"], ""), int(e["encodedDataLength"]))))

    def mark(self) -> int:
        return len(self.done)

    def search_bytes(self, since: int = 0) -> int:
        return sum(n for url, n in self.done[since:] if any(p in url for p in SEARCH_PATHS))

    def all_bytes(self, since: int = 0) -> int:
        return sum(n for _, n in self.done[since:])


@dataclass
class Cold:
    seconds: float | None
    load_search_bytes: int  # search bytes loaded with the page, before any search
    query_bytes: int  # bytes from the first keystroke to the first result
    heap_mib: float  # the page's JS heap after the first result (CDP Runtime.getHeapUsage)
    renderer_mib: float  # what the renderer processes (page and its workers) grew by, from page load to result


def _renderer_mib(browser_cdp: Any) -> float:
    total = 0
    for proc in browser_cdp.send("SystemInfo.getProcessInfo")["processInfo"]:
        if proc["type"] == "renderer":
            with contextlib.suppress(OSError):
                status = Path(f"/proc/{proc['id']}/status").read_text()
                total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))
    return total / 1024


def _type(page: Any, engine: str, query: str) -> None:
    box = page.locator("input.md-search__input")
    page.evaluate("window.__t0 = performance.now()")
    box.focus()
    box.fill(query)
    if engine == "material":
        box.press("End")  # Material reads the query on keyup


def _wait_first(page: Any, engine: str, timeout: float) -> float | None:
    """Seconds from the first keystroke to the first result (or to Material's "no result")."""
    answered = (f"() => document.querySelector(\"{FIRST_RESULT[engine]}\") || "
                "/没有|沒有/.test(document.querySelector('.md-search-result__meta').textContent)")
    try:
        page.wait_for_function(answered, timeout=timeout * 1000, polling=20)
    except Exception:
        return None
    return float(page.evaluate("(performance.now() - window.__t0) / 1000"))


def cold(browser: Any, url: str, engine: str, query: str, phone: bool, timeout: float = 240) -> Cold:
    """A reader lands on `url` and searches once: time, bytes and memory."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 412 if phone else 1280, "height": 900})
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        wire = Wire()
        wire.attach(cdp)
        if phone:
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            cdp.send("Network.emulateNetworkConditions", SLOW_4G)
        page.goto(url, wait_until="load", timeout=timeout * 1000)
        page.wait_for_timeout(200)
        loaded = wire.mark()
        before = _renderer_mib(browser.new_browser_cdp_session())
        if phone:
            page.locator("label.md-header__button[for=__search]").click()
        _type(page, engine, query)
        seconds = _wait_first(page, engine, timeout)
        page.wait_for_timeout(300)
        heap = cdp.send("Runtime.getHeapUsage")["usedSize"] / 2**20
        renderer = _renderer_mib(browser.new_browser_cdp_session()) - before
        return Cold(seconds, wire.search_bytes(0) - wire.search_bytes(loaded), wire.all_bytes(loaded), heap, renderer)
    finally:
        context.close()


def warm(browser: Any, url: str, engine: str, queries: list[str], timeout: float = 120) -> tuple[float, int, float]:
    """Queries one after the other on one page: median seconds and bytes per query, JS heap after (MiB)."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        wire = Wire()
        wire.attach(cdp)
        page.goto(url, wait_until="load")
        _type(page, engine, queries[0])
        _wait_first(page, engine, timeout)
        times, sizes = [], []
        for query in queries[1:]:
            page.locator("button[type=reset].md-search__icon").first.click(force=True)
            page.wait_for_timeout(100)
            mark = wire.mark()
            _type(page, engine, query)
            seconds = _wait_first(page, engine, timeout)
            page.wait_for_timeout(200)
            times.append(seconds if seconds is not None else timeout)
            sizes.append(wire.all_bytes(mark))
        heap = cdp.send("Runtime.getHeapUsage")["usedSize"] / 2**20
        return statistics.median(times), int(statistics.median(sizes)), heap
    finally:
        context.close()


def ranked_ours(page: Any, query: str) -> list[int]:
    """Our engine's ranking of the chapters (page numbers = edition order), best first."""
    return list(page.evaluate(
        "q => __readerSearch.engine.search('chapters', q).then(r => r.results.map(x => x.page))", query))


def ranked_material(page: Any, query: str, timeout: float = 120) -> list[str]:
    """Material's result links for a query (its first page of results), in its order."""
    meta = "document.querySelector('.md-search-result__meta').textContent"
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press("End")
    page.wait_for_function(f"() => {meta}.includes('键入')", timeout=timeout * 1000)  # ready, and cleared
    box.fill(query)
    box.press("End")
    try:
        page.wait_for_function(f"() => !{meta}.includes('键入')", timeout=timeout * 1000)
    except Exception:
        return []
    page.wait_for_timeout(100)
    links = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(a => a.getAttribute('href'))")
    return [str(h) for h in links]
