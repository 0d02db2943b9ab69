"""edition.yml: validation with clear errors, and its effect on the edition."""

from __future__ import annotations

import pytest

from build_tools.curation import CurationError, parse_curation
from build_tools.pipeline import prepare_edition
from build_tools.records import Book, Document

BODY = "今天我们召开会议，研究部署春季工作，各单位要高度重视，切实抓好落实。一要提高认识，把思想统一到上级的部署上来；二要压实责任，层层传导压力，确保不留死角；三要加强督查，发现问题及时整改，决不能敷衍了事。"
ORIGINAL = "在全市工作会议上的讲话\n同志们：\n" + BODY + "\n谢谢大家。\n"
COPY_B = ORIGINAL.replace("各单位", "各部门")
COPY_C = ORIGINAL
UNTITLED = "我这次来，是看望大家的，大家辛苦了。\n希望大家保重身体，继续努力工作，为群众办实事。\n"


def build(curation_text: str = "") -> tuple:
    files = [("a.txt", ORIGINAL.encode()), ("b.txt", COPY_B.encode()), ("c.txt", COPY_C.encode()),
             ("d.txt", UNTITLED.encode())]
    edition, _ = prepare_edition(files, curation=parse_curation(curation_text))
    return edition.documents


def test_without_curation_majority_wins_and_untitled_gets_a_proposed_title() -> None:
    docs = build()
    speech = next(d for d in docs if len(d.witnesses) == 3)
    assert "各单位要" in speech.paragraphs[1].text
    untitled = next(d for d in docs if len(d.witnesses) == 1)
    assert untitled.title_inferred and untitled.title_by == "program"


def test_curator_overrides_title_date_author_order_and_reading() -> None:
    docs = build()
    speech = next(d for d in docs if len(d.witnesses) == 3)
    untitled = next(d for d in docs if len(d.witnesses) == 1)
    curated = build(f"""
title: 测试读本
documents:
  {untitled.id}:
    title: 看望干部群众时的讲话
    date: 2021-04-01
    author: 某人
    order: 1
  {speech.id}:
    order: 2
    readings:
      - context: 研究部署春季工作，各
        reading: 部门
""")
    first, second = curated
    assert first.id == untitled.id and first.title == "看望干部群众时的讲话"
    assert first.title_inferred and first.title_by == "curator"
    assert first.date == "2021-04-01" and first.author == "某人"
    assert "各部门要" in second.paragraphs[1].text
    (variant,) = second.variants
    assert variant.lemma == "部门" and variant.readings[0].text == "单位"


@pytest.mark.parametrize(("text", "message"), [
    ("titel: x", "edition.yml: titel: unknown key"),
    ("documents:\n  dnothere:\n    title: x", "edition.yml: documents.dnothere: unknown document id"),
    ("documents: []", "edition.yml: documents"),
    ("exclude:\n  - source: a.txt\n    starts: 不存在的开头", "edition.yml: exclude[0]: no segment"),
    ("title: [unclosed", "edition.yml: (syntax)"),
])
def test_mistakes_stop_the_build_with_file_and_key(text: str, message: str) -> None:
    with pytest.raises(CurationError) as caught:
        build(text)
    assert str(caught.value).startswith(message)


def test_reading_that_no_witness_offers_is_an_error() -> None:
    speech = next(d for d in build() if len(d.witnesses) == 3)
    with pytest.raises(CurationError, match=r"readings\[0\]: no variant place"):
        build(f"documents:\n  {speech.id}:\n    readings:\n      - context: 春季工作，各\n        reading: 机关")


def test_unknown_document_key_is_named() -> None:
    speech = next(d for d in build() if len(d.witnesses) == 3)
    with pytest.raises(CurationError, match=f"documents.{speech.id}.titel: unknown key"):
        build(f"documents:\n  {speech.id}:\n    titel: x")


def test_excluded_segment_goes_to_the_ledger() -> None:
    files = [("d.txt", UNTITLED.encode())]
    edition, _ = prepare_edition(files, curation=parse_curation("exclude:\n  - source: d.txt\n    starts: 我这次来"))
    assert edition.documents == ()
    assert {r.rule for r in edition.removed} == {"excluded-by-curator"}
    assert "".join(r.text for r in edition.removed) == UNTITLED.replace("\n", "")


def _book_edition(curation_text: str = "") -> tuple[tuple[Book, ...], tuple[Document, ...]]:
    from tests.stages.test_books import manual_files, single_files

    files = [(n, t.encode()) for n, t in {**manual_files(), **single_files()}.items()]
    edition, _ = prepare_edition(files, curation=parse_curation(curation_text))
    return edition.books, edition.documents


@pytest.mark.parametrize(("entry", "key", "message"), [
    ("    titel: x", ".titel", "unknown key"),
    ("    order: [{single}]", ".order[0]", "is not a chapter of this book"),
    ("    order: [{chapter}, {chapter}]", ".order[1]", "is listed twice"),
    ("    order: {chapter}", ".order", "expected a list"),
    ("    exclude_copies: [single-0.txt]", ".exclude_copies[0]", "is not a copy of this book"),
    ("    exclude_copies: [manual-a.txt, manual-b.txt, manual-c.txt]", ".exclude_copies",
     "would leave the book without a copy"),
])
def test_book_mistakes_stop_the_build_naming_the_key(entry: str, key: str, message: str) -> None:
    (book,), documents = _book_edition()
    single = next(d.id for d in documents if d.id not in book.chapters)
    text = f"books:\n  {book.id}:\n" + entry.format(single=single, chapter=book.chapters[0]) + "\n"
    with pytest.raises(CurationError) as caught:
        _book_edition(text)
    error = str(caught.value)
    assert error.startswith(f"edition.yml: books.{book.id}{key}: ") and message in error, error


@pytest.mark.parametrize(("text", "message"), [
    ("books:\n  bnothere:\n    title: x", "edition.yml: books.bnothere: unknown book id"),
    ("books:\n  bnothere:\n    exclude_copies: [manual-a.txt]", "edition.yml: books.bnothere: unknown book id"),
    ("books: []", "edition.yml: books: expected a mapping"),
])
def test_unknown_books_are_errors(text: str, message: str) -> None:
    with pytest.raises(CurationError) as caught:
        _book_edition(text)
    assert str(caught.value).startswith(message)
