"""The search index (build_tools.search): keys, postings, phrases, variants, source pages, both scripts.

The tests read the built files back with a small reader of the format (`Index` below: the same
decoding and phrase matching as overrides/assets/javascripts/search/engine.js), so they check what
the browser will find, not the builder's internals.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from build_tools.editions import SCRIPTS
from build_tools.pipeline import load_folder, prepare_edition
from build_tools.records import Edition
from build_tools.search import SearchConfig, publication_search_files, search_files
from build_tools.search.keys import client_fold_map, key_text
from build_tools.search.postings import FINAL, MORE, fnv1a, postings
from build_tools.search.units import chapter_group, note_names
from build_tools.stages.render import render_chapter

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
DIGIT = {c: i for i, c in enumerate(FINAL)} | {c: 32 + i for i, c in enumerate(MORE)}
CALL = re.compile(r'^__readerSearch\.(add|config)\((?:("[^"]*"),)?(.*)\);\n$', re.S)


def decode(text: str) -> dict[int, tuple[int, list[tuple[int, int]] | None]]:
    """page -> (count, places or None): the reading of postings.py's format (engine.js `decode`)."""
    placed, i, page, out = not text.startswith("~"), 0 if not text.startswith("~") else 1, -1, {}

    def number() -> int:
        nonlocal i
        value = 0
        while True:
            digit = DIGIT[text[i]]
            i += 1
            if digit < 32:
                return value * 32 + digit
            value = value * 32 + digit - 32

    while i < len(text):
        page += number() + 1
        count = number() + 1
        places = None
        if placed:
            places, unit, pos = [], 0, -1
            for k in range(count):
                du, p = number(), number()
                if k == 0 or du > 0:
                    unit, pos = unit + du, p
                else:
                    pos += p + 1
                places.append((unit, pos))
        out[page] = (count, places)
    return out


