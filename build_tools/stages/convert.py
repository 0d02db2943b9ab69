"""Stage 7, convert: the Traditional-script edition, made with OpenCC from the rendered chapters.

We use OpenCC's character-level configurations, `s2t` (the default) or `s2tw` (Taiwan character
forms). Not `s2twp`: it rewrites *phrases* into Taiwanese usage (软件→軟體, 信息→資訊), which changes
the wording of a document; a reader edition may change the script, never the words.

Only the reading text is converted. Link targets stay as they are (a source file's name is its
address), and the source pages are never converted: provenance must land on the original line.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

SCRIPTS = {"hans": None, "hant": "s2t", "hant-tw": "s2tw"}
LANGUAGE_TAGS = {"hans": "zh-Hans", "hant": "zh-Hant", "hant-tw": "zh-Hant"}  # folder and hreflang
THEME_LANGUAGES = {"hans": "zh", "hant": "zh-Hant", "hant-tw": "zh-TW"}  # Material's language codes
# Markdown link targets, HTML attribute values and footnote labels: addresses, never text.
_PROTECTED = re.compile(r"\]\([^)\n]*\)|\b(?:href|src|id)=\"[^\"]*\"|\[\^[^\]\n]+\]")


@lru_cache(maxsize=4)
def _converter(config: str) -> object:
    import opencc

    return opencc.OpenCC(f"{config}.json")


def convert_text(text: str, config: str = "s2t") -> str:
    """Plain text converted from Simplified to Traditional characters (length may not change)."""
    return str(_converter(config).convert(text))  # type: ignore[attr-defined]


def convert_markdown(markdown: str, config: str = "s2t") -> str:
    """Markdown converted to Traditional script, leaving link targets and anchors untouched."""
    out: list[str] = []
    last = 0
    for m in _PROTECTED.finditer(markdown):
        out.append(convert_text(markdown[last:m.start()], config))
        out.append(m.group(0))
        last = m.end()
    out.append(convert_text(markdown[last:], config))
    return "".join(out)


def traditional_jieba_dictionary(target: Path, config: str = "s2t") -> Path:
    """jieba's own dictionary with its words converted to Traditional script (written once, cached)."""
    import jieba

    source = Path(jieba.__file__).parent / "dict.txt"
    if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    converted = convert_text(source.read_text(encoding="utf-8"), config)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(converted, encoding="utf-8")
    tmp.replace(target)
    return target


def character_map(to_script: str) -> dict[str, str]:
    """Single characters of the other script mapped to this one (for cross-script search queries)."""
    config = "t2s" if to_script == "hans" else SCRIPTS.get(to_script) or "s2t"
    chars = [chr(c) for c in range(0x4E00, 0xA000)]
    converted = convert_text("\n".join(chars), config).split("\n")
    return {a: b for a, b in zip(chars, converted, strict=True) if len(b) == 1 and a != b}
