"""The chrome stage: lines that many files repeat around different documents go to the ledger as
`shared-chrome`; titles, salutations, closings and the text of documents copied in several files stay."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from build_tools.pipeline import StageCache, prepare_edition
from build_tools.records import Edition, Source
from build_tools.rules import noise
from build_tools.schemas import load_schema
from build_tools.settings import ChromeConfig
from build_tools.stages.chrome import clean_with_chrome, find_chrome
from tests.corpora.pool import sentence_pool
from tests.helpers import assert_nothing_lost, source

ROOT = Path(__file__).resolve().parents[2]

# Titles of ten kinds of document; the documents themselves are made of real sentences of the seeds
# (`tests.corpora.pool`), no sentence in two of them, so that no two of them are copies.
TITLES = ("关于做好春季防火工作的通知", "在全市安全生产工作会议上的讲话", "市图书馆关于调整开放时间的公告",
          "致全市广大青年志愿者的一封信", "县农业农村局春耕备耕工作情况汇报", "第三届读书月活动方案",
          "关于开展老旧小区加装电梯试点的意见", "在新教师入职培训班开班仪式上的致辞", "区卫生健康委关于夏季食品安全的提示",
          "某某水库除险加固工程竣工验收情况")
PLACES = ("东城区", "西湖镇", "南山县")


@lru_cache(maxsize=1)
def _sentences() -> tuple[str, ...]:
    """Sentences of the pool that share no 8 characters with each other."""
    chosen: list[str] = []
    seen: set[str] = set()
    for sentence in sentence_pool().sentences:
        grams = {sentence[i:i + 8] for i in range(len(sentence) - 7)}
        if 30 <= len(sentence) <= 90 and not grams & seen:
            chosen.append(sentence)
            seen |= grams
    return tuple(chosen)


def document(n: int) -> tuple[str, str]:
    """Document n (0–29): its title and text (two paragraphs), each different from every other."""
    sentences = _sentences()
    return PLACES[n // len(TITLES)] + TITLES[n % len(TITLES)], sentences[2 * n] + "\n" + sentences[2 * n + 1]


HEADER = ("首页 | 新闻中心 | 通知公告 | 政务公开 | 联系我们", "当前位置：首页 > 通知公告 > 正文")
FOOTER = ("责任编辑：王明", "版权所有 © 2020 某某市人民政府办公室 主办", "返回顶部", "分享到：微信 微博 QQ空间")


def wrapped(title: str, text: str, salutation: bool = True) -> str:
    lines = [*HEADER, "", title, *(["同志们："] if salutation else []), text, *(["谢谢大家！"] if salutation else []),
             "", *FOOTER]
    return "\n".join(lines) + "\n"


def files_of(texts: list[str]) -> list[tuple[str, bytes]]:
    return [(f"{i:03d}.txt", t.encode("utf-8")) for i, t in enumerate(texts)]


@pytest.fixture(scope="module")
def thirty() -> tuple[list[tuple[str, bytes]], Edition]:
    files = files_of([wrapped(*document(n)) for n in range(30)])
    edition, _ = prepare_edition(files)
    return files, edition


def test_every_wrapped_document_comes_out_alone(thirty: tuple[list[tuple[str, bytes]], Edition]) -> None:
    _, edition = thirty
    assert len(edition.documents) == 30
    assert all(len(d.witnesses) == 1 for d in edition.documents)
    assert sorted(d.title for d in edition.documents) == sorted(document(n)[0] for n in range(30))


def test_the_chrome_is_in_the_ledger(thirty: tuple[list[tuple[str, bytes]], Edition]) -> None:
    _, edition = thirty
    chrome = [r for r in edition.removed if r.rule == noise.SHARED_CHROME]
    assert sorted({r.text for r in chrome}) == sorted((*HEADER, *FOOTER))
    assert len(chrome) == 30 * (len(HEADER) + len(FOOTER))
    lines = wrapped(*document(0)).split("\n")
    assert {lines[r.line - 1] for r in chrome} == {*HEADER, *FOOTER}
    assert all(r.column == 0 for r in chrome)
    assert {r.rule for r in edition.removed} == {noise.SHARED_CHROME}


def test_salutation_and_closing_shared_by_all_stay(thirty: tuple[list[tuple[str, bytes]], Edition]) -> None:
    _, edition = thirty
    assert not [r for r in edition.removed if r.text in ("同志们：", "谢谢大家！")]
    for doc in edition.documents:
        texts = [p.text for p in doc.paragraphs]
        assert texts[0] == "同志们：" and texts[-1] == "谢谢大家！", texts


def test_nothing_is_lost(thirty: tuple[list[tuple[str, bytes]], Edition]) -> None:
    files, _ = thirty
    assert_nothing_lost(files)


def test_three_files_sharing_a_header_around_three_documents() -> None:
    # A small corpus: every file has it, beside a different document each time: chrome.
    texts = ["\n".join([*HEADER, "", *document(n)]) + "\n" for n in (0, 1, 2)]
    edition, _ = prepare_edition(files_of(texts))
    assert sorted((r.source, r.line, r.text) for r in edition.removed) == [
        (f"{i:03d}.txt", line, HEADER[line - 1]) for i in range(3) for line in (1, 2)]
    assert sorted(d.title for d in edition.documents) == sorted(document(n)[0] for n in (0, 1, 2))


def test_a_header_around_two_documents_in_three_files_stays() -> None:
    # Two of the three files are copies of one document: the header stands beside two texts only.
    texts = ["\n".join([*HEADER, "", *document(n)]) + "\n" for n in (0, 0, 1)]
    assert find_chrome(tuple(source(t, f"{i}.txt") for i, t in enumerate(texts))) == {}


def test_two_files_never_have_chrome() -> None:
    texts = [wrapped(*document(n)) for n in (0, 1)]
    assert find_chrome(tuple(source(t, f"{i}.txt") for i, t in enumerate(texts))) == {}


def test_copies_sharing_chrome_are_one_document_with_two_witnesses() -> None:
    title, text = document(3)
    damaged = text[:10] + text[11:]  # a character lost
    texts = [wrapped(title, text), wrapped(title, damaged)] + [wrapped(*document(n)) for n in (0, 1, 2, 4, 5)]
    edition, _ = prepare_edition(files_of(texts))
    assert len(edition.documents) == 6
    copies = [d for d in edition.documents if d.title == title]
    assert len(copies) == 1 and len(copies[0].witnesses) == 2
    assert {r.rule for r in edition.removed} == {noise.SHARED_CHROME}
    assert_nothing_lost(files_of(texts))


def test_text_of_a_document_copied_in_many_files_stays() -> None:
    # The same document, whole, in five files (and a title that heads each file): nothing is chrome.
    title, text = document(7)
    texts = [f"{title}\n{text}\n" for _ in range(5)]
    assert find_chrome(tuple(source(t, f"{i}.txt") for i, t in enumerate(texts))) == {}


def test_a_title_that_different_documents_share_stays() -> None:
    # Ten different reports under one title, each at the top of its file: the title is followed by prose.
    texts = [f"工作总结\n{document(n)[1]}\n" for n in range(10)]
    assert find_chrome(tuple(source(t, f"{i}.txt") for i, t in enumerate(texts))) == {}


def test_a_sentence_inside_a_passage_of_chrome_goes_and_a_shared_sentence_stays() -> None:
    notice = "本站部分文章来自网络，如有侵权请联系删除。"
    motto = "让我们共同努力，把各项工作做得更好。"
    texts = ["\n".join([*HEADER, "", *document(n), motto, "", FOOTER[0], notice, FOOTER[2]]) + "\n" for n in range(6)]
    chrome = find_chrome(tuple(source(t, f"{i}.txt") for i, t in enumerate(texts)))
    lines = texts[0].split("\n")
    assert sorted(lines[n - 1] for n in chrome["0.txt"]) == sorted([*HEADER, FOOTER[0], notice, FOOTER[2]])


def test_a_heading_inside_different_documents_stays() -> None:
    texts = [f"{title}\n{body.split(chr(10))[0]}\n工作要求\n{body.split(chr(10))[1]}\n"
             for title, body in (document(n) for n in range(8))]
    assert find_chrome(tuple(source(t, f"{i}.txt") for i, t in enumerate(texts))) == {}


def test_pieces_of_a_broken_sentence_are_never_chrome() -> None:
    # A PDF line break leaves the same piece on a line of its own in many files: the cleaner joins it.
    texts = [f"{document(n)[0]}\n{document(n)[1][:20]}，各单位要\n高度重视\n，认真抓好落实。\n" for n in range(6)]
    assert find_chrome(tuple(source(t, f"{i}.txt") for i, t in enumerate(texts))) == {}


def test_a_page_number_keeps_its_own_rule() -> None:
    texts = [wrapped(*document(n)).replace(HEADER[1], "- 1 -") for n in range(5)]
    edition, _ = prepare_edition(files_of(texts))
    assert {r.rule for r in edition.removed if r.text == "- 1 -"} == {"pdf-page-number"}


def test_thresholds_come_from_the_settings() -> None:
    texts = [wrapped(*document(n)) for n in range(4)]
    sources = tuple(source(t, f"{i}.txt") for i, t in enumerate(texts))
    assert find_chrome(sources)
    assert find_chrome(sources, ChromeConfig(min_files=5)) == {}
    assert find_chrome(sources, ChromeConfig(min_share=0.9)) != {}
    assert find_chrome(sources, ChromeConfig(min_documents=5)) == {}


def test_clean_with_chrome_drops_the_lines_with_their_provenance() -> None:
    texts = [wrapped(*document(n)) for n in range(3)]
    sources: tuple[Source, ...] = tuple(source(t, f"{i}.txt") for i, t in enumerate(texts))
    for clean in clean_with_chrome(sources):
        assert not {b.text for b in clean.blocks} & {*HEADER, *FOOTER}
        raw = clean.source.lines
        for r in clean.removals:
            assert raw[r.line - 1][r.column:].startswith(r.text)
        assert clean.blocks[0].gap_before == 0 and clean.blocks[0].span.first_line == 4


def test_the_cache_redoes_only_sources_whose_chrome_changed() -> None:
    texts = [wrapped(*document(n)) for n in range(3)]
    cache = StageCache()
    prepare_edition(files_of(texts), cache=cache)
    assert all(entry[0] for entry in cache.per_source.values())
    kept = {k: v[1] for k, v in cache.per_source.items()}
    # A fourth file: the chrome lines of the others stay, so they are reused as they are.
    prepare_edition(files_of([*texts, wrapped(*document(4))]), cache=cache)
    assert sum(cache.per_source[k][1] is clean for k, clean in kept.items()) == 3
    # One file without its header and footer: the others have no chrome left (two files): redone.
    changed = [texts[0], texts[1], "\n".join(document(2)) + "\n"]
    prepare_edition(files_of(changed), cache=cache)
    assert not any(entry[0] for entry in cache.per_source.values())


def test_the_rule_is_documented_and_fits_the_ledger() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`{noise.SHARED_CHROME}`" in readme
    reason = noise.CORPUS_RULE_REASONS[noise.SHARED_CHROME]
    assert len(re.findall(r"[A-Za-z]{2,}", reason)) >= 4 and reason not in noise.RULE_REASONS.values()
    pattern = load_schema()["$defs"]["removal"]["properties"]["rule"]["pattern"]
    assert re.fullmatch(pattern, noise.SHARED_CHROME) and noise.SHARED_CHROME not in noise.RULE_NAMES


def test_a_share_label_is_chrome_and_a_shared_title_above_an_addressee_stays() -> None:
    # "通知" heads six different notices, above their addressee: a title. "分享到：" ends every page:
    # a colon, but no text under it, so no addressee.
    texts = [f"通知\n各单位：\n{document(n)[1]}\n\n返回顶部\n分享到：\n" for n in range(6)]
    chrome = find_chrome(tuple(source(t, f"{i}.txt") for i, t in enumerate(texts)))
    assert chrome == {f"{i}.txt": frozenset({6, 7}) for i in range(6)}


def test_a_forwarding_header_is_chrome_and_its_particulars_stay() -> None:
    texts = ["\n".join(["---------- 转发的邮件 ----------", "发件人：综合办公室 <office@example.cn>",
                        f"日期：2020年3月{n + 1}日 上午10:{n:02d}", f"主题：转发：{document(n)[0]}", "收件人：全体职工",
                        "", *document(n)]) + "\n" for n in range(5)]
    chrome = find_chrome(tuple(source(t, f"{i}.txt") for i, t in enumerate(texts)))
    assert chrome == {f"{i}.txt": frozenset({1, 2, 5}) for i in range(5)}


def test_a_poem_copied_in_several_files_among_different_documents_stays() -> None:
    # A quatrain under its title, copied in five files, each time between two other documents: its title
    # stands beside different texts, but what follows it is its verse (sentences the files share), not
    # the head of a document.
    poem = ["登鹳雀楼", "白日依山尽，黄河入海流。", "欲穷千里目，更上一层楼。"]
    texts = ["\n".join([*document(n), "", *poem, "", *document(n + 10)]) + "\n" for n in range(5)]
    assert find_chrome(tuple(source(t, f"{i}.txt") for i, t in enumerate(texts))) == {}
