"""Real prose (tests/data/real_prose: classical essays from 古文觀止 and a story from 吶喊) as collectors keep
it: a web page with '作者：' bylines under the titles and indented paragraphs, a PDF extraction with page
numbers between blank lines, a Word export with bookmarks and the author's name under every title. Each
text must come out as one document with all its copies, its title and its author."""

from __future__ import annotations

import json
import random
from functools import lru_cache
from pathlib import Path
from typing import Any

import opencc

from build_tools.pipeline import prepare_edition
from tests.helpers import clean, segments

FIXTURE = Path(__file__).parent / "data" / "real_prose" / "texts.json"


@lru_cache(maxsize=1)
def texts() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def _t2s() -> Any:
    return opencc.OpenCC("t2s.json")


def simplified(text: str) -> str:
    return str(_t2s().convert(text))


def wrapped(paragraph: str, width: int) -> list[str]:
    """A paragraph as PDF extraction breaks it: lines of `width` characters, none opening with punctuation."""
    lines = []
    while len(paragraph) > width + 2:
        end = width
        while end < len(paragraph) and paragraph[end] in "，。；：！？、」』”》":
            end += 1
        lines.append(paragraph[:end])
        paragraph = paragraph[end:]
    return [*lines, paragraph]


def web_copy() -> str:
    """Simplified, a breadcrumb above and share links under every text, '作者：' under the title, indented
    paragraphs with a blank line between them."""
    lines: list[str] = []
    for text in texts():
        lines += ["首页 > 古诗文 > 名篇", "", simplified(text["title"]), "作者：" + simplified(text["author"])]
        for paragraph in text["paragraphs"]:
            lines += ["\u3000\u3000" + simplified(paragraph), ""]
        lines += ["分享到：微信 微博 QQ空间", "", ""]
    return "\n".join(lines)


def pdf_copy() -> str:
    """Traditional, title and author lines, paragraphs broken at 30 characters, a page number between
    blank lines every 12 lines (so several fall inside a sentence)."""
    lines: list[str] = []
    page = 17
    for text in reversed(texts()):
        lines += [text["title"], text["author"]]
        for paragraph in text["paragraphs"]:
            for line in wrapped(paragraph, 30):
                lines.append(line)
                if sum(1 for x in lines if x) % 12 == 0:
                    lines += ["", f"- {page} -", ""]
                    page += 1
        lines += ["", ""]
    return "\n".join(lines)


def word_copy() -> str:
    """Simplified, a bookmark on each title, the author's name under it, no blank lines."""
    rng = random.Random(7)
    lines: list[str] = []
    for text in texts():
        lines += [f"[bookmark: _Toc{rng.randint(10**7, 10**8 - 1)}]{simplified(text['title'])}",
                  simplified(text["author"]), *(simplified(p) for p in text["paragraphs"])]
    return "\n".join(lines)


def test_every_text_is_one_document_with_its_copies_title_and_author() -> None:
    files = {"古文选读_网页.txt": web_copy(), "名篇選讀.txt": pdf_copy(), "名篇_word.txt": word_copy()}
    edition, _ = prepare_edition([(name, text.encode("utf-8")) for name, text in files.items()])
    found = {simplified(d.title): d for d in edition.documents}
    assert sorted(found) == sorted(simplified(t["title"]) for t in texts())
    for text in texts():
        document = found[simplified(text["title"])]
        assert sorted(w.segment.span.source for w in document.witnesses) == sorted(files), text["title"]
        assert simplified(document.author or "") == simplified(text["author"]), text["title"]
        # The text itself, nothing before it: no byline run into its first paragraph.
        assert simplified(document.paragraphs[0].text).startswith(simplified(text["paragraphs"][0][:8]))
        assert all(w.segment.author and simplified(w.segment.author) == simplified(text["author"])
                   for w in document.witnesses), text["title"]


def test_a_byline_under_a_title_is_its_author_not_the_start_of_a_paragraph() -> None:
    poem = texts()[0]
    for byline in ("作者：刘禹锡", "〔唐〕刘禹锡", "唐·刘禹锡"):
        text = "\n".join(["陋室铭", byline, *("\u3000\u3000" + simplified(p) for p in poem["paragraphs"])])
        (segment,) = segments(text)
        assert (segment.title, segment.author) == ("陋室铭", "刘禹锡")
        assert segment.body[0].text == simplified(poem["paragraphs"][0])


def test_a_title_in_book_title_marks_is_the_title_inside() -> None:
    story = texts()[3]
    (segment,) = segments("\n\n".join(["《一件小事》", *story["paragraphs"]]))
    assert segment.title == "一件小事"


