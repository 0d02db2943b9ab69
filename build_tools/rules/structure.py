"""Structure cues: how a line shows what it is (title, date, salutation, heading, closing…).

The cleaner uses these to join lines broken by PDF extraction; the segmenter uses them to find
where one document ends and the next begins and to read title, date and author. Each cue is a
small pattern or pure function with examples (`CUE_EXAMPLES`) that the tests run. The cues
describe the conventions of Chinese documents (speeches, notices, letters, news releases) in
general, in Simplified or Traditional script; none names a particular text.
"""

from __future__ import annotations

import re

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CN_DIGITS = "〇零一二三四五六七八九十"

# Punctuation that can end a sentence (or a line that is complete in itself, like an addressee).
SENTENCE_END = "。！？!?；;：:…"
CLOSE_QUOTES = "”’」』》）)】"

# A Latin '!' or '?' right after a Latin word is part of the word ('format! 宏', a macro or option in a
# manual's heading), unless the word ends a phrase of Latin words: then it ends a sentence ('Is it OK?').
_LATIN_QUESTION = r"(?<![A-Za-z])[!?]|[A-Za-z][,']?\s+[A-Za-z]+[!?]"
# Sentence punctuation.
_SENTENCE_PUNCT = re.compile(rf"[。！？；;，,：:、]|{_LATIN_QUESTION}")
# The end of a full sentence (not a clause): where an overlong paragraph may be cut for reading.
SENTENCE_BREAK = re.compile(rf"[。！？!?][{CLOSE_QUOTES}]*")
_FINAL = re.compile(rf"[{SENTENCE_END}][{CLOSE_QUOTES}]*$|[.]{{3}}$")

NUMBERED_HEADING = re.compile(
    rf"^(?:[{CN_DIGITS}]+、|[（(][{CN_DIGITS}\d]+[）)]|第[{CN_DIGITS}\d]+[，,、：:]|\d+[.．、]|[{CN_DIGITS}]是|[{CN_DIGITS}]要)"
)

_DATE = re.compile(
    rf"^[（(]?\s*(?P<y>\d{{4}}|[{CN_DIGITS}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{CN_DIGITS}]{{1,3}})\s*月"
    rf"\s*(?P<d>\d{{1,2}}|[{CN_DIGITS}]{{1,3}})\s*日\s*[）)]?$"
)

SALUTATION = re.compile(
    r"^(?:同志们|同志們|各位(?:同事|同仁|代表|来宾|來賓|领导|領導|委员|委員)?|朋友们|朋友們"
    r"|女士们、先生们|女士們、先生們|尊敬的[^。！？]{1,40})[：:，,！!]?$"
)

CLOSING_FORMULA = re.compile(
    r"^(?:谢谢大家|謝謝大家|谢谢|謝謝|特此通知|特此函告|特此函复|特此报告|特此公告|此致|敬礼|敬禮)[。！!]?$"
)

DOC_NUMBER = re.compile(rf"^[{CJK}]{{1,12}}[〔\[［(（]\d{{4}}[〕\]］)）]\s*\d+\s*号$")

# "某机关函" / "某某文件": the issuing body's letterhead above a title.
ISSUER_LETTERHEAD = re.compile(rf"^(?P<body>[{CJK}（）()]{{3,40}}?)(?:函|文件)$")

# "姓名：标题" as press headlines give a speech: a short name, a colon, the title.
SPEAKER_PREFIX = re.compile(rf"^(?P<name>[{CJK}·]{{2,5}})[：:](?P<title>.{{4,}})$")

# A title broken by PDF extraction: the first line ends on a word that cannot end a title.
TITLE_CONTINUES = re.compile(r"[的和与與及之在对對于於为為]$")

# The host of a forwarded document says so: "现将讲话全文转发", "现将《…》印发给你们".
FORWARDING = re.compile(r"现将[^。]{0,60}(?:转发|轉發|印发|印發|全文|发给|發給|附后|附後)|全文如下|原文如下")

PERSON_NAME = re.compile(rf"^[{CJK}·]{{2,4}}$")

