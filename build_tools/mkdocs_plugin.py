"""MkDocs glue: reads the plugin's config, calls the pipeline and the publication; no text logic.

`on_config` loads the curator's file and places this build (an edition of the publication, or one
edition alone for `mkdocs serve`); `on_files` runs the pipeline and adds its pages as generated
files (nothing is written into docs/, so `mkdocs serve` never loops on its own output; `mkdocs serve
--dirty`, as `make serve` runs it, gets them as files of a folder outside the project, rewritten only
when they change, so MkDocs rebuilds the pages an edit changed: `build_tools.serve_cache`); `on_serve`
watches the sources; `on_post_build` fixes built assets and, for `mkdocs build`, publishes the rest.
"""

from __future__ import annotations

import logging
import os
import posixpath
import shutil
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from build_tools import print_assembly, publication
from build_tools.curation import Curation, CurationError
from build_tools.editions import SCRIPTS, TRADITIONAL, Script, published
from build_tools.footnote_html import footnotes_as_html, put_notes_back, relink, without_heading_numbers_in_toc
from build_tools.html_spill import HtmlSpill
from build_tools.ledger_html import lists_as_html, put_lists_back
from build_tools.markdown_blocks import LinearHtmlBlocks, put_back, set_aside
from build_tools.pipeline import (
    CURATION_FILE,
    PipelineError,
    SiteShape,
    StageCache,
    convert_page,
    hand_written_page,
    load_curation_file,
    prepare_folder,
    publication_files,
    site_pages,
    site_shape,
)
from build_tools.prepared_site import PreparationFailed, PreparedSite, mark_failed, wait_prepared, write_prepared
from build_tools.records import Edition
from build_tools.serve_cache import PageFolder, stale_pages
from build_tools.stages.render.common import CHAPTERS_FOLDER, chapter_page, raw_block_openings
from build_tools.stages.render.notes import lists_ledger
from build_tools.stages.render.print_view import is_print_page

log = logging.getLogger("mkdocs.plugins.reader-edition")


def page_url(target: str, page: File, files: Files) -> str | None:
    """Where a page's link to another page's source (`../sources/x.md`) goes in the built site, as MkDocs
    resolves the links Markdown makes (`_RelativePathTreeprocessor.path_to_url`); None: no such page."""
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page.src_uri), unquote(target)))
    found = files.get_file_from_path(path)
    return get_relative_url(found.url, page.url) if found is not None else None


class ReaderEditionConfig(base.Config):
    sources = c.Type(str, default="seeds")  # the sources folder, relative to mkdocs.yml
    edition = c.Optional(c.Type(str))  # the curator's file; default: edition.yml in the sources folder
    strict = c.Type(bool, default=False)  # a problem with the input fails the build
    script = c.Choice(tuple(SCRIPTS), default="hans")  # the script of the edition this build makes
    traditional = c.Choice(TRADITIONAL, default="hant")  # the publication's Traditional edition (OpenCC s2tw)
    editions = c.Type(bool, default=True)  # `mkdocs build`: the whole publication, every script
    offline_zip = c.Type(bool, default=True)  # …with the downloadable offline copy


