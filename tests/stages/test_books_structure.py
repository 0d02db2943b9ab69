"""Books and manuals on small hand-made files (no sample text): code kept verbatim, chapters as documents,
tables of contents and running heads set apart, hard-wrapped paragraphs joined; and a property on the
real manual of tests/data/books: no line of its code is ever a title, a heading or noise."""

from __future__ import annotations

import re
from functools import lru_cache

import pytest

from build_tools.pipeline import StageCache
from build_tools.records import Block, LineMark, Paragraph, Segment, Span
from build_tools.rules import structure
from build_tools.settings import CleanConfig
from build_tools.stages.chapters import book_chapters
from build_tools.stages.clean import clean_source
from build_tools.stages.code import code_lines
from build_tools.stages.pages import page_edges, wrap_width
from build_tools.stages.render.chapter import _paragraph_markdown
from build_tools.stages.segment import segment_text
from build_tools.stages.toc import toc_lines
from tests.helpers import clean, segments, source

PROSE = ("第一段正文说明一件事情，句子写得完整，有标点，也足够长，读起来是一段普通的文字。" * 50)


def _chapter(number: str, title: str, body: str = PROSE) -> str:
    return f"第{number}章 {title}\n\n{body}\n"


# --- code --------------------------------------------------------------------------------------------

def test_code_lines_by_cue_and_by_context() -> None:
    lines = ["运行下面的命令查看状态：", "", "$ git status", "On branch master", "nothing to commit, working tree clean",
             "", "这是说明文字，不是代码。", "Scott Chacon", "这也是说明文字。", "", "# 忽略所有的 .a 文件", "*.a",
             "!lib.a"]
    code = code_lines(lines)
    assert {lines[i] for i in code} == {"$ git status", "On branch master", "nothing to commit, working tree clean",
                                        "# 忽略所有的 .a 文件", "*.a", "!lib.a"}


def test_an_indented_block_with_code_is_code_whole() -> None:
    lines = ["正文说明，没有缩进。", "", "    $ git chekcout master", "    git：'chekcout' 不是一个 git 命令。", "",
             "    警告：您运行一个不存在的 Git 命令。", "", "正文继续。", "", "    缩进的中文引文，不是代码。",
             *(["正文又一段。"] * 6)]
    code = code_lines(lines)
    assert code == {2, 3, 5}


def test_chinese_prose_with_a_url_or_command_is_not_code() -> None:
    lines = ["请访问 https://git-scm.com 下载安装包。", "用 git config --global 设置你的用户名。", "On branch master"]
    assert code_lines(lines) == frozenset()


def test_code_is_kept_verbatim_and_never_joined() -> None:
    text = ("示例：\n\n$ git add *.c\n$ git add LICENSE\n$ git commit -m 'initial project version'\n\n"
            "<<<<<<< HEAD:index.html\n=======\n>>>>>>> iss53:index.html\n\n"
            "使用两个星号（**）表示匹配任意中间目录，比如 a/**/z 可以匹配 a/b/z 。\n\n"
            "> Install-Module posh-git -Scope CurrentUser -Force\n")
    result = clean(text)
    assert not result.removals
    texts = [b.text for b in result.blocks]
    for line in ("$ git add *.c", "$ git add LICENSE", ">>>>>>> iss53:index.html", "=======",
                 "> Install-Module posh-git -Scope CurrentUser -Force"):
        assert line in texts
    assert all("code" in b.hints for b in result.blocks if b.text.startswith(("$", ">", "<", "=")))


def test_repeated_code_lines_are_no_running_heads() -> None:
    block = "\n".join(["$ git status -s", "M README", "", "说明文字，每次都不一样，第{}次。"])
    text = "\n".join(block.format(n) for n in range(6)) + "\nAuthor: Scott Chacon <schacon@gmail.com>\n" * 4
    assert [r for r in clean(text).removals if r.rule == "pdf-running-header"] == []


def test_code_is_never_a_title_and_never_opens_a_document() -> None:
    text = ("在会议上的讲话\n同志们：\n今天我们讨论版本控制。\n\n$ git status\nOn branch master\n"
            "(use \"git reset HEAD <file>...\" to unstage)\n\ngettext libz-dev libssl-dev\n\n谢谢大家。")
    (seg,) = segments(text)
    roles = {b.text: r for r, b in seg.blocks}
    assert roles["$ git status"] == "code" and roles["On branch master"] == "code"
    assert roles["gettext libz-dev libssl-dev"] == "code"
    assert seg.title == "在会议上的讲话"


