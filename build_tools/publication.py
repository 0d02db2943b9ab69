"""The publication: every edition of one source folder, the offline copy, the zip and the root page.

`mkdocs build` (and `gh-deploy`) of the project builds the first edition itself; `publish` then
builds the others, each in its own process (two at a time), through `build_member`, and zips both
for reading from the file system (no build of its own: the built pages are rewritten):

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
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_tools.editions import Script
from build_tools.stages.convert import traditional_jieba_dictionary

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
    cmd += ["--strict"] if strict else []
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _build_members(config_file: Path, builds: list[tuple[Path, Member]], strict: bool) -> None:
    """Run member builds, two at a time (they are independent processes)."""
    pending = list(builds)
    running: list[tuple[Member, subprocess.Popen[str]]] = []
    failures = []
    while pending or running:
        while pending and len(running) < PARALLEL_BUILDS:
            site_dir, member = pending.pop(0)
            running.append((member, _start(config_file, site_dir, member, strict)))
        member, process = running.pop(0)
        _, stderr = process.communicate()
        if process.returncode != 0:
            failures.append(f"building the {member.script.language}{' offline' if member.offline else ''} "
                            f"edition failed:\n{stderr[-4000:]}")
    if failures:
        raise PublicationError("\n".join(failures))


def publish(config_file: Path, root: Path, built: Member, with_zip: bool, strict: bool) -> None:
    """After the build of `built` into root/<its folder>: the other editions, the offline zip, the root page."""
    editions = built.editions
    _build_members(config_file, [(root / s.folder, Member(s, False, editions)) for s in editions if s != built.script],
                   strict)
    if with_zip:
        write_offline_zip(root, editions, root / DOWNLOAD)
    (root / "index.html").write_text(root_page(False, editions), encoding="utf-8")


# A relative link's address: path, then query and fragment.
_HREF = re.compile(r'(\bhref=")([^"]*)(")')
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


def offline_page(html_text: str) -> str:
    """A built page rewritten for the offline copy: folder links name their index.html, no download link."""
    start = html_text.find(_DOWNLOAD_LINK)
    end = html_text.find("</p>", start) if start >= 0 else -1
    if end >= 0:
        html_text = html_text[:start].rstrip() + html_text[end + len("</p>"):]
    return _HREF.sub(lambda m: m[1] + offline_href(m[2]) + m[3], html_text)


def offline_files(root: Path, editions: tuple[Script, ...]) -> Iterator[tuple[str, bytes]]:
    """(path in the copy, content) of the offline copy, made from the built editions under `root`.

    What Material's offline plugin does in a build of its own, done to the built pages instead: links
    to folders are written with their index.html (the plugin turns directory URLs off, so its pages
    are x.html where these are x/index.html; either opens from the file system). The search index is
    already made of <script>-loaded files, which work from file://, so nothing is inlined. Sorted paths.
    """
    yield "index.html", root_page(True, editions).encode("utf-8")
    for script in editions:
        folder = root / script.folder
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            data = path.read_bytes()
            if path.suffix == ".html":
                data = offline_page(data.decode("utf-8")).encode("utf-8")
            yield f"{script.folder}/{path.relative_to(folder).as_posix()}", data


def write_offline_zip(root: Path, editions: tuple[Script, ...], target: Path) -> Path:
    """The downloadable copy of the built editions (entries under ZIP_FOLDER/, sorted, fixed dates)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    stamp = _timestamp()
    tmp = target.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, data in sorted(offline_files(root, editions)):
            info = zipfile.ZipInfo(f"{ZIP_FOLDER}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    tmp.replace(target)
    return target
