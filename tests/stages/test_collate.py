"""Variant classification and the tie rule."""

from __future__ import annotations

import pytest

from build_tools.records import Work
from build_tools.stages.collate import classify, collate_cluster
from tests.helpers import segments


@pytest.mark.parametrize(("lemma", "reading", "before", "after", "kind"), [
    ("，", "、", "", "", "punctuation"),
    ("。", ".", "", "", "punctuation"),
    ("学习", "學習", "", "", "orthographic"),
    ("", "市", "武汉市", "委", "mechanical"),   # 武汉市市委: a doubled character
    ("18", "_", "20", "年", "mechanical"),      # masked digits
    ("2000", "20××", "", "", "mechanical"),
    ("", "\n", "。", "要", "mechanical"),       # a paragraph break
    ("进行", "", "", "", "omission"),
    ("", "具", "首先要", "有", "addition"),
    ("病魔", "疫情", "", "", "substitution"),
])
def test_classify(lemma: str, reading: str, before: str, after: str, kind: str) -> None:
    assert classify(lemma, reading, before, after) == kind


TEXT = ("今天我们召开会议，研究部署春季工作，各单位要高度重视，切实抓好落实。一要提高认识，把思想统一到上级的部署上来；"
        "二要压实责任，层层传导压力，确保不留死角。")


def test_tie_goes_to_the_base_witness_reading() -> None:
    # Two copies disagree once: a tie. The base is the longer copy (here the one with 切实).
    longer = segments(TEXT, "a.txt")
    shorter = segments(TEXT.replace("切实抓好", "抓好"), "b.txt")
    doc = collate_cluster(Work(longer + shorter))
    (variant,) = doc.variants
    assert variant.lemma == "切实" and variant.lemma_witnesses == ("A",)
    assert variant.readings[0].witnesses == ("B",)


def test_truncated_copy_does_not_vote_where_it_has_nothing() -> None:
    full = segments(TEXT, "a.txt") + segments(TEXT, "b.txt")
    cut = segments(TEXT[:40], "c.txt")
    doc = collate_cluster(Work(full + cut))
    assert doc.variants == ()
    assert [w.coverage for w in doc.witnesses] == ["complete", "complete", "truncated"]
