"""The sentence pool: real sentences and lines of the seeds, read and cleaned by the project's own stages.

No text of a generated corpus is invented: every title, sentence, salutation and addressee comes from
this pool, and damage is the only change.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from build_tools.pipeline import load_folder
from build_tools.rules import structure
from build_tools.stages.clean import clean_source
from build_tools.stages.read import read_sources
from build_tools.text import fold_text
from tests.project import ROOT

SEEDS = ROOT / "seeds"
SENTENCE = re.compile(r"[^。！？]*[。！？]+[”’」』）)]*")
OPENERS = "“‘「『《（("  # punctuation a sentence (or a printed line) may start with
MIN_SENTENCE, MAX_SENTENCE = 10, 200


@dataclass(frozen=True)
class Pool:
    """What documents are made of: real sentences and lines of the cleaned seeds."""

    sentences: tuple[str, ...]
    titles: tuple[str, ...]  # title-like lines of the seeds usable as a document's title
    salutations: tuple[str, ...]  # 同志们： …
    addressees: tuple[str, ...]  # 所属各部门： …
    forwarding: str  # the seeds' sentence that forwards a speech (现将讲话全文转发)
    characters: str  # the seeds' CJK characters, for substitutions
    text: str  # the cleaned seeds, block texts joined by "\n": every piece used is a substring of it


def good_title(text: str) -> bool:
    """A line that reads as a title on its own and that cleaning cannot glue to the next line.

    Titles with clause punctuation (a comma) or ending on a particle are left out: after such a line a
    reader cannot tell a title from a broken paragraph either.
    """
    return (6 <= len(text) <= 39 and structure.looks_like_title(text)
            and not structure.NUMBERED_HEADING.match(text) and not structure.is_prose_fragment(text)
            and not structure.TITLE_CONTINUES.search(text) and not structure.DOC_NUMBER.match(text)
            and not structure.ISSUER_LETTERHEAD.match(text) and not structure.PERSON_NAME.match(text)
            and not structure.is_subtitle(text) and not structure.is_addressee(text)
            and not structure.FORWARDING.search(text) and text == text.strip())


def _usable_sentence(text: str) -> bool:
    first = text[:1]
    return (MIN_SENTENCE <= len(text) <= MAX_SENTENCE and bool(first)
            and (unicodedata.category(first)[0] in "LN" or first in OPENERS)
            and not structure.CLOSING_FORMULA.match(text) and not structure.FORWARDING.search(text)
            and "\u3000" not in text)


def _ngrams(text: str, n: int = 6) -> list[str]:
    return [text[i:i + n] for i in range(max(1, len(text) - n + 1))]


@lru_cache(maxsize=4)
def sentence_pool(seed_dir: Path = SEEDS) -> Pool:
    """Read and clean the seeds with the project's stages; split paragraphs into sentences at 。！？.

    A sentence is kept once, and only when at least half its 6-grams are new: the seeds hold one
    speech in five damaged copies, and near-identical sentences would make unrelated documents look
    like copies of each other.
    """
    sources, _ = read_sources(load_folder(seed_dir))
    blocks = [b.text for s in sources for b in clean_source(s).blocks]
    sentences: list[str] = []
    seen: set[str] = set()
    titles: list[str] = []
    salutations: list[str] = []
    addressees: list[str] = []
    forwarding = ""
    for text in blocks:
        if good_title(text) and text not in titles:
            titles.append(text)
        if structure.SALUTATION.match(text) and len(text) <= 12 and text not in salutations:
            salutations.append(text)
        if (structure.is_addressee(text) and len(text) <= 20 and not structure.SALUTATION.match(text)
                and "，" not in text and text not in addressees):
            addressees.append(text)
        for m in SENTENCE.finditer(text):
            sentence = m.group().strip()
            if not forwarding and "现将讲话全文转发" in sentence:
                forwarding = sentence
            if not _usable_sentence(sentence):
                continue
            grams = _ngrams(fold_text(sentence))
            if sum(g in seen for g in grams) * 2 > len(grams):
                continue
            seen.update(grams)
            sentences.append(sentence)
    if not forwarding or not sentences or not titles:
        raise ValueError(f"the seeds in {seed_dir} lack sentences, titles or a forwarding notice")
    joined = "\n".join(blocks)
    characters = "".join(sorted({c for c in joined if structure.is_cjk(c)}))
    return Pool(tuple(sentences), tuple(titles), tuple(salutations) or ("同志们：",),
                tuple(addressees) or ("所属各部门：",), forwarding, characters, joined)
