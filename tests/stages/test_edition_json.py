"""edition.json is written in pieces, byte for byte as `json.dumps(..., ensure_ascii=False, indent=1)` writes it."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from build_tools.pipeline import load_folder, prepare_edition
from build_tools.stages.render import render_edition
from build_tools.stages.render.edition_json import (
    EDITION_JSON,
    Encoded,
    edition_json,
    edition_json_chunks,
    entry_json,
    render_edition_json,
)


def _reference(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _value(rng: random.Random, depth: int) -> Any:
    roll = rng.random()
    if depth > 3 or roll < 0.4:
        return rng.choice([0, 17, -3, 2.5, 1e-7, None, True, False, "", "第一段\n第二段", 'a "quoted" \\ word',
                           "\u2028 line separator", "𠀀 astral 𪚥", "\t\x00 controls"])
    if roll < 0.7:
        return [_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {rng.choice(["id", "键", "a\nb", 'q"']) + str(k): _value(rng, depth + 1) for k in range(rng.randrange(4))}


def test_the_pieces_make_the_text_json_dumps_makes() -> None:
    rng = random.Random(7)
    for _ in range(300):
        data = {f"key{k}": (_value(rng, 0) if rng.random() < 0.4 else [_value(rng, 1) for _ in
                                                                         range(rng.choice((0, 1, 3, 999, 1000, 2501)))])
                for k in range(rng.randrange(7))}
        assert render_edition_json(data) == _reference(data)


def test_an_edition_like_document_list_in_batches() -> None:
    documents = [{"id": f"d{n}", "title": "講話", "witnesses": [{"siglum": "A", "lacunae": []}],
                  "paragraphs": [{"id": f"p{n}.{k}", "text": "同志们：\n今天", "spans": []} for k in range(3)],
                  "variants": [], "parallels": None} for n in range(2345)]
    data = {"version": 1, "title": "t", "sources": [], "books": [], "documents": documents, "removed": [{}],
            "problems": []}
    assert render_edition_json(data) == _reference(data)
    pieces = list(edition_json_chunks(data))
    assert len(pieces) > 3 and max(len(p) for p in pieces) < len(render_edition_json(data)) / 2  # written in pieces
    assert render_edition_json({}) == _reference({})


def test_lists_given_as_iterators_are_encoded_as_the_lists_they_yield() -> None:
    rows = [{"n": n, "text": "删去\n的字"} for n in range(21)]
    data = {"version": 1, "documents": iter(rows), "removed": iter([]), "problems": (r for r in rows[:3])}
    assert render_edition_json(data) == _reference({"version": 1, "documents": rows, "removed": [],
                                                    "problems": rows[:3]})


def test_lists_given_as_their_items_texts_are_written_as_json_dumps_writes_the_items() -> None:
    rng = random.Random(11)
    for _ in range(200):
        items = [_value(rng, 1) for _ in range(rng.choice((0, 1, 2, 9)))]
        data = {"version": 1, "documents": Encoded(entry_json(item) for item in items), "removed": []}
        assert render_edition_json(data) == _reference({"version": 1, "documents": items, "removed": []})


def test_the_streamed_edition_json_of_the_seeds_is_json_dumps_of_its_data() -> None:
    edition, _ = prepare_edition(load_folder(Path(__file__).resolve().parents[2] / "seeds"))
    (streamed,) = [f for f in render_edition(edition) if f.path == EDITION_JSON]
    assert callable(streamed.body)  # made in pieces when written, not held as one text
    pieces = list(streamed.chunks())
    assert len(pieces) > 10
    assert "".join(pieces) == _reference(edition_json(edition))
    assert json.loads(streamed.content)["documents"][0]["id"] == edition.documents[0].id
