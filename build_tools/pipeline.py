"""The only place that knows the order of the stages (and, with the CLI and the publication, does I/O).

    read → chrome → clean → segment → [curator's exclusions] → cluster → collate → curate → books
        → parallels → render → convert

(When the curator excludes a copy of a book, the books are found a first time to know its segments,
which are then left out before clustering again: see `build_tools.stages.books`.)

`prepare_edition` runs the stages up to an `Edition`; `edition_files` renders it and converts it to
a script; `site_pages` adds what a site needs around the files (its navigation, the home page's
list of documents). The CLI and the MkDocs plugin call these, nothing else. `witness_text` and its
kin rebuild any copy from edition.json alone (`build_tools.reconstruct`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from build_tools.curation import Curation, load_curation
from build_tools.editions import SIMPLIFIED, Script
from build_tools.reconstruct import witness_body, witness_lines, witness_text
from build_tools.records import Book, CleanText, Document, Edition, Problem, Segment, Source, Work
from build_tools.search import SearchCache, publication_search_files, search_files
from build_tools.settings import (
    DEFAULT_CHROME,
    DEFAULT_CLEAN,
    DEFAULT_SEGMENT,
    DEFAULT_SETTINGS,
    ChromeConfig,
    CleanConfig,
    CollateConfig,
    SegmentConfig,
    Settings,
)
from build_tools.stages.books import copy_exclusions, curate_books, detect_books, exclude_copy_segments
from build_tools.stages.chapters import toc_problems
from build_tools.stages.chrome import find_chrome
from build_tools.stages.clean import clean_source
from build_tools.stages.cluster import ClusterCache, cluster_segments
from build_tools.stages.collate import collate_cluster, unique_ids
from build_tools.stages.convert import convert_files, convert_navigation, convert_page
from build_tools.stages.curate import apply_curation, exclude_segments, link_embedded, order_documents
from build_tools.stages.parallels import find_parallels
from build_tools.stages.read import read_file, read_sources
from build_tools.stages.render import (
    DEFAULT_RENDER,
    RenderConfig,
    RenderedFile,
    document_list,
    navigation,
    render_edition,
)
from build_tools.stages.render.navigation import EDITION_PAGES, nav_tree
from build_tools.stages.segment import segment_text

__all__ = [
    "CURATION_FILE", "DOCUMENT_LIST_MARKER", "PipelineError", "SitePages", "SiteShape", "StageCache", "Timings",
    "convert_page", "edition_files", "hand_written_page", "load_curation_file", "load_folder", "prepare_edition",
    "prepare_folder", "publication_files", "site_pages", "site_shape", "summary", "witness_body", "witness_lines",
    "witness_text",
]

DEFAULT_TITLE = "文献读本"
CURATION_FILE = "edition.yml"
DOCUMENT_LIST_MARKER = "<!-- reader-edition:documents -->"  # where a hand-written page lists the documents
Progress = Callable[[str], None]


class PipelineError(Exception):
    """An error the user must fix (missing folder, no readable source, …); the message says how."""


@dataclass(frozen=True)
class Timings:
    stages: tuple[tuple[str, float], ...]

    @property
    def total(self) -> float:
        return sum(t for _, t in self.stages)


def load_folder(folder: Path) -> list[tuple[str, bytes]]:
    """(name, bytes) of every regular file in a sources folder, by name; hidden files are skipped."""
    if not folder.is_dir():
        raise PipelineError(f"sources folder not found: {folder}")
    return [(p.name, p.read_bytes()) for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.startswith(".") and p.name != CURATION_FILE]


def load_curation_file(path: Path | None) -> Curation:
    """The curator's file, or no curation when there is none."""
    return load_curation(path) if path is not None and path.exists() else Curation()


