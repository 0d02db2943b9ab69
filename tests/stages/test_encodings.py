"""The read stage on real Chinese texts in every encoding it supports.

Every passage, in Simplified and in two Traditional standards, is encoded in every encoding that can
hold it and must come back exactly, recorded under a sensible name (Big5 is never taken for GBK).
Short texts are the hard case for telling Big5 from GBK: windows of a few characters are slid across
the passages to show how short a file can be and still be read right.
"""

from __future__ import annotations

import codecs
import re
from functools import cache

import pytest

from build_tools.records import Source
from build_tools.stages.convert import convert_text
from build_tools.stages.encodings import char_table, judge, mojibake, plausibility
from build_tools.stages.read import read_file, split_lines

NOTICE = ("关于做好春节期间安全工作的通知\n各部门、各单位：\n春节将至，为确保广大职工度过一个安全、祥和的节日，"
          "现将有关事项通知如下。一、各单位要认真开展节前安全检查，重点检查消防设施、电气线路和值班制度，"
          "发现问题要立即整改。二、要严格执行值班制度，值班人员必须坚守岗位，保持通讯畅通，遇有重大情况及时报告。"
          "三、要关心困难职工的生活，走访慰问要落到实处。\n特此通知。\n办公室\n2024年1月20日\n")
POEM = ("春天的早晨\n窗外的小鸟在树枝上唱歌，\n太阳慢慢地从山后升起来。\n河水静静地流向远方，\n"
        "田野里的麦苗一片青绿。\n我推开窗户，\n风带来了泥土和花的香气。\n孩子们背着书包走过小桥，\n"
        "笑声落在水面上，\n像一串亮晶晶的珠子。\n")
NEWS = ("本报讯　昨天上午，全市第一座大型公共图书馆正式对外开放。新馆建筑面积约三万平方米，"
        "设有阅览座位两千多个，藏书一百二十万册。开馆第一天，就有近万名市民前来参观借阅。"
        "图书馆负责人介绍，新馆采用自助借还系统，读者可以在网上预约图书，还可以在馆内免费使用电脑和无线网络。"
        "许多家长带着孩子在少儿阅览区读书，不少老人也在报刊区看报。市民们表示，希望图书馆多举办讲座和展览，"
        "让更多的人爱上读书。\n")
TECH = ("数据库的备份与恢复\n为了防止数据丢失，系统每天凌晨两点自动进行一次完整备份，备份文件保存在独立的存储服务器上，"
        "保留最近三十天的记录。恢复数据时，管理员应当首先停止应用程序的写入操作，然后选择需要恢复的时间点，"
        "执行恢复命令。恢复完成以后，要检查数据的完整性，确认无误后再重新启动服务。"
        "如果备份过程出现错误，系统会向管理员发送电子邮件，请及时处理。\n")
COUPLET = "白日依山尽，黄河入海流。\n欲穷千里目，更上一层楼。\n"  # 20 characters and 4 punctuation marks
PASSAGES = {"notice": NOTICE, "poem": POEM, "news": NEWS, "tech": TECH, "couplet": COUPLET}

# (codec for str.encode, byte-order mark put before, encodings the reader may record)
ENCODINGS: tuple[tuple[str, bytes, frozenset[str]], ...] = (
    ("utf-8", b"", frozenset({"utf-8"})),
    ("utf-8", codecs.BOM_UTF8, frozenset({"utf-8-sig"})),
    ("utf-16-le", codecs.BOM_UTF16_LE, frozenset({"utf-16-le"})),
    ("utf-16-be", codecs.BOM_UTF16_BE, frozenset({"utf-16-be"})),
    ("utf-16-le", b"", frozenset({"utf-16-le"})),
    ("utf-16-be", b"", frozenset({"utf-16-be"})),
    ("utf-32-le", codecs.BOM_UTF32_LE, frozenset({"utf-32-le"})),
    ("utf-32-be", codecs.BOM_UTF32_BE, frozenset({"utf-32-be"})),
    ("utf-32-le", b"", frozenset({"utf-32-le"})),
    ("utf-32-be", b"", frozenset({"utf-32-be"})),
    ("gb18030", b"", frozenset({"gb18030"})),
    ("gbk", b"", frozenset({"gb18030"})),
    ("big5", b"", frozenset({"big5"})),
    # Big5-HKSCS bytes of text plain Big5 also holds are Big5 bytes: either name is right.
    ("big5hkscs", b"", frozenset({"big5", "big5hkscs"})),
)


