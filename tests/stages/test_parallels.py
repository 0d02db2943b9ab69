"""The parallels stage on generated documents: a document and three others that quote two, five and twenty
of its sentences among their own text, all four sharing a formula. Every quotation is found at its exact
place in both documents (canonical paragraph, offset, length: punctuation inside a passage counted, the
full stop after it not); the formula is not; and the chapter marks the passages without cutting its
footnote marks."""

from __future__ import annotations

import random
import re
from dataclasses import replace

import markdown

from build_tools.pipeline import prepare_edition
from build_tools.records import Document, Edition, Paragraph, Parallel, Reading, Variant
from build_tools.settings import ParallelsConfig
from build_tools.stages.convert import convert_text
from build_tools.stages.parallels import find_parallels, fold_documents, shared_runs
from build_tools.stages.render.chapter import chapter_body
from build_tools.stages.render.parallels_page import render_parallels_page
from tests.helpers import edition_data

EXTENSIONS = ["attr_list", "tables", "footnotes", "md_in_html", "pymdownx.escapeall"]
CONFIG = {"pymdownx.escapeall": {"hardbreak": False, "nbsp": False}}
QUOTED_RANGE = (0x4E00, 0x6FFF)  # the source's sentences draw their characters here…
OWN_RANGE = (0x7000, 0x9FA5)  # …the others' own sentences here: a passage never runs on by chance


def sentence(rng: random.Random, chars: tuple[int, int], size: int) -> str:
    """A sentence of `size` letters with a comma inside and a full stop at its end."""
    letters = [chr(rng.randint(*chars)) for _ in range(size)]
    cut = rng.randint(4, size - 4)
    return "".join(letters[:cut]) + "，" + "".join(letters[cut:]) + "。"


def document(doc_id: str, paragraphs: list[str], date: str | None = None, roles: dict[int, str] | None = None) -> Document:
    roles = roles or {}
    return Document(id=doc_id, title=f"文献{doc_id}", title_inferred=False, subtitle=None, date=date, author=None,
                    witnesses=(), paragraphs=tuple(Paragraph(f"p{n + 1}", text, roles.get(n, "body"), ())  # type: ignore[arg-type]
                                                   for n, text in enumerate(paragraphs)))


class Corpus:
    """The source document, the three quoting documents and where every quotation stands."""

    def __init__(self, seed: int = 7) -> None:
        rng = random.Random(seed)
        self.formula = "坚持团结奋斗共创美好未来，"
        self.sentences = [sentence(rng, QUOTED_RANGE, rng.randint(14, 30)) for _ in range(27)]
        # The source: the formula, then its 27 sentences in paragraphs of three.
        source_paragraphs = [self.formula + "".join(self.sentences[k:k + 3]) for k in range(0, 27, 3)]
        self.place = {}  # sentence index -> (paragraph id, offset) in the source
        for k, s in enumerate(self.sentences):
            n = k // 3
            self.place[k] = (f"p{n + 1}", source_paragraphs[n].index(s))
        self.source = document("dsrc", source_paragraphs, "2020-01-01")
        self.quoting: list[Document] = []
        self.quotes: dict[str, list[tuple[int, str, int]]] = {}  # doc id -> (sentence, paragraph id, offset)
        picks = rng.sample(range(27), 27)
        for name, count, date in (("dtwo", 2, "2020-02-01"), ("dfive", 5, "2020-03-01"), ("dtwenty", 20, None)):
            chosen, picks = picks[:count], picks[count:]
            paragraphs: list[str] = []
            where = []
            current = self.formula
            for number, k in enumerate(chosen):
                current += sentence(rng, OWN_RANGE, rng.randint(10, 20))
                where.append((k, len(paragraphs), len(current)))
                current += self.sentences[k]
                if number % 3 == 2 or (name == "dfive" and number == 1):
                    paragraphs.append(current)  # (in dfive a quotation ends a paragraph)
                    current = ""
            paragraphs.append(current + sentence(rng, OWN_RANGE, 12))
            self.quoting.append(document(name, paragraphs, date))
            self.quotes[name] = [(k, f"p{n + 1}", offset) for k, n, offset in where]

    @property
    def documents(self) -> tuple[Document, ...]:
        return (self.source, *self.quoting)