# A byline under a title: '作者：刘禹锡', '文／王明', '译者: 张三', or a name after its dynasty as anthologies
# of classical prose give it ('〔唐〕韩愈', '（宋）范仲淹', '唐·柳宗元').
_BYLINE_LABEL = r"(?:作\s*者|文|撰\s*文|撰\s*稿|原\s*作|译\s*者|譯\s*者|口\s*述|记\s*者|記\s*者)"
BYLINE = re.compile(
    rf"^(?:{_BYLINE_LABEL}\s*[：:／/|]|[【\[［]{_BYLINE_LABEL}[】\]］])\s*"
    rf"(?P<name>[{CJK}·]{{2,8}}(?:[ 、，,][{CJK}·]{{2,8}}){{0,3}}?)"
    rf"(?:\s*[【\[［](?:朝代|年代)[】\]］]\s*[{CJK}]{{1,4}})?$"  # '【作者】欧阳修 【朝代】宋'
    rf"|^(?:[〔\[［（(【](?![{CN_DIGITS}])[{CJK}]{{1,3}}[〕\]］）)】]\s*|(?![{CN_DIGITS}])[{CJK}]{{1,2}}[·・]\s*)"
    rf"(?P<dynasty_name>[{CJK}]{{2,4}})$"
    # a title page's credit: '鲁迅 著', '孔子弟子及再传弟子 编' (the space keeps '经典原著' a title)
    rf"|^(?P<credit_name>[{CJK}·]{{2,12}})[ \u3000]+(?:著|编|編|译|譯|撰|编著|編著|主编|主編|编译|編譯)$"
)


def byline_name(text: str) -> str | None:
    """The name a byline gives ('作者：刘禹锡' -> '刘禹锡'), else None."""
    m = BYLINE.match(text.strip())
    return (m.group("name") or m.group("dynasty_name") or m.group("credit_name")) if m else None


def is_cjk(char: str) -> bool:
    return bool(re.match(f"[{CJK}]", char))


def ends_sentence(text: str) -> bool:
    """True when a line ends as a sentence (or an addressee line) does."""
    return bool(_FINAL.search(text.rstrip()))


def has_sentence_punctuation(text: str) -> bool:
    return bool(_SENTENCE_PUNCT.search(text))


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _numeral(text: str) -> int:
    """1, 12, 十二, 一百零五, 两百, XII, 二〇二〇: the number a numeral writes (a heading's, a date's)."""
    text = "".join(text.split())
    if text.isdigit():
        return int(text)
    if text and all(c in _ROMAN for c in text):
        values = [_ROMAN[c] for c in text]
        return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2, "兩": 2}
    if len(text) > 1 and not any(c in "十百千" for c in text):  # digit by digit: 一〇五
        return int("".join(str(digits.get(c, 0)) for c in text))
    total = current = 0
    for c in text:
        if c in digits:
            current = digits[c]
        else:
            total += (current or 1) * {"十": 10, "百": 100, "千": 1000}.get(c, 0)
            current = 0
    return total + current


