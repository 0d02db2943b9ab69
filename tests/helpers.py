"""Small builders shared by the tests: sources from text, the whole pipeline on a dict of files; and the
"nothing is lost" check."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from build_tools.pipeline import prepare_edition
from build_tools.reconstruct import witness_lines
from build_tools.records import CleanText, Edition, Segment, Source
from build_tools.stages.clean import clean_source
from build_tools.stages.read import read_source
from build_tools.stages.render import edition_json
from build_tools.stages.segment import segment_text


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
    in a witness rebuilt from it alone (`build_tools.reconstruct`) or in its ledger of removed noise."""
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
    """Run the pipeline on (name, bytes) pairs; every character of every source it read is accounted for."""
    result, _ = prepare_edition(files)
    assert_accounted(edition_json(result), {s.file: "\n".join(s.lines) for s in result.sources})