def test_every_quotation_is_found_at_its_place_in_both_documents() -> None:
    corpus = Corpus()
    found = {d.id: d for d in find_parallels(corpus.documents)}
    for doc in corpus.quoting:
        expected = []
        for k, paragraph, offset in corpus.quotes[doc.id]:
            text = corpus.sentences[k][:-1]  # the full stop is not part of the passage
            there, their_offset = corpus.place[k]
            expected.append(Parallel("dsrc", paragraph, offset, len(text), text, there, their_offset, len(text), text,
                                     len(text) - 1))
        assert list(found[doc.id].parallels) == expected, doc.id
        mirrored = {(p.paragraph, p.offset, p.their_paragraph, p.their_offset)
                    for p in found["dsrc"].parallels if p.document == doc.id}
        assert mirrored == {(p.their_paragraph, p.their_offset, p.paragraph, p.offset) for p in expected}
    assert len(found["dsrc"].parallels) == 27
    assert {r.document: r.shared_chars for r in found["dsrc"].related} == {
        d: sum(len(corpus.sentences[k]) - 2 for k, _, _ in corpus.quotes[d]) for d in ("dtwo", "dfive", "dtwenty")}


def test_the_formula_all_four_share_is_not_a_parallel() -> None:
    corpus = Corpus()
    for doc in find_parallels(corpus.documents):
        assert all("坚持团结" not in p.text and "共创美好" not in p.text for p in doc.parallels), doc.id
    # Without the quotations, the formula alone links nobody.
    alone = [document(f"d{k}", [corpus.formula + sentence(random.Random(k), OWN_RANGE, 20)]) for k in range(4)]
    assert not any(d.related for d in find_parallels(alone))


def test_directions_come_from_dates_else_from_a_forwarding() -> None:
    corpus = Corpus()
    found = {d.id: d for d in find_parallels(corpus.documents)}
    assert {r.document: r.direction for r in found["dsrc"].related} == {
        "dtwo": "quoted-by", "dfive": "quoted-by", "dtwenty": "unknown"}
    assert [r.direction for r in found["dtwo"].related] == ["quotes"]
    undated = [replace(corpus.source, date=None), replace(corpus.quoting[0], embeds=(("p1", "dsrc"),))]
    found = {d.id: d for d in find_parallels(undated)}
    assert [r.direction for r in found["dtwo"].related] == ["quotes"]
    assert [r.direction for r in found["dsrc"].related] == ["quoted-by"]


def test_a_passage_below_the_threshold_or_in_a_greeting_is_not_one() -> None:
    rng = random.Random(3)
    short = sentence(rng, QUOTED_RANGE, 11)[:-1]  # 11 letters: below min_chars
    long = sentence(rng, QUOTED_RANGE, 12)[:-1]
    signature = "某某县人民政府办公室综合科"
    own = [sentence(rng, OWN_RANGE, 20) for _ in range(4)]
    a = document("da", [own[0] + short + "。" + own[1], signature], roles={1: "signature"})
    b = document("db", [own[2] + short + "。" + own[3], signature], roles={1: "signature"})
    assert not any(d.parallels for d in find_parallels([a, b]))
    c = document("dc", [own[0] + long + "。"])
    d = document("dd", [long + "！" + own[2]])
    found = find_parallels([c, d])
    assert [(p.offset, p.length, p.text) for p in found[0].parallels] == [(len(own[0]), 13, long)]
    assert [(p.offset, p.text) for p in found[1].parallels] == [(0, long)]
    assert not any(x.parallels for x in find_parallels([c, d], ParallelsConfig(min_chars=13)))


def test_traditional_text_and_other_punctuation_still_match() -> None:
    simplified = "我们要加强国际合作，共同应对全球性挑战，携手构建人类命运共同体"
    traditional = convert_text(simplified)
    assert traditional != simplified
    a = document("da", ["首先，" + simplified + "。"])
    b = document("db", ["因此" + traditional.replace("，", "、") + "！"])
    found = find_parallels([a, b])
    (pa,), (pb,) = found[0].parallels, found[1].parallels
    assert (pa.offset, pa.text, pb.offset, pb.text) == (3, simplified, 2, traditional.replace("，", "、"))
    assert pa.their_text == pb.text and pa.chars == pb.chars == len(simplified) - 2


def test_no_document_one_document_or_documents_without_text_share_nothing() -> None:
    assert find_parallels(()) == ()
    alone = Corpus().source
    assert find_parallels([alone]) == (alone,)
    empty = document("dempty", ["。。。", "……"])
    assert not any(d.parallels for d in find_parallels([empty, replace(empty, id="dother"), alone]))


