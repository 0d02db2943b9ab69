"""The only place that knows the order of the stages (and the only one, with the CLI, doing I/O)."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from build_tools.curation import Curation
from build_tools.records import Block, CleanText, Document, Edition, Problem, Removal, Segment, Source, Work
from build_tools.stages.clean import clean_source
from build_tools.stages.cluster import cluster_segments
from build_tools.stages.collate import collate_cluster, unique_ids
from build_tools.stages.read import read_sources
from build_tools.stages.render import RenderedFile, render_edition
from build_tools.stages.segment import segment_text

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


def _order(documents: list[Document], curation: Curation | None = None) -> list[Document]:
    """The curator's order first; then dated documents by date; then by where they first stand."""
    wanted = {doc_id: c.order for doc_id, c in (curation.documents if curation else {}).items()
              if c.order is not None}

    def key(doc: Document) -> tuple[int, str, str, int]:
        first = min((w.segment.span.source, w.segment.span.first_line) for w in doc.witnesses)
        return (wanted.get(doc.id, 1 << 30), doc.date or "9999", first[0], first[1])
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


def exclude_segments(segments: tuple[Segment, ...], curation: Curation) -> tuple[tuple[Segment, ...], list[Removal]]:
    """Leave out the segments the curator excluded; their text goes to the ledger, not away."""
    kept = list(segments)
    removed: list[Removal] = []
    for exclusion in curation.exclude:
        match = next((s for s in kept if s.span.source == exclusion.source and
                      "".join(b.text for _, b in s.blocks).startswith(exclusion.starts)), None)
        if match is None:
            raise curation.error(exclusion.key, f"no segment of {exclusion.source!r} starts with {exclusion.starts!r}")
        kept.remove(match)
        for _, block in match.blocks:
            for line, piece in _block_lines(block):
                removed.append(Removal(block.span.source, line, 0, piece, "excluded-by-curator"))
    return tuple(kept), removed


def _block_lines(block: Block) -> list[tuple[int, str]]:
    pieces = []
    marks = list(block.marks)
    for i, mark in enumerate(marks):
        end = marks[i + 1].offset if i + 1 < len(marks) else len(block.text)
        pieces.append((mark.line, block.text[mark.offset:end]))
    return pieces


def _place_offset(doc: Document, paragraph_id: str, offset: int) -> int:
    position = 0
    for paragraph in doc.paragraphs:
        if paragraph.id == paragraph_id:
            return position + offset
        position += len(paragraph.text) + 1
    return position


def apply_curation(documents: list[Document], works: dict[str, Work], curation: Curation) -> list[Document]:
    """Apply the curator's readings and overrides; every entry must hit something."""
    by_id = {d.id: d for d in documents}
    for doc_id in curation.documents:
        if doc_id not in by_id:
            raise curation.error(f"documents.{doc_id}", "unknown document id (see edition.json for the ids)")
    result = []
    for doc in documents:
        entry = curation.documents.get(doc.id)
        if entry is None:
            result.append(doc)
            continue
        if entry.readings:
            chosen = collate_cluster(works[doc.id], {c.context: c.reading for c in entry.readings})
            doc = replace(chosen, id=doc.id, chapter=doc.chapter, embeds=doc.embeds)
            canonical = "\n".join(p.text for p in doc.paragraphs)
            for choice in entry.readings:
                hit = any(v.lemma == choice.reading and canonical[:_place_offset(doc, v.paragraph, v.offset)]
                          .replace("\n", "").endswith(choice.context.replace("\n", "")) for v in doc.variants)
                if not hit:
                    raise curation.error(choice.key, f"no variant place after {choice.context!r} "
                                                     f"offers the reading {choice.reading!r}")
        if entry.title:
            # A curator's title is editorial, whether or not the source had one: the page says so.
            doc = replace(doc, title=entry.title, title_inferred=True, title_by="curator")
        doc = replace(doc, date=entry.date or doc.date, author=entry.author or doc.author)
        result.append(doc)
    return result


@dataclass
class StageCache:
    """Results of the per-file stages (clean, segment), keyed by a source's content hash.

    `mkdocs serve` keeps one across rebuilds, so editing one source re-cleans and re-segments that
    source only. It is passed in explicitly: the pipeline keeps no hidden state of its own.
    """

    per_source: dict[str, tuple[CleanText, tuple[Segment, ...]]] = field(default_factory=dict)

    def clean_and_segment(self, sources: tuple[Source, ...]) -> tuple[tuple[CleanText, ...], tuple[Segment, ...]]:
        results = []
        for source in sources:
            key = f"{source.file}\0{source.sha256}"
            if key not in self.per_source:
                clean = clean_source(source)
                self.per_source[key] = (clean, segment_text(clean))
            results.append(self.per_source[key])
        wanted = {f"{s.file}\0{s.sha256}" for s in sources}
        for key in [k for k in self.per_source if k not in wanted]:  # forget deleted or changed files
            del self.per_source[key]
        return tuple(c for c, _ in results), tuple(seg for _, segs in results for seg in segs)


def prepare_edition(files: Iterable[tuple[str, bytes]], title: str = DEFAULT_TITLE,
                    progress: Progress | None = None,
                    curation: Curation | None = None,
                    cache: StageCache | None = None) -> tuple[Edition, Timings]:
    """Run every stage from raw files to an `Edition` (nothing is written)."""
    say = progress or (lambda _msg: None)
    curation = curation or Curation()
    timings: list[tuple[str, float]] = []

    def timed(name: str, start: float) -> float:
        now = time.perf_counter()
        timings.append((name, now - start))
        return now

    t = time.perf_counter()
    sources, problems = read_sources(files)
    t = timed("read", t)
    say(f"read: {len(sources)} sources, {len(problems)} skipped")
    cleaned, all_segments = (cache or StageCache()).clean_and_segment(sources)
    t = timed("clean+segment", t)
    removed = [r for c in cleaned for r in c.removals]
    segments, excluded = exclude_segments(all_segments, curation)
    removed.extend(excluded)
    say(f"clean: {len(removed)} removals; segment: {len(segments)} segments")
    works = cluster_segments(segments)
    t = timed("cluster", t)
    say(f"cluster: {len(works)} works")
    collated = []
    for n, work in enumerate(works, start=1):
        collated.append((collate_cluster(work), work))
        if n % 500 == 0:  # long runs show they are moving
            say(f"collate: {n}/{len(works)} works")
    documents = unique_ids([d for d, _ in collated])
    by_id = {d.id: w for d, (_, w) in zip(documents, collated, strict=True)}
    documents = _order(link_embedded(apply_curation(documents, by_id, curation)), curation)
    timed("collate", t)
    say(f"collate: {len(documents)} documents, {sum(len(d.variants) for d in documents)} variant places")
    edition = Edition(title=curation.title or title, sources=sources, documents=tuple(documents),
                      removed=tuple(sorted(removed, key=lambda r: (r.source, r.line, r.column))),
                      problems=tuple(problems), introduction=curation.introduction)
    return edition, Timings(tuple(timings))


def render(edition: Edition) -> tuple[RenderedFile, ...]:
    return render_edition(edition)


def write_atomically(files: tuple[RenderedFile, ...], out_dir: Path) -> None:
    """Write into a temporary sibling folder, then swap it into place: a killed run leaves the old output."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.parent.glob(f".{out_dir.name}.*"):  # left by a run that was killed
        shutil.rmtree(stale, ignore_errors=True)
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
