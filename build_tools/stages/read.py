"""Stage 1, read: decode source files into lines, recording the encoding.

Encodings are tried in a fixed order: a byte-order mark decides first (UTF-8, UTF-16 LE/BE),
then strict UTF-8, then GB18030 (a superset of GBK and GB2312). A file that looks binary, or that
no encoding decodes, is skipped with a warning naming the file: it never stops the build.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterable

from build_tools.records import Problem, Source

# Line ends: CRLF, lone CR and LF. Not str.splitlines(), which also breaks at form feeds and
# Unicode line separators and would make our line numbers disagree with every text editor.
LINE_END = re.compile(r"\r\n|\r|\n")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def looks_binary(data: bytes) -> bool:
    """True when bytes are not text: NUL bytes or many control characters in the first 8 KiB."""
    head = data[:8192]
    if not head:
        return False
    # A few stray NULs are damage the cleaner removes (and logs); many mean a binary file.
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(2, len(head) // 50)


def decode(data: bytes) -> tuple[str, str] | None:
    """Return (text, encoding name), or None when the bytes are not decodable text."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(name)
            except UnicodeDecodeError:
                return None
            return text.lstrip("\ufeff"), name if name == "utf-8-sig" else _utf16_name(bom)
    if looks_binary(data):
        return None
    for name in ("utf-8", "gb18030"):
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    return None


def _utf16_name(bom: bytes) -> str:
    return "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"


def split_lines(text: str) -> tuple[str, ...]:
    """Split on CRLF, CR or LF; a final line end does not open an empty last line."""
    if not text:
        return ()
    lines = LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return tuple(lines)


def read_source(name: str, data: bytes) -> Source | Problem:
    """Decode one file's bytes into a `Source`, or a `Problem` saying why it was skipped."""
    decoded = decode(data)
    if decoded is None:
        return Problem("warning", name, None, "not readable as text (binary or unknown encoding); skipped")
    text, encoding = decoded
    return Source(file=name, encoding=encoding, sha256=hashlib.sha256(data).hexdigest(),
                  lines=split_lines(text))


def read_sources(files: Iterable[tuple[str, bytes]]) -> tuple[tuple[Source, ...], tuple[Problem, ...]]:
    """Decode every (name, bytes) pair; return the sources and the problems met, both in name order."""
    sources: list[Source] = []
    problems: list[Problem] = []
    for name, data in sorted(files):
        result = read_source(name, data)
        if isinstance(result, Problem):
            problems.append(result)
        elif not any(line.strip() for line in result.lines):
            problems.append(Problem("warning", name, None, "file holds no text; skipped"))
        else:
            sources.append(result)
    return tuple(sources), tuple(problems)
