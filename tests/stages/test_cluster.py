"""The cluster stage: copies group by containment, different documents with shared boilerplate don't."""

from __future__ import annotations

from build_tools.stages.cluster import (
    CONTAINMENT,
    MIN_SHARED_SHINGLES,
    are_copies,
    cluster_segments,
    fold_text,
    shingles,
)
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
    base = shingles(fold_text(SPEECH))
    part = shingles(fold_text(SPEECH[:60]))
    assert are_copies(part, base)  # a fragment is wholly contained
    tiny = shingles(fold_text(SPEECH[:30]))
    assert len(tiny) < MIN_SHARED_SHINGLES and not are_copies(tiny, base)  # too little text to tell
    half = shingles(fold_text(SPEECH[:80] + OTHER[:80]))
    assert len(half & base) / len(half) < CONTAINMENT and not are_copies(half, base)
