"""edition.yml: validation with clear errors, and its effect on the edition."""

from __future__ import annotations

import pytest

from build_tools.curation import CurationError, parse_curation
from build_tools.pipeline import prepare_edition

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