def test_a_code_paragraph_renders_as_escaped_code_with_its_anchor() -> None:
    paragraph = Paragraph("p3", "</pre><script>x</script> $ git log --pretty=\"%h\" & *a*", "code", ())
    markdown = _paragraph_markdown("ignored[^v1]", paragraph)
    assert markdown.startswith('<pre class="code" id="p3"><code>&lt;/pre&gt;&lt;script&gt;')
    assert "&amp; *a*</code></pre>" in markdown and "[^v1]" in markdown


# --- chapters, tables of contents ----------------------------------------------------------------------

BOOK = ("某某手册\n\n目录\n第一章 起步 ........ 1\n  1.1 关于版本控制 ........ 2\n第二章 基础 ........ 5\n"
        "第三章 分支 ........ 9\n\n\n" + _chapter("一", "起步", "1.1 关于版本控制\n\n" + PROSE)
        + "\n" + _chapter("二", "基础") + "\n" + _chapter("三", "分支"))


def test_a_book_is_split_into_its_chapters_and_its_table_of_contents_goes_to_the_ledger() -> None:
    segs = segments(BOOK)
    assert [s.title for s in segs] == ["某某手册", "第一章起步", "第二章基础", "第三章分支"]
    assert [r for r, b in segs[1].blocks if b.text == "1.1 关于版本控制"] == ["heading"]
    removed = [r.text for r in clean(BOOK).removals if r.rule == "table-of-contents"]
    assert removed[0] == "目录" and len(removed) == 5


def test_a_statute_with_short_chapters_stays_one_document() -> None:
    text = ("某某管理办法\n\n第一章 总则\n第一条 为了加强管理，制定本办法。\n第二条 本办法适用于本单位。\n"
            "第二章 管理\n第三条 各部门负责日常管理。\n第三章 附则\n第四条 本办法自发布之日起施行。")
    (seg,) = segments(text)
    assert seg.title and seg.title.startswith("某某管理办法")


@pytest.mark.parametrize(("text", "rank"), [
    ("第一章 起步", ("chapter", 1)), ("第 3 章  起步", ("chapter", 3)), ("第一百零五回 某某", ("chapter", 105)),
    ("Chapter XII Git", ("chapter", 12)), ("第二部分 基础", ("part", 2)), ("第三卷", ("part", 3)),
    ("第一节 概述", ("section", 1)), ("附录 A 在其它环境中使用 Git", ("appendix", 1)), ("附錄B 命令", ("appendix", 2)),
    ("Scott Chacon 序", ("front", 0)), ("引言", ("front", 0)), ("后记", ("back", 0)), ("一、总则", None),
    ("第三章 关注于 Git 的分支模型。", None),
])
def test_chapter_rank(text: str, rank: tuple[str, int] | None) -> None:
    assert structure.chapter_rank(text) == rank


def _blocks(*texts: str) -> list[Block]:
    return [Block(t, Span("t.txt", n, n), (LineMark(0, n),)) for n, t in enumerate(texts, start=1)]


def test_book_order_decides_which_headings_open_chapters() -> None:
    book = _blocks("序", "正文", "第一部分 基础", "第一章 起步", "第一节 概述", "第二章 基础", "第二章 基础",
                   "第二部分 进阶", "第一章 分支", "附录 A 命令", "后记")
    assert [book[i].text for i in book_chapters(book)] == ["序", "第一部分 基础", "第一章 起步", "第二章 基础",
                                                          "第二部分 进阶", "第一章 分支", "附录 A 命令", "后记"]
    assert book_chapters(_blocks("第八回 甲", "正文", "第三回 乙", "正文", "第三回 乙")) == []  # excerpts, no book
    assert [i for i in book_chapters(_blocks("第一节 甲", "第二节 乙"))] == [0, 1]  # sections as the top level


def test_toc_needs_confirmation_by_later_headings() -> None:
    lines = ["第一章 总则", "第二章 组织", "第三章 附则", "正文。"]
    assert toc_lines(lines) == frozenset()
    lines = ["目录", "1. 起步", "2. 基础", "3. 分支", "", "第 1 章  起步", "正文。", "第 2 章  基础", "正文。",
             "第 3 章  分支", "正文。"]
    assert toc_lines(lines) == {0, 1, 2, 3}


# --- pages and running heads ----------------------------------------------------------------------------

def _pages(heads: list[str], body: str = "正文第{}页，写得很长很长的一行字，没有重复的内容。") -> str:
    out = []
    for n, head in enumerate(heads, start=1):
        out += [f"\f{head}", "", body.format(n), body.format(n) + "又一行。", "", f"- {n} -"]
    return "\n".join(out)


def test_a_chapter_head_at_two_page_edges_is_a_running_head() -> None:
    text = "第 一 章  起 步\n\n正文开头。\n- 1 -\n" + _pages(["某某手册", "第一章 起步", "某某手册", "第一章 起步"])
    removed = [(r.line, r.text) for r in clean(text).removals if r.rule == "pdf-running-header"]
    assert {t for _, t in removed} == {"某某手册", "第一章 起步"} and len(removed) == 4
    assert "第一章 起步" in [b.text for b in clean(text).blocks]  # the heading itself stays


