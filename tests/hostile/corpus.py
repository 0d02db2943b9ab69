"""A deterministic corpus of hostile source files: what a careless or malicious collector might hand us.

`hostile_corpus()` returns {file name: bytes}; the same bytes on every call and every machine (the
random parts come from `random.Random` with fixed seeds). Every hostile text stands inside an
otherwise ordinary Chinese document (a title line, 同志们：, a few sentences, a closing) so that it
goes through cleaning and segmentation like real text. Each document has sentences of its own, so
that clustering keeps the documents apart.

`hostile_cases()` describes each file (what it tests, the text it encodes, the encoding and name
edition.json must record); `unreadable()` names the files that must be skipped with a warning;
`HOSTILE_STRINGS` are the strings that must show literally, not as markup, in the built site.
`hostile_names_corpus()` is a second, small corpus whose titles and file names are hostile.
"""

from __future__ import annotations

import codecs
import random
from dataclasses import dataclass
from functools import lru_cache

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
MARKDOWN_CHARS = r"# * _ [ ] ( ) \ ` | > &"
FOOTNOTE = "[^1]"
JINJA_VAR = "{{ x }}"
JINJA_TAG = "{% if %}"
ATTR_LIST = "{: .cls #id }"
HOSTILE_STRINGS = (SCRIPT, IMG, MARKDOWN_CHARS, FOOTNOTE, JINJA_VAR, JINJA_TAG, ATTR_LIST)

LONG_LINE_BYTES = 2 * 1024 * 1024


def document(title: str, *sentences: str, closing: str = "谢谢大家。") -> str:
    """An ordinary speech: title line, salutation, one paragraph per sentence, a closing."""
    return "\n".join([title, "", "同志们：", "", *(s + "\n" for s in sentences), closing]) + "\n"


# Words of a subject no other document touches (sky and landforms): the long line must not share
# runs of text with the other documents, or clustering would take them for copies of it. Real words,
# not random characters: jieba (the search index) segments dictionary words several times faster.
LONG_LINE_WORDS = ("星辰", "银河", "彗星", "轨道", "望远镜", "观测", "行星", "卫星", "日食", "月食", "光年", "引力", "宇宙", "黑洞", "星云",
                   "太阳", "月亮", "极光", "天文台", "流星", "陨石", "木星", "土星", "火星", "金星", "水星", "星座", "北斗", "恒星", "光谱",
                   "红移", "射电", "脉冲星", "星系", "暗物质", "潮汐", "季风", "云层", "气旋", "冰川", "峡谷", "沙漠", "绿洲", "火山", "地震",
                   "海啸", "珊瑚", "礁石")


@lru_cache(maxsize=2)
def long_chinese_line(n_bytes: int = LONG_LINE_BYTES, seed: int = 7) -> str:
    """A single line of at least `n_bytes` UTF-8 bytes: clauses of 3–9 words, with Chinese punctuation.

    It ends with a full stop (a line ending in a comma is joined with the next, as a PDF line break).
    """
    rng = random.Random(seed)
    pieces: list[str] = []
    size = 0
    while size < n_bytes:
        clause = "".join(rng.choices(LONG_LINE_WORDS, k=rng.randint(3, 9))) + rng.choice("，，，。；")
        pieces.append(clause)
        size += 3 * len(clause)  # every character is 3 bytes in UTF-8
    return "".join(pieces)[:-1] + "。"


def binary_bytes(seed: int = 11) -> bytes:
    """Bytes of an image-like file: a PNG signature and 8 KiB of noise full of NULs and control bytes."""
    rng = random.Random(seed)
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(8192))


