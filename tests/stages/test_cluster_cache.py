"""The cluster stage with a cache kept across runs (`ClusterCache`, as `mkdocs serve` keeps it): after a
segment is edited, removed or added, a warm run finds exactly the works a cold run finds, and it forgets
what names segments no longer there."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools.records import Segment
from build_tools.settings import DEFAULT_CLUSTER, ClusterConfig
from build_tools.stages import candidates, cluster, cluster_cache
from build_tools.stages.clean import clean_sources
from build_tools.stages.cluster import ClusterCache, cluster_segments
from build_tools.stages.read import read_sources
from build_tools.stages.segment import segment_texts
from tests.corpora.corpus import generate_corpus
from tests.helpers import segments

TEMPLATE = ["让我们看看示例8-14中一些正确编码的字符串的例子。", "让我们看看示例4-2中一个使用整型的例子。",
            "让我们看看示例15-3中一个使用智能指针的例子。", "让我们看看示例9-6中一个传播错误的例子。",
            "让我们看看示例10-1中一个寻找最大值的例子。", "让我们看看示例13-2中一个闭包捕获环境的例子。"]
SLOGAN = "让我们更加紧密地团结起来，坚定信心，共克时艰，奋力夺取全面建设的新的更大胜利，谱写新时代的壮丽篇章！"


@cache
def _corpus(n: int, seed: int) -> tuple[Segment, ...]:
    sources, _ = read_sources(generate_corpus(n, seed).files.items())
    return segment_texts(clean_sources(sources))


def _sampled(segs: tuple[Segment, ...]) -> ClusterConfig:
    """Settings under which the candidates come from one shingle in four."""
    return replace(DEFAULT_CLUSTER, pair_budget=cluster.pair_work([cluster.segment_shingles(s).distinct for s in segs]) // 4)


def _edited(segment: Segment, at: int = 0) -> Segment:
    """The segment with one character of its longest body paragraph changed (as one edit of its source)."""
    k = max(range(len(segment.blocks)), key=lambda b: (segment.blocks[b][0] == "body", len(segment.blocks[b][1].text)))
    role, block = segment.blocks[k]
    at = at % max(1, len(block.text))
    text = block.text[:at] + ("之" if block.text[at:at + 1] != "之" else "其") + block.text[at + 1:]
    return replace(segment, blocks=(*segment.blocks[:k], (role, replace(block, text=text)), *segment.blocks[k + 1:]))


def _warm_equals_cold(steps: list[tuple[Segment, ...]], config: ClusterConfig) -> list[set[int]]:
    """Each step's boilerplate (its hashes), after checking that a warm run finds the works of a cold one."""
    kept = ClusterCache()
    found = []
    for segs in steps:
        assert cluster_segments(segs, config, kept) == cluster_segments(segs, config)
        found.append(set(kept.common.tolist()))
        assert len(kept.items) == len(segs)
    return found


@pytest.mark.parametrize("sampled", [False, True], ids=["exact", "sampled"])
def test_warm_runs_after_an_edit_a_removal_and_an_addition_find_the_cold_works(sampled: bool) -> None:
    segs = _corpus(60, 5)
    config = _sampled(segs) if sampled else DEFAULT_CLUSTER
    assert len(segs) > 2 * config.exhaustive_below  # candidates come from the index, not from every pair
    middle = len(segs) // 2
    edited = (*segs[:middle], _edited(segs[middle]), *segs[middle + 1:])
    removed = edited[:5] + edited[6:]
    added = (*removed, *_corpus(3, 7))  # another file's copies
    short = min(range(len(added)), key=lambda i: len(cluster.segment_shingles(added[i]).text) or 10**9)
    tiny = (*added[:short], _edited(added[short]), *added[short + 1:])  # a short text: rarity changes
    _warm_equals_cold([segs, edited, removed, added, tiny, segs], config)


def test_what_names_a_segment_no_longer_there_is_forgotten() -> None:
    segs = _corpus(60, 5)
    kept = ClusterCache()
    cluster_segments(segs, cache=kept)
    first = set(kept.items)
    cluster_segments(segs[1:], cache=kept)
    gone = first - set(kept.items)
    assert len(gone) == 1 and len(kept.ids) == len(segs) - 1
    named = {i for table in (kept.whole.table, kept.parts.table, kept.spans.table) for pair in table for i in pair}
    named |= {i for pair in kept.pairs | (kept.short_pairs or set()) for i in pair}
    assert named and not named & gone
    assert not set(kept.postings.owners.tolist()) & gone