def test_page_edges_are_next_to_page_numbers_and_after_form_feeds() -> None:
    raw = ["正文。", "", "- 1 -", "\f书名", "", "正文。", "- 2 -", "页脚", ""]
    texts = [line.strip().lstrip("\f") for line in raw]
    pages = page_edges(raw, texts)
    assert pages.numbers == {2, 6} and {0, 3, 5, 7} <= pages.edges


# --- hard wrap ----------------------------------------------------------------------------------------

WRAPPED = ("手册的纯文本导出在七十二到八十列处折行，西文单词 Git 有时正好落在行末，句子也常常在行中间结束，"
           "读者要的是一段连贯的文字，而不是一行一段；列表、表格、标题和代码却不能接进段落里去，") * 8 + "完。"


def _wrap(text: str, width: int = 36) -> list[str]:
    """Lines of `width` characters; punctuation that cannot open a line hangs at the end of the one before."""
    lines = [text[k:k + width] for k in range(0, len(text), width)]
    for k in range(1, len(lines)):
        while lines[k][:1] in ("，", "、", "；", "。", " "):
            lines[k - 1] += lines[k][0]
            lines[k] = lines[k][1:]
    return [line for line in lines if line]


def test_a_hard_wrapped_paragraph_is_joined_but_not_its_list_items_or_code() -> None:
    lines = [*_wrap(WRAPPED), "", "1. 第一项列表", "2. 第二项列表", "", "    $ git status", "", *_wrap(WRAPPED[::-1])]
    text = "\n".join(lines)
    assert wrap_width(text.split("\n")) > 0
    blocks = [b.text for b in clean(text).blocks]
    assert re.sub(r"\s", "", blocks[0]) == re.sub(r"\s", "", WRAPPED)  # one paragraph (spaces at a break go)
    assert "1. 第一项列表" in blocks and "2. 第二项列表" in blocks
    assert "$ git status" in blocks


def test_seeds_shaped_files_are_not_hard_wrapped() -> None:
    paragraphs = [PROSE[:n] for n in (300, 120, 450, 80, 260, 500, 90, 330, 210, 400, 150, 600, 70)]
    assert wrap_width("\n".join(paragraphs).split("\n")) == 0


def test_hyphenated_latin_words_are_rejoined_in_the_ledger() -> None:
    lines = _wrap(WRAPPED)
    lines[5] = lines[5][:30] + "（manp-"
    lines.insert(6, "age）" + lines[6][:31])
    result = clean("\n".join(lines))
    assert [(r.rule, r.text) for r in result.removals] == [("pdf-hyphenation", "-")]
    assert "（manpage）" in result.blocks[0].text


# --- the real manual: a property over its code -------------------------------------------------------

@lru_cache(maxsize=1)
def _manual() -> tuple[frozenset[str], tuple[Segment, ...], tuple[str, ...]]:
    from build_tools.stages.read import read_source
    from tests.corpora.books.channels import channel_copies
    from tests.corpora.books.source import load_book

    book = load_book("progit")
    code = frozenset(re.sub(r"\s", "", line) for c in book.chapters for line in c.code_lines) - {""}
    headings = {re.sub(r"\s", "", c.heading) for c in book.chapters}
    headings |= {re.sub(r"\s", "", b.text) for c in book.chapters for b in c.blocks if b.kind == "heading"}
    corpus = channel_copies(book, 1)
    sources = tuple(s for s in (read_source(n, d) for n, d in corpus.files.items()) if not isinstance(s, tuple))
    cleaned, segs = StageCache().clean_and_segment(sources)  # type: ignore[arg-type]
    removed = tuple(r.text for c in cleaned for r in c.removals)
    return code - headings, segs, removed


def test_no_code_line_of_the_manual_is_a_title_heading_or_noise() -> None:
    code, segs, removed = _manual()
    assert len(segs) >= 44
    titles = [s.title for s in segs if s.title and re.sub(r"\s", "", s.title) in code]
    headings = [b.text for s in segs for r, b in s.blocks
                if r in ("title", "subtitle", "heading") and re.sub(r"\s", "", b.text) in code]
    noise = [t for t in removed if re.sub(r"\s", "", t) in code]
    assert (titles, headings, noise) == ([], [], [])


@pytest.mark.parametrize("config", [CleanConfig(min_chapters=100)])
def test_without_enough_chapters_a_file_is_not_split(config: CleanConfig) -> None:
    assert len(segment_text(clean_source(source(BOOK), config=config))) < 4
