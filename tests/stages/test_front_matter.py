"""Front matter is written by libyaml's emitter where PyYAML has it: the same YAML as PyYAML's own."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.stages.render.common import front_matter

page_values = st.one_of(st.text(max_size=40), st.booleans(), st.integers(), st.none(),
                        st.dictionaries(st.sampled_from(["exclude", "boost"]), st.booleans(), max_size=2))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "document_id", "date", "author", "search", "title_by"]),
                       page_values, max_size=6))
def test_front_matter_is_what_pyyaml_writes(data: dict[str, Any]) -> None:
    assert front_matter(data) == "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n\n"


def test_a_title_beyond_the_bmp_is_written_as_it_is() -> None:
    assert front_matter({"title": "𠮷野家"}) == "---\ntitle: 𠮷野家\n---\n\n"


def test_a_title_with_a_next_line_character_is_what_pyyaml_writes() -> None:
    data = {"title": "\x85", "search": {"exclude": True}}
    assert front_matter(data) == "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n\n"
