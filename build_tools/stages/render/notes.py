"""The notes page (编校说明): what was removed from the sources as noise, by rule, and the problems found."""

from __future__ import annotations

from collections import Counter

from build_tools.records import Edition
from build_tools.rules.noise import READER_EXPLANATIONS
from build_tools.stages.render.common import VARIANTS_CSV, front_matter, line_link, md_escape, visible_controls

NOTES_PAGE = "notes.md"


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


def render_notes(edition: Edition) -> str:
    """The edition notes: its conventions, what was removed as noise by rule, with counts and links."""
    out = [front_matter({"title": "编校说明", "search": {"exclude": True}}), "# 编校说明\n", CONVENTIONS,
           f"全部异文另有表格：[{VARIANTS_CSV}]({VARIANTS_CSV})（每处一行，UTF-8，可用 Excel 打开）；"
           "每篇文献的 TEI P5 文件、各本原文与各本对照链接在该章标题之下。\n",
           "## 删除的噪声\n",
           "下表列出整理时从源文件中删除的噪声，按规则分组；每一条都链接到源文件的原行。\n"]
    counts = Counter(r.rule for r in edition.removed)
    chars: Counter[str] = Counter()
    for r in edition.removed:
        chars[r.rule] += len(r.text)
    out.append("| 规则 | 说明 | 处数 | 字符数 |\n|---|---|---|---|")
    for rule in sorted(counts):
        explanation = md_escape(READER_EXPLANATIONS.get(rule, ""))
        out.append(f"| [{rule}](#{rule}) | {explanation} | {counts[rule]} | {chars[rule]} |")
    out.append("")
    for rule in sorted(counts):
        out.append(f"### {rule} {{: #{rule} }}\n")
        for r in edition.removed:
            if r.rule == rule:
                link = line_link(r.source, r.line, from_chapter=False)
                shown = visible_controls(r.text).replace("`", "ˋ")[:120]
                out.append(f"- [{md_escape(r.source)} {r.line}]({link})：`{shown}`")
        out.append("")
    if edition.problems:
        out.append("## 输入文件的问题 {: #problems }\n")
        out.extend(f"- {md_escape(str(p))}" for p in edition.problems)
    return "\n".join(out) + "\n"
