"""The clean stage: joining PDF line breaks, the doubled character across a break, hints, chrome lines."""

from build_tools.stages.clean import clean_source
from tests.helpers import clean, source


def test_pdf_break_mid_sentence_is_joined_with_line_provenance() -> None:
    text = "第一段正文，写到这里被PDF断开了，这是后面的文\n\n字，继续写完。\n\n第二段。"
    result = clean(text)
    assert [b.text for b in result.blocks] == ["第一段正文，写到这里被PDF断开了，这是后面的文字，继续写完。", "第二段。"]
    joined = result.blocks[0]
    assert (joined.span.first_line, joined.span.last_line) == (1, 3)
    assert joined.line_at(0) == 1
    assert joined.line_at(joined.text.index("字，继续")) == 3


def test_line_ending_with_comma_continues() -> None:
    result = clean("二、全体人员须本着负责的态度，\n\n严格做好防护。")
    assert [b.text for b in result.blocks] == ["二、全体人员须本着负责的态度，严格做好防护。"]


def test_headings_and_finished_sentences_are_not_joined() -> None:
    text = "一、关于前一段工作\n\n正文第一句。\n\n正文第二句。"
    assert len(clean(text).blocks) == 3


def test_doubled_character_across_a_break_is_removed_and_logged() -> None:
    result = clean("成效再次彰显了领导，彰显了中国特色社会主\n\n主制度的显著优势。")
    assert result.blocks[0].text == "成效再次彰显了领导，彰显了中国特色社会主制度的显著优势。"
    assert [(r.line, r.column, r.text, r.rule) for r in result.removals] == [(3, 0, "主", "pdf-doubled-char")]


def test_dictionary_reduplication_across_a_break_is_kept() -> None:
    # 人人 is a word: the second 人 is text, not an artefact.
    result = clean("这件事情关系到我们每一个人，关系到人\n\n人的切身利益。")
    assert result.blocks[0].text.endswith("关系到人人的切身利益。")
    assert result.removals == ()


def test_title_broken_on_a_particle_is_joined() -> None:
    result = clean("在全省工作会议上的\n讲话\n\n正文。")
    assert result.blocks[0].text == "在全省工作会议上的讲话"


def test_indentation_is_trimmed_and_indent_hint_kept() -> None:
    result = clean("\u3000\u3000正文一句。\n 另一段。")
    assert [b.text for b in result.blocks] == ["正文一句。", "另一段。"]
    assert "indented" in result.blocks[1].hints


def test_gap_before_counts_blank_and_removed_lines() -> None:
    result = clean("第一段。\n\n\n第二段。")
    assert [b.gap_before for b in result.blocks] == [0, 2]


def test_a_removal_is_split_where_an_earlier_rule_removed_text_in_between() -> None:
    line = ">[bookmark: _Toc1]>在会议上的讲话"
    result = clean(line)
    assert result.blocks[0].text == "在会议上的讲话"
    assert sorted((r.column, r.text, r.rule) for r in result.removals) == [
        (0, ">", "quote-marker"), (1, "[bookmark: _Toc1]", "word-bookmark"), (18, ">", "quote-marker")]
    for r in result.removals:
        assert line[r.column:r.column + len(r.text)] == r.text


def test_a_truncated_copy_is_not_joined_to_the_next_title_across_a_blank_line() -> None:
    text = "各单位要加强春季防火工作，落实值班制度和巡查责\n\n2021年度工作回顾\n正文第一句。"
    assert [b.text for b in clean(text).blocks] == [
        "各单位要加强春季防火工作，落实值班制度和巡查责", "2021年度工作回顾", "正文第一句。"]


def test_a_title_shared_by_several_documents_of_a_file_is_not_a_running_header() -> None:
    doc = "关于做好春季防火工作的通知\n各单位：\n请做好防火工作。\n"
    text = "\n".join([doc, doc, doc])
    result = clean(text)
    assert [b.text for b in result.blocks].count("关于做好春季防火工作的通知") == 3
    assert not result.removals


def test_chrome_lines_are_dropped_whole_to_the_ledger() -> None:
    text = "首页 | 通知公告\n\n关于做好春季防火工作的通知\n各单位：\n请做好防火工作。\n  返回顶部"
    result = clean_source(source(text), chrome=frozenset({1, 6}))
    assert [b.text for b in result.blocks] == ["关于做好春季防火工作的通知", "各单位：", "请做好防火工作。"]
    assert [(r.line, r.column, r.text, r.rule) for r in result.removals] == [
        (1, 0, "首页 | 通知公告", "shared-chrome"), (6, 2, "返回顶部", "shared-chrome")]
    assert result.blocks[0].gap_before == 0


def test_a_chrome_line_a_line_rule_takes_keeps_that_rule() -> None:
    result = clean_source(source("正文。\n- 12 -\n正文。"), chrome=frozenset({2}))
    assert [r.rule for r in result.removals] == ["pdf-page-number"]


def test_whitespace_is_logged_only_for_letter_spacing() -> None:
    result = clean("  正文 一句。\n第 一 章")
    assert [(r.line, r.column, r.text, r.rule) for r in result.removals] == [
        (2, 1, " ", "letter-spacing"), (2, 3, " ", "letter-spacing")]
    assert [b.text for b in result.blocks] == ["正文 一句。", "第一章"]


def test_a_file_without_line_breaks_is_cut_at_sentence_ends_for_reading() -> None:
    from build_tools.settings import CleanConfig
    from build_tools.stages.clean import clean_source

    sentences = [f"这是第{n}句话，说的是一件不大不小的事情，前后都有别的句子。" for n in range(400)]
    text = "".join(sentences)  # about 12,000 characters on one line
    result = clean_source(source(text), config=CleanConfig(long_paragraph=3000, reading_paragraph=600))
    assert len(result.blocks) > 10
    assert "".join(b.text for b in result.blocks) == text  # nothing lost, nothing added
    for block in result.blocks:
        assert block.text.endswith("。") and block.span.first_line == block.span.last_line == 1
        assert block.marks[0].offset == 0
    assert all(600 <= len(b.text) < 700 for b in result.blocks[:-1])  # the first sentence end past 600
    assert 150 <= len(result.blocks[-1].text) < 800  # the rest: never a stub of a sentence or two
    short = clean_source(source("".join(sentences[:20])))  # under the limit: one paragraph
    assert len(short.blocks) == 1


def test_a_long_heading_without_punctuation_keeps_its_byline_apart() -> None:
    # Neither line has a comma or a stop: no sentence was broken here, a heading stands over its author.
    text = "关于进一步加强和改进新形势下全市各级机关事业单位干部职工队伍作风建设若干问题的实施意见\n张明\n各单位要认真贯彻落实。"
    assert [b.text for b in clean(text).blocks] == [
        "关于进一步加强和改进新形势下全市各级机关事业单位干部职工队伍作风建设若干问题的实施意见", "张明", "各单位要认真贯彻落实。"]


def test_a_long_unpunctuated_line_broken_before_its_punctuated_rest_is_joined() -> None:
    text = "为深入贯彻落实全市机关单位干部职工队伍作风建设工作会议精神切实推动各项工作落到实处\n取得实效，现通知如下。"
    assert [b.text for b in clean(text).blocks] == [
        "为深入贯彻落实全市机关单位干部职工队伍作风建设工作会议精神切实推动各项工作落到实处取得实效，现通知如下。"]