@dataclass
class StageCache:
    """Results a rebuild after a small edit can reuse: the per-file stages (clean, segment), keyed by a
    source's content hash, each work's collation, keyed by its segments, and the pages of each document
    and source, keyed by what they are made from (`render_edition`'s memo).

    Page chrome (`stages.chrome`) is found across all sources on every run (one pass over their
    lines); a source is cleaned and segmented again only when its content or its chrome lines
    changed. A work is collated again only when one of its segments changed (segments are frozen
    records compared by value: text, roles, lines; those of an unchanged source are the very objects
    of the last run, found at once). `mkdocs serve` keeps one across rebuilds, so
    editing one source re-cleans and re-segments that source (and those whose chrome lines the edit
    changed), collates again the works its segments are in and renders again the pages whose records
    changed. It is passed in explicitly: the
    pipeline keeps no hidden state of its own. What a run did not use is forgotten at its end.
    """

    # a file's name and bytes -> what stage read made of them
    decoded: dict[tuple[str, bytes], tuple[Source | None, tuple[Problem, ...]]] = field(default_factory=dict)
    _decoded_now: dict[tuple[str, bytes], tuple[Source | None, tuple[Problem, ...]]] = field(default_factory=dict)
    # file and content hash -> (its chrome lines, the source cleaned without them, its segments)
    per_source: dict[str, tuple[frozenset[int], CleanText, tuple[Segment, ...]]] = field(default_factory=dict)
    # a work's segments -> (the collate settings, its document as collate_cluster made it)
    collated: dict[tuple[Segment, ...], tuple[CollateConfig, Document]] = field(default_factory=dict)
    _collated_now: set[tuple[Segment, ...]] = field(default_factory=set)
    # what a page is made from (render_edition's key) -> the page, before conversion to a script
    rendered: dict[_HashedOnce, str] = field(default_factory=dict)
    _rendered_now: dict[_HashedOnce, str] = field(default_factory=dict)
    # what stage cluster keeps of the last run (shingles, candidate pairs, verdicts on pairs of segments)
    cluster: ClusterCache = field(default_factory=ClusterCache)
    search: SearchCache = field(default_factory=SearchCache)  # the search index's own (build_tools.search.cache)

    def read_file(self, name: str, data: bytes) -> tuple[Source | None, tuple[Problem, ...]]:
        """`read_file(name, data)`, decoded again only when the file's name or bytes changed."""
        key = (name, data)
        cached = self.decoded.get(key)
        if cached is None:
            cached = read_file(name, data)
        self._decoded_now[key] = cached
        return cached

    def forget_unread(self) -> None:
        """Keep the files this run read only (the others changed or are gone)."""
        self.decoded, self._decoded_now = self._decoded_now, {}

    def clean_and_segment(self, sources: tuple[Source, ...], chrome_config: ChromeConfig = DEFAULT_CHROME,
                          clean_config: CleanConfig = DEFAULT_CLEAN, segment_config: SegmentConfig = DEFAULT_SEGMENT,
                          ) -> tuple[tuple[CleanText, ...], tuple[Segment, ...]]:
        chrome = find_chrome(sources, chrome_config)
        results = []
        for source in sources:
            key = f"{source.file}\0{source.sha256}"
            lines = chrome.get(source.file, frozenset())
            cached = self.per_source.get(key)
            if cached is None or cached[0] != lines:
                clean = clean_source(source, lines, clean_config)
                cached = self.per_source[key] = (lines, clean, segment_text(clean, segment_config))
            results.append(cached)
        wanted = {f"{s.file}\0{s.sha256}" for s in sources}
        for key in [k for k in self.per_source if k not in wanted]:  # forget deleted or changed files
            del self.per_source[key]
        return tuple(c for _, c, _ in results), tuple(seg for _, _, segs in results for seg in segs)

    def collate(self, work: Work, config: CollateConfig) -> Document:
        """`collate_cluster(work, config=config)`, done again only when the work's segments or the settings changed."""
        key = work.segments
        cached = self.collated.get(key)
        if cached is None or cached[0] != config:
            cached = self.collated[key] = (config, collate_cluster(work, config=config))
        self._collated_now.add(key)
        return cached[1]

    def forget_unused(self) -> None:
        """Forget the collations this run did not ask for (works that changed or are gone)."""
        for key in [k for k in self.collated if k not in self._collated_now]:
            del self.collated[key]
        self._collated_now.clear()

    def render(self, key: Hashable, make: Callable[[], str]) -> str:
        """The page made from what `key` holds: made again only when it changed (`render_edition`'s memo)."""
        hashed = _HashedOnce(key)
        page = self.rendered.get(hashed)
        if page is None:
            page = make()
        self._rendered_now[hashed] = page
        return page

    def forget_unrendered(self) -> None:
        """Keep the pages this run asked for only (the others' records changed, or they are gone)."""
        self.rendered, self._rendered_now = self._rendered_now, {}


class _HashedOnce:
    """A key whose hash is computed once: a page's key holds whole records (a document with its copies),
    hashed in depth each time a tuple's hash is asked for."""

    __slots__ = ("hash", "key")

    def __init__(self, key: Hashable) -> None:
        self.key = key
        self.hash = hash(key)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _HashedOnce) and self.hash == other.hash and self.key == other.key


