"""The damage the honest profile adds to `damage`'s: what other people's files do to a text.

Per file: site chrome wrapped around every document (the same navigation, breadcrumb, 责任编辑, share
and copyright lines in several files), letter-spaced lines (PDF extraction of justified text), more
page-number formats, Big5 encoding, and UTF-8 files with one paragraph in GBK. Per copy: Traditional
or Taiwan-localised script, paragraphs moved, and OCR-like loss and substitution in short copies.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace

from build_tools.rules import structure
from build_tools.stages.convert import convert_text
from tests.corpora.damage import PAGE_FORMATS, Style, Writer, draw_style

EXTRA_PAGE_FORMATS = ("第{n}页", "— {n} —", "Page {n}", "-{n}-")
EDITORS = ("王晓", "李明", "陈静", "刘洋", "张伟")


@dataclass(frozen=True)
class Site:
    """A web site's chrome: the lines above and below every page it serves."""

    name: str
    header: tuple[str, ...]
    footer: tuple[str, ...]  # "{editor}" stands for the page's editor


SITES = (
    Site("government", ("首页 | 政务公开 | 新闻中心 | 办事服务 | 互动交流", "当前位置：首页 > 新闻中心 > 工作动态"),
         ("【打印本页】 【关闭窗口】", "责任编辑：{editor}", "分享到：微信 微博 QQ空间", "返回顶部",
          "主办单位：市人民政府办公室　网站标识码：3301000001")),
    Site("portal", ("新闻 | 财经 | 科技 | 文化 | 视频 | 登录", "您的位置：首页 > 资讯 > 正文"),
         ("（责任编辑：{editor}）", "分享到：", "相关阅读", "返回顶部",
          "Copyright © 2003-2020 All Rights Reserved 版权所有")),
    Site("blog", ("首页 › 文章 › 阅读", "字号：大 中 小"),
         ("上一篇　下一篇", "收藏 | 分享 | 举报", "返回顶部", "本站文章仅供学习交流，转载请注明出处。")),
    Site("reader", ("书架 | 目录 | 上一章 | 下一章", "字体：默认 宋体 楷体　背景：默认 护眼"),
         ("上一章 ← 章节目录 → 下一章", "加入书签　投推荐票", "返回顶部")),
)


@dataclass
class FileNote:
    """What the honest profile did to a whole file (the truth's per-file record)."""

    site: str | None = None  # the chrome wrapped around each document
    spaced: bool = False  # letter-spaced lines
    mixed_lines: list[int] = field(default_factory=list)  # 1-based lines written in GBK in a UTF-8 file
    wants_mixed: bool = False


ENCODING_DAMAGE = (("big5", 8), ("mixed", 6), ("", 86))  # share of files in Big5, UTF-8 with a GBK paragraph


def draw_honest_style(rng: random.Random, encoding_damage: str) -> tuple[Style, FileNote]:
    """A file's style as `draw_style` has it, then the honest profile's file-wide damage.

    `encoding_damage` (big5, mixed or none) is dealt out by the caller in exact proportions, so that a
    small corpus has each kind too.
    """
    style = draw_style(rng)
    note = FileNote()
    pdf = bool(style.pdf_width)
    if pdf:
        style = replace(style, page_format=rng.choice(PAGE_FORMATS + EXTRA_PAGE_FORMATS))
    note.spaced = rng.random() < (0.3 if pdf else 0.04)
    if not pdf and rng.random() < 0.3:
        # Few sites, many pages: the same chrome recurs in several files.
        note.site = rng.choices(SITES, (4, 3, 2, 2))[0].name
    if encoding_damage == "big5":
        style = replace(style, encoding="big5")
    elif encoding_damage == "mixed":
        style = replace(style, encoding="utf-8")
        note.wants_mixed = True
    return style, note


def site_named(name: str) -> Site:
    return next(s for s in SITES if s.name == name)


def letter_spaced(line: str) -> str:
    """A line as PDF extraction of justified text leaves it: a space between every two characters."""
    return " ".join(line)


