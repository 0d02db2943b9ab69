"""Which headings open a book's chapters (stages.chapters), on small hand-made files: headings numbered by a
bare number, a table of contents confirming the chapter list (and reporting an entry with no heading),
part headings opening their first chapter."""

from __future__ import annotations

from build_tools.records import Removal
from build_tools.stages.chapters import chapter_level_entries, toc_entries, toc_problems
from build_tools.stages.toc import toc_lines
from tests.helpers import clean, edition, segments

PROSE = "第一段正文说明一件事情，句子写得完整，有标点，也足够长，读起来是一段普通的文字。" * 50


def _openers(text: str) -> list[str]:
    return [b.text for b in clean(text).blocks if "chapter" in b.hints]


def _book(*parts: str) -> str:
    """A title line, then each of `parts` (a heading line, or a heading and a paragraph when given as
    'heading|'), blank lines between."""
    lines = ["某某手册", ""]
    for part in parts:
        heading, _, more = part.partition("|")
        lines += [heading, ""] + ([PROSE, ""] if more == "" and "|" in part else [])
    return "\n".join(lines)


# --- headings numbered by a bare number ------------------------------------------------------------------

def test_headings_numbered_upwards_by_a_bare_number_open_chapters() -> None:
    text = _book("1 起步|", "1.1 关于版本控制|", "2 Git 基础|", "3 分支|", "4 服务器上的 Git|")
    assert _openers(text) == ["1 起步", "2 Git 基础", "3 分支", "4 服务器上的 Git"]
    roles = {b.text: r for s in segments(text) for r, b in s.blocks}
    assert roles["1.1 关于版本控制"] == "heading"  # a section inside chapter 1, no chapter of its own


def test_a_heading_missing_from_the_run_does_not_stop_it() -> None:
    text = _book("1 起步|", "2 基础|", "4 服务器|", "5 分布式|")  # 3 was joined to its text, say
    assert _openers(text) == ["1 起步", "2 基础", "4 服务器", "5 分布式"]


def test_lone_numbers_list_items_page_numbers_and_code_open_nothing() -> None:
    text = "\n\n".join(["某某手册", "1", PROSE, "1. 将尚未进行版本控制的本地目录转换为 Git 仓库；", PROSE, "- 2 -",
                        "2 files changed, 3 insertions(+)", PROSE, "3 个文件", PROSE, "12", PROSE, "4 月 5 日", PROSE])
    assert _openers(text) == []


def test_bare_numbers_under_numbered_chapters_are_sections() -> None:
    text = _book("第一章 起步|", "1 概述|", "2 安装|", "第二章 基础|", "1 概述|", "2 配置|", "第三章 分支|")
    assert _openers(text) == ["第一章 起步", "第二章 基础", "第三章 分支"]


def test_numbers_that_do_not_count_upwards_open_nothing() -> None:
    rows = "\n".join(["3 张三", "1 李四", "7 王五", "2 赵六", "9 孙七"])
    assert _openers("\n\n".join(["名单", PROSE, rows, PROSE, PROSE])) == []


# --- classical headings: a name and its number (學而第一) ---------------------------------------------------

def test_classical_headings_counting_upwards_open_chapters() -> None:
    text = _book("學而第一|", "為政第二|", "八佾第三|", "里仁第四|", "公冶長第五|")
    assert _openers(text) == ["學而第一", "為政第二", "八佾第三", "里仁第四", "公冶長第五"]


def test_a_name_and_number_alone_or_out_of_order_opens_nothing() -> None:
    lone = "\n\n".join(["某某文集", PROSE, "天下第一", PROSE, "江南第一", PROSE, "天下第一", PROSE])
    assert _openers(lone) == []
    shuffled = _book("里仁第四|", "八佾第三|", "學而第一|", "公冶長第五|", "為政第二|")
    assert _openers(shuffled) == []


def test_a_name_and_number_among_numbered_chapters_is_none_of_them() -> None:
    text = _book("第一章 总则|", "天下第一|", "第二章 职责|", "江南第二|", "第三章 附则|")
    assert _openers(text) == ["第一章 总则", "第二章 职责", "第三章 附则"]


# --- a table of contents confirms the chapter list -----------------------------------------------------

TOC_BOOK = ("某某手册\n\n目录\n前言 ..... 1\n起步 ..... 2\n  关于版本控制 ..... 2\n基础 ..... 5\n分支 ..... 9\n"
            "术语表 ..... 12\n\n" + "\n\n".join(f"{h}\n\n{PROSE}" for h in ("前言", "起步", "关于版本控制", "基础", "分支")))


