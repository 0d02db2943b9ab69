"""The cluster stage on the joins the honest corpus found wrong: the rest of a copy the segmenter cut off, a
part kept from its own document that must not join another one for a few shared sentences."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np

from build_tools.settings import DEFAULT_CLUSTER
from build_tools.stages.cluster import Match, UnionFind, cluster_segments, links, piece_groups
from build_tools.stages.rarity import pair_rarity, specific_share
from build_tools.stages.shingles import (
    character_match,
    comparable_text,
    ordered_containment,
    paragraph_containment,
    passage_containment,
    segment_shingles,
)
from tests.stages.test_cluster import NOTICES, SECTIONS, SPEECH, _damaged, _works, seg


def _sources(works: list[list[str]]) -> list[list[str]]:
    return sorted(sorted(names) for names in works)


def test_the_rest_of_a_copy_cut_off_by_the_segmenter_joins_its_document() -> None:
    # A whole copy, a truncated one, and a third copy cut in two: most of it (a whole copy too), then its last
    # section alone. The last section stands in the whole copy where the other copies (its group's own text)
    # do not reach: it is the rest of the cut copy, not a second document merged into the whole one.
    rng = random.Random(3)
    segments = (seg("\n".join(SECTIONS), "a.txt") + seg(_damaged("\n".join(SECTIONS[:4]), rng, 0.02), "b.txt")
                + seg("\n".join(SECTIONS[:5]), "x.txt") + seg(SECTIONS[5], "x.txt"))
    works = cluster_segments(segments)
    assert _sources([[s.span.source for s in w.segments] for w in works]) == [["a.txt", "b.txt", "x.txt", "x.txt"]]


def test_a_document_that_follows_another_in_a_file_is_no_rest_of_it() -> None:
    # x.txt holds the document and then a notice: neighbours in their file, but the notice is in no copy of
    # the document, and the notice's own copies stay together.
    whole = "\n".join(SECTIONS)
    notice = "\n".join(NOTICES[:2])
    segments = (seg(whole, "a.txt") + seg(whole, "b.txt") + seg(whole, "x.txt") + seg(notice, "x.txt")
                + seg(notice, "n.txt"))
    works = cluster_segments(segments)
    assert _sources([[s.span.source for s in w.segments] for w in works]) == [["a.txt", "b.txt", "x.txt"],
                                                                             ["n.txt", "x.txt"]]


def test_pieces_are_lone_segments_next_to_a_member_of_a_group_of_copies() -> None:
    names = ["a.txt", "x.txt", "x.txt", "y.txt", "y.txt"]
    texts = ["\n".join(SECTIONS), "\n".join(SECTIONS[:5]), SECTIONS[5], NOTICES[0], SPEECH]
    segments = tuple(s for name, text in zip(names, texts, strict=True) for s in seg(text, name))
    whole = UnionFind(len(segments))
    whole.join(0, 1)  # a.txt and the first piece of x.txt: whole copies
    # x.txt's second segment follows a member of group 0 (side 1); y.txt's two are alone, and neither is a piece.
    assert piece_groups(segments, whole) == {(2, 0): 1}


def test_a_part_kept_from_its_best_match_joins_no_document_it_fits_much_less() -> None:
    # Part 1 is found in group 9 at its end, where group 9's own text is not: group 9 holds two documents for
    # all it knows, and the part does not join it. The part also shares some sentences with group 5 (a
    # technical book's template phrases): it fits 5 far less well than 9, and must not join 5 instead.
    best = Match(1, 9, 0.95, 60, span=(0.8, 1.0), own=(0.0, 0.8))
    other = Match(1, 5, 0.62, 60, span=(0.1, 0.15))
    assert links([best, other]) == []
    assert links([best, Match(1, 5, 0.9, 60, span=(0.1, 0.3))]) == [(1, 5)]  # as good: it may be that one's
    # Known as the rest of a copy in group 9 (next in its file to a member, after it): it joins 9.
    assert links([best, other], pieces={(1, 9): 1}) == [(1, 9)]
    assert links([best, other], pieces={(1, 9): -1}) == []  # it came before the member: yet it stands after


# A short wiki-like item (paragraphs shorter than a passage) and a copy of it read by OCR from a Big5 page:
# its first paragraph moved to the end, three characters misread in each paragraph.
WIKI = ["底特律第一长老会教堂是美国密歇根州底特律市的一座长老会教堂，位于伍德沃德大道，建于一八九一年。",
        "教堂由建筑师乔治梅森设计，采用罗马复兴式风格，外墙以红色砂岩砌成，钟楼高约四十米，是当时城中最高的建筑之一，"
        "内部的彩色玻璃窗出自本地工匠之手。",
        "一九七九年，教堂被列入美国国家史迹名录，如今仍有信众每周在此礼拜，并对游客开放参观。"]


def _misread(text: str, places: list[tuple[int, str]]) -> str:
    chars = list(text)
    for place, wrong in places:
        chars[place] = wrong
    return "".join(chars)


def test_a_short_item_with_a_moved_paragraph_and_ocr_noise_groups() -> None:
    copy = "\n".join([_misread(WIKI[1], [(10, "讦"), (30, "硃"), (52, "衆")]),
                      _misread(WIKI[2], [(4, "午"), (13, "囯"), (24, "佰")]),
                      _misread(WIKI[0], [(6, "曰"), (20, "干"), (33, "沃")])])
    small, large = segment_shingles(seg(copy, "b.txt")[0]), segment_shingles(seg("\n".join(WIKI), "a.txt")[0])
    assert len(small.paragraphs) == 2
    # The moved paragraph and the noise leave less than `containment` in order, or in passages…
    assert ordered_containment(small.sequence, large.sequence) < DEFAULT_CLUSTER.containment
    assert passage_containment(small.sequence, large.sequence) < DEFAULT_CLUSTER.containment
    # …and one paragraph keeps too little of itself to count as a copy of its own on the undamaged rule…
    strict = replace(DEFAULT_CLUSTER, moved_found=1.0)
    assert paragraph_containment(small.sequence, large.sequence, small.paragraphs, strict) < strict.containment
    # …but each paragraph's shared shingles stand in its order: moved whole, damaged, a copy.
    assert paragraph_containment(small.sequence, large.sequence, small.paragraphs) >= DEFAULT_CLUSTER.containment
    assert _works({"a.txt": "\n".join(WIKI), "b.txt": copy}) == [["a.txt", "b.txt"]]


def test_an_item_that_reuses_another_items_clauses_in_another_order_stays_apart() -> None:
    # Each paragraph takes clauses of the item's paragraphs, in another order, with a clause of its own.
    clauses = [[c + "，" for c in p.rstrip("。").split("，")] for p in WIKI]
    other = "\n".join([clauses[1][3] + clauses[1][0] + "后改为博物馆，" + clauses[1][5] + clauses[1][2] + "。",
                       clauses[0][2] + clauses[0][0] + "人称红教堂。",
                       clauses[2][2] + clauses[2][1] + "亦有乐会。"])
    small, large = segment_shingles(seg(other, "b.txt")[0]), segment_shingles(seg("\n".join(WIKI), "a.txt")[0])
    shared = len(np.intersect1d(small.distinct, large.distinct)) / len(small.distinct)
    assert shared >= DEFAULT_CLUSTER.containment  # enough in common, but not in its order
    assert paragraph_containment(small.sequence, large.sequence, small.paragraphs) < DEFAULT_CLUSTER.containment
    assert _works({"a.txt": "\n".join(WIKI), "b.txt": other}) == [["a.txt"], ["b.txt"]]


# A technical book's sentences cut from one template: different sentences, most of their characters alike.
TEMPLATE = ["让我们看看示例8-14中一些正确编码的字符串的例子。", "让我们看看示例4-2中一个使用整型的例子。",
            "让我们看看示例15-3中一个使用智能指针的例子。", "让我们看看示例9-6中一个传播错误的例子。",
            "让我们看看示例10-1中一个寻找最大值的例子。", "让我们看看示例13-2中一个闭包捕获环境的例子。"]


def test_sentences_of_one_template_stay_apart_and_their_copies_join() -> None:
    copies = {f"{k}a.txt": text for k, text in enumerate(TEMPLATE)}
    copies |= {f"{k}b.txt": text.replace("使用", "使").replace("正确", "正仍") for k, text in enumerate(TEMPLATE)}
    texts = [comparable_text(t) for t in copies.values()]
    rarity = pair_rarity(texts)
    first, second, first_copy = texts[0], texts[1], texts[len(TEMPLATE)]
    # By their characters alone the first two would be copies…
    found = character_match(second, first, 0.0)
    assert found is not None and found[0] >= found[2]
    # …but the pairs they share are the template's, which every sentence holds: they keep little of what
    # is specific to them; a copy with a misread character keeps most of it.
    assert specific_share(second, first, rarity) < DEFAULT_CLUSTER.short_specific
    assert specific_share(first_copy, first, rarity) >= DEFAULT_CLUSTER.short_specific
    assert _works(copies) == sorted([f"{k}a.txt", f"{k}b.txt"] for k in range(len(TEMPLATE)))
    loose = replace(DEFAULT_CLUSTER, short_specific=0.0)  # without the weights, template sentences chain up
    segments = tuple(s for name, text in copies.items() for s in seg(text, name))
    assert len(cluster_segments(segments, loose)) < len(TEMPLATE)


def test_a_scrap_the_segmenter_cut_off_a_copy_joins_it() -> None:
    # The closing sentence of x.txt's copy stands alone (a page break before it): too short to be matched on
    # its own shingles, but the other copies hold it right after the text of the copy it follows in x.txt.
    closing = "以上就是今天要讲的全部内容，谢谢大家。"
    body = "\n".join(SECTIONS[:3])
    whole = body + "\n" + closing
    copies = seg(whole, "a.txt") + seg(whole, "b.txt")
    works = cluster_segments(copies + seg(body, "x.txt") + seg(closing, "x.txt"))
    assert [sorted(s.span.source for s in w.segments) for w in works] == [["a.txt", "b.txt", "x.txt", "x.txt"]]
    # A line the other copies do not hold, or hold elsewhere than after that text, is no scrap of it.
    other = "请各位代表会后到二楼领取材料。"
    assert len(cluster_segments(copies + seg(body, "x.txt") + seg(other, "x.txt"))) == 2
    assert len(cluster_segments(copies + seg(closing, "x.txt") + seg(body, "x.txt"))) == 2  # before it
