"""Finding your way: the documents by date (a timeline), by speaker or issuing body, and by source file.

Each index is one page (`indexes/by-date.md` …) made of sections (a year, an author, a source file).
An index of more entries than `RenderConfig.index_page_max` is cut, between sections where it can,
into numbered parts (`indexes/by-date-001.md` …) that its first page lists with the sections each
holds: a browser handles a page of a few hundred lines well, not one of thousands.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from build_tools.records import Document, Edition, Removal, Source, Span, Witness
from build_tools.settings import DEFAULT_RENDER, RenderConfig
from build_tools.stages.render.common import (
    RenderedFile,
    chapter_page,
    front_matter,
    md_escape,
    reader_date,
    source_page,
    span_label,
)

BY_DATE = "indexes/by-date.md"
BY_AUTHOR = "indexes/by-author.md"
BY_SOURCE = "indexes/by-source.md"
TITLES = {BY_DATE: "时间线", BY_AUTHOR: "按讲话人与发文机关", BY_SOURCE: "按源文件"}


@dataclass(frozen=True)
class Section:
    """A heading and its lines; `entries` of them count towards the page's size."""

    heading: str  # Markdown (escaped)
    lines: tuple[str, ...]
    entries: int


def _title(doc: Document) -> str:
    return md_escape(doc.title) + ("（编者拟题）" if doc.title_inferred else "")


def _chapter_link(doc: Document) -> str:
    return f"[{_title(doc)}](../{chapter_page(doc.id)})"


def _lines_link(span: Span, text: str | None = None) -> str:
    anchor = f"L{span.first_line}" + (f"-L{span.last_line}" if span.last_line != span.first_line else "")
    return f"[{text or '第 ' + span_label(span) + ' 行'}](../{source_page(span.source)}#{anchor})"


def _copies(doc: Document) -> str:
    return f"{len(doc.witnesses)} 本" if len(doc.witnesses) > 1 else "1 本"


def date_sections(edition: Edition) -> list[Section]:
    """A section per year (months as sub-headings, in date order), then the undated documents."""
    dated = sorted((d for d in edition.documents if d.date), key=lambda d: (str(d.date), d.order))
    by_year: dict[str, list[Document]] = defaultdict(list)
    for doc in dated:
        by_year[str(doc.date)[:4]].append(doc)
    sections = []
    for year, docs in by_year.items():
        lines, month = [], None
        for doc in docs:
            this_month = str(doc.date)[:7]
            if this_month != month:
                month = this_month
                lines.append(f"\n### {reader_date(this_month)}\n")
            author = f" · {md_escape(doc.author)}" if doc.author else ""
            lines.append(f"- {reader_date(str(doc.date))} {_chapter_link(doc)}{author}（{_copies(doc)}）")
        sections.append(Section(reader_date(year), tuple(lines), len(docs)))
    undated = [d for d in edition.documents if not d.date]
    if undated:
        lines = [f"- {_chapter_link(d)}" + (f" · {md_escape(d.author)}" if d.author else "") + f"（{_copies(d)}）"
                 for d in undated]
        sections.append(Section("未注日期", ("\n原文没有写明完整日期的文献，按书中的次序排列。\n", *lines),
                                len(undated)))
    return sections


def author_sections(edition: Edition) -> list[Section]:
    """A section per speaker or issuing body, the most documents first; then the documents that name none."""
    by_author: dict[str, list[Document]] = defaultdict(list)
    for doc in edition.documents:
        by_author[doc.author or ""].append(doc)
    named = sorted((a for a in by_author if a), key=lambda a: (-len(by_author[a]), a))
    sections = []
    for author in [*named, *([""] if "" in by_author else [])]:
        docs = by_author[author]
        lines = [f"- {_chapter_link(d)}" + (f" · {reader_date(d.date)}" if d.date else "") + f"（{_copies(d)}）"
                 for d in docs]
        heading = f"{md_escape(author)}（{len(docs)} 篇）" if author else f"未署讲话人或发文机关（{len(docs)} 篇）"
        sections.append(Section(heading, tuple(lines), len(docs)))
    return sections


def _noise_summary(removals: Iterable[Removal]) -> str:
    rules = Counter(r.rule for r in removals)
    return "、".join(f"`{rule}` {n}" for rule, n in sorted(rules.items(), key=lambda item: (-item[1], item[0])))


def _gap_line(source: Source, first: int, last: int, removals: dict[int, list[Removal]]) -> str:
    """Lines no document holds: how many were noise (by rule), blank, or text left outside the documents."""
    noise = [n for n in range(first, last + 1) if removals.get(n)]
    blank = [n for n in range(first, last + 1) if not removals.get(n) and not source.lines[n - 1].strip()]
    text = last - first + 1 - len(noise) - len(blank)
    parts = []
    if noise:
        parts.append(f"噪声 {len(noise)} 行（{_noise_summary(r for n in noise for r in removals[n])}）")
    if blank:
        parts.append(f"空行 {len(blank)} 行")
    if text:
        parts.append(f"未归入文献的文字 {text} 行")
    return f"- {_lines_link(Span(source.file, first, last))}：不属任何文献：{'，'.join(parts)}"


