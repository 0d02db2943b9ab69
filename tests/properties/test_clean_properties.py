"""Property tests for the cleaner: it never loses or invents a character, and provenance holds."""

from __future__ import annotations

from collections import Counter

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from build_tools.records import Source
from build_tools.rules.noise import LINE_RULES
from build_tools.stages.clean import clean_source
from build_tools.stages.read import read_source

# Control characters are noise the cleaner removes; many of them make read_source call the file binary.
PIECES = ["同志们", "疫情", "防控", "工作", "，", "。", "：", "、", "一、", "人", "人人", "的",
          "**", "[bookmark: _Toc1]", "【篇1】", ">", "\u3000", " ", "...", "- 3 -", "12", "\u200b", "<b>", "#",
          "\x00", "\x07"]
LINES = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
TEXTS = st.lists(LINES, min_size=1, max_size=20).map("\n".join)
WHOLE_LINE_RULES = {r.name for r in LINE_RULES}


def _source(text: str) -> Source:
    """The text as a source file; texts read_source skips (too many control characters) are not examples."""
    src = read_source("p.txt", text.encode("utf-8"))
    assume(isinstance(src, Source))
    assert isinstance(src, Source)
    return src


def _nonspace(text: str) -> Counter[str]:
    return Counter(ch for ch in text if not ch.isspace())


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_clean_accounts_for_every_character(text: str) -> None:
    src = _source(text)
    result = clean_source(src)
    kept = sum((_nonspace(b.text) for b in result.blocks), Counter())
    removed = sum((_nonspace(r.text) for r in result.removals), Counter())
    assert kept + removed == _nonspace("\n".join(src.lines))


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_every_kept_character_comes_from_its_recorded_line(text: str) -> None:
    src = _source(text)
    for block in clean_source(src).blocks:
        for offset, ch in enumerate(block.text):
            line = block.line_at(offset)
            assert block.span.first_line <= line <= block.span.last_line
            # Whitespace is only normalised (a space where two Latin words met at a line break), never text.
            assert ch.isspace() or ch in src.lines[line - 1]


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_removals_point_at_their_text(text: str) -> None:
    src = _source(text)
    for r in clean_source(src).removals:
        raw = src.lines[r.line - 1]
        if r.rule in WHOLE_LINE_RULES:  # the whole line (as the inline rules left it) went, from its indentation
            assert r.text and r.column == len(raw) - len(raw.lstrip())
        else:
            assert raw[r.column:r.column + len(r.text)] == r.text