# Each document's own text: distinct sentences, so no two are taken for copies of one work.
TEXTS: dict[str, tuple[str, ...]] = {
    "spaces": ("今天召开全县春季农业生产工作会议，主要任务是部署春耕备耕。",
               "各乡镇要抓紧检修农机具，确保种子化肥及时到位。",
               "水利部门要提前疏通沟渠，保障春灌用水需要。"),
    "collision": ("这份材料的文件名与另一份只差下划线和空格，两者都要有自己的页面。",
                  "如果两个文件共用一个页面，读者就会看到错误的原文。",
                  "每一份源文件都必须能够单独查阅，逐行核对。"),
    "gbk": ("今年以来全区经济运行总体平稳，工业增加值保持增长。",
            "重点项目建设进度加快，一批新项目相继开工投产。",
            "下一步要继续优化营商环境，帮助中小企业解决融资难题。"),
    "gb18030": ("这篇文字含有扩展汉字𠮷和㐂，只有国标一八〇三〇能够表示。",
                "古籍整理工作中经常遇到生僻字，录入时要格外仔细。",
                "各图书馆要做好珍贵文献的数字化保护工作。"),
    "utf16le": ("教育系统要把学生安全放在首位，开展校园安全隐患排查。",
                "各学校要完善食堂管理制度，严把食品原料进货关。",
                "教师队伍建设要常抓不懈，提高课堂教学质量。"),
    "utf16be": ("城市管理要坚持精细化方向，改善市容市貌。",
                "背街小巷的路灯和排水设施要尽快修缮到位。",
                "垃圾分类工作要进小区、进楼栋，居民广泛参与。"),
    "utf8bom": ("文化旅游产业是我市的特色产业，发展潜力很大。",
                "要加强景区基础设施建设，提升游客服务水平。",
                "非物质文化遗产的保护传承要有专人负责。"),
    "crlf": ("医疗卫生体制改革进入深水区，任务依然艰巨。",
             "基层卫生院要配齐全科医生，方便群众就近看病。",
             "药品集中采购要扩大范围，切实减轻患者负担。"),
    "cr": ("交通运输部门要保障节日期间道路安全畅通。",
           "客运站要加强安检，严禁危险物品进站上车。",
           "高速公路服务区要增加保洁人员和临时停车位。"),
    "gbk-name": ("这个文件的名字是用国标码保存的，在别的系统上打开会变成乱码。",
                 "文件名也是材料的一部分，要正确显示，不能让整个程序出错。",
                 "请各单位统一使用规范的文件命名方式。"),
    "long": ("下面请大家审议这份很长的材料，材料的正文只有一行。",),
    "nul": ("环境保护工作要坚持标本兼治，突出抓好大气污染\x00防治。",
            "重点企业要安装在线监测设备，\x00\x00数据实时上传。",
            "河长制要落到实处，每条河流都有人管护。"),
    "mixed": ("科技創新是引領發展的第一動力，我们要加大研发投入。",
              "高新技術企業的培育要有梯次，形成大中小企業融通发展格局。",
              "人才引進政策要更加靈活，为青年科技人员搭建平台。"),
    "html": (f"有人在网页里插入了{SCRIPT}这样的代码，我们照录原文。",
             f"图片标签{IMG}也只是文字，不能被浏览器执行。",
             "网络安全工作要常态化开展，定期组织攻防演练。"),
    "markdown": (f"文中的符号{MARKDOWN_CHARS}都要原样显示，不能变成格式。",
                 f"有的材料带有脚注标记{FOOTNOTE}，也要照录。",
                 "# 这一行以井号开头，不是标题。",
                 "* 这一行以星号开头，不是列表。",
                 "1. 这一行以数字加点开头，也不是列表。",
                 "| 甲 | 乙 | 这一行像表格的一行 |",
                 "--- 这一行以三个短横开头。",
                 "档案管理工作要做到规范有序，查阅方便。"),
    "template": (f"模板语法{JINJA_VAR}不能被替换，{JINJA_TAG}也不能被执行。",
                 f"属性列表{ATTR_LIST}只是普通文字，不能给段落加上属性。",
                 f"{ATTR_LIST}",
                 "审计监督要全覆盖，发现问题要限期整改到位。"),
}

TITLES = {
    "spaces": "在全县春季农业生产工作会议上的讲话",
    "collision": "关于同名文件的说明",
    "gbk": "在全区经济运行分析会上的讲话",
    "gb18030": "在古籍保护工作座谈会上的讲话",
    "utf16le": "在全市教育工作会议上的讲话",
    "utf16be": "在城市管理工作推进会上的讲话",
    "utf8bom": "在文化旅游产业发展大会上的讲话",
    "crlf": "在医疗卫生工作会议上的讲话",
    "cr": "在节日交通安全工作会议上的讲话",
    "gbk-name": "在文件命名规范培训会上的讲话",
    "long": "在年度长篇材料审议会上的讲话",
    "nul": "在生态环境保护工作会议上的讲话",
    "mixed": "在科技創新大會上的講話",
    "html": "在网络安全工作会议上的讲话",
    "markdown": "在档案管理工作会议上的讲话",
    "template": "在审计工作会议上的讲话",
}


def _doc(key: str) -> str:
    return document(TITLES[key], *TEXTS[key])


@dataclass(frozen=True)
class Case:
    name: str  # the file name
    what: str  # what the file tests
    data: bytes
    text: str | None = None  # the text the bytes encode; None for a file that must be skipped
    encoding: str | None = None  # what edition.json must record for it
    read_as: str = ""  # the name edition.json must give it, when not `name`

    @property
    def file(self) -> str:
        return self.read_as or self.name


def _encoded(name: str, what: str, text: str, codec: str, recorded: str, bom: bytes = b"", read_as: str = "") -> Case:
    return Case(name, what, bom + text.encode(codec), text, recorded, read_as)


# A GBK-encoded file name, as os.listdir gives it on Linux: the bytes that are not UTF-8 as lone surrogates.
GBK_NAME = "会议纪要.txt"
GBK_NAME_ON_DISK = GBK_NAME.encode("gbk").decode("utf-8", "surrogateescape")