@cache
def versions() -> dict[str, str]:
    """Every passage in Simplified, OpenCC Traditional and Taiwan Traditional."""
    found = {}
    for name, text in PASSAGES.items():
        found[name] = text
        found[f"{name}/s2t"] = convert_text(text, "s2t")
        found[f"{name}/s2tw"] = convert_text(text, "s2tw")
    return found


def _cases() -> list[tuple[str, str, bytes, frozenset[str]]]:
    cases = []
    for version, text in versions().items():
        for codec, bom, expected in ENCODINGS:
            try:
                data = bom + text.encode(codec)
            except UnicodeEncodeError:  # Big5 lacks Simplified characters (and OpenCC's 爲, 裏, 着)
                continue
            cases.append((version, f"{codec}{'+bom' if bom else ''}", data, expected))
    return cases


CASES = _cases()


def test_the_matrix_is_complete() -> None:
    # Every Traditional (Taiwan) passage encodes in Big5, so Big5 is tested on every passage.
    big5 = {version for version, how, _, _ in CASES if how == "big5"}
    assert {f"{name}/s2tw" for name in PASSAGES} <= big5
    assert len(CASES) >= 150


@pytest.mark.parametrize(("version", "how", "data", "expected"), CASES, ids=[f"{v}-{h}" for v, h, _, _ in CASES])
def test_every_text_in_every_encoding_comes_back_exactly(version: str, how: str, data: bytes,
                                                         expected: frozenset[str]) -> None:
    source, problems = read_file("t.txt", data)
    assert isinstance(source, Source)
    assert source.lines == split_lines(versions()[version])
    assert source.encoding in expected
    assert source.encoding_confidence >= 0.9 and source.other_encodings == ()
    assert problems == ()  # clean text in a known encoding: nothing to warn about


def _windows(text: str, size: int) -> list[str]:
    """Every run of `size` characters of the text's lines (line ends left out)."""
    flat = re.sub(r"\s+", "", text)
    return [flat[i:i + size] for i in range(len(flat) - size + 1)]


def _read_as(text: str, codec: str) -> tuple[str, str] | None:
    """(encoding recorded, first line) of the text encoded in `codec`; None if it cannot be encoded
    or is plain ASCII (which every encoding here shares)."""
    if text.isascii():
        return None
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        return None
    source, _ = read_file("short.txt", data)
    assert source is not None
    return source.encoding, source.lines[0]


SHORT_CODECS = (("big5", "s2tw", {"big5", "big5hkscs"}), ("big5hkscs", "s2hk", {"big5", "big5hkscs"}),
                ("gbk", None, {"gb18030"}))


@pytest.mark.parametrize("size", [3, 5, 10])
@pytest.mark.parametrize(("codec", "config", "names"), SHORT_CODECS)
def test_short_texts_are_told_apart_from_three_characters(size: int, codec: str, config: str | None,
                                                          names: set[str]) -> None:
    wrong = []
    tried = 0
    for name in ("notice", "poem", "news", "tech"):
        text = convert_text(PASSAGES[name], config) if config else PASSAGES[name]
        for window in _windows(text, size):
            read = _read_as(window, codec)
            if read is None:
                continue
            tried += 1
            if read[0] not in names or read[1] != window:
                wrong.append((window, read))
    assert tried > 400
    assert wrong == []


@pytest.mark.parametrize(("codec", "config", "names"), SHORT_CODECS)
def test_two_characters_are_nearly_always_told_apart(codec: str, config: str | None, names: set[str]) -> None:
    # One character (two bytes) often means one thing in GBK and another in Big5 (C4 B3 is 某 and 議):
    # two are read right nearly always, three always (above).
    right = tried = 0
    for name in ("notice", "poem", "news", "tech"):
        text = convert_text(PASSAGES[name], config) if config else PASSAGES[name]
        for window in _windows(text, 2):
            read = _read_as(window, codec)
            if read is not None:
                tried += 1
                right += read[0] in names and read[1] == window
    assert right >= 0.97 * tried


