"""MkDocs glue: run the pipeline from MkDocs events and hand its output to MkDocs as files.

No text logic lives here. `on_files` calls the pipeline and adds each rendered file as a generated
`File` (nothing is written into docs/, so `mkdocs serve` never loops on its own output); `on_serve`
watches the sources and edition.yml; `on_post_build` applies the fix-ups of built assets.

Editions: `mkdocs build` and `mkdocs gh-deploy` of the main config build the whole publication
into `site_dir`: the Simplified edition in `zh-Hans/`, the Traditional one in `zh-Hant/` (a second
MkDocs build of the same config with READER_SCRIPT=hant), an offline zip of both in `download/`
(two more builds with Material's offline plugin) and a root page that sends the reader to one of
them. `mkdocs serve` builds the Simplified edition alone, at the root, for quick local reading.
"""

from __future__ import annotations

import html
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from build_tools.curation import Curation, CurationError, load_curation
from build_tools.pipeline import PipelineError, StageCache, load_folder, prepare_edition, render
from build_tools.publish import ZIP_NAME, root_page, write_zip
from build_tools.records import Edition
from build_tools.stages.convert import (
    LANGUAGE_TAGS,
    SCRIPTS,
    THEME_LANGUAGES,
    convert_markdown,
    traditional_jieba_dictionary,
)
from build_tools.stages.render import Navigation, document_list, navigation

log = logging.getLogger("mkdocs.plugins.reader-edition")
DOCUMENT_LIST_MARKER = "<!-- reader-edition:documents -->"
# Generated pages the navigation lists after the sources.
EDITION_PAGES = {"编校说明": "notes.md", "全书（打印版）": "print.md"}
NESTED = "READER_NESTED"  # set in the environment of the builds this plugin starts itself
EDITIONS = (("hans", "zh-Hans", "简体中文"), ("hant", "zh-Hant", "繁體中文"))
# Chapters are converted; source pages and the noise ledger quote the sources and stay as they are.
UNCONVERTED = ("sources/", "notes.md", "edition.json")


class ReaderEditionConfig(base.Config):
    sources = c.Type(str, default="seeds")
    edition = c.Type(str, default="edition.yml")
    strict = c.Type(bool, default=False)
    script = c.Choice(tuple(SCRIPTS), default="hans")
    editions = c.Type(bool, default=True)
    offline_zip = c.Type(bool, default=True)


