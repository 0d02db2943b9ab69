"""Parallel passages on the seeds, against the pairs established by reading them (tests/data/seeds_parallels.py):
the documents that quote or follow one another are linked, with the right direction and the passages read;
those that share only formulas or a generic title are not; nothing else is linked."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.pipeline import load_curation_file, load_folder, prepare_edition
from build_tools.records import Document, Edition
from build_tools.text import fold_text
from tests.data.seeds_parallels import DOCUMENTS, FORMULA_ONLY, INCIDENTAL, QUOTING, Pair

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def edition() -> Edition:
    result, _ = prepare_edition(load_folder(SEEDS), curation=load_curation_file(SEEDS / "edition.yml"))
    return result


@pytest.fixture(scope="module")
def named(edition: Edition) -> dict[str, Document]:
    """The documents by the names the test data gives them (a copy's source file and first line)."""
    found = {}
    for name, (file, line) in DOCUMENTS.items():
        (doc,) = [d for d in edition.documents
                  if any((w.segment.span.source, w.segment.span.first_line) == (file, line) for w in d.witnesses)]
        found[name] = doc
    assert len({d.id for d in found.values()}) == len(DOCUMENTS) == len(edition.documents)
    return found


def related(doc: Document, other: Document) -> str | None:
    return next((r.direction for r in doc.related if r.document == other.id), None)


@pytest.mark.parametrize("pair", QUOTING, ids=[f"{p.first}-{p.second}" for p in QUOTING])
def test_documents_that_quote_one_another_are_linked(named: dict[str, Document], pair: Pair) -> None:
    first, second, direction, passages, _why = pair
    a, b = named[first], named[second]
    assert related(a, b) == direction
    assert related(b, a) == {"quotes": "quoted-by", "quoted-by": "quotes", "unknown": "unknown"}[direction]
    found = [fold_text(p.text) for p in a.parallels if p.document == b.id]
    for passage in passages:
        assert any(fold_text(passage) in text for text in found), passage


@pytest.mark.parametrize("pair", FORMULA_ONLY, ids=[f"{a}-{b}" for a, b, _ in FORMULA_ONLY])
def test_documents_sharing_only_formulas_or_a_title_are_not_linked(named: dict[str, Document],
                                                                    pair: tuple[str, str, str]) -> None:
    a, b = named[pair[0]], named[pair[1]]
    assert related(a, b) is None and related(b, a) is None, [p.text for p in a.parallels if p.document == b.id]


def test_nothing_else_is_linked(named: dict[str, Document]) -> None:
    name = {d.id: n for n, d in named.items()}
    known = {frozenset((p.first, p.second)) for p in QUOTING} | {frozenset(p[:2]) for p in INCIDENTAL}
    linked = {frozenset((name[d.id], name[r.document])) for d in named.values() for r in d.related}
    assert linked <= known, sorted(tuple(sorted(p)) for p in linked - known)


def test_every_passage_stands_where_it_says_in_both_documents(edition: Edition) -> None:
    by_id = {d.id: d for d in edition.documents}
    for doc in edition.documents:
        text = {p.id: p.text for p in doc.paragraphs}
        shared: dict[str, int] = {}
        for p in doc.parallels:
            assert text[p.paragraph][p.offset:p.offset + p.length] == p.text
            theirs = {q.id: q.text for q in by_id[p.document].paragraphs}[p.their_paragraph]
            assert theirs[p.their_offset:p.their_offset + p.their_length] == p.their_text
            assert fold_text(p.text) == fold_text(p.their_text) and len(fold_text(p.text)) == p.chars >= 12
            shared[p.document] = shared.get(p.document, 0) + p.chars
        assert {r.document: r.shared_chars for r in doc.related} == shared
        for r in doc.related:  # the same figure on both sides
            assert next(q.shared_chars for q in by_id[r.document].related if q.document == doc.id) == r.shared_chars


def test_the_forwarded_copy_is_not_counted_as_shared_text(named: dict[str, Document]) -> None:
    # The notice forwards the whole speech (its copy B, linked as an embedding); only the notice's own words count.
    notice, speech = named["notice"], named["speech"]
    assert notice.embeds and notice.embeds[0][1] == speech.id
    shared = next(r.shared_chars for r in notice.related if r.document == speech.id)
    assert shared < 100 < len(speech.canonical) // 10