@lru_cache(maxsize=1)
def hostile_cases() -> tuple[Case, ...]:
    """Every hostile file with its description, its text and its expected encoding; deterministic."""
    gb18030_text = _doc("gb18030")
    try:  # the point of this file: it must not be encodable as GBK
        gb18030_text.encode("gbk")
    except UnicodeEncodeError:
        pass
    else:  # pragma: no cover - guards the corpus itself
        raise AssertionError("the GB18030 sample must hold characters outside GBK")
    long_text = document(TITLES["long"], TEXTS["long"][0], long_chinese_line())
    return (
        Case("empty.txt", "empty file", b""),
        Case("binary.txt", "binary file with a .txt name", binary_bytes()),
        _encoded("源 文件 一.txt", "file name with spaces and CJK characters", _doc("spaces"), "utf-8", "utf-8"),
        _encoded("源_文件_一.txt", "file name differing from another only by '_' for ' '", _doc("collision"),
                 "utf-8", "utf-8"),
        _encoded(GBK_NAME_ON_DISK, "file name in GBK bytes, not UTF-8", _doc("gbk-name"), "utf-8", "utf-8",
                 read_as=GBK_NAME),
        _encoded("gbk.txt", "GBK", _doc("gbk"), "gbk", "gb18030"),
        _encoded("gb18030.txt", "GB18030 with characters outside GBK", gb18030_text, "gb18030", "gb18030"),
        _encoded("utf16le.txt", "UTF-16 LE with BOM", _doc("utf16le"), "utf-16-le", "utf-16-le",
                 codecs.BOM_UTF16_LE),
        _encoded("utf16be.txt", "UTF-16 BE with BOM", _doc("utf16be"), "utf-16-be", "utf-16-be",
                 codecs.BOM_UTF16_BE),
        _encoded("utf8bom.txt", "UTF-8 with BOM", _doc("utf8bom"), "utf-8", "utf-8-sig", codecs.BOM_UTF8),
        _encoded("crlf.txt", "CRLF line ends", _doc("crlf").replace("\n", "\r\n"), "utf-8", "utf-8"),
        _encoded("cr.txt", "lone-CR line ends", _doc("cr").replace("\n", "\r"), "utf-8", "utf-8"),
        _encoded("long line.txt", "a 2 MB single line of Chinese text", long_text, "utf-8", "utf-8"),
        _encoded("nul.txt", "NUL bytes inside UTF-8 text", _doc("nul"), "utf-8", "utf-8"),
        _encoded("nul short.txt", "a few NUL bytes in a short UTF-8 file",
                 "通知\n\n同志们：\n\n明天\x00上午\x00开会\x00。\n", "utf-8", "utf-8"),
        _encoded("mixed script.txt", "mixed Simplified and Traditional text", _doc("mixed"), "utf-8", "utf-8"),
        _encoded("html.txt", "<script> and <img onerror> in the text", _doc("html"), "utf-8", "utf-8"),
        _encoded("markdown.txt", "Markdown-active characters, [^1], lines opening with # * 1. | ---",
                 _doc("markdown"), "utf-8", "utf-8"),
        _encoded("template.txt", "Jinja-like {{ }} and {% %}, attribute lists {: }", _doc("template"),
                 "utf-8", "utf-8"),
    )


def hostile_corpus() -> dict[str, bytes]:
    """Every hostile file, {name: bytes}; deterministic."""
    return {case.name: case.data for case in hostile_cases()}


def readable_texts() -> dict[str, str]:
    """{name in edition.json: text} of the files that must be read (all but the empty and the binary one)."""
    return {case.file: case.text for case in hostile_cases() if case.text is not None}


def expected_encodings() -> dict[str, str]:
    """{name in edition.json: encoding it must record}."""
    return {case.file: case.encoding for case in hostile_cases() if case.encoding is not None}


def unreadable() -> tuple[str, ...]:
    """Names of the files that must be skipped with a warning naming them."""
    return tuple(case.name for case in hostile_cases() if case.text is None)


# Hostile text where the site prints it as a title: document titles (from the title line) and file
# names go into the navigation, the page header and <title>. A file name cannot hold "/", so the
# </title> breaker stands in a title line.
HOSTILE_TITLE = "关于<script>alert(3)</script>与{{ x }}的通知"
TITLE_BREAKER = "关于</title><img src=x onerror=alert(4)>的说明"
HOSTILE_FILE_NAME = "<img src=x onerror=alert(5)>.txt"


def hostile_names_corpus() -> dict[str, bytes]:
    """Files whose titles and names are hostile; deterministic."""
    return {
        "title.txt": document(HOSTILE_TITLE, "这份通知的标题里有脚本标签和模板语法，浏览器不能执行它们。",
                              "标题会出现在导航、页眉和网页标题中，都要原样显示。").encode("utf-8"),
        "title breaker.txt": document(TITLE_BREAKER, "这份说明的标题里有结束网页标题的标签，必须转义才能显示。",
                                      "页面头部的每一处标题都要经过同样的处理。").encode("utf-8"),
        HOSTILE_FILE_NAME: document("关于奇怪文件名的说明", "这个文件的名字本身就是一段图片标签代码。",
                                    "文件名会出现在导航栏和源文件页面的标题里，同样不能执行。").encode("utf-8"),
    }
