"""The only place that knows the order of the stages (and the only one, with the CLI, doing I/O)."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from build_tools.records import Document, Edition, Problem
from build_tools.stages.clean import clean_sources
from build_tools.stages.cluster import cluster_segments
from build_tools.stages.collate import collate_cluster, unique_ids
from build_tools.stages.read import read_sources
from build_tools.stages.render import RenderedFile, render_edition
from build_tools.stages.segment import segment_texts

DEFAULT_TITLE = "文献读本"
Progress = Callable[[str], None]


class PipelineError(Exception):
    """An error the user must fix (missing folder, no readable source, …); the message says how."""


@dataclass(frozen=True)
class Timings:
    stages: tuple[tuple[str, float], ...]

    @property
    def total(self) -> float:
        return sum(t for _, t in self.stages)


def load_folder(folder: Path) -> list[tuple[str, bytes]]:
    """(name, bytes) of every regular file in a sources folder, by name; hidden files are skipped."""
    if not folder.is_dir():
        raise PipelineError(f"sources folder not found: {folder}")
    return [(p.name, p.read_bytes()) for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.startswith(".")]


def _order(documents: list[Document]) -> list[Document]:
    """Dated documents first, by date; then by where they first stand in the sources."""
    def key(doc: Document) -> tuple[str, str, int]:
        first = min((w.segment.span.source, w.segment.span.first_line) for w in doc.witnesses)
        return (doc.date or "9999", first[0], first[1])
    ordered = sorted(documents, key=key)
    return [replace(doc, order=n) for n, doc in enumerate(ordered, start=1)]


def link_embedded(documents: list[Document]) -> list[Document]:
    """Point each copy that stands inside another document at that document, and the host at it."""
    doc_of_segment = {w.segment.id: d.id for d in documents for w in d.witnesses}
    embeds: dict[str, list[tuple[str, str]]] = {}
    result = []
    for doc in documents:
        witnesses = []
        for w in doc.witnesses:
            host = doc_of_segment.get(w.embedded_in or "")
            witnesses.append(replace(w, embedded_in=host))
            if host and host != doc.id:
                embeds.setdefault(host, []).append((w.segment.id, doc.id))
        result.append(replace(doc, witnesses=tuple(witnesses)))
    linked = []
    for doc in result:
        if doc.id in embeds:
            last = doc.paragraphs[-1].id if doc.paragraphs else "p0"
            doc = replace(doc, embeds=tuple((last, guest) for _, guest in embeds[doc.id]))
        linked.append(doc)
    return linked


def prepare_edition(files: Iterable[tuple[str, bytes]], title: str = DEFAULT_TITLE,
                    progress: Progress | None = None) -> tuple[Edition, Timings]:
    """Run every stage from raw files to an `Edition` (nothing is written)."""
    say = progress or (lambda _msg: None)
    timings: list[tuple[str, float]] = []

    def timed(name: str, start: float) -> float:
        now = time.perf_counter()
        timings.append((name, now - start))
        return now

    t = time.perf_counter()
    sources, problems = read_sources(files)
    t = timed("read", t)
    say(f"read: {len(sources)} sources, {len(problems)} skipped")
    cleaned = clean_sources(sources)
    t = timed("clean", t)
    removed = tuple(r for c in cleaned for r in c.removals)
    say(f"clean: {len(removed)} removals")
    segments = segment_texts(cleaned)
    t = timed("segment", t)
    say(f"segment: {len(segments)} segments")
    works = cluster_segments(segments)
    t = timed("cluster", t)
    say(f"cluster: {len(works)} works")
    documents = _order(link_embedded(unique_ids([collate_cluster(w) for w in works])))
    timed("collate", t)
    say(f"collate: {len(documents)} documents")
    edition = Edition(title=title, sources=sources, documents=tuple(documents), removed=removed,
                      problems=tuple(problems))
    return edition, Timings(tuple(timings))


def render(edition: Edition) -> tuple[RenderedFile, ...]:
    return render_edition(edition)


def write_atomically(files: tuple[RenderedFile, ...], out_dir: Path) -> None:
    """Write into a temporary sibling folder, then swap it into place: a killed run leaves the old output."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        for f in files:
            target = tmp / f.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f.content, encoding="utf-8")
        old = None
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
            os.replace(out_dir, old)
        os.replace(tmp, out_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def summary(edition: Edition) -> str:
    chars = sum(len(r.text) for r in edition.removed)
    return (f"{len(edition.sources)} files read, {len(edition.documents)} documents, "
            f"{chars} characters removed as noise ({len(edition.removed)} removals), "
            f"{len(edition.problems)} problems")


def problems_of(edition: Edition) -> tuple[Problem, ...]:
    return edition.problems
