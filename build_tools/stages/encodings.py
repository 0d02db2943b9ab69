"""How plausible a decoded text is as Chinese: the judge between legacy encodings, and the mojibake check.

Big5 bytes nearly always decode as GB18030 too (and GBK bytes often as Big5): which decoder fails
first says nothing. What differs is the text: the right decoding is ordinary Chinese, the wrong
one a scatter of rare characters, kana, box-drawing and private-use characters. A decoding is
scored by a unigram model of Chinese characters (`log_likelihood`), and summarised as the share
of its characters that are common (`plausibility`).

The character table is derived at first use from jieba's dictionary (word frequencies summed per
character) plus the characters' Traditional forms from OpenCC, so both scripts score alike.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

COMMON_SIZE = 3000  # the "common" Han characters of each script, for `plausibility`
# Dictionary words of frequency 5 or more (rarer ones add little and cost time), without ASCII.
# Single characters are left out: jieba's single-character entries hold mojibake learnt from a badly
# decoded corpus (锛 and 鐨, from UTF-8 "，" and "的" read as GBK, with frequencies in the thousands);
# a real character also occurs in words.
_WORD_LINE = re.compile(r"^([^\s\x00-\x7f]{2,}) ([5-9]|[1-9]\d+) ", re.MULTILINE)

# Log-probabilities of characters outside the table, by kind. Natural logs; for scale, a common
# Han character is -5 to -9 and the rarest ones in the table about -16.
_ASCII = math.log(1 / 40)
_PUNCTUATION = math.log(1 / 60)  # ，。、“” are among the commonest characters of Chinese text
_UNKNOWN_HAN = -17.0  # a Han character no dictionary word uses
_SYMBOL = -15.0  # kana, Greek, Cyrillic, box drawing, Latin letters with marks: rare in Chinese text
_DAMAGE = -24.0  # private use, U+FFFD, compatibility ideographs, controls: wrong decodings make these

# Punctuation that Chinese text uses (general punctuation, CJK symbols, fullwidth forms) and a few
# signs common in documents.
_PUNCTUATION_CHARS = re.compile(r"[\u2010-\u2027\u2030-\u205e\u3000-\u3003\u3008-\u3011\u3014-\u301f"
                                r"\uff01-\uff5e\u00b7\u00d7\u00f7\u00b0\u2103\u2460-\u2473\u2160-\u216b]")
# Ranges a wrong decoding lands in and real text hardly uses.
_DAMAGE_CHARS = re.compile(r"[\ue000-\uf8ff\ufffd\uf900-\ufaff\U000f0000-\U0010ffff\U0002f800-\U0002fa1f"
                           r"\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_RARE_HAN_BLOCKS = re.compile(r"[\u3400-\u4dbf\U00020000-\U0003134f]")  # CJK Extensions A, B and on
_HAN = re.compile(r"[\u4e00-\u9fff]")
RARE_RUN = 4  # this many rare characters in a row is garbage, not a rare word (魑魅魍魉 is in the table)


@dataclass(frozen=True)
class CharTable:
    """Log-probability of every Han character in the table, and the common ones of either script."""

    logp: dict[str, float]
    common: frozenset[str]
    rare_run: re.Pattern[str]  # RARE_RUN or more characters in a row that are not in the table


def _dictionary_words() -> list[tuple[str, int]]:
    import jieba

    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as f:
        found = _WORD_LINE.findall(f.read())
    return [(word, int(frequency)) for word, frequency in found]


def _char_counts(words: list[tuple[str, int]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for word, frequency in words:
        for ch in word:
            if _HAN.match(ch):
                counts[ch] = counts.get(ch, 0) + frequency
    return counts


def _top(counts: dict[str, int], n: int) -> set[str]:
    return set(sorted(counts, key=lambda ch: (-counts[ch], ch))[:n])


def _traditional_counts(words: list[tuple[str, int]], simplified: dict[str, int]) -> dict[str, int]:
    """Character counts of the words converted to Traditional, from the Simplified counts and the
    characters the conversion changed (converting word by word: 头发 gives 髮, 发展 gives 發)."""
    from build_tools.stages.convert import convert_text  # late: convert pulls in the renderers

    converted = convert_text("\n".join(word for word, _ in words), "s2t").split("\n")
    counts = dict(simplified)
    if len(converted) != len(words):  # OpenCC keeps line ends; if it ever did not, give up
        return counts
    for (word, frequency), target in zip(words, converted, strict=True):
        if word != target and len(word) == len(target):
            for a, b in zip(word, target, strict=True):
                if a != b:
                    counts[a] -= frequency
                    counts[b] = counts.get(b, 0) + frequency
    # Taiwan and Hong Kong standards differ from OpenCC's Traditional in a few variant characters
    # (裏/裡, 着/著): a variant counts what its standard character counts.
    chars = sorted(counts)
    for config in ("t2tw", "t2hk"):
        for ch, variant in zip(chars, convert_text("\n".join(chars), config).split("\n"), strict=False):
            if variant != ch and len(variant) == 1:
                counts[variant] = max(counts.get(variant, 0), counts[ch])
    return {ch: count for ch, count in counts.items() if count > 0}


@lru_cache(maxsize=1)
def char_table() -> CharTable:
    """The character table, built once (under a second): Simplified counts from jieba's words, and
    Traditional ones from the same words converted by OpenCC."""
    words = _dictionary_words()
    simplified = _char_counts(words)
    traditional = _traditional_counts(words, simplified)
    merged = {ch: max(simplified.get(ch, 0), traditional.get(ch, 0)) for ch in simplified.keys() | traditional.keys()}
    total = sum(simplified.values())
    common = _top(simplified, COMMON_SIZE) | _top(traditional, COMMON_SIZE)
    logp = {ch: math.log(count / total) for ch, count in merged.items() if count > 0}
    return CharTable(logp, frozenset(common), re.compile(f"[{_rare_class(logp)}]{{{RARE_RUN},}}"))


def _rare_class(known: dict[str, float]) -> str:
    """A regex character class body: unified Han characters no dictionary word uses, Extension and
    compatibility characters, private use, U+FFFD and controls (so the search runs in C)."""
    ranges: list[str] = []
    start = None
    for code in range(0x4E00, 0xA001):
        unknown = code < 0xA000 and chr(code) not in known
        if unknown and start is None:
            start = code
        elif not unknown and start is not None:
            ranges.append(f"\\u{start:04x}-\\u{code - 1:04x}")
            start = None
    return "".join(ranges) + _DAMAGE_CHARS.pattern[1:-1] + _RARE_HAN_BLOCKS.pattern[1:-1]


def char_logp(ch: str, table: CharTable) -> float:
    """Log-probability of one character in Chinese text."""
    found = table.logp.get(ch)
    if found is not None:
        return found
    if ch < "\x80":
        return _ASCII if ch.isprintable() or ch in "\t\n\r" else _DAMAGE
    if _PUNCTUATION_CHARS.match(ch):
        return _PUNCTUATION
    if _DAMAGE_CHARS.match(ch) or _RARE_HAN_BLOCKS.match(ch) or unicodedata.category(ch) in ("Co", "Cn", "Cs"):
        return _DAMAGE
    if _HAN.match(ch):
        return _UNKNOWN_HAN
    if ch.isspace():
        return _ASCII
    return _SYMBOL


def log_likelihood(text: str) -> float:
    """Sum of the characters' log-probabilities: higher is likelier Chinese text."""
    table = char_table()
    return sum(char_logp(ch, table) for ch in text)


