"""Stage 4, cluster: group segments that are copies of one document into works."""

from __future__ import annotations

from build_tools.records import Segment, Work


def cluster_segments(segments: tuple[Segment, ...]) -> tuple[Work, ...]:
    """Every segment is its own work (grouping of copies arrives with collation)."""
    return tuple(Work((segment,)) for segment in segments)
