"""Stage 2, clean: remove noise by the rules in `build_tools.rules.noise`, join PDF line breaks.

Every removed non-whitespace character goes into the ledger (`Removal`) with its line, column and
rule. Whitespace is only normalised (indentation trimmed), never logged: it carries no text.
One exception: the spaces PDF extraction puts between the characters of letter-spaced text
(`第 一 章  总 则` → `第一章 总则`, rule `letter-spacing`) are logged, one removal per gap with its
column, because removing them changes what the reader sees inside a line (and a misjudged run
must be traceable), where trimming indentation does not.
Lines the corpus-level stage `stages.chrome` found to be page chrome shared across files are
dropped whole (rule `shared-chrome`) where no line rule of the file took them first.
The result is a sequence of `Block`s, each a paragraph with the line of every character.

Books and manuals: code lines (`stages.code`) are blocks of their own with the hint "code", kept as
they stand (no rule that rewrites text touches them, no line rule takes them, none is joined); the
line rules see the file's table of contents (`stages.toc`) and page edges (`stages.pages`); the lines
of a hard-wrapped file are joined across Latin words too (`continues_wrapped`); and in a book (chapter
headings in a book's order, or listed by its table of contents: `stages.chapters`) each chapter heading
gets the hint "chapter".
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from build_tools.records import Block, BlockHint, CleanText, LineMark, Removal, Source, Span
from build_tools.rules import noise, structure
from build_tools.settings import DEFAULT_CLEAN, CleanConfig
from build_tools.stages.chapters import mark_chapters, toc_entries
from build_tools.stages.code import code_lines
from build_tools.stages.pages import display_width, line_key, page_edges, wrap_width
from build_tools.stages.toc import toc_lines

_LEADING_ASCII_SPACE = re.compile(r"^[ \u00a0]+\S")


@dataclass
class _Line:
    number: int
    text: str
    hints: set[BlockHint]


def _original_runs(text: str, origin: list[int], start: int, end: int) -> list[tuple[int, str]]:
    """text[start:end] as (original column, piece) runs, each contiguous in the original line.

    An earlier rule may have removed something in between ('>[bookmark: x]>' leaves '>>'): a
    removal recorded as one piece would then point at the wrong characters.
    """
    runs = []
    first = start
    for k in range(start + 1, end + 1):
        if k == end or origin[k] != origin[k - 1] + 1:
            runs.append((origin[first], text[first:k]))
            first = k
    return runs


def apply_inline_rules(text: str, code: bool = False) -> tuple[str, list[tuple[int, str, str]], set[BlockHint]]:
    """Apply every inline rule to one line (to a `code` line, only those that apply to code).

    Returns the cleaned line, the removals as (column in the original line, text, rule), and the
    structure hints the rules left.
    """
    origin = list(range(len(text)))  # original column of each character still in `text`
    removed: list[tuple[int, str, str]] = []
    hints: set[BlockHint] = set()
    for rule in noise.INLINE_RULES:
        if (code and not rule.in_code) or not rule.pattern.search(text):
            continue
        kept_chars: list[str] = []
        kept_origin: list[int] = []
        pos = 0
        for m in rule.pattern.finditer(text):
            start, end = m.span()
            if rule.cuts is not None:
                cut = rule.cuts(m)
            elif rule.keep_group is not None:
                inner_start, inner_end = m.span(rule.keep_group)
                cut = [(start, inner_start), (inner_end, end)]
            elif rule.pattern.groups and m.group(1) is not None:
                cut = [m.span(1)]
            else:
                cut = [(start, end)]
            for a, b in cut:
                kept_chars.append(text[pos:a])
                kept_origin.extend(origin[pos:a])
                removed.extend((column, piece, rule.name) for column, piece in _original_runs(text, origin, a, b)
                               if piece.strip() or rule.logs_whitespace)
                pos = b
            if rule.hint:
                hints.add(rule.hint)
        kept_chars.append(text[pos:])
        kept_origin.extend(origin[pos:])
        text = "".join(kept_chars)
        origin = kept_origin
    return text, removed, hints


def _drop_line(source: Source, line: _Line, rule: str) -> Removal:
    """Remove a whole line (as the inline rules left it); the removal starts at its indentation."""
    raw = source.lines[line.number - 1]
    removal = Removal(source.file, line.number, len(raw) - len(raw.lstrip()), line.text, rule)
    line.text = ""
    line.hints.add("removed")
    return removal


def file_facts(source: Source, cleaned: tuple[str, ...], code: frozenset[int],
               config: CleanConfig = DEFAULT_CLEAN) -> noise.FileFacts:
    """What the line rules need to know of the whole file: its code lines, table of contents, page edges."""
    toc = toc_lines(cleaned, config.toc_min_entries, skip=code)
    pages = page_edges(source.lines, cleaned)
    if not pages.edges:
        return noise.FileFacts(code=code, toc=toc, edge_repeats=config.edge_repeats)
    first: dict[str, int] = {}
    for i in sorted(pages.edges):
        first.setdefault(line_key(cleaned[i]), i)
    keys = Counter(line_key(t) for t in cleaned if t)
    return noise.FileFacts(code=code, toc=toc, edges=pages.edges, at_edges=pages.at_edges, keys=keys,
                           first_at_edge=first, edge_repeats=config.edge_repeats)


def remove_noise_lines(source: Source, chrome: frozenset[int] = frozenset(),
                       config: CleanConfig = DEFAULT_CLEAN) -> tuple[list[_Line], list[Removal]]:
    """Apply inline rules to every line, then line rules, then drop the `chrome` lines no line rule took
    (1-based numbers, found across the corpus by `stages.chrome`); wholly removed lines become blank.
    Code lines (`stages.code`) keep their text: only rules that remove what is never text touch them."""
    removals: list[Removal] = []
    stripped = tuple(line.strip() for line in source.lines)
    repeats = dict(Counter(s for s in stripped if s))
    code = code_lines(source.lines, config.code_indent)
    lines: list[_Line] = []
    for number, raw in enumerate(source.lines, start=1):
        text, removed, hints = apply_inline_rules(raw, code=number - 1 in code)
        removals.extend(Removal(source.file, number, col, t, rule) for col, t, rule in removed)
        if number - 1 in code:
            hints.add("code")
        elif _LEADING_ASCII_SPACE.match(raw):
            hints.add("indented")
        lines.append(_Line(number, text.strip().strip("\u3000").strip(), hints))
    cleaned = tuple(line.text for line in lines)
    openers = noise.document_openers(cleaned)
    facts = file_facts(source, cleaned, code, config)
    for i, line in enumerate(lines):
        if not line.text:
            continue
        ctx = noise.LineContext(index=i, lines=cleaned, repeats=repeats, openers=openers, facts=facts)
        ctx_raw = noise.LineContext(index=i, lines=stripped, repeats=repeats, openers=openers, facts=facts)
        shared = line.number in chrome and i not in code
        for rule in noise.LINE_RULES:
            if rule.after_chrome and shared:
                break
            # Repetition is judged on raw lines: numbered markers make repeated titles distinct.
            if rule.matches(ctx_raw if rule.name == "pdf-running-header" and not facts.edges else ctx):
                removals.append(_drop_line(source, line, rule.name))
                shared = False
                break
        if shared:
            removals.append(_drop_line(source, line, noise.SHARED_CHROME))
    return lines, removals


@lru_cache(maxsize=1)
def reduplicated_words() -> frozenset[str]:
    """Two-character words made of one character doubled (人人, 常常), from jieba's dictionary."""
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    return frozenset(m.group(1) for m in re.finditer(r"^((.)\2) ", text, re.M))


