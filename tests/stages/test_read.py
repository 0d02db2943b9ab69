import codecs

import pytest

from build_tools.pipeline import prepare_edition
from build_tools.records import Problem, Source
from build_tools.stages.read import decode_name, read_file, read_source, read_sources, split_lines
from build_tools.stages.render.edition_json import edition_json
from tests.helpers import clean

TEXT = "第一行：同志们\n第二行，疫情防控。\n"


@pytest.mark.parametrize(("data", "encoding"), [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
    (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le"),
    (TEXT.encode("utf-16-le"), "utf-16-le"),
    (TEXT.encode("gb18030"), "gb18030"),
    (TEXT.encode("gbk"), "gb18030"),
])
def test_decodes_and_records_encoding(data: bytes, encoding: str) -> None:
    result = read_source("a.txt", data)
    assert isinstance(result, Source)
    assert result.encoding == encoding
    assert result.lines == ("第一行：同志们", "第二行，疫情防控。")


@pytest.mark.parametrize("text", ["a\r\nb\r\nc", "a\rb\rc", "a\nb\nc\n", "a\r\nb\rc\n"])
def test_line_ends_crlf_cr_lf(text: str) -> None:
    assert split_lines(text) == ("a", "b", "c")


def test_form_feed_is_not_a_line_end() -> None:
    assert split_lines("a\x0cb\nc") == ("a\x0cb", "c")


def test_binary_file_is_skipped_with_a_warning_naming_it() -> None:
    result = read_source("image.txt", bytes(range(256)) * 8)
    assert isinstance(result, Problem)
    assert result.source == "image.txt"
    assert "skipped" in result.message


def test_empty_and_blank_files_are_warned_about_not_fatal() -> None:
    sources, problems = read_sources([("empty.txt", b""), ("blank.txt", b" \n\n"), ("ok.txt", TEXT.encode())])
    assert [s.file for s in sources] == ["ok.txt"]
    assert sorted(p.source for p in problems) == ["blank.txt", "empty.txt"]


def test_sources_are_in_name_order_with_sha256() -> None:
    sources, _ = read_sources([("b.txt", b"b"), ("a.txt", b"a")])
    assert [s.file for s in sources] == ["a.txt", "b.txt"]
    assert sources[0].sha256 == "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"


def test_a_gbk_file_name_is_decoded_with_a_warning_naming_the_file() -> None:
    on_disk = "会议纪要.txt".encode("gbk").decode("utf-8", "surrogateescape")  # as os.listdir gives it
    name, problem = decode_name(on_disk)
    assert name == "会议纪要.txt"
    assert problem is not None and problem.source == "会议纪要.txt" and "not UTF-8" in problem.message
    assert decode_name("源 文件 一.txt") == ("源 文件 一.txt", None)


def test_an_undecodable_file_name_shows_its_bad_bytes() -> None:
    name, problem = decode_name(b"caf\xe9.txt".decode("utf-8", "surrogateescape"))
    assert name == "caf\\xe9.txt"
    assert problem is not None and problem.source == name


def test_read_sources_uses_the_decoded_name_and_never_a_taken_one() -> None:
    gbk = "讲话.txt".encode("gbk").decode("utf-8", "surrogateescape")
    sources, problems = read_sources([(gbk, TEXT.encode()), ("a.txt", TEXT.encode())])
    assert [s.file for s in sources] == ["a.txt", "讲话.txt"]
    assert [p.source for p in problems] == ["讲话.txt"]
    # A file already has the decoded name: the other one keeps its bytes visible instead.
    sources, _ = read_sources([(gbk, TEXT.encode()), ("讲话.txt", TEXT.encode())])
    assert sorted(s.file for s in sources) == ["\\xbd\\xb2\\xbb\\xb0.txt", "讲话.txt"]


def test_a_short_text_with_a_few_nul_bytes_is_read_not_skipped() -> None:
    data = "通知\n\n同志们：\n\n今天\x00开会\x00，研究\x00工作。\n".encode()  # 56 bytes, 3 NULs
    result = read_source("short.txt", data)
    assert isinstance(result, Source) and result.lines[-1] == "今天\x00开会\x00，研究\x00工作。"
    assert isinstance(read_source("zeros.txt", bytes(64)), Problem)


def test_warnings_about_a_file_that_was_read_go_with_the_problems_in_name_order() -> None:
    damaged = "第一行\n第二行".encode() + b"\xff" + "。\n".encode()
    source, problems = read_file("d.txt", damaged)
    assert source is not None and source.lines == ("第一行", "第二行\\xff。")
    assert [(p.source, p.line) for p in problems] == [("d.txt", 2)]
    assert read_source("d.txt", damaged) == source  # the Source alone; read_file gives the warnings
    sources, problems = read_sources([("d.txt", damaged), ("a.txt", b"\x89PNG\r\n\x1a\n"), ("b.txt", TEXT.encode())])
    assert [s.file for s in sources] == ["b.txt", "d.txt"]
    assert [(p.source, p.line) for p in problems] == [("a.txt", None), ("d.txt", 2)]


def test_edition_json_sources_carry_the_encoding_confidence_and_other_encodings() -> None:
    mixed = "第一段，用的是统一码。\n".encode() + "第二段，用的是国标码。\n".encode("gbk") + "第三段。\n".encode()
    result, _ = prepare_edition([("mixed.txt", mixed), ("plain.txt", TEXT.encode())])
    entries = {s["file"]: s for s in edition_json(result)["sources"]}
    assert entries["plain.txt"]["encoding_confidence"] == 1.0 and entries["plain.txt"]["other_encodings"] == []
    assert entries["mixed.txt"]["encoding"] == "utf-8"
    assert entries["mixed.txt"]["other_encodings"] == [{"first_line": 2, "last_line": 2, "encoding": "gb18030"}]
    assert 0 <= entries["mixed.txt"]["encoding_confidence"] <= 1
    assert any(p.source == "mixed.txt" and p.line == 2 for p in result.problems)


@pytest.mark.parametrize(("text", "kept"), [
    ("\x1b[32m测试通过\x1b[m", "测试通过"),
    ("\x1b[1;31m错误：\x1b[0m文件不存在\x1b[K", "错误：文件不存在"),
    ("\x1b]0;终端标题\x07正文", "正文"),
    ("[32m成功[0m，共3项", "成功，共3项"),  # the ESC byte already lost in a copy
])
def test_terminal_colour_codes_go_to_the_ledger_whole(text: str, kept: str) -> None:
    result = clean(text)
    assert [b.text for b in result.blocks] == [kept]
    assert result.removals and {r.rule for r in result.removals} == {"ansi-escape"}
    assert sum(len(r.text) for r in result.removals) + len(kept) == len(text)  # the codes whole, nothing else
    assert all(text[r.column:r.column + len(r.text)] == r.text for r in result.removals)
    assert not any("[" in b.text or "\x1b" in b.text for b in result.blocks)