def plausibility(text: str) -> float:
    """Share (0–1) of the text's non-ASCII characters that are common: a common Han character or
    punctuation counts 1, a less common one in the table 1/2; private-use, U+FFFD, compatibility
    and Extension characters count -1. A text without non-ASCII characters is fully plausible."""
    table = char_table()
    total = 0.0
    n = 0
    for ch in text:
        if ch < "\x80" or ch.isspace():
            continue
        n += 1
        if ch in table.common or _PUNCTUATION_CHARS.match(ch):
            total += 1
        elif ch in table.logp:
            total += 0.5
        elif char_logp(ch, table) == _DAMAGE:
            total -= 1
    return 1.0 if n == 0 else max(0.0, total / n)


@dataclass(frozen=True)
class Judgement:
    """The likeliest of several decodings of the same bytes."""

    encoding: str
    text: str
    confidence: float  # posterior of the winner among the candidates, times its plausibility
    plausibility: float


# The unigram model treats characters as independent, which overstates the evidence of a long text:
# the log-likelihood gap is damped before it becomes a probability.
_EVIDENCE_SCALE = 0.5
JUDGED = 20_000  # characters of each decoding scored: far more than enough, and a large file stays fast


def judge(decodings: dict[str, str]) -> Judgement:
    """The likeliest decoding ({encoding: text}, in order of preference on a tie)."""
    distinct: dict[str, str] = {}
    for name, text in decodings.items():
        if text not in distinct.values():  # big5 and big5hkscs often agree: keep the first name
            distinct[name] = text
    scores = {name: log_likelihood(text[:JUDGED]) for name, text in distinct.items()}
    best = max(scores, key=lambda name: scores[name])  # max keeps the first of equals
    posterior = 1 / sum(math.exp(max(-50.0, _EVIDENCE_SCALE * (s - scores[best]))) for s in scores.values())
    share = plausibility(distinct[best][:JUDGED])
    return Judgement(best, distinct[best], round(posterior * share, 3), share)