class Index:
    """The files of one edition's search, read back."""

    def __init__(self, files: tuple[Any, ...]) -> None:
        self.data: dict[str, Any] = {}
        for f in files:
            match = CALL.match(f.content)
            assert match, f"{f.path} is not one call of the client: {f.content[:80]!r}"
            name = json.loads(match[2]) if match[2] else "config"
            assert f.path == f"search/{name}.js"
            self.data[name] = json.loads(match[3])
        self.config = self.data["config"]

    def grams(self, group: str, gram: str) -> dict[int, tuple[int, list[tuple[int, int]] | None]] | None:
        prefix = "s/" if group == "sources" else ""
        shard = self.data[f"{prefix}p/{fnv1a([ord(c) for c in gram]) % self.config[group]['shards']}"]
        return decode(shard[gram]) if gram in shard else None

    def phrase(self, query: str, group: str = "chapters") -> dict[int, list[tuple[int, int]] | None]:
        """page -> [(unit, start)] where the query's key stands (None: pages known by counts only)."""
        key = key_text(query)
        grams = [key] if len(key) == 1 else [key[i:i + 2] for i in range(len(key) - 1)]
        lists = [self.grams(group, g) for g in grams]
        if any(lst is None for lst in lists):
            return {}
        out: dict[int, list[tuple[int, int]] | None] = {}
        for page in set.intersection(*(set(lst) for lst in lists if lst is not None)):
            entries = [lst[page] for lst in lists if lst is not None]
            if any(places is None for _, places in entries):
                out[page] = None
                continue
            sets = [set(places or ()) for _, places in entries]
            starts = [(u, p) for u, p in sets[0] if all((u, p + j) in s for j, s in enumerate(sets))]
            if starts:
                out[page] = sorted(starts)
        return out

    def text(self, group: str, page: int, unit: int) -> str:
        prefix = "s/" if group == "sources" else ""
        base = self.config["chapters"]["readings"] if group == "chapters" else 0
        part = "r" if base and unit >= base else str(unit // self.config[group]["part"])
        text: str = self.data[f"{prefix}t/{page}.{part}"]["x"][str(unit)]
        return text


@pytest.fixture(scope="module")
def seeds() -> Edition:
    return prepare_edition(load_folder(SEEDS))[0]


@pytest.fixture(scope="module")
def index(seeds: Edition) -> Index:
    return Index(search_files(seeds))


def one_document_edition(text: str) -> Edition:
    return prepare_edition([("a.txt", f"关于测试的通知\n\n{text}\n".encode())])[0]


def test_a_phrase_cut_from_the_middle_of_a_paragraph_is_found_at_its_place(seeds: Edition, index: Index) -> None:
    for page, doc in enumerate(seeds.documents):
        for paragraph in doc.paragraphs:
            key = key_text(paragraph.text)
            if len(key) < 40:
                continue
            middle = len(key) // 2 - 3
            found = index.phrase(key[middle:middle + 6])
            assert (paragraph.number, middle) in (found.get(page) or []), (doc.id, paragraph.id)


def test_a_phrase_that_is_not_in_the_text_is_not_found(index: Index) -> None:
    assert index.phrase("防控疫情听从党的号令的青年人") == {}
    assert index.phrase("疫情阻击防控") == {}  # every bigram is there, never in this order


def test_numbers_latin_words_and_mixed_tokens_are_found_whatever_stands_around_them() -> None:
    edition = one_document_edition("全省共有2729万人参与，其中COVID-19确诊者、41600多名医护人员和Zoom会议。")
    index = Index(search_files(edition))
    for query in ("2729万", "COVID-19", "covid19", "41600多名", "、41600多名", "zoom", "ＣＯＶＩＤ"):
        assert 0 in index.phrase(query), query
    assert index.phrase("2728万") == {}


def test_keys_fold_scripts_width_and_case() -> None:
    assert key_text("積極投身，阻擊疫情") == key_text("积极投身阻击疫情") == "积极投身阻击疫情"
    assert key_text("ＣＯＶＩＤ－１９") == key_text("covid 19") == "covid19"
    fold = client_fold_map({"積"}, {"积", "发"})
    assert fold["積"] == "积" and fold["發"] == "发" and fold["髮"] == "发"
    assert "积" not in fold and "A" not in fold


def test_the_traditional_edition_shows_traditional_text_and_finds_either_script(seeds: Edition) -> None:
    hans, hant = Index(search_files(seeds)), Index(search_files(seeds, SCRIPTS["hant"]))
    assert hant.config["language"] == "zh-Hant" and "積" in hant.config["fold"]
    doc = next(i for i, d in enumerate(seeds.documents) if "积极" in d.canonical)
    paragraph = next(p for p in seeds.documents[doc].paragraphs if "积极" in p.text)
    shown = hant.text("chapters", doc, paragraph.number)
    assert "積極" in shown and "积极" not in shown
    assert hant.text("chapters", doc, 0) != seeds.documents[doc].title  # the title is converted too
    for query in ("积极", "積極"):
        assert doc in hans.phrase(query) and doc in hant.phrase(query)


def test_a_variant_reading_is_a_unit_that_names_its_copies_and_its_note(seeds: Edition, index: Index) -> None:
    page, doc = next((i, d) for i, d in enumerate(seeds.documents)
                     if any(v.kind == "substitution" and len(v.readings[0].text) >= 2 for v in d.variants))
    v_index, variant = next((i, v) for i, v in enumerate(doc.variants)
                            if v.kind == "substitution" and len(v.readings[0].text) >= 2)
    reading = variant.readings[0]
    paragraph = next(p for p in doc.paragraphs if p.id == variant.paragraph)
    before = paragraph.text[max(0, variant.offset - 3):variant.offset]
    query = before + reading.text  # runs from the edition's text into the reading
    if key_text(query) in key_text(doc.canonical):
        pytest.skip("the reading's phrase is also in the text")
    hits = index.phrase(query)
    places = hits.get(page) or []
    base = index.config["chapters"]["readings"]
    assert places and all(unit >= base for unit, _ in places), hits
    unit = places[0][0]
    data = index.data[f"t/{page}.r"]
    paragraph_number, start, end, copies, note, lemma = data["r"][str(unit)]
    assert data["x"][str(unit)][start:end] == reading.text and lemma == variant.lemma
    assert paragraph_number == paragraph.number
    for siglum in reading.witnesses:
        assert siglum in copies
    source = next(w.segment.span.source for w in doc.witnesses if w.siglum == reading.witnesses[0])
    assert source in copies
    label = note.removeprefix("fn:")
    assert label == note_names(doc)[v_index]
    chapter = render_chapter(doc, {d.id: d.title for d in seeds.documents})
    definition = next(line for line in chapter.splitlines() if line.startswith(f"[^{label}]:"))
    assert reading.text in definition.replace("\\", "")


def test_source_pages_are_a_group_of_their_own_with_every_line(seeds: Edition, index: Index) -> None:
    removed = next(r for r in seeds.removed if len(key_text(r.text)) >= 4)
    source = next(i for i, s in enumerate(seeds.sources) if s.file == removed.source)
    noise = key_text(removed.text)[:6]
    assert (removed.line, ) in {(u,) for u, _ in index.phrase(noise, "sources").get(source) or []}
    assert index.text("sources", source, removed.line) == seeds.sources[source].lines[removed.line - 1]
    assert index.config["sources"]["pages"] == len(seeds.sources)
    assert 0 in (u for u, _ in index.phrase(seeds.sources[source].file, "sources").get(source) or [])
    # A chapter's text is found among the sources too, and the sources do not crowd the chapters' lists.
    assert all(page < len(seeds.documents) for page in index.phrase("疫情防控"))


def test_frequent_bigrams_keep_pages_and_counts_only(seeds: Edition) -> None:
    index = Index(search_files(seeds, config=SearchConfig(frequent=5)))
    found = index.phrase("疫情")
    assert found and all(places is None for places in found.values())
    rare = index.grams("chapters", "疫情")
    assert rare is not None and all(places is None for _, places in rare.values())


def test_postings_round_trip_large_numbers_and_unigrams() -> None:
    units = [(0, 0, "ab"), (3, 70000, "x" * 40000 + "ab"), (40000, 5, "ba")]
    lists = {p.gram: p for p in postings(units, 4096, frequent=100)}
    assert decode(lists["ab"].encoded) == {0: (1, [(0, 0)]), 3: (1, [(70000, 40000)])}
    assert decode(lists["a"].encoded) == {0: (1, None), 3: (1, None), 40000: (1, None)}
    assert lists["a"].encoded.startswith("~")
    assert decode(lists["xx"].encoded)[3][0] == 39999
    assert lists["ab"].shard == fnv1a([ord("a"), ord("b")]) % 4096


def test_note_names_follow_the_chapter(seeds: Edition) -> None:
    for doc in seeds.documents:
        names = note_names(doc)
        chapter = render_chapter(doc, {})
        for name in set(names.values()):
            assert f"[^{name}]:" in chapter, (doc.id, name)


def test_reading_units_keep_clear_of_paragraph_units(seeds: Edition) -> None:
    group = chapter_group(seeds, SCRIPTS["hans"])
    for doc, record in zip(seeds.documents, group.records, strict=True):
        paragraphs = [u for u in record.units if 0 < u < group.reading_base]
        assert paragraphs == [p.number for p in doc.paragraphs]
        assert set(record.readings) == {u for u in record.units if u >= group.reading_base}


def test_a_publication_makes_the_source_group_once_and_each_script_its_own_index(seeds: Edition) -> None:
    scripts = (SCRIPTS["hans"], SCRIPTS["hant"])
    made = list(publication_search_files(seeds, scripts))
    for script in scripts:
        alone = {f.path: f.content for f in search_files(seeds, script)}
        assert {f.path: f.content for for_scripts, f in made if script in for_scripts} == alone
    shared = [f.path for for_scripts, f in made if for_scripts == scripts]
    assert shared and all(path.startswith("search/s/") for path in shared)
    assert len(made) == len({(f.path, for_scripts) for for_scripts, f in made})
    # The chapters' group and the settings are each script's: Traditional text, a different build id.
    assert {f.path for for_scripts, f in made if for_scripts == (scripts[1],)} >= {"search/config.js"}
