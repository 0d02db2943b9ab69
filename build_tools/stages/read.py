"""Stage 1, read: decode source files into lines, recording the encoding and how sure we are of it.

Each file's encoding is decided from its bytes, in this order:
1. a byte-order mark (UTF-8, UTF-16 or UTF-32, little or big endian);
2. not text at all: a binary signature (PNG, PDF, ZIP, ...), skipped;
3. UTF-16/32 without a mark, by their NUL pattern (ASCII letters and line ends leave NULs at one
   parity of the byte positions);
4. many control characters: a binary file, skipped;
5. strict UTF-8 (valid UTF-8 with multi-byte characters is practically never anything else; only
   a file of a few characters whose UTF-8 reading is a scatter of Greek, Cyrillic and IPA letters
   is looked at again, as it is then GBK or Big5);
6. otherwise the legacy encodings GB18030 (GBK), Big5 and Big5-HKSCS (and mark-less UTF-16):
   Big5 bytes nearly always decode as GB18030 too, so the choice goes to the decoding that reads
   likeliest as Chinese (`build_tools.stages.encodings`), not to the first decoder that succeeds;
7. a file that mixes encodings (a GBK paragraph pasted into UTF-8), or has damaged bytes, is
   decoded line by line, each line in UTF-8 or the file's legacy encoding, whichever reads better.

Undecodable bytes are kept visible as \\xNN and reported with their line and byte offset; a file is
skipped only when it is not text, never because part of it fails. Decoded text that looks like
mojibake gets a warning, never silence.

File names get the same care: a name that is not UTF-8 (a GBK name from an old archive reaches
Python with surrogate escapes, which cannot be written out) is decoded as GB18030, with a warning.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from build_tools.records import Problem, Source
from build_tools.stages import encodings

# Line ends: CRLF, lone CR and LF. Not str.splitlines(), which also breaks at form feeds and
# Unicode line separators and would make our line numbers disagree with every text editor.
# (bytes.splitlines breaks at exactly these three, so byte lines and text lines agree.)
LINE_END = re.compile(r"\r\n|\r|\n")

# UTF-32 first: its little-endian mark begins with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic bytes of files that are not text, whatever their name says.
_BINARY_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx)"),
    (b"GIF8", "a GIF image"),  # GIF87a, GIF89a
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE file (an old Word .doc)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable"),
)

# Candidates for bytes that are not UTF-8, in order of preference on a tie (same text, same score).
_LEGACY = ("gb18030", "big5", "big5hkscs")
_WIDE = ("utf-16-le", "utf-16-be")
# Below this confidence a legacy decision is reported: the text may be too short to tell.
UNSURE = 0.6
# A mark-less UTF-16 reading with fewer good characters than this is not taken on its NULs.
PLAUSIBLE = 0.7
MAX_BAD_BYTE_REPORTS = 10  # per file; the rest are counted in one more warning


def looks_binary(data: bytes) -> bool:
    """True when bytes are not text: NUL bytes or many control characters in the first 8 KiB.

    ESC (terminal colour codes) is allowed: the cleaner removes the sequences and logs them.
    """
    head = data[:8192]
    if not head:
        return False
    # A few stray NULs are damage the cleaner removes (and logs); many mean a binary file. The floor
    # keeps a short text with a few NULs from being judged by its ratio alone.
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(head) // 50)


def binary_kind(data: bytes) -> str | None:
    """What the file is when its first bytes are a binary signature, else None."""
    return next((kind for magic, kind in _BINARY_SIGNATURES if data.startswith(magic)), None)


def wide_encoding(data: bytes) -> tuple[str, float] | None:
    """UTF-32 or UTF-16 (without a byte-order mark) recognised by where the NUL bytes fall, and the
    confidence: 1 for a clear pattern, less when the text is mostly Chinese (its few NULs are line
    ends and ASCII) and was judged by how plausible it reads."""
    head = data[:8192]
    if len(data) % 4 == 0 and len(head) >= 4:
        units = [head[i:i + 4] for i in range(0, len(head) - 3, 4)]
        # Code points stop at U+10FFFF: the top byte of every unit is NUL, the next at most 0x10.
        for name, top, next_ in (("utf-32-le", 3, 2), ("utf-32-be", 0, 1)):
            if all(u[top] == 0 and u[next_] <= 0x10 for u in units) and _strict(data, name):
                return name, 1.0
    if len(data) % 2 or len(head) < 2 or 0 not in head:
        return None
    pairs = len(head) // 2
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    # ASCII in UTF-16: every other byte NUL. A fifth of the characters being ASCII (line ends,
    # digits, spaces) is enough when the other parity has (almost) no NULs.
    for name, nuls, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nuls >= max(2, pairs // 5) and others <= pairs // 50 and _strict(data, name):
            return name, 1.0
    # Mostly Chinese: few NULs, and some of them (一 is U+4E00) at the other parity.
    texts = {name: data.decode(name) for name in _WIDE if _strict(data, name)}
    best = encodings.judge(texts) if texts else None
    return (best.encoding, best.confidence) if best and best.plausibility >= PLAUSIBLE else None


def _strict(data: bytes, encoding: str) -> str | None:
    """`encoding` when the bytes decode in it, into text rather than control characters."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if looks_binary(text[:8192].encode("utf-8")) else encoding


