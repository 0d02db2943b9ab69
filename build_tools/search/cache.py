"""The search index kept between the rebuilds of `mkdocs serve`, so that an edit redoes only what it touches.

`SearchCache` holds, from the last run: each chapter's record (keyed by its document, in one script),
each source page's record (keyed by its source), each page's keys and text files, and each group's
shard files with the weight of its lists. A run compares the pages' keys with the last run's; the
lists of the grams of a page that changed (old or new) are spliced (`splice`) in the shard files
that hold them, and only those files are written again. Everything is made afresh when that would
cost more (the lists of many grams changed, pages moved) or cannot be done (a list that must gain places, other
settings). What a run did not use is forgotten at its end.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from build_tools.editions import Script
from build_tools.records import Document, Edition, Source
from build_tools.search.files import (
    MAX_SHARDS,
    FileSizes,
    IndexFile,
    page_text_files,
    posting_bytes,
    posting_files,
    shard_file,
    shard_lists,
    shards_for,
)
from build_tools.search.keys import client_fold_map, key_text
from build_tools.search.postings import fnv1a, postings
from build_tools.search.splice import Segment, Unspliceable, page_segments, splice
from build_tools.search.units import Record, chapter_records, reading_base, source_record

__all__ = ["GroupFiles", "SearchCache"]

Keys = tuple[tuple[int, str], ...]  # a page's (unit, key) pairs
# The lists of the grams an edit touched are spliced when there are no more of them than the group's key
# characters over SPLICE_SHARE, or SPLICE_ALWAYS: beyond, making every list afresh (numpy) takes less.
SPLICE_SHARE = 256
SPLICE_ALWAYS = 1024


@dataclass(frozen=True)
class GroupFiles:
    """A group's index files and what search/config.js says of them."""

    files: list[IndexFile]  # the shard files, then the text files
    shards: int
    pages: int
    chars: frozenset[str]  # the characters of its keys


@dataclass
class _Page:
    """One page of a group, as the last run found it."""

    record: Record
    keys: Keys
    size: int  # characters of its keys
    chars: frozenset[str]  # of its keys
    shown: frozenset[str]  # of its texts (chapters only: the fold map needs the characters the client shows)
    files: list[IndexFile] = field(default_factory=list)
    made_for: tuple[int, int, int] = (-1, -1, -1)  # (page number, reading base, part) of `files`


def _page(record: Record, shows: bool) -> _Page:
    keys = tuple((unit, key_text(text)) for unit, text in record.units.items())
    shown = frozenset("".join(record.units.values())) if shows else frozenset()
    joined = "".join(k for _, k in keys)
    return _Page(record, keys, len(joined), frozenset(joined), shown)


def _count(counts: dict[str, int], chars: frozenset[str], change: int) -> None:
    for ch in chars:
        counts[ch] = counts.get(ch, 0) + change
        if not counts[ch]:
            del counts[ch]


def _shard(gram: str) -> int:
    return fnv1a([ord(c) for c in gram]) % MAX_SHARDS


