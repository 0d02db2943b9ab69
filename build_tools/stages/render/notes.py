"""The notes page (编校说明): what was removed from the sources as noise, by rule, and the problems found."""

from __future__ import annotations

from collections import Counter

from build_tools.records import Edition
from build_tools.rules.noise import RULE_REASONS
from build_tools.stages.render.common import front_matter, line_link, md_escape, visible_controls

NOTES_PAGE = "notes.md"


def render_notes(edition: Edition) -> str:
    """The edition notes: what was removed as noise, by rule, with counts and links."""
    out = [front_matter({"title": "编校说明", "search": {"exclude": True}}), "# 编校说明\n",
           "下表列出整理时从源文件中删除的噪声，按规则分组；每一条都链接到源文件的原行。\n"]
    counts = Counter(r.rule for r in edition.removed)
    chars: Counter[str] = Counter()
    for r in edition.removed:
        chars[r.rule] += len(r.text)
    out.append("| 规则 | 说明 | 处数 | 字符数 |\n|---|---|---|---|")
    for rule in sorted(counts):
        out.append(f"| [{rule}](#{rule}) | {md_escape(RULE_REASONS.get(rule, ''))} | {counts[rule]} | {chars[rule]} |")
    out.append("")
    for rule in sorted(counts):
        out.append(f"## {rule} {{: #{rule} }}\n")
        for r in edition.removed:
            if r.rule == rule:
                link = line_link(r.source, r.line, from_chapter=False)
                shown = visible_controls(r.text).replace("`", "ˋ")[:120]
                out.append(f"- [{md_escape(r.source)} {r.line}]({link})：`{shown}`")
        out.append("")
    if edition.problems:
        out.append("## 问题 {: #problems }\n")
        out.extend(f"- {md_escape(str(p))}" for p in edition.problems)
    return "\n".join(out) + "\n"
