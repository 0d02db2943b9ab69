"""The whole pipeline on the seeds, against what reading them established (tests/data/seeds_truth.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.pipeline import load_folder, prepare_edition
from build_tools.reconstruct import witness_body
from build_tools.records import Document, Edition
from tests.data.seeds_truth import SEGMENTS_PER_SOURCE, SPEECH_VARIANTS, SPEECH_WITNESSES
from tests.helpers import edition_data
from tests.properties.test_collate_properties import body_text

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def edition() -> Edition:
    result, _ = prepare_edition(load_folder(SEEDS))
    return result


def speech(edition: Edition) -> Document:
    return next(d for d in edition.documents if len(d.witnesses) > 1)


def test_sixteen_documents_one_with_five_copies(edition: Edition) -> None:
    assert len(edition.documents) == 16
    assert sorted(len(d.witnesses) for d in edition.documents) == [1] * 15 + [5]


def test_segments_per_source(edition: Edition) -> None:
    found: dict[str, list[tuple[int, int]]] = {}
    for doc in edition.documents:
        for w in doc.witnesses:
            found.setdefault(w.segment.span.source, []).append((w.segment.span.first_line, w.segment.span.last_line))
    assert {k: sorted(v) for k, v in found.items()} == SEGMENTS_PER_SOURCE


def test_speech_witnesses_and_coverage(edition: Edition) -> None:
    doc = speech(edition)
    got = {w.siglum: (w.segment.span.source, w.segment.span.first_line, w.segment.span.last_line, w.coverage)
           for w in doc.witnesses}
    assert got == SPEECH_WITNESSES
    assert doc.title == "在统筹推进新冠肺炎疫情防控和经济社会发展工作部署会议上的讲话"
    assert doc.date == "2020-02-23" and doc.author == "习近平"


def test_embedded_copy_points_at_the_notice_and_the_notice_links_to_it(edition: Edition) -> None:
    doc = speech(edition)
    (embedded,) = [w for w in doc.witnesses if w.embedded_in]
    assert embedded.siglum == "B"
    host = next(d for d in edition.documents if d.id == embedded.embedded_in)
    assert host.title.endswith("疫情防控工作的6号通知")
    assert host.embeds == ((host.paragraphs[-1].id, doc.id),)


def test_speech_variant_places_are_the_ones_established_by_reading(edition: Edition) -> None:
    doc = speech(edition)
    text = {p.id: p.text for p in doc.paragraphs}
    got = []
    for v in doc.variants:
        before = text[v.paragraph][max(0, v.offset - 6):v.offset]
        got.append((before, v.lemma, {s: r.text for r in v.readings for s in r.witnesses}, v.kind))
    assert got == SPEECH_VARIANTS


def test_every_witness_of_the_seeds_is_rebuilt_exactly_from_edition_json(edition: Edition) -> None:
    data = edition_data(edition)
    for doc, doc_data in zip(edition.documents, data["documents"], strict=True):
        for witness in doc.witnesses:
            assert witness_body(doc_data, witness.siglum) == body_text(witness.segment), (doc.id, witness.siglum)
