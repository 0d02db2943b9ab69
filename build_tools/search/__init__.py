"""The edition's own search: a sharded character-bigram index and a small client, nothing loaded until used.

Why not Material's search or Pagefind (measured in docs/performance.md, "Search"): Material loads
its whole lunr index on every page view (15.8 MB at 1000 documents) and ranks any word or prefix;
Pagefind downloads little and is fast online, but cannot run from file:// (ES modules, fetch and
WebAssembly are blocked there), does not fold Traditional and Simplified, and found nothing for a
quoted 6-character phrase. This index is one engine for both: files loaded by `<script>` tags,
character bigrams with positions (exact phrases without segmenting Chinese), keys folded to one
script at build and query time, variant readings and source pages indexed too.

`search_files(edition, script)` is the stage: from the records to the files of `search/`, which
the site copies as they are (`build_tools.search.files` lists them). `mkdocs serve` passes it a
`SearchCache` (`build_tools.search.cache`), so that a rebuild after an edit splices the lists the edit
touched instead of computing every list again; the files are the same. The client is
`overrides/assets/javascripts/search/search.js`; `overrides/main.html` loads it when the reader
first searches.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from build_tools.editions import SIMPLIFIED, Script
from build_tools.records import Edition
from build_tools.search.cache import GroupFiles, SearchCache
from build_tools.search.files import (
    MAX_SHARDS,
    FileSizes,
    IndexFile,
    config_file,
    posting_files,
    shard_count,
    text_files,
)
from build_tools.search.keys import client_fold_map, key_text
from build_tools.search.postings import postings
from build_tools.search.units import Group, chapter_group, reading_base, source_group

__all__ = ["FOLDER", "SearchCache", "SearchConfig", "group_keys", "publication_search_files", "search_files"]

FOLDER = "search/"  # under the edition's root
VERSION = 1  # of the file format (search.js refuses another)


@dataclass(frozen=True)
class SearchConfig:
    """Thresholds of the search index."""

    # A bigram standing in more places than this keeps its pages and counts only, not its places.
    frequent: int = 3000
    sizes: FileSizes = field(default_factory=FileSizes)


DEFAULT_SEARCH = SearchConfig()


def group_keys(group: Group) -> list[tuple[int, int, str]]:
    """(page, unit, key) of every unit of a group."""
    return [(page, unit, key_text(text)) for page, record in enumerate(group.records)
            for unit, text in record.units.items()]


def _group_files(group: Group, folder: str, part: int, config: SearchConfig) -> GroupFiles:
    keys = group_keys(group)
    indexed = frozenset(ch for _, _, key in keys for ch in key)
    lists = list(postings(keys, MAX_SHARDS, config.frequent))
    shards = shard_count(lists, config.sizes.shard_bytes)
    return GroupFiles(posting_files(lists, folder, shards) + text_files(group, folder, part), shards,
                      len(group.records), indexed)


def search_files(edition: Edition, script: Script = SIMPLIFIED, config: SearchConfig = DEFAULT_SEARCH,
                 cache: SearchCache | None = None) -> tuple[IndexFile, ...]:
    """Every file of the edition's search index, paths under `FOLDER`.

    With a `cache` (`mkdocs serve` keeps one across rebuilds), what the last run made from unchanged
    records is reused; the files are the same as without.
    """
    if cache is None:
        sources = _group_files(source_group(edition), "s/", config.sizes.source_part, config)
        return _script_files(edition, script, sources, config)
    base = reading_base(edition)
    chapters, sources = cache.groups(edition, script, config.frequent, config.sizes)
    fold = cache.fold_map(chapters.chars | sources.chars)
    return _index_files(script, base, chapters, sources, fold, config)


def publication_search_files(edition: Edition, scripts: tuple[Script, ...], config: SearchConfig = DEFAULT_SEARCH,
                             ) -> Iterator[tuple[tuple[Script, ...], IndexFile]]:
    """The search index of each script's site, with the scripts each file is for: the source pages' group,
    which no script changes (sources are indexed as they are, folded), is made once for all (at 20,000
    documents it is about half of the index's time). Each script's files are `search_files`'."""
    sources = _group_files(source_group(edition), "s/", config.sizes.source_part, config)
    shared = {FOLDER + f.path for f in sources.files}
    for n, script in enumerate(scripts):
        for f in _script_files(edition, script, sources, config):
            if f.path not in shared:
                yield (script,), f
            elif n == 0:
                yield scripts, f


def _script_files(edition: Edition, script: Script, sources: GroupFiles, config: SearchConfig,
                  ) -> tuple[IndexFile, ...]:
    chapter_units = chapter_group(edition, script)
    chapters = _group_files(chapter_units, "", config.sizes.chapter_part, config)
    shown = {ch for record in chapter_units.records for text in record.units.values() for ch in text}
    fold = client_fold_map(shown, set(chapters.chars | sources.chars))
    return _index_files(script, chapter_units.reading_base, chapters, sources, fold, config)


def _index_files(script: Script, base: int, chapters: GroupFiles, sources: GroupFiles, fold: dict[str, str],
                 config: SearchConfig) -> tuple[IndexFile, ...]:
    settings = {
        "version": VERSION,
        "language": script.language,
        "chapters": {"pages": chapters.pages, "shards": chapters.shards, "part": config.sizes.chapter_part,
                     "readings": base},
        "sources": {"pages": sources.pages, "shards": sources.shards, "part": config.sizes.source_part},
        "fold": "".join(a + b for a, b in sorted(fold.items())),
    }
    files = chapters.files + sources.files
    files.append(config_file(settings, files))
    return tuple(IndexFile(FOLDER + f.path, f.content) for f in files)
