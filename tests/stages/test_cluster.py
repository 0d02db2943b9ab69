"""The cluster stage: copies group by containment, different documents with shared boilerplate don't."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools.records import Segment
from build_tools.settings import DEFAULT_CLUSTER, ClusterConfig
from build_tools.stages import cluster
from build_tools.stages.clean import clean_sources
from build_tools.stages.cluster import (
    Match,
    are_copies,
    candidate_pairs,
    cluster_segments,
    links,
    ordered_containment,
    shingle_hashes,
    shingle_sequence,
    shingles,
)
from build_tools.stages.read import read_sources
from build_tools.stages.segment import segment_texts
from build_tools.text import fold_text
from tests.helpers import segments

SPEECH = ("今天我们召开会议，研究部署春季工作，各单位要高度重视，切实抓好落实。一要提高认识，把思想统一到上级的部署上来；"
          "二要压实责任，层层传导压力，确保不留死角；三要加强督查，发现问题及时整改，决不能敷衍了事。"
          "各级领导干部要靠前指挥，深入基层一线，帮助解决实际困难，确保各项任务按时完成。")
OTHER = ("这次座谈会的任务是总结经验，分析形势，部署今年的脱贫工作。贫困地区的基础设施明显改善，群众收入大幅提高。"
         "我们要保持政策稳定，加大资金投入，巩固已有成果，防止返贫。东西部协作要继续深化，产业帮扶要更加精准。")
BOILERPLATE = "同志们：\n{}\n让我们更加紧密地团结起来，坚定信心，共克时艰，夺取新的更大胜利！\n谢谢大家。"


def seg(text: str, name: str) -> tuple:
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
