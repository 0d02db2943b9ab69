"""Each noise rule on its own examples: what it must remove, and look-alike text it must keep."""

import time

import pytest

from build_tools.rules.noise import INLINE_RULES, LINE_RULES, RULE_REASONS, ellipsis_end
from tests.helpers import clean

RULES = [*INLINE_RULES, *LINE_RULES]


def _fired(text: str, rule: str) -> list[str]:
    return [r.text for r in clean(text).removals if r.rule == rule]


@pytest.mark.parametrize(("rule", "example"), [(r.name, e) for r in RULES for e in r.removes])
def test_rule_removes_its_examples(rule: str, example: str) -> None:
    assert _fired(example, rule), f"{rule} did not fire on {example!r}"


@pytest.mark.parametrize(("rule", "example"), [(r.name, e) for r in RULES for e in r.keeps])
def test_rule_keeps_lookalike_text(rule: str, example: str) -> None:
    assert _fired(example, rule) == []


def test_every_rule_has_a_reason_and_examples() -> None:
    for rule in RULES:
        assert rule.reason and rule.removes and rule.keeps, rule.name
        assert RULE_REASONS[rule.name] == rule.reason


def test_bold_markers_go_and_words_stay() -> None:
    result = clean("提3点要求。**一要狠抓工作落实。**今年")
    assert result.blocks[0].text == "提3点要求。一要狠抓工作落实。今年"
    assert [(r.column, r.text) for r in result.removals] == [(6, "**"), (17, "**")]


def test_inline_removals_record_original_columns() -> None:
    line = "[bookmark: _Toc1][bookmark: _Toc2]来信收悉。"
    result = clean(line)
    assert result.blocks[0].text == "来信收悉。"
    for r in result.removals:
        assert line[r.column:r.column + len(r.text)] == r.text


def test_bookmark_leaves_a_heading_hint() -> None:
    assert "bookmark" in clean("[bookmark: _Toc9]在会议上的讲话\n正文。").blocks[0].hints


def test_teaser_needs_its_text_to_follow() -> None:
    teaser = "开头的一句话写在这里，后面还有许多文字..."
    assert _fired(teaser + "\n完全不同的正文，与前一行毫无关系。", "web-teaser") == []


@pytest.mark.parametrize(("text", "length"), [
    ("开头一句话...", 3), ("开头一句话…… ", 3), ("开头一句话。。。", 3), ("开头…。。。", 3),
    ("开头一句话。", 0), ("开头一句话..", 0), ("...开头一句话", 0), ("", 0),
])
def test_ellipsis_end(text: str, length: int) -> None:
    assert ellipsis_end(text) == length


@pytest.mark.parametrize("line", [
    "**a " * 50_000,          # unmatched bold markers
    "." * 200_000 + "x",      # dots that do not end the line
    "…" * 200_000 + "x",
    "。" * 200_000 + "x",
])
def test_long_lines_of_noise_lookalikes_take_linear_time(line: str) -> None:
    start = time.perf_counter()
    result = clean(f"标题\n{line}\n正文。")
    elapsed = time.perf_counter() - start
    assert elapsed < 5, f"cleaning a {len(line)}-character line took {elapsed:.1f}s (quadratic pattern?)"
    assert sum(len(b.text) for b in result.blocks) + sum(len(r.text) for r in result.removals) >= len(line.strip())
