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

_SENTENCE_PUNCT = re.compile(r"[。！？!?；;，,：:、]")
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


def is_cjk(char: str) -> bool:
    return bool(re.match(f"[{CJK}]", char))


def ends_sentence(text: str) -> bool:
    """True when a line ends as a sentence (or an addressee line) does."""
    return bool(_FINAL.search(text.rstrip()))


def has_sentence_punctuation(text: str) -> bool:
    return bool(_SENTENCE_PUNCT.search(text))


def _cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
    if len(text) == 4:  # a year written digit by digit: 二〇二〇
        return int("".join(str(digits.get(c, 0)) for c in text))
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (digits.get(tens, 1) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0)
    return digits.get(text, 0)


def parse_date(text: str) -> str | None:
    """ISO date of a line that is only a full date, e.g. '（2020年2月23日）' -> '2020-02-23'."""
    m = _DATE.match(text.strip())
    if not m:
        return None
    year, month, day = (_cn_number(m.group(k)) for k in ("y", "m", "d"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def is_date_line(text: str) -> bool:
    return parse_date(text) is not None


def looks_like_title(text: str) -> bool:
    """A short line that does not read as a sentence: a title, a heading or a signature."""
    text = text.strip()
    return (2 <= len(text) <= 80 and not ends_sentence(text) and not is_date_line(text)
            and not SALUTATION.match(text) and not re.search(r"[。！？!?]", text))


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
    if not text or ends_sentence(text) or text[-1] in CLOSE_QUOTES:
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


CUE_EXAMPLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # cue name: (texts it must recognise, texts it must not)
    "date": (("（2020年2月23日）", "2020年3月15日", "(2019年12月1日)", "二〇二〇年一月三十一日"),
             ("今天下午（2月24日）举行", "2020年以来，我们做了很多工作。")),
    "salutation": (("同志们：", "尊敬的萨勒曼国王，", "各位同事：", "女士们、先生们："),
                   ("同志们！中华民族历史上经历过很多磨难。", "同志们的意见很好。")),
    "closing": (("谢谢大家。", "特此通知。", "謝謝大家！"), ("谢谢大家的支持，我们继续努力。",)),
    "numbered-heading": (("一、关于前一段工作", "（三）群防群治作贡献", "第一，落实责任"),
                         ("一是及时制定策略。打胜仗首先要有正确战略。", "一方面要这样做。")),
    "title": (("在全省工作会议上的讲话", "关于做好防控工作的通知"),
              ("今天我们召开会议。", "2020年3月15日", "同志们：")),
    "addressee": (("所属各部门：", "各区委，各大口团工委："), ("结合近日问题，特提出如下要求。",)),
    "forwarding": (("现将讲话全文转发，请认真学习。", "现将《实施办法》印发给你们。"),
                   ("现将有关事项通知如下：",)),
    "prose": (("字，继续写完。", "各级党组织和广大党员、干部要不忘初心、牢记使命"),
              ("王明：在全市春季工作会议上的讲话", "青年一代的责任与担当", "关于做好防控工作的通知")),
    "prose-fragment": (("四是加强物资保供。打", "二、全体职工须本着负责的态度，"),
                       ("一、关于前一段工作", "我讲几点意见。")),
    "sentence-break": (("我讲几点意见。", "他说：“好！”", "真的吗?"), ("一要提高认识；", "同志们：", "第一，")),
}