class _Clock:
    """Time spent in each stage."""

    def __init__(self) -> None:
        self.stages: list[tuple[str, float]] = []
        self.start = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.stages.append((name, now - self.start))
        self.start = now


def prepare_edition(files: Iterable[tuple[str, bytes]], title: str = DEFAULT_TITLE,
                    progress: Progress | None = None,
                    curation: Curation | None = None,
                    cache: StageCache | None = None,
                    settings: Settings = DEFAULT_SETTINGS) -> tuple[Edition, Timings]:
    """Run every stage from raw files to an `Edition` (nothing is written)."""
    say = progress or (lambda _msg: None)
    curation = curation or Curation()
    clock = _Clock()
    files = list(files)
    cache = cache or StageCache()
    sources, problems = read_sources(files, cache.read_file)
    cache.forget_unread()
    clock.lap("read")
    say(f"read: {len(sources)} sources, {len(files) - len(sources)} skipped, {len(problems)} problems")
    cleaned, all_segments = cache.clean_and_segment(sources, settings.chrome, settings.clean, settings.segment)
    clock.lap("clean+segment")
    problems = (*problems, *(p for c in cleaned for p in toc_problems(c)))  # a contents entry without heading
    removed = [r for c in cleaned for r in c.removals]
    segments, excluded = exclude_segments(all_segments, curation)
    removed.extend(excluded)
    say(f"clean: {len(removed)} removals; segment: {len(segments)} segments")
    known: tuple[Book, ...] = ()
    excluded_copies: dict[str, set[str]] = {}
    if any(entry.exclude_copies for entry in curation.books.values()):
        # A first pass finds the books with every copy (without the curator's document entries, whose ids
        # may exist only once the copy is out), to know the segments of the copies the curator leaves out.
        first = _documents(segments, Curation(file=curation.file), settings, say, clock, cache)
        known = detect_books(first, removed, settings.books)
        excluded_copies, left_out = copy_exclusions(known, first, curation)
        segments, dropped = exclude_copy_segments(segments, left_out)
        removed.extend(dropped)
        say(f"books: {len(left_out)} segments of excluded copies left out")
    documents = _documents(segments, curation, settings, say, clock, cache)
    cache.forget_unused()
    books = detect_books(documents, removed, settings.books, known, excluded_copies)
    documents, books = curate_books(documents, books, curation)
    clock.lap("books")
    say(f"books: {len(books)} books of {sum(len(b.chapters) for b in books)} chapters")
    documents = list(find_parallels(documents, settings.parallels))
    clock.lap("parallels")
    say(f"parallels: {sum(len(d.parallels) for d in documents) // 2} passages shared by documents that are not copies")
    edition = Edition(title=curation.title or title, sources=sources, documents=tuple(documents),
                      removed=tuple(sorted(removed, key=lambda r: (r.source, r.line, r.column))),
                      problems=tuple(problems), introduction=curation.introduction, books=books)
    return edition, Timings(tuple(clock.stages))


def _documents(segments: tuple[Segment, ...], curation: Curation, settings: Settings, say: Progress,
               clock: _Clock, cache: StageCache) -> list[Document]:
    """cluster → collate → curate: the documents in reading order, with the curator's decisions."""
    works = cluster_segments(segments, settings.cluster, cache.cluster)
    clock.lap("cluster")
    say(f"cluster: {len(works)} works")
    collated = []
    for n, work in enumerate(works, start=1):
        collated.append(cache.collate(work, settings.collate))
        if n % 500 == 0:  # long runs show they are moving
            say(f"collate: {n}/{len(works)} works")
    documents = unique_ids(collated)
    work_of = {d.id: w for d, w in zip(documents, works, strict=True)}
    documents = apply_curation(documents, work_of, curation,
                               lambda work, choices: collate_cluster(work, choices, settings.collate))
    documents = order_documents(link_embedded(documents), curation)
    clock.lap("collate")
    say(f"collate: {len(documents)} documents, {sum(len(d.variants) for d in documents)} variant places")
    return documents


