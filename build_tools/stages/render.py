"""Stage 6, render: Markdown chapters, numbered source pages, the notes page and edition.json.

Everything from the sources is escaped so that it shows literally: no HTML runs, no Markdown
syntax in a source (asterisks, brackets, footnote marks, attribute lists) is interpreted. Page
titles in the front matter are HTML-escaped too: MkDocs and Material print a page's title into the
HTML as it is. Control characters, which a browser would drop, show as their Unicode pictures (␀).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from build_tools.records import Document, Edition, Paragraph, Removal, Source, Span, Variant, Witness
from build_tools.rules.noise import RULE_REASONS
from build_tools.stages.segment import header_blocks

COVERAGE_LABELS = {"complete": "完整", "truncated": "残缺（缺结尾）", "lacks-opening": "残缺（缺开头）",
                   "fragment": "片段"}
_ESCAPE = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ASCII_PUNCT = re.compile(r"[!\"#$%'()*+,\-./:;=?@\[\\\]^_`{|}~]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_PAGE_STEM_BYTES = 200  # file names may have 255 bytes; leave room for a suffix and ".md"
NAV_LIST_MAX = 150  # the navigation lists up to this many chapters (or sources) one by one…
CATALOGUE_PAGE_SIZE = 100  # …and beyond, catalogue pages of this many each


@dataclass(frozen=True)
class RenderedFile:
    path: str  # relative to the output folder, with forward slashes
    content: str


def md_escape(text: str) -> str:
    """Make source text literal in Markdown (with pymdownx.escapeall): every ASCII mark escaped."""
    text = _ASCII_PUNCT.sub(lambda m: "\\" + m.group(0), text)
    return "".join(_ESCAPE.get(ch, ch) for ch in text)


def visible_controls(text: str) -> str:
    """Control characters (but tab) as their Unicode control pictures: NUL -> ␀, DEL -> ␡."""
    return _CONTROL.sub(lambda m: chr(0x2421 if m.group() == "\x7f" else 0x2400 + ord(m.group())), text)


def source_page(file: str) -> str:
    """Path of a source's page: its file name made safe for a URL (and a file name), under sources/.

    A name that had to be changed (a space or other mark replaced by "_", or cut because it is too
    long) gets a short hash of the real name, so that "a b.txt" and "a_b.txt" get pages of their own.
    """
    stem = re.sub(r"[^\w.\-]", "_", file)
    while len(stem.encode("utf-8")) > _PAGE_STEM_BYTES:
        stem = stem[:-1]
    if stem != file:
        stem += "-" + hashlib.sha256(file.encode("utf-8")).hexdigest()[:8]
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


def _paragraph_number(doc: Document, offset: int) -> str:
    """The paragraph (¶n) holding canonical offset `offset`."""
    position = 0
    for paragraph in doc.paragraphs:
        if offset <= position + len(paragraph.text):
            return paragraph.id[1:]
        position += len(paragraph.text) + 1
    return doc.paragraphs[-1].id[1:] if doc.paragraphs else "1"


def _coverage_label(doc: Document, witness: Witness, titles: dict[str, str]) -> str:
    start, end = witness.covers
    label = {"complete": "完整",
             "truncated": f"残缺：止于 ¶{_paragraph_number(doc, end)}",
             "lacks-opening": f"缺开头：起于 ¶{_paragraph_number(doc, start)}",
             "fragment": f"片段：¶{_paragraph_number(doc, start)}–¶{_paragraph_number(doc, end)}"}[witness.coverage]
    if witness.embedded_in and witness.embedded_in != doc.id:
        host = md_escape(titles.get(witness.embedded_in, witness.embedded_in))
        label += f"；收在[《{host}》]({witness.embedded_in}.md)中"
    return label


def _witness_row(doc: Document, witness: Witness, titles: dict[str, str]) -> str:
    span = witness.segment.span
    link = line_link(span.source, span.first_line)
    heading = " / ".join(md_escape(b.text) for role, b in header_blocks(witness.segment)
                         if role in ("title", "subtitle", "issuer")) or "（无标题）"
    return (f"| {witness.siglum} | [{md_escape(span.source)}]({link}) "
            f"| [{_span_label(span)}]({link}) | {_coverage_label(doc, witness, titles)} | {heading} |")


MINOR_KINDS = ("punctuation", "orthographic", "mechanical")
KIND_LABELS = {"punctuation": "标点", "orthographic": "字形", "mechanical": "技术性", "omission": "脱文",
               "addition": "衍文", "substitution": "异文"}


def _shown(text: str) -> str:
    return md_escape(text.replace("\n", "¶"))


def _footnote(doc: Document, variant: Variant, paragraph: Paragraph) -> str:
    sources = {w.siglum: w.segment.span.source for w in doc.witnesses}
    lines = dict(variant.lines)

    def sigla(names: tuple[str, ...]) -> str:
        return "、".join(f"[{n}]({line_link(sources[n], lines.get(n, 1))})" for n in names)

    if variant.lemma:
        head = f"「{_shown(variant.lemma)}」"
    else:
        head = f"「{_shown(paragraph.text[max(0, variant.offset - 4):variant.offset])}」后"
    parts = []
    for reading in variant.readings:
        if not reading.text:
            parts.append(f"{sigla(reading.witnesses)} 无")
        elif not variant.lemma:
            parts.append(f"{sigla(reading.witnesses)} 多「{_shown(reading.text)}」")
        else:
            parts.append(f"{sigla(reading.witnesses)} 作「{_shown(reading.text)}」")
    support = f"（正文从 {sigla(variant.lemma_witnesses)}）" if variant.lemma_witnesses else ""
    return f"{head}：{'；'.join(parts)}{support}。〔{KIND_LABELS[variant.kind]}〕"


def _paragraph_with_notes(doc: Document, paragraph: Paragraph, variants: list[Variant],
                          notes: list[tuple[str, str]]) -> str:
    """Paragraph text with footnote marks: one per substantive variant, one grouping the minor ones."""
    marks: list[tuple[int, str]] = []
    minor = []
    for v in variants:
        if v.kind in MINOR_KINDS:
            minor.append(v)
            continue
        name = f"v{len(notes) + 1}"
        notes.append((name, _footnote(doc, v, paragraph)))
        marks.append((min(len(paragraph.text), v.offset + len(v.lemma.split("\n")[0])), name))
    if minor:
        name = f"m{paragraph.id[1:]}"
        notes.append((name, "<br>".join(_footnote(doc, v, paragraph) for v in minor)))
        marks.append((len(paragraph.text), name))
    out, last = [], 0
    for at, name in sorted(marks):
        out.append(md_escape(paragraph.text[last:at]) + f"[^{name}]")
        last = at
    out.append(md_escape(paragraph.text[last:]))
    return "".join(out)


def _paragraph_markdown(text: str, paragraph: Paragraph) -> str:
    if paragraph.role == "heading":
        return f"## {text} {{: #{paragraph.id} }}"
    css = {"salutation": ".salutation", "addressee": ".addressee", "signature": ".signature",
           "date": ".closing-date"}.get(paragraph.role)
    attrs = f"#{paragraph.id}" + (f" {css}" if css else "")
    return f"{text}\n{{: {attrs} }}"


def render_chapter(doc: Document, titles: dict[str, str] | None = None) -> str:
    """One document as a Markdown chapter: witness list, text with footnotes, provenance."""
    titles = titles or {}
    meta: dict[str, Any] = {"title": html.escape(doc.title), "document_id": doc.id,
                            "title_inferred": doc.title_inferred, "title_by": doc.title_by}
    if doc.date:
        meta["date"] = doc.date
    if doc.author:
        meta["author"] = doc.author
    out = [_front_matter(meta), f"# {md_escape(doc.title)}\n"]
    if doc.subtitle:
        out.append(f"<p class=\"subtitle\">——{html.escape(doc.subtitle)}</p>\n")
    if doc.title_inferred:
        who = "编者" if doc.title_by == "curator" else "程序（待编者审定）"
        had_title = any(r == "title" for w in doc.witnesses for r, _ in header_blocks(w.segment))
        why = "原题见下表“原题”一栏" if had_title else "原文没有标题"
        out.append(f'!!! note "编者拟题"\n    {why}；上面的标题是{who}拟的。\n')
    facts = [f for f in (doc.date, doc.author) if f]
    if facts:
        out.append(f"<p class=\"doc-meta\">{html.escape(' · '.join(facts))}</p>\n")
    out.append('<div class="witness-list" markdown>\n\n| 本 | 源文件 | 行 | 状况 | 原题 |\n|---|---|---|---|---|')
    out.extend(_witness_row(doc, w, titles) for w in doc.witnesses)
    out.append("\n</div>\n")
    by_paragraph: dict[str, list[Variant]] = defaultdict(list)
    for v in doc.variants:
        by_paragraph[v.paragraph].append(v)
    notes: list[tuple[str, str]] = []
    for paragraph in doc.paragraphs:
        text = _paragraph_with_notes(doc, paragraph, by_paragraph[paragraph.id], notes)
        out.append(_paragraph_markdown(text, paragraph) + "\n")
        for after, guest in doc.embeds:
            if after == paragraph.id:
                title = md_escape(titles.get(guest, guest))
                out.append(f"（此处转发的全文见[《{title}》]({guest}.md)。）\n{{: .embedded-link }}\n")
    out.append("## 出处 {: #provenance }\n")
    for paragraph in doc.paragraphs:
        places = "；".join(
            f"{siglum} [{md_escape(span.source)} {_span_label(span)}]({line_link(span.source, span.first_line)})"
            for siglum, span in paragraph.spans)
        out.append(f"- [¶{paragraph.id[1:]}](#{paragraph.id})：{places}")
    out.append("")
    out.extend(f"[^{name}]: {text}" for name, text in notes)
    return "\n".join(out) + "\n"


_OWN_ANCHORS = re.compile(r"(\{: #|\]\(#|\[\^)(p\d+|v\d+|m\d+|provenance)\b")


def print_chapter(markdown: str, doc_id: str) -> str:
    """A rendered chapter made fit to stand with all the others on one page.

    Its own anchors and footnote labels get the document id as a prefix (every chapter has a p1),
    and its links are made relative to the site root. Only our own syntax is touched: source text
    is escaped, so it cannot contain `{: #`, `](#` or `[^`.
    """
    body = markdown.split("---\n", 2)[2] if markdown.startswith("---\n") else markdown
    body = _OWN_ANCHORS.sub(lambda m: f"{m.group(1)}{doc_id}-{m.group(2)}", body)
    body = body.replace("](../sources/", "](sources/")
    body = re.sub(r"\]\((d[0-9a-f]{8}(?:-\d+)?)\.md\)", r"](#\1)", body)
    return body.lstrip("\n").rstrip() + "\n"


def _print_page(title: str, heading: str, documents: Sequence[Document], chapters: dict[str, str],
                volume_of: dict[str, str], page: str) -> str:
    out = [_front_matter({"title": title, "search": {"exclude": True}}), f"# {heading}\n"]

    def link(m: re.Match[str]) -> str:  # a document printed in another volume is linked there
        volume = volume_of.get(m.group(1), page)
        return f"]({'' if volume == page else volume}#{m.group(1)})"

    for doc in documents:
        body = re.sub(r"\]\(#(d[0-9a-f]{8}(?:-\d+)?)\)", link, print_chapter(chapters[doc.chapter], doc.id))
        heading_line, _, rest = body.partition("\n")
        out.append('<div class="page-break"></div>\n')
        out.append(f"{heading_line} {{: #{doc.id} }}\n{rest}")
    return "\n".join(out)


def render_print_pages(edition: Edition, chapters: dict[str, str]) -> list[RenderedFile]:
    """The whole edition on one page (print.md) for printing or saving as PDF.

    A large edition is printed in volumes of a catalogue page's size (print-001.md …), listed on
    print.md: one page of thousands of documents would be too heavy for a browser to print.
    """
    docs = edition.documents
    if not _catalogued(len(docs)):
        return [RenderedFile("print.md", _print_page("全书（打印版）", md_escape(edition.title), docs, chapters,
                                                     {}, "print.md"))]
    chunks = _chunks(len(docs))
    names = [f"print-{n + 1:03d}.md" for n in range(len(chunks))]
    volume_of = {d.id: names[i // CATALOGUE_PAGE_SIZE] for i, d in enumerate(docs)}
    files = []
    for n, (a, b) in enumerate(chunks):
        title = f"全书（打印版）第 {a + 1}–{b} 篇"
        files.append(RenderedFile(names[n], _print_page(title, f"{md_escape(edition.title)} {title}", docs[a:b],
                                                        chapters, volume_of, names[n])))
    listing = "\n".join(f"- [第 {a + 1}–{b} 篇]({names[n]})" for n, (a, b) in enumerate(chunks))
    index = (f"{_front_matter({'title': '全书（打印版）', 'search': {'exclude': True}})}# 全书（打印版）\n\n"
             f"全书共 {len(docs)} 篇，分 {len(chunks)} 卷打印：\n\n{listing}\n")
    return [RenderedFile("print.md", index), *files]


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
                    f'<span class="text">{html.escape(visible_controls(line))}</span></div>')
    # Source pages stay out of the search index: chapters hold the clean text; noise would pollute results.
    head = _front_matter({"title": html.escape(f"源文件 {source.file}"), "search": {"exclude": True}})
    info = (f"# 源文件 {md_escape(source.file)}\n\n编码 {source.encoding} · {len(source.lines)} 行 · "
            f"SHA-256 `{source.sha256[:16]}…`\n\n")
    return head + info + '<div class="source-lines">\n' + "\n".join(rows) + "\n</div>\n"


def render_notes(edition: Edition) -> str:
    """The edition notes: what was removed as noise, by rule, with counts and links."""
    out = [_front_matter({"title": "编校说明", "search": {"exclude": True}}), "# 编校说明\n",
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
                shown = visible_controls(r.text).replace("`", "ˋ")[:120]
                out.append(f"- [{md_escape(r.source)} {r.line}]({link})：`{shown}`")
        out.append("")
    if edition.problems:
        out.append("## 问题 {: #problems }\n")
        out.extend(f"- {md_escape(str(p))}" for p in edition.problems)
    return "\n".join(out) + "\n"


def document_list(edition: Edition, documents: Sequence[Document] | None = None, prefix: str = "") -> str:
    """A table of documents (all of them by default): date, title, sources; links start with `prefix`."""
    rows = ["| 日期 | 标题 | 来源 |", "|---|---|---|"]
    for doc in edition.documents if documents is None else documents:
        title = md_escape(doc.title) + ("（编者拟题）" if doc.title_inferred else "")
        sources = "、".join(sorted({md_escape(w.segment.span.source) for w in doc.witnesses}))
        rows.append(f"| {doc.date or '—'} | [{title}]({prefix}{doc.chapter}) | {sources} |")
    return "\n".join(rows) + "\n"


@dataclass(frozen=True)
class NavEntry:
    title: str  # plain text (the caller escapes it for HTML)
    path: str


@dataclass(frozen=True)
class Navigation:
    """What the site's navigation lists under "documents" and "sources"."""

    documents: tuple[NavEntry, ...]
    sources: tuple[NavEntry, ...]


