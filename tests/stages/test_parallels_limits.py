"""What the reader's pages list of the parallel passages is bounded, and what they leave out is counted:
the page 平行段落 lists the pairs sharing the most text (`ParallelsConfig.page_pairs`), a chapter's 相关文献
the documents sharing the most (`chapter_related`). Expected counts come from the generated corpus
(how many sentences each document quotes) or from the relations the test writes, not from the code."""

from __future__ import annotations

import re
from dataclasses import replace

from build_tools.records import Edition, Parallel, Relation
from build_tools.settings import ParallelsConfig
from build_tools.stages.parallels import find_parallels
from build_tools.stages.render.parallels_page import (
    SHOWN_RELATED,
    parallel_marks,
    parallels_by_paragraph,
    related_list,
    render_parallels_page,
)
from tests.stages.test_parallels import Corpus, document


def test_the_page_lists_the_largest_pairs_and_counts_the_others() -> None:
    corpus = Corpus()
    edition = Edition(title="测试", sources=(), documents=find_parallels(corpus.documents), removed=())
    page = render_parallels_page(edition, ParallelsConfig(page_pairs=1))
    assert page.count('class="parallel-pair"') == 1
    assert "[《文献dtwenty》](chapters/dtwenty.md)" in page.split('class="parallel-pair"')[1]  # twenty quotations: the most
    left_out = len(corpus.quotes["dtwo"]) + len(corpus.quotes["dfive"])
    assert re.search(rf"另有 2 对文献（共 {left_out} 处，\d+ 字）未在此列出", page)
    assert "共有 3 对文献有共同的段落，共 27 处" in page  # the totals still count every pair
    assert "未在此列出" not in render_parallels_page(edition)  # by default the seeds-sized page lists all


def test_a_chapter_lists_the_most_related_documents_and_counts_the_rest() -> None:
    others = [f"d{n}" for n in range(10)]
    related = tuple(Relation(o, 100 - n, "unknown") for n, o in enumerate(others))
    parallels = tuple(Parallel(o, "p1", 0, 12, "甲" * 12, "p1", 0, 12, "甲" * 12, 12) for o in others for _ in range(2))
    doc = replace(document("dx", ["甲" * 12]), related=related, parallels=parallels)
    titles = {o: f"标题{o}" for o in others}
    block = "\n".join(related_list(doc, titles, lambda d: f"{d}.md", ParallelsConfig(chapter_related=8)))
    assert sum(f"({o}.md)" in block for o in others) == 8
    assert "(d8.md)" not in block and "(d9.md)" not in block  # the two sharing least are counted, not listed
    assert "<summary>其余 4 篇</summary>" in block  # 2 folded and 2 not listed
    assert f"另有 2 篇未列出（共有 {92 + 91} 字，4 处）" in block
    below_shown = "\n".join(related_list(doc, titles, lambda d: f"{d}.md", ParallelsConfig(chapter_related=2)))
    assert sum(f"({o}.md)" in below_shown for o in others) == SHOWN_RELATED
    assert f"另有 {10 - SHOWN_RELATED} 篇未列出" in below_shown


def test_marks_follow_the_document_asked_about_when_documents_alternate() -> None:
    documents = find_parallels(Corpus().documents)
    titles = {d.id: d.title for d in documents}
    for paragraph_index in range(3):
        for doc in (*documents, *reversed(documents)):  # each document asked again after the others
            if paragraph_index >= len(doc.paragraphs):
                continue
            paragraph = doc.paragraphs[paragraph_index]
            passages = parallels_by_paragraph(doc).get(paragraph.id, [])
            refs = [re.findall(r'class="parallel-ref" data-doc="(\w+)" data-p="(p\d+)"', i.markup)
                    for i in parallel_marks(paragraph, passages, titles, lambda d, p: f"{d}.md#{p}")]
            expected = sorted((p.document, p.their_paragraph) for p in doc.parallels if p.paragraph == paragraph.id)
            assert sorted(r for found in refs for r in found) == expected, (doc.id, paragraph.id)
