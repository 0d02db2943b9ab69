"""Property tests for the cleaner: it never loses or invents a character, and provenance holds."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.records import Source
from build_tools.stages.clean import clean_source
from build_tools.stages.read import read_source

PIECES = ["同志们", "疫情", "防控", "工作", "，", "。", "：", "、", "一、", "人", "人人", "的",
          "**", "[bookmark: _Toc1]", "【篇1】", ">", "\u3000", " ", "...", "- 3 -", "12", "\u200b", "<b>", "#"]
LINES = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
TEXTS = st.lists(LINES, min_size=1, max_size=20).map("\n".join)


def _nonspace(text: str) -> Counter[str]:
    return Counter(ch for ch in text if not ch.isspace())


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_clean_accounts_for_every_character(text: str) -> None:
    src = read_source("p.txt", text.encode("utf-8"))
    if not isinstance(src, Source):
        return
    result = clean_source(src)
    kept = sum((_nonspace(b.text) for b in result.blocks), Counter())
    removed = sum((_nonspace(r.text) for r in result.removals), Counter())
    assert kept + removed == _nonspace("\n".join(src.lines))


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_every_kept_character_comes_from_its_recorded_line(text: str) -> None:
    src = read_source("p.txt", text.encode("utf-8"))
    if not isinstance(src, Source):
        return
    for block in clean_source(src).blocks:
        for offset, ch in enumerate(block.text):
            line = block.line_at(offset)
            assert block.span.first_line <= line <= block.span.last_line
            assert ch in src.lines[line - 1]


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_removals_point_at_their_text(text: str) -> None:
    src = read_source("p.txt", text.encode("utf-8"))
    if not isinstance(src, Source):
        return
    for r in clean_source(src).removals:
        raw = src.lines[r.line - 1]
        if r.rule not in ("web-teaser", "web-collection-blurb", "pdf-page-number", "pdf-running-header"):
            assert raw[r.column:r.column + len(r.text)] == r.text
