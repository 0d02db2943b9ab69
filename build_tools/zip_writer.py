"""A deflated zip whose entries are compressed in worker processes, byte for byte what `zipfile` writes.

`zipfile` compresses each entry in the thread writing it; the offline copy (hundreds of thousands of
pages) kept one core busy and left the other idle. Here the workers read, rewrite, checksum and deflate
batches of files, and this process appends the finished entries in their order. The deflate stream is
the one `zipfile.writestr` makes (one `compress` call and a `flush` of `compressobj(6, DEFLATED, -15)`;
zipfile's Z_DEFAULT_COMPRESSION is level 6, memLevel 8 both ways), so the zip is the same bytes.

zipfile has no public way to add an entry already compressed: `_append` does what `writestr` does
around its compressor, with the archive's own state (`fp`, `start_dir`, `filelist`, `NameToInfo`,
`_didModify`, `_writecheck`); the central directory, zip64 records included, is still written by
`ZipFile.close`. The byte-identity tests hold it to `writestr`'s output, zip64 entries and offsets too.
"""

from __future__ import annotations

import multiprocessing
import os
import zipfile
import zlib
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from types import TracebackType

# What a worker does to a file's bytes before compressing them (by the entry's name): a module-level
# function, so that it can be sent to the workers.
Transform = Callable[[str, bytes], bytes]
Stamp = tuple[int, int, int, int, int, int]

# Fewer bytes than this are compressed in this process: starting the workers (a fresh interpreter
# each, ~0.5 s) costs more than a second core saves on them (it deflates ~50 MB of pages a second;
# the seeds publication's 17 MB take 0.35 s in all).
PARALLEL_FROM = 64 << 20
# Files handed to a worker at once, up to this many bytes (a larger file goes alone): few enough
# round trips that sending them costs little, small enough that the workers stay evenly busy.
BATCH_BYTES = 4 << 20
# Batches sent ahead per worker: the workers never wait on this process, and no more than
# workers * IN_FLIGHT batches (and their compressed results) are held in memory at once.
IN_FLIGHT = 2

_Compressed = tuple[int, int, bytes]  # CRC-32, uncompressed size, raw deflate stream


def deflate(data: bytes) -> _Compressed:
    """An entry's CRC, size and compressed bytes, as `zipfile.writestr` makes them for ZIP_DEFLATED."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return zlib.crc32(data), len(data), compressor.compress(data) + compressor.flush()


def _compress_batch(batch: list[tuple[str, str]], transform: Transform | None) -> list[_Compressed]:
    """In a worker: each (name, path) file read, transformed and compressed."""
    out = []
    for name, path in batch:
        data = Path(path).read_bytes()
        out.append(deflate(transform(name, data) if transform else data))
    return out


def _batches(files: Sequence[tuple[str, Path]], sizes: Sequence[int]) -> Iterator[list[tuple[str, str]]]:
    batch: list[tuple[str, str]] = []
    size = 0
    for (name, path), file_size in zip(files, sizes, strict=True):
        if batch and size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
        batch.append((name, str(path)))
        size += file_size
    if batch:
        yield batch


class DeflatedZip:
    """A new zip at `path` (ZIP_DEFLATED at level 6, entries dated `stamp`, mode 0644), written in the order
    entries are added; `write_files` compresses in `workers` processes (default: one per core), in this
    process below PARALLEL_FROM bytes."""

    def __init__(self, path: Path, stamp: Stamp, workers: int | None = None) -> None:
        self.stamp = stamp
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self.archive = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> DeflatedZip:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
        self.archive.close()

    def write_bytes(self, name: str, data: bytes) -> None:
        self._append(name, deflate(data))

    def write_files(self, files: Sequence[tuple[str, Path]], transform: Transform | None = None) -> None:
        """Each (name in the zip, file) in order, its bytes passed through `transform` first."""
        sizes = [path.stat().st_size for _, path in files] if self.workers > 1 else []
        if self.workers <= 1 or sum(sizes) < PARALLEL_FROM:
            for name, path in files:
                data = path.read_bytes()
                self._append(name, deflate(transform(name, data) if transform else data))
            return
        if self._pool is None:
            # A fresh interpreter, not a fork: the build's process may hold gigabytes, which a forked
            # worker's garbage collector would copy page by page (and its resident memory counts).
            # So a script calling this needs multiprocessing's `if __name__ == "__main__":` guard.
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        pending: deque[tuple[list[tuple[str, str]], Future[list[_Compressed]]]] = deque()
        for batch in _batches(files, sizes):
            pending.append((batch, self._pool.submit(_compress_batch, batch, transform)))
            if len(pending) >= self.workers * IN_FLIGHT:
                self._append_batch(*pending.popleft())
        while pending:
            self._append_batch(*pending.popleft())

    def _append_batch(self, batch: list[tuple[str, str]], future: Future[list[_Compressed]]) -> None:
        for (name, _), compressed in zip(batch, future.result(), strict=True):
            self._append(name, compressed)

    def _append(self, name: str, compressed: _Compressed) -> None:
        """What `ZipFile.writestr(info, data)` writes for a ZipInfo like the one here, from its result.

        writestr writes the local header, the data, then seeks back to write the header again with
        the CRC and sizes; written once here with them, it is the same bytes (its length, zip64 or not,
        is decided before either, by the rule of `ZipFile._open_to_write`)."""
        crc, size, data = compressed
        archive = self.archive
        info = zipfile.ZipInfo(name, date_time=self.stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        info.file_size, info.compress_size, info.CRC = size, len(data), crc
        zip64 = size * 1.05 > zipfile.ZIP64_LIMIT
        if not zip64 and len(data) > zipfile.ZIP64_LIMIT:  # as writestr refuses it
            raise RuntimeError(f"{name}: compressed size too large for a zip without zip64")
        fp = archive.fp
        assert fp is not None  # open for writing until __exit__
        info.header_offset = archive.start_dir
        archive._writecheck(info)  # type: ignore[attr-defined]
        archive._didModify = True  # type: ignore[attr-defined]
        fp.write(info.FileHeader(zip64))
        fp.write(data)
        archive.start_dir = fp.tell()
        archive.filelist.append(info)
        archive.NameToInfo[info.filename] = info
