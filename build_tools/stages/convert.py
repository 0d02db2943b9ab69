"""Stage 7, convert: the Traditional-script edition, made with OpenCC from the rendered pages.

Only the reading text is converted. Link targets stay as they are (a source file's name is its
address), and the source pages and the noise ledger are never converted: they quote the sources,
and provenance must land on the original line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from build_tools.editions import Script
from build_tools.stages.render import NavEntry, Navigation, RenderedFile

# Markdown link targets, HTML attribute values and footnote labels: addresses, never text.
_PROTECTED = re.compile(r"\]\([^)\n]*\)|\b(?:href|src|id)=\"[^\"]*\"|\[\^[^\]\n]+\]")
# Generated pages that quote the sources (a copy's own text on witnesses/ pages) and data files: they stay as they are.
UNCONVERTED = ("sources/", "notes.md", "notes/", "edition.json", "witnesses/", "tei/", "variants.csv")


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


def convert_page(markdown: str, script: Script) -> str:
    """A page's Markdown in `script` (unchanged for Simplified)."""
    return convert_markdown(markdown, script.opencc) if script.opencc else markdown


def convert_files(files: Iterable[RenderedFile], script: Script) -> Iterator[RenderedFile]:
    """Rendered files in `script`, but for those that quote the sources: one at a time, as they are taken."""
    for f in files:
        if not script.opencc or f.path.startswith(UNCONVERTED):
            yield f
        else:  # a streamed file (none is converted yet) whole: converted in pieces, a cut could split a link
            yield RenderedFile(f.path, convert_page(f.content, script))


def convert_navigation(listed: Navigation, script: Script) -> Navigation:
    """Chapter and book titles in `script`; source pages are named by their file names, which stay."""
    if not script.opencc:
        return listed

    def entries(items: tuple[NavEntry, ...]) -> tuple[NavEntry, ...]:
        return tuple(NavEntry(convert_page(e.title, script), e.path) for e in items)

    books = tuple(replace(b, title=convert_page(b.title, script), chapters=entries(b.chapters)) for b in listed.books)
    return Navigation(entries(listed.documents), listed.sources, books)


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