def test_an_unchanged_run_takes_every_verdict_from_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    segs = _corpus(60, 5)
    kept = ClusterCache()
    works = cluster_segments(segs, cache=kept)

    def refused(*_: object) -> None:
        raise AssertionError("compared again")

    for module, name in ((cluster, "_whole_copies"), (cluster, "_part_of"), (cluster_cache, "segment_shingles"),
                         (candidates, "short_candidates"), (candidates, "_incidence"), (cluster, "span_in")):
        monkeypatch.setattr(module, name, refused)
    assert cluster_segments(segs, cache=kept) == works


def test_a_shingle_coming_into_the_boilerplate_changes_no_cached_verdict_wrongly() -> None:
    """Documents that close with one slogan: as more of them hold it, it becomes boilerplate and no longer
    counts towards a match, so a short notice that is mostly the slogan stops being found in one of them; a
    warm run (which knew it found there) still finds what a cold one does."""
    texts = [s for s in _corpus(60, 11) if len(cluster.segment_shingles(s).text) > 200][:24]
    others = list({s.title: s for s in _corpus(40, 12) if len(cluster.segment_shingles(s).text) > 200}.values())
    assert len(texts) == 24 and len(others) >= 12
    with_slogan = [x for k, s in enumerate(others[:12])
                   for x in segments("\n\n".join(b.text for b in s.body) + f"\n\n{SLOGAN}\n", f"s{k:02d}.txt")]
    notices = segments(f"{SLOGAN}特此通知。\n", "n1.txt") + segments(f"{SLOGAN}此复。\n", "n2.txt")
    steps = [(*texts, *notices, *with_slogan[:k]) for k in (2, 4, 8, 12, 8, 3)]
    slogan = set(cluster.shingle_hashes(cluster.segment_shingles(segments(SLOGAN)[0]).text).tolist())
    # It is boilerplate once in more than a fifth of the documents.
    assert [slogan <= common for common in _warm_equals_cold(steps, DEFAULT_CLUSTER)] == [
        False, False, True, True, True, False]
    found = [with_slogan[0] in next(w for w in cluster_segments(step) if notices[0] in w.segments).segments
             for step in steps]
    assert found == [True, True, False, False, False, True]


def test_a_change_in_the_rarity_of_character_pairs_changes_no_cached_verdict_wrongly() -> None:
    """Sentences of one template: alone, the pairs they share are all the template's and everyone's, so
    nothing tells them apart and they join; once each has a copy, what is specific to each weighs, and they
    part. A warm run (which knew they joined) finds what a cold one does, and finds the copies (by their
    characters: too short for shingles) among many segments."""
    alone = _corpus(60, 5) + tuple(s for k, text in enumerate(TEMPLATE) for s in segments(text, f"{k}a.txt"))
    copies = tuple(s for k, text in enumerate(TEMPLATE) for s in segments(text.replace("使用", "使"), f"{k}b.txt"))
    steps = [alone, alone + copies, alone]
    _warm_equals_cold(steps, DEFAULT_CLUSTER)
    joined = [len(cluster_segments(step)) for step in steps]
    assert joined[0] == joined[2] < joined[1] == len(cluster_segments(_corpus(60, 5))) + len(TEMPLATE)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["edit", "remove", "add", "duplicate"]), st.integers(0, 10**6)),
                min_size=1, max_size=4),
       st.booleans())
def test_any_sequence_of_edits_keeps_warm_and_cold_alike(changes: list[tuple[str, int]], sampled: bool) -> None:
    segs = list(_corpus(40, 9))
    config = _sampled(_corpus(40, 9)) if sampled else DEFAULT_CLUSTER
    others = _corpus(4, 13)
    steps = [tuple(segs)]
    for change, at in changes:
        k = at % len(segs)
        if change == "edit":
            segs[k] = _edited(segs[k], at)
        elif change == "remove" and len(segs) > 1:
            del segs[k]
        elif change == "add":
            segs.insert(k, others[at % len(others)])
        else:  # a copy of a segment in another file, or the very segment twice
            segs.insert(k, segs[at % len(segs)] if at % 2 else replace(segs[k], span=replace(segs[k].span, source="z")))
        steps.append(tuple(segs))
    _warm_equals_cold(steps, config)
