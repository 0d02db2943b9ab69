"""Stage 6, render: Markdown chapters, numbered source pages, the notes page and edition.json.

Everything from the sources is escaped so that it shows literally: no HTML runs, no Markdown
syntax in a source (asterisks, brackets, footnote marks, attribute lists) is interpreted.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

import yaml

from build_tools.records import Document, Edition, Paragraph, Removal, Source, Span, Witness
from build_tools.rules.noise import RULE_REASONS

COVERAGE_LABELS = {"complete": "完整", "truncated": "残缺（缺结尾）", "lacks-opening": "残缺（缺开头）",
                   "fragment": "片段"}
_ESCAPE = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ASCII_PUNCT = re.compile(r"[!\"#$%'()*+,\-./:;=?@\[\\\]^_`{|}~]")


@dataclass(frozen=True)
class RenderedFile:
    path: str  # relative to the output folder, with forward slashes
    content: str


def md_escape(text: str) -> str:
    """Make source text literal in Markdown (with pymdownx.escapeall): every ASCII mark escaped."""
    text = _ASCII_PUNCT.sub(lambda m: "\\" + m.group(0), text)
    return "".join(_ESCAPE.get(ch, ch) for ch in text)


def source_page(file: str) -> str:
    """Path of a source's page: its file name made safe for a URL, under sources/."""
    stem = re.sub(r"[^\w.\-]", "_", file)
    return f"sources/{stem}.md"


def line_link(span_source: str, line: int, from_chapter: bool = True) -> str:
    prefix = "../" if from_chapter else ""
    return f"{prefix}{source_page(span_source)}#L{line}"


def _span_label(span: Span) -> str:
    if span.first_line == span.last_line:
        return f"{span.first_line}"
    return f"{span.first_line}–{span.last_line}"


def _front_matter(data: dict[str, Any]) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n\n"


def _witness_row(doc: Document, witness: Witness) -> str:
    span = witness.segment.span
    coverage = COVERAGE_LABELS[witness.coverage]
    if witness.embedded_in:
        coverage += "；收在另一文献中"
    link = line_link(span.source, span.first_line)
    return (f"| {witness.siglum} | [{md_escape(span.source)}]({link}) "
            f"| [{_span_label(span)}]({link}) | {coverage} |")


def _paragraph_markdown(paragraph: Paragraph) -> str:
    text = md_escape(paragraph.text)
    if paragraph.role == "heading":
        return f"## {text} {{: #{paragraph.id} }}"
    css = {"salutation": ".salutation", "addressee": ".addressee", "signature": ".signature",
           "date": ".closing-date"}.get(paragraph.role)
    attrs = f"#{paragraph.id}" + (f" {css}" if css else "")
    return f"{text}\n{{: {attrs} }}"


HEADER_ROLES = ("title", "subtitle", "issuer", "docnumber", "date", "author")


def _is_header(paragraph: Paragraph, index: int, paragraphs: tuple[Paragraph, ...]) -> bool:
    return paragraph.role in HEADER_ROLES and all(p.role in HEADER_ROLES for p in paragraphs[:index])


def render_chapter(doc: Document, titles: dict[str, str] | None = None) -> str:
    """One document as a Markdown chapter with front matter, witness list and provenance."""
    meta: dict[str, Any] = {"title": doc.title, "document_id": doc.id, "title_inferred": doc.title_inferred}
    if doc.date:
        meta["date"] = doc.date
    if doc.author:
        meta["author"] = doc.author
    out = [_front_matter(meta), f"# {md_escape(doc.title)}\n"]
    if doc.subtitle:
        out.append(f"<p class=\"subtitle\">——{html.escape(doc.subtitle)}</p>\n")
    if doc.title_inferred:
        out.append('!!! note "编者拟题"\n    原文没有标题，上面的标题是编者根据正文拟的。\n')
    facts = [f for f in (doc.date, doc.author) if f]
    if facts:
        out.append(f"<p class=\"doc-meta\">{html.escape(' · '.join(facts))}</p>\n")
    out.append("| 本 | 源文件 | 行 | 状况 |\n|---|---|---|---|")
    out.extend(_witness_row(doc, w) for w in doc.witnesses)
    out.append("{: .witness-list }\n")
    header = [p for i, p in enumerate(doc.paragraphs) if _is_header(p, i, doc.paragraphs)]
    if header:
        lines = "<br>".join(f'<span id="{p.id}">{html.escape(p.text)}</span>' for p in header)
        out.append(f'<p class="source-header">{lines}</p>\n')
    for paragraph in doc.paragraphs:
        if paragraph in header:
            continue
        out.append(_paragraph_markdown(paragraph) + "\n")
        for after, guest in doc.embeds:
            if after == paragraph.id:
                title = md_escape((titles or {}).get(guest, guest))
                out.append(f"（此处转发的全文见[《{title}》]({guest}.md)。）\n{{: .embedded-link }}\n")
    out.append("## 出处 {: #provenance }\n")
    for paragraph in doc.paragraphs:
        places = "；".join(
            f"{siglum} [{md_escape(span.source)} {_span_label(span)}]({line_link(span.source, span.first_line)})"
            for siglum, span in paragraph.spans)
        out.append(f"- [¶{paragraph.id[1:]}](#{paragraph.id})：{places}")
    return "\n".join(out) + "\n"


