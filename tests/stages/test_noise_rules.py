"""Each noise rule on its own examples: what it must remove, and look-alike text it must keep."""

import re
import time

import pytest

from build_tools.rules.noise import INLINE_RULES, LINE_RULES, RULE_NAMES, RULE_REASONS, ellipsis_end
from build_tools.schemas import load_schema
from tests.helpers import clean

RULES = [*INLINE_RULES, *LINE_RULES]

_TEXT = ("硬换行的文本每一行都差不多一样宽，读的时候要把这些行接回一个段落，不能当作标题或者另起一段。"
         "手册的纯文本导出在七十二到八十列处折行，西文单词有时在行末用连字符断开，接回时连字符要去掉。")
_LINE = _TEXT[:36]


def _wrapped(middle: str) -> str:
    """A hard-wrapped paragraph (lines of 72 columns) with `middle` (two lines) inside it."""
    lines = [(_TEXT * 6)[k:k + 36] for k in range(0, 36 * 13, 36)]
    return "\n".join(lines[:7] + middle.split("\n") + lines[7:] + ["完。"])


# Rules applied outside the two tables (the cleaner's join of PDF line breaks): their examples.
OTHER_EXAMPLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "pdf-doubled-char": (("各单位要高度重视，确保各项工作落实到\n到位。", "彰显了领导，彰显了中国特色社会主\n\n主制度的显著优势。"),
                         ("各位代表，我们要让人\n人都过上好日子。", "确保各项工作落实到\n\n\n到位之后再说。")),
    "pdf-hyphenation": ((_wrapped(_LINE[:29] + "（manp-\nage）" + _LINE[:33]),),
                        ("请写信到 e-\nmail 信箱。", _wrapped(_LINE[:29] + "（manp-\n\nage）" + _LINE[:33]))),
}
EXAMPLES = {r.name: (r.removes, r.keeps) for r in RULES} | OTHER_EXAMPLES


def _fired(text: str, rule: str) -> list[str]:
    return [r.text for r in clean(text).removals if r.rule == rule]


@pytest.mark.parametrize(("rule", "example"), [(name, e) for name, (removes, _) in EXAMPLES.items() for e in removes])
def test_rule_removes_its_examples(rule: str, example: str) -> None:
    assert _fired(example, rule), f"{rule} did not fire on {example!r}"


@pytest.mark.parametrize(("rule", "example"), [(name, e) for name, (_, keeps) in EXAMPLES.items() for e in keeps])
def test_rule_keeps_lookalike_text(rule: str, example: str) -> None:
    # A look-alike is text: no rule at all may take anything from it.
    assert [(r.rule, r.text) for r in clean(example).removals] == []


@pytest.mark.parametrize(("rule", "example"), [(name, e) for name, (removes, _) in EXAMPLES.items() for e in removes])
def test_removals_of_the_examples_point_at_their_text(rule: str, example: str) -> None:
    lines = example.split("\n")
    for r in clean(example).removals:
        if r.rule in {x.name for x in LINE_RULES}:  # a whole line (as cleaned by the inline rules) goes
            assert lines[r.line - 1].strip() and r.column == len(lines[r.line - 1]) - len(lines[r.line - 1].lstrip())
        else:
            assert lines[r.line - 1][r.column:r.column + len(r.text)] == r.text, (r, example)


def test_rule_names_are_unique_and_fit_the_ledger() -> None:
    names = [r.name for r in RULES]
    assert len(set(names)) == len(names), f"two rules share a name: {sorted(n for n in names if names.count(n) > 1)}"
    assert len(set(RULE_NAMES)) == len(RULE_NAMES) and set(names) <= set(RULE_NAMES)
    pattern = load_schema()["$defs"]["removal"]["properties"]["rule"]["pattern"]
    for name in RULE_NAMES:
        assert re.fullmatch(pattern, name), f"rule name {name!r} does not fit edition.json's `rule` ({pattern})"


@pytest.mark.parametrize("rule", RULE_NAMES)
def test_every_rule_has_a_reason_and_examples_either_way(rule: str) -> None:
    reason = RULE_REASONS.get(rule, "")
    assert reason == reason.strip() and len(reason) >= 20, f"{rule}: no reason, or not a sentence: {reason!r}"
    # A sentence in English (words) or Chinese (CJK characters), not a name or a pattern.
    assert len(re.findall(r"[A-Za-z]{2,}", reason)) >= 4 or len(re.findall(r"[\u4e00-\u9fff]", reason)) >= 8, reason
    assert reason.lower().replace(" ", "-") != rule
    removes, keeps = EXAMPLES.get(rule, ((), ()))
    assert removes, f"{rule} has no example of text it must remove"
    assert keeps, f"{rule} has no example of look-alike text it must keep"
    assert not set(removes) & set(keeps), f"{rule}: an example is both removed and kept"


def test_reasons_are_not_copies_of_each_other() -> None:
    reasons = list(RULE_REASONS.values())
    assert len(set(reasons)) == len(reasons)
    assert set(RULE_REASONS) == set(RULE_NAMES)


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


def test_every_rule_is_explained_to_readers_in_chinese() -> None:
    from build_tools.rules.noise import CORPUS_RULE_REASONS, READER_EXPLANATIONS
    from build_tools.stages.curate import EXCLUDED_RULE

    rules = {*RULE_NAMES, *CORPUS_RULE_REASONS, EXCLUDED_RULE}
    assert set(READER_EXPLANATIONS) == rules
    for rule, text in READER_EXPLANATIONS.items():
        assert sum("\u4e00" <= ch <= "\u9fff" for ch in text) >= 6, f"{rule}: {text!r} is not a Chinese sentence"
