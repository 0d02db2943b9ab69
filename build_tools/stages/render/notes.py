"""The notes page (编校说明): what was removed from the sources as noise, by rule, and the problems found.

A large edition's ledger (millions of removals at 20,000 documents) is listed on numbered parts of
`RenderConfig.notes_page_max` entries each, which the notes page lists: one page of hundreds of millions
of characters is more than a browser, or MkDocs, can hold.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from build_tools.records import Edition, Problem, Removal
from build_tools.rules.noise import READER_EXPLANATIONS
from build_tools.settings import DEFAULT_RENDER, RenderConfig
from build_tools.stages.render.common import (
    VARIANTS_CSV,
    RenderedFile,
    front_matter,
    line_link,
    md_escape,
    notes_part_page,
    visible_controls,
)

NOTES_PAGE = "notes.md"


def lists_ledger(path: str) -> bool:
    """Whether a generated page is the notes page or one of its parts, whose lists the MkDocs plugin
    makes HTML before Markdown runs (`ledger_html`)."""
    return path == NOTES_PAGE or path.startswith(notes_part_page(0).rpartition("/")[0] + "/")


CONVENTIONS = """## 体例

- **本**：同一篇文献的各个副本称为“本”，以 A、B、C……为记（按源文件名和起始行排序）。每章开头的表格一行一本：
  所在源文件与行、存缺情况（完整、缺开头、缺结尾、片段）。标“底本”的一本是其余各本对齐所依据的本子（按字数最长、
  段落次序从多数者）。各本原题、段落次序不同、收在他篇中等说明折叠在表下。
- **正文**：逐处取多数本的读法。不在某处的本子（残缺部分）不参与该处表决。票数相同时从底本；底本此处无文时，
  从序次在前之本。编者可以在 `edition.yml` 中改选某处读法。
- **脚注**：每条异文、脱文、衍文一个脚注，写作「正文」：B 作「异文」（正文从多数：A、C）。〔异文〕——
  「」中是正文的文字，其后列出其他各本的读法，括号里说明正文为何如此（多数、票数相同从底本、编者选定），
  〔〕中是差异的类别。每个本子的字母都链接到它在源文件中的那一行，并标出那里的读法。
- **类别**：〔异文〕文字不同；〔脱文〕某本缺字；〔衍文〕某本多字；〔标点〕只有标点不同；〔字形〕繁简、全半角等字形不同；
  〔地区用词〕两岸用词不同（如 软件／軟體）；〔技术性〕重复的字、被遮盖的数字、分段不同等抄录造成的差异。
  标点、字形、地区用词与技术性差异每段合为一个脚注，一处也不省略。
- **段落编号**：正文每段左侧的数字是段落编号，点击可得该段的引文与链接（`#p12`）；源文件的每一行也可以链接
  （`#L57`，一段行为 `#L57-L60`）。
- **出处**：每章末“出处”一栏（点击展开）列出每段在各本源文件中的行。
- **删除的文字**：整理时从源文件删除的噪声（页码、书签、网页导航等）一律列在下表，并在源文件页面上以删除线标出，
  只标删掉的字。
