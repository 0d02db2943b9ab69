"""Pages' HTML kept on disk between MkDocs' two passes over a `mkdocs build`.

MkDocs converts every page's Markdown first and builds the pages from their HTML after, so every
page's HTML is held at once: about 3 GiB at 20,000 documents. A build hands each page's HTML to a
`HtmlSpill` as soon as it is made and takes it back when the page is built.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import weakref
from pathlib import Path


class HtmlSpill:
    """Texts by key, in files of a temporary folder removed with the object (or at exit)."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="reader-edition-html-"))
        self._removal = weakref.finalize(self, shutil.rmtree, self.root, ignore_errors=True)

    def _path(self, key: str) -> Path:
        # Keys are page paths: hashed, so any key is one file name.
        return self.root / hashlib.blake2b(key.encode("utf-8"), digest_size=16).hexdigest()

    def put(self, key: str, text: str) -> None:
        self._path(key).write_text(text, encoding="utf-8")

    def get(self, key: str) -> str:
        return self._path(key).read_text(encoding="utf-8")

    def __contains__(self, key: str) -> bool:
        return self._path(key).is_file()

    def remove(self) -> None:
        self._removal()
