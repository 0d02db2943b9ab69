"""Copies that order their paragraphs differently, copies localised for Taiwan, and the base chosen on
folded length: collated paragraph by paragraph, classified as regional wording, never the spaced copy."""

from __future__ import annotations

import random
import re

import opencc
import pytest

from build_tools.reconstruct import witness_body
from build_tools.records import Document, Edition, Segment, Span, Work
from build_tools.stages.collate import collate_cluster
from build_tools.stages.layout import WitnessText, choose_base
from build_tools.stages.render.chapter import render_chapter
from build_tools.stages.render.edition_json import edition_json
from tests.helpers import assert_accounted, edition, segments
from tests.properties.test_collate_properties import body_text, damage, make_text
from tests.properties.test_collate_properties import segment as property_segment

PARAGRAPHS = [
    "清晨的小镇笼罩在薄薄的雾气里，街道两旁的梧桐树静静地站着，早起的老人提着鸟笼慢慢走过石板路，"
    "卖豆浆的小摊已经冒出了热气，空气中弥漫着油条和葱花的香味。",
    "学校的钟声响起来的时候，孩子们背着书包从四面八方跑来，有的边跑边系红领巾，有的手里还捏着半个包子，"
    "门口的老师笑着催促他们快些进教室，别错过了第一节课。",
    "中午时分，太阳升到了头顶，集市上的人渐渐多了起来，农民们把自家种的青菜、萝卜和新鲜的鸡蛋摆在竹筐里，"
    "讨价还价的声音此起彼伏，整条街都热闹得像过节一样。",
    "到了下午，河边的柳树下坐满了钓鱼的人，他们一动不动地盯着水面，偶尔有鱼儿咬钩，便引来一阵小小的欢呼，"
    "几个孩子蹲在岸边，用树枝在泥地上画着歪歪扭扭的小船。",
    "傍晚的晚霞把半边天染成了橘红色，炊烟从家家户户的屋顶上袅袅升起，母亲站在门口喊孩子回家吃饭，"
    "远处的田野里传来几声牛叫，归巢的麻雀在屋檐下叽叽喳喳。",
    "夜深了，小镇渐渐安静下来，只有几盏路灯还亮着昏黄的光，偶尔传来几声狗叫，月亮挂在山头上，"
    "把整个小镇照得像一幅淡淡的水墨画，人们在梦里迎接新的一天。",
]
MOVED = (1, 4, 5, 2, 3, 6)  # the third copy's order of the paragraphs


def _copies() -> dict[str, str]:
    """Two copies in order, each with its own substituted character, and one with its paragraphs moved."""
    first = list(PARAGRAPHS)
    first[1] = first[1].replace("催促", "催着")
    second = list(PARAGRAPHS)
    second[4] = second[4].replace("橘红色", "桔红色")
    moved = [PARAGRAPHS[n - 1] for n in MOVED]
    moved[4] = moved[4].replace("竹筐", "竹篮")  # ¶5 of the third copy is the edition's ¶3
    return {"a.txt": "\n".join(first), "b.txt": "\n".join(second), "c.txt": "\n".join(moved)}


def _work(files: dict[str, str]) -> Work:
    return Work(tuple(seg for name, text in files.items() for seg in segments(text, name)))


def test_a_reordered_copy_is_collated_paragraph_by_paragraph_in_the_majority_order() -> None:
    files = _copies()
    doc = collate_cluster(_work(files))
    assert [p.text for p in doc.paragraphs] == PARAGRAPHS
    got = {(v.paragraph, v.lemma, tuple((r.text, r.witnesses) for r in v.readings), v.kind) for v in doc.variants}
    assert got == {("p2", "促", (("着", ("A",)),), "substitution"),
                   ("p3", "筐", (("篮", ("C",)),), "substitution"),
                   ("p5", "橘", (("桔", ("B",)),), "substitution")}
    assert [w.order for w in doc.witnesses] == [None, None, MOVED]
    assert [w.coverage for w in doc.witnesses] == ["complete"] * 3
    # Every copy has every paragraph, on its own line of its own file.
    moved_lines = {n: line for line, n in enumerate(MOVED, start=1)}
    for p in doc.paragraphs:
        spans = dict(p.spans)
        assert (spans["C"].first_line, spans["C"].last_line) == (moved_lines[p.number],) * 2
        assert spans["A"].first_line == spans["B"].first_line == p.number
    (moved_variant,) = [v for v in doc.variants if v.paragraph == "p3"]
    assert dict(moved_variant.lines)["C"] == moved_lines[3]


