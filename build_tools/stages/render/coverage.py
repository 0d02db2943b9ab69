"""The coverage picture of a chapter with several copies: one bar per copy, drawn at build time as SVG.

A bar spans the whole canonical text: the stretch the copy has is filled, its lacunae are left
empty, and a tick marks each variant place where the copy reads otherwise than the text. Each bar is
a Markdown link (so MkDocs resolves it, online and offline) to a page about that copy.
"""

from __future__ import annotations

from collections.abc import Callable

from build_tools.records import Document, Witness

WIDTH, HEIGHT = 240, 12  # viewBox units of one bar
MIN_TICK = 0.8  # a tick stays visible even in a long text


def _x(offset: int, total: int) -> float:
    return round(WIDTH * offset / max(1, total), 1)


def bar_svg(doc: Document, witness: Witness) -> str:
    """One copy's bar: covered stretch, lacunae, and its differences from the text."""
    total = len(doc.canonical)
    start, end = witness.covers
    differs = [doc.offset_of(v.paragraph, v.offset) for v in doc.variants
               if any(witness.siglum in r.witnesses for r in v.readings)]
    ticks = "".join(f'<rect class="cov-diff" x="{_x(at, total)}" y="0" width="{MIN_TICK}" height="{HEIGHT}"/>'
                    for at in differs)
    title = f"{witness.siglum}：存 {_x(end - start, total) * 100 / WIDTH:.0f}%，异读 {len(differs)} 处"
    return (f'<svg class="coverage-bar" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
            f'role="img" aria-label="{title}"><title>{title}</title>'
            f'<rect class="cov-all" x="0" y="0" width="{WIDTH}" height="{HEIGHT}"/>'
            f'<rect class="cov-has" x="{_x(start, total)}" y="0" width="{_x(end, total) - _x(start, total)}" '
            f'height="{HEIGHT}"/>{ticks}</svg>')


def coverage_picture(doc: Document, link: Callable[[Witness], str]) -> list[str]:
    """Markdown lines of the picture (nothing for a single copy)."""
    if len(doc.witnesses) < 2:
        return []
    rows = [f"- [{bar_svg(doc, w)} **{w.siglum}**]({link(w)})" for w in doc.witnesses]
    legend = ('<p class="coverage-legend">深色：此本所存；空白：此本所缺；竖线：此本读法与正文不同之处。'
              "点击一本可看此本原文。</p>")
    return ['<div class="coverage" markdown>\n', *rows, "", legend, "\n</div>\n"]