def render_source(source: Source, removals: list[Removal]) -> str:
    """A source file as a page of numbered, linkable lines; lines with noise are marked."""
    by_line: dict[int, list[str]] = defaultdict(list)
    for r in removals:
        by_line[r.line].append(r.rule)
    rows = []
    for number, line in enumerate(source.lines, start=1):
        rules = by_line.get(number)
        attrs = f' class="src-line noise" title="{html.escape(", ".join(sorted(set(rules))))}"' if rules \
            else ' class="src-line"'
        rows.append(f'<div{attrs} id="L{number}"><a class="lineno" href="#L{number}">{number}</a>'
                    f'<span class="text">{html.escape(line)}</span></div>')
    head = _front_matter({"title": f"源文件 {source.file}"})
    info = (f"# 源文件 {md_escape(source.file)}\n\n编码 {source.encoding} · {len(source.lines)} 行 · "
            f"SHA-256 `{source.sha256[:16]}…`\n\n")
    return head + info + '<div class="source-lines">\n' + "\n".join(rows) + "\n</div>\n"


def render_notes(edition: Edition) -> str:
    """The edition notes: what was removed as noise, by rule, with counts and links."""
    out = [_front_matter({"title": "编校说明"}), "# 编校说明\n",
           "下表列出整理时从源文件中删除的噪声，按规则分组；每一条都链接到源文件的原行。\n"]
    counts = Counter(r.rule for r in edition.removed)
    chars: Counter[str] = Counter()
    for r in edition.removed:
        chars[r.rule] += len(r.text)
    out.append("| 规则 | 说明 | 处数 | 字符数 |\n|---|---|---|---|")
    for rule in sorted(counts):
        out.append(f"| [{rule}](#{rule}) | {md_escape(RULE_REASONS.get(rule, ''))} | {counts[rule]} | {chars[rule]} |")
    out.append("")
    for rule in sorted(counts):
        out.append(f"## {rule} {{: #{rule} }}\n")
        for r in edition.removed:
            if r.rule == rule:
                link = line_link(r.source, r.line, from_chapter=False)
                out.append(f"- [{md_escape(r.source)} {r.line}]({link})：`{r.text.replace('`', 'ˋ')[:120]}`")
        out.append("")
    if edition.problems:
        out.append("## 问题 {: #problems }\n")
        out.extend(f"- {md_escape(str(p))}" for p in edition.problems)
    return "\n".join(out) + "\n"


def document_list(edition: Edition, from_root: bool = True) -> str:
    """The home page's table of documents: date, title, sources."""
    rows = ["| 日期 | 标题 | 来源 |", "|---|---|---|"]
    for doc in edition.documents:
        title = md_escape(doc.title) + ("（编者拟题）" if doc.title_inferred else "")
        sources = "、".join(sorted({md_escape(w.segment.span.source) for w in doc.witnesses}))
        rows.append(f"| {doc.date or '—'} | [{title}]({doc.chapter}) | {sources} |")
    return "\n".join(rows) + "\n"


def edition_json(edition: Edition) -> dict[str, Any]:
    """The public contract: a direct serialisation of the edition (see README)."""
    def witness(w: Witness) -> dict[str, Any]:
        return {"siglum": w.siglum, "source": w.segment.span.source, "first_line": w.segment.span.first_line,
                "last_line": w.segment.span.last_line, "coverage": w.coverage, "embedded_in": w.embedded_in}

    return {
        "version": 1,
        "title": edition.title,
        "sources": [{"file": s.file, "encoding": s.encoding, "lines": len(s.lines), "sha256": s.sha256,
                     "page": source_page(s.file)} for s in edition.sources],
        "documents": [{
            "id": d.id, "title": d.title, "title_inferred": d.title_inferred, "subtitle": d.subtitle,
            "date": d.date, "author": d.author, "chapter": d.chapter, "order": d.order,
            "witnesses": [witness(w) for w in d.witnesses],
            "paragraphs": [{"id": p.id, "text": p.text, "role": p.role,
                            "spans": [{"siglum": s, "source": sp.source, "first_line": sp.first_line,
                                       "last_line": sp.last_line} for s, sp in p.spans]}
                           for p in d.paragraphs],
            "variants": [{"paragraph": v.paragraph, "offset": v.offset, "lemma": v.lemma,
                          "lemma_witnesses": list(v.lemma_witnesses),
                          "readings": [{"text": r.text, "witnesses": list(r.witnesses)} for r in v.readings],
                          "kind": v.kind} for v in d.variants],
            "embeds": [{"after_paragraph": a, "document": g} for a, g in d.embeds],
        } for d in edition.documents],
        "removed": [{"source": r.source, "line": r.line, "column": r.column, "text": r.text, "rule": r.rule}
                    for r in edition.removed],
        "problems": [{"severity": p.severity, "source": p.source, "line": p.line, "message": p.message}
                     for p in edition.problems],
    }


def render_edition(edition: Edition) -> tuple[RenderedFile, ...]:
    """All generated files of an edition (chapters, source pages, notes, edition.json)."""
    titles = {d.id: d.title for d in edition.documents}
    files = [RenderedFile(d.chapter, render_chapter(d, titles)) for d in edition.documents]
    by_source: dict[str, list[Removal]] = defaultdict(list)
    for r in edition.removed:
        by_source[r.source].append(r)
    files.extend(RenderedFile(source_page(s.file), render_source(s, by_source[s.file])) for s in edition.sources)
    files.append(RenderedFile("notes.md", render_notes(edition)))
    files.append(RenderedFile("edition.json",
                              json.dumps(edition_json(edition), ensure_ascii=False, indent=1) + "\n"))
    return tuple(files)
