"""Variant classification, the base and the tie rule, variant places and the collation thresholds
(counted in letters)."""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest

from build_tools.records import Reading, Segment, Span, Work
from build_tools.rules.variants import classify
from build_tools.settings import DEFAULT_COLLATE, CollateConfig
from build_tools.stages.collate import Place, choose_lemma, collate_cluster, collate_texts
from build_tools.stages.layout import WitnessText, choose_base, lay_out, place_extent
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
    ("软件", "軟體", "", "", "localisation"),   # a copy localised for Taiwan
    ("件", "體", "软", "", "localisation"),     # half of a localised word: 软[件] / 软[體]
    ("打", "列", "", "印", "localisation"),     # 打印 / 列印
    ("默认", "預設", "", "", "localisation"),   # s2twp's wording, which tw2sp does not turn back
    ("档案", "文件", "", "", "substitution"),   # two Simplified words are not regional wording
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


def witness(sig: str, text: str) -> WitnessText:
    """A witness whose body is `text`, all on line 1 of its own file."""
    segment = Segment(id=f"{sig}.txt#1", span=Span(f"{sig}.txt", 1, 1), blocks=(), title=None, subtitle=None,
                      date=None, author=None)
    return WitnessText(sig, segment, text, [1] * len(text), ["body"] * len(text))


def test_choose_base_takes_the_longest_body_and_on_a_tie_the_earlier_siglum() -> None:
    short, long_b, long_c = witness("A", "甲乙"), witness("B", "甲乙丙"), witness("C", "甲乙丁")
    assert choose_base([short, long_b, long_c]) is long_b
    assert choose_base([short, witness("B", "丙丁")]) is short
    # Length in letters: spaces and punctuation do not make a copy longer.
    assert choose_base([short, witness("B", "甲 乙，")]) is short


@pytest.mark.parametrize(("readings", "context", "choices", "lemma", "why"), [
    ({"乙": ["A"], "子": ["B", "C"]}, "", None, "子", "majority"),          # the majority
    ({"子": ["B"], "乙": ["A"], "丑": ["C"]}, "", None, "乙", "base"),      # a tie: the base (A) has 乙
    ({"子": ["C"], "丑": ["B"]}, "", None, "丑", "first-copy"),             # the base does not vote: the earliest, B
    ({"乙": ["A", "B"], "子": ["C"]}, "甲 甲", {"甲甲": "子"}, "子", "curator"),  # the curator's choice after its context
    ({"乙": ["A", "B"], "子": ["C"]}, "甲乙", {"甲甲": "子"}, "乙", "majority"),  # … and only there
])
def test_choose_lemma(readings: dict[str, list[str]], context: str, choices: dict[str, str] | None,
                      lemma: str, why: str) -> None:
    assert choose_lemma(readings, "A", ["A", "B", "C"], context, choices) == (lemma, why)


def test_a_place_records_offset_lemma_other_readings_and_who_has_which() -> None:
    collation = collate_texts([witness("A", "甲乙丙丁戊己庚"), witness("B", "甲乙丙丁戊己庚"),
                               witness("C", "甲乙丙丁午己庚")])
    assert collation.text == "甲乙丙丁戊己庚"
    (place,) = collation.places
    assert place == Place(offset=4, lemma="戊", readings=(Reading("午", ("C",)),), lemma_witnesses=("A", "B"),
                          kind="substitution")
    assert place.voters == ("A", "B", "C")


# B differs from A at characters 1 and 5 (slots 3 and 11), three shared characters (丙丁戊) apart.
BASE, NEAR = "甲乙丙丁戊己庚辛", "甲子丙丁戊午庚辛"


def test_place_extent_joins_differences_at_most_merge_gap_shared_characters_apart() -> None:
    layout = lay_out([witness("A", BASE), witness("B", NEAR)])
    assert [slot for slot in range(layout.n_slots) if not layout.agree[slot]] == [3, 11]
    assert place_extent(layout, 3, merge_gap=2) == 3
    assert place_extent(layout, 3, merge_gap=3) == 11
    assert place_extent(layout, 11, merge_gap=3) == 11


def test_place_extent_stops_at_a_paragraph_break() -> None:
    # Two shared characters ("\n丁") stand between the differences, but one is a paragraph break.
    layout = lay_out([witness("A", "甲乙\n丁戊"), witness("B", "甲子\n丁午")])
    assert place_extent(layout, 3, merge_gap=5) == 3


def test_a_larger_merge_gap_makes_two_nearby_differences_one_place() -> None:
    witnesses = [witness("A", BASE), witness("B", BASE), witness("C", NEAR)]
    assert collate_texts(witnesses).places == (
        Place(1, "乙", (Reading("子", ("C",)),), ("A", "B"), "substitution"),
        Place(5, "己", (Reading("午", ("C",)),), ("A", "B"), "substitution"),
    )
    assert collate_texts(witnesses, config=CollateConfig(merge_gap=3)).places == (
        Place(1, "乙丙丁戊己", (Reading("子丙丁戊午", ("C",)),), ("A", "B"), "substitution"),
    )


def test_lacuna_min_decides_whether_a_missing_opening_is_an_omission_or_a_lacuna() -> None:
    # C lacks the first five characters (今天我们召) of the two full copies.
    work = Work(segments(TEXT, "a.txt") + segments(TEXT, "b.txt") + segments(TEXT[5:], "c.txt"))
    doc = collate_cluster(work)
    (variant,) = doc.variants
    assert (variant.paragraph, variant.offset, variant.lemma, variant.kind) == ("p1", 0, "今天我们召", "omission")
    assert variant.readings == (Reading("", ("C",)),)
    assert [w.coverage for w in doc.witnesses] == ["complete", "complete", "complete"]
    doc = collate_cluster(work, config=CollateConfig(lacuna_min=5))
    assert doc.variants == ()
    assert [w.coverage for w in doc.witnesses] == ["complete", "complete", "lacks-opening"]


def test_lacuna_min_counts_letters_not_punctuation() -> None:
    # C lacks the first twelve characters, one of them a comma: eleven letters, fewer than lacuna_min (12).
    work = Work(segments(TEXT, "a.txt") + segments(TEXT, "b.txt") + segments(TEXT[12:], "c.txt"))
    doc = collate_cluster(work)
    (variant,) = doc.variants
    assert (variant.lemma, variant.kind) == (TEXT[:12], "omission")
    assert [w.coverage for w in doc.witnesses] == ["complete", "complete", "complete"]
    doc = collate_cluster(work, config=CollateConfig(lacuna_min=11))
    assert doc.variants == ()
    assert [w.coverage for w in doc.witnesses] == ["complete", "complete", "lacks-opening"]


def test_the_config_is_a_frozen_record_with_the_documented_defaults() -> None:
    assert CollateConfig(merge_gap=2, lacuna_min=12) == DEFAULT_COLLATE
    with pytest.raises(FrozenInstanceError):
        DEFAULT_COLLATE.merge_gap = 3  # type: ignore[misc]
