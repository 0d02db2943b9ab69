"""A document as Markdown: witness list, text with footnotes for the variant places, provenance.

`PageLinks` says how the text names its anchors and reaches other pages from where it stands. (The
print view is made of the chapter page's HTML, not of this Markdown again: `build_tools.print_assembly`.)
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from build_tools.records import ChosenBy, Document, Paragraph, Parallel, Variant, VariantKind, Witness
from build_tools.stages.render.common import (
    compare_page,
    front_matter,
    md_escape,
    reader_date,
    source_page,
    span_label,
    tei_file,
    witness_page,
)
from build_tools.stages.render.coverage import coverage_picture
from build_tools.stages.render.parallels_page import Insert, parallel_marks, parallels_by_paragraph, related_list
from build_tools.stages.segment import header_blocks

MINOR_KINDS: tuple[VariantKind, ...] = ("punctuation", "orthographic", "localisation", "mechanical")
KIND_LABELS: dict[VariantKind, str] = {"punctuation": "标点", "orthographic": "字形", "localisation": "地区用词",
                                       "mechanical": "技术性", "omission": "脱文", "addition": "衍文",
                                       "substitution": "异文"}
# Why the text reads so at a variant place (see the notes page for the conventions).
WHY: dict[ChosenBy, str] = {
    "majority": "（正文从多数：{}）",
    "base": "（票数相同，正文从底本：{}）",
    "first-copy": "（票数相同，底本此处无文，正文从序次在前之本：{}）",
    "curator": "（编者选定，正文从：{}）",
}
PARAGRAPH_CLASSES = {"salutation": ".salutation", "addressee": ".addressee", "signature": ".signature",
                     "date": ".closing-date"}


def _sibling_chapter(document_id: str) -> str:
    return f"{document_id}.md"


@dataclass(frozen=True)
class PageLinks:
    """How a chapter reaches other pages from where it stands (the print view is made of its HTML:
    `build_tools.print_assembly` re-roots these links there)."""

    to_root: str = "../"  # chapters live one folder down
    document: Callable[[str], str] = field(default=_sibling_chapter)  # link to another document

    def line(self, source: str, line: int, last: int | None = None, reading: str = "") -> str:
        """A source line (or the range of lines to `last`), with a reading to mark on it."""
        anchor = f"L{line}" + (f"-L{last}" if last is not None and last != line else "")
        if reading and "\n" not in reading:
            anchor += "~" + quote(reading, safe="")
        return f"{self.to_root}{source_page(source)}#{anchor}"

    def paragraph(self, document: str, paragraph_id: str) -> str:
        """A paragraph of another document: its #pN on the document's page."""
        return f"{self.document(document)}#{paragraph_id}"


CHAPTER_PAGE = PageLinks()


def _paragraph_number(doc: Document, offset: int) -> int:
    return doc.place_at(offset)[0].number


