"""The documentation keeps up with the code: every noise rule, every structure cue and every edition.json
field (and its fixed values) is named in README.md or docs/*.md, and every field of the schema says
what it is.

The lists are taken from the code and the schema when the test runs, so a new rule, cue or field fails
here until it is documented.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from build_tools.rules import noise, structure
from build_tools.schemas import load_schema

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = README + "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md")))
SCHEMA = load_schema()


def _section(text: str, heading: str) -> str:
    """The README section under `heading` (a whole heading line), up to the next heading of any level."""
    start = text.index(heading + "\n")
    following = re.search(r"^#{1,6} ", text[start + len(heading):], re.M)
    return text[start: start + len(heading) + following.start()] if following else text[start:]


EDITION_SECTION = _section(README, "### `edition.json`")


def _code_names(text: str) -> set[str]:
    """Names written as code (`name`) in Markdown text, also inside table cells."""
    return set(re.findall(r"`([^`\n]+)`", text))


def structure_cues() -> list[str]:
    """The public cues of build_tools.rules.structure: its compiled patterns and its own functions."""
    cues = []
    for name, value in vars(structure).items():
        if name.startswith("_"):
            continue
        if isinstance(value, re.Pattern) or (inspect.isfunction(value) and value.__module__ == structure.__name__):
            cues.append(name)
    return sorted(cues)


def _objects(schema: Any) -> Iterator[dict[str, Any]]:
    """Every object schema (one with `properties`) anywhere in the schema, $defs included."""
    if isinstance(schema, list):
        for item in schema:
            yield from _objects(item)
    elif isinstance(schema, dict):
        if isinstance(schema.get("properties"), dict):
            yield schema
        for value in schema.values():
            yield from _objects(value)


def _fixed_values(schema: Any) -> Iterator[str]:
    """Every string value the schema fixes (enum members and string consts)."""
    if isinstance(schema, list):
        for item in schema:
            yield from _fixed_values(item)
    elif isinstance(schema, dict):
        yield from (v for v in schema.get("enum", ()) if isinstance(v, str))
        if isinstance(schema.get("const"), str):
            yield schema["const"]
        for value in schema.values():
            yield from _fixed_values(value)


SCHEMA_KEYS = sorted({key for obj in _objects(SCHEMA) for key in obj["properties"]})


def test_the_lists_come_from_the_code() -> None:
    # A guard against an empty list passing every test below: the derivations find what is known to exist.
    assert {"word-bookmark", "pdf-page-number", "pdf-doubled-char"} <= set(noise.RULE_NAMES)
    assert {"SALUTATION", "NUMBERED_HEADING", "parse_date", "looks_like_title", "reads_as_prose"} <= set(structure_cues())
    assert not {"CJK", "CUE_EXAMPLES", "re"} & set(structure_cues())
    assert {"version", "sources", "sha256", "lemma_witnesses", "after_paragraph", "severity"} <= set(SCHEMA_KEYS)
    assert {"lacks-opening", "substitution", "docnumber", "curator", "error"} <= set(_fixed_values(SCHEMA))


@pytest.mark.parametrize("rule", noise.RULE_NAMES)
def test_every_noise_rule_is_documented(rule: str) -> None:
    assert rule in _code_names(DOCS), f"noise rule `{rule}` is named in neither README.md nor docs/*.md"


@pytest.mark.parametrize("cue", structure_cues())
def test_every_structure_cue_is_documented(cue: str) -> None:
    assert cue in _code_names(DOCS), f"structure cue `{cue}` is named in neither README.md nor docs/*.md"


@pytest.mark.parametrize("key", SCHEMA_KEYS)
def test_every_edition_json_field_is_in_the_readme_section(key: str) -> None:
    assert f'"{key}"' in EDITION_SECTION or f"`{key}`" in EDITION_SECTION, (
        f'edition.json field "{key}" is not in the README section "`edition.json`"')


@pytest.mark.parametrize("value", sorted(set(_fixed_values(SCHEMA))))
def test_every_fixed_value_of_edition_json_is_in_the_readme_section(value: str) -> None:
    assert f"`{value}`" in EDITION_SECTION, f"edition.json value `{value}` is not in the README section"


def test_the_readme_names_no_field_the_schema_lacks() -> None:
    block = re.search(r"```\n(.*?)```", EDITION_SECTION, re.S)
    assert block, "the README section on edition.json has lost its outline of the file"
    named = set(re.findall(r'"(\w+)"', block.group(1)))
    assert len(named) > 30
    assert named <= set(SCHEMA_KEYS), f"README names fields the schema lacks: {sorted(named - set(SCHEMA_KEYS))}"


def test_every_schema_field_says_what_it_is() -> None:
    undescribed = [key for obj in _objects(SCHEMA) for key, field in obj["properties"].items()
                   if not str(field.get("description", "")).strip()]
    undescribed += [f"$defs/{name}" for name, definition in SCHEMA["$defs"].items()
                    if not str(definition.get("description", "")).strip()]
    assert not undescribed, f"schema entries without a description: {undescribed}"


def test_every_object_of_the_schema_requires_all_its_fields() -> None:
    # edition.json writes every field (null when unknown): a field that may be missing is a schema mistake.
    for obj in _objects(SCHEMA):
        assert sorted(obj.get("required", ())) == sorted(obj["properties"]), obj.get("description")


def _settings_fields() -> list[str]:
    from dataclasses import fields, is_dataclass

    from build_tools import settings

    records = [v for v in vars(settings).values() if isinstance(v, type) and is_dataclass(v)
               and v.__module__ == settings.__name__ and v is not settings.Settings]
    return sorted(f"{record.__name__}.{f.name}" for record in records for f in fields(record))


def test_the_threshold_list_comes_from_the_code() -> None:
    assert {"ClusterConfig.containment", "CollateConfig.merge_gap", "RenderConfig.nav_list_max"} <= set(_settings_fields())


@pytest.mark.parametrize("name", _settings_fields())
def test_every_threshold_is_in_the_readme_section(name: str) -> None:
    record, field = name.split(".")
    section = _section(README, "## Thresholds")
    assert f"`{record}`" in section and f"`{field}`" in section, f"threshold {name} is not in the README section"
