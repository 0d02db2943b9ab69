"""The book level: documents that are the chapters of a book, found from where their copies stand.

Inputs are made here from real sentences of the seeds (`tests.corpora.pool`), each used once: three
copies of a six-chapter manual (one with a title line, one missing a chapter, one with two chapters
swapped), single documents beside them, and a book of one copy. The segmenter splits them at the
chapter headings after a blank-line gap, so each chapter is a document today.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools.curation import parse_curation
from build_tools.pipeline import load_curation_file, prepare_edition, prepare_folder, site_pages
from build_tools.records import Book, Edition
from build_tools.settings import RenderConfig
from build_tools.stages.books import book_id, is_chapter_heading, majority_order
from build_tools.stages.render import render_edition
from build_tools.stages.render.book_page import book_page
from build_tools.stages.render.navigation import navigation, neighbour_links
from tests.corpora.pool import sentence_pool
from tests.helpers import assert_accounted, assert_nothing_lost, edition_data
from tests.project import ROOT

NUMBERS = "一二三四五六七八九十"
NAMES = ("总则", "组织机构", "工作职责", "管理流程", "监督检查", "附则")
HEADINGS = tuple(f"第{NUMBERS[k]}章 {name}" for k, name in enumerate(NAMES))
TITLE = "设备管理手册"
SINGLE_TITLES = ("关于做好春季防火工作的通知", "在全市春季工作会议上的讲话", "给青年志愿者的回信")


def _chapter(k: int, headings: tuple[str, ...] = HEADINGS, start: int = 300) -> list[str]:
    """A chapter: its heading and three paragraphs of three real sentences, none used elsewhere."""
    s = sentence_pool().sentences[start + 9 * k: start + 9 * k + 9]
    return [headings[k], "".join(s[:3]), "".join(s[3:6]), "".join(s[6:9])]


def book_copy(order: list[int] | range, title: str | None = None, headings: tuple[str, ...] = HEADINGS,
              start: int = 300) -> str:
    """A copy of the manual: its chapters in `order`, two blank lines between them, a title line first."""
    lines = [title, "", ""] if title else []
    for k in order:
        lines += [*_chapter(k, headings, start), "", ""]
    return "\n".join(lines) + "\n"


def manual_files(names: tuple[str, str, str] = ("manual-a.txt", "manual-b.txt", "manual-c.txt")) -> dict[str, str]:
    """Three copies: the first (by name) has chapters 2 and 3 swapped, the second lacks chapter 4 and
    has the title line, the third is whole."""
    a, b, c = names
    return {a: book_copy([0, 2, 1, 3, 4, 5]), b: book_copy([0, 1, 2, 4, 5], title=TITLE), c: book_copy(range(6))}


def single_files() -> dict[str, str]:
    """Three single documents, one per file."""
    s = sentence_pool().sentences
    return {f"single-{n}.txt": f"{title}\n" + "".join(s[700 + 6 * n: 706 + 6 * n]) + "\n"
            for n, title in enumerate(SINGLE_TITLES)}


def build(files: dict[str, str], curation: str = "", **kwargs: object) -> Edition:
    result, _ = prepare_edition([(n, t.encode("utf-8")) for n, t in files.items()],
                                curation=parse_curation(curation), **kwargs)  # type: ignore[arg-type]
    return result


def chapter_titles(edition: Edition, book: Book) -> list[str]:
    titles = {d.id: d.title for d in edition.documents}
    return [titles[d] for d in book.chapters]


def folded(heading: str) -> str:
    return heading.replace(" ", "")


@pytest.fixture(scope="module")
def mixed() -> Edition:
    return build({**manual_files(), **single_files()})


def test_three_copies_are_one_book_with_its_chapters_in_the_majority_order(mixed: Edition) -> None:
    (book,) = mixed.books
    assert chapter_titles(mixed, book) == [folded(h) for h in HEADINGS]  # 2 before 3: two copies of three
    assert book.copies == ("manual-a.txt", "manual-b.txt", "manual-c.txt")
    assert book.title == TITLE and book.title_by == "source"  # the title line over the first chapter of b
    assert book.id == book_id(book.copies) and re.fullmatch(r"b[0-9a-f]{8}", book.id)
    fourth = next(d for d in mixed.documents if d.id == book.chapters[3])
    assert sorted(w.segment.span.source for w in fourth.witnesses) == ["manual-a.txt", "manual-c.txt"]


def test_single_documents_stay_outside_and_the_chapters_stand_together(mixed: Edition) -> None:
    (book,) = mixed.books
    singles = [d for d in mixed.documents if d.id not in book.chapters]
    assert sorted(d.title for d in singles) == sorted(SINGLE_TITLES)
    ids = [d.id for d in mixed.documents]
    first = ids.index(book.chapters[0])
    assert ids[first:first + len(book.chapters)] == list(book.chapters)
    assert [d.order for d in mixed.documents] == list(range(1, len(ids) + 1))


def test_edition_json_has_the_book_level(mixed: Edition) -> None:
    data = edition_data(mixed)  # validated against the schema, every field described
    (book,) = mixed.books
    assert data["books"] == [{"id": book.id, "title": TITLE, "title_by": "source",
                              "copies": list(book.copies), "chapters": list(book.chapters),
                              "page": f"books/{book.id}.md"}]
    for doc in data["documents"]:
        assert doc["book"] == (book.id if doc["id"] in book.chapters else None)


def test_nothing_is_lost() -> None:
    assert_nothing_lost([(n, t.encode("utf-8")) for n, t in {**manual_files(), **single_files()}.items()])


def test_the_navigation_has_a_section_for_the_book_and_the_home_page_lists_both(mixed: Edition) -> None:
    (book,) = mixed.books
    pages = site_pages(mixed, [{"首页": "index.md"}])
    section = next(entry[TITLE] for entry in pages.nav if TITLE in entry)
    assert section[0] == {"目录": book_page(book.id)}
    assert [next(iter(e.values())) for e in section[1:]] == [f"chapters/{d}.md" for d in book.chapters]
    documents = next(entry["文献"] for entry in pages.nav if "文献" in entry)
    assert sorted(next(iter(e)) for e in documents) == sorted(SINGLE_TITLES)
    assert {book_page(book.id), *(f"chapters/{d}.md" for d in book.chapters)} <= pages.listed
    home = pages.home_listing
    assert home.index("### 书籍") < home.index(f"[{TITLE}]({book_page(book.id)})") < home.index("### 单篇文献")
    assert "| 6 |" in home and all(t in home for t in SINGLE_TITLES)
    assert "第一章总则" not in home  # chapters are on the book's page, not the home page


def test_the_traditional_edition_has_the_book_section_in_its_script(mixed: Edition) -> None:
    from build_tools.editions import SCRIPTS

    (book,) = mixed.books
    nav = site_pages(mixed, None, SCRIPTS["hant"]).nav
    section = next(entry["設備管理手冊"] for entry in nav if "設備管理手冊" in entry)
    assert section[0] == {"目錄": book_page(book.id)} and "第一章總則" in section[1]


def test_the_book_page_lists_the_chapters_in_order_with_their_copies(mixed: Edition) -> None:
    (book,) = mixed.books
    page = next(f.content for f in render_edition(mixed) if f.path == book_page(book.id))
    links = re.findall(r"\]\(\.\./chapters/([^)]+)\.md\)", page)
    assert links == list(book.chapters)
    assert f"# {TITLE}" in page and "共 6 章" in page
    row = next(line for line in page.splitlines() if "chapters/" + book.chapters[3] in line)
    assert "manual\\-a\\.txt" in row and "manual\\-c\\.txt" in row and "manual\\-b" not in row


def test_a_large_edition_lists_the_book_page_and_chapters_link_their_neighbours(mixed: Edition) -> None:
    small = RenderConfig(nav_list_max=4, catalogue_page_size=2)
    (book,) = mixed.books
    listed = navigation(mixed, small)
    assert listed.books[0].page == book_page(book.id) and listed.books[0].chapters == ()
    assert len(listed.documents) == 3  # the three single documents: no catalogue pages for them
    index = [d.id for d in mixed.documents].index(book.chapters[1])
    links = neighbour_links(mixed, index, small)
    assert links.index(f"({book.chapters[0]}.md)") < links.index(f"(../{book_page(book.id)})") \
        < links.index(f"({book.chapters[2]}.md)")
    assert neighbour_links(mixed, index) == ""  # in the navigation: Material's own footer links the neighbours


def test_the_title_falls_back_to_the_file_names_then_to_an_editorial_one() -> None:
    files = {"rules-pdf.txt": book_copy(range(6)), "rules-web.txt": book_copy(range(6))}
    (book,) = build(files).books
    assert (book.title, book.title_by) == ("rules", "program")
    files = {"x.txt": book_copy(range(6)), "y.txt": book_copy(range(6))}
    (book,) = build(files).books
    assert (book.title, book.title_by) == ("未命名书籍", "program")


def test_a_file_of_chapter_headed_documents_is_a_book_of_one_copy() -> None:
    headings = tuple(f"第{NUMBERS[k]}回 {name}" for k, name in enumerate(NAMES))
    result = build({"小说.txt": book_copy(range(5), headings=headings), **single_files()})
    (book,) = result.books
    assert book.copies == ("小说.txt",) and len(book.chapters) == 5
    assert chapter_titles(result, book)[0] == "第一回总则"


def test_documents_shared_by_files_without_chapter_order_or_enough_of_them_are_no_book() -> None:
    # Two files sharing two documents (fewer than min_chapters), and a file of untitled-chapter pieces.
    plain = tuple(f"工作要点{n}" for n in range(6))
    files = {"p.txt": book_copy(range(2), headings=plain), "q.txt": book_copy(range(2), headings=plain),
             "r.txt": book_copy(range(2, 6), headings=plain)}
    assert build(files).books == ()


def test_the_seeds_hold_no_book() -> None:
    seeds = ROOT / "seeds"
    result, _ = prepare_folder(seeds, load_curation_file(seeds / "edition.yml"))
    assert result.books == ()
    data = edition_data(result)
    assert data["books"] == [] and {d["book"] for d in data["documents"]} == {None}


def test_the_generated_corpus_of_the_large_edition_test_holds_no_book() -> None:
    from tests.corpora.corpus import generate_corpus

    corpus = generate_corpus(60, seed=2)
    result, _ = prepare_edition(list(corpus.files.items()))
    assert result.books == ()


def test_curation_titles_a_book_orders_its_chapters_and_excludes_a_copy() -> None:
    files = manual_files()
    (book,) = build(files).books
    order = [book.chapters[5], book.chapters[0]]
    curated = build(files, f"""
