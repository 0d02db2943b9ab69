"""The true books: each fixture of tests/data/books parsed into a `Book` of `Chapter`s.

Two fixture shapes (see tests/data/books/LICENSES.md for where they come from):
- "novel": plain text, one paragraph a line, chapters opened by a `第N回` heading line;
- "markdown": `# ` chapter headings, `## `/`### ` section headings, fenced code blocks, one
  paragraph a line, the first line the book's title.

A book can be had in the other script (`Book.in_script`): OpenCC converts headings and paragraphs;
code stays verbatim, as technical content must.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Literal

from tests.project import ROOT

DATA = ROOT / "tests" / "data" / "books"

Script = Literal["simplified", "traditional"]
BlockKind = Literal["paragraph", "heading", "code"]

_NOVEL_HEADING = re.compile(r"^第[一二三四五六七八九十百零〇\d]+回[\u3000 ]")
_NUMBERED_CHAPTER = re.compile(r"^第[一二三四五六七八九十百零〇\d]+章[\u3000 ]+(\S.*)$")
# A fence opens a code block: three or more backticks or tildes, indented by three spaces at most; the
# block ends at a bare fence of the same character at least as long (CommonMark), nested fences aside
# (`_closing_fence`).
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")


@dataclass(frozen=True)
class Block:
    """A paragraph, a section heading (level 2 or 3) or a code block (its lines joined by "\\n")."""

    kind: BlockKind
    text: str
    level: int = 0
    language: str = ""

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(self.text.split("\n")) if self.kind == "code" else (self.text,)


@dataclass(frozen=True)
class Chapter:
    """One chapter: its number (1-based), heading line and blocks, in reading order; `part`: the heading
    of the part it opens (printed on the line before its own heading), if it opens one."""

    number: int
    heading: str
    blocks: tuple[Block, ...]
    part: str = ""

    @property
    def code_lines(self) -> tuple[str, ...]:
        return tuple(line for b in self.blocks if b.kind == "code" for line in b.lines)

    @property
    def chars(self) -> int:
        """Characters of its heading and text (newlines not counted)."""
        return len(self.heading) + sum(len(line) for b in self.blocks for line in b.lines)


@dataclass(frozen=True)
class Book:
    """A book as its fixture has it, or converted to the other script."""

    name: str
    title: str
    script: Script
    licence: str
    chapters: tuple[Chapter, ...]

    @property
    def chars(self) -> int:
        return sum(c.chars for c in self.chapters)

    @property
    def has_code(self) -> bool:
        return any(c.code_lines for c in self.chapters)

    def in_script(self, script: Script) -> Book:
        """The same book in `script` (OpenCC, character-level; code blocks untouched)."""
        if script == self.script:
            return self
        convert = Convert("t2s.json" if script == "simplified" else "s2t.json")
        chapters = tuple(
            Chapter(c.number, convert(c.heading),
                    tuple(b if b.kind == "code" else Block(b.kind, convert(b.text), b.level, b.language)
                          for b in c.blocks), convert(c.part) if c.part else "")
            for c in self.chapters)
        return Book(self.name, convert(self.title), script, self.licence, chapters)

    def with_bare_numbers(self) -> Book:
        """The same book with its numbered chapters headed by a bare number, as many manuals print them:
        '第一章 起步' -> '1 起步' (the n-th numbered chapter gets n; 序, 引言, 附录 A keep their headings)."""
        chapters, n = [], 0
        for c in self.chapters:
            m = _NUMBERED_CHAPTER.match(c.heading)
            if m:
                n += 1
                c = replace(c, heading=f"{n} {m.group(1)}")
            chapters.append(c)
        return replace(self, chapters=tuple(chapters))

    def without_chapter_numbers(self) -> Book:
        """The same book with its numbered chapters headed by their words alone: '第一章 起步' -> '起步'."""
        return replace(self, chapters=tuple(
            replace(c, heading=m.group(1)) if (m := _NUMBERED_CHAPTER.match(c.heading)) else c
            for c in self.chapters))

    def with_parts(self, parts: dict[int, str]) -> Book:
        """The same book with part headings: {chapter number: heading of the part that chapter opens}."""
        return replace(self, chapters=tuple(replace(c, part=parts.get(c.number, c.part)) for c in self.chapters))


@dataclass(frozen=True)
class BookSpec:
    """Where a fixture is and how to read it."""

    name: str
    path: Path
    shape: Literal["novel", "markdown"]
    script: Script
    licence: str
    title: str = ""  # the novel fixture has no title line


BOOKS: dict[str, BookSpec] = {
    "rulin": BookSpec("rulin", DATA / "rulin" / "rulin-waishi.zh-Hant.txt", "novel", "traditional",
                      "public domain (吳敬梓, d. 1754)", title="儒林外史"),
    "progit": BookSpec("progit", DATA / "progit" / "progit-zh.md", "markdown", "simplified",
                       "CC BY-NC-SA 3.0 (Pro Git, Scott Chacon and Ben Straub; zh-CN translation)"),
}


@cache
def _opencc(config: str) -> object:
    import opencc

    return opencc.OpenCC(config)


class Convert:
    """A callable OpenCC conversion (the opencc module has no type hints)."""

    def __init__(self, config: str) -> None:
        self.config = config

    def __call__(self, text: str) -> str:
        return str(_opencc(self.config).convert(text))  # type: ignore[attr-defined]


def parse_novel(text: str) -> list[Chapter]:
    chapters: list[Chapter] = []
    heading, blocks = "", list[Block]()
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        if _NOVEL_HEADING.match(line):
            if heading:
                chapters.append(Chapter(len(chapters) + 1, heading, tuple(blocks)))
            heading, blocks = line, []
        elif heading:
            blocks.append(Block("paragraph", line))
    if heading:
        chapters.append(Chapter(len(chapters) + 1, heading, tuple(blocks)))
    return chapters


def parse_markdown(text: str) -> tuple[str, list[Chapter]]:
    """(title, chapters) of a Markdown fixture."""
    lines = text.split("\n")
    title = lines[0].removeprefix("# ").strip()
    chapters: list[Chapter] = []
    heading, blocks = "", list[Block]()
    i = 1
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        if fence and not (fence.group(1)[0] == "`" and "`" in fence.group(2)):
            end = _closing_fence(lines, i + 1, fence.group(1))
            blocks.append(Block("code", "\n".join(lines[i + 1:end]), language=fence.group(2).strip()))
            i = end + 1
            continue
        m = re.match(r"^(#{1,3}) (.+)$", line)
        if m and len(m.group(1)) == 1:
            if heading:
                chapters.append(Chapter(len(chapters) + 1, heading, tuple(blocks)))
            heading, blocks = m.group(2).strip(), []
        elif m:
            blocks.append(Block("heading", m.group(2).strip(), level=len(m.group(1))))
        elif line.strip():
            blocks.append(Block("paragraph", line.strip()))
        i += 1
    if heading:
        chapters.append(Chapter(len(chapters) + 1, heading, tuple(blocks)))
    return title, chapters


def _closing_fence(lines: list[str], start: int, opening: str) -> int:
    """The index of the line closing a code block opened by `opening` (the end of the text if none does).

    A block may show Markdown with a fenced block in it, written with fences no shorter than its own
    (the fixture's GitHub chapter: a ```text block holding ```java … ```): a fence with an info string
    inside the block opens a nested one, which the next bare fence closes."""
    nested = 0
    for j in range(start, len(lines)):
        m = _FENCE.match(lines[j])
        if not m or m.group(1)[0] != opening[0]:
            continue
        if m.group(2).strip():
            nested += 1
        elif nested:
            nested -= 1
        elif len(m.group(1)) >= len(opening):
            return j
    return len(lines)


@cache
def load_book(name: str) -> Book:
    """The book `name` (a key of BOOKS) as its fixture has it."""
    spec = BOOKS[name]
    text = spec.path.read_text(encoding="utf-8")
    if spec.shape == "novel":
        title, chapters = spec.title, parse_novel(text)
    else:
        title, chapters = parse_markdown(text)
    return Book(spec.name, title, spec.script, spec.licence, tuple(chapters))
