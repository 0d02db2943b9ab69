"""Fixtures for the end-to-end tests: a built copy of the site, a local server and a real browser.

Everything runs on 127.0.0.1: the site is built from a temporary copy of the project (so the
tests never write into the working tree), served by a threaded `http.server`, and opened in
Debian's Chromium through Playwright. `RequestLog` records every URL a page asks for, so a test
can assert that the site makes no third-party request.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import serve_directory
from tests.helpers import validated
from tests.project import copy_project

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
LOCAL_HOST = "127.0.0.1"
# Schemes that never leave the browser.
LOCAL_SCHEMES = ("data", "blob", "about")
BUILD_TIMEOUT = 180
PHONE = {"width": 390, "height": 844}  # a phone's viewport for the reading tests


def build_site(root: Path, files: dict[str, bytes]) -> Path:
    """A temporary project with `files` as its seeds (no curation), one edition built with
    `mkdocs build --strict`; the folder of its edition.json."""
    copy_project(root, ("mkdocs.yml", "docs", "overrides"))
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    plugin = re.search(r"^(\s*)- reader-edition:\s*$", text, re.M)
    assert plugin, "mkdocs.yml has no `- reader-edition:` plugin entry to configure"
    indent = plugin.group(1) + "    "
    text = text[:plugin.end()] + f"\n{indent}editions: false" + text[plugin.end():]
    config.write_text(text, encoding="utf-8")
    seeds = root / "seeds"
    seeds.mkdir()
    for name, data in files.items():
        (seeds / name).write_bytes(data)
    cmd = [*mkdocs_command(), "build", "--strict", "-d", "site"]
    result = subprocess.run(cmd, cwd=root, env=mkdocs_env(), capture_output=True, text=True,
                            timeout=BUILD_TIMEOUT, check=False)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed (exit {result.returncode}):\n{result.stderr[-4000:]}",
                    pytrace=False)
    (edition,) = (root / "site").glob("**/edition.json")
    return edition.parent


def load_edition(site: Path) -> dict[str, Any]:
    """The edition.json of a built site (one edition's folder), validated against its published schema."""
    data: dict[str, Any] = json.loads((site / "edition.json").read_text(encoding="utf-8"))
    return validated(data)


def mkdocs_command() -> list[str]:
    """The `mkdocs` of the running interpreter's environment (its sibling script, or `python -m mkdocs`)."""
    script = Path(sys.executable).with_name("mkdocs")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "mkdocs"]


def mkdocs_env() -> dict[str, str]:
    """Environment for MkDocs: no MkDocs-2 banner, and the configured default site_url (served at /)."""
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.pop("SITE_URL", None)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def is_local_url(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname == LOCAL_HOST


class RequestLog:
    """Records the URL of every request made by the pages of a browser context (or one page)."""

    def __init__(self) -> None:
        self.urls: list[str] = []
        self._lock = threading.Lock()

    def attach(self, target: Any) -> RequestLog:
        """Listen to the `request` event of a Playwright BrowserContext or Page."""
        target.on("request", self._record)
        return self

    def _record(self, request: Any) -> None:
        with self._lock:
            self.urls.append(request.url)

    def foreign(self) -> list[str]:
        with self._lock:
            return [u for u in self.urls if not is_local_url(u)]

    def assert_all_local(self) -> None:
        assert self.urls, "no request was recorded at all (is the log attached?)"
        foreign = self.foreign()
        assert not foreign, f"requests left {LOCAL_HOST}: {foreign}"


@pytest.fixture(scope="session")
def publication(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`mkdocs build --strict` of a temporary copy of the project: the whole publication folder
    (zh-Hans/, zh-Hant/, download/ and the root page)."""
    root = copy_project(tmp_path_factory.mktemp("e2e-build") / "project")
    site = root.parent / "site"
    cmd = [*mkdocs_command(), "build", "--strict", "-d", str(site)]
    try:
        result = subprocess.run(cmd, cwd=root, env=mkdocs_env(), capture_output=True, text=True,
                                timeout=BUILD_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"mkdocs build timed out after {BUILD_TIMEOUT}s:\n{exc.stdout}\n{exc.stderr}")
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed (exit {result.returncode}):\n"
                    f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}", pytrace=False)
    for part in ("index.html", "zh-Hans/index.html", "zh-Hant/index.html", "download"):
        assert (site / part).exists(), f"no {part} in {site}"
    return site


@pytest.fixture(scope="session")
def built_site(publication: Path) -> Path:
    """The Simplified edition of the publication."""
    site = publication / "zh-Hans"
    assert (site / "edition.json").is_file(), f"no edition.json in {site}"
    return site


@pytest.fixture(scope="session")
def edition(built_site: Path) -> dict[str, Any]:
    """The built site's edition.json."""
    return load_edition(built_site)


@pytest.fixture(scope="session")
def publication_server(publication: Path) -> Iterator[str]:
    """Serve the whole publication on 127.0.0.1 and a free port; yields its root URL (ending in /)."""
    with serve_directory(publication) as url:
        yield url + "/"


@pytest.fixture(scope="session")
def site_server(publication_server: str) -> str:
    """The Simplified edition's base URL (ending in /)."""
    return publication_server + "zh-Hans/"


@pytest.fixture
def request_log() -> RequestLog:
    return RequestLog()


@pytest.fixture
def page(browser: Any, request_log: RequestLog) -> Iterator[Any]:
    """A fresh page (own context, desktop size, zh-CN) whose every request goes into `request_log`."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900},
                                  service_workers="block")
    request_log.attach(context)
    context.set_default_timeout(15_000)
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture(scope="session")
def project_copier() -> Callable[[Path], Path]:
    """`copy_project` for tests that need their own copy of the project (e.g. to edit a source)."""
    return copy_project


@pytest.fixture(scope="session")
def mkdocs_cmd() -> list[str]:
    return mkdocs_command()


@pytest.fixture(scope="session")
def mkdocs_environ() -> dict[str, str]:
    return mkdocs_env()


@pytest.fixture
def phone(browser: Any, request_log: RequestLog) -> Iterator[Any]:
    """A fresh touch page at a phone's width (390 × 844), its requests in `request_log`."""
    context = browser.new_context(locale="zh-CN", viewport=PHONE, has_touch=True, is_mobile=True,
                                  service_workers="block")
    request_log.attach(context)
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()
