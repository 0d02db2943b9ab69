"""Exports: a TEI P5 file per document (parallel segmentation) and a CSV of every variant place.

TEI (`tei_file`): the header names the document and lists its copies (`listWit`, a `witness` per
siglum with its source file and lines, how much it covers and, for a copy that moved paragraphs,
its order); the body is the canonical text, a `p` per paragraph with its id (a heading is the `head` of
a `div` that holds the paragraphs up to the next heading), and at
every variant place an `app` with the edition's reading (`lem wit=…`) and the others (`rdg wit=…`),
`type` the kind of variant. Where a copy's text starts late or stops early, an `app type="lacuna"`
holds a `rdg` with `lacunaStart` or `lacunaEnd` for it. A variant whose lemma runs over a paragraph
break keeps those paragraphs in one element, the break inside the lemma written `<lb type="paragraph"/>`
(a reading's own breaks too). Characters XML cannot hold (control characters) are written as their
Unicode pictures (␀). Every copy is taken back from the file by reading, in order, the text outside
`app`, its own `rdg` where it has one and the `lem` elsewhere, and nothing inside its lacunae
(tests/stages/test_tei.py does so and compares with `reconstruct.witness_body`).

CSV (`VARIANTS_CSV`): one row per variant place, UTF-8 with a byte-order mark so that Excel opens it
as UTF-8; a paragraph break inside a reading is written ¶.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from build_tools.records import Document, Edition, Variant
from build_tools.stages.render.chapter import KIND_LABELS
from build_tools.stages.render.common import span_label, visible_controls

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
_NCNAME = re.compile(r"[A-Za-z_][\w.\-]*")


def _t(name: str) -> str:
    return f"{{{TEI_NS}}}{name}"


def xml_text(text: str) -> str:
    """Text XML can hold: control characters as their pictures, noncharacters and lone surrogates as U+FFFD."""
    return _NOT_XML.sub("\ufffd", visible_controls(text))


def witness_id(doc: Document, siglum: str) -> str:
    """The xml:id of a copy: its siglum, unless that is no XML name or looks like a paragraph id."""
    if _NCNAME.fullmatch(siglum) and not re.fullmatch(r"p\d+", siglum):
        return siglum
    return f"wit{[w.siglum for w in doc.witnesses].index(siglum) + 1}"


def _append_text(parent: etree._Element, text: str) -> None:
    """Text at the end of `parent` (its text, or the tail of its last child); breaks become <lb/>."""
    for n, part in enumerate(text.split("\n")):
        if n:
            etree.SubElement(parent, _t("lb"), type="paragraph")
        if not part:
            continue
        part = xml_text(part)
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + part
        else:
            parent.text = (parent.text or "") + part


@dataclass(frozen=True)
class _Event:
    offset: int
    rank: int  # at one offset: lacunae that end, additions, lacunae that start, then the other places
    variant: Variant | None = None
    lacuna: tuple[str, str] | None = None  # (siglum, "lacunaStart" | "lacunaEnd")


def _events(doc: Document) -> list[_Event]:
    total = len(doc.canonical)
    events = [_Event(doc.offset_of(v.paragraph, v.offset), 1 if not v.lemma else 3, variant=v) for v in doc.variants]
    for w in doc.witnesses:
        start, end = w.covers
        for first, last in ((0, start), (end, total)):  # what it lacks at the opening, and at the end
            if first < last:
                events += [_Event(first, 2, lacuna=(w.siglum, "lacunaStart")),
                           _Event(last, 0, lacuna=(w.siglum, "lacunaEnd"))]
    return sorted(events, key=lambda e: (e.offset, e.rank))


def _wit(doc: Document, sigla: tuple[str, ...] | list[str]) -> str:
    return " ".join(f"#{witness_id(doc, s)}" for s in sigla)


def _app(parent: etree._Element, doc: Document, event: _Event) -> None:
    if event.lacuna is not None:
        siglum, marker = event.lacuna
        app = etree.SubElement(parent, _t("app"), type="lacuna")
        etree.SubElement(etree.SubElement(app, _t("rdg"), wit=_wit(doc, [siglum])), _t(marker))
        return
    variant = event.variant
    assert variant is not None
    app = etree.SubElement(parent, _t("app"), type=variant.kind)
    lem = etree.SubElement(app, _t("lem"))
    if variant.lemma_witnesses:
        lem.set("wit", _wit(doc, variant.lemma_witnesses))
    _append_text(lem, variant.lemma)
    for reading in variant.readings:
        rdg = etree.SubElement(app, _t("rdg"), wit=_wit(doc, reading.witnesses))
        _append_text(rdg, reading.text)


def _groups(doc: Document) -> list[tuple[int, int]]:
    """Runs of canonical paragraphs (first and last index) kept in one element: a lemma runs over the breaks inside."""
    joined = set()
    starts = doc.paragraph_starts
    for v in doc.variants:
        at = doc.offset_of(v.paragraph, v.offset)
        for index in range(1, len(starts)):
            if at < starts[index] <= at + len(v.lemma):  # the break before paragraph `index` is inside the lemma
                joined.add(index)
    groups: list[list[int]] = []
    for index in range(len(doc.paragraphs)):
        if index in joined and groups:
            groups[-1][1] = index
        else:
            groups.append([index, index])
    return [(a, b) for a, b in groups]


def _body(doc: Document, body: etree._Element) -> None:
    canonical = doc.canonical
    starts = doc.paragraph_starts
    events = _events(doc)
    e = 0
    container = body  # a heading opens a div that holds the paragraphs up to the next one
    for first, last in _groups(doc):
        paragraph = doc.paragraphs[first]
        tag = "head" if first == last and paragraph.role == "heading" else "p"
        if tag == "head":
            container = etree.SubElement(body, _t("div"))
        element = etree.SubElement(container, _t(tag))
        element.set(XML_ID, paragraph.id)
        if tag == "p" and paragraph.role != "body":
            element.set("rend", paragraph.role)
        position, end = starts[first], starts[last] + len(doc.paragraphs[last].text)
        # Events at this group's end belong to it; those at the next one's start (one past the break) do not.
        while e < len(events) and events[e].offset <= end:
            event = events[e]
            if event.offset > position:
                _append_text(element, canonical[position:event.offset])
                position = event.offset
            _app(element, doc, event)
            if event.variant is not None:
                position = max(position, event.offset + len(event.variant.lemma))
            e += 1
        if position < end:
            _append_text(element, canonical[position:end])


def _header(doc: Document, edition_title: str) -> etree._Element:
    header = etree.Element(_t("teiHeader"))
    file_desc = etree.SubElement(header, _t("fileDesc"))
    title_stmt = etree.SubElement(file_desc, _t("titleStmt"))
    etree.SubElement(title_stmt, _t("title")).text = xml_text(doc.title)
    if doc.author:
        etree.SubElement(title_stmt, _t("author")).text = xml_text(doc.author)
    publication = etree.SubElement(file_desc, _t("publicationStmt"))
    etree.SubElement(publication, _t("publisher")).text = xml_text(edition_title)
    etree.SubElement(publication, _t("idno"), type="document").text = doc.id
    source_desc = etree.SubElement(file_desc, _t("sourceDesc"))
    list_wit = etree.SubElement(source_desc, _t("listWit"))
    for w in doc.witnesses:
        span = w.segment.span
        witness = etree.SubElement(list_wit, _t("witness"), n=w.siglum)
        witness.set(XML_ID, witness_id(doc, w.siglum))
        base = "（底本）" if w.siglum == doc.base else ""
        witness.text = xml_text(f"{w.siglum} 本{base}：{span.source} 第 {span_label(span)} 行；{w.coverage}")
        if w.order:
            note = etree.SubElement(witness, _t("note"), type="order")
            note.text = " ".join(doc.paragraphs[n - 1].id for n in w.order)
    encoding = etree.SubElement(header, _t("encodingDesc"))
    etree.SubElement(encoding, _t("variantEncoding"), method="parallel-segmentation", location="internal")
    if doc.date:
        profile = etree.SubElement(header, _t("profileDesc"))
        creation = etree.SubElement(profile, _t("creation"))
        etree.SubElement(creation, _t("date"), when=doc.date).text = doc.date
    return header


def render_tei(doc: Document, edition_title: str) -> str:
    """A document as TEI P5 XML (parallel segmentation), with its XML declaration."""
    root = etree.Element(_t("TEI"), nsmap={None: TEI_NS})
    root.set(XML_LANG, "zh-Hans")
    root.append(_header(doc, edition_title))
    body = etree.SubElement(etree.SubElement(root, _t("text")), _t("body"))
    _body(doc, body)
    return str(etree.tostring(root, encoding="unicode", pretty_print=False))


TEI_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'


def render_tei_file(doc: Document, edition_title: str) -> str:
    """A document's TEI file: the XML declaration, then its TEI element."""
    return f"{TEI_DECLARATION}\n{render_tei(doc, edition_title)}\n"