def test_the_majority_order_wins_even_when_the_reordered_copy_is_the_longest() -> None:
    files = _copies()
    files["c.txt"] = files["c.txt"].replace("夜深了", "夜已经很深了")  # C is now the longest copy
    doc = collate_cluster(_work(files))
    assert [p.text for p in doc.paragraphs] == PARAGRAPHS
    assert [w.order for w in doc.witnesses] == [None, None, MOVED]
    assert ("p6", "", "已经很") in {(v.paragraph, v.lemma, v.readings[0].text) for v in doc.variants}


def test_the_witness_list_says_the_copy_orders_its_paragraphs_differently() -> None:
    doc = collate_cluster(_work(_copies()))
    page = render_chapter(doc).splitlines()
    rows = [line for line in page if line.startswith("| C |")]
    assert len(rows) == 1 and "次序不同" in rows[0]  # the table says so; the details say how
    (detail,) = [line for line in page if line.startswith("- **C** ")]
    assert "段落次序不同：¶1 ¶4–¶5 ¶2–¶3 ¶6" in detail
    assert "次序不同" not in "".join(line for line in page if line.startswith(("| **A**", "| A |", "- **A** ")))


def test_a_reordered_copy_is_rebuilt_in_its_own_order_from_edition_json() -> None:
    files = _copies()
    result = edition(files)
    data = edition_json(result)
    assert_accounted(data, files)
    (doc,) = data["documents"]
    assert [w["order"] for w in doc["witnesses"]] == [None, None, ["p1", "p4", "p5", "p2", "p3", "p6"]]
    for siglum, name in zip("ABC", files, strict=True):
        assert witness_body(doc, siglum) == files[name]


@pytest.mark.parametrize("order", [(2, 1, 3, 4, 5, 6), (6, 1, 2, 3, 4, 5), (1, 2, 3, 5, 4, 6), (4, 5, 6, 1, 2, 3)])
def test_other_moves_are_found_and_the_copy_is_rebuilt_in_its_order(order: tuple[int, ...]) -> None:
    files = _copies()
    files["c.txt"] = "\n".join(PARAGRAPHS[n - 1] for n in order)
    document = collate_cluster(_work(files))
    assert [p.text for p in document.paragraphs] == PARAGRAPHS
    assert [w.order for w in document.witnesses] == [None, None, order]
    assert {v.kind for v in document.variants} == {"substitution"} and len(document.variants) == 2
    (data,) = edition_json(Edition(title="t", sources=(), documents=(document,), removed=()))["documents"]
    for siglum, name in zip("ABC", files, strict=True):
        assert witness_body(data, siglum) == files[name]


def test_a_copy_in_order_with_a_truncated_end_is_not_reordered() -> None:
    files = _copies()
    files["c.txt"] = "\n".join(PARAGRAPHS[:4])
    doc = collate_cluster(_work(files))
    assert [w.order for w in doc.witnesses] == [None, None, None]
    assert [w.coverage for w in doc.witnesses] == ["complete", "complete", "truncated"]


TECHNICAL = ("我们的软件开发团队使用数据库和服务器存储用户信息，通过网络传输文件，"
             "默认设置下程序会自动打印日志，并把视频上传到云端，以便在计算机上随时查看。"
             "如果软件出现问题，请检查内存和硬盘，然后重新安装驱动程序，必要时联系技术支持。")


def _kinds(doc: Document) -> set[str]:
    return {v.kind for v in doc.variants}


