"""Chapters of a book in one cleaned file: which headings open a chapter (the segmenter opens a document at
each), confirmed by the file's table of contents where it has one.

A chapter opens at:

- a chapter-level heading (`structure.chapter_rank`) standing in a book's order: front matter, parts and
  chapters numbered upwards (the count starting again in each part), appendices, back matter. A heading
  repeating the one before is no new chapter (a running head left in the text); sections (第N节) under
  chapters are headings inside them; headings out of that order (two excerpts of one novel in a
  collection, the same chapter twice) open nothing;
- a classical heading, a name and 第N ('學而第一', '為政第二': `structure.chapter_rank` calls it 'named'),
  in a file without 第N章 chapters, when those count upwards from 一 through the file as bare numbers must
  (below); then they are chapters. Alone ('天下第一' is a phrase too) or out of such a run it opens nothing;
- in a file without such chapters (第N章, Chapter N), a heading numbered by a bare number
  (`structure.bare_heading_number`: '1 起步', '2 Git 基础') when those count upwards from 0 or 1 through
  the file (one number may be missing between two), at least half of the lines that could be such
  headings taking part (a lone number, a list item, a section '3.1 分支简介', a sentence or code never can);
- a heading the table of contents lists at chapter level (`toc_entries`), found in the text in the
  table's order, even when its own cue is weak (no number, a bare number out of a run).

A table of contents shows its levels by numbering (1 / 1.1), by indentation, or by chapter headings
(第N章 with unnumbered sections under them, all flush left). An entry is at chapter level when it is a
chapter-level heading; a bare-numbered one ('1 起步', '1. 起步') when the table has no 第N章/Part; an
unnumbered one, flush with the least indented entries, when the table has neither and shows a deeper
level. An entry with no heading of the same words in the text is reported (`toc_problems`).

A part heading (第一部分, Part II, 卷一) that the next chapter's heading follows at once is no document of
its own: it opens the chapter with it (its first title line; `stages.books` titles the chapter by its own
heading).
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from build_tools.records import Block, CleanText, Document, Problem, Removal
from build_tools.rules import structure
from build_tools.settings import DEFAULT_CLEAN, CleanConfig
from build_tools.stages.pages import line_key
from build_tools.stages.segment import clean_title, header_blocks
from build_tools.stages.toc import entry_key, entry_text

TOC_RULE = "table-of-contents"
_LETTERS = re.compile(r"\w")
_NUMBERED_ENTRY = re.compile(r"^\d{1,2}(?:[.．][ \u3000]*|[ \u3000]+)(?=[^\d\s.．])")  # 1. 起步; not 2020年, 1.1
_HEADING_MAX = 90  # a longer line is no heading (as a table of contents has it: `stages.toc`)
EntryLevel = Literal["chapter", "section", "weak"]


@dataclass(frozen=True)
class TocEntry:
    """One entry of a table of contents: its line, its words (leaders and page number gone), indentation."""

    line: int
    text: str
    indent: int
    level: EntryLevel


def _entry_level(text: str) -> EntryLevel:
    rank = structure.chapter_rank(text)
    if structure.SECTION_HEADING.match(text) or (rank is not None and rank[0] == "section"):
        return "section"
    if rank is not None or structure.bare_heading_number(text) is not None or _NUMBERED_ENTRY.match(text):
        return "chapter"
    return "weak"


def toc_entries(removals: Sequence[Removal]) -> list[TocEntry]:
    """The entries of the file's table of contents (its heading left out), from the cleaner's ledger."""
    entries = []
    for r in removals:
        if r.rule == TOC_RULE and not structure.TOC_HEADING.match(r.text.strip()):
            text = entry_text(r.text)
            if text:
                entries.append(TocEntry(r.line, text, r.column, _entry_level(text)))
    return entries


def chapter_level_entries(entries: Sequence[TocEntry]) -> list[TocEntry]:
    """The entries at chapter level (see the module's docstring)."""
    ranked_units = {rank[0] for e in entries if (rank := structure.chapter_rank(e.text)) is not None}
    if ranked_units & {"chapter", "part"}:
        return [e for e in entries if e.level == "chapter" and structure.chapter_rank(e.text) is not None]
    flush = min((e.indent for e in entries), default=0)
    deeper = any(e.level == "section" or e.indent > flush for e in entries)
    return [e for e in entries
            if e.level == "chapter" or (e.level == "weak" and deeper and e.indent == flush)]


def _is_numbered(text: str) -> bool:
    return structure.chapter_rank(text) is not None or structure.bare_heading_number(text) is not None


class _Headings:
    """The file's short title-like blocks, found by their words (whole, or without their numbering)."""

    def __init__(self, blocks: Sequence[Block]) -> None:
        self.texts: dict[int, str] = {}
        self.whole: dict[str, list[int]] = defaultdict(list)
        self.words: dict[str, list[int]] = defaultdict(list)  # any heading's; `first` keeps the numbered ones
        for i, b in enumerate(blocks):
            text = b.text.strip()
            if "code" in b.hints or len(text) > _HEADING_MAX or structure.SENTENCE_BREAK.search(text[:-1]):
                continue  # a heading may end on a question mark ('1.3. Git 是什么？'), not hold a sentence
            self.texts[i] = text
            self.whole[line_key(text)].append(i)
            self.words[entry_key(text)].append(i)

    def first(self, entry: TocEntry, start: int) -> int | None:
        """The first block from `start` on that is the entry's heading: the same words, numbering and all,
        or, for a numbered entry ('1. 起步'), a numbered heading of the same words ('第 1 章  起步'), else
        a heading of those words alone ('起步')."""
        whole = self.whole.get(line_key(entry.text), [])
        k = bisect.bisect_left(whole, start)
        found = [whole[k]] if k < len(whole) else []
        key = entry_key(entry.text)
        if key and (_is_numbered(entry.text) or _NUMBERED_ENTRY.match(entry.text)):
            words = self.words.get(key, [])
            numbered = next((i for i in words[bisect.bisect_left(words, start):] if _is_numbered(self.texts[i])), None)
            # else a heading of the words alone: the table numbers chapters the text does not ('3. 起步' / '起步')
            bare = self.whole.get(key, [])
            k = bisect.bisect_left(bare, start)
            found += [numbered] if numbered is not None else ([bare[k]] if k < len(bare) else [])
        return min(found) if found else None


def toc_openers(blocks: Sequence[Block], entries: Sequence[TocEntry]) -> list[int]:
    """The blocks that are the headings of the table's chapter-level entries, found in the table's order."""
    if not entries:
        return []
    headings = _Headings(blocks)
    opened: list[int] = []
    start = 0
    for entry in chapter_level_entries(entries):
        at = headings.first(entry, start)
        if at is not None:
            opened.append(at)
            start = at + 1
    return opened


def unmatched_entries(blocks: Sequence[Block], entries: Sequence[TocEntry]) -> list[TocEntry]:
    """The entries (any level) whose heading stands nowhere in the text."""
    if not entries:
        return []
    headings = _Headings(blocks)
    return [e for e in entries if headings.first(e, 0) is None]


def toc_problems(clean: CleanText) -> list[Problem]:
    """A warning for each entry of the file's table of contents with no heading in its text."""
    entries = toc_entries(clean.removals)
    return [Problem("warning", clean.source.file, e.line,
                    f"table of contents entry {e.text!r} has no heading of the same words in the text")
            for e in unmatched_entries(clean.blocks, entries)]


def _bare_run(blocks: Sequence[Block]) -> dict[int, int]:
    """{block: number} of the headings numbered by a bare number that count upwards (see the docstring)."""
    return _upward_run([(i, n) for i, b in enumerate(blocks)
                        if "code" not in b.hints and (n := structure.bare_heading_number(b.text)) is not None])


def _upward_run(candidates: Sequence[tuple[int, int]]) -> dict[int, int]:
    """{block: number} of the candidate headings that count upwards from 0 or 1, one number perhaps missing
    between two, when they are at least half of the candidates."""
    run: dict[int, int] = {}
    for i, n in candidates:
        if n <= 1 and len(run) < 2:
            run = {i: n}  # a run starts (again, after a lone false start)
        elif run and 0 < n - max(run.values()) <= 2:  # one heading may be missing (joined to its text, say)
            run[i] = n
    return run if 2 * len(run) >= len(candidates) else {}


def _in_book_order(blocks: Sequence[Block], ranked: list[tuple[int, tuple[str, int]]]) -> list[int]:
    level = "chapter" if any(unit == "chapter" for _, (unit, _) in ranked) else "section"
    stages = {"front": 0, "part": 1, level: 1, "appendix": 2, "back": 3}
    opened: list[int] = []
    stage, part, chapter, appendix, last = 0, 0, 0, 0, ""
    for i, (unit, n) in ranked:
        key = "".join(blocks[i].text.split())
        if unit not in stages or key == last:  # a section under a chapter; a repeated heading
            continue
        if stages[unit] < stage or (unit == "front" and stage > 0) or (unit == "part" and n <= part) \
                or (unit == level and n <= chapter) or (unit == "appendix" and n <= appendix):
            return []
        if unit == "part":
            part, chapter = n, 0
        elif unit == level:
            chapter = n
        elif unit == "appendix":
            appendix = n
        stage, last = stages[unit], key
        opened.append(i)
    return opened


def book_chapters(blocks: Sequence[Block], toc: Sequence[TocEntry] = ()) -> list[int]:
    """The blocks that open the chapters of a book (see the module's docstring), in text order."""
    ranked = [(i, rank) for i, b in enumerate(blocks)
              if "code" not in b.hints and (rank := structure.chapter_rank(b.text)) is not None]
    named = {} if any(unit == "chapter" for _, (unit, _) in ranked) else \
        _upward_run([(i, n) for i, (unit, n) in ranked if unit == "named"])
    ranked = [(i, ("chapter", named[i]) if unit == "named" else (unit, n)) for i, (unit, n) in ranked
              if unit != "named" or i in named]
    if not any(unit == "chapter" for _, (unit, _) in ranked):
        ranked = sorted([*ranked, *(((i, ("chapter", n)) for i, n in _bare_run(blocks).items()))])
    return sorted({*_in_book_order(blocks, ranked), *toc_openers(blocks, toc)})


def _is_part(text: str) -> bool:
    rank = structure.chapter_rank(text)
    return rank is not None and rank[0] == "part"


def mark_chapters(blocks: list[Block], config: CleanConfig = DEFAULT_CLEAN, toc: Sequence[TocEntry] = ()
                  ) -> list[Block]:
    """In a book (a file with `min_chapters` chapter openers, the documents they open `chapter_letters`
    letters long on average), the blocks that open chapters get the hint "chapter": the segmenter opens a
    document at each. A part heading the next chapter's heading follows at once opens that chapter with it."""
    headings = book_chapters(blocks, toc)
    opening = set(headings)
    for i in headings:
        if i + 1 in opening and _is_part(blocks[i].text) and not _is_part(blocks[i + 1].text):
            opening.discard(i + 1)
    if len(headings) < config.min_chapters:
        return blocks
    letters = sum(len(_LETTERS.findall(b.text)) for b in blocks[headings[0]:])
    if letters < config.chapter_letters * len(opening):
        return blocks
    marked = list(blocks)
    for i in sorted(opening):
        marked[i] = replace(blocks[i], hints=blocks[i].hints | {"chapter"})
    return marked


# --- a chapter's title, once the chapter is a document ------------------------------------------------

def chapter_title(doc: Document) -> str:
    """A chapter's title without the heading of the part it opens, a bare number kept apart from its words."""
    return _spaced_bare_number(doc, _without_part_heading(doc))


_FOLDED_BARE_NUMBER = re.compile(rf"^(\d{{1,2}})(?=[{structure.CJK}])")


def _spaced_bare_number(doc: Document, title: str) -> str:
    """A chapter headed by a bare number keeps the space after it ('1 起步'; folding the spaces between
    CJK characters and digits in a title made it '1起步')."""
    m = _FOLDED_BARE_NUMBER.match(title)
    if m and any(structure.bare_heading_number(b.text) == int(m.group(1))
                 for w in doc.witnesses for role, b in header_blocks(w.segment) if role == "title"):
        return f"{m.group(1)} {title[m.end():]}"
    return title


def _without_part_heading(doc: Document) -> str:
    """The chapter's title without the heading of the part it opens (the first of its two title lines)."""
    for w in doc.witnesses:
        titles = [b.text for role, b in header_blocks(w.segment) if role == "title"]
        if len(titles) < 2 or (rank := structure.chapter_rank(titles[0])) is None or rank[0] != "part":
            continue
        part = clean_title(titles[0])
        if doc.title.startswith(part) and doc.title[len(part):].strip():
            return doc.title[len(part):].strip()
    return doc.title
