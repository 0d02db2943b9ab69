"""A book in channel copies: a PDF text extraction, a DocBook text export, web pages and a Word export,
with the truth about where every chapter's copy stands.

Deterministic: every choice comes from a `random.Random` seeded with a string naming the book, the
channel and the seed (no set iteration, no hash-dependent order), so the same book and seed give the
same bytes in any process.

What each channel does to the book (the damage the pipeline must see through):
- pdf: lines broken every 30-40 CJK characters mid-sentence, Latin words hyphenated across line
  ends, URLs broken at a slash; pages of ~40 lines, each closed by a page number (one style a file:
  `- 12 -`, `第 12 页`, `12/300`, `12`) and opened by a form feed and a running head (book title on
  even pages, chapter heading on odd ones); chapter headings letter-spaced (`第 一 章  起 步`);
  code lines verbatim, never wrapped.
A part heading (a chapter's `part`) stands on its own line just before the chapter's heading, in every
channel and in every table of contents; it belongs to no chapter's copy in the truth.
- docbook: a table of contents first (dotted leaders and page numbers, or numbered entries),
  text hard-wrapped at 72-80 columns (CJK = 2), numbered headings (`第 1 章`, `1.1.`), code indented
  four spaces, every URL replaced by a `[n]` marker and listed at the end of its chapter.
- web: menu line, breadcrumbs (`首页 > 文档 > … > 第一章`), previous/next links naming the neighbouring
  chapters, a "复制代码" line above code, footer (copyright, 返回顶部); one page per chapter or all in one.
- word: a table of contents (heading, tab, page), `[bookmark: _Toc…]` anchors before headings,
  paragraphs indented with full-width spaces and no blank lines between them, a byte-order mark.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from tests.corpora.books.sheet import CopySpan, PdfSheet, Sheet
from tests.corpora.books.source import Block, Book, Chapter, Convert, Script
from tests.corpora.books.wrap import heading_parts, letter_spaced, text_width, wrap

Channel = Literal["pdf", "docbook", "web", "word"]
CHANNELS: tuple[Channel, ...] = ("pdf", "docbook", "web", "word")
DEFAULT_SEED = 1
_BARE_NUMBER = re.compile(r"^\d+ \S")
_URL = re.compile(r"（?(https?://[A-Za-z0-9._~:/?#@!$&'*+,;=%-]+)）?")


@dataclass(frozen=True)
class BookStyle:
    """Per book: the script of each channel's copy, and whether the web copy is one page a chapter."""

    scripts: dict[Channel, Script]
    web_pages: Literal["per-chapter", "single"] = "single"


STYLES: dict[str, BookStyle] = {
    # The novel in both scripts: two channels in Simplified, two in Traditional.
    "rulin": BookStyle({"pdf": "simplified", "docbook": "traditional", "web": "traditional", "word": "simplified"},
                       web_pages="per-chapter"),
    "progit": BookStyle({"pdf": "simplified", "docbook": "simplified", "web": "simplified", "word": "simplified"}),
}


def _part(sheet: Sheet, heading: str) -> None:
    """A part's heading: text of the book, but of no chapter's copy (written as the furniture is)."""
    sheet.close()
    sheet.furniture(heading)
    sheet.blank()


def _furniture_text(script: Script) -> Convert | None:
    return Convert("s2t.json") if script == "traditional" else None


def _pdf(book: Book, rng: random.Random, name: str) -> list[Sheet]:
    sheet = PdfSheet(name, rng, book.title)
    columns = 2 * rng.randint(30, 40)
    indent = "\u3000\u3000" if not book.has_code else rng.choice(("", "  "))
    gap = 0 if not book.has_code else rng.choice((0, 1))
    new_page = rng.random() < 0.6
    for line in (letter_spaced(book.title), "", ""):
        sheet.furniture(line)
    for chapter in book.chapters:
        sheet.chapter_head = chapter.heading
        if new_page and sheet.on_page > 0:
            sheet.page_break()
        sheet.blank(2)
        if chapter.part:
            _part(sheet, letter_spaced(chapter.part))
        sheet.heading(chapter, letter_spaced(chapter.heading))
        sheet.blank(2)
        for block in chapter.blocks:
            if block.kind == "code":
                sheet.blank()
                for line in block.lines:
                    sheet.text(line)
                sheet.blank()
            elif block.kind == "heading":
                sheet.blank()
                sheet.text(block.text)
                sheet.blank()
            else:
                sheet.blank(gap)
                for k, line in enumerate(wrap(block.text, columns - text_width(indent), rng)):
                    sheet.text((indent if k == 0 else "") + line)
    sheet.finish()
    return [sheet]


def _docbook_heading(chapter: Chapter, arabic: bool) -> str:
    number, title = heading_parts(chapter.heading)
    return f"第 {chapter.number} {number[-1]}  {title}" if arabic and number else chapter.heading


def _section(block: Block) -> str:
    number, _, title = block.text.partition(" ")
    return f"{number}. {title}" if re.fullmatch(r"[\dA-Z]+(\.\d+)+", number) else block.text


