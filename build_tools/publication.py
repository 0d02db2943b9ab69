"""The publication: every edition of one source folder, the offline copy, the zip and the root page.

`mkdocs build` (and `gh-deploy`) of the project builds the first edition itself; as it starts
(`start_members`, at on_config) the others are started, each in its own process (two builds at a
time), through `build_member`; `publish` zips them for reading from the file system as each is
ready (no build of its own: the built pages are rewritten):

    site/
      index.html          root page: a link to each edition, a redirect by the browser's language
      zh-Hans/  zh-Hant/  the editions (`editions.published`: Simplified and one Traditional script)
      download/reader-edition-offline.zip   both editions, their pages rewritten for file:// (`offline_files`)

A member build is told what it is by a `Member` record set on the plugin before it runs, never by
environment variables; `mkdocs serve` builds one edition alone, at the root.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_tools.editions import Script
from build_tools.stages.convert import traditional_jieba_dictionary
from build_tools.zip_writer import DeflatedZip

ZIP_NAME = "reader-edition-offline.zip"
ZIP_FOLDER = "reader-edition"
DOWNLOAD = f"download/{ZIP_NAME}"
ROOT_TITLE = "文献读本 · 文獻讀本"
# Material's offline plugin would load the iframe-worker shim from a CDN; the project ships its copy.
OFFLINE_POLYFILL = "assets/javascripts/iframe-worker-shim.js"
PARALLEL_BUILDS = 2


@dataclass(frozen=True)
class Member:
    """One edition built as part of a publication."""

    script: Script
    offline: bool  # the downloadable copy (Material's offline plugin, file:// links)
    editions: tuple[Script, ...]  # every edition of the publication (for the language switcher)
    # Where the build that started the publication writes this edition's files (`prepared_site`): a
    # member's build waits for them instead of preparing the edition again; None: it prepares its own.
    prepared: Path | None = None


class PublicationError(Exception):
    """A member build failed; the message holds its error output."""


def alternates(member: Member) -> list[dict[str, str]]:
    """The language switcher's entries (Material's `extra.alternate`): the same page in each edition."""
    index = "index.html" if member.offline else ""
    return [{"name": s.label, "link": f"../{s.folder}/{index}", "lang": s.language} for s in member.editions]


def edition_url(site_url: str | None, member: Member) -> str | None:
    """The edition's own address under the publication's: its sitemap and canonical links name its folder."""
    if not site_url or member.offline:
        return site_url
    return site_url.rstrip("/") + f"/{member.script.folder}/"


def configure_extra(extra: MutableMapping[str, Any], member: Member | None, offline: bool, with_zip: bool) -> None:
    """MkDocs' `extra` for this build: the switcher and download link in a publication, the offline shim."""
    if offline:
        extra["polyfills"] = [OFFLINE_POLYFILL]
    if member is None:
        extra.pop("alternate", None)
        return
    extra["alternate"] = alternates(member)
    if with_zip and not member.offline:
        extra["reader_download"] = f"../{DOWNLOAD}"


def root_page(offline: bool, editions: tuple[Script, ...], title: str = ROOT_TITLE) -> str:
    """A page at the root of the publication: a link to each edition, and a redirect by the browser's language."""
    links = "\n".join(f'    <li><a href="{s.folder}/index.html" hreflang="{s.language}">{html.escape(s.label)}</a></li>'
                      for s in editions)
    # Traditional for readers whose browser asks for zh-Hant, zh-TW, zh-HK or zh-MO; Simplified otherwise.
    script = ("" if offline else
              '  <script>\n'
              '    var langs = (navigator.languages || [navigator.language || ""]).join(",").toLowerCase();\n'
              '    var hant = /zh-(hant|tw|hk|mo)/.test(langs);\n'
              '    location.replace((hant ? "zh-Hant" : "zh-Hans") + "/index.html");\n'
              '  </script>\n')
    return (
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n  <meta charset=\"utf-8\">\n"
        f"  <title>{html.escape(title)}</title>\n"
        "  <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"{script}</head>\n<body>\n  <h1>{html.escape(title)}</h1>\n  <ul>\n{links}\n  </ul>\n</body>\n</html>\n"
    )


