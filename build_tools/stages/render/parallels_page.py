"""What the reader sees of the parallel passages (stage parallels): a chapter's 相关文献 list, the marks
around shared passages in its text, and the page that lists every passage by pair of documents.

The marks are raw HTML around the escaped text: a `span.parallel` underlines a passage (overlapping
passages make one span) and a `span.parallel-ref` after it holds, in data attributes, the other
passage as it reads there, the other document's title and paragraph, around a Markdown link to that
paragraph (so MkDocs resolves it, and it works without JavaScript). `parallels.js` opens the link's
passage in a popover. Attribute values have every ASCII mark written as a character reference, so no
Markdown inline pattern (escapes, links, code) can reach into them; the convert stage converts them
with the text (they are not addresses).

The page's graph is an SVG drawn at build time: documents on a circle in reading order, an arrow from
the document that quotes to the one it quotes (a plain line when nobody can tell), thicker for more
shared text; no JavaScript library.

What a page lists is bounded (`ParallelsConfig.page_pairs`, `chapter_related`): in an edition whose
documents share sentences the pairs grow with the square of its size. What is not listed is counted
where the list ends, and edition.json holds every passage.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from build_tools.records import Document, Edition, Paragraph, Parallel, Relation, paragraph_number
from build_tools.settings import DEFAULT_PARALLELS, ParallelsConfig
from build_tools.stages.render.common import chapter_page, front_matter, md_escape, visible_controls

PARALLELS_PAGE = "parallels.md"
PARALLELS_TITLE = "平行段落"
DIRECTION_LABELS = {"quotes": "引用", "quoted-by": "被引用", "unknown": "互见"}
SHOWN_RELATED = 6  # related documents listed at a chapter's head before the rest are folded
GRAPH_NODES = 40  # documents drawn in the graph at most (those sharing the most text)
MARKER = "⇄"
_ATTRIBUTE_MARKS = re.compile(r"[!-/:-@\[-`{-~]")  # ASCII punctuation


def attribute(text: str) -> str:
    """A value for a double-quoted attribute of raw HTML inside Markdown: ASCII marks as references."""
    return _ATTRIBUTE_MARKS.sub(lambda m: f"&#{ord(m.group())};", visible_controls(text))


def related_list(doc: Document, titles: dict[str, str], document_link: Callable[[str], str],
                 config: ParallelsConfig = DEFAULT_PARALLELS) -> list[str]:
    """The 相关文献 block of a chapter's head (nothing when the document shares no passage): the documents
    sharing the most text, at most `config.chapter_related`, the others counted."""
    if not doc.related:
        return []
    count: dict[str, int] = {}
    for p in doc.parallels:
        count[p.document] = count.get(p.document, 0) + 1

    def item(r: Relation) -> str:
        title = md_escape(titles.get(r.document, r.document))
        return (f"- [《{title}》]({document_link(r.document)})：共有 {r.shared_chars} 字，{count.get(r.document, 0)} 处"
                f"（{DIRECTION_LABELS[r.direction]}）")

    toggle = ('<button type="button" class="reader-toggle parallels-toggle" aria-pressed="true" hidden>'
              "标出平行段落</button>")
    out = ['<div class="related-docs" markdown>\n', f"**相关文献**（与本篇有共同段落的文献）{toggle}\n"]
    listed = doc.related[:max(SHOWN_RELATED, config.chapter_related)]
    out.extend(item(r) for r in listed[:SHOWN_RELATED])
    rest = listed[SHOWN_RELATED:]
    unlisted = doc.related[len(listed):]
    if rest or unlisted:
        more = len(rest) + len(unlisted)
        out.append(f'\n<details class="related-more" markdown>\n<summary>其余 {more} 篇</summary>\n')
        out.extend(item(r) for r in rest)
        if unlisted:
            out.append(f"\n另有 {len(unlisted)} 篇未列出（共有 {sum(r.shared_chars for r in unlisted)} 字，"
                       f"{sum(count.get(r.document, 0) for r in unlisted)} 处）：正文中都标出，edition.json 全部列出。")
        out.append("\n</details>")
    out.append("\n</div>\n")
    return out


@dataclass(frozen=True)
class Insert:
    """Markup inserted into a paragraph's text at `offset` (at one offset: notes, then ends, then starts)."""

    offset: int
    order: int  # 0 a footnote mark, 1 the end of a passage, 2 its start
    markup: str


def _clusters(parallels: list[Parallel]) -> list[tuple[int, int, list[Parallel]]]:
    """Passages of a paragraph that overlap (or touch) merged: (start, end, passages)."""
    out: list[tuple[int, int, list[Parallel]]] = []
    for p in sorted(parallels, key=lambda p: (p.offset, -p.length)):
        if out and p.offset <= out[-1][1]:
            start, end, members = out[-1]
            out[-1] = (start, max(end, p.offset + p.length), [*members, p])
        else:
            out.append((p.offset, p.offset + p.length, [p]))
    return out