# --- mojibake -----------------------------------------------------------------------------------

# Classic signatures: 锟斤拷 is U+FFFD written as UTF-8 and read as GBK; 烫 and 屯 are the fill bytes
# of uninitialised debug memory (0xCC, 0xCD) read as GBK.
_SIGNATURES = re.compile(r"锟斤拷|烫烫烫|屯屯屯|\ufffd")
# Runs of Latin-1 / Windows-1252 characters: UTF-8 read as Latin-1 turns 公 into "å…¬" and é into "Ã©".
_LATIN_RUN = re.compile(r"[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                        r"\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{2,}")


def _excerpt(text: str, size: int = 12) -> str:
    """The start of a text for a message, invisible characters (private use, controls) as \\uXXXX."""
    shown = "".join(ch if ch.isprintable() and unicodedata.category(ch) != "Co" else f"\\u{ord(ch):04x}"
                    for ch in text[:size])
    return shown + ("…" if len(text) > size else "")


def _latin1_mojibake(run: str) -> bool:
    """True when the run's Windows-1252 bytes (Latin-1 for the five it lacks) are mostly UTF-8."""
    raw = bytearray()
    for ch in run:
        try:
            raw += ch.encode("cp1252")
        except UnicodeEncodeError:
            raw += ch.encode("latin-1")
    decoded = raw.decode("utf-8", "replace")
    return sum(ord(ch) > 0x7F for ch in decoded if ch != "\ufffd") > decoded.count("\ufffd")


def mojibake(line: str) -> str | None:
    """What in the line looks like mojibake (a short description), or None."""
    m = _SIGNATURES.search(line)
    if m:
        return "U+FFFD replacement characters" if m.group() == "\ufffd" else f"'{m.group()}'"
    for m in _LATIN_RUN.finditer(line):
        if _latin1_mojibake(m.group()):
            return f"UTF-8 read as Latin-1 ('{_excerpt(m.group())}')"
    if line.isascii():
        return None
    m = char_table().rare_run.search(line)
    if m:
        return f"a run of rare characters ('{_excerpt(m.group())}')"
    return None
