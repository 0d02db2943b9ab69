"""Writing one channel file: its lines, page furniture, and the truth of each chapter copy in it."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from tests.corpora.books.source import Chapter


@dataclass
class CopySpan:
    """Where one chapter's copy stands in one file (lines 1-based, inclusive).

    `body` holds runs [first, last] of the lines carrying the chapter's text after its heading
    (section headings, paragraphs, code, a link list); furniture between them (page numbers,
    running heads, "复制代码") is inside first_line..last_line but in no run.
    """

    chapter: int
    channel: str
    file: str
    heading_line: int
    first_line: int
    last_line: int
    body: list[list[int]] = field(default_factory=list)

    def add(self, line: int) -> None:
        if self.body and self.body[-1][1] == line - 1:
            self.body[-1][1] = line
        else:
            self.body.append([line, line])
        self.last_line = line

    @property
    def body_lines(self) -> list[int]:
        return [n for first, last in self.body for n in range(first, last + 1)]


class Sheet:
    """One file being written: its lines, and the copy of the chapter being written into it."""

    def __init__(self, name: str, channel: str) -> None:
        self.name, self.channel = name, channel
        self.lines: list[str] = []
        self.copies: list[CopySpan] = []
        self.current: CopySpan | None = None

    def _emit(self, text: str) -> int:
        self.lines.append(text)
        return len(self.lines)

    def blank(self, n: int = 1) -> None:
        for _ in range(n):
            self._emit("")

    def furniture(self, text: str) -> int:
        return self._emit(text)

    def heading(self, chapter: Chapter, text: str) -> None:
        self.close()
        line = self._emit(text)
        self.current = CopySpan(chapter.number, self.channel, self.name, line, line, line)

    def text(self, text: str) -> None:
        line = self._emit(text)
        if self.current is not None:
            self.current.add(line)

    def close(self) -> None:
        if self.current is not None:
            self.copies.append(self.current)
            self.current = None


class PdfSheet(Sheet):
    """A PDF extraction: pages of `page_len` lines with a running head above and a number below."""

    STYLES = ("- {n} -", "第 {n} 页", "{n}/{total}", "{n}")

    def __init__(self, name: str, rng: random.Random, title: str) -> None:
        super().__init__(name, "pdf")
        self.rng, self.title = rng, title
        self.page_len = rng.randint(38, 44)
        self.style = rng.choice(self.STYLES)
        self.first_page = rng.randint(1, 12)
        self.on_page = 0
        self.numbers: list[int] = []  # index in `lines` of each page number line
        self.chapter_head = title

    def _emit(self, text: str) -> int:
        if text and self.on_page >= self.page_len:
            self.page_break()
        if not text and self.on_page == 0 and self.numbers:
            return len(self.lines)  # no blank line opens a page
        self.on_page += 1
        return super()._emit(text)

    def page_break(self) -> None:
        self.lines += ["", ""]
        self.numbers.append(len(self.lines) - 1)
        page = self.first_page + len(self.numbers)
        self.lines += ["\f" + (self.title if page % 2 == 0 else self.chapter_head), ""]
        self.on_page = 0

    def finish(self) -> None:
        self.close()
        self.lines += ["", ""]
        self.numbers.append(len(self.lines) - 1)
        total = self.first_page + len(self.numbers) - 1
        for k, index in enumerate(self.numbers):
            self.lines[index] = self.style.format(n=self.first_page + k, total=total)