def should_join(previous: str, following: str, gap: int) -> bool:
    """Is `following` the rest of a paragraph that PDF extraction broke after `previous`?"""
    if gap > 1:
        return False
    # Code is never broken prose.
    if structure.is_code_line(previous) or structure.is_code_line(following):
        return False
    # Across a blank line (a PDF page break) the rest must itself read as prose: a short line
    # without sentence punctuation there is the next document's title after a truncated copy.
    if gap == 1 and not structure.reads_as_prose(following):
        return False
    if structure.is_prose_fragment(previous) and structure.starts_continuation(following):
        # A long line without any punctuation before a short one without any either is a heading over
        # its byline (a poem's long title, then its author), not one sentence broken in two.
        return (structure.has_sentence_punctuation(previous) or structure.has_sentence_punctuation(following)
                or structure.reads_as_prose(following))
    # A title broken in two: neither part reads as a sentence and the first ends on a particle (a chapter's
    # heading starts a title of its own).
    return (structure.looks_like_title(previous) and not structure.has_sentence_punctuation(previous)
            and not structure.is_chapter_heading(following)
            and bool(structure.TITLE_CONTINUES.search(previous))
            and structure.looks_like_title(following) and len(previous) + len(following) <= 80
            and gap == 0)


def _opens_block(text: str) -> bool:
    """A line that starts something of its own: a heading, a list item or table row, a date, a greeting."""
    return bool(structure.is_chapter_heading(text) or structure.is_section_heading(text)
                or structure.LIST_ITEM.match(text) or structure.TOC_ENTRY.match(text)
                or structure.is_date_line(text) or structure.SALUTATION.match(text))


