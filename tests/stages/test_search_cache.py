"""The search index's cache (`SearchCache`): after any change of the records, the files it gives are
those of a run without it (`search_files` with no cache never reads one), and it writes again only
the files the change touched."""

from __future__ import annotations

import dataclasses
import random
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.editions import SCRIPTS
from build_tools.pipeline import StageCache, load_curation_file, prepare_folder
from build_tools.records import Edition, Source
from build_tools.search import SearchCache, SearchConfig, search_files
from build_tools.search.files import FileSizes, IndexFile
from tests.project import ROOT

EDITED_SOURCE, EDIT_FROM, EDIT_TO = "004_1a50c47c6069e7e2.txt", "有理想、有本领、有担当", "有理想、有本事、有担当"
NEW_DOCUMENT = "关于开展读书月活动的通知\n\n各单位：定于下月在全市开展读书月活动，请各单位认真组织，踊跃参加。\n\n特此通知。\n"


def _same(warm: tuple[IndexFile, ...], cold: tuple[IndexFile, ...]) -> None:
    assert [f.path for f in warm] == [f.path for f in cold]
    differing = [w.path for w, c in zip(warm, cold, strict=True) if w.content != c.content]
    assert not differing, f"{len(differing)} files differ from a run without the cache, e.g. {differing[:5]}"


def _prepared(folder: Path, stages: StageCache) -> Edition:
    return prepare_folder(folder, load_curation_file(folder / "edition.yml"), cache=stages)[0]


def _longest(edition: Edition) -> int:
    return max(range(len(edition.documents)), key=lambda n: sum(len(p.text) for p in edition.documents[n].paragraphs))


def _edit_paragraph(edition: Edition) -> Edition:
    """The edition with one character of a paragraph in the middle of its longest document changed."""
    doc = edition.documents[_longest(edition)]
    paragraph = doc.paragraphs[len(doc.paragraphs) // 2]
    at = len(paragraph.text) // 2
    text = paragraph.text[:at] + ("之" if paragraph.text[at] != "之" else "其") + paragraph.text[at + 1:]
    paragraphs = tuple(dataclasses.replace(p, text=text) if p is paragraph else p for p in doc.paragraphs)
    changed = dataclasses.replace(doc, paragraphs=paragraphs)
    return dataclasses.replace(edition, documents=tuple(changed if d is doc else d for d in edition.documents))


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ROOT / "seeds", tmp_path / "seeds"))


@pytest.mark.parametrize("script", ["hans", "hant"])
def test_after_edits_additions_and_removals_the_files_are_those_of_a_run_without_cache(
        sources: Path, script: str) -> None:
    stages, cache = StageCache(), SearchCache()
    first = _prepared(sources, stages)
    _same(search_files(first, SCRIPTS[script], cache=cache), search_files(first, SCRIPTS[script]))
    edited = _edit_paragraph(first)
    _same(search_files(edited, SCRIPTS[script], cache=cache), search_files(edited, SCRIPTS[script]))
    path = sources / EDITED_SOURCE
    text = path.read_text(encoding="utf-8")
    assert EDIT_FROM in text
    path.write_text(text.replace(EDIT_FROM, EDIT_TO, 1), encoding="utf-8")
    for change in (lambda: None, lambda: (sources / "zz_added.txt").write_text(NEW_DOCUMENT, encoding="utf-8"),
                   lambda: (sources / "zz_added.txt").unlink()):
        change()
        edition = _prepared(sources, stages)
        _same(search_files(edition, SCRIPTS[script], cache=cache), search_files(edition, SCRIPTS[script]))
        assert set(cache._chapters) == {d.id for d in edition.documents}  # the others are forgotten
        assert set(cache._sources) == {s.file for s in edition.sources}


def test_an_edit_writes_again_only_the_files_it_touches(sources: Path) -> None:
    cache = SearchCache()
    edition = _prepared(sources, StageCache())
    before = search_files(edition, cache=cache)
    after = search_files(_edit_paragraph(edition), cache=cache)
    written = [a.path for a, b in zip(after, before, strict=True) if a.content is not b.content]
    shards = [f.path for f in after if f.path.startswith("search/p/")]
    assert 0 < sum(1 for path in written if path in shards) < len(shards) // 2
    page = f"search/t/{_longest(edition)}."
    assert {path for path in written if "/t/" in path} <= {f.path for f in after if f.path.startswith(page)}
    assert not [path for path in written if path.startswith("search/s/")]  # the source pages did not change


def test_a_cache_used_for_one_script_then_another_gives_each_script_its_files(sources: Path) -> None:
    cache = SearchCache()
    edition = _prepared(sources, StageCache())
    for script in ("hans", "hant", "hans"):
        _same(search_files(edition, SCRIPTS[script], cache=cache), search_files(edition, SCRIPTS[script]))


ALPHABET = "的是在了一国发展爲為后後說说AbＣ1２，。 \t𠀀"


def _line(rng: random.Random) -> str:
    # Now and then a long line: positions of two digits and more.
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12) if rng.random() < 0.9 else 70))


def _source(rng: random.Random, name: str) -> Source:
    # Now and then many lines: units of two digits.
    return Source(name, "utf-8", "", tuple(_line(rng) for _ in range(rng.randint(0, 6) if rng.random() < 0.9 else 40)))


def _changed(rng: random.Random, sources: list[Source], serial: int) -> list[Source]:
    """The sources after one random change: a character, a line, a whole source added, removed or moved."""
    out = list(sources)
    choice = rng.randrange(6) if out else 3
    if choice <= 1:
        at = rng.randrange(len(out))
        lines = list(out[at].lines) or [""]
        row = rng.randrange(len(lines))
        col = rng.randint(0, len(lines[row]))
        lines[row] = lines[row][:col] + rng.choice(ALPHABET) + lines[row][col + (choice == 0):]
        out[at] = dataclasses.replace(out[at], lines=tuple(lines))
    elif choice == 2:
        at = rng.randrange(len(out))
        lines = list(out[at].lines)
        if lines:
            del lines[rng.randrange(len(lines))]
        out[at] = dataclasses.replace(out[at], lines=tuple(lines))
    elif choice == 3:
        out.insert(rng.randint(0, len(out)) if rng.random() < 0.3 else len(out), _source(rng, f"new{serial}.txt"))
    elif choice == 4:
        del out[rng.randrange(len(out)) if rng.random() < 0.3 else -1]
    else:
        out.append(out.pop(rng.randrange(len(out))))
    return out


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**9), st.integers(1, 6), st.integers(20, 400), st.integers(1, 4))
def test_any_sequence_of_changes_gives_the_files_of_a_run_without_cache(
        seed: int, frequent: int, shard_bytes: int, part: int) -> None:
    # Few places make a list lose and gain its places, few bytes change the number of shards.
    rng = random.Random(seed)
    config = SearchConfig(frequent=frequent, sizes=FileSizes(shard_bytes=shard_bytes, source_part=part))
    sources = [_source(rng, f"{n}.txt") for n in range(rng.randint(0, 12))]
    cache = SearchCache()
    for step in range(8):
        edition = Edition("t", tuple(sources), (), ())
        _same(search_files(edition, config=config, cache=cache), search_files(edition, config=config))
        sources = _changed(rng, sources, step)
