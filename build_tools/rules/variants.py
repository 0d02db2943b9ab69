"""What kind of difference a variant place is: the rules the apparatus classifies by.

Kinds, from least to most weighty (`KIND_RANK`; a place takes the weightiest of its readings'):

| kind | when | example (lemma / reading) |
|---|---|---|
| punctuation | only punctuation differs | 会议，/ 会议。 |
| orthographic | the same letters once folded (script, width) | 发展 / 發展 |
| localisation | the same words once regional wording is folded (a copy localised for Taiwan) | 软件 / 軟體 |
| mechanical | a paragraph break, a masked number, a doubled character | 2020 / 20XX; 我们 / 我我们 |
| omission | the reading lacks the lemma | 重要 / (nothing) |
| addition | the reading has text the lemma lacks | (nothing) / 非常 |
| substitution | anything else | 部署 / 安排 |
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from build_tools.records import VariantKind
from build_tools.text import fold_char, fold_phrases, fold_text

MASK_CHARS = "XxＸｘ×*＊_＿某○〇□■"  # placeholders that web copies put for masked digits
KIND_RANK: dict[VariantKind, int] = {"punctuation": 0, "orthographic": 1, "localisation": 2, "mechanical": 3,
                                     "omission": 4, "addition": 4, "substitution": 5}
LOCALISATION_CONTEXT = 3  # characters of context either side tried when a place cuts a localised word in half


def _strip_punct(text: str) -> str:
    """Only the letters and digits of `text`."""
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN")


def _is_doubling(short: str, long: str) -> bool:
    """`long` is `short` with a run of characters written twice."""
    extra = len(long) - len(short)
    if not 0 < extra <= 4:
        return False
    for i in range(len(long) - extra + 1):
        repeated = long[i:i + extra] in (long[i - extra:i], long[i + extra:i + 2 * extra])
        if repeated and long[:i] + long[i + extra:] == short:
            return True
    return False


def _masked(digits: str, masked: str) -> bool:
    """`masked` is the number `digits` with some or all digits replaced by a placeholder."""
    digits, masked = _strip_punct(digits) or digits, masked.strip()
    return (bool(digits) and bool(masked) and all(c.isdigit() for c in digits)
            and all(c in MASK_CHARS or c.isdigit() for c in masked) and any(c in MASK_CHARS for c in masked))


@lru_cache(maxsize=1)
def _s2twp() -> object:
    import opencc

    return opencc.OpenCC("s2twp.json")


@lru_cache(maxsize=4096)
def _taiwan_first(text: str) -> str:
    """`text` put into Taiwan wording (OpenCC s2twp: 默认→預設, which tw2sp does not turn back to 默认),
    then folded back into mainland wording: 默认 and 預設 both become 预设."""
    return fold_phrases(str(_s2twp().convert(text)))  # type: ignore[attr-defined]


def _is_localisation(lemma: str, reading: str, before: str, after: str) -> bool:
    """The readings differ in letters but not once regional wording is folded (`fold_phrases`): alone, or
    with a little context (the place may hold half of a localised word: 软[件] / 软[體]). When one of them
    is written in Traditional characters, wording is also folded the other way round (`_taiwan_first`);
    not between two Simplified readings, where it would make 档案 and 文件 one word."""
    if fold_text(lemma) == fold_text(reading):
        return False
    traditional = any(fold_char(c) != c for c in lemma + reading if c >= "\u3400")
    for width in range(LOCALISATION_CONTEXT + 1):
        head, tail = before[len(before) - width:] if width else "", after[:width]
        ours, theirs = head + lemma + tail, head + reading + tail
        if fold_phrases(ours) == fold_phrases(theirs):
            return True
        if traditional and _taiwan_first(ours) == _taiwan_first(theirs):
            return True
    return False


def classify(lemma: str, reading: str, before: str = "", after: str = "") -> VariantKind:
    """Kind of the difference between the chosen text and one other reading at a place."""
    if lemma.replace("\n", "") == reading.replace("\n", ""):
        return "mechanical"  # a paragraph broken (or joined) by extraction
    if _strip_punct(lemma) == _strip_punct(reading):
        return "punctuation"
    if fold_text(lemma) == fold_text(reading) and len(lemma) == len(reading):
        return "orthographic"
    if _is_localisation(lemma, reading, before, after):
        return "localisation"  # 软件 / 軟體: a copy localised for Taiwan
    if _masked(lemma, reading) or _masked(reading, lemma):
        return "mechanical"  # digits masked by a placeholder
    ctx_lemma, ctx_reading = before[-4:] + lemma + after[:4], before[-4:] + reading + after[:4]
    if _is_doubling(ctx_lemma, ctx_reading) or _is_doubling(ctx_reading, ctx_lemma):
        return "mechanical"  # a doubled character
    if not reading:
        return "omission"
    if not lemma:
        return "addition"
    return "substitution"


def place_kind(lemma: str, others: list[str], before: str = "", after: str = "") -> VariantKind:
    """The kind of a place: the weightiest kind among its other readings."""
    kinds = [classify(lemma, reading, before, after) for reading in others]
    return max(kinds, key=KIND_RANK.__getitem__) if kinds else "substitution"
