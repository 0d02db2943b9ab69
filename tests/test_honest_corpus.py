"""The honest corpus profile (`tests.corpora.honest`): deterministic, every kind of damage present at a
small size, every file decoding to what the truth says, and the truth accounting for every line."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from build_tools.pipeline import prepare_edition
from tests.corpora import pools
from tests.corpora.corpus import corpus_digest, generate_corpus
from tests.corpora.grading import (
    document_grouping,
    found_documents,
    grouping_by_damage,
    grouping_by_kind,
    grouping_report,
)
from tests.corpora.honest import LENGTHS, HonestCorpus, HonestWitness, generate_honest_corpus
from tests.corpora.honest_damage import EDITORS, SITES, big5_safe, decode_lines, letter_spaced, to_script
from tests.corpora.pools import POOLS, SHORT_MAX, SHORT_MIN, load_poems, short_poems
from tests.project import ROOT

SEED = 1
PAGE_NUMBER = re.compile(r"^(?:- ?\d+ ?-|第 ?\d+ ?页|\d+|— \d+ —|Page \d+| ?\d+ ?)$")
HONEST_DAMAGE = {"letter-spaced", "wrapped", "page-number", "moved-paragraphs", "mixed-encoding", "big5",
                 "traditional", "taiwan", "ocr-noise"}


@pytest.fixture(scope="module")
def corpus() -> HonestCorpus:
    return generate_honest_corpus(60, SEED)


def file_lines(corpus: HonestCorpus) -> dict[str, list[str]]:
    """Every file decoded as its truth entry says (its encoding, its GBK lines, its line ends)."""
    truth = {f["file"]: f for f in corpus.truth()["files"]}
    return {name: decode_lines(data, truth[name]["encoding"], truth[name]["mixed_lines"], truth[name]["newline"])
            for name, data in corpus.files.items()}


def squeeze(text: str) -> str:
    """Text without spaces and indents: letter spacing, PDF line ends and indents are layout, not text."""
    return re.sub(r"[ \u3000]", "", text)


def expected_text(text: str, w: HonestWitness, big5: bool) -> str:
    """The copy's stretch of the original in its script and paragraph order (before character damage)."""
    paragraphs = [p for p in to_script(text[w.covers[0]:w.covers[1]], w.script).split("\n") if p]
    if w.order is not None:
        paragraphs = [paragraphs[i] for i in w.order]
    joined = "".join(paragraphs)
    return big5_safe(joined)[0] if big5 else joined


def test_same_seed_same_bytes(corpus: HonestCorpus) -> None:
    again = generate_honest_corpus(60, SEED)
    assert again.files == corpus.files and again.truth() == corpus.truth()
    assert corpus_digest(generate_honest_corpus(60, SEED + 1)) != corpus_digest(corpus)
    assert corpus_digest(generate_corpus(60, SEED)) != corpus_digest(corpus)  # another profile, another corpus


