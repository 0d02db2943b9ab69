"""MkDocs glue: run the pipeline from MkDocs events and hand its output to MkDocs as files.

No text logic lives here: `on_files` calls the pipeline and adds each rendered file as a
generated `File` (nothing is written into docs/, so `mkdocs serve` never loops on its own
output); `on_serve` watches the sources; `on_post_build` applies the fix-ups of built assets.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from build_tools.curation import Curation, CurationError, load_curation
from build_tools.pipeline import PipelineError, load_folder, prepare_edition, render
from build_tools.records import Edition
from build_tools.stages.render import document_list

log = logging.getLogger("mkdocs.plugins.reader-edition")
DOCUMENT_LIST_MARKER = "<!-- reader-edition:documents -->"


class ReaderEditionConfig(base.Config):
    sources = c.Type(str, default="seeds")
    edition = c.Type(str, default="edition.yml")
    title = c.Optional(c.Type(str))
    strict = c.Type(bool, default=False)


class ReaderEditionPlugin(BasePlugin[ReaderEditionConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.edition: Edition | None = None
        self.curation = Curation()

    def _edition_file(self, config: Any) -> Path:
        return (Path(config.config_file_path).parent / self.config.edition).resolve()

    def on_config(self, config: Any, /) -> Any:
        try:
            self.curation = load_curation(self._edition_file(config))
        except CurationError as exc:
            raise PluginError(f"reader-edition: {exc}") from exc
        if self.curation.title:
            config.site_name = self.curation.title
        return config

    def _sources_dir(self, config: Any) -> Path:
        return (Path(config.config_file_path).parent / self.config.sources).resolve()

    def on_files(self, files: Files, /, *, config: Any) -> Files:
        folder = self._sources_dir(config)
        try:
            raw = load_folder(folder)
            if not raw:
                raise PipelineError(f"no source files in {folder}")
            title = self.config.title or config.site_name
            edition, timings = prepare_edition(raw, title=title, progress=log.debug, curation=self.curation)
        except (PipelineError, CurationError) as exc:
            raise PluginError(f"reader-edition: {exc}") from exc
        for problem in edition.problems:
            log.warning(f"reader-edition: {problem}")
        if self.config.strict and edition.problems:
            raise PluginError(f"reader-edition: strict: {len(edition.problems)} problems in the sources")
        log.info(f"reader-edition: {len(edition.documents)} documents from {len(edition.sources)} "
                 f"sources in {timings.total:.2f}s")
        self.edition = edition
        for rendered in render(edition):
            files.append(File.generated(config, rendered.path, content=rendered.content))
        config.nav = self._nav(edition, config.nav)
        return files

    @staticmethod
    def _nav(edition: Edition, configured: Any) -> list[Any]:
        chapters = [{doc.title: doc.chapter} for doc in edition.documents]
        sources = [{s.file: f"sources/{Path(p).name}"} for s, p in
                   ((s, _source_page(s.file)) for s in edition.sources)]
        nav: list[Any] = []
        for entry in configured or []:
            nav.append(entry)
        nav.extend([{"文献": chapters}, {"源文件": sources}, {"编校说明": "notes.md"}])
        return nav

    def on_page_markdown(self, markdown: str, /, *, page: Any, config: Any, files: Files) -> str:
        if DOCUMENT_LIST_MARKER in markdown and self.edition is not None:
            intro = self.edition.introduction.strip()
            listing = (intro + "\n\n" if intro else "") + document_list(self.edition)
            return markdown.replace(DOCUMENT_LIST_MARKER, listing)
        return markdown

    def on_serve(self, server: Any, /, *, config: Any, builder: Any) -> Any:
        server.watch(str(self._sources_dir(config)))
        if self._edition_file(config).exists():
            server.watch(str(self._edition_file(config)))
        return server

    def on_post_build(self, *, config: Any) -> None:
        from build_tools.site_fixups import fix_built_site

        fix_built_site(Path(config.site_dir))


def _source_page(file: str) -> str:
    from build_tools.stages.render import source_page

    return source_page(file)
