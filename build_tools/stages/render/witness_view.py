"""Each copy's own text, rebuilt from edition.json, and a document's copies side by side.

A copy's page (`witness_page`) shows its body exactly as its cleaned source span has it:
`reconstruct.witness_body` rebuilds it, from the document's data with the copy's own text at every
variant place wrapped in marks (the noncharacters U+FDD0–U+FDD2, which no text has; a document whose
text has them gets its copies shown without highlighting). So its lacunae, and the order of a copy
that moved its paragraphs, come from the one reconstruction there is, and the places where the copy
differs from the edition are known without rebuilding anything again: they are highlighted, with the
edition's reading in the tooltip.

The compare page (`compare_page`) puts every copy in a column of one table, a row per canonical
paragraph (a copy is taken in the edition's order there, so rows line up); compare.js shows the two
the reader chooses and marks where those two differ. Without JavaScript every column shows.

These pages quote the copies: they are never converted to the other script (convert.UNCONVERTED).
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from build_tools.reconstruct import witness_body
from build_tools.records import Document, Witness
from build_tools.stages.render.chapter import KIND_LABELS
from build_tools.stages.render.common import (
    COMPARE_TABLE_OPENING,
    WITNESS_TEXT_OPENING,
    chapter_page,
    compare_page,
    front_matter,
    md_escape,
    source_page,
    span_label,
    witness_page,
)

_OPEN, _MID, _CLOSE = "\ufdd0", "\ufdd1", "\ufdd2"
_TOKEN = re.compile(f"{_OPEN}(\\d+)\\.(\\d+){_MID}(.*?){_CLOSE}", re.S)
# Loads compare.js from the site's root, which main.html writes into the page (relative, so file:// works).
_LOADER = ('<script>document.addEventListener("DOMContentLoaded", function () { var s = '
           'document.createElement("script"); s.src = new URL("assets/javascripts/compare.js", new URL('
           'document.documentElement.getAttribute("data-reader-root") || "../../", location.href)).href; '
           'document.body.appendChild(s); });</script>')


@dataclass(frozen=True)
class Piece:
    """A stretch of a copy's body: text it shares with the edition, or its own text at a variant place."""

    text: str
    place: int | None = None  # index of the variant place in the document's variants
    reading: int = 0  # 0: the edition's text (lemma); n: the place's n-th reading
    breaks: bool = False  # a stretch of a reading that had a paragraph break here (the copy breaks, the edition not)

    @property
    def differs(self) -> bool:
        return self.place is not None and self.reading > 0


def _tagged(doc: dict[str, Any], siglum: str) -> dict[str, Any] | None:
    """The document's data with the copy's own text at every place it votes on wrapped in marks."""
    strings = [p["text"] for p in doc["paragraphs"]]
    strings += [s for v in doc["variants"] for s in (v["lemma"], *(r["text"] for r in v["readings"]))]
    if any(mark in s for s in strings for mark in (_OPEN, _MID, _CLOSE)):
        return None
    variants = []
    for i, v in enumerate(doc["variants"]):
        k = next((n for n, r in enumerate(v["readings"], start=1) if siglum in r["witnesses"]), 0)
        if k == 0 and siglum not in v["lemma_witnesses"]:
            variants.append(v)
            continue
        own = v["readings"][k - 1]["text"] if k else v["lemma"]
        tagged = {"text": f"{_OPEN}{i}.{k}{_MID}{own}{_CLOSE}", "witnesses": [siglum]}
        others = [{**r, "witnesses": [w for w in r["witnesses"] if w != siglum]} for r in v["readings"]]
        variants.append({**v, "readings": [tagged, *others],
                         "lemma_witnesses": [w for w in v["lemma_witnesses"] if w != siglum]})
    return {**doc, "variants": variants}


def _in_edition_order(doc: dict[str, Any], siglum: str) -> dict[str, Any]:
    return {**doc, "witnesses": [{**w, "order": None} if w["siglum"] == siglum else w for w in doc["witnesses"]]}


def witness_pieces(doc: dict[str, Any], siglum: str, edition_order: bool = False) -> list[Piece]:
    """A copy's body (`witness_body`) as pieces, in its own order of paragraphs or the edition's."""
    tagged = _tagged(doc, siglum)
    if tagged is None:
        plain = _in_edition_order(doc, siglum) if edition_order else doc
        return [Piece(witness_body(plain, siglum))]
    body = witness_body(_in_edition_order(tagged, siglum) if edition_order else tagged, siglum)
    pieces, last = [], 0
    for m in _TOKEN.finditer(body):
        if m.start() > last:
            pieces.append(Piece(body[last:m.start()]))
        pieces.append(Piece(m.group(3), int(m.group(1)), int(m.group(2))))
        last = m.end()
    if last < len(body):
        pieces.append(Piece(body[last:]))
    return pieces


