"""The segmenter reads line widths (`stages.line_shapes`): a paragraph the page broke across a blank line
stays one paragraph of one document; a title, narrower than the page, still opens a document."""

from __future__ import annotations

from build_tools.stages.line_shapes import page_width
from tests.helpers import clean, segments

WIDTH = 30
PARAGRAPHS = (
    "今年以来，各地区各部门认真贯彻落实党中央决策部署，扎实做好各项工作，经济运行总体平稳，发展质量稳步提升，"
    "人民生活持续改善，社会大局保持稳定。",
    "一季度，全市规模以上工业增加值同比增长百分之六点二，社会消费品零售总额增长百分之五点八，固定资产投资"
    "保持较快增长，新动能不断积聚。",
    "城乡居民人均可支配收入稳步增长，就业形势总体稳定，城镇调查失业率控制在预期目标以内，物价水平温和上涨。",
    "与此同时，我们也要清醒看到，外部环境更趋复杂严峻，部分企业生产经营困难，稳增长、稳就业、稳物价面临"
    "新的挑战，必须增强忧患意识。",
    "全年工作的总体要求是：坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，加快构建新发展格局，"
    "着力推动高质量发展，更好统筹发展和安全。",
    "要把恢复和扩大消费摆在优先位置，多渠道增加城乡居民收入，稳定大宗消费，推动生活服务消费恢复，"
    "支持住房改善、新能源汽车、养老服务等消费。",
)
# A stretch without punctuation: a line of it, standing alone, reads like a title.
MIDDLE = ("各地区各部门要认真落实关于统筹推进疫情防控和经济社会发展工作的部署要求并结合本地实际情况"
          "抓紧制定具体实施方案，明确时间表和路线图，确保各项措施落到实处、见到实效。")
CLOSING = "下一步，要继续巩固拓展成果，推动各项工作再上新台阶，以优异成绩迎接新的挑战。"


def broken(paragraph: str) -> list[str]:
    """A paragraph as PDF extraction leaves it: lines of WIDTH characters (a line never opens with a
    punctuation mark: the break moves on past it)."""
    lines = []
    start = 0
    while len(paragraph) - start > WIDTH:
        end = start + WIDTH
        while end < len(paragraph) and not paragraph[end].isalnum():
            end += 1
        lines.append(paragraph[start:end])
        start = end
    return [*lines, paragraph[start:]]


def page_broken_file(title: str) -> str:
    body = [line for paragraph in PARAGRAPHS for line in broken(paragraph)]
    lines = broken("按照会议部署，" + MIDDLE)
    # The page broke the paragraph after its first line: a blank line, then a line without punctuation.
    middle = [lines[0], "", *lines[1:]]
    return "\n".join([title, *body, *middle, *broken(CLOSING)]) + "\n"


def test_the_page_width_is_the_width_of_the_broken_lines() -> None:
    page = page_width(clean(page_broken_file("关于做好当前经济工作的意见")).blocks)
    assert page is not None and WIDTH <= page.width <= WIDTH + 1


def test_a_line_the_page_broke_off_after_a_blank_line_opens_no_document() -> None:
    (seg,) = segments(page_broken_file("关于做好当前经济工作的意见"))
    assert seg.title == "关于做好当前经济工作的意见"
    after_break = next(role for role, block in seg.blocks if block.gap_before == 1)
    assert after_break == "body"


def test_a_title_after_a_paragraph_the_page_broke_still_opens_a_document() -> None:
    text = page_broken_file("关于做好当前经济工作的意见")
    # A copy cut short: it stops mid-sentence at the page's edge; the next document's title follows.
    last = broken(PARAGRAPHS[2][:2 * WIDTH])
    _first, second = segments(text + "\n".join(last) + "\n\n加快建设现代化产业体系\n" + "\n".join(broken(CLOSING)))
    assert second.title == "加快建设现代化产业体系"