def paragraph_runs(numbers: tuple[int, ...]) -> str:
    """Paragraph numbers as the reader writes them, runs of consecutive ones as ranges: ¶1 ¶4–¶5 ¶2–¶3 ¶6."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return " ".join(f"¶{run[0]}" if len(run) == 1 else f"¶{run[0]}–¶{run[-1]}" for run in runs)


def _coverage_label(doc: Document, witness: Witness) -> str:
    """How much of the document the copy has, in a few characters."""
    start, end = witness.covers
    return {"complete": "完整",
            "truncated": f"缺结尾，止于 ¶{_paragraph_number(doc, end)}",
            "lacks-opening": f"缺开头，起于 ¶{_paragraph_number(doc, start)}",
            "fragment": f"片段 ¶{_paragraph_number(doc, start)}–¶{_paragraph_number(doc, end)}"}[witness.coverage]


def _witness_row(doc: Document, witness: Witness, links: PageLinks) -> str:
    """One line per copy: siglum (the base marked), source, lines, coverage."""
    span = witness.segment.span
    siglum = f"**{witness.siglum}**（底本）" if witness.siglum == doc.base and len(doc.witnesses) > 1 \
        else witness.siglum
    notes = ["次序不同"] if witness.order else []
    if witness.embedded_in and witness.embedded_in != doc.id:
        notes.append("收在他篇中")
    coverage = "；".join([_coverage_label(doc, witness), *notes])
    link = links.line(span.source, span.first_line, span.last_line)
    return f"| {siglum} | [{md_escape(span.source)}]({link}) | {span_label(span)} | {coverage} |"


def _witness_details(doc: Document, titles: dict[str, str], links: PageLinks) -> list[str]:
    """Each copy's own heading, its order of paragraphs and where it stands inside another document."""
    items = []
    for w in doc.witnesses:
        heading = " / ".join(md_escape(b.text) for role, b in header_blocks(w.segment)
                             if role in ("title", "subtitle", "issuer")) or "（无标题）"
        item = f"- **{w.siglum}** 原题：{heading}"
        if w.order:
            item += f"；段落次序不同：{paragraph_runs(w.order)}"
        if w.embedded_in and w.embedded_in != doc.id:
            host = md_escape(titles.get(w.embedded_in, w.embedded_in))
            item += f"；收在[《{host}》]({links.document(w.embedded_in)})中"
        items.append(item)
    return items


def witness_list(doc: Document, titles: dict[str, str], links: PageLinks) -> list[str]:
    """The copies: a compact table, and the details folded under it."""
    out = ['<div class="witness-list" markdown>\n\n| 本 | 源文件 | 行 | 状况 |\n|---|---|---|---|']
    out.extend(_witness_row(doc, w, links) for w in doc.witnesses)
    summary = "各本原题与说明" if len(doc.witnesses) > 1 else "原题与说明"
    out.append(f'\n<details class="witness-details" markdown>\n<summary>{summary}</summary>\n')
    out.extend(_witness_details(doc, titles, links))
    out.append("\n</details>\n\n</div>\n")
    return out


def _shown(text: str) -> str:
    return md_escape(text.replace("\n", "¶"))


def footnote(doc: Document, variant: Variant, paragraph: Paragraph, links: PageLinks = CHAPTER_PAGE) -> str:
    """The note of one variant place: the lemma, every other reading with its copies, the kind."""
    sources = {w.siglum: w.segment.span.source for w in doc.witnesses}
    lines = dict(variant.lines)

    def sigla(names: tuple[str, ...], reading: str) -> str:
        return "、".join(f"[{n}]({links.line(sources[n], lines.get(n, 1), reading=reading)})" for n in names)

    if variant.lemma:
        head = f"「{_shown(variant.lemma)}」"
    else:
        head = f"「{_shown(paragraph.text[max(0, variant.offset - 4):variant.offset])}」后"
    parts = []
    for reading in variant.readings:
        if not reading.text:
            parts.append(f"{sigla(reading.witnesses, '')} 无")
        elif not variant.lemma:
            parts.append(f"{sigla(reading.witnesses, reading.text)} 多「{_shown(reading.text)}」")
        else:
            parts.append(f"{sigla(reading.witnesses, reading.text)} 作「{_shown(reading.text)}」")
    support = ""
    if variant.lemma_witnesses:
        support = WHY[variant.chosen_by].format(sigla(variant.lemma_witnesses, variant.lemma))
    # What the density control (reader.js) reads: the kind, and whether every other reading is one copy's.
    single = int(all(len(r.witnesses) == 1 for r in variant.readings))
    data = f'<span class="vnote" data-kind="{variant.kind}" data-single="{single}"></span>'
    return f"{data}{head}：{'；'.join(parts)}{support}。〔{KIND_LABELS[variant.kind]}〕"


@lru_cache(maxsize=4096)
def word_bounds(text: str) -> frozenset[int]:
    """Offsets where jieba's words begin and end in `text`."""
    import jieba

    bounds, at = {0}, 0
    for word in jieba.cut(text, HMM=False):
        at += len(word)
        bounds.add(at)
    return frozenset(bounds)