def test_same_bytes_in_another_process_with_another_hash_seed() -> None:
    code = ("from tests.corpora.corpus import corpus_digest; from tests.corpora.honest import generate_honest_corpus; "
            "print(corpus_digest(generate_honest_corpus(30, 1)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "4321"})
    assert out.stdout.strip() == corpus_digest(generate_honest_corpus(30, 1))


def test_every_kind_of_damage_and_document_occurs(corpus: HonestCorpus) -> None:
    kinds = {k for w in corpus.witnesses for k in w.damage}
    assert kinds >= HONEST_DAMAGE | {"truncated", "substitution", "line-breaks", "bookmark", "date-line"}, kinds
    documents = {d.kind for d in corpus.documents}
    assert documents >= {"document", "book", "manual", "wiki", "short"}, documents
    if short_poems(load_poems()):  # the poems are another engineer's fixture: used once it is there
        assert "poem" in documents
    assert {f.site for f in corpus.notes.values()} > {None}
    assert any(s.encoding == "big5" for s in corpus.styles.values())


def test_document_lengths(corpus: HonestCorpus) -> None:
    for doc in corpus.documents:
        if doc.kind in ("short", "poem"):
            assert SHORT_MIN <= len(doc.text.replace("\n", "")) <= SHORT_MAX, doc
        elif doc.kind in LENGTHS:
            low, high = LENGTHS[doc.kind]
            assert low <= len(doc.text) <= high + 40, (doc.id, len(doc.text))


def test_files_decode_and_copies_are_the_original_with_their_recorded_damage(corpus: HonestCorpus) -> None:
    """Each copy's lines, without page numbers, layout spaces and line breaks, are its stretch of the
    original (in its script, its paragraph order, without what Big5 cannot hold) within `edits`."""
    lines_of = file_lines(corpus)
    for doc in corpus.documents:
        for w in doc.witnesses:
            assert isinstance(w, HonestWitness)
            big5 = corpus.styles[w.file].encoding == "big5"
            lines = lines_of[w.file]
            assert 1 <= w.first_line <= w.body_first_line <= w.last_line <= len(lines), w
            title = to_script(doc.title, w.script)
            assert squeeze(big5_safe(title)[0] if big5 else title) in squeeze(lines[w.first_line - 1]), w
            body = [line for line in lines[w.body_first_line - 1:w.last_line] if not PAGE_NUMBER.match(line.strip())]
            text = squeeze("".join(body))
            assert Levenshtein.distance(text, squeeze(expected_text(doc.text, w, big5))) <= w.edits, (doc.id, w)
            assert ("letter-spaced" in w.damage) == corpus.notes[w.file].spaced
            assert ("big5" in w.damage) == big5


def test_mixed_encoding_lines_are_gbk_in_a_utf8_file(corpus: HonestCorpus) -> None:
    mixed = {name: note.mixed_lines for name, note in corpus.notes.items() if note.mixed_lines}
    assert mixed
    for name, numbers in mixed.items():
        raw = corpus.files[name].split(corpus.styles[name].newline.encode())
        for n in numbers:
            with pytest.raises(UnicodeDecodeError):
                raw[n - 1].decode("utf-8")
            assert raw[n - 1].decode("gbk")


def _chrome(big5: bool) -> set[str]:
    """Every line a site's chrome may write (editors filled in; in Traditional script for Big5)."""
    lines = {line.format(editor=e) for s in SITES for line in (*s.header, *s.footer) for e in EDITORS}
    return {big5_safe(to_script(line, "traditional"))[0] if big5 else line for line in lines}


def test_truth_accounts_for_every_line(corpus: HonestCorpus) -> None:
    """Every line with text is inside a copy (a title, a date, the text), a page number or site chrome."""
    lines_of = file_lines(corpus)
    spans: dict[str, list[tuple[int, int]]] = {}
    for w in corpus.witnesses:
        spans.setdefault(w.file, []).append((w.first_line, w.last_line))
    for name, lines in lines_of.items():
        big5 = corpus.styles[name].encoding == "big5"
        chrome = _chrome(big5)
        chrome |= {letter_spaced(line) for line in chrome}
        for n, line in enumerate(lines, 1):
            if not line.strip() or any(a <= n <= b for a, b in spans.get(name, ())):
                continue
            assert PAGE_NUMBER.match(line.strip()) or line in chrome, (name, n, line)


def test_every_copy_is_counted_once(corpus: HonestCorpus) -> None:
    for doc in corpus.documents:
        assert len(doc.witnesses) == doc.copies, doc.id
        assert len({w.file for w in doc.witnesses}) == len(doc.witnesses) or doc.kind == "notice"
    spans = sorted((w.file, w.first_line, w.last_line) for w in corpus.witnesses if not w.embedded_in)
    for (f1, _, b1), (f2, a2, _) in itertools.pairwise(spans):
        assert f1 != f2 or b1 < a2, (f1, b1, a2)  # copies never overlap


def test_poems_become_short_documents_when_their_fixture_is_there(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    poems = [{"id": f"p{k}", "title": f"詩題{k}", "author": "某", "source": "test",
              "paragraphs": [f"白日依山盡第{k}首，黃河入海流。", "欲窮千里目，更上一層樓。"]} for k in range(40)]
    fixture = tmp_path / "tang.json"
    fixture.write_text(json.dumps(poems, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(pools, "POEMS", fixture)
    corpus = generate_honest_corpus(60, SEED)
    written = [d for d in corpus.documents if d.kind == "poem"]
    assert written and all(d.title.startswith("詩題") for d in written)
    assert {w.script for d in written for w in d.witnesses} <= {"original", "simplified"}


def test_pool_fixtures_are_small_and_licensed() -> None:
    licences = (POOLS / "LICENSES.md").read_text(encoding="utf-8")
    for path in sorted(POOLS.glob("*.json")):
        assert path.stat().st_size <= 160_000, path
        assert f"`{path.name}`" in licences, path.name


def test_grading_breaks_the_grouping_down(corpus: HonestCorpus) -> None:
    """The pipeline runs on the honest corpus and the report accounts for every copy (no threshold here:
    the benchmark measures how well; this checks what it counts)."""
    small = generate_honest_corpus(24, SEED)
    edition, _ = prepare_edition(small.files.items())
    report = grouping_report(found_documents(edition), small.documents)
    assert report.witnesses == len(small.witnesses) == len(report.categories)
    ok, total = document_grouping(report, small.documents)
    assert total == len(small.documents) and 0 <= ok <= total
    by_kind = grouping_by_kind(report, small.documents)
    assert sum(t for _, t in by_kind.values()) == total and sum(o for o, _ in by_kind.values()) == ok
    for kind, (good, docs) in grouping_by_damage(report, small.documents).items():
        assert 0 <= good <= docs <= total, kind
    assert report.false_joins <= report.witnesses - report.correct
