"""The cluster stage: copies group by containment, different documents with shared boilerplate don't; short
texts, moved passages, localised and heavily damaged copies group."""

from __future__ import annotations

import random
import re
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools.records import Block, BlockRole, Segment, Span
from build_tools.settings import DEFAULT_CLUSTER, ClusterConfig
from build_tools.stages import cluster
from build_tools.stages.clean import clean_sources
from build_tools.stages.cluster import (
    Match,
    are_copies,
    candidate_pairs,
    cluster_segments,
    links,
    merged_wholes,
    ordered_containment,
    passage_containment,
    shingle_hashes,
    shingle_sequence,
    shingles,
)
from build_tools.stages.convert import convert_text
from build_tools.stages.read import read_sources
from build_tools.stages.segment import segment_texts
from build_tools.stages.shingles import (
    character_match,
    comparable_text,
    dovetail,
    lcs_length,
    paragraph_containment,
    segment_shingles,
    segment_text,
    short_candidates,
)
from build_tools.text import fold_text
from tests.helpers import segments

SPEECH = ("今天我们召开会议，研究部署春季工作，各单位要高度重视，切实抓好落实。一要提高认识，把思想统一到上级的部署上来；"
          "二要压实责任，层层传导压力，确保不留死角；三要加强督查，发现问题及时整改，决不能敷衍了事。"
          "各级领导干部要靠前指挥，深入基层一线，帮助解决实际困难，确保各项任务按时完成。")
OTHER = ("这次座谈会的任务是总结经验，分析形势，部署今年的脱贫工作。贫困地区的基础设施明显改善，群众收入大幅提高。"
         "我们要保持政策稳定，加大资金投入，巩固已有成果，防止返贫。东西部协作要继续深化，产业帮扶要更加精准。")
BOILERPLATE = "同志们：\n{}\n让我们更加紧密地团结起来，坚定信心，共克时艰，夺取新的更大胜利！\n谢谢大家。"


def seg(text: str, name: str) -> tuple[Segment, ...]:
    return segments(text, name)