CSV_HEADER = ("文献编号", "标题", "段落", "段内位置", "正文", "正文所从", "异文", "类型", "类型代码", "源文件行")


def variant_rows(doc: Document) -> str:
    """A document's rows of variants.csv, one per variant place."""
    out = io.StringIO()
    writer = csv.writer(out)
    sources = {w.siglum: w.segment.span.source for w in doc.witnesses}
    for v in doc.variants:
        readings = "|".join(f"{s}:{r.text}" for r in v.readings for s in r.witnesses).replace("\n", "¶")
        lines = "|".join(f"{s}:{sources.get(s, '')}:{line}" for s, line in v.lines)
        writer.writerow((doc.id, doc.title, v.paragraph, v.offset, v.lemma.replace("\n", "¶"),
                         ",".join(v.lemma_witnesses), readings, KIND_LABELS[v.kind], v.kind, lines))
    return out.getvalue()


def render_variants_csv(edition: Edition, rows: Iterable[str] | None = None) -> str:
    """Every variant place of the edition, one row each, UTF-8 with a byte-order mark; `rows`, each
    document's (`variant_rows`), when they are made already."""
    out = io.StringIO()
    csv.writer(out).writerow(CSV_HEADER)
    made = (variant_rows(doc) for doc in edition.documents) if rows is None else rows
    return "\ufeff" + out.getvalue() + "".join(made)