def big5_safe(text: str) -> tuple[str, int]:
    """The text without the characters Big5 cannot encode; and how many were dropped."""
    kept = []
    for c in text:
        try:
            c.encode("big5")
        except UnicodeEncodeError:
            if c != "\n":
                continue
        kept.append(c)
    return "".join(kept), len(text) - len(kept)


def gbk_encodable(text: str) -> bool:
    try:
        text.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


SCRIPT_CONFIGS = {"traditional": "s2t", "taiwan": "s2twp", "simplified": "t2s"}


def to_script(text: str, script: str) -> str:
    """The text in `script` (traditional, taiwan, simplified) with OpenCC; unchanged for "original"."""
    config = SCRIPT_CONFIGS.get(script)
    return convert_text(text, config) if config else text


def draw_script(rng: random.Random, traditional_source: bool, big5: bool) -> str:
    """The script a copy is written in: its source's (original), or converted as collectors do."""
    if big5:
        return "original" if traditional_source else "traditional"
    r = rng.random()
    if traditional_source:
        return "simplified" if r < 0.13 else "original"
    return "traditional" if r < 0.08 else "taiwan" if r < 0.13 else "original"


def moved_order(rng: random.Random, n: int) -> list[int]:
    """An order of n paragraphs with one paragraph moved elsewhere (n >= 3)."""
    order = list(range(n))
    src = rng.randrange(n)
    dst = rng.choice([k for k in range(n) if k not in (src, src + 1)] or [0])
    order.insert(dst if dst < src else dst - 1, order.pop(src))
    return order


def ocr_noise(rng: random.Random, text: str, characters: str) -> tuple[str, int]:
    """3–5 % of the CJK characters lost or replaced by another character, as a poor OCR leaves them."""
    places = [i for i, c in enumerate(text) if structure.is_cjk(c)]
    if not places:
        return text, 0
    count = max(1, round(rng.uniform(0.03, 0.05) * len(places)))
    chars = list(text)
    for i in rng.sample(places, min(count, len(places))):
        chars[i] = "" if rng.random() < 0.4 else rng.choice(characters.replace(chars[i], "") or "口")
    return "".join(chars), min(count, len(places))


class HonestWriter(Writer):
    """A `Writer` that remembers its page-number lines and may letter-space every line of text."""

    def __init__(self, rng: random.Random, style: Style, spaced: bool) -> None:
        super().__init__(rng, style)
        self.spaced = spaced
        self.page_lines: list[int] = []  # 1-based

    def content(self, text: str) -> int:
        before = len(self.lines)
        number = super().content(letter_spaced(text) if self.spaced else text)
        self.page_lines.extend(i + 1 for i in range(before, number - 1) if self.lines[i])
        return number


def encode_lines(lines: list[str], style: Style, gbk_lines: list[int]) -> bytes:
    """A file's lines in its style's encoding, but for `gbk_lines` (1-based), written in GBK."""
    if style.encoding == "big5":
        lines = [big5_safe(line)[0] for line in lines]  # chrome and page lines too
    if not gbk_lines:
        text = style.newline.join(lines) + style.newline
        return text.encode("utf-16") if style.encoding == "utf-16" else text.encode(style.encoding)
    gbk = set(gbk_lines)
    newline = style.newline.encode()
    return b"".join((line.encode("gbk") if n in gbk else line.encode("utf-8")) + newline
                    for n, line in enumerate(lines, 1))


def decode_lines(data: bytes, encoding: str, gbk_lines: list[int], newline: str) -> list[str]:
    """The lines `encode_lines` wrote (for tests: the file decodes back to what the truth says)."""
    if not gbk_lines:
        text = data.decode("utf-16" if encoding == "utf-16" else encoding)
        return text.split(newline)[:-1]
    gbk = set(gbk_lines)
    raw = data.split(newline.encode())[:-1]
    return [line.decode("gbk" if n in gbk else "utf-8") for n, line in enumerate(raw, 1)]
