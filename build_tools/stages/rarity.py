"""Character pairs weighed by their rarity across the corpus's short texts (IDF-like), for stage cluster.

Short texts are compared character by character (`shingles.character_match`): two copies keep most
of their characters in order. So do two different sentences cut from one template, as a technical
book writes them ("让我们看看示例 8-14 中一些正确编码的字符串的例子", "让我们看看示例 4-2 中一个使用整型的例子"):
they differ only in the few words that say what they are about. Weighing each character pair by how
few of the short texts hold it (the logarithm of texts over texts holding it), the pairs the template
gives everyone count little and the words that are specific count much: a copy keeps its specific
pairs, a sentence of the same template does not. A pair no other text holds (a misread character's)
tells nothing about the other text and is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from build_tools.settings import DEFAULT_CLUSTER, ClusterConfig
from build_tools.stages.shingles import char_pairs, short_texts

Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class PairRarity:
    """How many of the short texts hold each character pair."""

    pairs: Ints  # sorted distinct pairs (`char_pairs` codes)
    holders: Ints  # texts holding each
    texts: int  # short texts counted


def pair_rarity(texts: list[str], config: ClusterConfig = DEFAULT_CLUSTER) -> PairRarity:
    """Count, for each character pair, the short texts holding it."""
    return rarity_of([char_pairs(texts[i]) for i in short_texts(texts, config)])


def rarity_of(grams: list[Ints]) -> PairRarity:
    """`pair_rarity` of the short texts' character pairs (`char_pairs`)."""
    if not grams:
        return PairRarity(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), 0)
    pairs, holders = np.unique(np.concatenate(grams), return_counts=True)
    return PairRarity(pairs, holders.astype(np.int64), len(grams))


def specific_share(small: str, large: str, rarity: PairRarity) -> float:
    """Share of `small`'s character pairs found in `large`, each weighed by its rarity (log of texts over
    texts holding it); pairs no other text holds are left out. 1.0 when nothing is left to weigh."""
    mine = char_pairs(small)
    if not len(mine) or not len(rarity.pairs):
        return 1.0
    place = np.minimum(np.searchsorted(rarity.pairs, mine), len(rarity.pairs) - 1)
    holders = np.where(rarity.pairs[place] == mine, rarity.holders[place], 1)
    weight = np.where(holders > 1, np.log(max(rarity.texts, 2) / holders), 0.0)
    total = float(weight.sum())
    if total <= 0:
        return 1.0
    found = np.isin(mine, char_pairs(large), assume_unique=True)
    return float(weight[found].sum()) / total