def parallels_by_paragraph(doc: Document) -> dict[str, list[Parallel]]:
    """A document's passages by paragraph id: made once per chapter and passed to `parallel_marks` (a chapter
    asks paragraph by paragraph: scanning every passage each time grows with paragraphs × passages)."""
    grouped: dict[str, list[Parallel]] = {}
    for p in doc.parallels:
        grouped.setdefault(p.paragraph, []).append(p)
    return grouped


def parallel_marks(paragraph: Paragraph, passages: list[Parallel], titles: dict[str, str],
                   paragraph_link: Callable[[str, str], str]) -> list[Insert]:
    """The spans and markers of `passages`, those of `paragraph` shared with other documents
    (`parallels_by_paragraph`).

    Headings (their text becomes the table of contents) and code are not marked.
    """
    if paragraph.role in ("heading", "code"):
        return []
    out = []
    for start, end, members in _clusters(passages):
        docs = " ".join(dict.fromkeys(p.document for p in members))
        out.append(Insert(start, 2, f'<span class="parallel" data-doc="{docs}" '
                                    f'data-p="{" ".join(p.their_paragraph for p in members)}">'))
        refs = []
        for p in members:
            title = titles.get(p.document, p.document)
            refs.append(f'<span class="parallel-ref" data-doc="{p.document}" data-p="{p.their_paragraph}" '
                        f'data-title="{attribute(title)}" data-text="{attribute(p.their_text)}">'
                        f"[{MARKER}]({paragraph_link(p.document, p.their_paragraph)})"
                        "</span>")
        out.append(Insert(end, 1, "</span>" + "".join(refs)))
    return out


Pair = tuple[Document, Document, Relation, list[Parallel]]  # two documents, how they relate, their passages


def _pairs(edition: Edition) -> list[Pair]:
    """Each pair of documents sharing passages once (the earlier in reading order first), largest first."""
    by_id = {d.id: d for d in edition.documents}
    order = {d.id: n for n, d in enumerate(edition.documents)}
    pairs = []
    for doc in edition.documents:
        with_other: dict[str, list[Parallel]] = {}
        for p in doc.parallels:
            with_other.setdefault(p.document, []).append(p)
        for r in doc.related:
            if order[r.document] > order[doc.id]:
                pairs.append((doc, by_id[r.document], r, with_other.get(r.document, [])))
    return sorted(pairs, key=lambda t: (-t[2].shared_chars, order[t[0].id], order[t[1].id]))


def _short(title: str, size: int = 10) -> str:
    return title if len(title) <= size else title[:size - 1] + "…"


def graph_svg(edition: Edition, pairs: list[Pair]) -> tuple[str, list[Document]]:
    """The graph of who quotes whom (SVG) and the documents it numbers, in reading order."""
    weight: dict[str, int] = {}
    for a, b, r, _ in pairs:
        weight[a.id] = weight.get(a.id, 0) + r.shared_chars
        weight[b.id] = weight.get(b.id, 0) + r.shared_chars
    order = {d.id: n for n, d in enumerate(edition.documents)}
    chosen = set(sorted(weight, key=lambda d: (-weight[d], order[d]))[:GRAPH_NODES])
    nodes = [d for d in edition.documents if d.id in chosen]
    width, height, radius = 900, 600, 240  # room for the labels on either side of the circle
    centre = width / 2
    where = {}
    for n, d in enumerate(nodes):
        angle = 2 * math.pi * n / max(1, len(nodes)) - math.pi / 2
        where[d.id] = (centre + radius * math.cos(angle), height / 2 + radius * math.sin(angle))
    most = max((r.shared_chars for _, _, r, _ in pairs), default=1)
    parts = [f'<svg class="parallels-graph" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="各篇之间的引用关系图：箭头从引用者指向被引用者">',
             '<defs><marker id="parallels-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
             'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>']
    for a, b, r, _ in pairs:
        if a.id not in where or b.id not in where:
            continue
        # An arrow from the document that quotes to the one it quotes.
        (x1, y1), (x2, y2) = (where[a.id], where[b.id]) if r.direction != "quoted-by" else (where[b.id], where[a.id])
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy) or 1
        x1, y1, x2, y2 = (x1 + dx * 14 / length, y1 + dy * 14 / length,  # from edge to edge of the nodes
                          x2 - dx * 14 / length, y2 - dy * 14 / length)
        arrow = ' marker-end="url(#parallels-arrow)"' if r.direction != "unknown" else ""
        stroke = 1 + 4 * r.shared_chars / most
        parts.append(f'<line class="parallels-edge parallels-{r.direction}" x1="{x1:.1f}" y1="{y1:.1f}" '
                     f'x2="{x2:.1f}" y2="{y2:.1f}" stroke-width="{stroke:.1f}"{arrow}>'
                     f"<title>{html.escape(a.title)} — {html.escape(b.title)}：{r.shared_chars} 字</title></line>")
    for n, d in enumerate(nodes, start=1):
        x, y = where[d.id]
        # Labels beside the nodes on either side of the circle, above or below those at its top and bottom.
        anchor = "start" if x > centre + 1 else "end" if x < centre - 1 else "middle"
        dx = 16 if anchor == "start" else -16 if anchor == "end" else 0
        dy = 4 if anchor != "middle" else -18 if y < height / 2 else 26
        parts.append(f'<g class="parallels-node"><title>{html.escape(d.title)}</title>'
                     f'<circle cx="{x:.1f}" cy="{y:.1f}" r="12"/>'
                     f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle">{n}</text>'
                     f'<text class="parallels-label" x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}">'
                     f"{html.escape(_short(d.title))}</text></g>")
    parts.append("</svg>")
    return "".join(parts), nodes


