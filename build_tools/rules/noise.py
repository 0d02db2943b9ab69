"""The noise rules: every kind of junk the cleaner removes, in one table.

Each rule has a name (it appears in the ledger and on the "Edition notes" page), a one-line reason,
and examples that the test-suite runs: `removes` are small source texts in which the rule must
remove something, `keeps` are texts that look like noise but are text and must survive untouched.

Two kinds of rule:
- `InlineRule` removes what a regular expression matches inside a line (optionally keeping a
  group, as for bold markers) and may leave a structure hint for the segmenter where it removed
  (a word-processor bookmark often sits on a heading, a numbered-piece marker opens a document);
- `LineRule` removes a whole line, deciding from the line and its neighbours (`LineContext`).

Rules never name a sample document: they describe kinds of noise, not texts.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from build_tools.records import BlockHint
from build_tools.rules import furniture, structure

# What a line rule sees (defined with the furniture rules, used by the cleaner as noise.LineContext …).
from build_tools.rules.furniture import NO_FACTS as NO_FACTS
from build_tools.rules.furniture import FileFacts as FileFacts
from build_tools.rules.furniture import LineContext as LineContext


@dataclass(frozen=True)
class InlineRule:
    name: str
    reason: str
    pattern: re.Pattern[str]
    removes: tuple[str, ...]
    keeps: tuple[str, ...]
    keep_group: int | None = None  # this group's text stays in the line
    hint: BlockHint | None = None  # structure hint left on the line when the rule fired
    # The spans (in the line) to remove from a match, when that takes more than a pattern (default: the match).
    cuts: Callable[[re.Match[str]], list[tuple[int, int]]] | None = None
    # What it removes is whitespace, logged all the same (the cleaner logs no other whitespace).
    logs_whitespace: bool = False
    # It applies to code lines too (`stages.code`): only rules that remove what is never text do.
    in_code: bool = True


@dataclass(frozen=True)
class LineRule:
    name: str
    reason: str
    matches: Callable[[LineContext], bool]
    removes: tuple[str, ...]
    keeps: tuple[str, ...]
    # A rule of one file that the corpus rule `shared-chrome` goes before: a line many files share around
    # different documents is named chrome, whatever this rule would call it.
    after_chrome: bool = False


# --- inline rules -------------------------------------------------------------------------------

# Letter-spaced text as PDF extraction leaves it: single characters (a Chinese character, a full-width
# punctuation mark, a curly quote, dash, ellipsis or middle dot, a Latin letter, a digit, or a bracket or
# mark that clings to a word), each standing alone between spaces.
_SPACED_CHAR = rf"[{structure.CJK}\u3001-\u303f\uff01-\uff60\u2010-\u2027\u00b7A-Za-z0-9()\[\]!?,.;:\-]"
_LETTER_SPACED = re.compile(rf"(?<!\S){_SPACED_CHAR}(?: {{1,4}}{_SPACED_CHAR})+(?!\S)")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def _spelled_out(run: str, gaps: list[tuple[int, int]], width: int) -> bool:
    """Is the run letter-spaced? Two Chinese characters stand apart by its narrowest gap (第 一 章); or
    two digits do, in a run that is more than numbers and Latin letters (2 0 2 0 年 3 月, - 1 2 -: a
    number spelled digit by digit); or three Latin letters do, and a wider gap parts words (T h i s   I s)."""
    narrow = [(a, b) for a, b in gaps if b - a == width]
    if any(structure.is_cjk(run[a - 1]) and structure.is_cjk(run[b]) for a, b in narrow):
        return True
    if (any(run[a - 1].isdigit() and run[b].isdigit() for a, b in narrow)
            and any(not (c.isspace() or c.isdigit() or _LATIN_LETTER.match(c)) for c in run)):
        return True
    if len(narrow) == len(gaps):
        return False
    between_letters = [(a, b) for a, b in narrow if _LATIN_LETTER.match(run[a - 1]) and _LATIN_LETTER.match(run[b])]
    # Two such gaps around one letter: three letters in a row.
    return any(first[1] + 1 == second[0] for first, second in itertools.pairwise(between_letters))


def letter_spacing_cuts(match: re.Match[str]) -> list[tuple[int, int]]:
    """The spaces to remove from a run of single characters between spaces (`_LETTER_SPACED`).

    When the run is letter-spaced (`_spelled_out`), every gap of its narrowest width (one or two spaces)
    goes, also beside a single Latin letter, digit or mark of the run (用 于 C V S → 用于CVS, f o r m a t !
    → format!); a wider gap is a word gap, of which one space stays (第 一 章  总 则 → 第一章 总则).
    Other runs are ordinary spacing around Latin text or numbers (第 3 章, A 和 B, A B C D, 1 2 3), and a
    Latin word of several letters is never part of a run (the CVS repository).
    """
    run, start = match.group(), match.start()
    gaps = [(m.start(), m.end()) for m in re.finditer(" +", run)]
    width = min(b - a for a, b in gaps)
    if width > 2 or not _spelled_out(run, gaps, width):
        return []
    return [(start + a, start + b) if b - a == width else (start + a + 1, start + b) for a, b in gaps]


# Terminal escape sequences: CSI (ESC [ parameters final, e.g. ESC[1;31m, ESC[K), OSC (ESC ] ... BEL
# or ESC \\, e.g. a window title) and the two-byte escapes. Where a copy lost the ESC byte, a colour
# code is still unambiguous next to Chinese: '[' digits/semicolons 'm', with Chinese or the line's
# start before it and Chinese, another code or the line's end after it ('步长[10m]' is text).
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b\n]{0,200}(?:\x07|\x1b\\)"
    r"|\x1b[()][0-9A-Za-z]|\x1b[@-Z\\^_78=>]"
    rf"|(?:^|(?<=[{_CJK}]))(?:\[\d{{1,3}}(?:;\d{{1,3}}){{0,4}}m)+(?=[{_CJK}]|$)"
)

INLINE_RULES: tuple[InlineRule, ...] = (
    # Before control-character, which would take the ESC alone and leave '[32m' in the text.
    InlineRule(
        name="ansi-escape",
        reason="text copied from a terminal keeps its colour and cursor codes (ESC[32m ... ESC[m), never text",
        pattern=_ANSI,
        removes=("\x1b[32m通过\x1b[m", "\x1b[1;31m错误：\x1b[0m文件不存在\x1b[K", "\x1b]0;终端标题\x07正文",
                 "[32m成功[0m", "编译完成[0m", "[1;31m错误：[0m文件不存在"),
        keeps=("见附件[1]。", "数组a[m]的值", "步长[10m]，宽[3m×2m]", "参见[12]和[13m]"),
    ),
    InlineRule(
        name="control-character",
        reason="control characters (NUL and friends) are damage from conversion, never text",
        pattern=re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"),
        removes=("第一\x00条", "标题\x07"),
        keeps=("第一条\t内容",),
    ),
    InlineRule(
        name="zero-width-character",
        reason="zero-width spaces and stray byte-order marks are invisible residue of web and Word copies",
        pattern=re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]"),
        removes=("疫情\u200b防控", "同志们\ufeff："),
        keeps=("疫情防控",),
    ),
    InlineRule(
        name="word-bookmark",
        reason="Word exports leave bookmark anchors such as [bookmark: _Toc123] before headings",
        # Letter-spaced too, as a PDF of the export prints it: [ b o o k m a r k :   _ T o c 1 2 3 ].
        pattern=re.compile(r"\[ ?b ?o ?o ?k ?m ?a ?r ?k ?:\s*[^\]\n]{0,120}\]"),
        removes=("[bookmark: _Toc3824]在会议上的讲话", "[bookmark: _GoBack]各有关单位：",
                 "[ b o o k m a r k :   _ T o c 6 5 7 5 ] 乡 里 制"),
        keeps=("见附件[1]。", "[注：原文如此]"),
        hint="bookmark",
    ),
    InlineRule(
        name="numbered-piece-marker",
        reason="web collections number the pieces they bundle, e.g. 【篇1】, before each piece's title",
        pattern=re.compile(r"^\s*【\s*(?:篇|第)\s*[0-9一二三四五六七八九十百]+\s*(?:篇)?\s*】"),
        removes=("【篇1】工作会议讲话", "【第3篇】在会上的讲话"),
        keeps=("【编者按】本文有删节。", "引自【人民日报】"),
        hint="piece-marker",
    ),
    InlineRule(
        name="quote-marker",
        reason="web copies keep e-mail style '>' quote markers at the start of headings",
        pattern=re.compile(r"^[\s\u3000]*(>+)"),
        keep_group=None,
        removes=(">\u3000\u3000一、提高认识", "\u3000>\u3000二、加强领导"),
        keeps=("温度>37.3℃的要报告", "一、提高认识", "<<<<<<< HEAD:index.html\n=======\n>>>>>>> iss53:index.html",
               "> Install-Module posh-git -Scope CurrentUser -Force"),
        in_code=False,
    ),
    InlineRule(
        name="markup-bold",
        reason="PDF and Markdown conversions mark bold text with ** pairs; the words stay, the stars go",
        # The words between the stars hold no "**" themselves: a lazy `.+?` would rescan the rest of
        # the line from every unmatched "**", quadratic on a long line full of them.
        # Stars touching a path, a bracket or a Latin word are a glob ('a/**/z', '（**）'), not bold.
        pattern=re.compile(r"(?<![A-Za-z0-9_/*（(\[])\*\*(?=[^\s）)\]】/*])((?:(?!\*\*).)+?)(?<=[^\s（(\[/*])\*\*"
                           r"(?![A-Za-z0-9_/*])"),
        keep_group=1,
        removes=("提3点要求。**一要狠抓工作落实。**今年", "**重要**", "a **b** c ** d"),
        keeps=("注*：见附表", "a * b", "使用两个星号（**）表示匹配任意中间目录，比如 a/**/z 可以匹配 a/b/z 。",
               "doc/**/*.pdf"),
        in_code=False,
    ),
    InlineRule(
        name="letter-spacing",
        reason="PDF extraction of letter-spaced text puts a space between every Chinese character (第 一 章)",
        pattern=_LETTER_SPACED,
        cuts=letter_spacing_cuts,
        logs_whitespace=True,
        removes=("第 一 章  总 则", "用 于 C V S 签 出", "目  录", "第一章 总 则", "( 2 0 2 1 年 4 月 6 日 )",
                 "T h e   O l d   M a n", "调 用   p r i n t l n !   宏", "- 1 2 -"),
        keeps=("今天 我们开会", "the CVS repository", "用 CVS 签出", "2020 年 3 月 15 日", "维生素 A 和 B",
               "王\u3000明", "A B C D", "1 2 3", "A - B", "从 A B C 中选一个"),
        in_code=False,
    ),
)


# --- line rules ---------------------------------------------------------------------------------

PAGE_NUMBER = re.compile(
    r"^[-—–]\s*\d{1,4}\s*[-—–]$"            # - 12 -
    r"|^第\s*\d{1,4}\s*[页頁](?:\s*[,，/／]?\s*共\s*\d{1,4}\s*[页頁])?$"  # 第 3 页, 第3页 共12页, 第 3 頁
    r"|^\d{1,4}\s*[/／]\s*\d{1,4}$"          # 3/12
    r"|^(?:Page|page|PAGE)\s*\d{1,4}(?:\s*of\s*\d{1,4})?$"
    r"|^\d{1,3}$"                           # a bare page number
)

_BLURB = re.compile(
    r"(?:以下|下面)(?:是|为)[^。！]{0,40}(?:整理|收集|精选|分享|搜集|汇总)的"
    r"|欢迎(?:品鉴|阅读|借鉴|参考|收藏|分享)"
    r"|仅供(?:大家)?(?:参考|学习)"
)

# Matched on the reversed line, anchored: searching for a run of dots *at the end* of a line is
# quadratic in the length of a run of dots that does not end it.
_ELLIPSIS_END_REVERSED = re.compile(r"\s*(?:\.{3,}|…+|。{3,})")


def ellipsis_end(text: str) -> int:
    """Length of the ellipsis ('...', '…', '。。。', with any whitespace after it) ending text; 0 if none."""
    m = _ELLIPSIS_END_REVERSED.match(text[::-1])
    return m.end() if m else 0


def _is_page_number(ctx: LineContext) -> bool:
    return bool(PAGE_NUMBER.match(ctx.text)) and ctx.index not in ctx.facts.code


def document_openers(lines: tuple[str, ...]) -> frozenset[str]:
    """Lines followed (after blank lines) by a date, a salutation or an addressee: document titles."""
    openers = set()
    following = ""
    for text in reversed(lines):
        if not text:
            continue
        if following and (structure.is_date_line(following) or structure.SALUTATION.match(following)
                          or structure.is_addressee(following)):
            openers.add(text)
        following = text
    return frozenset(openers)


def _is_running_header(ctx: LineContext) -> bool:
    """A running head or footer of PDF pages: a short line that recurs at page edges, or (in a file
    without page numbers) a short line repeated three or more times. Never code, never a sentence."""
    text, facts = ctx.text, ctx.facts
    # A repeated line that ends a sentence is prose (a slogan, a refrain), not a page furniture.
    if not text or len(text) > 40 or ctx.index in facts.code or structure.ends_sentence(text):
        return False
    if facts.edges:  # the file has pages: furniture stands at their edges
        return furniture.at_page_edge(ctx)
    if ctx.repeats.get(text, 0) < 3:
        return False
    # Several documents of one file may share an author: a name under a title of its own is a byline.
    if (structure.PERSON_NAME.match(text) or structure.BYLINE.match(text)) and _under_own_title(ctx):
        return False
    # Several documents of one file may share a title; a title heads a date or salutation somewhere.
    return text not in ctx.openers


def _under_own_title(ctx: LineContext) -> bool:
    """Does the line stand right under (a blank line at most between) a title-like line the file has once?"""
    for back in (1, 2):
        i = ctx.index - back
        if i < 0:
            return False
        above = ctx.lines[i]
        if above:
            return structure.looks_like_title(above) and ctx.repeats.get(above.strip(), 0) <= 1
    return False


def _is_collection_blurb(ctx: LineContext) -> bool:
    return len(ctx.text) <= 200 and bool(_BLURB.search(ctx.text))


def _normal(text: str) -> str:
    return re.sub(r"[\s\u3000>]|【[^】]{0,8}】", "", text)


def _is_teaser(ctx: LineContext) -> bool:
    """A line cut off with '...' whose words all follow in the next lines is a web teaser."""
    text = ctx.text
    cut = ellipsis_end(text)
    if not cut:
        return False
    body = _normal(text[:-cut])
    tail = body[-20:]
    if len(tail) < 8:
        return False
    following = _normal("".join(ctx.lines[ctx.index + 1: ctx.index + 12]))
    return tail in following


LINE_RULES: tuple[LineRule, ...] = (
    LineRule(
        name="table-of-contents",
        reason="a book's copy opens with its table of contents: entries (dot leaders, page numbers) naming "
               "the headings that follow, not text of its own",
        matches=furniture.is_toc_line,
        removes=("目录\n第一章 总则……1\n第二章 组织……3\n第三章 附则……5\n\n第一章 总则\n正文一。\n第二章 组织\n"
                 "正文二。\n第三章 附则\n正文三。",),
        keeps=("一、提高认识\n二、加强领导\n三、狠抓落实\n正文。", "目录管理办法\n正文。",
               "第一章 总则\n第二章 组织\n第三章 附则\n正文。"),
    ),
    LineRule(
        name="web-teaser",
        reason="web pages repeat the opening of the article, cut off with '...', as a teaser",
        matches=_is_teaser,
        removes=("开头一句话，接着是第二句的一部分...\n开头一句话，接着是第二句的一部分和其余文字。",),
        keeps=("他说：我们还要……\n继续努力。",),
    ),
    LineRule(
        name="web-collection-blurb",
        reason="collection sites introduce bundles with a blurb ('以下是为大家整理的…，欢迎品鉴')",
        matches=_is_collection_blurb,
        removes=("以下是为大家整理的关于会议讲话的文章3篇，欢迎品鉴！\n正文。",),
        keeps=("以下是会议的主要内容。\n正文。", "欢迎各位代表。"),
    ),
    LineRule(
        name="pdf-page-number",
        reason="PDF extraction leaves page numbers on lines of their own",
        matches=_is_page_number,
        removes=("正文。\n- 12 -\n正文。", "正文。\n第 3 页\n正文。", "正文。\n12\n正文。", "正文。\n第 3 頁\n正文。"),
        keeps=("2020年3月15日", "12355热线", "第3页有误。", "第3頁有誤。"),
    ),
    LineRule(
        name="pdf-running-header",
        reason="PDF extraction repeats the running header or footer of every page",
        matches=_is_running_header,
        removes=("某某单位文件\n正文一。\n某某单位文件\n正文二。\n某某单位文件\n正文三。",),
        keeps=("武汉必胜！\n正文一。\n武汉必胜！\n正文二。\n武汉必胜！",
               "孔乙己\n鲁迅\n正文一。\n一件小事\n鲁迅\n正文二。\n故乡\n\n鲁迅\n正文三。",
               "关于防疫的通知\n各单位：\n正文一。\n关于防疫的通知\n正文二。\n关于防疫的通知\n正文三。"),
    ),
    LineRule(
        name="web-navigation",
        reason="web pages wrap the text in site navigation: menus, breadcrumbs, previous and next links, "
               "buttons and the copyright footer",
        matches=furniture.is_web_navigation,
        removes=("首页 > 文档 > 第一章 起步\n第一章 起步\n正文。", "首页 | 文档 | 下载 | 社区 | 关于我们\n正文。",
                 "正文。\n上一章：第一章 起步 | 目录 | 下一章：第三章 分支", "正文。\n返回顶部",
                 "正文。\nCopyright © 2020 某某网 版权所有"),
        after_chrome=True,
        keeps=("温度 > 37.3 ℃ > 正常值，要报告。", "$ ls > files.txt > log", "一二三四  五六七八  九十",
               "春眠不觉晓  处处闻啼鸟  夜来风雨声  花落知多少", "关关  雎鸠  在河  之洲  窈窕  淑女"),
    ),
    LineRule(
        name="code-copy-button",
        reason="web pages put a copy button ('复制代码') above every block of code; it is not part of the code",
        matches=furniture.is_copy_button,
        removes=("示例如下：\n复制代码\n$ git status\n", "示例如下：\nconsole  复制\n$ git status\n"),
        keeps=("复制\n粘贴是常用操作。", "请复制代码。\n$ git status"),
        after_chrome=True,
    ),
)

RULE_NAMES: tuple[str, ...] = tuple(r.name for r in INLINE_RULES) + tuple(r.name for r in LINE_RULES) + (
    "pdf-doubled-char", "pdf-hyphenation",
)

RULE_REASONS: dict[str, str] = {r.name: r.reason for r in INLINE_RULES} | {r.name: r.reason for r in LINE_RULES} | {
    "pdf-doubled-char": "a character repeated across a PDF line break is an extraction artefact "
                        "(unless the doubled form is a dictionary word such as 人人)",
    "pdf-hyphenation": "a typesetter's hyphen splitting a Latin word at the end of a hard-wrapped line "
                       "goes when the two halves of the word are joined again",
}

# A rule of the whole corpus, not of a file (`build_tools.stages.chrome`): its examples are corpora, run by
# tests/stages/test_chrome.py, so it stands outside RULE_NAMES, whose examples are single files.
SHARED_CHROME = "shared-chrome"
CORPUS_RULE_REASONS: dict[str, str] = {
    SHARED_CHROME: "lines that many files repeat around different documents (site navigation, breadcrumbs, "
                   "copyright, share buttons, a forwarding header) are page chrome, not text",
}

# What the notes page (编校说明) tells readers about each rule, in their language. The English reasons
# above are for the people who maintain the rules.
READER_EXPLANATIONS: dict[str, str] = {
    "ansi-escape": "从终端复制的文本中的颜色与光标控制码（如 ESC[32m），不是正文",
    "control-character": "格式转换留下的控制字符（如 NUL），不是正文",
    "zero-width-character": "网页和 Word 副本中看不见的零宽字符与多余的字节顺序标记",
    "word-bookmark": "Word 导出时留在标题前的书签标记（如 [bookmark: _Toc123]）",
    "numbered-piece-marker": "网页合集在每篇前加的编号（如【篇1】）",
    "quote-marker": "网页副本在标题前保留的邮件式引用符号“>”",
    "markup-bold": "PDF 与 Markdown 转换在粗体文字两侧加的 ** 号（文字保留）",
    "letter-spacing": "PDF 提取字距拉开的文字时在每个字之间留下的空格（如“第 一 章”）",
    "web-teaser": "网页在正文前重复的开头摘要（以“...”截断）",
    "web-collection-blurb": "合集网站在合集前的导语（如“以下是为大家整理的……”）",
    "pdf-page-number": "PDF 提取时单独成行的页码（如“- 12 -”“第 3 页”）",
    "pdf-running-header": "PDF 每页重复的页眉或页脚",
    "pdf-doubled-char": "PDF 断行处重复出现的字（“人人”等叠词除外）",
    "pdf-hyphenation": "排版时在行末把西文单词断开所加的连字符（接回单词时去掉）",
    "table-of-contents": "书籍副本开头的目录（各条目指向后文的标题，不是正文）",
    "web-navigation": "网页正文周围的网站导航：菜单、面包屑路径、上一章/下一章链接、按钮和版权行",
    "code-copy-button": "网页在代码块上方放的“复制代码”按钮文字",
    SHARED_CHROME: "许多文件在不同文献周围重复的网页框架文字（导航、面包屑、版权、分享按钮、转发抬头）",
    "excluded-by-curator": "编者在 edition.yml 中排除的片段",
}