def test_a_page_number_between_blank_lines_does_not_cut_a_sentence() -> None:
    story = texts()[3]
    paragraph = story["paragraphs"][1]
    lines = wrapped(paragraph, 30)
    assert len(lines) >= 3 and lines[0][-1] not in "。，"
    text = "\n".join([lines[0], "", "- 23 -", "", *lines[1:]])
    assert [b.text for b in clean(text).blocks] == [paragraph]


# 鴨的喜劇 (魯迅, 1922) as a PDF extraction broke it at 36 characters: a paragraph that opens a page stops
# its second line on '》' and reads, those two lines alone, like a long title with commas.
DUCKS = (
    "然而养成池沼的音乐家却只是爱罗先珂君的一件事。他是向来主张自食其力的，常",
    "说女人可以畜牧，男人就应该种田。所以遇到很熟的友人，他便要劝诱他就在院子",
    "里种白菜；也屡次对仲密夫人劝告，劝伊养蜂，养鸡，养猪，养牛，养骆驼。后来",
    "仲密家果然有了许多小鸡，满院飞跑，啄完了铺地锦的嫩叶，大约也许就是这劝告",
    "的结果了。",
    "",
    "第 200 页",
    "",
    "从此卖小鸡的乡下人也时常来，来一回便买几只，因为小鸡是容易积食，发痧，很",
    "难得长寿的；而且有一匹还成了爱罗先珂君在北京所作唯一的小说《小鸡的悲剧》",
    "里的主人公。有一天的上午，那乡下人竟意外的带了小鸭来了，咻咻的叫著；但是",
    "仲密夫人说不要。",
)


def test_a_paragraph_that_opens_a_page_opens_no_document() -> None:
    story = texts()[3]
    before = [line for p in story["paragraphs"] for line in wrapped(simplified(p), 36)]
    (segment,) = segments("\n".join(["一件小事", *before, *DUCKS]))
    assert segment.title == "一件小事"
    assert not [b.text for role, b in segment.blocks if role == "heading"]


def test_blank_lines_of_the_text_around_a_page_number_still_separate() -> None:
    """A copy cut off mid-sentence, two blank lines, a page number with one under it, then the next copy
    without its opening: the blank lines above the page number outnumber those under it, so some are the
    text's own (between documents), and the two copies are not run together."""
    story = texts()[3]
    cut = wrapped(story["paragraphs"][1], 30)[0]
    rest = story["paragraphs"][4]
    text = "\n".join([*story["paragraphs"][:1], cut, "", "", "- 23 -", "", rest])
    assert [b.text for b in clean(text).blocks][-2:] == [cut, rest]


def test_a_web_pages_title_above_its_heading_gives_one_title() -> None:
    """A page saved from a poetry site: its title (the heading and the site's name), then the heading, then a
    byline in brackets. The heading is the title, the byline the author; the heading is no author line."""
    essay = texts()[1]
    lines = ["桃花源记_古诗文网", "", "桃花源记", "【作者】陶渊明 【朝代】魏晋", "",
             *("\u3000\u3000" + simplified(p) for p in essay["paragraphs"])]
    (segment,) = segments("\n".join(lines))
    assert (segment.title, segment.author) == ("桃花源记", "陶渊明")
    assert segment.body[0].text == simplified(essay["paragraphs"][0])


# The opening of 論語 (public domain) as a collector's file has it: a title page (title, then its compilers'
# credit), then the first book under its heading.
ANALECTS = (
    "论语", "孔子弟子及再传弟子 编", "", "",
    "学而第一",
    "子曰：「学而时习之，不亦说乎？有朋自远方来，不亦乐乎？人不知而不愠，不亦君子乎？」",
    "有子曰：「其为人也孝弟，而好犯上者，鲜矣；不好犯上，而好作乱者，未之有也。君子务本，本立而道生。」",
    "子曰：「巧言令色，鲜矣仁！」",
    "曾子曰：「吾日三省吾身，为人谋而不忠乎？与朋友交而不信乎？传不习乎？」",
)


def test_a_title_page_with_its_credit_line_is_apart_from_the_first_piece() -> None:
    title_page, first = segments("\n".join(ANALECTS))
    assert (title_page.title, title_page.author) == ("论语", "孔子弟子及再传弟子")
    assert first.title == "学而第一" and first.body[0].text.startswith("子曰：「学而时习之")


