"""Letter-spaced text from PDF extraction: the spaces between the characters go, each gap a removal in
the ledger with its column; ordinary spacing (between words, around Latin text) stays."""

from __future__ import annotations

import time

import pytest

from build_tools.rules.noise import INLINE_RULES
from tests.helpers import clean, segments

RULE = next(r for r in INLINE_RULES if r.name == "letter-spacing")


def _without_removals(line: str, removals: list[tuple[int, str]]) -> str:
    """The line with every removed span (column, text) taken out."""
    gone = {column + k for column, text in removals for k in range(len(text))}
    return "".join(ch for k, ch in enumerate(line) if k not in gone)


@pytest.mark.parametrize(("line", "expected"), [
    ("第 一 章  总 则", "第一章 总则"),
    ("用 于 C V S 签 出", "用于CVS签出"),
    ("目  录", "目录"),  # two spaces throughout: that is the letter spacing
    ("第  一  章    总  则", "第一章 总则"),
    ("第一章 总 则", "第一章 总则"),
    ("  关 于 做 好 春 季 防 火 工 作 的 通 知", "关于做好春季防火工作的通知"),
    ("各 位 代 表 ：", "各位代表："),
    ("会议决定 第 二 条  适 用 范 围", "会议决定 第二条 适用范围"),  # a run inside a line
    ("（ 2 0 2 1 年 4 月 6 日 ）", "（2021年4月6日）"),  # a date spelled digit by digit
    ("( 2 0 1 9 年 1 2 月 1 日 )", "(2019年12月1日)"),
    ("T h e   O l d   M a n   a n d   t h e   S e a", "The Old Man and the Sea"),  # a Latin title
    ("调 用   p r i n t l n !   宏 打 印", "调用 println! 宏打印"),  # a mark that clings to its word
    ("他 说 ： “ 到 了 。 ”", "他说：“到了。”"),  # curly quotes
])
def test_letter_spaced_text_is_restored_and_every_gap_is_in_the_ledger(line: str, expected: str) -> None:
    result = clean(line)
    assert [b.text for b in result.blocks] == [expected]
    removals = [(r.column, r.text) for r in result.removals]
    assert {r.rule for r in result.removals} == {"letter-spacing"}
    for column, text in removals:
        assert text.strip() == "" and line[column:column + len(text)] == text
    assert _without_removals(line, removals).strip() == expected


@pytest.mark.parametrize("line", [
    "今天 我们开会",  # a stray space in prose
    "the CVS repository",  # Latin words
    "用 CVS 签出",  # spacing around a Latin word
    "第 3 章",  # spacing around a number, no two Chinese characters apart
    "2020 年 3 月 15 日",
    "维生素 A 和 B",
    "A B C D",
    "1 2 3",  # numbers, not a number spelled out
    "从 A B C 中选一个",  # single letters, no word gap: a list
    "A - B",
    "王\u3000明",  # a full-width space pads a name: typography, not extraction
    "第 一 章\t总 则",  # a tab is not letter spacing… (the runs on either side still are)
])
def test_ordinary_spacing_stays(line: str) -> None:
    result = clean(line)
    if "\t" in line:
        assert [b.text for b in result.blocks] == ["第一章\t总则"]
        return
    assert result.removals == ()
    assert [b.text for b in result.blocks] == [line.strip()]


def test_the_rule_has_examples_either_way() -> None:
    assert "第 一 章  总 则" in RULE.removes and "今天 我们开会" in RULE.keeps and RULE.logs_whitespace


def test_a_letter_spaced_title_heads_its_document() -> None:
    (segment,) = segments("关 于 做 好 春 季 防 火 工 作 的 通 知\n各单位：\n请做好防火工作。")
    assert segment.title == "关于做好春季防火工作的通知"


def test_letter_spaced_lines_broken_by_pdf_extraction_join_with_their_provenance() -> None:
    text = "各 单 位 要 高 度 重 视 ， 切 实\n抓 好 落 实 。"
    result = clean(text)
    assert [b.text for b in result.blocks] == ["各单位要高度重视，切实抓好落实。"]
    block = result.blocks[0]
    assert block.line_at(block.text.index("抓")) == 2
    lines = text.split("\n")
    assert sum(len(r.text) for r in result.removals) == sum(line.count(" ") for line in lines)
    for r in result.removals:
        assert lines[r.line - 1][r.column:r.column + len(r.text)] == r.text


def test_a_long_letter_spaced_line_takes_linear_time() -> None:
    line = "字 " * 100_000 + "x" * 3
    start = time.perf_counter()
    result = clean(line)
    assert time.perf_counter() - start < 5
    assert result.blocks[0].text.startswith("字字字")


def test_a_letter_spaced_date_under_a_letter_spaced_title_is_the_date() -> None:
    (segment,) = segments("关 于 做 好 春 季 防 火 工 作 的 通 知\n( 2 0 2 1 年 3 月 2 日 )\n各单位：\n请做好防火工作。")
    assert segment.title == "关于做好春季防火工作的通知" and segment.date == "2021-03-02"
