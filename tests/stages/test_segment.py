"""The segment stage on small hand-made files (no sample text): boundaries and metadata."""

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