def split_paragraphs(pieces: list[Piece]) -> list[list[Piece]]:
    """Pieces cut at the body's paragraph breaks; a reading that is (or starts with) a break stays, to be marked."""
    out: list[list[Piece]] = [[]]
    for piece in pieces:
        for n, part in enumerate(piece.text.split("\n")):
            if n:
                out.append([])
            if part or (piece.differs and n == 0):
                out[-1].append(Piece(part, piece.place, piece.reading, breaks="\n" in piece.text and not part))
    return out


def _shown(text: str) -> str:
    return text.replace("\n", "¶")


def diff_title(doc: Document, piece: Piece) -> str:
    """The tooltip of a difference: the edition's reading there and the kind of variant."""
    assert piece.place is not None
    variant = doc.variants[piece.place]
    edition = f"正文作「{_shown(variant.lemma)}」" if variant.lemma else "正文无此"
    own = "（此本在此分段）" if piece.breaks else ""
    return f"{edition}{own}〔{KIND_LABELS[variant.kind]}〕"


def _mark_class(piece: Piece) -> str:
    return "wit-diff" + (" wit-break" if piece.breaks else " wit-omit" if not piece.text else "")


def _paragraph_html(doc: Document, pieces: list[Piece]) -> str:
    """A paragraph of the copy as HTML (not Markdown: thousands of copy pages' text need no Markdown)."""
    out = []
    for piece in pieces:
        text = html.escape(piece.text, quote=False)
        if piece.differs:
            title = html.escape(diff_title(doc, piece), quote=True)
            out.append(f'<mark class="{_mark_class(piece)}" title="{title}">{text}</mark>')
        else:
            out.append(text)
    return f"<p>{''.join(out)}</p>" if out else '<p class="wit-empty"></p>'


def _paragraph_of(doc: Document, offset: int) -> int:
    return doc.place_at(offset)[0].number


def lacuna_notes(doc: Document, witness: Witness) -> tuple[str, str]:
    """What the copy lacks at its opening and at its end ("" where it lacks nothing)."""
    start, end = witness.covers
    opening = f"〔此本缺开头，自 ¶{_paragraph_of(doc, start)} 起〕" if start > 0 else ""
    ending = f"〔此本缺结尾，止于 ¶{_paragraph_of(doc, end)}〕" if end < len(doc.canonical) else ""
    return opening, ending


def _copies_line(doc: Document, current: str | None) -> str:
    names = [f"**{w.siglum}**" if w.siglum == current else f"[{w.siglum}](../{witness_page(doc.id, w.siglum)})"
             for w in doc.witnesses]
    compare = "**各本对照**" if current is None else f"[各本对照](../{compare_page(doc.id)})"
    return f"[← 回到正文](../{chapter_page(doc.id)}) · 各本：{' · '.join(names)} · {compare}\n{{: .witness-nav }}\n"


def render_witness_page(doc: Document, data: dict[str, Any], witness: Witness) -> str:
    """One copy's own text: its header lines, its body with its lacunae marked and its differences highlighted."""
    span = witness.segment.span
    siglum = witness.siglum
    header = [h["text"] for h in next(w for w in data["witnesses"] if w["siglum"] == siglum)["header"]]
    title = f"{doc.title} · {siglum} 本"
    base = "（底本）" if siglum == doc.base else ""
    where = f"[{md_escape(span.source)} 第 {span_label(span)} 行](../{source_page(span.source)}#L{span.first_line}"
    where += f"-L{span.last_line})" if span.last_line != span.first_line else ")"
    out = [front_matter({"title": html.escape(title), "search": {"exclude": True}}),
           f"# {md_escape(doc.title)} · {siglum} 本{base}\n", _copies_line(doc, siglum),
           f"此本是源文件 {where} 清理后的文字，由 edition.json 重建，逐字照录，不作转换。"
           "与正文不同之处加了底色，指针停留（或长按）可见正文的读法。\n"]
    notes = []
    if witness.order:
        notes.append("此本段落次序与正文不同，下面照此本的次序排列")
    if witness.embedded_in and witness.embedded_in != doc.id:
        notes.append("此本收在另一篇文献中")
    if notes:
        out.append("；".join(notes) + "。\n")
    if header:
        out.append('<div class="witness-header" markdown>\n')
        out.extend(md_escape(line) + "\n" for line in header)
        out.append("</div>\n")
    opening, ending = lacuna_notes(doc, witness)
    if opening:
        out.append(f"{opening}\n{{: .wit-lacuna }}\n")
    out.append(WITNESS_TEXT_OPENING + "\n" + "\n".join(_paragraph_html(doc, p)
                                                      for p in split_paragraphs(witness_pieces(data, siglum)))
               + "\n</div>\n")
    if ending:
        out.append(f"{ending}\n{{: .wit-lacuna }}\n")
    return "\n".join(out)


