"""Structure cues on their own examples."""

import pytest

from build_tools.rules import structure

CHECKS = {
    "date": structure.is_date_line,
    "salutation": lambda t: bool(structure.SALUTATION.match(t)),
    "closing": lambda t: bool(structure.CLOSING_FORMULA.match(t)),
    "numbered-heading": structure.is_numbered_heading,
    "title": structure.looks_like_title,
    "title-apart": structure.is_title_apart,
    "addressee": structure.is_addressee,
    "byline": lambda text: structure.byline_name(text) is not None,
    "forwarding": lambda t: bool(structure.FORWARDING.search(t)),
    "prose-fragment": structure.is_prose_fragment,
    "prose": structure.reads_as_prose,
    "sentence-break": lambda text: structure.SENTENCE_BREAK.search(text) is not None,
    "chapter-heading": structure.is_chapter_heading,
    "named-heading": lambda text: structure.NAMED_HEADING.match(text) is not None,
    "section-heading": structure.is_section_heading,
    "toc-entry": lambda text: structure.TOC_ENTRY.match(text.strip()) is not None,
    "toc-heading": lambda text: structure.TOC_HEADING.match(text) is not None,
    "list-item": lambda text: structure.LIST_ITEM.match(text) is not None,
    "code-line": structure.is_code_line,
    "bare-number-heading": lambda text: structure.bare_heading_number(text) is not None,
}


@pytest.mark.parametrize(("cue", "text", "expected"), [
    (cue, text, expected)
    for cue, (yes, no) in structure.CUE_EXAMPLES.items()
    for texts, expected in ((yes, True), (no, False))
    for text in texts
])
def test_cue(cue: str, text: str, expected: bool) -> None:
    assert CHECKS[cue](text) is expected


@pytest.mark.parametrize(("text", "iso"), [
    ("（2020年2月23日）", "2020-02-23"), ("2020年3月5日", "2020-03-05"),
    ("二〇二〇年一月三十一日", "2020-01-31"), ("(1999年12月31日)", "1999-12-31"),
])
def test_parse_date(text: str, iso: str) -> None:
    assert structure.parse_date(text) == iso


def test_impossible_date_is_not_a_date() -> None:
    assert structure.parse_date("2020年13月40日") is None
