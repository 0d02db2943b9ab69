"""Page and site furniture of books, manuals and web copies, for the noise rules (`noise`).

The line rules see a line with its file (`LineContext`) and what the cleaner found about the whole file
(`FileFacts`: its code lines, its table of contents, its page edges). The predicates here decide the
rules `table-of-contents`, `web-navigation` and `code-copy-button`, and the page-edge part of
`pdf-running-header`; they describe kinds of furniture, never a particular text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from build_tools.rules import structure


@dataclass(frozen=True)
class FileFacts:
    """What the cleaner found about a whole file, for the rules that look beyond a line's neighbours."""

    code: frozenset[int] = frozenset()  # code lines (`stages.code`): no line rule takes them
    toc: frozenset[int] = frozenset()  # lines of a table of contents (`stages.toc`)
    edges: frozenset[int] = frozenset()  # lines at a page's edge (`stages.pages`); empty: the file has no pages
    at_edges: Mapping[str, int] = field(default_factory=dict)  # per line key: how often at a page's edge
    keys: Mapping[str, int] = field(default_factory=dict)  # per line key: how often in the file
    first_at_edge: Mapping[str, int] = field(default_factory=dict)  # per line key: its first line at an edge
    edge_repeats: int = 2  # `CleanConfig.edge_repeats`


NO_FACTS = FileFacts()


@dataclass(frozen=True)
class LineContext:
    """A line with the (stripped) lines of its file, so a rule can look around it."""

    index: int  # 0-based
    lines: tuple[str, ...]
    repeats: dict[str, int]
    openers: frozenset[str] = frozenset()  # lines that somewhere in the file stand above a document's header
    facts: FileFacts = NO_FACTS

    @property
    def text(self) -> str:
        return self.lines[self.index]


def at_page_edge(ctx: LineContext) -> bool:
    """Repeated at page edges (`edge_repeats` times), or a chapter's head standing once at an edge and
    once in the text (its heading); the first edge line of a heading never found elsewhere is the heading."""
    facts = ctx.facts
    if ctx.index not in facts.edges:
        return False
    key = "".join(ctx.text.split())
    at_edges, anywhere = facts.at_edges.get(key, 0), facts.keys.get(key, 0)
    heading = structure.is_chapter_heading(ctx.text)
    if at_edges >= facts.edge_repeats:
        return not (heading and anywhere == at_edges and facts.first_at_edge.get(key) == ctx.index)
    return heading and anywhere > at_edges


def is_toc_line(ctx: LineContext) -> bool:
    return ctx.index in ctx.facts.toc


# Site navigation: a breadcrumb ('首页 > 文档 > 标题'), a menu of short items ('首页 | 文档 | 下载 | 关于'),
# previous/next links, a lone button, a copyright footer.
_BREADCRUMB = re.compile(r"^(?:[^\s>›»＞]{1,12}[:：]\s*)?(?:[^>›»＞]{1,40}?\s(?:>|›|»|＞)\s){2,}[^>›»＞]{1,60}$")
_MENU_SEPARATOR = re.compile(r"\s*[|｜]\s*|\s{2,}|\u3000+")
_MENU_ITEM = re.compile(rf"^[{structure.CJK}A-Za-z☰]{{1,4}}$")
_HOME = frozenset({"首页", "首頁", "主页", "主頁", "Home", "HOME"})
_PREVIOUS_NEXT = re.compile(r"^(?:上一|前一|下一|后一|後一)[章篇页頁回节節条條]\s*[:：]")
_BUTTON = re.compile(r"^(?:返回顶部|返回頂部|回到顶部|回到頂部|返回首页|返回首頁|搜索|搜尋|登录|登錄|注册|註冊"
                     r"|分享到[:：]?|打印本页|打印本頁|关闭窗口|關閉窗口|上一页|下一页|上一頁|下一頁)$")
_COPYRIGHT = re.compile(r"^(?:Copyright|\(c\)|©)|版权所有|版權所有|All rights reserved", re.I)


def is_web_navigation(ctx: LineContext) -> bool:
    text = ctx.text
    if ctx.index in ctx.facts.code or len(text) > 120 or re.search(r"[。！？!?]", text):
        return False
    if _BREADCRUMB.match(text) or _PREVIOUS_NEXT.match(text) or _BUTTON.match(text):
        return True
    if _COPYRIGHT.search(text) and len(text) <= 80:
        return True
    items = [item for item in _MENU_SEPARATOR.split(text) if item]
    return (len(items) >= 5 and all(_MENU_ITEM.match(item) for item in items)
            and ("|" in text or "｜" in text or bool(_HOME.intersection(items))))


_COPY_BUTTON = re.compile(r"^(?:[A-Za-z][\w+#-]{0,15}\s+)?(?:复制代码|複製代碼|复制|複製|Copy(?: code)?)$")


def is_copy_button(ctx: LineContext) -> bool:
    """'复制代码' (with a language name before it) right above a code line: a web page's button."""
    if not _COPY_BUTTON.match(ctx.text):
        return False
    following = next((i for i in range(ctx.index + 1, min(len(ctx.lines), ctx.index + 3)) if ctx.lines[i]), None)
    return following is not None and following in ctx.facts.code