def continues_wrapped(previous_raw: str, previous: str, raw: str, gap: int, width: int, slack: int) -> bool:
    """In a hard-wrapped file (lines broken at `width` columns): the previous line reaches the width, so it
    was broken there, and this line, not indented and opening nothing of its own, continues it across a
    Latin word (where the PDF rule, which reads Chinese, cannot tell: 'GitHub 在…', '… Git' / '的…'). The text
    before must read as prose: a title as wide as the text's lines is still a title."""
    text = raw.strip()
    latin = bool(_LATIN_EDGE.match(text)) or bool(_LATIN_END.search(previous))
    return (latin and width > 0 and gap == 0 and display_width(previous_raw.rstrip()) >= width - slack
            and not raw[:1].isspace() and not _opens_block(text) and structure.reads_as_prose(previous)
            and not structure.is_chapter_heading(previous) and not structure.is_section_heading(previous))


_HYPHENATED = re.compile(r"[A-Za-z]{2}-$")
_LATIN_EDGE = re.compile(r"[A-Za-z0-9`'\"(<\[~./$-]")  # a line that opens with Latin text (or code in it)
_LATIN_END = re.compile(r"[A-Za-z0-9`'\")>\]/-]$")
_ASCII_WORD_END = re.compile(r"[A-Za-z0-9,.;:!?)\]}'\"]$")


def _joins(previous: Block, previous_line: _Line, line: _Line, gap: int, source: Source, width: int,
           config: CleanConfig) -> tuple[bool, bool]:
    """(joined as a PDF break, joined as a hard wrap) of `line` to the block before it."""
    heading_hints = {"bookmark", "piece-marker"}
    if "code" in previous.hints | line.hints or heading_hints & line.hints:
        return False, False
    # A bookmarked or numbered title is complete even when it carries a colon.
    if heading_hints & previous.hints and structure.looks_like_title(previous.text):
        return False, False
    if should_join(previous.text, line.text, gap):
        return True, False
    return False, continues_wrapped(source.lines[previous_line.number - 1], previous.text,
                                    source.lines[line.number - 1], gap, width, config.wrap_slack)