@pytest.mark.parametrize("config", ["s2tw", "s2hk"])
def test_a_short_big5_couplet_is_not_taken_for_gbk(config: str) -> None:
    text = convert_text(COUPLET, config)
    source, problems = read_file("couplet.txt", text.encode("big5"))
    assert source is not None and source.encoding == "big5" and source.lines == split_lines(text)
    assert problems == ()
    gbk, _ = read_file("couplet.txt", COUPLET.encode("gbk"))
    assert gbk is not None and gbk.encoding == "gb18030" and gbk.lines == split_lines(COUPLET)


def test_gbk_that_happens_to_be_valid_utf8_is_read_as_gbk() -> None:
    # 医院 in GBK is D2 BD D4 BA: valid UTF-8 for 'ҽԺ'. A short file is read as the Chinese it is.
    assert "医院".encode("gbk").decode("utf-8") == "ҽԺ"
    source, _ = read_file("t.txt", "医院".encode("gbk"))
    assert source is not None and (source.encoding, source.lines) == ("gb18030", ("医院",))
    # Latin letters with marks inside a word are UTF-8 as written.
    for word in ("café", "Müller", "naïve résumé", "Ελλάδα"):
        source, _ = read_file("t.txt", word.encode("utf-8"))
        assert source is not None and (source.encoding, source.lines) == ("utf-8", (word,))


# --- mixed and damaged files ------------------------------------------------------------------------

def test_a_gbk_paragraph_inside_utf8_is_decoded_line_by_line() -> None:
    data = NEWS.encode("utf-8") + TECH.encode("gbk") + POEM.encode("utf-8")
    source, problems = read_file("mixed.txt", data)
    assert source is not None
    assert source.lines == split_lines(NEWS + TECH + POEM)  # nothing lost, nothing garbled
    assert source.encoding == "utf-8" and source.other_encodings == ((2, 3, "gb18030"),)
    assert [(p.line, p.severity) for p in problems] == [(2, "warning")]
    assert "gb18030" in problems[0].message and problems[0].source == "mixed.txt"


def test_a_big5_paragraph_inside_utf8_and_a_utf8_line_inside_gbk() -> None:
    traditional = convert_text(TECH, "s2tw")
    source, _ = read_file("a.txt", NEWS.encode() + traditional.encode("big5") + POEM.encode())
    assert source is not None and source.lines == split_lines(NEWS + traditional + POEM)
    assert source.other_encodings == ((2, 3, "big5"),)
    source, _ = read_file("b.txt", NOTICE.encode("gbk") + COUPLET.encode() + TECH.encode("gbk"))
    assert source is not None and source.lines == split_lines(NOTICE + COUPLET + TECH)
    assert source.encoding == "gb18030" and source.other_encodings == ((7, 8, "utf-8"),)


@pytest.mark.parametrize("codec", ["utf-8", "gbk"])
def test_a_few_invalid_bytes_are_kept_visible_and_reported(codec: str) -> None:
    lines = NOTICE.split("\n")
    before = "\n".join(lines[:2]) + "\n" + lines[2][:5]
    data = before.encode(codec) + b"\xff" + NOTICE[len(before):].encode(codec)
    source, problems = read_file("bad.txt", data)
    assert source is not None  # kept: one bad byte never costs the file
    assert source.lines[2] == lines[2][:5] + "\\xff" + lines[2][5:]
    assert source.lines[:2] == tuple(lines[:2]) and source.lines[3:] == tuple(lines[3:-1])
    assert [(p.source, p.line) for p in problems] == [("bad.txt", 3)]
    assert f"byte offset {len(before.encode(codec))}" in problems[0].message and "ff" in problems[0].message


def test_a_utf8_character_cut_short_is_reported_at_its_offset() -> None:
    data = NEWS.encode()
    cut = data.index("公".encode())
    source, problems = read_file("cut.txt", data[:cut + 1] + data[cut + 3:])
    assert source is not None and source.encoding == "utf-8"
    assert source.lines[0] == NEWS.split("\n")[0].replace("公", "\\xe5", 1)
    assert [(p.line, f"byte offset {cut}" in p.message) for p in problems] == [(1, True)]


