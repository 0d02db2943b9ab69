"""A source file as a page of numbered, linkable lines (anchors #L1, #L2 …); lines with noise are marked."""

from __future__ import annotations

import html
from collections import defaultdict

from build_tools.records import Removal, Source
from build_tools.stages.render.common import front_matter, md_escape, visible_controls


def render_source(source: Source, removals: list[Removal]) -> str:
    """A source file as a page of numbered, linkable lines; lines with noise are marked."""
    by_line: dict[int, list[str]] = defaultdict(list)
    for r in removals:
        by_line[r.line].append(r.rule)
    rows = []
    for number, line in enumerate(source.lines, start=1):
        rules = by_line.get(number)
        attrs = f' class="src-line noise" title="{html.escape(", ".join(sorted(set(rules))))}"' if rules \
            else ' class="src-line"'
        rows.append(f'<div{attrs} id="L{number}"><a class="lineno" href="#L{number}">{number}</a>'
                    f'<span class="text">{html.escape(visible_controls(line))}</span></div>')
    # Source pages stay out of the search index: chapters hold the clean text; noise would pollute results.
    head = front_matter({"title": html.escape(f"源文件 {source.file}"), "search": {"exclude": True}})
    info = (f"# 源文件 {md_escape(source.file)}\n\n编码 {source.encoding} · {len(source.lines)} 行 · "
            f"SHA-256 `{source.sha256[:16]}…`\n\n")
    return head + info + '<div class="source-lines">\n' + "\n".join(rows) + "\n</div>\n"
