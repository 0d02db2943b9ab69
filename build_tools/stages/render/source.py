"""A source file as a page of numbered, linkable lines (anchors #L1, #L2 …).

Only what the cleaner removed is marked, character by character (`<del>` with the rule's name),
so a line that lost one doubled character or a bookmark still reads as the text it is. Whole lines
removed as noise are marked whole.
"""

from __future__ import annotations

import html
from collections import defaultdict

from build_tools.records import Removal, Source
from build_tools.stages.render.common import SOURCE_LINES_OPENING, front_matter, md_escape, visible_controls

RULE_TITLE = "已删除：{}"  # the tooltip of a removed stretch; the rule names are on the notes page


def removed_stretches(line: str, removals: list[Removal]) -> list[tuple[int, int, str]]:
    """(start, end, rules) of the characters of `line` that the removals took out, merged and in order.

    A removal names its column and text; when the text is not found there (whitespace normalised
    before the rule ran) it is looked up in the line, and failing that the whole line is marked.
    """
    spans: list[tuple[int, int, str]] = []
    for r in removals:
        text = r.text
        start = r.column if line[r.column:r.column + len(text)] == text else line.find(text)
        if not text or start < 0:
            start, text = 0, line
        spans.append((start, start + len(text), r.rule))
    merged: list[tuple[int, int, str]] = []
    for start, end, rule in sorted(spans):
        if merged and start <= merged[-1][1]:
            last_start, last_end, rules = merged[-1]
            names = rules if rule in rules.split(", ") else f"{rules}, {rule}"
            merged[-1] = (last_start, max(last_end, end), names)
        else:
            merged.append((start, end, rule))
    return merged


def _line_html(line: str, stretches: list[tuple[int, int, str]]) -> str:
    out, last = [], 0
    for start, end, rules in stretches:
        out.append(html.escape(visible_controls(line[last:start])))
        title = html.escape(RULE_TITLE.format(rules))
        out.append(f'<del class="noise" title="{title}">{html.escape(visible_controls(line[start:end]))}</del>')
        last = end
    out.append(html.escape(visible_controls(line[last:])))
    return "".join(out)


def render_source(source: Source, removals: list[Removal]) -> str:
    """A source file as a page of numbered, linkable lines; removed characters are marked."""
    by_line: dict[int, list[Removal]] = defaultdict(list)
    for r in removals:
        by_line[r.line].append(r)
    rows = []
    for number, line in enumerate(source.lines, start=1):
        stretches = removed_stretches(line, by_line.get(number, []))
        kept = "".join(line[last:start] for last, (start, _, _) in zip([0, *(e for _, e, _ in stretches)],
                                                                       [*stretches, (len(line), 0, "")], strict=True))
        css = "src-line removed" if stretches and not kept.strip() else "src-line"
        rows.append(f'<div class="{css}" id="L{number}"><a class="lineno" href="#L{number}">{number}</a>'
                    f'<span class="text">{_line_html(line, stretches)}</span></div>')
    # Source pages stay out of the search index: chapters hold the clean text; noise would pollute results.
    head = front_matter({"title": html.escape(f"源文件 {source.file}"), "search": {"exclude": True}})
    info = (f"# 源文件 {md_escape(source.file)}\n\n编码 {source.encoding} · {len(source.lines)} 行 · "
            f"SHA-256 `{source.sha256[:16]}…`\n\n")
    return head + info + SOURCE_LINES_OPENING + "\n" + "\n".join(rows) + "\n</div>\n"
