"""The scripts an edition can be printed in: one table, read by the convert stage and the publication.

Only OpenCC's character-level configurations are used: `s2twp` would rewrite *phrases* into
Taiwanese usage (软件→軟體, 信息→資訊), changing the wording of a document; a reader edition may
change the script, never the words.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Script:
    """One script of the edition: how its text is made and where and how it is published."""

    id: str  # the plugin's `script` option
    opencc: str | None  # OpenCC configuration from Simplified; None: the text as it is
    language: str  # BCP 47 tag: hreflang, and the edition's folder in a publication
    theme_language: str  # Material's language code (its interface texts)
    label: str  # the name of the edition in its own script, for the language switcher

    @property
    def folder(self) -> str:
        return self.language


SCRIPTS: dict[str, Script] = {s.id: s for s in (
    Script("hans", None, "zh-Hans", "zh", "简体中文"),
    # Taiwan standard character forms (為, 裡, 著, 麵): what readers of Traditional script expect.
    Script("hant", "s2tw", "zh-Hant", "zh-Hant", "繁體中文"),
    Script("hant-tw", "s2tw", "zh-Hant", "zh-TW", "繁體中文"),  # the same text, Material's Taiwan interface
    Script("hant-hk", "s2hk", "zh-Hant", "zh-Hant", "繁體中文"),  # Hong Kong character forms
    # OpenCC's own standard forms (爲, 裏, 着, 麪): etymologically tidy, used by no reading public.
    Script("hant-opencc", "s2t", "zh-Hant", "zh-Hant", "繁體中文"),
)}
SIMPLIFIED = SCRIPTS["hans"]
TRADITIONAL = tuple(name for name, s in SCRIPTS.items() if s.opencc)


def published(traditional: str = "hant") -> tuple[Script, ...]:
    """The editions a publication holds, in the order the switcher lists them."""
    return (SIMPLIFIED, SCRIPTS[traditional])
