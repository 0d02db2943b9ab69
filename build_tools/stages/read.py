"""Stage 1, read: decode source files into lines, recording the encoding.

Encodings are tried in a fixed order: a byte-order mark decides first (UTF-8, UTF-16 LE/BE),
then strict UTF-8, then GB18030 (a superset of GBK and GB2312). A file that looks binary, or that
no encoding decodes, is skipped with a warning naming the file: it never stops the build.

File names get the same care: a name that is not UTF-8 (a GBK name from an old archive reaches
Python with surrogate escapes, which cannot be written out) is decoded as GB18030, with a warning.
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
    # A few stray NULs are damage the cleaner removes (and logs); many mean a binary file. The floor
    # keeps a short text with a few NULs from being judged by its ratio alone.
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(head) // 50)


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


def decode_name(name: str) -> tuple[str, Problem | None]:
    """A file name as text, and a warning when it was not UTF-8.

    `os.listdir` gives the bytes of a non-UTF-8 name as lone surrogates; such a name is decoded as
    GB18030 (the likeliest encoding of a Chinese name), else shown with its bad bytes as \\xNN.
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "surrogateescape")
        try:
            decoded, how = raw.decode("gb18030"), "read as GB18030"
        except UnicodeDecodeError:
            decoded, how = raw.decode("utf-8", "backslashreplace"), "bad bytes shown as \\xNN"
        return decoded, Problem("warning", decoded, None, f"file name {raw!r} is not UTF-8; {how}")
    return name, None


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
    files = list(files)
    taken = {name for name, _ in files}
    named: list[tuple[str, bytes]] = []
    for raw_name, data in files:
        name, problem = decode_name(raw_name)
        if problem is not None:
            if name in taken:  # another file already has that name: keep the bad bytes visible instead
                name = raw_name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                problem = Problem("warning", name, None, problem.message)
            problems.append(problem)
            taken.add(name)
        named.append((name, data))
    for name, data in sorted(named):
        result = read_source(name, data)
        if isinstance(result, Problem):
            problems.append(result)
        elif not any(line.strip() for line in result.lines):
            problems.append(Problem("warning", name, None, "file holds no text; skipped"))
        else:
            sources.append(result)
    return tuple(sources), tuple(sorted(problems, key=lambda p: p.source))