def _docbook(book: Book, rng: random.Random, name: str) -> list[Sheet]:
    sheet = Sheet(name, "docbook")
    columns = rng.randint(72, 80)
    arabic = rng.random() < 0.7
    dotted = rng.random() < 0.5
    sheet.furniture(book.title)
    sheet.blank()
    sheet.furniture(rng.choice(("目录", "目錄" if book.script == "traditional" else "目录", "Table of Contents")))
    sheet.blank()
    done = 0  # characters before an entry, for its page number (1,500 a page)
    for chapter in book.chapters:
        entries = [(0, chapter.part, done)] if chapter.part else []
        entries.append((0, _docbook_heading(chapter, arabic), done))
        for block in chapter.blocks:
            if block.kind == "heading":
                entries.append((block.level, _section(block), done))
            done += len(block.text)
        for level, entry, before in entries:
            pad = "  " * max(0, level - 1)
            if dotted:
                dots = "." * max(3, columns - 8 - text_width(pad + entry))
                sheet.furniture(f"{pad}{entry} {dots} {1 + before // 1500}")
            else:
                numbered = f"{chapter.number}. {heading_parts(chapter.heading)[1]}"
                if entry == chapter.part or _BARE_NUMBER.match(chapter.heading):
                    numbered = entry  # a part, or a chapter numbered by a bare number, as the text has it
                sheet.furniture(numbered if level == 0 else f"  {pad}{entry}")
    for chapter in book.chapters:
        sheet.blank(3)
        if chapter.part:
            _part(sheet, chapter.part)
        sheet.heading(chapter, _docbook_heading(chapter, arabic))
        links: list[str] = []

        def marker(m: re.Match[str], links: list[str] = links) -> str:
            if re.match(r"[<\u3400-\u9fff]", m.string[m.end():m.end() + 1]):
                return m.group(0)  # a URL pattern with a placeholder in it (…/<用户名>/…) stays in the text
            links.append(m.group(1))
            return f"[{len(links)}]"

        for block in chapter.blocks:
            sheet.blank()
            if block.kind == "code":
                for line in block.lines:
                    sheet.text("    " + line if line else "")
            elif block.kind == "heading":
                sheet.text(_section(block))
            else:
                for line in wrap(_URL.sub(marker, block.text), columns, rng, hyphens=0.0):
                    sheet.text(line)
        if links:
            sheet.blank()
            sheet.text("参考链接" if book.script == "simplified" else "參考鏈接")
            for n, url in enumerate(links, start=1):
                sheet.text(f"[{n}] {url}")
        sheet.close()
    return [sheet]


_MENU = ("首页 | 文档 | 下载 | 社区 | 关于我们", "首页  教程  手册  问答  登录  注册", "☰ 菜单　首页 > 书库 > 文档")


def _web(book: Book, rng: random.Random, name: str, script: Script, per_chapter: bool) -> list[Sheet]:
    conv = _furniture_text(script)

    def fur(text: str) -> str:
        return conv(text) if conv else text

    site = rng.choice(("开源文库", "示例书屋", "技术文档站"))
    menu = rng.choice(_MENU)
    year = rng.randint(2015, 2024)
    sheets: list[Sheet] = []
    sheet = Sheet(name, "web")

    def footer(s: Sheet) -> None:
        s.blank()
        s.furniture(fur(f"Copyright © {year} {site} 版权所有"))
        s.furniture(fur("返回顶部"))

    for k, chapter in enumerate(book.chapters):
        if per_chapter or k == 0:
            if per_chapter:
                sheet = Sheet(f"{name.removesuffix('.txt')}.{chapter.number:02d}.txt", "web")
                sheets.append(sheet)
            else:
                sheets = [sheet]
            sheet.furniture(fur(menu))
            sheet.furniture(fur("搜索"))
        else:
            sheet.blank(2)
        sheet.furniture(fur(f"首页 > 文档 > {book.title} > ") + chapter.heading)
        sheet.blank()
        if chapter.part:
            _part(sheet, chapter.part)
        sheet.heading(chapter, chapter.heading)
        for block in chapter.blocks:
            sheet.blank()
            if block.kind == "code":
                sheet.furniture(fur(rng.choice(("复制代码", "复制", f"{block.language or 'text'}  复制"))))
                for line in block.lines:
                    sheet.text(line)
            else:
                sheet.text(block.text)
        sheet.close()
        sheet.blank()
        before = book.chapters[k - 1].heading if k else ""
        after = book.chapters[k + 1].heading if k + 1 < len(book.chapters) else ""
        sheet.furniture(fur("上一章：") + before + fur(" | 目录 | 下一章：") + after)
        if per_chapter:
            footer(sheet)
        else:
            sheet.furniture(fur("返回顶部"))
    if not per_chapter:
        footer(sheet)
    return sheets


def _bookmark(rng: random.Random) -> str:
    return "".join(f"[bookmark: _Toc{rng.randint(10**8, 10**9 - 1)}]" for _ in range(rng.choice((1, 1, 2))))