"""


NOTES_TITLE = "编校说明"
_TABLE_HEAD = "| 规则 | 说明 | 处数 | 字符数 |\n|---|---|---|---|"
_PROBLEMS = "problems"  # the anchor of the problems' section (a rule is named in lower case ASCII with "-")
_PROBLEMS_TITLE = "输入文件的问题"


@dataclass(frozen=True)
class _Section:
    key: str  # its anchor: a rule's name, or "problems"
    entries: Sequence[Removal | Problem]


def _sections(edition: Edition) -> list[_Section]:
    """The ledger as the notes list it: removals by rule (rules in alphabetical order, each in the ledger's
    order), then the problems."""
    groups: dict[str, list[Removal | Problem]] = defaultdict(list)
    for r in edition.removed:
        groups[r.rule].append(r)
    sections = [_Section(rule, groups[rule]) for rule in sorted(groups)]
    if edition.problems:
        sections.append(_Section(_PROBLEMS, edition.problems))
    return sections


def _entry(item: Removal | Problem, from_part: bool) -> str:
    if isinstance(item, Problem):
        return f"- {md_escape(str(item))}"
    link = line_link(item.source, item.line, from_chapter=from_part)
    shown = visible_controls(item.text).replace("`", "ˋ")[:120]
    return f"- [{md_escape(item.source)} {item.line}]({link})：`{shown}`"


def _head(intro: str) -> list[str]:
    return [front_matter({"title": NOTES_TITLE, "search": {"exclude": True}}), f"# {NOTES_TITLE}\n", CONVENTIONS,
            f"全部异文另有表格：[{VARIANTS_CSV}]({VARIANTS_CSV})（每处一行，UTF-8，可用 Excel 打开）；"
            "每篇文献的 TEI P5 文件、各本原文与各本对照链接在该章标题之下。\n",
            "## 删除的噪声\n", intro, _TABLE_HEAD]


def _rule_row(section: _Section, page: str) -> str:
    rule = section.key
    explanation = md_escape(READER_EXPLANATIONS.get(rule, ""))
    chars = sum(len(r.text) for r in section.entries if isinstance(r, Removal))
    return f"| [{rule}]({page}#{rule}) | {explanation} | {len(section.entries)} | {chars} |"


def render_notes(edition: Edition) -> str:
    """The edition notes on one page: its conventions, what was removed as noise by rule, with counts and links."""
    sections = _sections(edition)
    rules = [s for s in sections if s.key != _PROBLEMS]
    out = _head("下表列出整理时从源文件中删除的噪声，按规则分组；每一条都链接到源文件的原行。\n")
    out.extend(_rule_row(s, "") for s in rules)
    out.append("")
    for s in rules:
        out.append(f"### {s.key} {{: #{s.key} }}\n")
        out.extend(_entry(r, from_part=False) for r in s.entries)
        out.append("")
    if edition.problems:
        out.append(f"## {_PROBLEMS_TITLE} {{: #{_PROBLEMS} }}\n")
        out.extend(_entry(p, from_part=False) for p in edition.problems)
    return "\n".join(out) + "\n"


def _slices(sections: list[_Section], first: int, stop: int) -> Iterator[tuple[_Section, int, int]]:
    """(section, start, stop) of each section's entries among the ledger's entries first … stop - 1."""
    offset = 0
    for s in sections:
        a, b = max(first - offset, 0), min(stop - offset, len(s.entries))
        if a < b:
            yield s, a, b
        offset += len(s.entries)


def _label(key: str) -> str:
    return _PROBLEMS_TITLE if key == _PROBLEMS else key


def render_notes_pages(edition: Edition, config: RenderConfig = DEFAULT_RENDER) -> Iterator[RenderedFile]:
    """The notes page; for a ledger of more than `config.notes_page_max` entries (removals and problems), a
    first page (the conventions, the table of rules) listing numbered parts of that many entries each
    (`notes_part_page`), which are made one at a time."""
    entries = len(edition.removed) + len(edition.problems)
    if entries <= config.notes_page_max:
        yield RenderedFile(NOTES_PAGE, render_notes(edition))
        return
    sections = _sections(edition)
    size = config.notes_page_max
    bounds = [(a, min(a + size, entries)) for a in range(0, entries, size)]
    starts: dict[str, int] = {}  # section -> the part its first entry is on
    offset = 0
    for s in sections:
        starts[s.key] = offset // size
        offset += len(s.entries)
    out = _head(f"下表列出整理时从源文件中删除的噪声，按规则分组。条目较多（共 {entries} 条），"
                f"分 {len(bounds)} 页列出，每一条都链接到源文件的原行。\n")
    out.extend(_rule_row(s, notes_part_page(starts[s.key])) for s in sections if s.key != _PROBLEMS)
    out.append("")
    if edition.problems:
        out.append(f"## {_PROBLEMS_TITLE} {{: #{_PROBLEMS} }}\n")
        out.append(f"共 {len(edition.problems)} 条，从[第 {starts[_PROBLEMS] + 1} 页]"
                   f"({notes_part_page(starts[_PROBLEMS])}#{_PROBLEMS})起。\n")
    out.append("## 分页\n")
    for n, (a, b) in enumerate(bounds):
        names = "、".join(_label(s.key) for s, _, _ in _slices(sections, a, b))
        out.append(f"- [第 {n + 1} 页：第 {a + 1}–{b} 条]({notes_part_page(n)})：{names}")
    yield RenderedFile(NOTES_PAGE, "\n".join(out) + "\n")
    for n, (a, b) in enumerate(bounds):
        title = f"{NOTES_TITLE}：删除的噪声 第 {a + 1}–{b} 条"
        part = [front_matter({"title": title, "search": {"exclude": True}}), f"# {title}\n",
                f"[← {NOTES_TITLE}](../{NOTES_PAGE})（第 {n + 1} 页，共 {len(bounds)} 页）\n"]
        for s, first, stop in _slices(sections, a, b):
            more = "（续）" if first else ""
            part.append(f"## {_label(s.key)}{more} {{: #{s.key} }}\n")
            part.extend(_entry(item, from_part=True) for item in s.entries[first:stop])
            part.append("")
        yield RenderedFile(notes_part_page(n), "\n".join(part) + "\n")
