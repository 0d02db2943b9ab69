"""The edition's own search: a sharded character-bigram index and a small client, nothing loaded until used.

Why not Material's search or Pagefind (measured in docs/performance.md, "Search"): Material loads
its whole lunr index on every page view (15.8 MB at 1000 documents) and ranks any word or prefix;
Pagefind downloads little and is fast online, but cannot run from file:// (ES modules, fetch and
WebAssembly are blocked there), does not fold Traditional and Simplified, and found nothing for a
quoted 6-character phrase. This index is one engine for both: files loaded by `<script>` tags,
character bigrams with positions (exact phrases without segmenting Chinese), keys folded to one
script at build and query time, variant readings and source pages indexed too.

`search_files(edition, script)` is the stage: from the records to the files of `search/`, which
the site copies as they are (`build_tools.search.files` lists them). The client is
`overrides/assets/javascripts/search/search.js`; `overrides/main.html` loads it when the reader
first searches.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from build_tools.editions import SIMPLIFIED, Script
from build_tools.records import Edition
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
from build_tools.search.units import Group, chapter_group, source_group

__all__ = ["FOLDER", "SearchConfig", "group_keys", "search_files"]

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


def _group_files(group: Group, folder: str, part: int, config: SearchConfig) -> tuple[list[IndexFile], int, set[str]]:
    keys = group_keys(group)
    indexed = {ch for _, _, key in keys for ch in key}
    lists = list(postings(keys, MAX_SHARDS, config.frequent))
    shards = shard_count(lists, config.sizes.shard_bytes)
    return posting_files(lists, folder, shards) + text_files(group, folder, part), shards, indexed


def search_files(edition: Edition, script: Script = SIMPLIFIED,
                 config: SearchConfig = DEFAULT_SEARCH) -> tuple[IndexFile, ...]:
    """Every file of the edition's search index, paths under `FOLDER`."""
    chapters, sources = chapter_group(edition, script), source_group(edition)
    chapter_files, chapter_shards, indexed = _group_files(chapters, "", config.sizes.chapter_part, config)
    source_files, source_shards, source_chars = _group_files(sources, "s/", config.sizes.source_part, config)
    shown = {ch for record in chapters.records for text in record.units.values() for ch in text}
    fold = client_fold_map(shown, indexed | source_chars)
    settings = {
        "version": VERSION,
        "language": script.language,
        "chapters": {"pages": len(chapters.records), "shards": chapter_shards, "part": config.sizes.chapter_part,
                     "readings": chapters.reading_base},
        "sources": {"pages": len(sources.records), "shards": source_shards, "part": config.sizes.source_part},
        "fold": "".join(a + b for a, b in sorted(fold.items())),
    }
    files = chapter_files + source_files
    files.append(config_file(settings, files))
    return tuple(IndexFile(FOLDER + f.path, f.content) for f in files)