def test_contents_entries_and_their_levels() -> None:
    lines = [(0, "目录"), (0, "前言 ...... 1"), (0, "1. 起步 ...... 2"), (2, "1.1 关于版本控制 ...... 2"),
             (0, "2020年回顾 ...... 3"), (0, "第一节 概述\t4"), (0, "附录 术语表 ...... 9")]
    entries = toc_entries([Removal("t.txt", n, column, text, "table-of-contents")
                           for n, (column, text) in enumerate(lines, start=1)])
    assert [(e.line, e.text, e.level) for e in entries] == [
        (2, "前言", "chapter"), (3, "1. 起步", "chapter"), (4, "1.1 关于版本控制", "section"),
        (5, "2020年回顾", "weak"), (6, "第一节 概述", "section"), (7, "附录 术语表", "weak")]
    # No 第N章 in the table, and a deeper level shown: the unnumbered entries flush left are chapters too.
    assert [e.line for e in chapter_level_entries(entries)] == [2, 3, 5, 7]
    assert [e.line for e in chapter_level_entries([e for e in entries if e.level != "section"])] == [2, 3]


def test_headings_the_contents_list_at_chapter_level_open_chapters() -> None:
    # Unnumbered headings are a weak cue; the contents show the chapters flush left, a section indented.
    assert _openers(TOC_BOOK) == ["前言", "起步", "基础", "分支"]
    assert [s.title for s in segments(TOC_BOOK)] == ["某某手册", "前言", "起步", "基础", "分支"]


def test_a_contents_entry_without_a_heading_is_a_problem() -> None:
    (problem,) = toc_problems(clean(TOC_BOOK))
    assert (problem.severity, problem.line) == ("warning", 9) and "术语表" in problem.message
    result = edition({"手册.txt": TOC_BOOK})
    assert [(p.source, p.line) for p in result.problems] == [("手册.txt", 9)]


def test_a_flat_contents_with_numbered_chapters_opens_no_section() -> None:
    # A Word export lists chapters and their unnumbered sections flush left: the sections stay headings.
    toc = "目录\n第一章 起步\t1\n关于版本控制\t1\n第二章 基础\t3\n获取仓库\t3\n第三章 分支\t5\n分支简介\t5\n\n"
    body = "\n\n".join(f"{h}\n\n{PROSE}" for h in ("第一章 起步", "关于版本控制", "第二章 基础", "获取仓库",
                                                   "第三章 分支", "分支简介"))
    text = "某某手册\n\n" + toc + body
    assert _openers(text) == ["第一章 起步", "第二章 基础", "第三章 分支"]
    assert toc_problems(clean(text)) == []


def test_the_contents_confirm_bare_numbered_chapters_a_run_alone_would_not() -> None:
    rows = "\n".join(["5 张三", "6 李四", "7 王五", "8 赵六", "9 孙七"])  # more lines like headings than chapters
    body = f"1 起步\n\n{PROSE}\n\n{rows}\n\n2 基础\n\n{PROSE}\n\n3 分支\n\n{PROSE}"
    assert _openers("某某手册\n\n" + body) == []
    toc = "目录\n1 起步 ...... 1\n2 基础 ...... 4\n3 分支 ...... 7\n\n"
    assert _openers("某某手册\n\n" + toc + body) == ["1 起步", "2 基础", "3 分支"]


# --- parts ------------------------------------------------------------------------------------------------

def _titles(text: str) -> list[str]:
    return [d.title for d in edition({"手册.txt": text}).documents]


def test_a_part_heading_opens_its_first_chapter_and_is_no_document() -> None:
    text = _book("第一部分 基础", "第一章 起步|", "第二章 基础|", "第二部分 进阶", "第三章 分支|")
    assert [s.title for s in segments(text)] == ["某某手册", "第一部分基础第一章起步", "第二章基础", "第二部分进阶第三章分支"]
    assert _titles(text) == ["某某手册", "第一章起步", "第二章基础", "第三章分支"]


def test_volumes_and_english_parts_too() -> None:
    volumes = _book("卷一", "第一回 甲|", "第二回 乙|", "卷二", "第三回 丙|")
    assert _titles(volumes) == ["某某手册", "第一回甲", "第二回乙", "第三回丙"]
    english = _book("Part I Basics", "Chapter 1 Getting Started|", "Chapter 2 Git Basics|", "Part II Advanced",
                    "Chapter 3 Branching|")
    assert _titles(english) == ["某某手册", "Chapter 1 Getting Started", "Chapter 2 Git Basics", "Chapter 3 Branching"]


def test_a_part_with_an_introduction_keeps_it_in_a_document_of_its_own() -> None:
    text = _book("第一部分 基础|", "第一章 起步|", "第二章 基础|", "第三章 分支|")
    docs = segments(text)
    assert [s.title for s in docs] == ["某某手册", "第一部分基础", "第一章起步", "第二章基础", "第三章分支"]
    assert any(r == "body" for r, _ in docs[1].blocks)  # its introduction: not a one-line document


def test_a_numbered_section_with_a_comma_stays_in_the_contents() -> None:
    lines = ["目录", "1. 起步", "  1.1. 直接记录快照，而非差异比较", "2. 基础", "3. 分支", "", "第 1 章  起步", "正文。",
             "1.1. 直接记录快照，而非差异比较", "正文。", "第 2 章  基础", "正文。", "第 3 章  分支", "正文。"]
    assert toc_lines([line.strip() for line in lines]) == {0, 1, 2, 3, 4}
