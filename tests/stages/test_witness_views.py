"""Witness views: each copy's page shows exactly its cleaned source span, rebuilt from edition.json, with
its differences from the edition marked; the compare page aligns the copies on the canonical paragraphs;
the index pages list every document; dates are written as readers write them."""

from __future__ import annotations

import html
import random
import re
from pathlib import Path
from typing import Any

import pytest

from build_tools.pipeline import load_folder, prepare_edition
from build_tools.reconstruct import witness_body
from build_tools.records import Edition
from build_tools.settings import RenderConfig
from build_tools.stages.render import render_edition
from build_tools.stages.render.common import compare_page, reader_date, witness_page
from build_tools.stages.render.edition_json import edition_json
from build_tools.stages.render.indexes import BY_AUTHOR, BY_DATE, BY_SOURCE, render_indexes
from build_tools.stages.render.navigation import document_list
from build_tools.stages.render.witness_view import aligned_rows, witness_pieces
from tests.helpers import edition as make_edition
from tests.properties.test_collate_properties import body_text, make_text
from tests.stages.test_moved_passages import _copies as moved_copies
from tests.stages.test_render import to_html

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def seeds() -> Edition:
    edition, _ = prepare_edition(load_folder(ROOT / "seeds"))
    return edition


def shown_text(page: str) -> str:
    """The copy's body as its page shows it: the witness-text block's paragraphs, markup stripped."""
    block = page.split('<div class="witness-text">\n', 1)[1].split("\n</div>\n", 1)[0]
    return "\n".join(html.unescape(re.sub(r"<[^>]+>", "", paragraph)) for paragraph in block.split("\n"))


def _check_every_copy(edition: Edition) -> int:
    files = {f.path: f.content for f in render_edition(edition)}
    data = edition_json(edition)
    checked = 0
    for doc, doc_data in zip(edition.documents, data["documents"], strict=True):
        for w in doc.witnesses:
            rebuilt = witness_body(doc_data, w.siglum)
            assert rebuilt == body_text(w.segment), (doc.id, w.siglum)  # the cleaned source span, exactly
            pieces = witness_pieces(doc_data, w.siglum)
            assert "".join(p.text for p in pieces) == rebuilt
            if len(doc.witnesses) > 1:
                assert shown_text(files[witness_page(doc.id, w.siglum)]) == rebuilt, (doc.id, w.siglum)
                checked += 1
    return checked


def test_every_copy_page_shows_exactly_its_cleaned_source_span(seeds: Edition) -> None:
    assert _check_every_copy(seeds) == 5  # the speech's five copies


def test_a_copy_with_moved_paragraphs_is_shown_in_its_own_order() -> None:
    edition = make_edition(moved_copies())
    (doc,) = edition.documents
    assert any(w.order for w in doc.witnesses)
    assert _check_every_copy(edition) == 3


def test_differences_are_marked_with_the_editions_reading(seeds: Edition) -> None:
    doc = max(seeds.documents, key=lambda d: len(d.witnesses))
    data = edition_json(seeds)["documents"][seeds.documents.index(doc)]
    files = {f.path: f.content for f in render_edition(seeds)}
    for w in doc.witnesses:
        own = {i for i, v in enumerate(doc.variants) if any(w.siglum in r.witnesses for r in v.readings)}
        pieces = witness_pieces(data, w.siglum)
        assert {p.place for p in pieces if p.differs} == own, w.siglum
        page = files[witness_page(doc.id, w.siglum)]
        assert page.count('<mark class="wit-diff') >= len(own)
    page = files[witness_page(doc.id, "B")]
    (substitution,) = [v for v in doc.variants if v.lemma == "指" and v.kind == "substitution"][:1]
    reading = next(r.text for r in substitution.readings if "B" in r.witnesses)
    assert f'<mark class="wit-diff" title="正文作「指」〔异文〕">{reading}</mark>' in page
    rendered = to_html(page.split("---\n", 2)[2])
    assert f'<mark class="wit-diff" title="正文作「指」〔异文〕">{reading}</mark>' in rendered


def test_lacunae_are_noted_where_a_copy_starts_late_or_stops_early(seeds: Edition) -> None:
    doc = max(seeds.documents, key=lambda d: len(d.witnesses))
    files = {f.path: f.content for f in render_edition(seeds)}
    coverage = {w.siglum: w.coverage for w in doc.witnesses}
    for siglum, kind in coverage.items():
        page = files[witness_page(doc.id, siglum)]
        assert ("〔此本缺开头，自 ¶" in page) == (kind in ("lacks-opening", "fragment")), siglum
        assert ("〔此本缺结尾，止于 ¶" in page) == (kind in ("truncated", "fragment")), siglum


