"""The coverage picture: a bar per copy, its covered stretch and a tick where it reads otherwise."""

from __future__ import annotations

import re

from build_tools.stages.render.chapter import render_chapter
from build_tools.stages.render.coverage import WIDTH, bar_svg, coverage_picture
from tests.helpers import edition

BODY = ("今天我们召开会议，研究部署春季工作，各单位要高度重视，切实抓好落实。一要提高认识，把思想统一到上级的部署上来；"
        "二要压实责任，层层传导压力，确保不留死角；三要加强督查，发现问题及时整改，决不能敷衍了事。")


def _doc():  # type: ignore[no-untyped-def]
    damaged = BODY.replace("部署春季", "安排春季").replace("督查", "督察")
    ed = edition({"a.txt": "在春季工作会议上的讲话\n同志们：\n" + BODY, "b.txt": "在春季工作会议上的讲话\n同志们：\n" + BODY,
                  "c.txt": "春季工作会议讲话\n同志们：\n" + damaged[:70]})
    (doc,) = ed.documents
    return doc


def test_a_bar_fills_what_the_copy_has_and_ticks_where_it_differs() -> None:
    doc = _doc()
    full, truncated = doc.witnesses[0], doc.witnesses[2]
    assert truncated.coverage == "truncated"
    svg = bar_svg(doc, truncated)
    has = float(re.search(r'class="cov-has" x="[\d.]+" y="0" width="([\d.]+)"', svg).group(1))  # type: ignore[union-attr]
    assert 0.5 * WIDTH < has < 0.85 * WIDTH  # 70 of the body's 100 or so characters
    differs = [v for v in doc.variants if any(truncated.siglum in r.witnesses for r in v.readings)]
    assert len(differs) >= 1 and svg.count('class="cov-diff"') == len(differs)
    assert 'class="cov-diff"' not in bar_svg(doc, full)
    assert f'class="cov-has" x="0.0" y="0" width="{float(WIDTH)}"' in bar_svg(doc, full)


def test_the_chapter_links_each_bar_to_its_copy_and_a_single_copy_has_no_picture() -> None:
    doc = _doc()
    page = render_chapter(doc)
    for w in doc.witnesses:
        assert f"**{w.siglum}**](../witnesses/{doc.id}-{w.siglum}.md)" in page
    (single,) = edition({"a.txt": "在春季工作会议上的讲话\n同志们：\n" + BODY}).documents
    assert coverage_picture(single, lambda w: "") == []
