"""Search keys: the text as the index and the query compare it.

A key keeps letters and digits only (Unicode categories L and N), each folded by
`build_tools.text.fold_char` (full-width to half-width, Traditional to Simplified) and lower-cased
when that keeps it one character. Punctuation and spaces are dropped, so `、41600多名`, `COVID-19`
and `2729万` are found whatever stands around them, and a phrase typed with or without its commas
matches. Every character of a key is one character of the text: the client rebuilds the same key
from the text it shows (`search.js` `keyOf`) to place a highlight.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from build_tools.text import fold_char

__all__ = ["client_fold_map", "key_char", "key_text"]


def key_char(ch: str) -> str:
    """One character as a key character, or "" when it is not a letter or a digit."""
    if unicodedata.category(ch)[0] not in "LN":
        return ""
    folded = fold_char(ch)
    lower = folded.lower()
    return lower if len(lower) == 1 else folded


class _KeyTable(dict[int, str]):
    """str.translate table for `key_text`, filled in as characters are met."""

    def __missing__(self, code: int) -> str:
        value = self[code] = key_char(chr(code))
        return value


_TABLE = _KeyTable()


def key_text(text: str) -> str:
    """The search key of a text: its letters and digits, folded."""
    return text.translate(_TABLE)


# Where a character of another script may be typed: CJK Extension A, Unified Ideographs, Compatibility.
_CJK_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))


def client_fold_map(shown: Iterable[str], indexed: set[str]) -> dict[str, str]:
    """What the client must fold that lower-casing and full-width folding do not: {character: key}.

    Characters of the shown texts (to place highlights) and any CJK character whose key is in the
    index (a query typed in the other script), when folding changes them.
    """
    out: dict[str, str] = {}
    shown_chars = set(shown)
    candidates = shown_chars | {chr(c) for start, stop in _CJK_RANGES for c in range(start, stop)}
    for ch in candidates:
        if "\uff01" <= ch <= "\uff5e":
            continue  # the client folds width itself
        key = key_char(ch)
        if key and key != ch.lower() and (key in indexed or ch in shown_chars):
            out[ch] = key
    return out
