"""Which lines of a file are code: commands, their output, configuration and program text.

A line can say it is code on its own (`structure.is_code_line`: a prompt with a command, a diff or
merge marker, a code fence, configuration syntax, a path, URL or e-mail address in a line without
Chinese). Other lines are code by the lines around them:

- a line without Chinese (`On branch master`, `test`, `> D`) or a comment (`# 忽略所有的 .a 文件`)
  next to code, with at most one blank line between (a block of code keeps its blank lines), is code;
- an indented block (at least `code_indent` spaces, or a tab) in a file whose text is not indented so,
  is code when one of its lines is code or has no Chinese: a DocBook or Markdown export indents its
  code blocks, and then every line of the block (Chinese output and comments too) is code.

Chinese prose with a URL or a command in it is prose: the cues never take a line with Chinese for code
on its own, except after a prompt. The cleaner keeps code lines verbatim (no noise rule that rewrites
text touches them, none is joined to another), and the segmenter never takes one for a title.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from build_tools.rules import structure

_COMMENT = re.compile(r"^(?:#|//|--|;|%)(?:\s|$)")
# Punctuation that is Chinese text too (full-width forms, 。，、「」…): a line holding it is not Latin-only.
_CJK_TEXT = re.compile(rf"[{structure.CJK}\u3000-\u303f\uff00-\uffef]")
_LETTER_OR_SYMBOL = re.compile(r"[A-Za-z!-/:-@\[-`{-~]")  # an ASCII letter or mark
_PAGE_NUMBER_LIKE = re.compile(r"^(?=.*\d)[-—–\s\d/／第页頁共]*$")


def is_indented(raw: str, indent: int) -> bool:
    """At least `indent` ASCII spaces (or a tab) before the text of a non-blank line."""
    text = raw.lstrip("\ufeff\f")
    stripped = text.lstrip(" \t")
    if not stripped.strip():
        return False
    lead = text[: len(text) - len(stripped)]
    return "\t" in lead or len(lead) >= indent


def latin_only(text: str) -> bool:
    """A line with letters or code symbols and no Chinese (characters or full-width punctuation):
    English, a command's output, a symbol line. Headings (numbered sections, chapters) are not."""
    text = text.strip()
    return (bool(text) and not _CJK_TEXT.search(text) and bool(_LETTER_OR_SYMBOL.search(text))
            and not _PAGE_NUMBER_LIKE.match(text) and not structure.SECTION_HEADING.match(text)
            and not structure.CHAPTER_HEADING.match(text) and not structure.has_bare_heading_shape(text))


def _weak(text: str) -> bool:
    """Code if next to code: a line without Chinese, or a comment."""
    return latin_only(text) or bool(_COMMENT.match(text.strip()))


def code_lines(lines: Sequence[str], indent: int = 4, skip: frozenset[int] = frozenset()) -> frozenset[int]:
    """0-based indexes of the code lines of a file (its raw lines); `skip`: lines that are something
    else (a table of contents) and neither code nor context. (The chrome stage and the cleaner both
    ask about each file: the last answers are kept.)"""
    return _code_lines(tuple(lines), indent, skip)


@lru_cache(maxsize=8)
def _code_lines(lines: tuple[str, ...], indent: int, skip: frozenset[int]) -> frozenset[int]:
    texts = [line.strip().lstrip("\ufeff\f").strip() for line in lines]
    code = {i for i, t in enumerate(texts) if i not in skip and structure.is_code_line(t)}
    weak = {i for i, t in enumerate(texts) if i not in skip and i not in code and _weak(t)}
    _indented_blocks(lines, texts, indent, skip, code)
    present = [i for i, t in enumerate(texts) if t and i not in skip]
    position = {i: n for n, i in enumerate(present)}
    # Two lines that can be code, one of them without Chinese, one under the other: a block of output.
    for n in range(len(present) - 1):
        i, j = present[n], present[n + 1]
        if j == i + 1 and i in weak and j in weak and (latin_only(texts[i]) or latin_only(texts[j])):
            code.update((i, j))
    # Lines next to code (at most one blank line between) that can be code are code, transitively.
    stack = sorted(code)
    while stack:
        i = stack.pop()
        at = position.get(i)
        if at is None:
            continue
        for m in (at - 1, at + 1):
            if 0 <= m < len(present):
                j = present[m]
                if j in weak and j not in code and abs(j - i) <= 2:
                    code.add(j)
                    stack.append(j)
    return frozenset(code)


def _indented_blocks(lines: Sequence[str], texts: list[str], indent: int, skip: frozenset[int],
                     code: set[int]) -> None:
    """Add the lines of indented blocks that hold code (see the module), in a file whose text is not
    itself indented (fewer than half of its lines)."""
    indented = [i for i, raw in enumerate(lines) if i not in skip and is_indented(raw, indent)]
    present = sum(1 for t in texts if t)
    if not indented or len(indented) * 2 >= present:
        return
    blocks: list[list[int]] = []
    last = -10
    for i in indented:
        if blocks and all(not texts[k] for k in range(last + 1, i)):
            blocks[-1].append(i)
        else:
            blocks.append([i])
        last = i
    for block in blocks:
        if any(i in code or latin_only(texts[i]) or _COMMENT.match(texts[i]) for i in block):
            code.update(block)