def test_a_copy_localised_for_taiwan_differs_only_in_script_and_wording() -> None:
    localised = str(opencc.OpenCC("s2twp.json").convert(TECHNICAL))
    assert "軟體" in localised and "資訊" in localised and "檔案" in localised
    for files in ({"a.txt": TECHNICAL, "b.txt": localised}, {"a.txt": localised, "b.txt": TECHNICAL}):
        doc = collate_cluster(_work(files))
        assert doc.variants, "the copies differ"
        assert _kinds(doc) <= {"orthographic", "localisation"}, [(v.lemma, v.readings, v.kind) for v in doc.variants]
        assert "localisation" in _kinds(doc)


def test_localised_words_are_minor_variants_in_the_chapter() -> None:
    localised = str(opencc.OpenCC("s2twp.json").convert(TECHNICAL))
    doc = collate_cluster(_work({"a.txt": TECHNICAL, "b.txt": TECHNICAL, "c.txt": localised}))
    page = render_chapter(doc)
    assert "〔地区用词〕" in page
    assert not re.search(r"\[\^v\d+\]:", page), "no substantive note"


def _spaced(text: str) -> str:
    """Every CJK character followed by a space, as a letter-spaced copy is."""
    return re.sub(r"([\u3400-\u9fff])(?=[\u3400-\u9fff])", r"\1 ", text)


def _witness(sig: str, text: str) -> WitnessText:
    """A witness whose body is `text`, all on line 1 of its own file (not cleaned: the spaces stay)."""
    segment = Segment(id=f"{sig}.txt#1", span=Span(f"{sig}.txt", 1, 1), blocks=(), title=None, subtitle=None,
                      date=None, author=None)
    return WitnessText(sig, segment, text, [1] * len(text), ["body"] * len(text))


def test_a_letter_spaced_copy_is_not_the_base() -> None:
    text = PARAGRAPHS[0]
    spaced = _spaced(text)
    assert len(spaced) > len(text)
    # As long in letters: the tie goes to the earlier siglum, the unspaced copy.
    assert choose_base([_witness("A", text), _witness("B", spaced)]).siglum == "A"
    # One letter less in the unspaced copy: it is the shorter, however many spaces the other has.
    assert choose_base([_witness("A", text[1:]), _witness("B", spaced)]).siglum == "B"
    # Through the pipeline (the cleaner closes most letter-spacing; the spaces it leaves are variants):
    # with two copies the base wins every tie, so the canonical text is the unspaced one.
    doc = collate_cluster(_work({"a.txt": text, "b.txt": spaced}))
    assert doc.canonical == text
    assert doc.variants and _kinds(doc) == {"punctuation"}


@pytest.mark.parametrize("seed", range(12))
def test_generated_copies_with_a_moved_block_lose_nothing(seed: int) -> None:
    # Three damaged copies of a generated text (the majority original at every place); in one, a block of
    # paragraphs stands elsewhere. The canonical text is the original, in its order; every copy is rebuilt.
    rng = random.Random(seed)
    original = make_text(rng, rng.randint(4, 12))
    taken: set[tuple[int, int]] = set()
    texts = [damage(rng, original, taken, rng.randint(0, 3)) for _ in range(3)]
    start = rng.randrange(1, len(original))
    stop = rng.randrange(start + 1, len(original) + 1)
    moved = texts[2][start:stop] + texts[2][:start] + texts[2][stop:]
    texts[2] = moved
    work = Work(tuple(property_segment(f"copy{i}.txt", t) for i, t in enumerate(texts)))
    doc = collate_cluster(work)
    assert [p.text for p in doc.paragraphs] == original
    order = (*range(start + 1, stop + 1), *range(1, start + 1), *range(stop + 1, len(original) + 1))
    assert [w.order for w in doc.witnesses] == [None, None, order]
    (data,) = edition_json(Edition(title="t", sources=(), documents=(doc,), removed=()))["documents"]
    for witness in doc.witnesses:
        assert witness_body(data, witness.siglum) == body_text(witness.segment)
