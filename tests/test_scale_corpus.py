"""The scale corpus generator (`tests.corpora`): deterministic, made of the seeds' real sentences,
truthful about where every copy stands and what was done to it; and on a small corpus the pipeline
groups the copies as the truth says."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter

import pytest
from rapidfuzz.distance import Levenshtein

from build_tools.pipeline import prepare_edition
from build_tools.records import Source
from build_tools.stages.read import read_source
from tests.corpora.corpus import Corpus, corpus_digest, generate_corpus
from tests.corpora.documents import MAX_BODY, MIN_BODY
from tests.corpora.grading import found_documents, grouping_report
from tests.corpora.pool import SENTENCE, sentence_pool
from tests.project import ROOT

N = 20
SEED = 1
PAGE_NUMBER = re.compile(r"^(?:- \d+ -|第 \d+ 页|\d+)$")


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return generate_corpus(N, SEED)


@pytest.fixture(scope="module")
def larger() -> Corpus:
    return generate_corpus(60, SEED)


def decoded(corpus: Corpus) -> dict[str, Source]:
    result = {}
    for name, data in corpus.files.items():
        source = read_source(name, data)
        assert isinstance(source, Source), name
        result[name] = source
    return result


def test_same_seed_same_bytes(corpus: Corpus) -> None:
    again = generate_corpus(N, SEED)
    assert again.files == corpus.files
    assert again.truth() == corpus.truth()
    assert corpus_digest(generate_corpus(N, SEED + 1)) != corpus_digest(corpus)


def test_same_bytes_in_another_process_with_another_hash_seed(corpus: Corpus) -> None:
    """No iteration over sets of strings leaks into the output (their order changes with PYTHONHASHSEED)."""
    code = (f"from tests.corpora.corpus import corpus_digest, generate_corpus; "
            f"print(corpus_digest(generate_corpus({N}, {SEED})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "12345"})  # cwd: `tests` is not installed
    assert out.stdout.strip() == corpus_digest(corpus)


def test_every_sentence_and_title_is_from_the_cleaned_seeds(larger: Corpus) -> None:
    pool = sentence_pool()
    for doc in larger.documents:
        assert doc.title in pool.text, doc.title
        for paragraph in doc.paragraphs:
            sentences = SENTENCE.findall(paragraph)
            assert "".join(sentences) == paragraph or not sentences, paragraph  # nothing glued between sentences
            for piece in sentences or [paragraph]:  # a salutation or addressee line has no full stop
                assert piece in pool.text, piece


def test_documents_are_long_enough_and_distinct(larger: Corpus) -> None:
    pool = sentence_pool()
    used: dict[str, set[str]] = {}
    for doc in larger.documents:
        if doc.kind == "document":
            assert MIN_BODY <= len(doc.text) <= MAX_BODY + 40, (doc.id, len(doc.text))  # + a salutation line
        used[doc.id] = {s for p in doc.paragraphs for s in SENTENCE.findall(p)} - {pool.forwarding}
    docs = list(used)
    for i, a in enumerate(docs):
        for b in docs[i + 1:]:
            shared = sum(len(s) for s in used[a] & used[b])
            smaller = min(sum(map(len, used[a])), sum(map(len, used[b])))
            assert shared <= 0.5 * smaller, (a, b)


def test_copies_spread_over_files_several_documents_per_file(larger: Corpus) -> None:
    per_file: Counter[str] = Counter()
    for doc in larger.documents:
        files = [w.file for w in doc.witnesses]
        assert 1 <= len(files) <= 6
        assert len(set(files)) == len(files) or doc.kind == "notice", doc.id  # one copy per file
        per_file.update(files)
    assert sum(per_file.values()) / len(per_file) >= 3
    assert len(larger.witnesses) >= 2.5 * len(larger.documents)


def test_truth_spans_point_at_the_copies(larger: Corpus) -> None:
    sources = decoded(larger)
    for doc in larger.documents:
        for w in doc.witnesses:
            lines = sources[w.file].lines
            assert 1 <= w.first_line <= w.body_first_line <= w.last_line <= len(lines), w
            assert doc.title in lines[w.first_line - 1], (w, lines[w.first_line - 1])
            assert lines[w.body_first_line - 1].strip() and lines[w.last_line - 1].strip(), w
            if w.first_line > 1:  # a copy starts after a blank line (or a page number, in a PDF)
                before = lines[w.first_line - 2].strip()
                assert not before or PAGE_NUMBER.match(before), (w, before)


def test_each_copy_is_the_original_with_no_more_than_its_recorded_damage(larger: Corpus) -> None:
    """The witness's lines, without page numbers and line breaks, are its stretch of the original text
    within `edits` single-character edits (substitutions, omissions, doubled and masked characters)."""
    sources = decoded(larger)
    for doc in larger.documents:
        for w in doc.witnesses:
            lines = sources[w.file].lines[w.body_first_line - 1:w.last_line]
            text = "".join(line.strip().strip("\u3000") for line in lines if not PAGE_NUMBER.match(line.strip()))
            original = doc.text[w.covers[0]:w.covers[1]].replace("\n", "")
            assert Levenshtein.distance(text, original) <= w.edits, (doc.id, w)
            assert (w.covers != (0, len(doc.text))) == (w.coverage != "complete"), w


def test_every_kind_of_damage_occurs(larger: Corpus) -> None:
    kinds = {k for w in larger.witnesses for k in w.damage}
    assert kinds >= {"truncated", "lacks-opening", "substitution", "omission", "doubled", "masked-digits",
                     "bookmark", "line-breaks", "date-line", "embedded"}, kinds
    text = "\n".join(s.lines[i] for s in decoded(larger).values() for i in range(len(s.lines)))
    assert re.search(r"^- \d+ -$|^第 \d+ 页$|^\d+$", text, re.M), "no page-number line"
    assert "[bookmark: _Toc" in text and "现将讲话全文转发" in text
    hosted = [w for w in larger.witnesses if w.embedded_in]
    notices = {d.id: d for d in larger.documents if d.kind == "notice"}
    for w in hosted:
        (host,) = notices[w.embedded_in].witnesses
        assert host.file == w.file and w.first_line - host.last_line == 4  # three blank lines between


def test_pipeline_groups_the_copies_as_the_truth_says(corpus: Corpus) -> None:
    edition, _ = prepare_edition(corpus.files.items())
    report = grouping_report(found_documents(edition), corpus.documents)
    assert report.witnesses == len(corpus.witnesses)
    assert report.accuracy >= 0.95, (report.accuracy, report.errors)