@dataclass
class _GroupIndex:
    """One group's pages and shard files from the last run."""

    folder: str
    shows: bool  # keep the characters of the texts (`_Page.shown`)
    pages: list[_Page] = field(default_factory=list)
    shard_files: list[IndexFile] = field(default_factory=list)
    total: int = 0  # the lists' weight (`posting_bytes`), which sets the number of shards
    settings: tuple[int, int] | None = None  # (frequent, shard bytes) of the shard files
    # character -> how many pages have it, in their keys and in their texts
    key_chars: dict[str, int] = field(default_factory=dict)
    shown_chars: dict[str, int] = field(default_factory=dict)

    def update(self, records: Sequence[Record], base: int, part: int, frequent: int, shard_bytes: int) -> GroupFiles:
        known = {id(p.record): p for p in self.pages}
        pages = []
        for number, record in enumerate(records):
            page = known.get(id(record))
            if page is None or page.record is not record:
                page = _page(record, self.shows)
            if page.made_for != (number, base, part):
                page.files = page_text_files(number, record, base, self.folder, part)
                page.made_for = (number, base, part)
            pages.append(page)
        changed = self._changed([p.keys for p in self.pages], [p.keys for p in pages])
        settings = (frequent, shard_bytes)
        limit = max(sum(p.size for p in pages) // SPLICE_SHARE, SPLICE_ALWAYS)
        if changed is None or settings != self.settings or not self._splice(changed, limit, frequent, shard_bytes):
            self._rebuild([p.keys for p in pages], frequent, shard_bytes)
        self._count_chars(pages)
        self.pages, self.settings = pages, settings
        return GroupFiles(self.shard_files + [f for p in pages for f in p.files], len(self.shard_files), len(pages),
                          frozenset(self.key_chars))

    def _count_chars(self, pages: list[_Page]) -> None:
        """Count the characters of the pages that came and went (a union of every page's would take longer)."""
        old, new = {id(p) for p in self.pages}, {id(p) for p in pages}
        for page, change in [(p, -1) for p in self.pages if id(p) not in new] + [(p, 1) for p in pages
                                                                                if id(p) not in old]:
            _count(self.key_chars, page.chars, change)
            _count(self.shown_chars, page.shown, change)

    @staticmethod
    def _changed(old: list[Keys], new: list[Keys]) -> list[tuple[int, Keys | None, Keys | None]] | None:
        """(page, old keys, new keys) of the pages whose keys changed; None when pages moved."""
        if len(old) != len(new):
            same = min(len(old), len(new))
            if any(a is not b and a != b for a, b in zip(old[:same], new[:same], strict=True)):
                return None  # pages moved: every list after them changes
        out: list[tuple[int, Keys | None, Keys | None]] = []
        for page in range(max(len(old), len(new))):
            a = old[page] if page < len(old) else None
            b = new[page] if page < len(new) else None
            if a is not b and a != b:
                out.append((page, a, b))
        return out

    def _rebuild(self, pages: list[Keys], frequent: int, shard_bytes: int) -> None:
        lists = list(postings([(n, unit, key) for n, keys in enumerate(pages) for unit, key in keys],
                              MAX_SHARDS, frequent))
        self.total = sum(posting_bytes(p.gram, p.encoded) for p in lists)
        self.shard_files = posting_files(lists, self.folder, shards_for(self.total, shard_bytes))

    def _splice(self, changed: list[tuple[int, Keys | None, Keys | None]], limit: int, frequent: int,
                shard_bytes: int) -> bool:
        """Splice the lists of the grams of the changed pages; False (and nothing changed) when it cannot be done
        or more than `limit` lists changed."""
        changes: dict[str, list[tuple[int, Segment | None]]] = defaultdict(list)
        for page, old, new in changed:
            before = page_segments(old) if old else {}
            after = page_segments(new) if new else {}
            for gram in before.keys() | after.keys():
                if before.get(gram) != after.get(gram):
                    changes[gram].append((page, after.get(gram)))
            if len(changes) > limit:
                return False
        shards = len(self.shard_files)
        touched: dict[int, dict[str, str]] = {}
        total = self.total
        for gram, segments in changes.items():
            number = _shard(gram) % shards
            if number not in touched:
                touched[number] = shard_lists(self.shard_files[number])
            lists = touched[number]
            old_list = lists.pop(gram, None)
            try:
                new_list = splice(gram, old_list, segments, frequent)
            except Unspliceable:
                return False
            total += (posting_bytes(gram, new_list) if new_list is not None else 0) - (
                posting_bytes(gram, old_list) if old_list is not None else 0)
            if new_list is not None:
                lists[gram] = new_list
        self.total = total
        if shards_for(total, shard_bytes) != shards:  # regroup every list
            every: dict[int, dict[str, str]] = defaultdict(dict)
            shards = shards_for(total, shard_bytes)
            for number, file in enumerate(self.shard_files):
                for gram, encoded in (touched[number] if number in touched else shard_lists(file)).items():
                    every[_shard(gram) % shards][gram] = encoded
            self.shard_files = [shard_file(self.folder, n, every[n]) for n in range(shards)]
            return True
        files = list(self.shard_files)
        for number, lists in touched.items():
            files[number] = shard_file(self.folder, number, lists)
        self.shard_files = files
        return True


@dataclass
class SearchCache:
    """What `search_files` can reuse on the next run (see the module's docstring); pass it in explicitly."""

    _script: Script | None = None
    _base: int = 0
    _chapters: dict[str, tuple[Document, Record]] = field(default_factory=dict)  # document id ->
    _sources: dict[str, tuple[Source, Record]] = field(default_factory=dict)  # file name ->
    _chapter_index: _GroupIndex = field(default_factory=lambda: _GroupIndex("", shows=True))
    _source_index: _GroupIndex = field(default_factory=lambda: _GroupIndex("s/", shows=False))
    _fold: tuple[frozenset[str], frozenset[str], dict[str, str]] | None = None  # (shown, indexed, fold map)

    def chapter_records(self, edition: Edition, script: Script) -> tuple[list[Record], int]:
        """The chapters' records (`chapter_group`'s), those of unchanged documents from the last run."""
        base = reading_base(edition)
        if (script, base) != (self._script, self._base):
            self._chapters = {}
        self._script, self._base = script, base
        found: list[Record | None] = []
        missing: list[Document] = []
        for doc in edition.documents:
            cached = self._chapters.get(doc.id)
            if cached is not None and (cached[0] is doc or cached[0] == doc):
                found.append(cached[1])
            else:
                found.append(None)
                missing.append(doc)
        made = iter(chapter_records(missing, base, script))
        records = [record if record is not None else next(made) for record in found]
        self._chapters = {doc.id: (doc, record) for doc, record in zip(edition.documents, records, strict=True)}
        return records, base

    def source_records(self, edition: Edition) -> list[Record]:
        """The source pages' records (`source_group`'s), those of unchanged sources from the last run."""
        records = []
        for source in edition.sources:
            cached = self._sources.get(source.file)
            if cached is None or not (cached[0] is source or cached[0] == source):
                cached = (source, source_record(source))
            records.append(cached[1])
        self._sources = {s.file: (s, r) for s, r in zip(edition.sources, records, strict=True)}
        return records

    def groups(self, edition: Edition, script: Script, frequent: int,
               sizes: FileSizes) -> tuple[GroupFiles, GroupFiles]:
        """The chapters' and the source pages' index files."""
        records, base = self.chapter_records(edition, script)
        chapters = self._chapter_index.update(records, base, sizes.chapter_part, frequent, sizes.shard_bytes)
        sources = self._source_index.update(self.source_records(edition), 0, sizes.source_part, frequent,
                                            sizes.shard_bytes)
        return chapters, sources

    def fold_map(self, indexed: frozenset[str]) -> dict[str, str]:
        """`client_fold_map` of the chapters' texts (as `groups` last made them) and these key characters."""
        shown = frozenset(self._chapter_index.shown_chars)
        if self._fold is None or (shown, indexed) != self._fold[:2]:
            self._fold = (shown, indexed, client_fold_map(shown, set(indexed)))
        return self._fold[2]