class ReaderEditionPlugin(BasePlugin[ReaderEditionConfig]):
    member: publication.Member | None = None  # set by the publication on the builds it starts

    def __init__(self) -> None:
        super().__init__()
        self.command = "build"
        self.cache = StageCache()  # kept across `mkdocs serve` rebuilds: what an edit did not change is not redone
        self.page_folder: PageFolder | None = None  # `mkdocs serve --dirty`: the generated pages as files
        self.curation = Curation()
        self.pages: SiteShape | None = None
        # `mkdocs build`: the generated files are written once, for every edition of the publication, into
        # this folder (`prepared_site`), and the pages' HTML waits on disk between MkDocs' two passes.
        self.prepared: Path | None = None
        self.spill: HtmlSpill | None = None
        self.root: Path | None = None  # where the whole publication goes, when this build starts it
        self.published: publication.Member | None = None  # this build as a member of a publication
        self.members: publication.MemberBuilds | None = None  # the other editions' builds, started at on_config
        self.set_aside: dict[str, str] = {}  # page -> its raw block, between on_page_markdown and on_page_content
        self.notes: dict[str, str] = {}  # chapter page -> its notes' HTML, between the same two events
        self.lists: dict[str, list[str]] = {}  # notes ledger page -> its lists' HTML, between the same two events
        # The print view is made of the chapters' HTML (print_assembly): document id -> its chapter page's
        # HTML and URL, and the URL of the print page holding it. `mkdocs serve` keeps the HTML across
        # rebuilds (a page that was not rebuilt keeps its last HTML); a `mkdocs build` reads it back from
        # its spill.
        self.chapter_html: dict[str, str] = {}
        self.chapter_url: dict[str, str] = {}
        self.print_url: dict[str, str] = {}

    @property
    def script(self) -> Script:
        return self.member.script if self.member else SCRIPTS[self.config.script]

    def _paths(self, config: MkDocsConfig) -> tuple[Path, Path]:
        project = Path(config.config_file_path).parent
        sources = (project / self.config.sources).resolve()
        return sources, (project / self.config.edition).resolve() if self.config.edition else sources / CURATION_FILE

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.page_folder = PageFolder() if command == "serve" and dirty else None

    def on_shutdown(self) -> None:
        if self.page_folder is not None:
            self.page_folder.remove()
        self._remove_prepared()

    def _remove_prepared(self) -> None:
        if self.prepared is not None and (self.published is None or self.published.prepared != self.prepared):
            shutil.rmtree(self.prepared, ignore_errors=True)  # made by this build (a member's belongs to its starter)
        self.prepared = None
        if self.spill is not None:
            self.spill.remove()
            self.spill = None

    @event_priority(100)  # before the search plugin reads jieba_dict and the offline plugin adds its shim
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.curation = load_curation_file(self._paths(config)[1])
        except CurationError as exc:
            raise PluginError(f"reader-edition: {exc}") from exc
        script = self.script
        config.site_name = convert_page(self.curation.title or config.site_name, script)
        config.theme["language"] = script.theme_language
        if not any(isinstance(e, LinearHtmlBlocks) for e in config.markdown_extensions):
            config.markdown_extensions.append(LinearHtmlBlocks())  # last: it replaces md_in_html's parser
        dictionary = publication.search_dictionary(script)
        for name in ("search", "material/search"):
            if dictionary and name in config.plugins:  # jieba segments the index in the edition's script
                config.plugins[name].config.jieba_dict = str(dictionary)
        member = self.member
        if member is None and self.config.editions and self.command in ("build", "gh-deploy"):
            self.root = Path(config.site_dir)
            config.site_dir = str(self.root / script.folder)
            member = publication.Member(script, False, published(self.config.traditional))
            # The other editions are built meanwhile, each in a process of its own, from the files this
            # build prepares for them.
            self.prepared = Path(tempfile.mkdtemp(prefix="reader-edition-prepared-"))
            self.members = publication.start_members(Path(config.config_file_path), self.root, member,
                                                     bool(config.strict), self.prepared)
        if member is not None and member.prepared is not None:
            self.prepared = member.prepared
        if member is not None:
            config.site_url = publication.edition_url(config.site_url, member)
        self.published = member
        offline = config.plugins.get("material/offline") or config.plugins.get("offline")
        publication.configure_extra(config.extra, member, bool(offline and offline.config.enabled),
                                    self.config.offline_zip)
        return config

    def _prepare(self, config: MkDocsConfig) -> Edition:
        try:
            # Only `mkdocs serve` keeps what a stage made for the next rebuild: a build lets the edition go.
            cache = self.cache if self.command == "serve" else None
            edition, timings = prepare_folder(self._paths(config)[0], self.curation, config.site_name, log.debug,
                                              cache)
        except (PipelineError, CurationError) as exc:
            raise PluginError(f"reader-edition: {exc}") from exc
        # Problems with the input are the sources' business: shown, listed on the notes page, and
        # failing the build only with the plugin's `strict`.
        for problem in edition.problems:
            (log.warning if self.config.strict else log.info)(f"reader-edition: {problem}")
        if self.config.strict and edition.problems:
            raise PluginError(f"reader-edition: strict: {len(edition.problems)} problems in the sources")
        stages = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in timings.stages)
        log.info(f"reader-edition: {len(edition.documents)} documents from {len(edition.sources)} "
                 f"sources in {timings.total:.2f}s ({stages})")
        return edition

    def _prepared_site(self, config: MkDocsConfig) -> PreparedSite:
        """This build's files on disk: prepared here (for every edition of a publication this build
        starts), or, in a member's build, by the build that started the publication."""
        member = self.published
        if member is not None and member.prepared is not None:
            parent = os.getppid()
            try:
                return wait_prepared(member.prepared, self.script, lambda: os.getppid() == parent)
            except PreparationFailed as exc:
                raise PluginError(f"reader-edition: {exc}") from exc
        scripts = member.editions if member is not None and self.root is not None else (self.script,)
        if self.prepared is None:
            self.prepared = Path(tempfile.mkdtemp(prefix="reader-edition-prepared-"))
        try:
            edition = self._prepare(config)
            start = time.perf_counter()
            shapes = {script: site_shape(edition, config.nav, script) for script in scripts}
            sites = write_prepared(self.prepared, shapes, publication_files(edition, scripts))
        except BaseException:
            mark_failed(self.prepared, scripts)
            raise
        log.info(f"reader-edition: {len(sites[self.script].paths)} pages and files made for "
                 f"{len(scripts)} edition(s) in {time.perf_counter() - start:.2f}s")
        return sites[self.script]

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        if self.command == "serve":
            return self._serve_files(files, config)
        site = self._prepared_site(config)
        for path in site.paths:
            # A large edition's chapters are reached through catalogue pages, not the navigation, on purpose.
            inclusion = InclusionLevel.UNDEFINED if path in site.shape.listed else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, path, abs_src_path=str(site.file(path)), inclusion=inclusion))
        config.nav = site.shape.nav
        self.pages = site.shape
        self.spill = HtmlSpill()
        return files

    def _serve_files(self, files: Files, config: MkDocsConfig) -> Files:
        edition = self._prepare(config)
        start = time.perf_counter()
        pages = site_pages(edition, config.nav, self.script, cache=self.cache)
        self.pages = pages
        log.info(f"reader-edition: {len(pages.files)} pages and files made in {time.perf_counter() - start:.2f}s")
        folder = self.page_folder
        for page in pages.files:
            inclusion = InclusionLevel.UNDEFINED if page.path in pages.listed else InclusionLevel.NOT_IN_NAV
            # The print view assembles the chapters' HTML: handed over as content, it is built at every rebuild.
            if folder is None or is_print_page(page.path):
                files.append(File.generated(config, page.path, content=page.content, inclusion=inclusion))
            else:  # a file rewritten only when its content changed: MkDocs rebuilds it only then
                files.append(File.generated(config, page.path, abs_src_path=folder.write(page.path, page.content),
                                            inclusion=inclusion))
        config.nav = pages.nav
        if folder is not None:
            folder.forget_others(page.path for page in pages.files)
            # Every page shows the navigation and the site's name; hand-written pages the list of documents.
            navigation_changed = folder.shared_changed("navigation", repr((config.site_name, config.nav)))
            if folder.shared_changed("documents", pages.home_listing) and not navigation_changed:
                stale_pages(f for f in files if f.generated_by is None)
            if navigation_changed:
                stale = stale_pages(files)
                if stale:
                    log.info(f"reader-edition: the navigation changed: all {stale} pages are built again")
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.generated_by is None:
            return hand_written_page(markdown, self.pages, self.script)
        # Generated pages are in the edition's script already; their big raw HTML blocks need no Markdown.
        path = page.file.src_uri
        for opening in raw_block_openings(path):
            markdown, block = set_aside(markdown, opening)
            if block:
                self.set_aside[path] = block
                break
        if path.startswith(CHAPTERS_FOLDER):  # its notes, most of its Markdown, are made HTML at once
            markdown, self.notes[path] = footnotes_as_html(markdown)
        elif lists_ledger(path):  # so are the ledger's lists of removals, all of such a page
            markdown, self.lists[path] = lists_as_html(markdown)
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        html = put_back(html, self.set_aside.pop(page.file.src_uri, ""))
        def resolved(target: str) -> str | None:
            return page_url(target, page.file, files)

        lists = self.lists.pop(page.file.src_uri, [])
        if lists:
            html = put_lists_back(html, [relink(block, resolved) for block in lists])
        notes = self.notes.pop(page.file.src_uri, "")
        if notes:
            html = put_notes_back(html, relink(notes, resolved))
            without_heading_numbers_in_toc(page.toc)
        document = page.meta.get("document_id")
        if isinstance(document, str):  # a chapter page: its print view is made from this HTML
            if self.spill is None:
                self.chapter_html[document] = html
            self.chapter_url[document] = page.url
        if is_print_page(page.file.src_uri):
            for printed in print_assembly.printed_documents(html):
                self.print_url[printed] = page.url
        if self.spill is None:
            return html
        # Until the page is built, its HTML waits on disk; its Markdown is done with ("": not None, which
        # would take the page's title away).
        self.spill.put(page.file.src_uri, html)
        page.markdown = ""
        return ""

    @event_priority(100)  # first: the other plugins see the page's HTML
    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        spill = self.spill
        if spill is not None and page.file.src_uri in spill:
            page.content = spill.get(page.file.src_uri)
        # Every page's content exists now: a print page's placeholders are filled with the chapters.
        printed = print_assembly.printed_documents(page.content or "") if is_print_page(page.file.src_uri) else []
        if printed:
            places = print_assembly.PrintPlaces(self.chapter_url, self.print_url)
            chapters = ({d: spill.get(chapter_page(d)) for d in printed if chapter_page(d) in spill}
                        if spill is not None else self.chapter_html)
            page.content = print_assembly.assemble(page.content or "", page.url, chapters, places)
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if self.spill is not None:  # written: a build lets go of the page's HTML
            page.content = ""
        return output

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: object) -> LiveReloadServer:
        sources, curation_file = self._paths(config)
        server.watch(str(sources))
        if curation_file.exists():
            server.watch(str(curation_file))
        return server

    def on_build_error(self, *, error: Exception) -> None:
        if self.members is not None:  # no publication: the other editions' builds are not waited for
            self.members.stop()
        self._remove_prepared()

    @event_priority(-200)  # after the search index and the offline plugin's inlined index are written
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        publication.fix_built_site(Path(config.site_dir), self.script)
        if self.spill is not None:
            self.spill.remove()
            self.spill = None
        if self.root is None:
            return
        try:
            assert self.published is not None and self.members is not None  # set with root in on_config
            publication.publish(self.root, self.published, self.members, self.config.offline_zip)
        except publication.PublicationError as exc:
            raise PluginError(f"reader-edition: {exc}") from exc
        finally:
            self._remove_prepared()  # every member's build is over
        config.site_dir = str(self.root)  # gh-deploy pushes config.site_dir: the whole publication
        log.info(f"reader-edition: publication written to {self.root}")
