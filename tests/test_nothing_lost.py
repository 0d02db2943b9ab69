"""Nothing is lost: every non-whitespace character of every source is in the edition or the ledger."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from build_tools.pipeline import load_folder
from tests.helpers import assert_nothing_lost

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_nothing_lost_on_the_seeds() -> None:
    assert_nothing_lost(load_folder(SEEDS))


def _messy_corpus(seed: int) -> list[tuple[str, bytes]]:
    """Generated sources: sentences shuffled from a small stock, with every kind of noise mixed in."""
    rng = random.Random(seed)
    stock = ["今天我们召开会议，研究部署下一步工作。", "各地区各部门要提高认识，切实加强领导。",
             "要坚持问题导向，把各项措施落到实处。", "基层是工作的第一线，也是落实的关键所在。",
             "同志们要增强责任意识，确保完成全年目标任务。", "一、关于前一段工作", "二、关于下一步工作"]
    noise = ["[bookmark: _Toc{n}]", "**", "【篇{n}】", ">\u3000", "\u200b", "\x00"]
    files = []
    for f in range(3):
        lines = ["以下是为大家整理的讲话稿3篇，欢迎品鉴！"]
        for n in range(40):
            line = rng.choice(stock)
            if rng.random() < 0.3:
                mark = rng.choice(noise).format(n=n)
                at = rng.randrange(len(line) + 1)
                line = line[:at] + mark + line[at:]
            if rng.random() < 0.2:  # a PDF break in mid-sentence
                cut = rng.randrange(1, len(line))
                lines.extend([line[:cut], ""])
                line = line[cut:]
            lines.append(line)
            lines.append("" if rng.random() < 0.5 else f"- {n} -")
        encoding = ["utf-8", "gb18030", "utf-16"][f]
        text = "\r\n".join(lines) if f == 1 else "\n".join(lines)
        files.append((f"messy {f}.txt", text.encode(encoding)))
    return files


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_nothing_lost_on_generated_messy_input(seed: int) -> None:
    assert_nothing_lost(_messy_corpus(seed))