def _timestamp() -> tuple[int, int, int, int, int, int]:
    """The date written into the zip: SOURCE_DATE_EPOCH when set, else a fixed one (reproducible zips)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        t = time.gmtime(max(int(epoch), 315532800))  # zip cannot store dates before 1980
        return (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)
    return (1980, 1, 1, 0, 0, 0)


def write_zip(folder: Path, target: Path) -> Path:
    """Zip a folder (entries under its own name, in sorted order, fixed dates) into `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    stamp = _timestamp()
    tmp = target.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    tmp.replace(target)
    return target


def search_dictionary(script: Script) -> Path | None:
    """jieba's dictionary in the edition's script, for the search index (None: jieba's own)."""
    if not script.opencc:
        return None
    cache = Path(tempfile.gettempdir()) / "reader-edition" / f"jieba-dict.{script.id}.txt"
    return traditional_jieba_dictionary(cache, script.opencc)


# Material's own search assets, unused where its search plugin is off (the edition has its own search).
MATERIAL_SEARCH_ASSETS = ("assets/javascripts/lunr", "assets/javascripts/workers")


def fix_built_site(site_dir: Path, script: Script) -> None:
    """Fix-ups of built assets, after every build: without Material's search index, its worker and lunr go."""
    if (site_dir / "search" / "search_index.json").exists():
        return
    for folder in MATERIAL_SEARCH_ASSETS:
        shutil.rmtree(site_dir / folder, ignore_errors=True)


def build_member(config_file: Path, site_dir: Path, member: Member, strict: bool) -> None:
    """Build one edition of the publication in this process (what `python -m build_tools build-edition` runs)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_file), site_dir=str(site_dir), strict=strict)
    plugin = config.plugins["reader-edition"]
    plugin.member = member  # type: ignore[attr-defined]
    offline = config.plugins.get("material/offline") or config.plugins.get("offline")
    if offline is not None:
        offline.config.enabled = member.offline
    elif member.offline:
        raise PublicationError(f"{config_file}: the offline copy needs Material's `offline` plugin in `plugins`")
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def _start(config_file: Path, site_dir: Path, member: Member, strict: bool) -> subprocess.Popen[str]:
    traditional = next(s.id for s in member.editions if s.opencc)
    cmd = [sys.executable, "-m", "build_tools", "build-edition", str(config_file), str(site_dir),
           "--script", member.script.id, "--traditional", traditional]
    cmd += ["--offline"] if member.offline else []
    cmd += ["--prepared", str(member.prepared)] if member.prepared else []
    cmd += ["--strict"] if strict else []
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


class MemberBuilds:
    """The other editions' builds, each in a process of its own, started while this build runs.

    The build that starts them is one of the `PARALLEL_BUILDS` running at a time; each member
    writes only into its own folder, so they run side by side (on two cores the publication takes
    about as long as its slowest edition, not as the sum of them).
    """

    def __init__(self, config_file: Path, builds: list[tuple[Path, Member]], strict: bool) -> None:
        self.config_file, self.strict = config_file, strict
        self.pending = list(builds)
        self.running: list[tuple[Member, subprocess.Popen[str]]] = []
        self.failures: list[str] = []
        self._start_pending()

    def _start_pending(self) -> None:
        while self.pending and len(self.running) < PARALLEL_BUILDS - 1:
            site_dir, member = self.pending.pop(0)
            self.running.append((member, _start(self.config_file, site_dir, member, self.strict)))

    def wait(self, script: Script | None = None) -> None:
        """Wait until the member building `script` (every member, for None) has finished."""
        def waited_for() -> bool:
            return any(m.script == script for m in [*(m for _, m in self.pending), *(m for m, _ in self.running)])

        while (self.pending or self.running) and (script is None or waited_for()):
            member, process = self.running.pop(0)
            _, stderr = process.communicate()
            if process.returncode != 0:
                self.failures.append(f"building the {member.script.language}{' offline' if member.offline else ''} "
                                     f"edition failed:\n{stderr[-4000:]}")
            self._start_pending()

    def check(self) -> None:
        if self.failures:
            raise PublicationError("\n".join(self.failures))

    def stop(self) -> None:
        """End the members' processes (this build failed: the publication will not be made)."""
        self.pending.clear()
        for _, process in self.running:
            process.kill()
            process.communicate()
        self.running.clear()


def start_members(config_file: Path, root: Path, built: Member, strict: bool, prepared: Path | None = None,
                  ) -> MemberBuilds:
    """Start building the publication's other editions into root/<their folders>, beside `built` (with
    `prepared`, from the files `built`'s build prepares there for them)."""
    editions = built.editions
    return MemberBuilds(config_file, [(root / s.folder, Member(s, False, editions, prepared))
                                      for s in editions if s != built.script], strict)


def publish(root: Path, built: Member, members: MemberBuilds, with_zip: bool) -> None:
    """After the build of `built` into root/<its folder>: the offline zip (each edition's part written as
    soon as that edition is built), the root page, once every member has finished."""
    editions = built.editions
    try:
        if with_zip:
            write_offline_zip(root, editions, root / DOWNLOAD, before=members.wait)
        members.wait()
    finally:
        members.stop()
    members.check()
    (root / "index.html").write_text(root_page(False, editions), encoding="utf-8")


_DOWNLOAD_LINK = '<p class="reader-download">'


def offline_href(href: str) -> str:
    """A link as it must read from file://, where a folder does not open its index.html: `x/` -> `x/index.html`."""
    if not href or href.startswith(("#", "/", "?")) or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href):
        return href
    cut = min((i for i in (href.find("?"), href.find("#")) if i >= 0), default=len(href))
    path, rest = href[:cut], href[cut:]
    if path.endswith("/"):
        path += "index.html"
    elif path in (".", "..") or path.endswith(("/.", "/..")):
        path += "/index.html"
    return path + rest


# The links `offline_href` changes, found and rewritten by the regular expression engine alone (a
# Python call for every link of hundreds of MiB of pages, and a pattern not opening with its literal
# text, took most of the offline copy's time): a relative path (not a scheme, not absolute, not an
# anchor or a query) ending in a folder ...
_FOLDER_HREF = re.compile(r'(href(?<!\whref)="(?![a-zA-Z][a-zA-Z0-9+.-]*:)[^"#?/][^"#?]*/)(?=["#?])')
# ... or in a dot segment ('.', '..', 'x/..').
_DOT_HREF = re.compile(r'(href(?<!\whref)="(?![a-zA-Z][a-zA-Z0-9+.-]*:)(?:[^"#?/][^"#?]*/)?\.\.?)(?=["#?])')


def offline_page(html_text: str) -> str:
    """A built page rewritten for the offline copy: folder links name their index.html, no download link."""
    start = html_text.find(_DOWNLOAD_LINK)
    end = html_text.find("</p>", start) if start >= 0 else -1
    if end >= 0:
        html_text = html_text[:start].rstrip() + html_text[end + len("</p>"):]
    return _DOT_HREF.sub(r"\1/index.html", _FOLDER_HREF.sub(r"\1index.html", html_text))


def _edition_files(root: Path, script: Script) -> list[tuple[str, Path]]:
    """(path in the copy, built file) of an edition's files, sorted."""
    folder = root / script.folder
    files = {path.relative_to(folder).as_posix(): path for path in folder.rglob("*") if path.is_file()}
    return [(f"{script.folder}/{name}", files[name]) for name in sorted(files)]


def offline_content(name: str, data: bytes) -> bytes:
    """A built file's bytes in the offline copy: its pages rewritten by `offline_page` (in the zip's workers)."""
    return offline_page(data.decode("utf-8")).encode("utf-8") if name.endswith(".html") else data


def _edition_offline_files(root: Path, script: Script) -> Iterator[tuple[str, bytes]]:
    for name, path in _edition_files(root, script):
        yield name, offline_content(name, path.read_bytes())


def _in_zip_order(editions: tuple[Script, ...]) -> list[Script]:
    """Editions in the order of their paths (a folder's entries all sort before the next folder's)."""
    return sorted(editions, key=lambda s: s.folder + "/")


def offline_files(root: Path, editions: tuple[Script, ...]) -> Iterator[tuple[str, bytes]]:
    """(path in the copy, content) of the offline copy, made from the built editions under `root`.

    What Material's offline plugin does in a build of its own, done to the built pages instead: links
    to folders are written with their index.html (the plugin turns directory URLs off, so its pages
    are x.html where these are x/index.html; either opens from the file system). The search index is
    already made of <script>-loaded files, which work from file://, so nothing is inlined. Sorted paths.
    """
    index = root_page(True, editions).encode("utf-8")
    for script in _in_zip_order(editions):
        if index and script.folder + "/" > "index.html":
            yield "index.html", index
            index = b""
        yield from _edition_offline_files(root, script)
    if index:
        yield "index.html", index


def write_offline_zip(root: Path, editions: tuple[Script, ...], target: Path,
                      before: Callable[[Script], None] | None = None, workers: int | None = None) -> Path:
    """The downloadable copy of the built editions (entries under ZIP_FOLDER/, sorted, fixed dates).

    `before(script)` is called before an edition's part is written (the publication waits there for
    that edition's build, so the parts of the editions already built are written meanwhile). The
    files are compressed in `workers` processes (`DeflatedZip`; default: one per core).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    with DeflatedZip(tmp, _timestamp(), workers) as archive:
        index = root_page(True, editions).encode("utf-8")
        for script in _in_zip_order(editions):
            if index and script.folder + "/" > "index.html":
                archive.write_bytes(f"{ZIP_FOLDER}/index.html", index)
                index = b""
            if before is not None:
                before(script)
            archive.write_files([(f"{ZIP_FOLDER}/{name}", path) for name, path in _edition_files(root, script)],
                                offline_content)
        if index:
            archive.write_bytes(f"{ZIP_FOLDER}/index.html", index)
    tmp.replace(target)
    return target
