"""Hostile input through the preprocessor: `python -m build_tools prepare` and the in-process pipeline.

The corpus (`tests/hostile/corpus.py`) holds an empty file, a binary one, odd file names, every
supported encoding and line end, a 2 MB line, NUL bytes, mixed scripts and text that looks like
HTML, Markdown, Jinja and attribute lists. Nothing may crash, every bad file is named in a warning,
and every character of every readable file ends up in edition.json (text or ledger of removals).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from build_tools.pipeline import prepare_edition
from build_tools.records import Edition
from build_tools.settings import DEFAULT_CLEAN
from build_tools.stages.render import chapter_page, edition_json, render_edition
from tests.helpers import assert_accounted, validated
from tests.hostile.corpus import (
    ATTR_LIST,
    FOOTNOTE,
    GBK_NAME,
    IMG,
    JINJA_TAG,
    JINJA_VAR,
    MARKDOWN_CHARS,
    SCRIPT,
    expected_encodings,
    hostile_cases,
    hostile_corpus,
    long_chinese_line,
    readable_texts,
    unreadable,
)
from tests.stages.test_render import to_html

TIMEOUT = 120


def write_corpus(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def prepare(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "build_tools", "prepare", *args], capture_output=True, text=True,
                          check=False, timeout=TIMEOUT)


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """One run of the command on the whole corpus: (result, output folder)."""
    root = tmp_path_factory.mktemp("hostile-cli")
    sources = write_corpus(root / "src", hostile_corpus())
    return prepare(str(sources), str(root / "out")), root / "out"


@pytest.fixture(scope="module")
def cli_edition(cli: tuple[subprocess.CompletedProcess[str], Path]) -> dict[str, Any]:
    result, out = cli
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = validated(json.loads((out / "edition.json").read_text(encoding="utf-8")))
    return data


@pytest.fixture(scope="module")
def edition() -> Edition:
    """The in-process pipeline on the same corpus."""
    result, _ = prepare_edition(sorted(hostile_corpus().items()))
    return result


def test_the_corpus_is_what_it_claims() -> None:
    line = long_chinese_line()
    assert len(line.encode("utf-8")) >= 2 * 1024 * 1024 and "\n" not in line
    files = hostile_corpus()
    assert files["empty.txt"] == b"" and b"\x00" in files["binary.txt"]
    assert files["nul.txt"].count(b"\x00") == 3 and b"\r" in files["cr.txt"] and b"\n" not in files["cr.txt"]
    assert files["utf16le.txt"][:2] == b"\xff\xfe" and files["utf16be.txt"][:2] == b"\xfe\xff"
    assert files["utf8bom.txt"][:3] == b"\xef\xbb\xbf"
    with pytest.raises(UnicodeDecodeError):
        files["gbk.txt"].decode("utf-8")


def test_prepare_survives_and_names_every_bad_file(cli: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    result, out = cli
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    for name in unreadable():
        assert any(line.startswith(f"warning: {name}: ") for line in warnings), (name, warnings)
    assert any(line.startswith(f"warning: {GBK_NAME}: file name") for line in warnings), warnings
    assert len(warnings) == len(unreadable()) + 1, warnings
    assert f"{len(readable_texts())} files read" in result.stdout
    assert (out / "edition.json").is_file()


def test_strict_turns_the_warnings_into_exit_code_1(tmp_path: Path) -> None:
    # The long line is left out: it has nothing to warn about and only makes the run slower.
    files = {n: d for n, d in hostile_corpus().items() if n != "long line.txt"}
    result = prepare(str(write_corpus(tmp_path / "src", files)), str(tmp_path / "out"), "--strict", "-q")
    assert result.returncode == 1, result.stderr
    for name in unreadable():
        assert f"warning: {name}: " in result.stderr
    assert "--strict" in result.stderr


def test_in_process_pipeline_warns_about_the_same_files(edition: Edition) -> None:
    assert sorted(p.source for p in edition.problems) == sorted([*unreadable(), GBK_NAME])
    assert all(p.severity == "warning" for p in edition.problems)
    assert sorted(s.file for s in edition.sources) == sorted(readable_texts())


def test_encodings_names_and_hashes_are_recorded(cli_edition: dict[str, Any]) -> None:
    recorded = {s["file"]: s["encoding"] for s in cli_edition["sources"]}
    assert recorded == expected_encodings()
    data = {case.file: case.data for case in hostile_cases()}
    for source in cli_edition["sources"]:
        assert source["sha256"] == hashlib.sha256(data[source["file"]]).hexdigest(), source["file"]


def test_nothing_lost_through_the_command(cli_edition: dict[str, Any]) -> None:
    assert_accounted(cli_edition, readable_texts())


def test_nothing_lost_in_process(edition: Edition) -> None:
    assert_accounted(edition_json(edition), readable_texts())


def test_every_source_has_a_page_of_its_own(cli: tuple[subprocess.CompletedProcess[str], Path],
                                            cli_edition: dict[str, Any]) -> None:
    _, out = cli
    pages = [s["page"] for s in cli_edition["sources"]]
    assert len(set(pages)) == len(pages), pages
    for source in cli_edition["sources"]:
        page = (out / source["page"]).read_text(encoding="utf-8")
        assert html.escape(source["file"]) in page, source["file"]
    for doc in cli_edition["documents"]:
        chapter = (out / doc["chapter"]).read_text(encoding="utf-8")
        for witness in doc["witnesses"]:
            page = next(s["page"] for s in cli_edition["sources"] if s["file"] == witness["source"])
            assert f"../{page}#L{witness['first_line']}" in chapter


def test_the_long_line_is_cut_at_sentence_ends_into_paragraphs_that_read_as_the_line(edition: Edition) -> None:
    line = long_chinese_line()
    (doc,) = [d for d in edition.documents if any(w.segment.span.source == "long line.txt" for w in d.witnesses)]
    texts = [p.text for p in doc.paragraphs]
    start = next(i for i, t in enumerate(texts) if line.startswith(t))
    pieces, joined = [], ""
    for text in texts[start:]:
        if not line.startswith(joined + text):
            break
        pieces.append(text)
        joined += text
    assert joined == line and len(pieces) > 100  # 2 MB in reading-sized paragraphs, nothing lost or added
    assert max(len(p) for p in pieces) < 2 * DEFAULT_CLEAN.reading_paragraph


def test_nul_bytes_go_to_the_ledger_with_line_and_column(edition: Edition) -> None:
    removed = [(r.line, r.column, r.text, r.rule) for r in edition.removed if r.source == "nul.txt"]
    assert removed == [(5, 22, "\x00", "control-character"), (7, 14, "\x00", "control-character"),
                       (7, 15, "\x00", "control-character")]
    files = {f.path: f.content for f in render_edition(edition)}
    (page,) = [c for p, c in files.items() if p.startswith("sources/nul.txt")]
    assert "\x00" not in page and "防治" in page and page.count("␀") == 3
    assert "\x00" not in files["notes.md"] and "`␀`" in files["notes.md"]


def test_mixed_scripts_are_kept_as_written(edition: Edition) -> None:
    (doc,) = [d for d in edition.documents if d.witnesses[0].segment.span.source == "mixed script.txt"]
    assert doc.title == "在科技創新大會上的講話"
    assert "高新技術企業的培育要有梯次，形成大中小企業融通发展格局。" in [p.text for p in doc.paragraphs]


def _page_text(markdown: str) -> str:
    """The text a reader sees in a chapter rendered with the site's Markdown extensions."""
    body = to_html(markdown.split("---\n", 2)[2])
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def test_hostile_text_renders_literally(edition: Edition) -> None:
    files = {f.path: f.content for f in render_edition(edition)}
    sources = {"html.txt": (SCRIPT, IMG), "markdown.txt": (FOOTNOTE, MARKDOWN_CHARS),
               "template.txt": (JINJA_VAR, JINJA_TAG, ATTR_LIST)}
    for source, strings in sources.items():
        (doc,) = [d for d in edition.documents if d.witnesses[0].segment.span.source == source]
        rendered = to_html(files[chapter_page(doc.id)].split("---\n", 2)[2])
        assert "<script" not in rendered and "<img" not in rendered, source
        text = _page_text(files[chapter_page(doc.id)])
        for string in strings:
            assert string in text, (source, string)
    (markdown_doc,) = [d for d in edition.documents if d.witnesses[0].segment.span.source == "markdown.txt"]
    rendered = to_html(files[chapter_page(markdown_doc.id)].split("---\n", 2)[2])
    text_part = rendered.split("</div>", 1)[1].split('id="provenance"')[0]  # after the witness list
    # Lines that open with Markdown block syntax stay paragraphs: no list, no table, no rule.
    assert not re.search(r"<(ul|ol|table|hr|blockquote|pre|code)\b", text_part), text_part
