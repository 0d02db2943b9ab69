"""The offline copy's pages: every link rewritten as `offline_href` says, by regular expressions alone."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.publication import offline_href, offline_page

PIECES = ["", ".", "..", "x", "a.b", "...", "chapters", "index.html", ":", "http:", "mailto:a", "#", "?", "/",
          "-", "é", "%20", "h=1", "L3~%E4"]
_EVERY_HREF = re.compile(r'(\bhref=")([^"]*)(")')


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=8))
def test_every_link_is_rewritten_as_offline_href_says(pieces: list[str]) -> None:
    href = "".join(pieces)
    page = (f'<a href="{href}">x</a><link rel="stylesheet" href="{href}"><p>href="{href}" in text</p>'
            f'<b data-href="{href}" xhref="{href}"></b>')
    assert offline_page(page) == _EVERY_HREF.sub(lambda m: m[1] + offline_href(m[2]) + m[3], page)


def test_a_page_loses_its_download_link_and_names_its_index_pages() -> None:
    page = ('<nav><a href="../chapters/d1/#p2">1</a> <a href="..">up</a> <a href="https://x.org/">x</a></nav>\n'
            '<p class="reader-download"><a href="../download/x.zip">下载</a></p>\n<p>正文</p>')
    assert offline_page(page) == ('<nav><a href="../chapters/d1/index.html#p2">1</a> <a href="../index.html">up</a> '
                                  '<a href="https://x.org/">x</a></nav>\n<p>正文</p>')