# --- keeping undecodable bytes visible ----------------------------------------------------------

_bad = threading.local()  # byte runs the handler below met in the current decode call


def _visible(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bad bytes become \\xNN (like backslashreplace), and are remembered."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    chunk = bytes(error.object[error.start:error.end])
    _bad.found.append((error.start, chunk))
    return "".join(f"\\x{b:02x}" for b in chunk), error.end


codecs.register_error("read-stage-visible", _visible)


def decode_visibly(data: bytes, encoding: str) -> tuple[str, list[tuple[int, bytes]]]:
    """The bytes decoded, undecodable runs shown as \\xNN, and those runs as (byte offset, bytes)."""
    _bad.found = []
    text = data.decode(encoding, "read-stage-visible")
    merged: list[tuple[int, bytes]] = []
    for at, chunk in _bad.found:  # adjacent runs (a cut character, then stray bytes) are one report
        if merged and merged[-1][0] + len(merged[-1][1]) == at:
            merged[-1] = (merged[-1][0], merged[-1][1] + chunk)
        else:
            merged.append((at, chunk))
    return text, merged


# --- the decision -------------------------------------------------------------------------------

@dataclass(frozen=True)
class BadBytes:
    """Bytes no chosen encoding decodes: on `line`, at `offset` from the start of the file."""

    line: int
    offset: int
    data: bytes


@dataclass(frozen=True)
class Decoded:
    """A file's text and how it was decoded."""

    text: str
    encoding: str
    confidence: float = 1.0
    other_encodings: tuple[tuple[int, int, str], ...] = ()  # (first line, last line, encoding)
    bad_bytes: tuple[BadBytes, ...] = ()


def _whole(data: bytes, encoding: str, start: int = 0) -> Decoded:
    """Bytes in one known encoding (a mark or a NUL pattern said so), bad bytes kept visible."""
    text, bad = decode_visibly(data[start:], encoding)
    if not bad:
        return Decoded(text, encoding)
    found: list[BadBytes] = []
    line, done = 1, start
    for at, chunk in bad:  # the line of each bad run: count the line ends decoded before it
        line += len(LINE_END.findall(data[done:start + at].decode(encoding, "replace")))
        found.append(BadBytes(line, start + at, chunk))
        done = start + at + len(chunk)
    return Decoded(text, encoding, bad_bytes=tuple(found))  # the encoding is sure; the damage is reported


def decode_bytes(data: bytes) -> Decoded | str:
    """A file's bytes as text, or (a str) why they are not text."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            decoded = _whole(data, name, len(bom))
            return replace(decoded, text=decoded.text.lstrip("\ufeff"))
    kind = binary_kind(data)
    if kind:
        return f"not text ({kind})"
    wide = wide_encoding(data)
    if wide:
        return Decoded(data.decode(wide[0]), *wide)
    if looks_binary(data):
        return "not text (binary: NUL bytes or control characters)"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _legacy(data)
    return _short_legacy(data, text) or Decoded(text, "utf-8")


# A few GBK characters are valid UTF-8 by chance (要 is D2 AA, UTF-8 for U+04AA): that happens to
# one GBK character in seven, one pair in thirty, almost never to four. Only this short a file is
# ever looked at twice.
_SHORT = 16  # non-ASCII bytes
_ASCII_BYTES = bytes(range(0x80))
_TWO_BYTE_UTF8 = re.compile(r"[\u0080-\u07ff]")
_IN_A_WORD = re.compile(r"[A-Za-z][\u0080-\u07ff]|[\u0080-\u07ff][A-Za-z]")


def _short_legacy(data: bytes, text: str) -> Decoded | None:
    """A very short file whose UTF-8 reading is a scatter of two-byte letters (Latin, IPA, Greek,
    Cyrillic, Hebrew side by side) while a legacy reading is plain Chinese: the legacy decoding.

    Letters inside a Latin word ('café', 'Müller') are UTF-8 as written and never looked at."""
    if not 0 < len(data.translate(None, _ASCII_BYTES)) <= _SHORT or _IN_A_WORD.search(text) \
            or not all(_TWO_BYTE_UTF8.match(ch) for ch in text if ord(ch) > 0x7F):
        return None
    decoded = _legacy(data)
    return decoded if encodings.plausibility(decoded.text) >= 0.9 and not decoded.other_encodings else None


def _legacy(data: bytes) -> Decoded:
    """Bytes that are not UTF-8: the likeliest legacy encoding, or line by line when lines differ."""
    strict: dict[str, str] = {}
    for name in _LEGACY + (_WIDE if len(data) % 2 == 0 else ()):
        try:
            strict[name] = data.decode(name)
        except UnicodeDecodeError:
            continue
        # Any even number of bytes may decode as UTF-16: it competes only when it reads as Chinese.
        if name in _WIDE and encodings.plausibility(strict[name][:encodings.JUDGED]) < PLAUSIBLE:
            del strict[name]
    best = encodings.judge(strict) if strict else None
    lines = data.splitlines(keepends=True)
    if best is not None and (best.encoding in _WIDE or not any(
            _reads_better_as_utf8(line, best.encoding) for line in lines if _is_utf8(line) and not line.isascii())):
        return Decoded(best.text, best.encoding, best.confidence)
    if best is None:  # no legacy encoding takes the whole file: judge by the lines UTF-8 does not take
        rest = b"".join(line for line in lines if not _is_utf8(line))
        best = encodings.judge({name: rest.decode(name, "replace") for name in _LEGACY})
    return _by_line(lines, best.encoding, best.confidence)


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _reads_better_as_utf8(line: bytes, legacy: str) -> bool:
    """True when the line's UTF-8 reading is likelier Chinese than its `legacy` one (UTF-8 on a tie)."""
    as_utf8 = encodings.log_likelihood(line.decode("utf-8", "replace"))
    return as_utf8 >= encodings.log_likelihood(line.decode(legacy, "replace"))


def _by_line(lines: list[bytes], legacy: str, legacy_confidence: float) -> Decoded:
    """Each line in UTF-8 or `legacy`, whichever reads better; bad bytes kept visible and listed."""
    texts: list[str] = []
    chosen: list[str | None] = []  # None: an ASCII line, the same in either encoding
    bad: list[BadBytes] = []
    weight = {"utf-8": 0, legacy: 0}
    offset = 0
    for number, line in enumerate(lines, start=1):
        encoding = None if line.isascii() else "utf-8" if _reads_better_as_utf8(line, legacy) else legacy
        text, found = decode_visibly(line, encoding or "ascii")
        bad.extend(BadBytes(number, offset + at, chunk) for at, chunk in found)
        if encoding:
            weight[encoding] += len(line)
        texts.append(text)
        chosen.append(encoding)
        offset += len(line)
    main = "utf-8" if weight["utf-8"] >= weight[legacy] else legacy
    text = "".join(texts)
    confidence = encodings.plausibility(text[:encodings.JUDGED]) * (legacy_confidence if weight[legacy] else 1.0)
    return Decoded(text, main, round(confidence, 3), _runs(chosen, main), tuple(bad))


def _runs(chosen: list[str | None], main: str) -> tuple[tuple[int, int, str], ...]:
    """Runs of lines (1-based, inclusive) not in `main`; ASCII lines inside a run belong to it."""
    runs: list[tuple[int, int, str]] = []
    for number, encoding in enumerate(chosen, start=1):
        if encoding is None or encoding == main:
            continue
        if runs and runs[-1][2] == encoding and all(e is None for e in chosen[runs[-1][1]:number - 1]):
            runs[-1] = (runs[-1][0], number, encoding)
        else:
            runs.append((number, number, encoding))
    return tuple(runs)


# --- sources ------------------------------------------------------------------------------------

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


def _warnings(name: str, decoded: Decoded, lines: tuple[str, ...]) -> list[Problem]:
    """What a reader of the edition should know about how the file was decoded."""
    problems = [Problem("warning", name, b.line, f"undecodable bytes {b.data.hex(' ')} at byte offset {b.offset}; "
                        "kept as \\xNN") for b in decoded.bad_bytes[:MAX_BAD_BYTE_REPORTS]]
    if len(decoded.bad_bytes) > MAX_BAD_BYTE_REPORTS:
        problems.append(Problem("warning", name, None, f"{len(decoded.bad_bytes) - MAX_BAD_BYTE_REPORTS} "
                                "more runs of undecodable bytes, kept as \\xNN"))
    if decoded.other_encodings:
        where = ", ".join(f"lines {a}–{b} {e}" if a != b else f"line {a} {e}" for a, b, e in decoded.other_encodings)
        problems.append(Problem("warning", name, decoded.other_encodings[0][0],
                                f"mixed encodings: mostly {decoded.encoding}, but {where}; decoded line by line"))
    if decoded.encoding in _LEGACY + _WIDE and decoded.confidence < UNSURE:
        problems.append(Problem("warning", name, None, f"encoding guessed as {decoded.encoding} with confidence "
                                f"{decoded.confidence:.2f}; check the text"))
    for number, line in enumerate(lines, start=1):
        seen = encodings.mojibake(line)
        if seen:
            problems.append(Problem("warning", name, number, f"looks like mojibake (wrongly decoded text): {seen}"))
            break
    return problems


def read_file(name: str, data: bytes) -> tuple[Source | None, tuple[Problem, ...]]:
    """Decode one file's bytes: the `Source` (None when skipped) and the problems met."""
    decoded = decode_bytes(data)
    if isinstance(decoded, str):
        return None, (Problem("warning", name, None, f"{decoded}; skipped"),)
    lines = split_lines(decoded.text)
    source = Source(file=name, encoding=decoded.encoding, sha256=hashlib.sha256(data).hexdigest(), lines=lines,
                    encoding_confidence=decoded.confidence, other_encodings=decoded.other_encodings)
    return source, tuple(_warnings(name, decoded, lines))


def read_source(name: str, data: bytes) -> Source | Problem:
    """Decode one file's bytes into a `Source`, or a `Problem` saying why it was skipped.

    Warnings about a file that was read are left out: `read_file` gives them.
    """
    source, problems = read_file(name, data)
    return source if source is not None else problems[0]


FileReader = Callable[[str, bytes], tuple[Source | None, tuple[Problem, ...]]]


def read_sources(files: Iterable[tuple[str, bytes]], read: FileReader | None = None,
                 ) -> tuple[tuple[Source, ...], tuple[Problem, ...]]:
    """Decode every (name, bytes) pair; return the sources and the problems met, both in name order.
    `read` decodes one file (`read_file`, or a cache of it that `mkdocs serve` keeps)."""
    read = read or read_file
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
        source, met = read(name, data)
        problems.extend(met)
        if source is None:
            continue
        if not any(line.strip() for line in source.lines):
            problems.append(Problem("warning", name, None, "file holds no text; skipped"))
        else:
            sources.append(source)
    return tuple(sources), tuple(sorted(problems, key=lambda p: p.source))
