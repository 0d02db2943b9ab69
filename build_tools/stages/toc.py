"""A table of contents at the top of a copy: found, confirmed by the headings it lists, set apart.

A book's copy often opens with its table of contents: a heading (目录, 目錄, Contents), then one line
per chapter and section, with dot leaders and page numbers (`第 3 章  起步 ...... 2`), a tab and a page
number (Word), or numbers alone (`1. 標題`). Read as text, every entry would look like a heading and
the table like a string of tiny documents, or like one more copy of the headings. It is found here
as a run of entries and set apart (the cleaner drops it to the ledger as `table-of-contents`):

- the run starts at a table-of-contents heading, or, before the first line of prose, at an entry with
  dot leaders or a tab and a page number, or at a chapter heading;
- it goes on over entries (lines with dot leaders or a tab and a page number, chapter and section
  headings, numbered lines after a heading) and blank lines, and stops at anything else, or where an
  entry repeats one of the run (the first chapter's own heading: the text has begun);
- it holds at least `min_entries` entries, and that share of them (at least `min_entries`) name a
  heading that stands later in the file: the table confirms the chapter list, and only a confirmed
  table is set apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from build_tools.rules import structure

# What precedes a heading's own words: its number (第 3 章, 1.1., Chapter 2, 附录 A), and what follows
# them in an entry: dot leaders or a tab and a page number.
_NUMBERING = re.compile(
    rf"^(?:第\s*[{structure.CN_DIGITS}百千零两兩\d]+\s*(?:[章回节節篇卷部讲講集]|部\s*分)|章\s*\d+[.．]?"
    r"|(?:Chapter|CHAPTER|Part|PART)\s+\w+|附\s*[录錄]\s*[A-Z\d]+|(?:\d{1,3}|[A-Z])(?:[.．]\d{1,3})*[.．]?(?=\s))\s*"
)
_LEADER = re.compile(r"(?:\s*(?:[.．·]\s?){3,}\s*|\s*…{2,}\s*|\t+)\d{1,4}$")
_NUMBERED_ENTRY = re.compile(r"^\d{1,3}[.．、]\s*\S")
_SPACE = re.compile(r"[\s\u3000]+")


def entry_key(text: str) -> str:
    """The words of a heading or an entry, without numbering, leaders, page number and spaces."""
    text = _LEADER.sub("", text.strip())
    return _SPACE.sub("", _NUMBERING.sub("", text))


def entry_text(text: str) -> str:
    """An entry without its dot leaders (or tab) and page number: '第 3 章  起步 ...... 2' -> '第 3 章  起步'."""
    return _LEADER.sub("", text.strip()).strip()


def _entry(text: str, after_heading: bool) -> bool:
    if len(text) > 90 or "。" in text:
        return False
    if structure.TOC_ENTRY.match(text):
        return True
    if after_heading and structure.SECTION_HEADING.match(text) and len(text) <= 60 and not text.endswith(("：", ":")):
        return True  # under a contents heading, a numbered section with a comma: '1.3.1. 直接记录快照，而非差异比较'
    if re.search(r"[，,；;]", text) or text.endswith(("：", ":")):
        return False
    return bool(structure.is_chapter_heading(text)
                or structure.is_section_heading(text) or (after_heading and _NUMBERED_ENTRY.match(text)))


def toc_lines(texts: Sequence[str], min_entries: int = 3, skip: frozenset[int] = frozenset()) -> frozenset[int]:
    """0-based indexes of the lines of the file's (cleaned, stripped) `texts` that make up a confirmed
    table of contents, its heading included; `skip`: code lines, never part of one."""
    found: set[int] = set()
    prose_seen = False
    i, n = 0, len(texts)
    while i < n:
        text = texts[i]
        if not text or i in skip or len(text) > 90:
            prose_seen = prose_seen or (len(text) > 90 and i not in skip)
            i += 1
            continue
        heading = bool(structure.TOC_HEADING.match(text))
        starts = heading or (not prose_seen and (bool(_LEADER.search(text)) or structure.is_chapter_heading(text)))
        if not starts:
            prose_seen = prose_seen or structure.reads_as_prose(text)
            i += 1
            continue
        run = _run(texts, i + 1 if heading else i, heading, skip)
        if len(run) >= min_entries and _confirmed(texts, run, min_entries):
            found.update(run)
            if heading:
                found.add(i)
            i = run[-1] + 1
        else:
            prose_seen = prose_seen or structure.reads_as_prose(text)
            i += 1
    return frozenset(found)


def _run(texts: Sequence[str], start: int, after_heading: bool, skip: frozenset[int]) -> list[int]:
    """The entries from `start` on (blank lines between them allowed)."""
    run: list[int] = []
    first = ""
    seen: set[str] = set()
    for j in range(start, len(texts)):
        text = texts[j]
        if not text:
            continue
        if j in skip or not _entry(text, after_heading):
            break
        key, whole = entry_key(text), _SPACE.sub("", text)
        # The first entry again (numbered alike or not), or any entry again: the text has begun.
        if (run and key == first) or whole in seen:
            break
        first = first or key
        seen.add(whole)
        run.append(j)
    return run


def _confirmed(texts: Sequence[str], run: list[int], min_entries: int) -> bool:
    """Enough entries name a line that stands after the table (its heading, numbered alike or not)."""
    later = {entry_key(t) for t in texts[run[-1] + 1:] if t and len(t) <= 90}
    named = sum(1 for j in run if entry_key(texts[j]) in later - {""})
    return named >= max(min_entries, len(run) // 2)