def prepare_folder(folder: Path, curation: Curation, title: str = DEFAULT_TITLE, progress: Progress | None = None,
                   cache: StageCache | None = None, settings: Settings = DEFAULT_SETTINGS) -> tuple[Edition, Timings]:
    """`prepare_edition` on every file of a sources folder; a folder with no readable source is an error."""
    files = load_folder(folder)
    if not files:
        raise PipelineError(f"no source files in {folder}")
    edition, timings = prepare_edition(files, title, progress, curation, cache, settings)
    if not edition.sources:
        raise PipelineError(f"none of the {len(files)} files in {folder} could be read as text")
    return edition, timings


def edition_files(edition: Edition, script: Script = SIMPLIFIED, config: RenderConfig = DEFAULT_RENDER,
                  cache: StageCache | None = None) -> tuple[RenderedFile, ...]:
    """Every generated file of the edition, in `script`: the render and convert stages (with a cache, the
    pages of unchanged documents and sources are those of the last run)."""
    if cache is None:
        return tuple(convert_files(render_edition(edition, config), script))
    files = tuple(convert_files(render_edition(edition, config, cache.render), script))
    cache.forget_unrendered()
    return files


@dataclass(frozen=True)
class SiteShape:
    """What a site shows of an edition besides its files: its navigation, what it lists, the home page's table."""

    nav: list[Any]  # MkDocs' nav: the configured pages, chapters (or catalogue pages), sources, edition pages
    listed: frozenset[str]  # paths the navigation lists; the others are reached through pages
    home_listing: str  # Markdown for the home page: the curator's introduction and the table of documents


@dataclass(frozen=True)
class SitePages(SiteShape):
    """A site's shape with every file of it, in memory (what `mkdocs serve` keeps between rebuilds)."""

    files: tuple[RenderedFile, ...] = ()


def site_shape(edition: Edition, configured_nav: list[Any] | None, script: Script = SIMPLIFIED,
               config: RenderConfig = DEFAULT_RENDER) -> SiteShape:
    """The navigation and home-page listing of a site of the edition in `script`."""
    listed = navigation(edition, config)
    paths = {e.path for e in (*listed.documents, *listed.sources)} | set(EDITION_PAGES.values())
    paths |= {p for b in listed.books for p in (b.page, *(e.path for e in b.chapters))}
    intro = edition.introduction.strip()
    home = (intro + "\n\n" if intro else "") + document_list(edition)
    nav = nav_tree(convert_navigation(listed, script), configured_nav, lambda text: convert_page(text, script))
    return SiteShape(nav, frozenset(paths), convert_page(home, script))


def site_pages(edition: Edition, configured_nav: list[Any] | None, script: Script = SIMPLIFIED,
               config: RenderConfig = DEFAULT_RENDER, cache: StageCache | None = None) -> SitePages:
    """The edition's files, navigation and home-page listing for a site in `script`."""
    shape = site_shape(edition, configured_nav, script, config)
    search = search_files(edition, script, cache=cache.search if cache else None)  # stage search: search/
    files = edition_files(edition, script, config, cache) + search
    return SitePages(shape.nav, shape.listed, shape.home_listing, files)


def publication_files(edition: Edition, scripts: tuple[Script, ...], config: RenderConfig = DEFAULT_RENDER,
                      ) -> Iterator[tuple[tuple[Script, ...], RenderedFile]]:
    """Every generated file of the sites of the edition in `scripts`, one at a time, with the scripts it
    is for: the edition is rendered once and each file converted to every script as it comes (a
    publication's editions share the render; a file no script changes comes once, for all), then each
    script's search index."""
    for rendered in render_edition(edition, config):
        converted = [(script, next(convert_files((rendered,), script))) for script in scripts]
        if all(f is rendered for _, f in converted):
            yield scripts, rendered
        else:
            yield from (((script,), f) for script, f in converted)
    yield from publication_search_files(edition, scripts)


def hand_written_page(markdown: str, pages: SiteShape | None, script: Script = SIMPLIFIED) -> str:
    """A page of docs/ in the edition's script, with the list of documents where it asks for it."""
    markdown = convert_page(markdown, script)
    if DOCUMENT_LIST_MARKER in markdown and pages is not None:
        markdown = markdown.replace(DOCUMENT_LIST_MARKER, pages.home_listing)
    return markdown


def summary(edition: Edition) -> str:
    chars = sum(len(r.text) for r in edition.removed)
    books = f" ({len(edition.books)} books)" if edition.books else ""
    return (f"{len(edition.sources)} files read, {len(edition.documents)} documents{books}, "
            f"{chars} characters removed as noise ({len(edition.removed)} removals), "
            f"{len(edition.problems)} problems")