def test_truncated_and_opening_less_copies_join_their_whole() -> None:
    whole = seg(BOILERPLATE.format(SPEECH), "a.txt")
    truncated = seg(SPEECH[: len(SPEECH) * 2 // 3], "b.txt")
    headless = seg(SPEECH[len(SPEECH) // 3:], "c.txt")
    works = cluster_segments(whole + truncated + headless)
    assert len(works) == 1 and len(works[0].segments) == 3


def test_traditional_copy_joins_its_simplified_original() -> None:
    traditional = ("今天我們召開會議，研究部署春季工作，各單位要高度重視，切實抓好落實。一要提高認識，把思想統一到上級的部署上來；"
                   "二要壓實責任，層層傳導壓力，確保不留死角；三要加強督查，發現問題及時整改，決不能敷衍了事。")
    assert fold_text(traditional)[:10] == fold_text(SPEECH)[:10]
    works = cluster_segments(seg(SPEECH, "s.txt") + seg(traditional, "t.txt"))
    assert len(works) == 1


def test_documents_sharing_greeting_slogan_and_closing_stay_apart() -> None:
    a = seg(BOILERPLATE.format(SPEECH), "a.txt")
    b = seg(BOILERPLATE.format(OTHER), "b.txt")
    assert len(cluster_segments(a + b)) == 2


def test_thresholds() -> None:
    base = shingle_hashes(fold_text(SPEECH))
    part = shingle_hashes(fold_text(SPEECH[:60]))
    assert are_copies(part, base)  # a fragment is wholly contained
    tiny = shingle_hashes(fold_text(SPEECH[:30]))
    assert len(tiny) < DEFAULT_CLUSTER.min_shared_shingles and not are_copies(tiny, base)  # too little text to tell
    half_text = fold_text(SPEECH[:80] + OTHER[:80])
    half = shingle_hashes(half_text)
    assert len(shingles(half_text) & shingles(fold_text(SPEECH))) / len(half) < DEFAULT_CLUSTER.containment
    assert not are_copies(half, base)


@given(st.text(alphabet="春夏秋冬山水日月天地人和", max_size=40))
def test_shingle_hashes_stand_for_the_distinct_shingles(text: str) -> None:
    hashes = shingle_hashes(text)
    assert len(hashes) == len(shingles(text))  # no collisions among these few
    assert list(hashes) == sorted(set(hashes.tolist()))
    assert np.array_equal(hashes, shingle_hashes(text))


def test_shingle_hashes_do_not_depend_on_the_process() -> None:
    # Fixed values: the hash is arithmetic on code points, not Python's salted hash().
    import subprocess
    import sys

    code = "from build_tools.stages.cluster import shingle_hashes; print(shingle_hashes('今天我们召开会议').tolist())"
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": str(seed), "PATH": ""}).stdout for seed in (1, 2)}
    assert len(runs) == 1 and str(shingle_hashes("今天我们召开会议").tolist()) in runs.pop()


def _scale_segments(n: int) -> tuple[Segment, ...]:
    from tests.corpora.corpus import generate_corpus

    corpus = generate_corpus(n, 3)
    sources, _ = read_sources(corpus.files.items())
    return segment_texts(clean_sources(sources))


def _exhaustive(items: list[cluster.Hashes]) -> set[tuple[int, int]]:
    return {(i, j) for i in range(len(items)) for j in range(i + 1, len(items))}


@pytest.mark.parametrize("rate", [1, 4])  # exact counts, then one shingle in four
def test_indexed_candidates_miss_no_copies(rate: int) -> None:
    segs = _scale_segments(40)
    items = [cluster.segment_shingles(s).distinct for s in segs]
    assert len(items) >= DEFAULT_CLUSTER.exhaustive_below
    common = cluster.boilerplate(items)
    copies = {(i, j) for i, j in _exhaustive(items) if are_copies(items[i], items[j], common)}
    config = ClusterConfig(pair_budget=cluster.pair_work(items) // rate)
    sampled = [h[(h & np.uint64(rate - 1)) == 0] for h in items]
    assert sum(len(h) >= config.min_sampled for h in sampled) > len(items) / 2  # most go through the sample
    candidates = candidate_pairs(items, config)
    assert copies and copies <= candidates
    assert len(candidates) < len(_exhaustive(items)) / 10  # and the index does prune


def test_order_tells_a_copy_from_a_document_reusing_its_sentences() -> None:
    sentences = [s + "。" for s in (SPEECH + OTHER).split("。") if s]
    copy = "".join(sentences[:8])
    reshuffled = "".join(sentences[7::-1])  # the same sentences, last first
    text = shingle_sequence(fold_text(copy))
    assert ordered_containment(text, shingle_sequence(fold_text("".join(sentences)))) > 0.95
    assert are_copies(shingle_hashes(fold_text(copy)), shingle_hashes(fold_text(reshuffled)))  # same bag
    assert ordered_containment(text, shingle_sequence(fold_text(reshuffled))) < DEFAULT_CLUSTER.containment


def test_a_part_joins_its_best_match_and_bridges_only_when_it_fits_several_wholly() -> None:
    matches = [
        Match(0, 1, 0.70, 100), Match(0, 2, 0.69, 100), Match(0, 3, 0.95, 100),  # a short part
        Match(4, 5, 0.97, 300), Match(4, 6, 0.92, 300),  # a long part wholly inside two documents
        Match(7, 8, 0.97, 100), Match(7, 9, 0.96, 100),  # a short one inside two: only the best
    ]
    assert set(links(matches)) == {(0, 3), (4, 5), (4, 6), (7, 8)}


def test_hundreds_of_copies_of_one_text_are_one_work_and_not_their_own_boilerplate() -> None:
    text = BOILERPLATE.format(SPEECH)
    files = [seg(text if k % 3 else text[: len(text) // 2], f"c{k:03d}.txt") for k in range(120)]
    rng = random.Random(7)  # a dozen other documents (random characters) in the same frame
    others = [seg(BOILERPLATE.format("".join(chr(0x4E00 + rng.randrange(20000)) for _ in range(150)) + "。"),
                  f"o{k}.txt") for k in range(12)]
    works = cluster_segments(tuple(s for f in files + others for s in f))
    assert sorted(len(w.segments) for w in works) == [1] * 12 + [120]


# Short texts, moved passages, localised and heavily damaged copies.

QUATRAIN = "床前明月光，疑是地上霜。举头望明月，低头思故乡。"
POOL = "春夏秋冬山水日月天地人和风云雨雪花草木石江河湖海东西南北上下左右前后"


def _damaged(text: str, rng: random.Random, loss: float, substitutions: int = 0) -> str:
    """Characters (not punctuation) dropped at rate `loss`, then some substituted."""
    chars = [c for c in text if not ("\u4e00" <= c <= "\u9fff") or rng.random() >= loss]
    places = [i for i, c in enumerate(chars) if "\u4e00" <= c <= "\u9fff"]
    for i in rng.sample(places, min(substitutions, len(places))):
        chars[i] = rng.choice(POOL)
    return "".join(chars)


def _works(texts: dict[str, str]) -> list[list[str]]:
    """The file names of each work, each work's names sorted, works sorted."""
    works = cluster_segments(tuple(s for name, text in texts.items() for s in seg(text, name)))
    return sorted(sorted({s.span.source for s in w.segments}) for w in works)


@pytest.mark.parametrize("title", ["", "静夜思\n李白\n"])
def test_a_quatrain_with_two_substituted_characters_in_each_copy_groups(title: str) -> None:
    copies = {"a.txt": "床前看月光，疑是地上霜。举头望明月，低头思故乡。",  # 明→看
              "b.txt": title + "床前明月光，疑似地上霜。举头望山月，低头思故乡。",  # 是→似, 明→山
              "c.txt": "床前明月光疑是地上霜举头望明月低头思故乡"}
    assert _works(copies) == [["a.txt", "b.txt", "c.txt"]]
    # With 5-character shingles alone the two damaged copies have too little in common to tell.
    a, b = (shingle_hashes(fold_text(copies[k])) for k in ("a.txt", "b.txt"))
    assert len(np.intersect1d(a, b)) < 0.6 * min(len(a), len(b))


def test_two_poems_that_share_one_famous_line_stay_apart() -> None:
    # 李白's 静夜思 and a poem of our own that borrows its third line, each in two copies.
    other = "秋风吹客袖，孤雁过寒塘。举头望明月，何处是家乡。"
    texts = {"a1.txt": QUATRAIN, "a2.txt": "静夜思\n" + QUATRAIN.replace("霜", "箱"),
             "b1.txt": other, "b2.txt": other.replace("寒", "横")}
    assert _works(texts) == [["a1.txt", "a2.txt"], ["b1.txt", "b2.txt"]]
    # Real pairs: 王维's 鹿柴 and a poem of 刘长卿 that ends with its first line; 杜牧's 秋夕-like
    # quatrains of one form with one line swapped.
    luchai = "空山不见人，但闻人语响。返景入深林，复照青苔上。"
    liu = "岂知偕老重，垂老绝良姻。郗氏诚难负，朱家自愧贫。绽衣留欲故，织锦罢经春。何况蘼芜绿，空山不见人。"
    assert _works({"a.txt": luchai, "b.txt": liu}) == [["a.txt"], ["b.txt"]]
    swapped = "秋风吹客袖，孤雁过寒塘。举头望明月，何处是家乡。".replace("秋风吹客袖", "床前明月光")
    assert _works({"a.txt": QUATRAIN, "b.txt": swapped}) == [["a.txt"], ["b.txt"]]  # two lines of four shared


NOTICES = [
    "各单位：因供电线路检修，本周六上午八时至下午五时全楼停电，请提前保存电脑中的文件，关闭空调和饮水机，"
    "检修期间电梯停止运行。",
    "各位居民：小区东门本月十日起封闭施工，车辆请从北门出入，施工期间请照看好老人和儿童，不要在工地附近停留，谢谢配合。",
    "同学们：图书馆寒假期间每周二、周四开放，开放时间为上午九时至下午四时，借书期限延长至开学后两周，逾期不另收取费用。",
    "全体员工：公司年会定于下周五晚上六点在三楼礼堂举行，请各部门提前排练节目，并于周三前把节目单报到行政部备案。",
]


@pytest.mark.parametrize("seed", range(5))
def test_short_notices_with_heavy_loss_and_substitution_still_group(seed: int) -> None:
    rng = random.Random(seed)
    texts = {}
    for n, notice in enumerate(NOTICES):
        assert 50 <= len(fold_text(notice)) <= 100
        for k in range(3):  # 3-5 % of the characters dropped, and one or two substituted
            texts[f"n{n}-{k}.txt"] = _damaged(notice, rng, rng.uniform(0.03, 0.05), rng.randint(1, 2))
    assert _works(texts) == [[f"n{n}-{k}.txt" for k in range(3)] for n in range(len(NOTICES))]


SECTIONS = [
    "第一部分讲的是项目的来历。三年前，县里决定在老城区建一座社区图书馆，当时选了好几个地方，最后定在原来的"
    "粮站旧址，因为那里交通方便，周围住着很多老人和孩子，大家都盼着能有一个安静读书的去处，消息传开以后街坊们都很高兴。",
    "第二部分讲施工的经过。工程队进场以后，先拆除了危房，又加固了地基，雨季来临的时候工地一度停工，"
    "工人们搭起雨棚连夜抢修排水沟，终于赶在年底之前完成了主体结构，没有耽误整体的进度安排，验收时一次通过。",
    "第三部分讲图书的来源。除了政府采购的新书以外，很多市民把家里的藏书捐了出来，有一位退休教师一次就送来"
    "两百多册，志愿者们花了整整一个月的时间分类、登记、贴标签，把每一本书都放到了合适的书架上，还编了一份新书目录。",
    "第四部分讲开馆以后的情况。图书馆每天早上八点开门，晚上九点关门，周末还有专门为孩子们准备的故事会，"
    "放学以后来写作业的学生越来越多，阅览室里常常座无虚席，管理员不得不又添了几张长桌和十几把椅子。",
    "第五部分讲遇到的困难。经费紧张是最大的问题，电费、网费和书刊订阅每年都要一笔开支，管理员只有两个人，"
    "忙的时候顾不过来，好在附近的大学生经常来做志愿者，帮着整理书架、维持秩序、辅导功课，大家都很感激他们。",
    "第六部分讲今后的打算。明年准备开设老年人电脑班，教大家用手机挂号、缴费和视频聊天，还打算和学校合作"
    "办读书节，把图书馆真正办成社区的文化中心，让更多的人愿意走进来，也愿意留下来，在这里找到自己的一片天地。",
]


@pytest.mark.parametrize("order", [(5, 4, 3, 2, 1, 0), (3, 4, 5, 0, 1, 2), (1, 0, 3, 2, 5, 4), (2, 5, 0, 4, 1, 3)])
def test_a_copy_with_its_paragraphs_in_another_order_groups(order: tuple[int, ...]) -> None:
    text = "\n".join(SECTIONS)
    assert 550 <= len(fold_text(text)) <= 650
    moved = "\n".join(SECTIONS[k] for k in order)
    small, large = shingle_sequence(fold_text(moved)), shingle_sequence(fold_text(text))
    if order == (5, 4, 3, 2, 1, 0):
        assert ordered_containment(small, large) < DEFAULT_CLUSTER.containment  # in order, it is no copy…
    assert passage_containment(small, large) > 0.9  # …but every paragraph is there as a passage
    rng = random.Random(sum(order))
    assert _works({"a.txt": text, "b.txt": _damaged(moved, rng, 0.02, 2)}) == [["a.txt", "b.txt"]]


def test_a_document_that_shares_three_sentences_in_another_order_does_not_group() -> None:
    sentences = [s + "。" for s in SPEECH.split("。") if s]  # 30, 65 and 36 characters
    mine = "这次会议开得很及时，大家都很受鼓舞。"
    other = sentences[2] + mine + sentences[1] + sentences[0]  # most of it is the speech's, last first
    a, b = shingle_hashes(fold_text(SPEECH)), shingle_hashes(fold_text(other))
    assert len(np.intersect1d(a, b)) >= DEFAULT_CLUSTER.containment * len(b)  # the same bag of shingles…
    small, large = shingle_sequence(fold_text(other)), shingle_sequence(fold_text(SPEECH))
    assert passage_containment(small, large) < DEFAULT_CLUSTER.containment  # …in sentences, not passages
    assert _works({"a.txt": SPEECH, "b.txt": other}) == [["a.txt"], ["b.txt"]]
    # The reshuffled sentences of test_order_… above do not group either.
    copy_sentences = [s + "。" for s in (SPEECH + OTHER).split("。") if s]
    assert _works({"a.txt": "".join(copy_sentences), "b.txt": "".join(copy_sentences[::-1])}) == [["a.txt"], ["b.txt"]]


TECHNICAL = ("我们的软件可以帮助用户管理文件和信息。安装程序之后，请连接网络，然后用鼠标点击打印按钮，系统会把文件"
             "发送到打印机。如果网络中断，程序会保存信息，并在恢复以后自动重新发送。用户也可以在软件的设置里选择默认"
             "打印机，修改文件保存的位置，或者查看程序运行的日志信息。每次升级软件之前，程序都会备份用户的文件和信息，"
             "升级完成以后再通过网络检查新的版本，用鼠标双击图标就能打开打印记录，查看哪些文件已经打印。"
             "网络管理员可以远程安装软件，统一设置打印机和文件权限。")


def test_a_copy_localised_for_taiwan_groups_with_its_simplified_original() -> None:
    import opencc

    localised = str(opencc.OpenCC("s2twp.json").convert(TECHNICAL))
    assert all(word in localised for word in ("軟體", "檔案", "資訊", "網路", "程式", "列印", "滑鼠"))
    assert len(fold_text(TECHNICAL)) >= DEFAULT_CLUSTER.short_chars  # compared by shingles, not characters
    # Folded character by character the wording differs every few characters; put back into mainland
    # wording (`comparable_text`) the copy is its original again.
    plain = shingle_hashes(fold_text(localised))
    original = shingle_hashes(fold_text(TECHNICAL))
    assert len(np.intersect1d(plain, original)) < DEFAULT_CLUSTER.containment * len(original)
    assert comparable_text(TECHNICAL) == fold_text(TECHNICAL)
    assert len(np.intersect1d(shingle_hashes(comparable_text(localised)), original)) > 0.9 * len(original)
    assert _works({"a.txt": TECHNICAL, "b.txt": localised}) == [["a.txt", "b.txt"]]
    assert _works({"a.txt": localised, "b.txt": convert_text(TECHNICAL, "s2t")}) == [["a.txt", "b.txt"]]


def test_long_copies_damaged_five_percent_each_group_and_documents_sharing_half_do_not() -> None:
    rng = random.Random(3)
    text = "\n".join(SECTIONS)
    a, b = (_damaged(text, rng, 0.05, 6) for _ in range(2))
    small, large = sorted((shingle_hashes(fold_text(a)), shingle_hashes(fold_text(b))), key=len)
    assert len(np.intersect1d(small, large)) < DEFAULT_CLUSTER.containment * len(small)  # shingles fail
    assert _works({"a.txt": a, "b.txt": b}) == [["a.txt", "b.txt"]]
    half = "\n".join(SECTIONS[:3]) + "\n" + "\n".join(NOTICES)  # the first half, in order, then other text
    assert _works({"a.txt": text, "b.txt": half}) == [["a.txt"], ["b.txt"]]


def test_lengths_are_counted_on_folded_text() -> None:
    spaced = "第 一 章  总 则"  # letter-spaced: 11 characters, 5 folded
    assert comparable_text(spaced) == "第一章总则"
    assert character_match(spaced, "第一章总则", 1.0) is None  # too short to tell, however it is spaced
    poem = " ".join(QUATRAIN)  # a letter-spaced copy is the poem, not a text twice as long
    found = character_match(comparable_text(poem), comparable_text(QUATRAIN), 0.0)
    assert found is not None and found[:2] == (1.0, 1.0)
    assert _works({"a.txt": poem, "b.txt": QUATRAIN.replace("霜", "箱")}) == [["a.txt", "b.txt"]]


def test_a_short_fragment_of_a_long_text_does_not_join_it() -> None:
    # A short text is compared by characters only with texts of about its length: a slogan or a
    # sentence quoted from a long document is not a copy of it (a fragment needs 40 shingles).
    texts = {"a.txt": BOILERPLATE.format(SPEECH), "b.txt": SPEECH[:30]}
    assert len(fold_text(SPEECH[:30])) < DEFAULT_CLUSTER.short_chars
    assert _works(texts) == [["a.txt"], ["b.txt"]]


@given(st.text(alphabet="春夏秋冬山水日月天地人和", max_size=60), st.text(alphabet="春夏秋冬山水日月天地人和", max_size=60))
def test_lcs_length_is_the_longest_common_subsequence(a: str, b: str) -> None:
    from rapidfuzz.distance import LCSseq

    assert lcs_length(a, b) == lcs_length(b, a) == LCSseq.similarity(a, b)


def _pseudo_poems(count: int, rng: random.Random) -> list[str]:
    """Quatrains of real poem lines (from the poem fixture), recombined: many share a line or two."""
    import json
    from pathlib import Path

    poems = json.loads((Path(__file__).parents[1] / "data" / "poems" / "tang.json").read_text(encoding="utf-8"))
    lines = sorted({line for p in poems for line in re.split(r"[，。？！；]", "".join(p["paragraphs"]))
                    if len(line) == 5})
    return ["，".join(rng.sample(lines, 4)) + "。" for _ in range(count)]


def test_candidates_for_thousands_of_short_texts_stay_fast_and_miss_no_copies() -> None:
    import time

    rng = random.Random(5)
    texts = [fold_text(p) for p in _pseudo_poems(3000, rng)]
    copies = [_damaged(t, rng, 0.04, 2) for t in texts[:300]]
    items = texts + copies
    start = time.perf_counter()
    candidates = short_candidates(items)
    elapsed = time.perf_counter() - start
    assert elapsed < 5, elapsed
    truth = {(k, len(texts) + k) for k in range(len(copies))}
    assert truth <= candidates
    assert len(candidates) < 20 * len(items)  # near-linear: a handful of candidates per text
    # Verified, the copies are found and texts that share a line or two are not.
    copies_found = {(i, j) for i, j in candidates if (m := character_match(items[i], items[j], 0.0)) and m[0] >= m[2]}
    assert copies_found == truth


def test_a_file_of_two_short_poems_the_segmenter_did_not_part_joins_neither() -> None:
    # Without title lines the two poems are one segment; it holds each of them, but is a copy of neither,
    # and must not bridge their copies into one work.
    luchai = "空山不见人，但闻人语响。返景入深林，复照青苔上。"
    texts = {"a1.txt": QUATRAIN, "a2.txt": QUATRAIN.replace("霜", "箱"), "b1.txt": luchai,
             "b2.txt": luchai.replace("深", "森"), "c.txt": QUATRAIN + "\n\n" + luchai}
    assert _works(texts) == [["a1.txt", "a2.txt"], ["b1.txt", "b2.txt"], ["c.txt"]]
    matches = [Match(0, 9, 0.95, 16, short=True), Match(5, 9, 0.9, 16, short=True), Match(7, 8, 0.9, 16, short=True)]
    assert set(links(matches)) == {(7, 8)}  # group 9 holds two different short texts: a collection


# Segments that hold two documents, copies cut in two, copies that overlap end to start.

def test_a_segment_holding_two_documents_bridges_neither_to_the_other() -> None:
    # Two documents one after the other without a title between them are one segment: it holds the copies
    # of both. It joins the one it mostly holds; the copies of the other stay apart.
    a, b = "\n".join(SECTIONS), "\n".join([TECHNICAL, SPEECH])
    rng = random.Random(2)
    merged = a + "\n" + b
    assert len(seg(merged, "m.txt")) == 1
    texts = {"a1.txt": a, "a2.txt": _damaged(a, rng, 0.01), "b1.txt": b, "b2.txt": _damaged(b, rng, 0.01),
             "m.txt": merged}
    assert _works(texts) == [["a1.txt", "a2.txt", "m.txt"], ["b1.txt", "b2.txt"]]
    # A segment that is mostly one document is a whole copy of it; the other document found in the rest of
    # it (outside the text its group's copies share) does not join through it either.
    short = "\n".join(NOTICES[1:3])
    texts = {"a1.txt": a, "a2.txt": _damaged(a, rng, 0.01), "b1.txt": short, "b2.txt": _damaged(short, rng, 0.01),
             "m.txt": a + "\n" + short}
    assert _works(texts) == [["a1.txt", "a2.txt", "m.txt"], ["b1.txt", "b2.txt"]]


def test_pieces_of_a_copy_the_segmenter_cut_in_two_both_join_their_whole() -> None:
    # Each piece holds a different half of the whole: apart in it, but neighbours in their file.
    whole = "\n".join(SECTIONS)
    pieces = seg("\n".join(SECTIONS[:3]), "x.txt") + seg("\n".join(SECTIONS[3:]), "x.txt")
    works = cluster_segments(seg(whole, "a.txt") + pieces)
    assert len(works) == 1 and len(works[0].segments) == 3


def test_matches_in_one_whole_that_barely_overlap_make_it_hold_two_documents() -> None:
    first, second = Match(1, 9, 0.95, 300, span=(0.0, 0.6)), Match(2, 9, 0.9, 200, span=(0.62, 1.0))
    assert set(links([first, second])) == {(1, 9)}  # the whole is mostly the first one's
    assert set(links([first, replace(second, span=(0.3, 1.0))])) == {(1, 9), (2, 9)}  # overlapping: one document
    assert set(links([first, second], neighbours={(1, 2), (2, 1)})) == {(1, 9), (2, 9)}  # pieces of one copy
    assert set(links([first, second, Match(2, 1, 0.7, 200, span=(0.5, 1.0))])) >= {(1, 9), (2, 9)}  # copies
    even = [replace(first, span=(0.0, 0.5)), replace(second, span=(0.5, 1.0))]
    assert links(even) == []  # half and half: a copy of neither
    # The whole's own text (where its group's other copies stand in it) is one of the documents.
    own = [replace(second, own=(0.0, 0.6))]
    assert links(own) == []
    assert set(links([replace(second, own=(0.5, 1.0))])) == {(2, 9)}
    assert merged_wholes([first, second]) == {9: [2]}
    # A short text found by its characters in a short whole stands in the whole's own text.
    short = Match(3, 9, 0.8, 20, short=True, cover=0.6)
    assert set(links([replace(first, span=(0.0, 1.0), own=(0.0, 1.0)), short])) == {(1, 9), (3, 9)}


def test_a_copy_cut_short_and_a_copy_lacking_its_opening_join_where_they_overlap() -> None:
    paragraphs = [*SECTIONS, TECHNICAL, SPEECH, OTHER]
    rng = random.Random(4)
    cut_short, opening_lost = "\n".join(paragraphs[:6]), "\n".join(paragraphs[3:])
    small, large = sorted((shingle_hashes(fold_text(cut_short)), shingle_hashes(fold_text(opening_lost))), key=len)
    assert len(np.intersect1d(small, large)) < DEFAULT_CLUSTER.containment * len(small)  # neither holds the other
    first, then = (shingle_sequence(fold_text(t)) for t in (cut_short, opening_lost))
    found = dovetail(first, then)
    assert found is not None and found[0] >= DEFAULT_CLUSTER.dovetail_min
    assert dovetail(then, first) is None
    texts = {"a.txt": _damaged(cut_short, rng, 0.01), "b.txt": _damaged(opening_lost, rng, 0.01)}
    assert _works(texts) == [["a.txt", "b.txt"]]
    # Two documents of which one ends with a paragraph the other starts with are not one.
    assert _works({"a.txt": "\n".join([*SECTIONS[:4], NOTICES[0]]),
                   "b.txt": "\n".join([NOTICES[0], OTHER, SPEECH])}) == [["a.txt"], ["b.txt"]]
    # A copy wholly inside the other is a part, not an overlap.
    assert dovetail(shingle_sequence(fold_text(opening_lost)), shingle_sequence(fold_text(paragraphs[4]))) is None


def _segment(name: str, *blocks: tuple[BlockRole, str]) -> Segment:
    laid = tuple((role, Block(text, Span(name, k, k), ())) for k, (role, text) in enumerate(blocks, start=1))
    return Segment(name, Span(name, 1, len(blocks)), laid, blocks[0][1], None, None, None)


def test_a_short_text_whose_first_lines_read_as_titles_is_compared_with_them() -> None:
    text = "防止并发编程中的错误是在 Rust 程序中考虑所有权的一大优势。"
    broken = _segment("a.txt", ("title", "通过信道转移所有权"), ("title", "防止并发编程中的错误是在 Rust 程序中考虑所有权的"),
                      ("body", "一大优势。"))
    assert segment_text(broken) == text
    plain = _segment("b.txt", ("title", "通过信道转移所有权"), ("body", text))
    assert segment_text(plain) == text  # a title above its text is not compared
    damaged = _segment("c.txt", ("body", text.replace("错", "借").replace("优", "")))
    assert len(cluster_segments((broken, plain, damaged))) == 1


def test_a_short_item_with_its_short_paragraphs_in_another_order_groups() -> None:
    item = "\n".join(NOTICES)  # four paragraphs of about 50 characters: shorter than a passage
    moved = "\n".join(NOTICES[k] for k in (1, 3, 0, 2))  # no two in their order: passages of one paragraph
    small, large = shingle_sequence(fold_text(moved)), shingle_sequence(fold_text(item))
    assert ordered_containment(small, large) < DEFAULT_CLUSTER.containment
    assert passage_containment(small, large) < DEFAULT_CLUSTER.containment
    paragraphs = segment_shingles(seg(moved, "b.txt")[0]).paragraphs
    assert len(paragraphs) == 3
    assert paragraph_containment(small, large, paragraphs) > 0.9
    assert _works({"a.txt": item, "b.txt": moved.replace("周", "")}) == [["a.txt", "b.txt"]]
