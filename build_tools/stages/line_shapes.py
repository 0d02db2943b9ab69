"""The shape of a file's source lines, as the segmenter reads it: where the cleaner joined a title to
the paragraph under it, and where a page's width broke a paragraph across a blank line.

A line that PDF extraction broke fills the page's width; a title is narrower. The cleaner joins lines
by their words (`clean.should_join`), which cannot tell a title with a colon or comma in it from a
sentence broken at a line's end, nor a paragraph line after a page break (a blank line between) from a
title; widths can.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass

from build_tools.records import Block, LineMark, Span
from build_tools.rules import structure
from build_tools.settings import DEFAULT_SEGMENT, SegmentConfig
from build_tools.stages.pages import display_width

_ENDS_ON_WORD = re.compile(rf"[{structure.CJK}A-Za-z0-9{structure.CLOSE_QUOTES}》]$")


def separate_titles(blocks: tuple[Block, ...], separator_gap: int,
                    config: SegmentConfig = DEFAULT_SEGMENT) -> tuple[Block, ...]:
    """Blocks with the title lines the cleaner joined to a paragraph set apart again.

    The cleaner joins a line to the next when it may be a sentence broken at a PDF line's end, and a
    title with a colon, a comma or an enumeration comma in it (只在栈上的数据：拷贝, 九日登望仙臺，呈劉明府容)
    may be one. Where a document may start (after a wider gap than the file's paragraphs have, after a
    bookmark, at the top of the file) a leading line that reads as a title, ends on a word and is much
    narrower than the widest line after it (`SegmentConfig.title_width_share`) was no line of a broken
    paragraph (those fill the page's width): it is a title, or an author line under one."""
    result: list[Block] = []
    for i, block in enumerate(blocks):
        apart = i == 0 or block.gap_before >= separator_gap or bool({"bookmark", "piece-marker"} & block.hints)
        while apart and len(block.marks) > 1 and "code" not in block.hints:
            head, rest = _split_first_line(block)
            if not (_title_line(head.text) and _narrow(head.text, _lines(rest), config.title_width_share)):
                break
            result.append(head)
            block = rest
        result.append(block)
    return tuple(result)


def _narrow(line: str, others: list[str], share: float) -> bool:
    """Is the line at most `share` as wide as the widest of the others, in columns (a CJK character
    two, as a page sets them) and in characters both (a line with Latin words in it is narrow in
    columns, and a page may have been broken by a count of characters)?"""
    return all(measure(line) <= share * max(measure(other) for other in others) for measure in (display_width, len))


def _title_line(text: str) -> bool:
    return (structure.looks_like_title(text) and not structure.is_numbered_heading(text)
            and _ENDS_ON_WORD.search(text) is not None)


def _lines(block: Block) -> list[str]:
    offsets = [m.offset for m in block.marks] + [len(block.text)]
    return [block.text[a:b] for a, b in itertools.pairwise(offsets)]


def _split_first_line(block: Block) -> tuple[Block, Block]:
    """The block's first source line as a block of its own, and the rest."""
    first, second = block.marks[0], block.marks[1]
    head = Block(text=block.text[:second.offset].rstrip(), span=Span(block.span.source, first.line, first.line),
                 marks=(first,), hints=block.hints, gap_before=block.gap_before)
    rest = Block(text=block.text[second.offset:],
                 span=Span(block.span.source, second.line, block.span.last_line),
                 marks=tuple(LineMark(m.offset - second.offset, m.line) for m in block.marks[1:]),
                 hints=frozenset(),
                 gap_before=second.line - first.line - 1)
    return head, rest


_FULL_STOP_END = re.compile(rf"[。！？!?…][{structure.CLOSE_QUOTES}]*$")


@dataclass(frozen=True)
class PageWidth:
    """How wide a file's broken lines are: in `measure` (characters, or columns with a CJK character
    two), the one in which they are most alike, as the page broke them; `width` is their median."""

    measure: Callable[[str], int]
    width: float


def page_width(blocks: tuple[Block, ...], config: SegmentConfig = DEFAULT_SEGMENT) -> PageWidth | None:
    """The width of the file's lines that the page broke (every line of a joined paragraph but its
    last), if it has `SegmentConfig.page_lines` of them; else None."""
    lines = [line for b in blocks if len(b.marks) > 1 and "code" not in b.hints for line in _lines(b)[:-1]]
    if len(lines) < config.page_lines:
        return None
    best: PageWidth | None = None
    best_spread = 0.0
    for measure in (len, display_width):
        values = [measure(line) for line in lines]
        mean = statistics.fmean(values)
        spread = statistics.pstdev(values) / mean if mean else 0.0
        if best is None or spread < best_spread:
            best, best_spread = PageWidth(measure, statistics.median(values)), spread
    return best


def continues_page_line(previous: Block, block: Block, page: PageWidth | None,
                        config: SegmentConfig = DEFAULT_SEGMENT) -> bool:
    """Does `block` go on with the paragraph before it across a page break (a blank line between)? It
    does when that paragraph stops before a full stop (after a clause, a semicolon or mid-word) on a line
    that fills the page, and the block's first line fills it too (`SegmentConfig.full_line_share`): the
    page broke both; a title is narrower (and a bookmark marks one)."""
    if page is None or {"bookmark", "piece-marker"} & block.hints or _FULL_STOP_END.search(previous.text):
        return False

    def full(line: str) -> bool:
        return page.measure(line) >= config.full_line_share * page.width

    return full(_lines(previous)[-1]) and full(_lines(block)[0])


def fills_page(block: Block, page: PageWidth | None, config: SegmentConfig = DEFAULT_SEGMENT) -> bool:
    """Is `block` a paragraph the page broke, not a title? Its first line fills the page's width, the page
    broke it into several lines, and it has sentence punctuation: a title is narrower, and a long title the
    page broke reads as no sentence. Such a block opens no document, though it stands after a wider gap (a
    paragraph that starts a page, under a page number and the blank lines around it)."""
    if page is None or len(block.marks) < 2 or {"bookmark", "piece-marker", "chapter"} & block.hints:
        return False
    return (page.measure(_lines(block)[0]) >= config.full_line_share * page.width
            and structure.has_sentence_punctuation(block.text))
