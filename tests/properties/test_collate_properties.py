"""Property tests for alignment and collation on generated copies of a generated text."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.reconstruct import witness_body
from build_tools.records import Block, Edition, LineMark, Segment, Span, Work
from build_tools.stages.align import align
from build_tools.stages.collate import collate_cluster
from build_tools.stages.render import edition_json
from build_tools.stages.segment import HEADER_ROLES
from tests.helpers import validated

# A pool of common characters: random text from it has few repeated n-grams, like real prose.
POOL = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
        "而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好"
        "应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命")
PUNCT = "，。、；："


def make_text(rng: random.Random, paragraphs: int) -> list[str]:
    out = []
    for _ in range(paragraphs):
        sentence = []
        for _ in range(rng.randint(3, 6)):
            sentence.append("".join(rng.choice(POOL) for _ in range(rng.randint(5, 14))))
            sentence.append(rng.choice(PUNCT))
        out.append("".join(sentence[:-1]) + "。")
    return out


def body_text(segment: Segment) -> str:
    """A copy's body as segmentation gave it: the blocks after the leading run of header blocks, joined by "\\n"."""
    body = itertools.dropwhile(lambda pair: pair[0] in HEADER_ROLES, segment.blocks)
    return "\n".join(block.text for _, block in body)


def segment(name: str, paragraphs: list[str]) -> Segment:
    blocks = tuple(("body", Block(p, Span(name, i + 1, i + 1), (LineMark(0, i + 1),)))
                   for i, p in enumerate(paragraphs))
    return Segment(id=f"{name}#1", span=Span(name, 1, max(1, len(paragraphs))), blocks=blocks,  # type: ignore[arg-type]
                   title=None, subtitle=None, date=None, author=None)


def damage(rng: random.Random, paragraphs: list[str], taken: set[tuple[int, int]], count: int) -> list[str]:
    """Damage a copy at `count` places no other copy has damaged (so the majority stays original)."""
    result = [list(p) for p in paragraphs]
    for _ in range(count):
        pi = rng.randrange(len(result))
        ci = rng.randrange(2, len(paragraphs[pi]) - 2)
        if any((pi, c) in taken for c in range(ci - 3, ci + 4)):
            continue
        taken.add((pi, ci))
        kind = rng.choice(["substitute", "omit", "double", "add"])
        original = paragraphs[pi][ci]
        if kind == "substitute":
            result[pi][ci] = rng.choice([c for c in POOL if c != original])
        elif kind == "omit":
            result[pi][ci] = ""
        elif kind == "double":
            result[pi][ci] = original * 2
        else:
            result[pi][ci] = original + rng.choice(POOL)
    return ["".join(p) for p in result]


@st.composite
def copies(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    rng = random.Random(draw(st.integers(0, 10**9)))
    original = make_text(rng, draw(st.integers(2, 30)))  # long enough for the anchored path
    n = draw(st.integers(3, 7))
    taken: set[tuple[int, int]] = set()
    result = [damage(rng, original, taken, draw(st.integers(0, 4))) for _ in range(n)]
    # Copies beyond the first three may be truncated or lack their opening: three always cover all.
    for i in range(3, n):
        cut = draw(st.sampled_from(["none", "end", "start"]))
        if cut == "end":
            result[i] = result[i][: max(1, len(result[i]) - draw(st.integers(1, len(result[i]) - 1)))]
        elif cut == "start" and len(result[i]) > 1:
            result[i] = result[i][draw(st.integers(1, len(result[i]) - 1)):]
    return original, result


@settings(max_examples=80, deadline=None)
@given(copies())
def test_majority_text_is_the_original_and_every_copy_is_rebuilt(case: tuple[list[str], list[list[str]]]) -> None:
    original, texts = case
    work = Work(tuple(segment(f"copy{i}.txt", t) for i, t in enumerate(texts)))
    doc = collate_cluster(work)
    assert "\n".join(p.text for p in doc.paragraphs) == "\n".join(original)
    data = validated(edition_json(Edition(title="t", sources=(), documents=(replace(doc, order=1),), removed=())))
    (doc_data,) = data["documents"]
    for witness in doc.witnesses:
        assert witness_body(doc_data, witness.siglum) == body_text(witness.segment)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="甲乙丙丁戊己庚辛，。\n", max_size=60), st.text(alphabet="甲乙丙丁戊己庚辛，。\n", max_size=60))
def test_alignment_covers_both_texts(a: str, b: str) -> None:
    ops = align(a, b)
    rebuilt = "".join(b[b1:b2] if tag != "equal" else a[a1:a2] for tag, a1, a2, b1, b2 in ops)
    assert rebuilt == b
    assert "".join(a[a1:a2] for _, a1, a2, _, _ in ops) == a
    for tag, a1, a2, b1, b2 in ops:
        if tag == "equal":
            assert a[a1:a2] == b[b1:b2]