def test_bad_bytes_in_utf16_are_reported_with_their_line() -> None:
    data = codecs.BOM_UTF16_LE + "第一行\n第二行\n".encode("utf-16-le") + b"\x00\xdc" + "第三行\n".encode("utf-16-le")
    source, problems = read_file("w.txt", data)
    assert source is not None and source.lines[:2] == ("第一行", "第二行") and source.lines[2].endswith("第三行")
    assert [p.line for p in problems if "undecodable" in p.message] == [3]


@pytest.mark.parametrize(("data", "kind"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "PNG"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
    (b"GIF89a\x01\x00\x01\x00", "GIF"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
])
def test_binary_signatures_are_skipped(data: bytes, kind: str) -> None:
    source, problems = read_file("picture.txt", data)
    assert source is None
    assert len(problems) == 1 and kind in problems[0].message and "skipped" in problems[0].message


def test_nul_heavy_bytes_without_a_utf16_pattern_are_skipped() -> None:
    noise = bytes((i * 37 + 11) % 256 for i in range(4096)).replace(b"\x89", b"\x00")
    source, problems = read_file("blob.txt", noise)
    assert source is None and "skipped" in problems[0].message


def test_terminal_copies_are_text() -> None:
    data = "\x1b[32m通过\x1b[m 测试一\n\x1b[1;31m失败\x1b[0m 测试二\x1b[K\n".encode() * 40
    source, problems = read_file("term.txt", data)
    assert source is not None and source.encoding == "utf-8" and problems == ()


# --- mojibake -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "line", "seen"), [
    ("标题\n锟斤拷锟斤拷，文件打不开。\n", 2, "锟斤拷"),
    ("调试输出：烫烫烫烫烫烫\n", 1, "烫烫烫"),
    ("正文\n\n这里有\ufffd替换字符。\n", 3, "U+FFFD"),
    (NEWS.encode("utf-8").decode("latin-1"), 1, "Latin-1"),
    ("Ã©tÃ© 的报告\n", 1, "Latin-1"),
    # UTF-8 read as GBK and saved again: runs of characters no word uses.
    ("第一行\n" + TECH.encode("utf-8").decode("gbk", "ignore"), 2, "rare characters"),
    # GBK read as Big5.
    (NEWS.encode("gbk").decode("big5", "ignore"), 1, "rare characters"),
])
def test_mojibake_is_never_printed_silently(text: str, line: int, seen: str) -> None:
    source, problems = read_file("moji.txt", text.encode("utf-8"))
    assert source is not None
    warned = [p for p in problems if "mojibake" in p.message]
    assert [(p.source, p.line) for p in warned] == [("moji.txt", line)] and seen in warned[0].message


@pytest.mark.parametrize("text", [*PASSAGES.values(), "魑魅魍魉，耄耋之年，饕餮大餐。", "他说：“好……”——这是café。",
                                  "© 2024 · 第3页 · 共12页", "温度为37.5℃，误差±0.1°。"])
def test_ordinary_text_is_not_mojibake(text: str) -> None:
    assert all(mojibake(line) is None for line in text.split("\n"))
    assert all(mojibake(line) is None for line in convert_text(text, "s2tw").split("\n"))


# --- the character table --------------------------------------------------------------------------

def test_the_character_table_knows_both_scripts_and_not_jiebas_mojibake() -> None:
    table = char_table()
    assert {"的", "们", "國", "們", "這", "髮", "裡", "臺"} <= table.common
    # jieba's dictionary lists 锛 and 鐨 (UTF-8 ， and 的 read as GBK) as frequent single characters.
    assert not {"锛", "鐨", "勫", "湴"} & set(table.logp)
    assert plausibility(NEWS) > 0.95 and plausibility(convert_text(NEWS, "s2tw")) > 0.95
    assert plausibility(NEWS.encode("gbk").decode("big5", "replace")) < 0.7


def test_judge_prefers_the_readable_decoding_and_keeps_the_first_of_equal_ones() -> None:
    data = convert_text(POEM, "s2tw").encode("big5")
    verdict = judge({name: data.decode(name, "replace") for name in ("gb18030", "big5", "big5hkscs")})
    assert verdict.encoding == "big5" and verdict.confidence > 0.9