class ReaderEditionPlugin(BasePlugin[ReaderEditionConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.edition: Edition | None = None
        self.curation = Curation()
        self.command = "build"
        self.root: Path | None = None  # where the whole publication goes, in editions mode
        self.cache = StageCache()  # kept across `mkdocs serve` rebuilds: unchanged sources are not redone

    # --- helpers ----------------------------------------------------------------------------------

    def _project(self, config: Any) -> Path:
        return Path(config.config_file_path).parent

    def _sources_dir(self, config: Any) -> Path:
        return (self._project(config) / self.config.sources).resolve()

    def _edition_file(self, config: Any) -> Path:
        return (self._project(config) / self.config.edition).resolve()

    @property
    def _conversion(self) -> str | None:
        return SCRIPTS[self.config.script]

    def _offline(self, config: Any) -> bool:
        offline = config.plugins.get("material/offline") or config.plugins.get("offline")
        return bool(offline and offline.config.enabled)

    def _convert(self, text: str) -> str:
        return convert_markdown(text, self._conversion) if self._conversion else text

    # --- events -----------------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    @event_priority(100)  # before the search plugin reads jieba_dict and the offline plugin adds its shim
    def on_config(self, config: Any, /) -> Any:
        try:
            self.curation = load_curation(self._edition_file(config))
        except CurationError as exc:
            raise PluginError(f"reader-edition: {exc}") from exc
        if self.curation.title:
            config.site_name = self.curation.title
        config.site_name = self._convert(config.site_name)
        if self._conversion:
            self._use_traditional_dictionary(config)
        offline = self._offline(config)
        if offline:
            # Material's offline plugin would load the iframe-worker shim from a CDN; use our copy.
            config.extra["polyfills"] = ["assets/javascripts/iframe-worker-shim.js"]
        nested = os.environ.get(NESTED) == "1"
        publication = self.config.editions and self.command in ("build", "gh-deploy") and not nested
        if publication:
            self.root = Path(config.site_dir)
            lang_dir = LANGUAGE_TAGS[self.config.script]
            config.site_dir = str(self.root / lang_dir)
        if publication or nested:
            index = "index.html" if offline else ""
            config.extra["alternate"] = [{"name": name, "link": f"../{tag}/{index}", "lang": tag}
                                         for _, tag, name in EDITIONS]
            if self.config.offline_zip and not offline:
                config.extra["reader_download"] = f"../download/{ZIP_NAME}"
        else:
            config.extra.pop("alternate", None)
        return config

    def _use_traditional_dictionary(self, config: Any) -> None:
        """jieba segments the Traditional edition's search index with a Traditional dictionary."""
        cache = Path(tempfile.gettempdir()) / "reader-edition" / f"jieba-dict.{self.config.script}.txt"
        path = traditional_jieba_dictionary(cache, self._conversion or "s2t")
        for name, plugin in config.plugins.items():
            if name in ("search", "material/search"):
                plugin.config.jieba_dict = str(path)

    def on_files(self, files: Files, /, *, config: Any) -> Files:
        folder = self._sources_dir(config)
        try:
            raw = load_folder(folder)
            if not raw:
                raise PipelineError(f"no source files in {folder}")
            title = self.curation.title or config.site_name
            edition, timings = prepare_edition(raw, title=title, progress=log.debug, curation=self.curation,
                                               cache=self.cache)
        except (PipelineError, CurationError) as exc:
            raise PluginError(f"reader-edition: {exc}") from exc
        # Problems with the input (an unreadable file, a non-UTF-8 name) are the sources' business:
        # shown, and listed on the notes page, but they fail the build only with the plugin's `strict`.
        for problem in edition.problems:
            (log.warning if self.config.strict else log.info)(f"reader-edition: {problem}")
        if self.config.strict and edition.problems:
            raise PluginError(f"reader-edition: strict: {len(edition.problems)} problems in the sources")
        log.info(f"reader-edition: {len(edition.documents)} documents from {len(edition.sources)} "
                 f"sources in {timings.total:.2f}s")
        self.edition = edition
        listed = navigation(edition)
        in_nav = {e.path for e in (*listed.documents, *listed.sources)} | set(EDITION_PAGES.values())
        for rendered in render(edition):
            content = rendered.content
            if not rendered.path.startswith(UNCONVERTED):
                content = self._convert(content)
            # A large edition's chapters and print volumes are reached through catalogue pages: not in
            # the navigation on purpose, so MkDocs should not warn (and fail a strict build) about them.
            inclusion = InclusionLevel.UNDEFINED if rendered.path in in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, rendered.path, content=content, inclusion=inclusion))
        config.nav = self._nav(listed, config.nav)
        return files

    def _nav(self, listed: Navigation, configured: Any) -> list[Any]:
        # Navigation titles reach the HTML as they are: escape them (a title may contain markup).
        chapters = [{html.escape(self._convert(e.title)): e.path} for e in listed.documents]
        sources = [{html.escape(e.title): e.path} for e in listed.sources]
        nav: list[Any] = []
        for entry in configured or []:
            if isinstance(entry, dict):  # {"title": "page.md"}: the title is converted, the path not
                entry = {self._convert(str(k)): v for k, v in entry.items()}
            nav.append(entry)
        nav.extend([{self._convert("文献"): chapters}, {self._convert("源文件"): sources}])
        nav.extend({self._convert(title): path} for title, path in EDITION_PAGES.items())
        return nav

    def on_page_markdown(self, markdown: str, /, *, page: Any, config: Any, files: Files) -> str:
        if DOCUMENT_LIST_MARKER in markdown and self.edition is not None:
            intro = self.edition.introduction.strip()
            listing = (intro + "\n\n" if intro else "") + document_list(self.edition)
            markdown = markdown.replace(DOCUMENT_LIST_MARKER, listing)
        if page.file.generated_by is None:  # hand-written pages; generated ones were converted in on_files
            markdown = self._convert(markdown)
        return markdown

    def on_serve(self, server: Any, /, *, config: Any, builder: Any) -> Any:
        server.watch(str(self._sources_dir(config)))
        if self._edition_file(config).exists():
            server.watch(str(self._edition_file(config)))
        return server

    @event_priority(-200)  # after the search index and the offline plugin's inlined index are written
    def on_post_build(self, *, config: Any) -> None:
        from build_tools.site_fixups import fix_built_site

        fix_built_site(Path(config.site_dir), self.config.script)
        if self.root is None:
            return
        root = self.root
        with tempfile.TemporaryDirectory() as tmp:
            offline_root = Path(tmp) / "reader-edition"
            builds = [("hant", root / "zh-Hant", False)]
            if self.config.offline_zip:
                builds += [(script, offline_root / tag, True) for script, tag, _ in EDITIONS]
            self._build_nested(config, builds)
            if self.config.offline_zip:
                (offline_root / "index.html").write_text(root_page(offline=True), encoding="utf-8")
                write_zip(offline_root, root / "download" / ZIP_NAME)
        (root / "index.html").write_text(root_page(offline=False), encoding="utf-8")
        config.site_dir = str(root)  # gh-deploy pushes config.site_dir: the whole publication
        log.info(f"reader-edition: publication written to {root}")

    def _build_nested(self, config: Any, builds: list[tuple[str, Path, bool]]) -> None:
        """Run the other builds of the publication, two at a time (they are independent processes)."""
        pending = [b for b in builds if not (b[0] == self.config.script and not b[2])]
        running: list[tuple[str, bool, subprocess.Popen[str]]] = []
        failures = []
        while pending or running:
            while pending and len(running) < 2:
                script, site_dir, offline = pending.pop(0)
                running.append((script, offline, self._start_build(config, script, site_dir, offline)))
            script, offline, process = running.pop(0)
            _, stderr = process.communicate()
            if process.returncode != 0:
                failures.append(f"building the {LANGUAGE_TAGS[script]}{' offline' if offline else ''} "
                                f"edition failed:\n{stderr[-4000:]}")
        if failures:
            raise PluginError("reader-edition: " + "\n".join(failures))

    @staticmethod
    def _start_build(config: Any, script: str, site_dir: Path, offline: bool) -> subprocess.Popen[str]:
        env = {**os.environ, NESTED: "1", "READER_SCRIPT": script, "READER_LANGUAGE": THEME_LANGUAGES[script],
               "OFFLINE": "true" if offline else "false", "NO_MKDOCS_2_WARNING": "1"}
        # Not -q: a quiet build drops warnings before --strict can count them. Its output is captured.
        cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(config.config_file_path),
               "-d", str(site_dir)]
        if config.strict:
            cmd.append("--strict")
        if site_dir.exists():
            shutil.rmtree(site_dir)
        return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