def widened(text: str, start: int, end: int, others: list[tuple[int, int]]) -> tuple[int, int]:
    """A lemma that cuts a word in two, widened to whole words for display, unless that reaches another
    variant place (then it stays as the collation cut it)."""
    bounds = word_bounds(text)
    wide_start = max(b for b in bounds if b <= start)
    wide_end = min(b for b in bounds if b >= end)
    if any(o_start < wide_end and wide_start < max(o_end, o_start + 1) for o_start, o_end in others):
        return start, end
    return wide_start, wide_end


def lemma_marks(lemmas: list[tuple[int, int, str]], boundaries: set[int]) -> list[Insert]:
    """The lemma of each substantive note marked, so that the note's marker and its words light up
    together; the footnote mark follows the lemma's end. A lemma that a shared passage's edge cuts
    stays unmarked (the spans must nest)."""
    out = []
    for start, end, name in lemmas:
        if any(start < b < end for b in boundaries):
            continue
        # At one offset: a lemma ends before its own mark and a passage's end; it starts after a passage's start.
        out += [Insert(start, 3, f'<span class="lemma" data-note="{name}">'), Insert(end, -1, "</span>")]
    return out


def _paragraph_with_notes(doc: Document, paragraph: Paragraph, variants: list[Variant], passages: list[Parallel],
                          notes: list[tuple[str, str]], links: PageLinks, titles: dict[str, str]) -> str:
    """Paragraph text with footnote marks: one per substantive variant, one grouping the minor ones; and the
    passages shared with other documents marked (spans and markers inserted in the same pass, so that a
    span never cuts a footnote mark)."""
    marks: list[tuple[int, str, int]] = []  # (offset, note name, note number)
    lemmas: list[tuple[int, int, str]] = []
    minor = []
    for v in variants:
        if v.kind in MINOR_KINDS:
            minor.append(v)
            continue
        name = f"v{len(notes) + 1}"
        notes.append((name, footnote(doc, v, paragraph, links)))
        start, end = v.offset, min(len(paragraph.text), v.offset + len(v.lemma.split("\n")[0]))
        if end > start:
            start, end = widened(paragraph.text, start, end, [(o.offset, o.offset + len(o.lemma)) for o in variants
                                                              if o is not v])
            lemmas.append((start, end, name))
        marks.append((end, name, len(notes)))  # the note's number in the chapter
    if minor:
        name = f"m{paragraph.number}"
        notes.append((name, "<br>".join(footnote(doc, v, paragraph, links) for v in minor)))
        marks.append((len(paragraph.text), name, len(notes)))
    inserts = [Insert(at, 0, f"[^{name}]") for at, name, _ in sorted(marks)]
    shared = parallel_marks(paragraph, passages, titles, links.paragraph)
    inserts += shared + lemma_marks(lemmas, {i.offset for i in shared})
    out, last = [], 0
    for insert in sorted(inserts, key=lambda i: (i.offset, i.order)):
        out.append(md_escape(paragraph.text[last:insert.offset]) + insert.markup)
        last = insert.offset
    out.append(md_escape(paragraph.text[last:]))
    return "".join(out)


def _paragraph_markdown(text: str, paragraph: Paragraph) -> str:
    anchor = paragraph.id
    if paragraph.role == "heading":
        return f"## {text} {{: #{anchor} }}"
    if paragraph.role == "code":
        # The line as it stands, in a raw HTML block (escaped, so no tag in it is read); its notes follow it.
        marks = "".join("[^" + piece.split("]", 1)[0] + "]" for piece in text.split("[^")[1:])
        tail = f"\n\n{marks}\n{{: .code-notes }}" if marks else ""
        return f'<pre class="code" id="{anchor}"><code>{html.escape(paragraph.text)}</code></pre>{tail}'
    css = PARAGRAPH_CLASSES.get(paragraph.role)
    attrs = f"#{anchor}" + (f" {css}" if css else "")
    return f"{text}\n{{: {attrs} }}"


