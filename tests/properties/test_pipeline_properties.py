"""Property test of the whole pipeline: generated copies of a speech, one embedded in a notice."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.pipeline import prepare_edition
from build_tools.reconstruct import witness_body
from tests.helpers import edition_data
from tests.properties.test_collate_properties import body_text, damage, make_text

NOTICE = "某研究所函\n\n关于学习讲话精神的通知\n\n各部门：\n\n现将讲话全文转发，请各部门组织认真学习，结合实际抓好落实。\n\n\n\n"


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10**9), st.integers(3, 5))
def test_copies_group_majority_is_original_embedded_copy_is_linked(seed: int, n: int) -> None:
    rng = random.Random(seed)
    body = make_text(rng, rng.randint(4, 10))
    taken: set[tuple[int, int]] = set()
    copies = [damage(rng, body, taken, rng.randint(0, 3)) for _ in range(n)]
    copies[-1] = copies[-1][: max(2, len(copies[-1]) - 2)] if n > 3 else copies[-1]  # one truncated copy
    files = []
    for i, paragraphs in enumerate(copies):
        text = "在全市工作会议上的讲话\n\n同志们：\n\n" + "\n\n".join(paragraphs) + "\n"
        if i == 0:
            text = NOTICE + text  # this copy stands inside a notice that forwards it
        files.append((f"copy{i}.txt", text.encode("utf-8")))
    edition, _ = prepare_edition(files)
    speech = next(d for d in edition.documents if len(d.witnesses) > 1)
    assert len(speech.witnesses) == n
    assert "\n".join(p.text for p in speech.paragraphs) == "\n".join(["同志们：", *body])
    notice = next(d for d in edition.documents if d is not speech)
    assert notice.embeds == ((notice.paragraphs[-1].id, speech.id),)
    assert [w.embedded_in for w in speech.witnesses] == [notice.id] + [None] * (n - 1)
    data = edition_data(edition)
    doc_data = next(d for d in data["documents"] if d["id"] == speech.id)
    for witness in speech.witnesses:
        assert witness_body(doc_data, witness.siglum) == body_text(witness.segment)
