"""Generated pages kept as files between `mkdocs serve --dirty` rebuilds, so MkDocs rebuilds changed pages only.

MkDocs' `--dirty` skips a page whose `File.is_modified()` is False: a file backed by a path whose
mtime is older than its built HTML. A page handed over as in-memory content is always "modified".
`PageFolder` writes each generated file into a folder of its own and rewrites it only when its
content changed, so an edit to one source rebuilds the pages it changed and no other.

A page also shows what every page shows: the navigation and the site's name. When that changes (a
document added, removed or retitled in a small edition, whose navigation lists the chapters; a
catalogue page's range in a large one), every page is built again: `stale_pages` makes the built
HTML of each page older than its source (it sets the HTML's mtime to the epoch), so MkDocs counts it
as modified, hand-written pages included. The hand-written pages of docs/ may also show the list of
documents (`pipeline.DOCUMENT_LIST_MARKER`): they are built again when it changes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import weakref
from collections.abc import Iterable
from pathlib import Path

from mkdocs.structure.files import File


def _digest(content: str) -> bytes:
    return hashlib.blake2b(content.encode("utf-8"), digest_size=16).digest()


class PageFolder:
    """A folder holding the generated pages, written only where their content changed."""

    def __init__(self) -> None:
        self._root: Path | None = None
        self._removal: weakref.finalize[..., PageFolder] | None = None
        self._written: dict[str, bytes] = {}  # path -> digest of the content on disk
        self._shared: dict[str, bytes] = {}  # digest of what many pages show, by what it is, at the last build

    @property
    def root(self) -> Path:
        if self._root is None:
            self._root = Path(tempfile.mkdtemp(prefix="reader-edition-pages-"))
            # Removed at the latest when the folder object goes or Python exits (a server stopped without on_shutdown).
            self._removal = weakref.finalize(self, shutil.rmtree, self._root, ignore_errors=True)
        return self._root

    def write(self, path: str, content: str) -> str:
        """The file holding `content` for `path`, rewritten only when the content changed; its absolute path."""
        target = self.root / path
        digest = _digest(content)
        if self._written.get(path) != digest or not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.tmp")
            tmp.write_text(content, encoding="utf-8")
            os.replace(tmp, target)
            self._written[path] = digest
        return str(target)

    def forget_others(self, paths: Iterable[str]) -> None:
        """Delete the files of pages this build no longer has (a document removed)."""
        keep = set(paths)
        for path in [p for p in self._written if p not in keep]:
            (self.root / path).unlink(missing_ok=True)
            del self._written[path]

    def shared_changed(self, what: str, shared: str) -> bool:
        """Whether `shared`, which many pages show (`what`: the navigation, the list of documents), changed
        since the last build."""
        digest = _digest(shared)
        changed = digest != self._shared.get(what)
        self._shared[what] = digest
        return changed

    def remove(self) -> None:
        if self._removal is not None:
            self._removal()
            self._root = self._removal = None
            self._written.clear()
            self._shared.clear()


def stale_pages(files: Iterable[File]) -> int:
    """Make the built HTML of every documentation page older than its source: a dirty build rebuilds them all."""
    count = 0
    for file in files:
        if file.is_documentation_page() and os.path.isfile(file.abs_dest_path):
            os.utime(file.abs_dest_path, (0, 0))
            count += 1
    return count