def test_runs_never_cross_paragraphs_and_are_maximal() -> None:
    corpus = Corpus()
    folded = fold_documents(list(corpus.documents))
    for run in shared_runs(folded):
        for side, start in ((run.a, run.start_a), (run.b, run.start_b)):
            codes = folded[side].codes[start:start + run.length]
            assert 0 not in codes and len(set(folded[side].paragraph[start:start + run.length])) == 1
        a, b = folded[run.a].codes, folded[run.b].codes
        before = run.start_a and run.start_b and a[run.start_a - 1] == b[run.start_b - 1] != 0
        after = (run.start_a + run.length < len(a) and run.start_b + run.length < len(b)
                 and a[run.start_a + run.length] == b[run.start_b + run.length] != 0)
        assert not before and not after


def pipeline_edition(corpus: Corpus, documents: tuple[Document, ...]) -> Edition:
    files = [(f"{d.id}.txt", ("\n".join(p.text for p in d.paragraphs) + "\n").encode("utf-8")) for d in documents]
    edition, timings = prepare_edition(files)
    assert "parallels" in dict(timings.stages)
    return edition


def test_the_chapter_marks_passages_around_footnote_marks() -> None:
    corpus = Corpus()
    edition = pipeline_edition(corpus, (corpus.source, *corpus.quoting[:2]))  # the formula in three: boilerplate
    two = next(d for d in edition.documents if d.witnesses[0].segment.span.source == "dtwo.txt")
    k = corpus.quotes["dtwo"][0][0]
    quoted = corpus.sentences[k][:-1]
    paragraph = next(p for p in two.paragraphs if quoted in p.text)
    offset = paragraph.text.index(quoted)
    inside, after = offset + 5, offset + len(quoted)  # a variant place inside the quotation, and one just after it
    variants = (Variant(paragraph.id, inside, paragraph.text[inside], (Reading("甲", ("B",)),), "substitution", ("A",)),
                Variant(paragraph.id, after, paragraph.text[after], (Reading("", ("B",)),), "omission", ("A",)))
    witness = two.witnesses[0]
    doc = replace(two, variants=variants, witnesses=(witness, replace(witness, siglum="B")))
    other = next(d for d in edition.documents if d.witnesses[0].segment.span.source == "dsrc.txt")
    html = markdown.markdown(chapter_body(doc, {other.id: "源<文献>*"}), extensions=EXTENSIONS,
                             extension_configs=CONFIG)
    assert '<span class="lemma" data-note="v1">' in html  # the lemma inside the passage is marked, nested in it
    html = re.sub(r'<span class="lemma" data-note="[^"]*">(.*?)</span>', r"\1", html)
    span = re.search(rf'<span class="parallel" data-doc="{other.id}" data-p="(p\d+)">(.*?)</span>', html)
    there = next(p for p in other.paragraphs if quoted in p.text)
    assert span and span.group(1) == there.id
    assert re.sub(r"<sup.*?</sup>", "", span.group(2)) == quoted
    assert 'href="#fn:v1"' in span.group(2) and 'href="#fn:v2"' not in span.group(2)
    ref = re.search(rf'<span class="parallel-ref" ([^>]*)><a href="{other.id}.md#(p\d+)">⇄</a></span>', html)
    assert ref and ref.group(2) == there.id
    assert 'data-title="源&#60;文献&#62;&#42;"' in ref.group(1) and f'data-text="{quoted}"' in ref.group(1)
    assert "相关文献" in html and 'class="reader-toggle parallels-toggle"' in html
    assert f'<a href="{other.id}.md">《源&lt;文献&gt;*》</a>' in html


def test_the_page_lists_every_pair_with_a_graph() -> None:
    corpus = Corpus()
    edition = Edition(title="测试", sources=(), documents=find_parallels(corpus.documents), removed=())
    page = render_parallels_page(edition)
    assert page.count('class="parallel-pair"') == 3 and "<svg" in page
    sizes = [int(s) for s in re.findall(r'data-size="(\d+)"', page)]
    assert sizes == sorted(sizes, reverse=True)
    assert page.count("marker-end") == 2  # two quotations are dated: arrows; the undated one a plain line


def test_the_pipeline_finds_them_and_edition_json_describes_them() -> None:
    corpus = Corpus()
    data = edition_data(pipeline_edition(corpus, (corpus.source, *corpus.quoting[:2])))
    assert len(data["documents"]) == 3
    assert sorted(len(d["related"]) for d in data["documents"]) == [1, 1, 2]
    for doc in data["documents"]:
        text = {p["id"]: p["text"] for p in doc["paragraphs"]}
        for p in doc["parallels"]:
            assert text[p["paragraph"]][p["offset"]:p["offset"] + p["length"]] == p["text"]
