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


def apply_inline_rules(text: str) -> tuple[str, list[tuple[int, str, str]], set[BlockHint]]:
    """Apply every inline rule to one line.

    Returns the cleaned line, the removals as (column in the original line, text, rule), and the
    structure hints the rules left.
    """
    origin = list(range(len(text)))  # original column of each character still in `text`
    removed: list[tuple[int, str, str]] = []
    hints: set[BlockHint] = set()
    for rule in noise.INLINE_RULES:
        if not rule.pattern.search(text):
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


def remove_noise_lines(source: Source, chrome: frozenset[int] = frozenset()) -> tuple[list[_Line], list[Removal]]:
    """Apply inline rules to every line, then line rules, then drop the `chrome` lines no line rule took
    (1-based numbers, found across the corpus by `stages.chrome`); wholly removed lines become blank."""
    removals: list[Removal] = []
    stripped = tuple(line.strip() for line in source.lines)
    repeats = dict(Counter(s for s in stripped if s))
    lines: list[_Line] = []
    for number, raw in enumerate(source.lines, start=1):
        text, removed, hints = apply_inline_rules(raw)
        removals.extend(Removal(source.file, number, col, t, rule) for col, t, rule in removed)
        if _LEADING_ASCII_SPACE.match(raw):
            hints.add("indented")
        lines.append(_Line(number, text.strip().strip("\u3000").strip(), hints))
    cleaned = tuple(line.text for line in lines)
    openers = noise.document_openers(cleaned)
    for i, line in enumerate(lines):
        if not line.text:
            continue
        ctx = noise.LineContext(index=i, lines=cleaned, repeats=repeats, openers=openers)
        ctx_raw = noise.LineContext(index=i, lines=stripped, repeats=repeats, openers=openers)
        for rule in noise.LINE_RULES:
            # Repetition is judged on raw lines: numbered markers make repeated titles distinct.
            if rule.matches(ctx_raw if rule.name == "pdf-running-header" else ctx):
                removals.append(_drop_line(source, line, rule.name))
                break
        else:
            if line.number in chrome:
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
    # Across a blank line (a PDF page break) the rest must itself read as prose: a short line
    # without sentence punctuation there is the next document's title after a truncated copy.
    if gap == 1 and not structure.reads_as_prose(following):
        return False
    if structure.is_prose_fragment(previous) and structure.starts_continuation(following):
        return True
    # A title broken in two: neither part reads as a sentence and the first ends on a particle.
    return (structure.looks_like_title(previous) and not structure.has_sentence_punctuation(previous)
            and bool(structure.TITLE_CONTINUES.search(previous))
            and structure.looks_like_title(following) and len(previous) + len(following) <= 80
            and gap == 0)


def build_blocks(source: Source, lines: list[_Line]) -> tuple[list[Block], list[Removal]]:
    """Group cleaned lines into blocks, joining lines that PDF extraction broke mid-sentence."""
    blocks: list[Block] = []
    removals: list[Removal] = []
    gap = 0
    for line in lines:
        if not line.text:
            gap += 1
            continue
        text = line.text
        heading_hints = {"bookmark", "piece-marker"}
        if (blocks and should_join(blocks[-1].text, text, gap) and not (heading_hints & line.hints)
                # A bookmarked or numbered title is complete even when it carries a colon.
                and not (heading_hints & blocks[-1].hints and structure.looks_like_title(blocks[-1].text))):
            previous = blocks[-1]
            if (previous.text[-1] == text[0] and structure.is_cjk(text[0])
                    and previous.text[-1] + text[0] not in reduplicated_words()):
                raw = source.lines[line.number - 1]
                removals.append(Removal(source.file, line.number, raw.index(text[0]), text[0],
                                        "pdf-doubled-char"))
                text = text[1:]
            blocks[-1] = Block(
                text=previous.text + text,
                span=Span(source.file, previous.span.first_line, line.number),
                marks=(*previous.marks, LineMark(len(previous.text), line.number)),
                hints=previous.hints | frozenset(h for h in line.hints if h not in ("indented",)),
                gap_before=previous.gap_before,
            )
        else:
            blocks.append(Block(text=text, span=Span(source.file, line.number, line.number),
                                marks=(LineMark(0, line.number),), hints=frozenset(line.hints),
                                gap_before=gap if blocks else 0))
        gap = 0
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
    lines, removals = remove_noise_lines(source, chrome)
    blocks, joins = build_blocks(source, lines)
    blocks = [piece for block in blocks for piece in split_for_reading(block, config)]
    ledger = sorted([*removals, *joins], key=lambda r: (r.line, r.column))
    return CleanText(source=source, blocks=tuple(blocks), removals=tuple(ledger))


def clean_sources(sources: tuple[Source, ...]) -> tuple[CleanText, ...]:
    return tuple(clean_source(s) for s in sources)
