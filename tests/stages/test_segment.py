"""The segment stage on small hand-made files (no sample text): boundaries and metadata."""

import pytest

from tests.helpers import segments

SPEECH = """在全市春季工作会议上的讲话
（2021年3月2日）
王明
同志们：
今天我们召开会议，研究部署春季工作。
一、充分认识当前形势
过去一年，我们做了大量工作，成绩来之不易。
谢谢大家。"""

LETTER = """给青年志愿者的回信
各位青年志愿者：
来信收悉。你们在基层服务的事迹令人感动。
希望你们继续努力，在实践中增长本领。
李华
2021年5月4日"""


def test_one_document_with_title_date_author() -> None:
    (seg,) = segments(SPEECH)
    assert seg.title == "在全市春季工作会议上的讲话"
    assert seg.date == "2021-03-02"
    assert seg.author == "王明"
    roles = [r for r, _ in seg.blocks]
    assert roles[:4] == ["title", "date", "author", "salutation"]
    assert "heading" in roles


def test_closing_formula_then_bookmarked_title_start_a_new_document() -> None:
    text = SPEECH + "\n[bookmark: _Toc1]" + LETTER
    first, second = segments(text)
    assert first.span.last_line == 8
    assert second.title == "给青年志愿者的回信"
    assert second.author == "李华" and second.date == "2021-05-04"


def test_signature_and_date_close_a_document() -> None:
    text = LETTER + "\n\n关于做好春季防火工作的通知\n各单位：\n请做好防火工作。"
    first, second = segments(text)
    assert first.date == "2021-05-04"
    assert second.title == "关于做好春季防火工作的通知"


def test_numbered_piece_markers_open_documents() -> None:
    text = "【篇1】工作会议讲话\n正文一。\n【篇2】工作会议讲话\n正文二。"
    assert [s.title for s in segments(text)] == ["工作会议讲话", "工作会议讲话"]


def test_untitled_document_has_no_title() -> None:
    (seg,) = segments("我这次来，是看望大家的。\n大家辛苦了。")
    assert seg.title is None


def test_subheadings_inside_a_news_story_do_not_split_it() -> None:
    text = ("青年热议回信\n——各地青年反响热烈\n\n多地青年表示，一定牢记嘱托。\n这是最大的鼓舞\n"
            "某大学学生说，很受鼓舞。\n行动书写担当\n某单位干部说，要以他们为榜样。")
    (seg,) = segments(text)
    assert seg.title == "青年热议回信"
    assert seg.subtitle == "各地青年反响热烈"


def test_indented_restart_in_an_unindented_file_opens_a_document() -> None:
    body = "\n".join(f"第{n}段正文，内容在这里。" for n in range(12))
    text = body + "\n 同志们：\n今天开一个会。"
    _first, second = segments(text)
    assert second.span.first_line == 13


def test_forwarding_notice_embeds_the_following_document() -> None:
    text = ("某研究所函\n\n关于学习讲话的通知\n\n各部门：\n\n现将讲话全文转发，请认真学习。\n\n"
            "一、认真组织学习。\n\n\n\n在全市春季工作会议上的讲话\n\n同志们：\n\n今天我们召开会议。")
    host, guest = segments(text)
    assert host.author == "某研究所"
    assert guest.host_segment == host.id


def test_title_and_date_above_prose_open_a_document_not_sign_the_last() -> None:
    body = "今天我们召开会议，研究部署春季工作。\n各单位要高度重视，切实抓好落实。"
    text = f"{body}\n\n统筹抓好春耕生产\n（2020年2月10日）\n统筹抓好春耕生产，确保粮食安全。"
    first, second = segments(text)
    assert first.span.last_line == 2 and first.author is None
    assert second.title == "统筹抓好春耕生产" and second.date == "2020-02-10"


def test_name_and_date_at_the_end_still_sign() -> None:
    text = "今天我们召开会议，研究部署春季工作。\n各单位要高度重视。\n\n李华\n2021年5月4日\n\n下一份文件的标题\n正文。"
    first, second = segments(text)
    assert first.author == "李华" and first.date == "2021-05-04" and first.span.last_line == 5
    assert second.title == "下一份文件的标题"


# Titles the cleaner joined to the paragraph under them, read as the start of a broken sentence (a colon,
# a comma, an enumeration comma or a Latin "!" in them): where a document may start, a narrow first line
# that reads as a title is one again.
PARAGRAPH = ("近年来，越来越多的企业开始推进数字化转型，这一过程涉及组织、流程和技术等多个方面的调整，"
             "需要长期投入和持续改进，不能指望一蹴而就。")


