"""`mkdocs serve` end to end: the dev server answers, and an edit of a source file reaches the chapter.

The server runs on a temporary copy of the project (its own, not the one `built_site` builds), bound to
127.0.0.1 and a free port, with live reload (without it MkDocs watches nothing). It is always stopped.
"""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

HOST = "127.0.0.1"
START_TIMEOUT = 60.0
REBUILD_TIMEOUT = 60.0
ADDED = "测试追加的句子一二三。"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def fetch(url: str, timeout: float = 5.0) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


class DevServer:
    def __init__(self, process: subprocess.Popen[bytes], base_url: str, log: Path, root: Path) -> None:
        self.process = process
        self.base_url = base_url
        self.log = log
        self.root = root

    def log_tail(self, chars: int = 4000) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return text[-chars:]

    def get(self, path: str) -> tuple[int, str]:
        return fetch(self.base_url + path.lstrip("/"))


@pytest.fixture
def dev_server(tmp_path: Path, project_copier: Callable[[Path], Path], mkdocs_cmd: list[str],
               mkdocs_environ: dict[str, str]) -> Iterator[DevServer]:
    root = project_copier(tmp_path / "project")
    port = free_port()
    log = tmp_path / "mkdocs-serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen([*mkdocs_cmd, "serve", "--dev-addr", f"{HOST}:{port}"], cwd=root,
                                   env=mkdocs_environ, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
    server = DevServer(process, f"http://{HOST}:{port}/", log, root)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"mkdocs serve exited with {process.returncode}:\n{server.log_tail()}")
            try:
                status, _ = server.get("/")
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"mkdocs serve did not answer within {START_TIMEOUT:.0f}s:\n{server.log_tail()}")
            time.sleep(0.3)
        yield server
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)


def pick_last_body_line(edition: dict[str, Any]) -> tuple[dict[str, Any], str, int]:
    """A document with one witness and the last source line of its last body paragraph (not an opening one).

    Editing near the end of a document keeps its id (derived from its opening) unchanged; one witness means
    the edited line's text is the edition's text, not a variant reading that collation could set aside.
    """
    candidates = sorted(edition["documents"], key=lambda d: (len(d["witnesses"]) != 1, d["order"]))
    for doc in candidates:
        paragraphs = doc["paragraphs"]
        for index in range(len(paragraphs) - 1, 2, -1):
            para = paragraphs[index]
            if para["role"] == "body" and len(para["spans"]) == 1 and len(para["text"]) >= 20:
                span = para["spans"][0]
                return doc, span["source"], span["last_line"]
    pytest.fail("edition.json has no document with a body paragraph after its opening paragraphs")


def test_serve_rebuilds_chapter_after_source_edit(dev_server: DevServer) -> None:
    status, body = dev_server.get("/edition.json")
    assert status == 200, f"/edition.json answered {status}"
    edition = json.loads(body)
    doc, source, line_number = pick_last_body_line(edition)
    chapter = doc["chapter"].removesuffix(".md") + "/"

    status, page = dev_server.get(chapter)
    assert status == 200, f"{chapter} answered {status}"
    assert ADDED not in page

    path = dev_server.root / "seeds" / source
    raw = path.read_bytes()
    encoding = next(s["encoding"] for s in edition["sources"] if s["file"] == source)
    assert encoding.replace("-", "").lower() in ("utf8", "utf8sig"), f"{source} is {encoding}; the test edits UTF-8"
    lines = raw.decode(encoding).split("\n")
    old = lines[line_number - 1]
    ending = "\r" if old.endswith("\r") else ""
    lines[line_number - 1] = old.removesuffix("\r").rstrip() + ADDED + ending
    path.write_bytes("\n".join(lines).encode(encoding))

    deadline = time.monotonic() + REBUILD_TIMEOUT
    status = 0
    while time.monotonic() < deadline:
        if dev_server.process.poll() is not None:
            pytest.fail(f"mkdocs serve exited with {dev_server.process.returncode}:\n{dev_server.log_tail()}")
        try:
            status, page = dev_server.get(chapter)
        except OSError:
            status, page = 0, ""
        if ADDED in page:
            break
        time.sleep(0.5)
    else:
        where = "not in edition.json"
        try:
            _, now = dev_server.get("/edition.json")
            for d in json.loads(now)["documents"]:
                if any(ADDED in p["text"] for p in d["paragraphs"]):
                    where = f"in document {d['id']} ({d['chapter']})"
        except (OSError, ValueError) as exc:
            where = f"unknown ({exc})"
        pytest.fail(f"{chapter} (last status {status}) did not show {ADDED!r} within {REBUILD_TIMEOUT:.0f}s after "
                    f"editing {source}:{line_number}; the sentence is {where}.\n{dev_server.log_tail()}")