def _cell_html(doc: Document, pieces: list[Piece]) -> str:
    out = []
    for piece in pieces:
        text = "<br>".join(html.escape(part) for part in piece.text.split("\n"))
        if piece.place is None:
            out.append(text)
        elif piece.differs:
            title = html.escape(diff_title(doc, piece), quote=True)
            out.append(f'<mark class="{_mark_class(piece)}" data-v="{piece.place}" data-r="{piece.reading}" '
                       f'title="{title}">{text}</mark>')
        else:
            out.append(f'<span data-v="{piece.place}" data-r="0">{text}</span>')
    return "".join(out)


def aligned_rows(doc: Document, data: dict[str, Any], witness: Witness) -> dict[int, list[Piece]]:
    """A copy's body in the edition's order, cut by canonical paragraph (index 0 for ¶1): what the compare rows show.

    Text it shares with the edition is cut at the edition's paragraph breaks (also inside a lemma the
    copy has); its own reading at a place stands in the paragraph where the place starts.
    """
    rows: dict[int, list[Piece]] = defaultdict(list)
    position = witness.covers[0]
    for piece in witness_pieces(data, witness.siglum, edition_order=True):
        if piece.place is not None:
            variant = doc.variants[piece.place]
            position = doc.offset_of(variant.paragraph, variant.offset)
        if piece.place is not None and piece.differs:
            rows[_paragraph_of(doc, position) - 1].append(piece)
            position += len(doc.variants[piece.place].lemma)
            continue
        for n, part in enumerate(piece.text.split("\n")):
            position += 1 if n else 0
            if part:
                rows[_paragraph_of(doc, position) - 1].append(Piece(part, piece.place, piece.reading))
            position += len(part)
    return rows


def render_compare_page(doc: Document, data: dict[str, Any]) -> str:
    """Every copy in a column, a row per canonical paragraph; compare.js shows the two chosen."""
    title = f"{doc.title} · 各本对照"
    out = [front_matter({"title": html.escape(title), "search": {"exclude": True}}),
           f"# {md_escape(doc.title)} · 各本对照\n", _copies_line(doc, None),
           "各本按正文的段落逐段对齐（段落次序不同的本子也按正文的次序排列）。选两个本子并排阅读；"
           "各本与正文不同之处加了底色，两本彼此不同之处另加框线。\n"]
    options = "".join(f'<option value="{html.escape(w.siglum)}">{html.escape(w.siglum)} 本'
                      f'{"（底本）" if w.siglum == doc.base else ""}</option>' for w in doc.witnesses)
    out.append(f'<form class="wit-compare-form" hidden><label>左栏 <select id="wit-left">{options}</select></label> '
               f'<label>右栏 <select id="wit-right">{options}</select></label></form>\n')
    rows = {w.siglum: aligned_rows(doc, data, w) for w in doc.witnesses}
    starts = doc.paragraph_starts
    head = "".join(f'<th data-wit="{html.escape(w.siglum)}">{html.escape(w.siglum)} 本'
                   f'{"（底本）" if w.siglum == doc.base else ""}<br><small>{html.escape(w.segment.span.source)} '
                   f'{span_label(w.segment.span)}</small></th>' for w in doc.witnesses)
    table = [COMPARE_TABLE_OPENING,
             f'<table class="wit-compare" data-base="{html.escape(doc.base)}">',
             f'<thead><tr><th class="wit-num">段</th>{head}</tr></thead>', "<tbody>"]
    for index, paragraph in enumerate(doc.paragraphs):
        first, last = starts[index], starts[index] + len(paragraph.text)
        cells = []
        for w in doc.witnesses:
            if last < w.covers[0] or first > w.covers[1]:
                cells.append(f'<td data-wit="{html.escape(w.siglum)}" class="wit-lacuna">〔缺〕</td>')
            else:
                cells.append(f'<td data-wit="{html.escape(w.siglum)}">{_cell_html(doc, rows[w.siglum][index])}</td>')
        css = ' class="wit-heading"' if paragraph.role == "heading" else ""
        table.append(f'<tr{css}><td class="wit-num">¶{paragraph.number}</td>{"".join(cells)}</tr>')
    table.extend(["</tbody>", "</table>", "</div>"])
    out.append("\n".join(table) + "\n")
    out.append(_LOADER + "\n")
    return "\n".join(out)