def parse_date(text: str) -> str | None:
    """ISO date of a line that is only a full date, e.g. '（2020年2月23日）' -> '2020-02-23'."""
    m = _DATE.match(text.strip())
    if not m:
        return None
    year, month, day = (_numeral(m.group(k)) for k in ("y", "m", "d"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def is_date_line(text: str) -> bool:
    return parse_date(text) is not None


# A full stop, exclamation or question mark (a Latin one right after a lone Latin word is part of the word).
_FULL_STOP = re.compile(rf"[。！？]|{_LATIN_QUESTION}")


def looks_like_title(text: str) -> bool:
    """A short line that does not read as a sentence: a title, a heading or a signature."""
    text = text.strip()
    return (2 <= len(text) <= 80 and not ends_sentence(text) and not is_date_line(text)
            and not SALUTATION.match(text) and not _FULL_STOP.search(text))


_QUESTION_TITLE = re.compile(r"^[^\s。！？!?，,；;：:、]{2,24}[？?]$")


def is_title_apart(text: str) -> bool:
    """A line that is a title where a document may start (after a wider gap, a bookmark), though not
    title-like elsewhere: one character (蟬, 雪), or a short question with no other punctuation
    (什么是所有权？), which inside a text is a sentence of its own."""
    text = text.strip()
    return (len(text) == 1 and is_cjk(text)) or bool(_QUESTION_TITLE.match(text))


def is_numbered_heading(text: str) -> bool:
    return bool(NUMBERED_HEADING.match(text.strip())) and looks_like_title(text)


def is_addressee(text: str) -> bool:
    """'所属各部门：' — who a notice or letter is addressed to: a line ending in a colon."""
    text = text.strip()
    return (text.endswith(("：", ":")) and len(text) <= 160 and not re.search(r"[。！？]", text)
            and not NUMBERED_HEADING.match(text))


def is_subtitle(text: str) -> bool:
    return text.strip().startswith(("——", "--", "—"))


def is_prose_fragment(text: str) -> bool:
    """A line that stops mid-sentence: prose (it has sentence punctuation, or is long) not ended."""
    text = text.rstrip()
    if not text or ends_sentence(text) or text[-1] in CLOSE_QUOTES or BYLINE.match(text):
        return False
    if text[-1] in "，,、":
        return True
    if is_numbered_heading(text):
        return False
    return reads_as_prose(text)


def reads_as_prose(text: str) -> bool:
    """A line of running text (sentence punctuation, or long), not a title or a 'name：title' headline."""
    headline = SPEAKER_PREFIX.match(text.strip())
    if headline:  # "姓名：标题" is a headline, its colon no sign of prose
        text = headline.group("title")
    return has_sentence_punctuation(text) or len(text) >= 40


def starts_continuation(text: str) -> bool:
    """Can this line be the rest of a sentence broken at the end of the previous line?"""
    text = text.lstrip()
    if not text or NUMBERED_HEADING.match(text) or is_date_line(text) or SALUTATION.match(text):
        return False
    return is_cjk(text[0]) or text[0] in "“‘「『《（(0123456789"


# --- books: chapters, sections, tables of contents, code --------------------------------------------

_NUM = rf"[{CN_DIGITS}百千零两兩\d]+"
# A chapter-level heading: 第N章/回/节/篇/卷/部/部分/讲, 章 N., Chapter N, 附录 A, or a front or back
# matter heading (序, 前言, 引言, 后记, 致谢 …, also after a name: 'Scott Chacon 序'), in either script.
# Its groups say which kind it is and its number (`chapter_rank`): n and unit, zh_n, en and en_n, vol, app, or
# matter (front or back matter).
CHAPTER_HEADING = re.compile(
    rf"^(?:第\s*(?P<n>{_NUM})\s*(?P<unit>[章回节節篇卷部讲講集]|部\s*分)(?![{CJK}]{{0,1}}[，,、：:；;])"
    rf"|章\s*(?P<zh_n>\d+)[.．]?(?=\s)|(?P<en>Chapter|CHAPTER|Part|PART)\s+(?P<en_n>\d+|[IVXLC]+)\b"
    rf"|卷\s*(?P<vol>[{CN_DIGITS}]+)(?=\s|$)"
    rf"|附\s*[录錄]\s*(?P<app>[A-Z]|{_NUM})(?![A-Za-z])"
    rf"|(?:[^\s。，,：:；;]{{1,20}}(?:\s[^\s。，,：:；;]{{1,20}}){{0,2}}\s+)?"
    rf"(?P<matter>序|序言|自序|代序|前言|引言|导言|導言|绪论|緒論|楔子|后记|後記|跋|致谢|致謝|尾声|尾聲)$)"
)
# A classical chapter is headed by its name and number ('學而第一', '八佾第三', a 卷's name + 第N): a short
# line of Chinese characters alone, no punctuation, ending in 第 and a Chinese numeral. Alone it is no
# heading ('天下第一' is a phrase), so it is not a CHAPTER_HEADING: `chapter_rank` calls it 'named', and
# it opens a chapter only in a run counting upwards (`stages.chapters`).
NAMED_HEADING_MAX = 8  # characters of a 'name + 第N' heading, number and all ('衛靈公第十五' is 6)
NAMED_HEADING = re.compile(rf"^(?=[{CJK}]{{4,{NAMED_HEADING_MAX}}}$)[{CJK}]{{2,}}?第(?P<n>[{CN_DIGITS}百]{{1,4}})$")

# A numbered section heading (1.1, 1.1.1, A.2, '1.3. Git 是什么？'): a heading inside a chapter.
SECTION_HEADING = re.compile(r"^(?:\d{1,3}|[A-Z])(?:[.．]\d{1,3}){1,4}[.．]?[ \u3000]+(?=\S)(?![.．]{2})")

# An entry of a table of contents: a heading with dot leaders (or a tab) and a page number.
TOC_ENTRY = re.compile(r"^\S.{0,80}?(?:\s*(?:[.．·]\s?){3,}\s*|\s*…{2,}\s*|\t+)\d{1,4}$")
# The heading of a table of contents.
TOC_HEADING = re.compile(r"^(?:目\s*[录錄次]|(?:Table\s+of\s+)?Contents|CONTENTS|目\s*次)$")

# A list item or table row, which a hard-wrapped paragraph never continues into: '* 速度', '- [ ]',
# '1. 将……', '(2)', '一、', 'a)', a table's '|'.
LIST_ITEM = re.compile(
    rf"^(?:[*•·▪◦‣\-–+](?:\s|$)|\d{{1,3}}[.．)）、](?:\s|[{CJK}])|[（(]\s*(?:\d{{1,3}}|[{CN_DIGITS}]{{1,3}}|[a-z])\s*[）)]"
    rf"|[{CN_DIGITS}]{{1,3}}、|[a-z][.)]\s|\|)"
)

# A command prompt with a command after it: '$ git status', '# apt-get install git', PowerShell
# '> Install-Module posh-git' or 'PS C:\\> …'. A '#' or '>' before Chinese text is a heading mark or a
# quote marker, not a prompt.
CODE_PROMPT = re.compile(
    r"^(?:\$|%)\s+\S"
    r"|^[#>]\s+(?:[a-z./~][\w./+-]*(?:\s|$)|[A-Z][a-z]+-[A-Z]\w+)"
    r"|^PS(?:\s[^>\s]{0,80})?>\s*\S|^[A-Za-z]:\\[^>\s]{0,80}>\s*\S"
)
# Markers of a diff or of a merge conflict, and fences of a Markdown code block.
_DIFF_MARKER = re.compile(r"^(?:={7}|<{7}(?:\s+[\x21-\x7e]+)?|>{7}(?:\s+[\x21-\x7e]+)?)$|^@@ -\d|^diff --git "
                          r"|^index [0-9a-f]{7,}\.\.|^(?:\+\+\+|---) [ab/]|^(?:```|~~~)")
# Syntax of configuration files and program text, in a line without Chinese: 'key = value', '[section]',
# 'name: value', a path, a URL, an e-mail address, braces, a call, an option '--global'.
_CONFIG = re.compile(
    r"^[A-Za-z_][\w.-]*\s*=\s*\S|^\[[A-Za-z][\w .:\"'/-]*\]$|^[a-z][\w.-]*:\s"
    r"|(?:^|\s)(?:[~.]{0,2}/[\w.-]+){2,}|[a-z][\w+.-]*://\S|[\w.+-]+@[\w-]+\.[\w.]+|[{}]|[\w)]\(|\)\s*[;{]|;$"
    r"|(?:^|\s)--?[a-zA-Z][\w-]*|\s(?:&&|\|\||=>|->|<-|==|!=)\s|^[\w.-]+\s{2,}\S"
    r"|^!?[\w.*/-]*[*/][\w.*/-]*$|^![\w.-]+$|^[0-9a-f]{7,40}$"  # a glob or path alone, a commit hash
    r"|^[\w.-]+(?:,[\w.-]+)+$"  # a list without spaces: 'no-pty,no-X11-forwarding'
)
# A command's help or completion list: a lower-case name, then columns aligned with spaces ('checkout
# -- 从工作区中检出分支', '-n, --dry-run   dry run'), whatever language the description is in.
_ALIGNED = re.compile(r"^(?:[a-z][\w.-]*|--?[a-z][\w-]*,?(?: --?[a-z][\w-]*)?)\s{2,}(?:--?\s|[\x21-\x7e])")
_LATIN = re.compile(r"[A-Za-z]")
_CODE_LINE_MAX = 400
_CJK_CHAR = re.compile(f"[{CJK}]")
_CHINESE_TEXT = re.compile(f"[{CJK}\u3000-\u303f\uff00-\uffef]")  # characters, and full-width punctuation


def has_cjk(text: str) -> bool:
    """Any Chinese character in the line."""
    return bool(_CJK_CHAR.search(text))


def is_code_line(text: str) -> bool:
    """A line that is program text or a command on its own: a prompt with a command, a diff or merge
    marker, a code fence, or configuration syntax, a path, a URL or an e-mail address in a line without
    Chinese. Chinese prose with a URL in it is prose; an English phrase ('On branch master') is code only
    beside other code (`stages.code` decides from the lines around it)."""
    text = text.strip()
    if not text or len(text) > _CODE_LINE_MAX:  # a line of code is not a page long
        return False
    if CODE_PROMPT.match(text) or _DIFF_MARKER.match(text) or _ALIGNED.match(text):
        return True
    if (_CHINESE_TEXT.search(text) or not _LATIN.search(text) or SECTION_HEADING.match(text)
            or CHAPTER_HEADING.match(text) or has_bare_heading_shape(text)):
        return False
    return bool(_CONFIG.search(text))


def is_chapter_heading(text: str) -> bool:
    """A chapter-level heading (`CHAPTER_HEADING`) that is no sentence, code or table-of-contents entry."""
    text = text.strip()
    return (0 < len(text) <= 60 and bool(CHAPTER_HEADING.match(text)) and not re.search(r"[。，,；;]", text)
            and not text.endswith(("：", ":")) and not TOC_ENTRY.match(text) and not CODE_PROMPT.match(text))


_FRONT = re.compile(r"(?:序|序言|自序|代序|前言|引言|导言|導言|绪论|緒論|楔子)$")
_UNITS = {"部分": "part", "卷": "part", "部": "part", "Part": "part", "PART": "part", "节": "section", "節": "section"}


def chapter_rank(text: str) -> tuple[str, int] | None:
    """What a chapter-level heading is and its number: ('front', 0) for 序, 前言, 引言…; ('part', n) for
    第N卷/部/部分, 卷N, Part N; ('chapter', n) for 第N章/回/篇/讲, Chapter N, 章 N.; ('section', n) for 第N节;
    ('appendix', n) for 附录 A (A = 1); ('back', 0) for 后记, 跋, 致谢…; ('named', n) for a classical chapter
    heading, a name and 第N (學而第一, 為政第二); None for any other line."""
    text = text.strip()
    named = NAMED_HEADING.match(text)
    if named:
        return "named", _numeral(named.group("n"))
    if not is_chapter_heading(text):
        return None
    m = CHAPTER_HEADING.match(text)
    if m is None or m.group("matter"):
        return ("front", 0) if _FRONT.search(text) else ("back", 0)
    if m.group("app"):
        letter = m.group("app")
        return "appendix", (ord(letter) - ord("A") + 1 if letter.isascii() and letter.isalpha() else _numeral(letter))
    if m.group("vol"):
        return "part", _numeral(m.group("vol"))
    if m.group("zh_n"):
        return "chapter", int(m.group("zh_n"))
    if m.group("en"):
        return _UNITS.get(m.group("en"), "chapter"), _numeral(m.group("en_n"))
    return _UNITS.get("".join(m.group("unit").split()), "chapter"), _numeral(m.group("n"))


def is_section_heading(text: str) -> bool:
    """A numbered section heading inside a chapter (1.1 标题, 1.1.1. 标题, A.2 标题)."""
    text = text.strip()
    return (len(text) <= 60 and bool(SECTION_HEADING.match(text)) and not re.search(r"[。，,；;]", text)
            and not TOC_ENTRY.match(text))


# --- books: chapters numbered by a bare number ('1 起步', '2 Git 基础') ------------------------------------
# Such a line is a chapter heading only in a file where they count upwards (`stages.chapters`), or where
# a table of contents lists them; alone it may be a table row or a line of a list. The words after the
# number must read as a title: no sentence punctuation, no measure word or unit ('3 个文件', '10 分钟'),
# no lower-case Latin word (a command's output, '2 files changed').
BARE_NUMBER_HEADING = re.compile(
    rf"^(?P<n>\d{{1,2}})[ \u3000]+(?=[{CJK}A-Z])"
    r"(?![个個年月日秒号號元岁歲次位名条條项項种種人米倍章节節回页頁行列天周]|分[钟鐘]|小[时時])"
)


def has_bare_heading_shape(text: str) -> bool:
    """A bare number, a space, and words with no code syntax in them ('6  GitHub', as a PDF letter-spaces a
    heading): no configuration line or command output, even in a line without Chinese."""
    return bool(BARE_NUMBER_HEADING.match(text.strip())) and not _CODE_SYMBOL.search(text)


_CODE_SYMBOL = re.compile(r"[=(){}\[\]<>;$\"'`|\\/@#%&*+~^]")


def bare_heading_number(text: str) -> int | None:
    """The number of a line that can head a chapter by a bare number ('1 起步' -> 1), else None: a lone
    number, a list item ('1. 将……'), a section ('3.1 分支简介'), a sentence or code (or, without Chinese,
    code syntax: '10 PRINT "HELLO"') is none."""
    text = text.strip()
    m = BARE_NUMBER_HEADING.match(text)
    if (m is None or len(text) > 40 or not looks_like_title(text) or re.search(r"[。，,；;：:、]", text)
            or TOC_ENTRY.match(text) or is_code_line(text) or (not has_cjk(text) and _CODE_SYMBOL.search(text))):
        return None
    return int(m.group("n"))


CUE_EXAMPLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # cue name: (texts it must recognise, texts it must not)
    "date": (("（2020年2月23日）", "2020年3月15日", "(2019年12月1日)", "二〇二〇年一月三十一日"),
             ("今天下午（2月24日）举行", "2020年以来，我们做了很多工作。")),
    "salutation": (("同志们：", "尊敬的萨勒曼国王，", "各位同事：", "女士们、先生们："),
                   ("同志们！中华民族历史上经历过很多磨难。", "同志们的意见很好。")),
    "closing": (("谢谢大家。", "特此通知。", "謝謝大家！"), ("谢谢大家的支持，我们继续努力。",)),
    "numbered-heading": (("一、关于前一段工作", "（三）群防群治作贡献", "第一，落实责任"),
                         ("一是及时制定策略。打胜仗首先要有正确战略。", "一方面要这样做。")),
    "title": (("在全省工作会议上的讲话", "关于做好防控工作的通知", "用 println! 宏打印调试信息"),
              ("今天我们召开会议。", "2020年3月15日", "同志们：", "大家辛苦了!", "真的吗?", "Is it OK? Yes, it is.",
               "Are you sure? 是的")),
    "title-apart": (("雪", "蟬", "什么是所有权？", "為什麼要學習？"),
                    ("我们", "。", "a", "你吃了吗？我吃了。", "为什么？因为我们年轻", "好，为什么呢？")),
    "byline": (("作者：刘禹锡", "作者: 范仲淹", "文／王明", "译者：张三、李四", "〔唐〕韩愈", "（宋）范仲淹",
                "唐·柳宗元", "【作者】欧阳修 【朝代】宋", "鲁迅 著", "孔子弟子及再传弟子 编"),
               ("作者：我们要记住这一点。", "文章写得很好", "（一）加强领导", "〔2020〕5号", "作者认为：", "经典原著")),
    "addressee": (("所属各部门：", "各区委，各大口团工委："), ("结合近日问题，特提出如下要求。",)),
    "forwarding": (("现将讲话全文转发，请认真学习。", "现将《实施办法》印发给你们。"),
                   ("现将有关事项通知如下：",)),
    "prose": (("字，继续写完。", "各级党组织和广大党员、干部要不忘初心、牢记使命", "好!我们走", "Are you sure? 是的"),
              ("王明：在全市春季工作会议上的讲话", "Is it OK", "青年一代的责任与担当", "关于做好防控工作的通知",
               "用 println! 宏打印调试信息")),
    "prose-fragment": (("四是加强物资保供。打", "二、全体职工须本着负责的态度，"),
                       ("一、关于前一段工作", "我讲几点意见。")),
    "sentence-break": (("我讲几点意见。", "他说：“好！”", "真的吗?"), ("一要提高认识；", "同志们：", "第一，")),
    "chapter-heading": (("第一章 起步", "第 3 章  起步", "第十二回　名士大宴莺脰湖　侠客虚设人头会", "第一部分 基础",
                         "第12卷", "Chapter 2 Getting Started", "附录 A 在其它环境中使用 Git", "附錄B 命令",
                         "Scott Chacon 序", "序", "前言", "引言", "后记", "致謝"),
                        ("第三章 关注于 Git 的分支模型。分支模型通常被认为是", "第一，落实责任",
                         "第一章 总则 ........ 1", "程序", "在第三章中我们讨论了", "序号", "第一章讲到：",
                         "$ git status", "學而第一", "天下第一")),
    "named-heading": (("學而第一", "為政第二", "八佾第三", "衛靈公第十五", "堯曰第二十"),
                      ("第一", "而第一", "學而 第一", "學而第一。", "學而第1", "他考了全班第一名",
                       "梁惠王章句上之下第一", "學而第一 子曰", "第一章 起步")),
    "section-heading": (("1.1 关于版本控制", "2.3.1. 取消暂存的文件", "A.2 图形界面", "1.3. Git 是什么？"),
                        ("1. 将尚未进行版本控制的本地目录转换为 Git 仓库；", "3.5 亿元的投资，占全年的一半。",
                         "1.1. 关于版本控制 ........ 2", "一、提高认识")),
    "bare-number-heading": (("1 起步", "2 Git 基础", "12 服务器上的 Git", "3\u3000分支"),
                            ("1", "12", "1. 将尚未进行版本控制的本地目录转换为 Git 仓库；", "3.1 分支简介", "3 个文件",
                             "10 分钟后开始", "2 files changed, 3 insertions(+)", "1 2 3", "4 月 5 日", "第 12 页",
                             "- 12 -", "5 我们走吧。", "10 PRINT \"HELLO\"", "3 x = 1")),
    "toc-entry": (("第 3 章  起步 .......... 2", "  1.1. 关于版本控制 ........ 2", "第一回　说楔子敷陈大义\t1",
                   "第一章 总则……1"),
                  ("第一章 总则", "2020年3月15日", "正文……", "1.1 关于版本控制")),
    "toc-heading": (("目录", "目 录", "目錄", "Contents", "Table of Contents"), ("目录管理办法", "内容提要")),
    "list-item": (("* 速度", "1. 将尚未进行版本控制的本地目录转换为 Git 仓库；", "（2）加强领导", "- [ ] 编写代码",
                   "一、提高认识"),
                  ("1.1 关于版本控制", "2020年3月15日", "第一章 起步", "速度很快")),
    "code-line": (("$ git status", "> Install-Module posh-git -Scope CurrentUser", "<<<<<<< HEAD:index.html", "=======",
                   "user.name=John Doe", "[core]", "Author: Scott Chacon <schacon@gmail.com>",
                   "git config --global core.editor emacs", "https://git-scm.com/download/linux", "/etc/gitconfig",
                   "checkout          -- 从工作区中检出分支或路径", "# apt-get install git", "doc/**/*.pdf",
                   "@@ -65,7 +65,8 @@ branch directly, things can get messy.", "```console",
                   "no-port-forwarding,no-X11-forwarding,no-pty"),
                  ("请访问 https://git-scm.com 下载安装包。", "On branch master", "# 第一章 起步", "> 一、提高认识",
                   "Pro Git（第二版）", "1.1 关于版本控制", "Scott Chacon", "维生素 A 和 B",
                   "GitHub 在 Git 社区的重要性",
                   "用 git config --global 设置你的用户名。", "- 12 -", "2020/3/15")),
}