def build_blocks(source: Source, lines: list[_Line], width: int = 0,
                 config: CleanConfig = DEFAULT_CLEAN) -> tuple[list[Block], list[Removal]]:
    """Group cleaned lines into blocks, joining lines that PDF extraction broke mid-sentence, and the
    lines of a paragraph hard-wrapped at `width` columns (0: the file is not wrapped). Code lines stay
    blocks of their own."""
    blocks: list[Block] = []
    removals: list[Removal] = []
    gap = 0
    # Blank lines before the first and after the last line of the gap removed as noise (a page number, a
    # running header); None: the gap holds none.
    before: int | None = None
    after = 0
    previous_line: _Line | None = None
    for line in lines:
        if not line.text:
            gap += 1
            if "removed" in line.hints:
                before = gap - 1 if before is None else before
                after = 0
            else:
                after += 1
            continue
        text = line.text
        joined = wrapped = False
        if blocks and previous_line is not None:
            # A page number with as many blank lines above as below is one break, a page's: the page, not
            # the text, put them there (the gap itself is kept for the segmenter). More blank lines on one
            # side are the text's own.
            join_gap = gap if before is None else 1 + abs(before - after)
            joined, wrapped = _joins(blocks[-1], previous_line, line, join_gap, source, width, config)
        if previous_line is not None and (joined or wrapped):
            previous = blocks[-1]
            head = previous.text
            if joined and (head[-1] == text[0] and structure.is_cjk(text[0])
                           and head[-1] + text[0] not in reduplicated_words()):
                raw = source.lines[line.number - 1]
                removals.append(Removal(source.file, line.number, raw.index(text[0]), text[0],
                                        "pdf-doubled-char"))
                text = text[1:]
            elif wrapped and _HYPHENATED.search(head) and text[:2].isascii() and text[:2].isalpha() \
                    and text[:1].islower():
                raw = source.lines[previous_line.number - 1].rstrip()
                removals.append(Removal(source.file, previous_line.number, raw.rindex("-"), "-", "pdf-hyphenation"))
                head = head[:-1]
            elif _ASCII_WORD_END.search(head) and text[:1].isascii() and text[:1].isalnum():
                head += " "  # two Latin words met at the break (whitespace: not in the ledger)
            blocks[-1] = Block(
                text=head + text,
                span=Span(source.file, previous.span.first_line, line.number),
                marks=(*previous.marks, LineMark(len(head), line.number)),
                hints=previous.hints | frozenset(h for h in line.hints if h not in ("indented",)),
                gap_before=previous.gap_before,
            )
        else:
            blocks.append(Block(text=text, span=Span(source.file, line.number, line.number),
                                marks=(LineMark(0, line.number),), hints=frozenset(line.hints),
                                gap_before=gap if blocks else 0))
        previous_line = line
        gap = 0
        before, after = None, 0
    return blocks, removals


def split_for_reading(block: Block, config: CleanConfig = DEFAULT_CLEAN) -> list[Block]:
    """A paragraph too long to read (a file with no line breaks) cut at sentence ends into paragraphs of
    about `reading_paragraph` characters; every piece keeps the source line of each of its characters."""
    text = block.text
    if len(text) <= config.long_paragraph:
        return [block]
    cuts = [0]
    for m in structure.SENTENCE_BREAK.finditer(text):
        if m.end() - cuts[-1] >= config.reading_paragraph and len(text) - m.end() >= config.reading_paragraph // 4:
            cuts.append(m.end())
    cuts.append(len(text))
    pieces = []
    for n, (start, end) in enumerate(itertools.pairwise(cuts)):
        first, last = block.line_at(start), block.line_at(max(start, end - 1))
        marks = [LineMark(0, first)] + [LineMark(mark.offset - start, mark.line) for mark in block.marks
                                         if start < mark.offset < end]
        pieces.append(Block(text=text[start:end], span=Span(block.span.source, first, last), marks=tuple(marks),
                            hints=block.hints if n == 0 else frozenset(), gap_before=block.gap_before if n == 0 else 0))
    return pieces


def clean_source(source: Source, chrome: frozenset[int] = frozenset(),
                 config: CleanConfig = DEFAULT_CLEAN) -> CleanText:
    """Remove noise from one source and return its blocks with the ledger of removals.

    `chrome`: numbers of the lines the corpus-level stage `stages.chrome` found to be page chrome
    shared across files (none when a source is cleaned on its own)."""
    lines, removals = remove_noise_lines(source, chrome, config)
    width = wrap_width(source.lines, frozenset(line.number - 1 for line in lines if "code" in line.hints), config)
    blocks, joins = build_blocks(source, lines, width, config)
    blocks = mark_chapters([piece for block in blocks for piece in split_for_reading(block, config)], config,
                           toc_entries(removals))
    ledger = sorted([*removals, *joins], key=lambda r: (r.line, r.column))
    return CleanText(source=source, blocks=tuple(blocks), removals=tuple(ledger))


def clean_sources(sources: tuple[Source, ...]) -> tuple[CleanText, ...]:
    return tuple(clean_source(s) for s in sources)