def _chunks(count: int) -> list[tuple[int, int]]:
    return [(start, min(start + CATALOGUE_PAGE_SIZE, count)) for start in range(0, count, CATALOGUE_PAGE_SIZE)]


def _catalogued(count: int) -> bool:
    return count > NAV_LIST_MAX


def catalogue_page(kind: str, index: int) -> str:
    """Path of the catalogue page listing item `index` (0-based) of `kind` ("documents" or "sources")."""
    return f"catalogue/{kind}-{index // CATALOGUE_PAGE_SIZE + 1:03d}.md"


def navigation(edition: Edition) -> Navigation:
    """Every chapter and source page, or, in a large edition, catalogue pages of a hundred each.

    Material writes the whole navigation into every page, so listing thousands of chapters would make
    each page carry all their titles and the build time grow with the square of the edition's size.
    """
    docs, sources = edition.documents, edition.sources
    if _catalogued(len(docs)):
        documents = tuple(NavEntry(f"第 {a + 1}–{b} 篇", catalogue_page("documents", a))
                          for a, b in _chunks(len(docs)))
    else:
        documents = tuple(NavEntry(d.title, d.chapter) for d in docs)
    if _catalogued(len(sources)):
        source_entries = tuple(NavEntry(f"{sources[a].file} … {sources[b - 1].file}", catalogue_page("sources", a))
                               for a, b in _chunks(len(sources)))
    else:
        source_entries = tuple(NavEntry(s.file, source_page(s.file)) for s in sources)
    return Navigation(documents, source_entries)