def _word(book: Book, rng: random.Random, name: str) -> list[Sheet]:
    sheet = Sheet(name, "word")
    gap = rng.choice((0, 0, 1))
    sheet.furniture(book.title)
    if rng.random() < 0.8:
        sheet.blank()
        sheet.furniture("目录" if book.script == "simplified" else "目錄")
        done = 0
        for chapter in book.chapters:
            if chapter.part:
                sheet.furniture(f"{chapter.part}\t{1 + done // 1200}")
            sheet.furniture(f"{chapter.heading}\t{1 + done // 1200}")
            for block in chapter.blocks:
                if block.kind == "heading" and block.level == 2:
                    sheet.furniture(f"{block.text}\t{1 + done // 1200}")
                done += len(block.text)
    for chapter in book.chapters:
        sheet.blank()
        if chapter.part:
            _part(sheet, chapter.part)
        sheet.heading(chapter, _bookmark(rng) + chapter.heading)
        for block in chapter.blocks:
            if block.kind == "code":
                for line in block.lines:
                    sheet.text(line)
            elif block.kind == "heading":
                sheet.blank()
                sheet.text((_bookmark(rng) if rng.random() < 0.8 else "") + block.text)
            else:
                sheet.blank(gap)
                sheet.text("\u3000\u3000" + block.text)
        sheet.close()
    return [sheet]


@dataclass
class BookCorpus:
    """Channel copies of one book ({file name: bytes}) and where every chapter's copy stands."""

    book: Book
    files: dict[str, bytes]
    channels: dict[str, tuple[str, Script]]  # file -> (channel, script)
    copies: list[CopySpan]
    seed: int

    def copies_of(self, chapter: int) -> list[CopySpan]:
        return [c for c in self.copies if c.chapter == chapter]

    def truth(self) -> dict[str, Any]:
        """The truth as JSON data."""
        return {
            "version": 1,
            "book": self.book.name,
            "title": self.book.title,
            "licence": self.book.licence,
            "seed": self.seed,
            "files": [{"file": f, "channel": ch, "script": sc} for f, (ch, sc) in self.channels.items()],
            "chapters": [{"number": c.number, "heading": c.heading, "chars": c.chars,
                          "code_lines": list(c.code_lines),
                          "copies": [asdict(s) for s in self.copies_of(c.number)]}
                         for c in self.book.chapters],
        }

    def write(self, folder: Path) -> None:
        """The files into `folder`, and truth.json beside them."""
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in self.files.items():
            (folder / name).write_bytes(data)
        (folder / "truth.json").write_text(json.dumps(self.truth(), ensure_ascii=False, indent=1), encoding="utf-8")


def channel_copies(book: Book, seed: int = DEFAULT_SEED, style: BookStyle | None = None,
                   channels: tuple[Channel, ...] = CHANNELS) -> BookCorpus:
    """`book` rendered into each channel (in that channel's script); the truth of every chapter copy."""
    style = style or STYLES.get(book.name, BookStyle(dict.fromkeys(CHANNELS, book.script)))
    files: dict[str, bytes] = {}
    kinds: dict[str, tuple[str, Script]] = {}
    copies: list[CopySpan] = []
    for channel in channels:
        script = style.scripts[channel]
        copy = book.in_script(script)
        rng = random.Random(f"reader-edition-books:{book.name}:{channel}:{seed}")
        name = f"{book.name}.{channel}.txt"
        if channel == "pdf":
            sheets = _pdf(copy, rng, name)
        elif channel == "docbook":
            sheets = _docbook(copy, rng, name)
        elif channel == "web":
            sheets = _web(copy, rng, name, script, style.web_pages == "per-chapter")
        else:
            sheets = _word(copy, rng, name)
        for sheet in sheets:
            text = "\n".join(sheet.lines) + "\n"
            files[sheet.name] = (("\ufeff" if channel == "word" else "") + text).encode("utf-8")
            kinds[sheet.name] = (channel, script)
            copies.extend(sheet.copies)
    copies.sort(key=lambda c: (c.chapter, [str(ch) for ch in CHANNELS].index(c.channel)))
    return BookCorpus(book, files, kinds, copies, seed)


def corpus_digest(corpus: BookCorpus) -> str:
    """One hash of every file's name and bytes and of the truth (for determinism checks)."""
    h = hashlib.sha256()
    for name in sorted(corpus.files):
        h.update(name.encode() + b"\0" + corpus.files[name] + b"\0")
    h.update(json.dumps(corpus.truth(), ensure_ascii=False, sort_keys=True).encode())
    return h.hexdigest()


def main(argv: list[str] | None = None) -> None:
    """`python -m tests.corpora.books.channels OUT [--seed N]`: every book's copies and truth.json in OUT/<book>/."""
    import argparse

    from tests.corpora.books.source import BOOKS, load_book

    parser = argparse.ArgumentParser(description="Write every book of tests/data/books in channel copies.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    for name in sorted(BOOKS):
        corpus = channel_copies(load_book(name), args.seed)
        corpus.write(args.out / name)
        print(f"{args.out / name}: {len(corpus.files)} files, {len(corpus.copies)} chapter copies")


if __name__ == "__main__":
    main()