def source_sections(edition: Edition) -> list[Section]:
    """A section per source file: what it holds in order, with line spans, and the noise taken out of it."""
    held: dict[str, list[tuple[Witness, Document]]] = defaultdict(list)
    for doc in edition.documents:
        for w in doc.witnesses:
            held[w.segment.span.source].append((w, doc))
    removed: dict[str, dict[int, list[Removal]]] = defaultdict(lambda: defaultdict(list))
    for r in edition.removed:
        removed[r.source][r.line].append(r)
    sections = []
    for source in edition.sources:
        copies = sorted(held[source.file], key=lambda item: (item[0].segment.span.first_line,
                                                             -item[0].segment.span.last_line))
        lines = [f"\n编码 {source.encoding} · {len(source.lines)} 行 · [源文件页](../{source_page(source.file)})"]
        ledger = [r for rs in removed[source.file].values() for r in rs]
        if ledger:
            lines[0] += f" · 删去噪声 {len(ledger)} 处：{_noise_summary(ledger)}（详见[编校说明](../notes.md)）"
        lines.append("")
        covered = 0  # the last line held by a document so far
        for w, doc in copies:
            span = w.segment.span
            if span.first_line > covered + 1:
                lines.append(_gap_line(source, covered + 1, span.first_line - 1, removed[source.file]))
            inside = "（在上一篇之内）" if span.last_line <= covered else ""
            own = f"{w.siglum} 本" if len(doc.witnesses) > 1 else "唯一的本子"
            lines.append(f"- {_lines_link(span)}：{_chapter_link(doc)}，{own}{inside}")
            covered = max(covered, span.last_line)
        if covered < len(source.lines):
            lines.append(_gap_line(source, covered + 1, len(source.lines), removed[source.file]))
        if not copies:
            lines.append("（此文件中没有找到文献。）")
        sections.append(Section(md_escape(source.file), tuple(lines), max(1, len(copies))))
    return sections


def _pages(sections: list[Section], limit: int) -> list[list[Section]]:
    """Sections packed into pages of at most `limit` entries; a larger section is cut into parts (续)."""
    pieces: list[Section] = []
    for s in sections:
        if s.entries <= limit:
            pieces.append(s)
            continue
        items = [n for n, line in enumerate(s.lines) if line.startswith("- ")]
        cuts = items[::limit][1:]
        for n, (a, b) in enumerate(zip([0, *cuts], [*cuts, len(s.lines)], strict=True)):
            part = s.lines[a:b]
            pieces.append(Section(s.heading + ("（续）" if n else ""), part,
                                  sum(line.startswith("- ") for line in part)))
    pages: list[list[Section]] = [[]]
    for piece in pieces:
        if pages[-1] and sum(s.entries for s in pages[-1]) + piece.entries > limit:
            pages.append([])
        pages[-1].append(piece)
    return pages


def _section_markdown(section: Section) -> str:
    return f"## {section.heading}\n" + "\n".join(section.lines) + "\n"


def index_pages(path: str, intro: str, sections: list[Section],
                config: RenderConfig = DEFAULT_RENDER) -> list[RenderedFile]:
    """One index: a page, or a first page listing its numbered parts."""
    title = TITLES[path]
    head = f"# {title}\n\n{intro}\n\n"
    pages = _pages(sections, config.index_page_max)
    if len(pages) <= 1:
        body = "\n".join(_section_markdown(s) for s in sections) if sections else "（没有可列的文献。）\n"
        return [RenderedFile(path, front_matter({"title": title}) + head + body)]
    stem = path.removesuffix(".md")
    files = []
    listing = []
    for n, page in enumerate(pages, start=1):
        part = f"{stem}-{n:03d}.md"
        name = page[0].heading if len(page) == 1 else f"{page[0].heading} — {page[-1].heading}"
        listing.append(f"- [第 {n} 部分：{name}]({part.removeprefix('indexes/')})（{sum(s.entries for s in page)} 条）")
        part_title = f"{title} 第 {n} 部分"
        body = "\n".join(_section_markdown(s) for s in page)
        files.append(RenderedFile(part, front_matter({"title": html.escape(part_title)})
                                  + f"# {part_title}\n\n[← {title}]({path.removeprefix('indexes/')})\n\n{body}"))
    first = front_matter({"title": title}) + head + f"条目较多，分 {len(pages)} 部分：\n\n" + "\n".join(listing) + "\n"
    return [RenderedFile(path, first), *files]


def render_indexes(edition: Edition, config: RenderConfig = DEFAULT_RENDER) -> list[RenderedFile]:
    """The three index pages (and their parts in a large edition)."""
    dated = sum(1 for d in edition.documents if d.date)
    undated = len(edition.documents) - dated
    return [
        *index_pages(BY_DATE, f"按文献的日期排列：{dated} 篇写明了日期，{undated} 篇没有，列在最后。",
                     date_sections(edition), config),
        *index_pages(BY_AUTHOR, "按讲话人或发文机关排列，篇数多的在前；每篇注明日期和本子数。",
                     author_sections(edition), config),
        *index_pages(BY_SOURCE, "每个源文件里依次有哪些文献（哪一本、第几行），以及不属任何文献的行（噪声、空行）。",
                     source_sections(edition), config),
    ]