def render_catalogue(edition: Edition) -> list[RenderedFile]:
    """The catalogue pages that `navigation` lists for a large edition (none for a small one)."""
    files = []
    docs, sources = edition.documents, edition.sources
    if _catalogued(len(docs)):
        for a, b in _chunks(len(docs)):
            title = f"文献目录 第 {a + 1}–{b} 篇"
            body = document_list(edition, docs[a:b], prefix="../")
            files.append(RenderedFile(catalogue_page("documents", a),
                                      f"{_front_matter({'title': title})}# {title}\n\n{body}"))
    if _catalogued(len(sources)):
        for n, (a, b) in enumerate(_chunks(len(sources))):
            title = f"源文件目录 {n + 1}"
            rows = [f"- [{md_escape(s.file)}](../{source_page(s.file)})（{s.encoding}，{len(s.lines)} 行）"
                    for s in sources[a:b]]
            files.append(RenderedFile(catalogue_page("sources", a),
                                      f"{_front_matter({'title': title, 'search': {'exclude': True}})}# {title}\n\n"
                                      + "\n".join(rows) + "\n"))
    return files


def edition_json(edition: Edition) -> dict[str, Any]:
    """The public contract: a direct serialisation of the edition (see README)."""
    def place(doc: Document, offset: int) -> dict[str, Any]:
        position = 0
        for paragraph in doc.paragraphs:
            if offset <= position + len(paragraph.text):
                return {"paragraph": paragraph.id, "offset": offset - position}
            position += len(paragraph.text) + 1
        return {"paragraph": doc.paragraphs[-1].id if doc.paragraphs else "p1", "offset": 0}

    def witness(doc: Document, w: Witness) -> dict[str, Any]:
        total = sum(len(p.text) for p in doc.paragraphs) + max(0, len(doc.paragraphs) - 1)
        start, end = w.covers
        lacunae = []
        if start > 0:
            lacunae.append({"from": place(doc, 0), "to": place(doc, start)})
        if end < total:
            lacunae.append({"from": place(doc, end), "to": place(doc, total)})
        return {"siglum": w.siglum, "source": w.segment.span.source, "first_line": w.segment.span.first_line,
                "last_line": w.segment.span.last_line, "coverage": w.coverage, "embedded_in": w.embedded_in,
                "segment": w.segment.id,
                "header": [{"role": r, "text": b.text, "line": b.span.first_line} for r, b in header_blocks(w.segment)],
                "covers": {"from": place(doc, start), "to": place(doc, end)}, "lacunae": lacunae}

    return {
        "version": 1,
        "title": edition.title,
        "sources": [{"file": s.file, "encoding": s.encoding, "lines": len(s.lines), "sha256": s.sha256,
                     "page": source_page(s.file)} for s in edition.sources],
        "documents": [{
            "id": d.id, "title": d.title, "title_inferred": d.title_inferred, "title_by": d.title_by,
            "subtitle": d.subtitle,
            "date": d.date, "author": d.author, "chapter": d.chapter, "order": d.order,
            "witnesses": [witness(d, w) for w in d.witnesses],
            "paragraphs": [{"id": p.id, "text": p.text, "role": p.role,
                            "spans": [{"siglum": s, "source": sp.source, "first_line": sp.first_line,
                                       "last_line": sp.last_line} for s, sp in p.spans]}
                           for p in d.paragraphs],
            "variants": [{"paragraph": v.paragraph, "offset": v.offset, "lemma": v.lemma,
                          "lemma_witnesses": list(v.lemma_witnesses),
                          "readings": [{"text": r.text, "witnesses": list(r.witnesses)} for r in v.readings],
                          "lines": dict(v.lines),
                          "kind": v.kind} for v in d.variants],
            "embeds": [{"after_paragraph": a, "document": g} for a, g in d.embeds],
        } for d in edition.documents],
        "removed": [{"source": r.source, "line": r.line, "column": r.column, "text": r.text, "rule": r.rule}
                    for r in edition.removed],
        "problems": [{"severity": p.severity, "source": p.source, "line": p.line, "message": p.message}
                     for p in edition.problems],
    }