def test_compare_rows_line_up_on_the_canonical_paragraphs(seeds: Edition) -> None:
    doc = max(seeds.documents, key=lambda d: len(d.witnesses))
    data = edition_json(seeds)["documents"][seeds.documents.index(doc)]
    for w in doc.witnesses:
        rows = aligned_rows(doc, data, w)
        flat = "".join(p.text for index in sorted(rows) for p in rows[index]).replace("\n", "")
        in_edition_order = witness_body({**data, "witnesses": [{**x, "order": None} for x in data["witnesses"]]},
                                        w.siglum)
        assert flat == in_edition_order.replace("\n", ""), w.siglum
        # Where the copy reads as the edition, its row is the edition's paragraph.
        voted = {i for i, v in enumerate(doc.variants) if w.siglum in (*v.lemma_witnesses, *(s for r in v.readings
                                                                                             for s in r.witnesses))}
        for index, paragraph in enumerate(doc.paragraphs):
            own = [i for i in voted if doc.variants[i].paragraph == paragraph.id
                   and any(w.siglum in r.witnesses for r in doc.variants[i].readings)]
            start = doc.paragraph_starts[index]
            if not own and w.covers[0] <= start and start + len(paragraph.text) <= w.covers[1]:
                assert "".join(p.text for p in rows[index]) == paragraph.text, (w.siglum, paragraph.id)
    page = {f.path: f.content for f in render_edition(seeds)}[compare_page(doc.id)]
    assert page.count("<tr") == len(doc.paragraphs) + 1
    assert all(f'<option value="{w.siglum}">' in page for w in doc.witnesses)
    assert "assets/javascripts/compare.js" in page
    html_page = to_html(page.split("---\n", 2)[2])
    assert '<table class="wit-compare"' in html_page and "<script>" in html_page


def test_text_with_the_marks_own_characters_is_shown_without_highlighting() -> None:
    body = "今天我们召开会议，研究部署春季工作，各单位要高度重视\ufdd0切实抓好落实，把思想统一到上级的部署上来。"
    edition = make_edition({"a.txt": "春季工作会议讲话\n" + body, "b.txt": "春季工作会议讲话\n" + body.replace("召开", "召集")})
    (doc,) = edition.documents
    assert len(doc.witnesses) == 2
    data = edition_json(edition)["documents"][0]
    for w in doc.witnesses:
        pieces = witness_pieces(data, w.siglum)
        assert len(pieces) == 1 and pieces[0].text == witness_body(data, w.siglum)
    _check_every_copy(edition)


def test_reader_dates() -> None:
    assert reader_date("2020-02-23") == "2020年2月23日"
    assert reader_date("2020-02") == "2020年2月"
    assert reader_date("2020") == "2020年"
    assert reader_date("二〇二〇年") == "二〇二〇年"


def test_chapters_and_the_home_table_write_dates_as_readers_do(seeds: Edition) -> None:
    files = {f.path: f.content for f in render_edition(seeds)}
    doc = next(d for d in seeds.documents if d.date == "2020-02-23")
    chapter = files[f"chapters/{doc.id}.md"]
    assert '<time datetime="2020-02-23">2020年2月23日</time>' in chapter
    assert "| 2020年2月23日 |" in document_list(seeds)
    assert f"[A](../{witness_page(doc.id, 'A')})" in chapter and f"(../tei/{doc.id}.xml)" in chapter
    single = next(d for d in seeds.documents if len(d.witnesses) == 1)
    assert "各本原文" not in files[f"chapters/{single.id}.md"] and f"(../tei/{single.id}.xml)" in files[
        f"chapters/{single.id}.md"]


def _links(text: str) -> list[str]:
    return re.findall(r"\]\(\.\./(chapters/[^)]+)\)", text)


def test_the_indexes_list_every_document(seeds: Edition) -> None:
    pages = {f.path: f.content for f in render_indexes(seeds)}
    assert set(pages) == {BY_DATE, BY_AUTHOR, BY_SOURCE}
    every = sorted(f"chapters/{d.id}.md" for d in seeds.documents)
    assert sorted(_links(pages[BY_DATE])) == every and sorted(_links(pages[BY_AUTHOR])) == every
    by_source = _links(pages[BY_SOURCE])
    assert sorted(set(by_source)) == every
    assert len(by_source) == sum(len(d.witnesses) for d in seeds.documents)  # each copy once
    dated = [d for d in seeds.documents if d.date]
    timeline = pages[BY_DATE]
    positions = [timeline.index(f"chapters/{d.id}.md") for d in sorted(dated, key=lambda d: str(d.date))]
    assert positions == sorted(positions) and "## 2020年" in timeline and "### 2020年2月" in timeline
    assert "2020年2月23日" in timeline and "2020-02-23" not in timeline


def test_a_long_index_is_cut_into_parts() -> None:
    texts = {f"f{k}.txt": f"第{k}号文件的标题\n（2021年{k % 3 + 1}月{k + 1}日）\n"
             + "\n".join(make_text(random.Random(k), 2)) for k in range(7)}
    edition = make_edition(texts)
    assert len(edition.documents) == 7 and all(d.date for d in edition.documents)
    pages = {f.path: f.content for f in render_indexes(edition, RenderConfig(index_page_max=3))}
    parts = sorted(p for p in pages if p.startswith("indexes/by-date-"))
    assert parts == ["indexes/by-date-001.md", "indexes/by-date-002.md", "indexes/by-date-003.md"]
    assert re.findall(r"\]\((by-date-\d+\.md)\)", pages[BY_DATE]) == [p.removeprefix("indexes/") for p in parts]
    linked = [link for p in parts for link in _links(pages[p])]
    assert sorted(linked) == sorted(f"chapters/{d.id}.md" for d in edition.documents)


def _all_files(edition: Edition) -> dict[str, Any]:
    return {f.path: f.content for f in render_edition(edition)}


def test_single_copy_documents_get_no_witness_pages(seeds: Edition) -> None:
    files = _all_files(seeds)
    pages = [p for p in files if p.startswith("witnesses/")]
    several = [d for d in seeds.documents if len(d.witnesses) > 1]
    assert len(pages) == sum(len(d.witnesses) + 1 for d in several)
