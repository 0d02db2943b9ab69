"""True documents: the records of what the generator made, and their composition from the pool.

Each true document is a title (a real title-like line of the seeds, or the first clause of its first
sentence), an optional date, and paragraphs of shuffled real sentences (300–3000 characters). A
document that shares more than a quarter of its text with an earlier one is drawn again (best of 30
draws: with about 900 sentences in the seeds, at N=2000 a hundred pairs of documents still share
25–35 %). A few documents are notices that forward a copy of another (现将讲话全文转发).
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from build_tools.records import Coverage
from tests.corpora.pool import Pool, good_title

T = TypeVar("T")
CLAUSE_END = re.compile(r"[，。；：！？、,;:!?]")
MIN_BODY, MAX_BODY = 300, 3000  # characters of a document's text
MAX_SHARED = 0.25  # share of the smaller document's text two documents should not exceed (redrawn)
COPIES = ((1, 12), (2, 20), (3, 33), (4, 20), (5, 15))  # (witnesses, weight): about 3 per document
NOTICE_SHARE = 0.03  # share of the documents that are notices forwarding a copy of another


@dataclass
class TrueWitness:
    """Where one copy of a true document was written, and what was done to it."""

    file: str
    first_line: int  # the copy's title line (1-based)
    body_first_line: int  # the first line of its text, after title and date lines
    last_line: int  # its last line of text
    coverage: Coverage
    covers: tuple[int, int]  # the stretch of the document's text it has (offsets into `text`)
    edits: int  # single-character edits made (an upper bound of the edit distance to the original)
    embedded_in: str | None = None  # id of the true document (a notice) it stands inside
    damage: list[str] = field(default_factory=list)


@dataclass
class TrueDocument:
    """A document as the generator made it: its original text and its copies."""

    id: str
    kind: Literal["document", "notice", "book", "manual", "wiki", "poem", "short"]  # the last five: honest profile
    title: str
    date: str | None  # ISO date, when the document has one
    paragraphs: list[str]
    copies: int
    witnesses: list[TrueWitness] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def _first_clause(sentence: str) -> str:
    return CLAUSE_END.split(sentence, maxsplit=1)[0]


def _pick_title(rng: random.Random, pool: Pool, sentences: list[str]) -> str:
    """A seed title (a third of the time), else the first clause of a sentence moved to the front."""
    if rng.random() >= 0.3:
        for k, sentence in enumerate(sentences):
            clause = _first_clause(sentence)
            if len(clause) <= 30 and good_title(clause):
                sentences.insert(0, sentences.pop(k))
                return clause
    return rng.choice(pool.titles)


def _paragraphs(rng: random.Random, sentences: list[str]) -> list[str]:
    result = []
    i = 0
    while i < len(sentences):
        take = rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5))
        result.append("".join(sentences[i:i + take]))
        i += take
    return result


class _Composer:
    """Draws documents of shuffled sentences, redrawing any that shares too much with earlier ones."""

    def __init__(self, rng: random.Random, pool: Pool, avoid: Sequence[int] = ()) -> None:
        self.rng = rng
        self.pool = pool
        avoided = set(avoid)  # once: building it per sentence is quadratic in a large pool
        self.usable = [i for i in range(len(pool.sentences)) if i not in avoided]
        self.docs_of: dict[int, list[int]] = {}  # sentence -> documents using it
        self.sizes: list[int] = []  # characters of each document's sentences

    def _draw(self, low: int, high: int, share: float | None = None) -> list[int]:
        share = self.rng.random() if share is None else share
        target = int(math.exp(math.log(low) + share * (math.log(high) - math.log(low))))
        chosen: list[int] = []
        taken: set[int] = set()
        total = 0
        tries = 0
        while total < target and tries < 10 * len(self.usable):
            tries += 1
            k = self.usable[self.rng.randrange(len(self.usable))]
            size = len(self.pool.sentences[k])
            if k in taken or total + size > high:
                continue
            chosen.append(k)
            taken.add(k)
            total += size
        return chosen

    def _overlap(self, chosen: list[int]) -> float:
        total = sum(len(self.pool.sentences[k]) for k in chosen)
        shared: Counter[int] = Counter()
        for k in chosen:
            for d in self.docs_of.get(k, ()):
                shared[d] += len(self.pool.sentences[k])
        return max((n / max(1, min(total, self.sizes[d])) for d, n in shared.items()), default=0.0)

    def compose(self, low: int = MIN_BODY, high: int = MAX_BODY, share: float | None = None) -> list[str]:
        """A document's sentences; its length is log-uniform in [low, high], at quantile `share` if given."""
        best: tuple[float, list[int]] | None = None
        for _ in range(30):
            chosen = self._draw(low, high, share)
            overlap = self._overlap(chosen)
            if best is None or overlap < best[0]:
                best = (overlap, chosen)
            if overlap <= MAX_SHARED:
                break
        assert best is not None
        chosen = best[1]
        doc = len(self.sizes)
        self.sizes.append(sum(len(self.pool.sentences[k]) for k in chosen))
        for k in chosen:
            self.docs_of.setdefault(k, []).append(doc)
        return [self.pool.sentences[k] for k in chosen]


def _date(rng: random.Random) -> str | None:
    if rng.random() < 0.5:
        return None
    day = rng.randrange(366)
    month, rest = 1, day
    for length in (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31):
        if rest < length:
            break
        rest -= length
        month += 1
    return f"2020-{month:02d}-{rest + 1:02d}"


def _spread(values: Sequence[T], weights: Sequence[int], n: int) -> list[T]:
    """n values in the proportions of their weights (largest remainders first)."""
    total = sum(weights)
    exact = [w * n / total for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(values)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in by_remainder[: n - sum(counts)]:
        counts[i] += 1
    return [v for v, c in zip(values, counts, strict=True) for _ in range(c)]


def true_documents(rng: random.Random, pool: Pool, n_docs: int) -> list[TrueDocument]:
    """`n_docs` documents without witnesses: plain documents first, then the notices (ids n…)."""
    forwarding = pool.sentences.index(pool.forwarding) if pool.forwarding in pool.sentences else -1
    composer = _Composer(rng, pool, avoid=(forwarding,))
    n_notices = max(1, round(NOTICE_SHARE * n_docs)) if n_docs >= 10 else 0
    docs: list[TrueDocument] = []
    counts, weights = zip(*COPIES, strict=True)
    # Lengths and copy counts are spread evenly over their distributions (in random order), not drawn
    # independently: corpora of different sizes then differ in size only, which the scaling ratios need.
    n_plain = n_docs - n_notices
    shares = [(k + 0.5) / n_plain for k in range(n_plain)]
    rng.shuffle(shares)
    copy_counts = _spread(counts, weights, n_plain)
    rng.shuffle(copy_counts)
    for k in range(n_plain):
        sentences = composer.compose(share=shares[k])
        title = _pick_title(rng, pool, sentences)
        paragraphs = _paragraphs(rng, sentences)
        if rng.random() < 0.15:
            paragraphs.insert(0, rng.choice(pool.salutations))
        copies = copy_counts[k]
        docs.append(TrueDocument(f"t{k + 1:05d}", "document", title, _date(rng), paragraphs, copies))
    hosts = [d for d in docs if d.copies >= 2]
    for k in range(min(n_notices, len(hosts))):
        sentences = composer.compose(250, 700)
        title = _pick_title(rng, pool, sentences)
        paragraphs = [rng.choice(pool.addressees), *_paragraphs(rng, sentences), pool.forwarding]
        docs.append(TrueDocument(f"n{k + 1:05d}", "notice", title, _date(rng), paragraphs, 1))
    return docs