def neighbour_links(edition: Edition, index: int) -> str:
    """Previous document, its catalogue page, next document: Material shows no such links on a chapter
    that is not in the navigation (a large edition's chapters are only on catalogue pages)."""
    docs = edition.documents
    parts = []
    if index > 0:
        parts.append(f"← [{md_escape(docs[index - 1].title)}]({docs[index - 1].chapter.removeprefix('chapters/')})")
    parts.append(f"[目录](../{catalogue_page('documents', index)})")
    if index + 1 < len(docs):
        parts.append(f"[{md_escape(docs[index + 1].title)}]({docs[index + 1].chapter.removeprefix('chapters/')}) →")
    return '\n\n<div class="chapter-neighbours" markdown>\n' + " | ".join(parts) + "\n</div>\n"


def _with_neighbours(edition: Edition, files: list[RenderedFile]) -> list[RenderedFile]:
    if not _catalogued(len(edition.documents)):
        return files
    position = {d.chapter: i for i, d in enumerate(edition.documents)}
    return [RenderedFile(f.path, f.content.rstrip("\n") + neighbour_links(edition, position[f.path]))
            if f.path in position else f for f in files]


def render_edition(edition: Edition) -> tuple[RenderedFile, ...]:
    """All generated files of an edition (chapters, source pages, notes, edition.json)."""
    titles = {d.id: d.title for d in edition.documents}
    files = [RenderedFile(d.chapter, render_chapter(d, titles)) for d in edition.documents]
    by_source: dict[str, list[Removal]] = defaultdict(list)
    for r in edition.removed:
        by_source[r.source].append(r)
    files.extend(RenderedFile(source_page(s.file), render_source(s, by_source[s.file])) for s in edition.sources)
    files.append(RenderedFile("notes.md", render_notes(edition)))
    files.extend(render_catalogue(edition))
    files.extend(render_print_pages(edition, {f.path: f.content for f in files}))
    files = _with_neighbours(edition, files)  # after the print pages, which have their own order
    files.append(RenderedFile("edition.json",
                              json.dumps(edition_json(edition), ensure_ascii=False, indent=1) + "\n"))
    return tuple(files)