def _head(doc: Document) -> list[str]:
    """The title, subtitle, editorial-title note, date line and the links to the copies' own texts."""
    out = [f"# {md_escape(doc.title)}\n"]
    if doc.subtitle:
        out.append(f"<p class=\"subtitle\">——{html.escape(doc.subtitle)}</p>\n")
    if doc.title_inferred:
        who = "编者" if doc.title_by == "curator" else "程序（待编者审定）"
        had_title = any(r == "title" for w in doc.witnesses for r, _ in header_blocks(w.segment))
        why = "各本原题见下方“原题与说明”" if had_title else "原文没有标题"
        out.append(f'!!! note "编者拟题"\n    {why}；上面的标题是{who}拟的。\n')
    facts = [f'<time datetime="{html.escape(doc.date)}">{html.escape(reader_date(doc.date))}</time>'] \
        if doc.date else []
    facts += [html.escape(doc.author)] if doc.author else []
    if facts:
        out.append(f"<p class=\"doc-meta\">{' · '.join(facts)}</p>\n")
    copies = [f"[{w.siglum}](../{witness_page(doc.id, w.siglum)})" for w in doc.witnesses]
    views = [f"各本原文：{' '.join(copies)}", f"[各本对照](../{compare_page(doc.id)})"] if len(copies) > 1 else []
    out.append(" · ".join([*views, f"[TEI 文件](../{tei_file(doc.id)})"]) + "\n{: .doc-links }\n")
    return out


def chapter_body(doc: Document, titles: dict[str, str], links: PageLinks = CHAPTER_PAGE) -> str:
    """The chapter's Markdown from its title line on (no front matter)."""
    out = _head(doc)
    out.extend(witness_list(doc, titles, links))
    out.extend(related_list(doc, titles, links.document))
    def copy_page(w: Witness) -> str:  # each copy's own text
        return f"{links.to_root}{witness_page(doc.id, w.siglum)}"

    out.extend(coverage_picture(doc, copy_page))
    by_paragraph: dict[str, list[Variant]] = defaultdict(list)
    for v in doc.variants:
        by_paragraph[v.paragraph].append(v)
    passages = parallels_by_paragraph(doc)
    notes: list[tuple[str, str]] = []
    for paragraph in doc.paragraphs:
        text = _paragraph_with_notes(doc, paragraph, by_paragraph[paragraph.id], passages.get(paragraph.id, []),
                                     notes, links, titles)
        out.append(_paragraph_markdown(text, paragraph) + "\n")
        for after, guest in doc.embeds:
            if after == paragraph.id:
                title = md_escape(titles.get(guest, guest))
                out.append(f"（此处转发的全文见[《{title}》]({links.document(guest)})。）\n{{: .embedded-link }}\n")
    out.extend(provenance(doc, links))
    out.extend(f"[^{name}]: {text}" for name, text in notes)
    return "\n".join(out) + "\n"


def provenance(doc: Document, links: PageLinks) -> list[str]:
    """Where each paragraph stands in each copy's source, folded: one line per paragraph."""
    out = ['<details class="provenance" id="provenance" markdown>',
           "<summary>出处：各段在源文件中的位置</summary>\n"]
    for paragraph in doc.paragraphs:
        places = "；".join(f"[{siglum} {span_label(span)}]({links.line(span.source, span.first_line, span.last_line)})"
                          for siglum, span in paragraph.spans)
        out.append(f"- [¶{paragraph.number}](#{paragraph.id})：{places}")
    out.append("\n</details>\n")
    return out


def render_chapter(doc: Document, titles: dict[str, str] | None = None, after: str = "") -> str:
    """One document's chapter page; `after` (neighbour links) is added at its end."""
    meta: dict[str, Any] = {"title": html.escape(doc.title), "document_id": doc.id,
                            "title_inferred": doc.title_inferred, "title_by": doc.title_by}
    if doc.date:
        meta["date"] = doc.date
    if doc.author:
        meta["author"] = doc.author
    page = front_matter(meta) + "\n" + chapter_body(doc, titles or {})
    return page.rstrip("\n") + after if after else page