def _passage_line(a: Document, b: Document, p: Parallel) -> str:
    here = f"[¶{paragraph_number(p.paragraph)}]({chapter_page(a.id)}#{p.paragraph})"
    there = f"[¶{paragraph_number(p.their_paragraph)}]({chapter_page(b.id)}#{p.their_paragraph})"
    return f"- {here} ⇄ {there}：「{md_escape(p.text)}」（{p.chars} 字）"


def render_parallels_page(edition: Edition, config: ParallelsConfig = DEFAULT_PARALLELS) -> str:
    """parallels.md: the shared passages, grouped by pair of documents (largest first; a button sorts
    them in reading order), after the graph of who quotes whom. At most `config.page_pairs` pairs are
    listed, those sharing the most text; the others are counted."""
    pairs = _pairs(edition)
    out = [front_matter({"title": PARALLELS_TITLE, "search": {"exclude": True}}), f"# {PARALLELS_TITLE}\n"]
    if not pairs:
        out.append("本书各篇之间没有发现共同的段落（同一文献的副本不计，套话、口号和称呼不计）。\n")
        return "\n".join(out)
    passages = sum(len(ps) for *_, ps in pairs)
    out.append(f"本书中不是同一文献副本的各篇之间，共有 {len(pairs)} 对文献有共同的段落，共 {passages} 处"
               "（套话、口号和称呼不计）。箭头从引用的一篇指向被引用的一篇（按日期判断，或转发关系）；"
               "没有箭头的线表示先后不明。\n")
    svg, nodes = graph_svg(edition, pairs)
    out.append(f'<div class="parallels-graph-box">{svg}</div>\n')
    if len(nodes) < len({d.id for a, b, *_ in pairs for d in (a, b)}):
        out.append(f"图中只画出共有文字最多的 {len(nodes)} 篇。\n")
    out.extend(f"{n}. [《{md_escape(d.title)}》]({chapter_page(d.id)})" for n, d in enumerate(nodes, start=1))
    listed, unlisted = pairs[:config.page_pairs], pairs[config.page_pairs:]
    if unlisted:
        rest_passages = sum(len(ps) for *_, ps in unlisted)
        rest_chars = sum(r.shared_chars for _, _, r, _ in unlisted)
        out.append(f"\n下面只列出共有文字最多的 {len(listed)} 对；另有 {len(unlisted)} 对文献（共 {rest_passages} 处，"
                   f"{rest_chars} 字）未在此列出：各篇正文中都标出，edition.json 的 parallels 全部列出。\n")
    out.append('\n<div class="parallel-pairs" markdown>\n')
    out.append('<button type="button" class="reader-toggle parallels-sort" hidden>按篇目次序排列</button>\n')
    order = {d.id: n for n, d in enumerate(edition.documents)}
    for a, b, r, ps in listed:
        label = {"quotes": "前者引用后者", "quoted-by": "后者引用前者", "unknown": "先后不明"}[r.direction]
        rank = order[a.id] * len(order) + order[b.id]
        out.append(f'<div class="parallel-pair" data-size="{r.shared_chars}" data-order="{rank}" markdown>\n')
        out.append(f"**[《{md_escape(a.title)}》]({chapter_page(a.id)}) ⇄ [《{md_escape(b.title)}》]"
                   f"({chapter_page(b.id)})**：共有 {r.shared_chars} 字，{len(ps)} 处，{label}\n")
        out.extend(_passage_line(a, b, p) for p in ps)
        out.append("\n</div>\n")
    out.append("</div>\n")
    return "\n".join(out)