books:
  {book.id}:
    title: 设备管理办法汇编
    order: [{order[0]}, {order[1]}]
    exclude_copies: [manual-a.txt]
""")
    (result,) = curated.books
    assert result.id == book.id  # excluding a copy keeps the book's id
    assert (result.title, result.title_by) == ("设备管理办法汇编", "curator")
    assert result.copies == ("manual-b.txt", "manual-c.txt")
    assert chapter_titles(curated, result)[:3] == [folded(HEADINGS[5]), folded(HEADINGS[0]), folded(HEADINGS[1])]
    assert all(w.segment.span.source != "manual-a.txt" for d in curated.documents for w in d.witnesses)
    excluded = [r for r in curated.removed if r.source == "manual-a.txt"]
    assert excluded and {r.rule for r in excluded} == {"excluded-by-curator"}
    assert_accounted(edition_data(curated), files)  # nothing lost: the copy's text is in the ledger


def test_excluding_one_of_two_copies_keeps_the_book() -> None:
    files = {"rules-pdf.txt": book_copy(range(6)), "rules-web.txt": book_copy(range(6))}
    (book,) = build(files).books
    curated = build(files, f"books:\n  {book.id}:\n    exclude_copies: [rules-web.txt]\n")
    (result,) = curated.books
    assert result.id == book.id and result.copies == ("rules-pdf.txt",) and len(result.chapters) == 6


def test_a_web_copy_of_a_chapter_a_page_is_a_copy_too() -> None:
    files = {"manual-a.txt": book_copy(range(6)), "manual-b.txt": book_copy([0, 2, 1, 3, 4, 5]),
             **{f"web-{k + 1:02d}.txt": book_copy([k]) for k in range(6)}}
    result = build(files)
    (book,) = result.books
    assert book.copies == ("manual-a.txt", "manual-b.txt", *(f"web-{k:02d}.txt" for k in range(1, 7)))
    assert chapter_titles(result, book) == [folded(h) for h in HEADINGS]  # a tie of two: the web pages decide


def test_majority_order() -> None:
    fallback = {d: n for n, d in enumerate("abcdefx")}
    assert majority_order(["acbdef", "abcef", "abcdef"], fallback) == list("abcdef")
    assert majority_order(["xabc", "abc"], fallback) == list("xabc")  # a chapter in one copy only keeps its place
    assert majority_order(["acb", "abc"], fallback) == list("abc")  # a tie: the edition's order decides
    assert majority_order(["ab", "x"], fallback) == list("abx")  # alone in a copy: no place of its own


@pytest.mark.parametrize(("text", "heading"), [
    ("第一章 总则", True), ("第十二回 范进中举", True), ("Chapter 3", True), ("附录 A 在其它环境中使用 Git", True),
    ("第三章 工作职责", True), ("在全市春季工作会议上的讲话", False), ("第一，落实责任", False),
    ("今天我们召开会议。", False)])
def test_chapter_headings(text: str, heading: bool) -> None:
    assert is_chapter_heading(text) is heading


def test_the_skeleton_lists_the_books_commented(tmp_path: Path) -> None:
    from build_tools.curation import skeleton

    result = build(manual_files())
    (book,) = result.books
    text = skeleton(result, "manuals")
    assert f"\n  {book.id}:\n    # title: {TITLE}   # from the source\n" in text
    assert all(f"    #   - {d}" in text for d in book.chapters)
    assert "    #   - manual-a.txt" in text
    assert build(manual_files(), text).books == result.books  # nothing takes effect until edited