@pytest.mark.parametrize("title", ["人工智能时代的教育：挑战与机遇", "数据、算法和算力", "宏 vec! 的用法",
                                   "秋日登高，寄远方友人"])
def test_a_title_joined_to_the_paragraph_under_it_opens_a_document(title: str) -> None:
    text = f"{PARAGRAPH}\n{PARAGRAPH}\n上一篇文章的最后一段，讲的是别的事情。\n\n{title}\n{PARAGRAPH}\n{PARAGRAPH}"
    first, second = segments(text)
    assert first.span.last_line == 3
    assert second.title == title and second.span.first_line == 5
    assert second.blocks[1][1].text.startswith("近年来")


def test_a_broken_line_as_wide_as_the_text_is_no_title() -> None:
    lines = ["上一篇文章的最后一段，讲的是别的事情。", "", "近年来，越来越多的企业开始推进数字化转型，这一过程涉及组织、流程",
             "和技术等多个方面的调整，需要长期投入和持续改进，不能指望一蹴而就。"]
    (seg,) = segments("\n".join(lines))
    assert [len(b.marks) for _, b in seg.blocks] == [1, 2]


@pytest.mark.parametrize("title", ["雪", "什么是区块链？"])
def test_one_character_and_a_question_open_a_document_where_one_may_start(title: str) -> None:
    text = f"上一篇文章的最后一段，讲的是别的事情。\n\n\n{title}\n\n{PARAGRAPH}\n\n{PARAGRAPH}"
    first, second = segments(text)
    assert first.span.last_line == 1 and second.title == title


def test_a_question_inside_a_text_stays_in_it() -> None:
    text = f"{PARAGRAPH}\n为什么要这样做？\n{PARAGRAPH}"
    (seg,) = segments(text)
    assert [r for r, _ in seg.blocks] == ["body", "body", "body"]


def test_a_short_line_apart_above_a_date_and_prose_is_a_title_not_a_signature() -> None:
    # Paragraphs one blank line apart; the next page's title stands further off (the site's lines
    # between the pages went to the ledger), with its date and text under it at the paragraph gap.
    text = (f"{PARAGRAPH}\n\n{PARAGRAPH}\n\n\n\n\n乡村振兴新路径\n\n2021年4月6日\n\n{PARAGRAPH}\n\n{PARAGRAPH}")
    first, second = segments(text)
    assert first.span.last_line == 3 and first.author is None and first.date is None
    assert second.title == "乡村振兴新路径" and second.date == "2021-04-06"


def test_a_bookmarked_title_after_a_line_read_as_a_title_opens_a_document() -> None:
    # A copy cut short: its last line, after a page break, reads as a title.
    text = (f"{PARAGRAPH}\n{PARAGRAPH}\n{PARAGRAPH}\n\n要坚持问题导向\n\n\n[bookmark: _Toc1234]科学技术的新进展\n"
            f"{PARAGRAPH}\n{PARAGRAPH}")
    segs = segments(text)
    assert segs[-1].title == "科学技术的新进展" and segs[-1].span.first_line == 8


CHAPTER_TEXT = "\n".join(["士隐听了，不觉心中一动，便笑道：“既如此说，此事倒也有些意思。”" * 4] * 12)


def test_a_collection_holding_chapters_of_a_novel_is_no_book() -> None:
    # Three excerpts of one novel, their chapters in a book's order, among dated articles.
    parts = []
    for n, chapter in enumerate(["第二回 冷子兴演说荣国府", "第五回 游幻境指迷十二钗", "第七回 送宫花贾琏戏熙凤"]):
        parts.append(f"{chapter}\n{CHAPTER_TEXT}")
        parts.append(f"社区服务的第{n + 1}个故事\n（2021年3月{n + 2}日）\n{PARAGRAPH}\n{PARAGRAPH}")
    segs = segments("\n\n".join(parts))
    assert [s.title for s in segs] == ["第二回冷子兴演说荣国府", "社区服务的第1个故事", "第五回游幻境指迷十二钗",
                                       "社区服务的第2个故事", "第七回送宫花贾琏戏熙凤", "社区服务的第3个故事"]


def test_a_book_stays_split_at_its_chapters_only() -> None:
    parts = [f"{chapter}\n{CHAPTER_TEXT}\n\n回目之后的小标题\n{CHAPTER_TEXT}"
             for chapter in ["第一回 甄士隐梦幻识通灵", "第二回 冷子兴演说荣国府", "第三回 托内兄如海荐西宾"]]
    segs = segments("\n\n".join(parts))
    assert len(segs) == 3 and segs[1].title == "第二回冷子兴演说荣国府"
