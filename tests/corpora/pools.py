"""Text pools written by others: a novel, a translated manual, encyclopedic prose and (when present) poems.

The pools are small JSON fixtures under `tests/data/pools/` (sources and licences in LICENSES.md), each
a list of items `{"title", "paragraphs"}`. `text_pool` turns one into a `Pool` of its own sentences and
titles, as `sentence_pool` does for the seeds, so the honest generator composes documents the same way
from text nobody here wrote. The poems (`tests/data/poems/tang.json`, Traditional script) are another
engineer's fixture (with groups.json naming the entries that are one poem): they are used when the
file is there and skipped when it is not.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from build_tools.rules import structure
from build_tools.text import fold_text
from tests.corpora.pool import OPENERS, SENTENCE, Pool, good_title
from tests.project import ROOT

POOLS = ROOT / "tests" / "data" / "pools"
POEMS = ROOT / "tests" / "data" / "poems" / "tang.json"
PROSE_POOLS = ("book", "manual", "wiki")
SHORT_MIN, SHORT_MAX = 20, 100  # characters of a short document's text


@dataclass(frozen=True)
class Item:
    """One piece of a pool as its source has it: a chapter, a manual section, an article, a poem."""

    title: str
    paragraphs: tuple[str, ...]
    author: str = ""


def load_items(name: str, folder: Path = POOLS) -> tuple[Item, ...]:
    """The items of pool `name` (book, manual, wiki)."""
    data = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    return tuple(Item(i["title"], tuple(i["paragraphs"])) for i in data["items"])


def _same_poem(path: Path) -> set[str]:
    """Ids of entries that are another edition of an earlier entry (the fixture's groups.json says which)."""
    try:
        groups = json.loads((path.parent / "groups.json").read_text(encoding="utf-8")).get("same_poem", [])
    except (OSError, ValueError, AttributeError):
        return set()
    return {str(i) for group in groups if isinstance(group, list) for i in group[1:]}


def load_poems(path: Path | None = None) -> tuple[Item, ...]:
    """The poems (of `POEMS` by default), each once, or none while the fixture is missing (or unreadable:
    it is another engineer's file).

    The fixture holds some poems in several editions on purpose; for the honest corpus those would be
    copies of one document called different documents, so only the first edition of each is kept
    (poems that merely share a line with another stay: they are different poems).
    """
    path = path or POEMS
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    editions = _same_poem(path)
    poems = []
    for p in data if isinstance(data, list) else []:
        if str(p.get("id", "")) in editions:
            continue
        paragraphs = tuple(str(x).strip() for x in p.get("paragraphs", ()) if str(x).strip())
        title = str(p.get("title", "")).strip()
        if title and paragraphs:
            poems.append(Item(title, paragraphs, str(p.get("author", "")).strip()))
    return tuple(poems)


def _usable(sentence: str) -> bool:
    first = sentence[:1]
    return (10 <= len(sentence) <= 200 and bool(first)
            and (unicodedata.category(first)[0] in "LN" or first in OPENERS)
            and sum(structure.is_cjk(c) for c in sentence) * 2 > len(sentence) and "\u3000" not in sentence)


def _grams(text: str, n: int = 6) -> list[str]:
    return [text[i:i + n] for i in range(max(1, len(text) - n + 1))]


@lru_cache(maxsize=8)
def text_pool(name: str, folder: Path = POOLS) -> Pool:
    """Pool `name` as sentences (at 。！？) and titles, with the seeds' rules for what is usable.

    As in the seeds' pool, a sentence is kept only when at least half its 6-grams are new, so that
    documents drawn from different sentences do not look like copies of each other.
    """
    items = load_items(name, folder)
    sentences: list[str] = []
    seen: set[str] = set()
    titles: list[str] = []
    for item in items:
        # A title need not pass every cleaner cue (a manual's heading may end on a particle), but it must
        # stand on a line of its own: no sentence-ending punctuation, not too long.
        title = item.title.strip()
        if title and title not in titles and (good_title(title) or 4 <= len(title) <= 30) \
                and not SENTENCE.fullmatch(title):
            titles.append(title)
        for paragraph in item.paragraphs:
            for m in SENTENCE.finditer(paragraph):
                sentence = m.group().strip()
                if not _usable(sentence):
                    continue
                grams = _grams(fold_text(sentence))
                if sum(g in seen for g in grams) * 2 > len(grams):
                    continue
                seen.update(grams)
                sentences.append(sentence)
    joined = "\n".join(p for item in items for p in (item.title, *item.paragraphs))
    characters = "".join(sorted({c for c in joined if structure.is_cjk(c)}))
    return Pool(tuple(sentences), tuple(titles), (), (), "", characters, joined)


@lru_cache(maxsize=8)
def item_titles(name: str, folder: Path = POOLS) -> dict[str, str]:
    """Each sentence of pool `name` with the title of the item (chapter, section, article) it stands in."""
    titles: dict[str, str] = {}
    for item in load_items(name, folder):
        for paragraph in item.paragraphs:
            for m in SENTENCE.finditer(paragraph):
                titles.setdefault(m.group().strip(), item.title.strip())
    return titles


def short_pieces(pool: Pool, reserved: int) -> tuple[str, ...]:
    """Up to `reserved` sentences of 20–100 characters from the pool's end, kept out of its long documents.

    Short documents must not be a sentence of some long document: the truth would call them distinct,
    and a reader would not.
    """
    pieces = [s for s in reversed(pool.sentences) if SHORT_MIN <= len(s) <= SHORT_MAX]
    return tuple(pieces[:reserved])


def short_poems(poems: tuple[Item, ...]) -> tuple[Item, ...]:
    """Poems whose text (lines joined) is 20–100 characters long."""
    return tuple(p for p in poems if SHORT_MIN <= sum(map(len, p.paragraphs)) <= SHORT_MAX)