# The openings of the first five books of 論語 (public domain), under their classical headings: a name
# and its number (學而第一), no 第N章 anywhere.
ANALECTS_BOOKS = (
    ("學而第一", ("子曰：「學而時習之，不亦說乎？有朋自遠方來，不亦樂乎？人不知而不慍，不亦君子乎？」",
              "有子曰：「其為人也孝弟，而好犯上者，鮮矣；不好犯上，而好作亂者，未之有也。君子務本，本立而道生。"
              "孝弟也者，其為仁之本與！」",
              "子曰：「巧言令色，鮮矣仁！」曾子曰：「吾日三省吾身：為人謀而不忠乎？與朋友交而不信乎？傳不習乎？」")),
    ("為政第二", ("子曰：「為政以德，譬如北辰，居其所而眾星共之。」子曰：「詩三百，一言以蔽之，曰：『思無邪』。」",
              "子曰：「道之以政，齊之以刑，民免而無恥；道之以德，齊之以禮，有恥且格。」",
              "子曰：「吾十有五而志于學，三十而立，四十而不惑，五十而知天命，六十而耳順，七十而從心所欲，不踰矩。」")),
    ("八佾第三", ("孔子謂季氏：「八佾舞於庭，是可忍也，孰不可忍也？」",
              "三家者以雍徹。子曰：「『相維辟公，天子穆穆』，奚取於三家之堂？」",
              "子曰：「人而不仁，如禮何？人而不仁，如樂何？」林放問禮之本。子曰：「大哉問！禮，與其奢也，寧儉；"
              "喪，與其易也，寧戚。」")),
    ("里仁第四", ("子曰：「里仁為美。擇不處仁，焉得知？」",
              "子曰：「不仁者不可以久處約，不可以長處樂。仁者安仁，知者利仁。」子曰：「唯仁者能好人，能惡人。」",
              "子曰：「富與貴，是人之所欲也；不以其道得之，不處也。貧與賤，是人之所惡也；不以其道得之，不去也。」")),
    ("公冶長第五", ("子謂公冶長：「可妻也。雖在縲絏之中，非其罪也。」以其子妻之。",
               "子謂南容：「邦有道，不廢；邦無道，免於刑戮。」以其兄之子妻之。",
               "子謂子賤：「君子哉若人！魯無君子者，斯焉取斯？」")),
)


def analects_copy(title_page: tuple[str, ...] = ("論語", "孔子弟子及再传弟子 编"), script: str = "traditional",
                  indent: str = "") -> str:
    """A collector's copy of the five books: a title page, then each book under its heading, blank lines
    between the paragraphs."""
    convert = simplified if script == "simplified" else str
    lines = [*title_page, "", ""]
    for heading, paragraphs in ANALECTS_BOOKS:
        lines += [convert(heading), "", *(line for p in paragraphs for line in (indent + convert(p), "")), ""]
    return "\n".join(lines)


def test_a_book_whose_copies_open_on_a_title_page_with_a_credit_line_is_titled_by_it() -> None:
    """Two copies (file names with nothing in common) whose title page holds the title and its compilers'
    credit: the title page titles the book, no editorial 未命名书籍."""
    files = {"lunyu.txt": analects_copy(), "經典_網頁存檔.txt": analects_copy(indent="\u3000\u3000")}
    edition, _ = prepare_edition([(name, text.encode("utf-8")) for name, text in files.items()])
    (book,) = edition.books
    assert (book.title, book.title_by) == ("論語", "source")


def test_a_books_title_is_the_commonest_title_page_of_its_copies() -> None:
    files = {"a_lunyu.txt": analects_copy(("論語全文", "孔子弟子及再传弟子 编")),
             "b_lunyu.txt": analects_copy(indent="\u3000\u3000"), "c_lunyu.txt": analects_copy()}
    edition, _ = prepare_edition([(name, text.encode("utf-8")) for name, text in files.items()])
    (book,) = edition.books
    assert (book.title, book.title_by) == ("論語", "source")


def test_one_copy_of_classical_books_headed_by_name_and_number_is_a_book() -> None:
    """學而第一, 為政第二 … counting upwards in one file are its chapters: one book of them, its title from the
    title page, each chapter titled by its heading."""
    for script in ("traditional", "simplified"):
        edition, _ = prepare_edition([("論語.txt", analects_copy(script=script).encode("utf-8"))])
        (book,) = edition.books
        assert book.title == "論語", script
        titles = {d.id: d.title for d in edition.documents}
        chapters = [titles[d] for d in book.chapters if titles[d] != "論語"]
        convert = simplified if script == "simplified" else str
        assert chapters == [convert(heading) for heading, _ in ANALECTS_BOOKS], script
