"""Small builders shared by the tests: sources from text, the whole pipeline on a dict of files."""

from __future__ import annotations

from build_tools.pipeline import prepare_edition
from build_tools.records import CleanText, Edition, Segment, Source
from build_tools.stages.clean import clean_source
from build_tools.stages.read import read_source
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
