"""The index as files a browser loads with `<script>` tags (so it works from file:// as over HTTP).

Every file calls one function of the client, `__readerSearch.add(name, data)` (or `.config(data)`):

    search/config.js          shard counts, group sizes, the characters the client must fold, a build id
    search/p/<n>.js           chapters: the postings of the grams whose hash falls in shard n
    search/t/<d>.<k>.js       chapter d: title, address and the text of units 16k … 16k+15
    search/t/<d>.r.js         chapter d: its reading units, with who reads them and the note's id
    search/s/p/<n>.js         source pages: postings
    search/s/t/<s>.<k>.js     source page s: file name, address and lines 64k … 64k+63

Nothing here is loaded until the reader searches (the page carries only a loader of a few lines).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from build_tools.search.postings import Posting
from build_tools.search.units import Group, Record
from build_tools.stages.render.common import RenderedFile as IndexFile

__all__ = ["FileSizes", "IndexFile", "config_file", "page_text_files", "posting_bytes", "posting_files", "shard_count",
           "shard_file", "shard_lists", "shards_for", "text_files"]

MAX_SHARDS = 4096  # postings are computed for this many shards, then folded into fewer (a power of two)


@dataclass(frozen=True)
class FileSizes:
    """Sizes that decide how a group's files are cut."""

    shard_bytes: int = 12_000  # postings per shard file, aimed at (a query loads a few)
    chapter_part: int = 16  # units per chapter text file
    source_part: int = 64  # lines per source text file


def _js(call: str, name: str | None, data: Any) -> str:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    head = f"__readerSearch.{call}(" + (json.dumps(name) + "," if name is not None else "")
    return f"{head}{body});\n"


def posting_bytes(gram: str, encoded: str) -> int:
    """What one list adds to a shard file, as `shard_count` reckons it."""
    return len(gram) * 3 + len(encoded) + 6


def shards_for(total: int, target: int) -> int:
    """Shards for a group whose lists weigh `total`: a power of two, so that a shard holds about `target` bytes."""
    count = 16
    while count < MAX_SHARDS and total / count > target:
        count *= 2
    return count


def shard_count(postings: list[Posting], target: int) -> int:
    """Shards for a group: a power of two, so that a shard holds about `target` bytes."""
    return shards_for(sum(posting_bytes(p.gram, p.encoded) for p in postings), target)


def shard_file(folder: str, number: int, grams: dict[str, str]) -> IndexFile:
    """Shard file `number` of a group: its grams' lists."""
    return IndexFile(f"{folder}p/{number}.js", _js("add", f"{folder}p/{number}", grams))


def shard_lists(file: IndexFile) -> dict[str, str]:
    """The lists a shard file holds (`shard_file` read back)."""
    content = file.content
    return dict(json.loads(content[content.index(",") + 1:-3]))


def posting_files(postings: Iterable[Posting], folder: str, shards: int) -> list[IndexFile]:
    """The shard files of a group (`postings` computed for MAX_SHARDS, folded into `shards`); empty ones too."""
    by_shard: dict[int, dict[str, str]] = {n: {} for n in range(shards)}
    for p in postings:
        by_shard[p.shard % shards][p.gram] = p.encoded
    return [shard_file(folder, n, grams) for n, grams in sorted(by_shard.items())]


def page_text_files(number: int, record: Record, reading_base: int, folder: str, part: int) -> list[IndexFile]:
    """The text files of page `number` of a group: its units in parts of `part` units, readings apart."""
    parts: dict[str, dict[str, Any]] = defaultdict(dict)
    for unit, text in record.units.items():
        name = "r" if reading_base and unit >= reading_base else str(unit // part)
        parts[name][str(unit)] = text
    out = []
    for name, units in sorted(parts.items()):
        data: dict[str, Any] = {"t": record.title, "u": record.url, "x": units}
        if name == "r":
            data["r"] = {str(u): [r.paragraph, r.start, r.end, r.copies, r.note, r.lemma]
                         for u, r in record.readings.items()}
        key = f"{folder}t/{number}.{name}"
        out.append(IndexFile(f"{key}.js", _js("add", key, data)))
    return out


def text_files(group: Group, folder: str, part: int) -> list[IndexFile]:
    """The text files of a group: each page's units in parts of `part` units, readings apart."""
    return [f for number, record in enumerate(group.records)
            for f in page_text_files(number, record, group.reading_base, folder, part)]


def config_file(settings: dict[str, Any], files: list[IndexFile]) -> IndexFile:
    """search/config.js, with a build id that changes whenever any index file does (cache busting)."""
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.path.encode("utf-8"))
        digest.update(f.content.encode("utf-8"))
    return IndexFile("config.js", _js("config", None, {**settings, "build": digest.hexdigest()[:12]}))
