"""Typesetting helpers for the channel copies: column widths, line wrapping with hyphenation,
letter-spaced headings and Chinese numerals.

Widths count a CJK (wide) character as 2 columns and anything else as 1, as a terminal or a
fixed-width text export does.
"""

from __future__ import annotations

import random
import re
import unicodedata

# Punctuation a typesetter hangs at the end of a line rather than open the next one with it.
_NO_LINE_START = set("，。、；：？！）」』”’》〉】…,.;:?!)")
_TOKEN = re.compile(r"[\x21-\x7e]+| +|.", re.S)
_CN_DIGITS = "零一二三四五六七八九"


def char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def text_width(text: str) -> int:
    return sum(char_width(ch) for ch in text)


def _can_hyphenate(token: str) -> bool:
    """A plain Latin word long enough to split with a hyphen (not a path, URL, option or name-with-dash)."""
    return len(token) >= 6 and token.isalpha() and token.isascii()


def _can_split_bare(token: str) -> bool:
    """URLs and paths break at a slash, with no hyphen, as PDF text extraction leaves them."""
    return "/" in token and len(token) >= 12


def wrap(text: str, columns: int, rng: random.Random, hyphens: float = 0.8) -> list[str]:
    """`text` broken into lines of at most `columns` columns (closing punctuation may hang one over).

    Breaks fall between CJK characters mid-sentence, at spaces, inside long Latin words (with a
    hyphen, with probability `hyphens`) and at a slash of a URL or path. Spaces at a break are
    dropped; no character of the text is lost or changed otherwise.
    """
    lines: list[str] = []
    line, used = "", 0
    for token in _TOKEN.findall(text):
        w = text_width(token)
        if token.isspace():
            if line:
                line, used = line + token, used + w
            continue
        if used + w <= columns or (token in _NO_LINE_START and line):
            line, used = line + token, used + w
            continue
        room = columns - used
        if len(token) > 1 and room >= 3:
            if _can_hyphenate(token) and rng.random() < hyphens:
                k = min(room - 1, len(token) - 3)
                if k >= 2:
                    lines.append(line + token[:k] + "-")
                    line, used = token[k:], len(token) - k
                    continue
            if _can_split_bare(token):
                cut = token.rfind("/", 0, room)
                if cut >= 2:
                    lines.append(line + token[:cut + 1])
                    line, used = token[cut + 1:], len(token) - cut - 1
                    continue
        if line.strip():
            lines.append(line.rstrip())
        line, used = token, w
        while used > columns and not token.isspace() and len(line) > 1:  # a token wider than a line
            cut = max(1, columns // max(1, char_width(line[0])))
            lines.append(line[:cut])
            line = line[cut:]
            used = text_width(line)
    if line.strip():
        lines.append(line.rstrip())
    return lines


def letter_spaced(text: str) -> str:
    """'第一章 起步' -> '第 一 章  起 步': a space between CJK characters, two where there was one."""
    out, gap = "", ""
    for token in re.findall(r"[\x21-\x7e]+|[\s\u3000]+|.", text):
        if token.isspace():
            gap = "  "
            continue
        out += (gap or " ") + token if out else token
        gap = ""
    return re.sub(r" {2,}", "  ", out).strip()


def cn_numeral(n: int) -> str:
    """1 -> 一, 12 -> 十二, 20 -> 二十, 105 -> 一百零五 (n < 1000)."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if not rest else ("零" + cn_numeral(rest) if rest < 10 else
                                ("一" + cn_numeral(rest) if rest < 20 else cn_numeral(rest)))
    return _CN_DIGITS[n // 100] + "百" + tail


def heading_parts(heading: str) -> tuple[str, str]:
    """('第一回', '說楔子…') of a chapter heading: its number part and its title part."""
    m = re.match(r"^(第\S+?[章回节節篇卷部])[\s\u3000]*(.*)$", heading)
    return (m.group(1), m.group(2)) if m else ("", heading)
