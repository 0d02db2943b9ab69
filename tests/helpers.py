"""Small builders shared by the tests: sources from text, the whole pipeline on a dict of files; the
"nothing is lost" check; and `validated`, the check of edition.json data against its published schema."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from jsonschema import Draft202012Validator

from build_tools.pipeline import prepare_edition
from build_tools.reconstruct import witness_lines
from build_tools.records import CleanText, Edition, Segment, Source
from build_tools.schemas import load_schema
from build_tools.stages.clean import clean_source
from build_tools.stages.read import read_source
from build_tools.stages.render.edition_json import edition_json  # tests take it from here
from build_tools.stages.segment import segment_text


def _closed(schema: Any) -> Any:
    """The schema with every object that lists its properties admitting no others: the published schema
    allows fields to be added; the tests require every field the program writes to be described."""
    if isinstance(schema, list):
        return [_closed(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    closed = {key: _closed(value) for key, value in schema.items()}
    if isinstance(schema.get("properties"), dict) and schema.get("additionalProperties", True) is True:
        closed["additionalProperties"] = False
    return closed


SCHEMA = load_schema()
Draft202012Validator.check_schema(SCHEMA)
# No format_checker: format checking is off ("format" is an annotation only).
_PUBLISHED = Draft202012Validator(SCHEMA)
_DESCRIBED = Draft202012Validator(_closed(SCHEMA))


def _errors(validator: Draft202012Validator, data: Any) -> list[str]:
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    return [f"{e.json_path}: {e.message[:300]}" for e in errors[:20]]


def validated(data: dict[str, Any]) -> dict[str, Any]:
    """`data` (edition.json) after checking it against build_tools/schemas/edition.schema.json, and that
    the schema describes every field in it; an AssertionError lists what does not match."""
    errors = _errors(_PUBLISHED, data)
    assert not errors, "edition.json does not match its schema:\n" + "\n".join(errors)
    undescribed = _errors(_DESCRIBED, data)
    assert not undescribed, ("edition.json has fields its schema does not describe (add them to "
                             "build_tools/schemas/edition.schema.json and the README):\n" + "\n".join(undescribed))
    return data


def edition_data(result: Edition) -> dict[str, Any]:
    """edition.json data of an edition, validated against the schema."""
    return validated(edition_json(result))


def source(text: str, name: str = "t.txt") -> Source:
    result = read_source(name, text.encode("utf-8"))
    assert isinstance(result, Source)
    return result


def clean(text: str, name: str = "t.txt") -> CleanText:
    return clean_source(source(text, name))


def segments(text: str, name: str = "t.txt") -> tuple[Segment, ...]:
    return segment_text(clean(text, name))


def edition(files: dict[str, str]) -> Edition:
    result, _ = prepare_edition([(n, t.encode("utf-8")) for n, t in files.items()])
    return result


def non_space_chars(text: str) -> Counter[str]:
    return Counter(ch for ch in text if not ch.isspace())


def assert_accounted(data: dict[str, Any], texts: Mapping[str, str]) -> None:
    """Every non-whitespace character of every text ({source file: text}) is in edition.json `data`:
    in a witness rebuilt from it alone (`build_tools.reconstruct`) or in its ledger of removed noise.
    `data` is validated against the schema first."""
    validated(data)
    accounted: dict[str, Counter[str]] = {file: Counter() for file in texts}
    strangers: set[str] = set()
    for removal in data["removed"]:
        if removal["source"] not in accounted:
            strangers.add(removal["source"])
            continue
        accounted[removal["source"]] += non_space_chars(removal["text"])
    for doc in data["documents"]:
        for witness in doc["witnesses"]:
            if witness["source"] not in accounted:
                strangers.add(witness["source"])
                continue
            for _line, text in witness_lines(data, doc["id"], witness["siglum"]):
                accounted[witness["source"]] += non_space_chars(text)
    assert not strangers, f"edition.json holds text of files that are not among the sources: {sorted(strangers)}"
    for file, text in texts.items():
        expected = non_space_chars(text)
        assert accounted[file] == expected, (
            f"{file}: missing {expected - accounted[file]}, extra {accounted[file] - expected}")


def assert_nothing_lost(files: Iterable[tuple[str, bytes]]) -> None:
    """Run the pipeline on (name, bytes) pairs; its edition.json matches the schema and accounts for every
    character of every source it read."""
    result, _ = prepare_edition(files)
    assert_accounted(edition_json(result), {s.file: "\n".join(s.lines) for s in result.sources})
