"""Text helpers shared by several stages: folding for comparison (width, script) and script conversion.

Folding maps characters that a reader would take for the same (full-width and half-width forms,
Traditional and Simplified characters) to one form. Clustering, collation and the benchmarks compare
folded text; readings and the edition keep the raw text.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=1)
def _t2s() -> object:
    import opencc

    return opencc.OpenCC("t2s.json")


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    """One character folded for comparison: width folded, Traditional to Simplified (length kept)."""
    if "\uff01" <= ch <= "\uff5e":
        ch = chr(ord(ch) - 0xFEE0)
    if ch >= "\u3400":
        converted = str(_t2s().convert(ch))  # type: ignore[attr-defined]
        if len(converted) == 1:
            return converted
    return ch


class _FoldTable(dict[int, str]):
    """str.translate table for `fold_text`, filled in one character at a time as they are met."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = fold_char(ch) if unicodedata.category(ch)[0] in "LN" else ""
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold_text(text: str) -> str:
    """Text as compared for grouping: letters, digits and CJK only, folded (punctuation and spaces dropped)."""
    return text.translate(_FOLD_TABLE)


def fold_keys(text: str) -> str:
    """The text with every character folded (`fold_char`), same length: what alignment compares."""
    table = {ord(c): fold_char(c) for c in set(text)}
    return text.translate({k: v for k, v in table.items() if v != chr(k)})


@lru_cache(maxsize=1)
def _tw2sp() -> object:
    import opencc

    return opencc.OpenCC("tw2sp.json")


def delocalise(text: str) -> str:
    """Taiwan wording and characters put back into mainland Simplified (軟體→软件, 資訊→信息, 檔案→文件).

    A Traditional copy is often localised, not just converted: character folding alone would not
    see that 軟體 and 软件 are one word. The length may change (電腦→计算机).
    """
    return str(_tw2sp().convert(text))  # type: ignore[attr-defined]


def fold_phrases(text: str) -> str:
    """`fold_text` after `delocalise`: what compares a localised copy with its original."""
    return fold_text(delocalise(text))
