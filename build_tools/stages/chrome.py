"""Stage chrome (between read and clean): lines that many files share around different documents.

Web pages wrap every article in the same site navigation, breadcrumb, "返回顶部", copyright,
"责任编辑：" and share lines; forwarded mail wraps every message in the same header. Across a corpus
these lines recur in many files, each time beside a different document. The rule is that
repetition; the exclusions are structural cues, not a list of strings. It is judged on the raw
lines of every source, before any block is built (a line PDF extraction broke off a paragraph is
never taken out of it), and `clean_source` drops the lines found here to the ledger as
`shared-chrome` (unless a rule of the file, such as `pdf-page-number`, took them first).
A line is chrome when

1. it (without whitespace) stands in at least `min_files` files and `min_share` of all files:
   in a corpus of 3 files, in all three; of 2000, in 40;
2. it is not code (`stages.code`: a command, its output, configuration, which copies of a manual
   share in every file), nor a line the segmenter reads, which many real documents share: a salutation
   (`structure.SALUTATION`), a closing formula (`structure.CLOSING_FORMULA`), a date line, a
   numbered or chapter-level heading (第N章, 卷二, 序), a title above a date, salutation or addressee
   (`noise.document_openers`), an author's name under a title, a signature above a date; nor a piece
   of a sentence broken across lines, nor a line longer than `max_chars`;
3. it stands beside different documents: its occurrences fall into at least `min_documents` (and
   `document_share` of them) groups by the text beside them (the nearest lines on either side that
   are not repeated across files), where copies of one document, even damaged ones, stand beside the
   same text: a title, heading or author line shared by copies of one document is never chrome;
4. it wraps documents (in `position_share` of its occurrences): after it, and the other repeated
   lines that follow it, comes the end of the file or the head of a document (a title, a date, a
   salutation), not running text: a title that different documents share is followed by prose, and
   the title of a poem or short piece copied in several files by its sentences, which the files share
   too (two of them at once: a site's chrome holds a sentence of notice at most between its lines);
5. it does not read as a sentence (sentence-final punctuation): a shared sentence is prose (a
   slogan, a quotation). A sentence is chrome only inside a passage of chrome: with chrome lines
   right before and after it (or the file's edge on one side).

A small corpus gets the same rules: in 3 files, a header all three share around three different
documents is chrome; if two of them are copies of one document it is not (two documents only).
Nothing is removed from fewer than `min_files` files.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import islice

from build_tools.records import CleanText, Source
from build_tools.rules import structure
from build_tools.settings import DEFAULT_CHROME, ChromeConfig
from build_tools.stages.clean import clean_source, should_join
from build_tools.stages.code import code_lines

ChromeLines = dict[str, frozenset[int]]  # source file -> 1-based numbers of its chrome lines

_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]+")
_NOT_LETTER = re.compile(r"[\W_]+")
_FULL_STOP = re.compile(r"[。！？!?]")
# Running text: a sentence's punctuation (a colon alone makes a label, '日期：…'), or a long line.
_RUNNING_TEXT = re.compile(r"[。！？!?，,；;]|.{40}")

# What a line is to the rule (one letter each, to keep the per-line arrays small): blank; not repeated
# across files; structural; repeated text that is never chrome (a long line, a piece of a sentence
# broken across lines); and the candidates: a repeated line, a repeated sentence.
_BLANK, _RARE, _FORMULA, _TEXT, _LINE, _SENTENCE = "", "r", "f", "t", "l", "s"
_CANDIDATES = (_LINE, _SENTENCE)


def line_key(text: str) -> str:
    """A line as it is counted across files: without whitespace and invisible characters."""
    key = "".join(text.split())
    return key if key.isprintable() else _INVISIBLE.sub("", key)


@dataclass
class _File:
    keys: list[str]
    kinds: list[str]
    rare: list[int]  # indexes of the lines not repeated across files
    repeated: list[int]  # indexes of repeated text and sentences
    text: list[int]  # indexes of the lines that are neither blank nor candidates
    config: ChromeConfig
    anchors: dict[int, str] = field(default_factory=dict)  # computed when asked for

    def anchor(self, i: int) -> str:
        """What identifies line i as context ("" if it cannot serve)."""
        if i not in self.anchors:
            self.anchors[i] = _anchor(self.keys[i], self.config)
        return self.anchors[i]


def _anchor(key: str, config: ChromeConfig) -> str:
    """What identifies a line as context: its first and last `anchor_chars` letters ("" if too short)."""
    n = config.anchor_chars
    if len(key) > 8 * n:  # a long line: only its ends are read
        head, tail = _NOT_LETTER.sub("", key[:4 * n])[:n], _NOT_LETTER.sub("", key[-4 * n:])[-n:]
        if len(head) == n and len(tail) == n:
            return head + "|" + tail
    letters = _NOT_LETTER.sub("", key)
    if len(letters) < config.min_anchor_letters:
        return ""
    return letters if len(letters) <= 2 * n else letters[:n] + "|" + letters[-n:]


@dataclass(frozen=True)
class _Around:
    """A repeated line's nearest non-blank neighbours, and whether each is not repeated across files."""

    previous: str | None
    following: str | None
    beyond: str | None  # the line after `following`
    rare_before: bool
    rare_after: bool
    rare_beyond: bool
    gap_before: int  # blank lines between `previous` and the line
    gap_after: int  # blank lines between the line and `following`


def _opens_text(line: str, around: _Around) -> bool:
    """`following` opens a document (a date, or a salutation or addressee with text under it)."""
    if structure.is_date_line(line):
        return True
    if not (structure.SALUTATION.match(line) or structure.is_addressee(line)):
        return False
    # '分享到：' at the end of a page is no addressee: an addressee has the document's text under it.
    beyond = around.beyond
    return beyond is not None and (around.rare_beyond or structure.ends_sentence(beyond)
                                   or bool(_FULL_STOP.search(beyond)))


def _structural(text: str, around: _Around) -> bool:
    """A line the segmenter reads (module rule 2): never chrome, and no context either."""
    if (structure.SALUTATION.match(text) or structure.CLOSING_FORMULA.match(text)
            or structure.is_date_line(text) or structure.is_numbered_heading(text)
            or structure.is_chapter_heading(text)):
        return True
    previous, following = around.previous, around.following
    if following is None:
        return False
    # A document's title (as `noise.document_openers` finds them) or a signature: above a date, or a
    # salutation or addressee.
    if _opens_text(following, around):
        return True
    # An author's name under a document's own title, above its text or its date.
    return bool(structure.PERSON_NAME.match(text) and previous is not None and around.rare_before
                and structure.looks_like_title(previous)
                and (around.rare_after or structure.is_date_line(following) or structure.SALUTATION.match(following)))


def _broken_sentence(text: str, around: _Around) -> bool:
    """A piece of a document's sentence that PDF extraction broke across lines (the cleaner joins them):
    the other piece is running text not repeated across files. (Repeated lines the cleaner would join,
    such as '责任编辑：某某' and a copyright line, or labels such as '主题：…', are judged each on its own.)"""
    previous, following = around.previous, around.following
    return ((around.rare_before and previous is not None and bool(_RUNNING_TEXT.search(previous))
             and should_join(previous, text, around.gap_before))
            or (around.rare_after and following is not None and bool(_RUNNING_TEXT.search(following))
                and should_join(text, following, around.gap_after)))


def _classify(source: Source, keys: list[str], frequent: set[str], config: ChromeConfig) -> _File:
    texts = [line.strip() for line in source.lines]
    present = [i for i, k in enumerate(keys) if k]
    kinds = [_BLANK] * len(keys)
    code = code_lines(source.lines)

    def near(n: int) -> tuple[str | None, bool]:
        if 0 <= n < len(present):
            return texts[present[n]], keys[present[n]] not in frequent
        return None, False

    for n, i in enumerate(present):
        text, key = texts[i], keys[i]
        if key not in frequent:
            kinds[i] = _RARE
            continue
        (previous, rare_before), (following, rare_after), (beyond, rare_beyond) = near(n - 1), near(n + 1), near(n + 2)
        gaps = (i - present[n - 1] - 1 if n else 0, present[n + 1] - i - 1 if n + 1 < len(present) else 0)
        around = _Around(previous, following, beyond, rare_before, rare_after, rare_beyond, *gaps)
        if _structural(text, around):
            kinds[i] = _FORMULA
        elif i in code or len(key) > config.max_chars or _broken_sentence(text, around):
            kinds[i] = _TEXT
        elif structure.ends_sentence(text) or _FULL_STOP.search(text):
            kinds[i] = _SENTENCE
        else:
            kinds[i] = _LINE
    return _File(keys, kinds, rare=[i for i, k in enumerate(kinds) if k == _RARE],
                 repeated=[i for i, k in enumerate(kinds) if k in (_SENTENCE, _TEXT)],
                 text=[i for i, k in enumerate(kinds) if k not in (_BLANK, *_CANDIDATES)], config=config)


def _nearest(file: _File, indexes: list[int], i: int, count: int) -> tuple[frozenset[str], frozenset[str]]:
    """The anchors of the `count` nearest lines of `indexes` (sorted) before line i and after it."""
    sides = []
    for start, stop, step in ((bisect.bisect_left(indexes, i) - 1, -1, -1),
                              (bisect.bisect_right(indexes, i), len(indexes), 1)):
        found: list[str] = []
        for at in range(start, stop, step):
            anchor = file.anchor(indexes[at])
            if anchor:
                found.append(anchor)
                if len(found) == count:
                    break
        sides.append(frozenset(found))
    return sides[0], sides[1]


def _context(file: _File, i: int, config: ChromeConfig) -> tuple[frozenset[str], frozenset[str]]:
    """The text beside line i, before and after it: the nearest lines not repeated across files; if
    there are none on either side, the nearest repeated text (a document copied whole in several files).
    Repeated text is no context otherwise: a sentence of chrome would make every page one document."""
    before, after = _nearest(file, file.rare, i, config.anchor_lines)
    if not before and not after:
        before, after = _nearest(file, file.repeated, i, config.anchor_lines)
    return before, after


def _wraps(file: _File, i: int) -> bool:
    """Line i wraps documents: after it (and the candidates that follow it) comes the end of the file,
    the head of a document (a title, a date, a salutation, a line of metadata such as '日期：…'), not
    running text. A document's own title is followed by its text instead: by text not repeated across
    files, or by a passage of sentences that are (a poem or a short piece copied in several files, under
    its title; a site's chrome holds a sentence of notice at most between its lines)."""
    if _sentences_follow(file, i, 2):
        return False
    at = bisect.bisect_right(file.text, i)
    if at == len(file.text):
        return True
    j = file.text[at]
    key = file.keys[j]
    if file.kinds[j] == _FORMULA:  # a title above a date or salutation, a date, a salutation, an author…
        return not (structure.is_numbered_heading(key) or structure.CLOSING_FORMULA.match(key))
    return file.kinds[j] == _RARE and not _RUNNING_TEXT.search(key) and not structure.is_numbered_heading(key)


def _sentences_follow(file: _File, i: int, count: int) -> bool:
    """Do `count` repeated sentences follow line i at once (blank lines between them aside)?"""
    seen = 0
    for kind in islice(file.kinds, i + 1, None):  # not a copy of the rest of the file, at every occurrence
        if kind == _BLANK:
            continue
        if kind != _SENTENCE:
            return False
        seen += 1
        if seen == count:
            return True
    return False


def _groups(contexts: list[tuple[frozenset[str], frozenset[str]]]) -> int:
    """How many different texts the occurrences stand beside: occurrences sharing a context on either
    side stand beside one document (union-find)."""
    parent = list(range(len(contexts)))

    def root(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    seen: dict[tuple[int, str], int] = {}
    for n, sides in enumerate(contexts):
        for side, anchors in enumerate(sides):
            for anchor in anchors:
                other = seen.setdefault((side, anchor), n)
                parent[root(n)] = root(other)
    return sum(1 for n in range(len(contexts)) if root(n) == n)


def find_chrome(sources: Sequence[Source], config: ChromeConfig = DEFAULT_CHROME) -> ChromeLines:
    """The chrome lines of every source (see the module's rules); files without any are left out."""
    threshold = max(config.min_files, math.ceil(config.min_share * len(sources)))
    if len(sources) < threshold:
        return {}
    keys = [[line_key(line) for line in source.lines] for source in sources]
    counts: Counter[str] = Counter()
    for file_keys in keys:
        counts.update(set(file_keys))
    frequent = {k for k, c in counts.items() if c >= threshold and k}
    if not frequent:
        return {}
    # Only files with a repeated line can hold chrome (nothing else needs their lines classified).
    files = {f: _classify(source, keys[f], frequent, config)
             for f, source in enumerate(sources) if not frequent.isdisjoint(keys[f])}
    occurrences: dict[str, list[tuple[int, int]]] = {}
    for f, file in files.items():
        for i, kind in enumerate(file.kinds):
            if kind in _CANDIDATES:
                occurrences.setdefault(file.keys[i], []).append((f, i))
    chrome_keys = set()
    for key, where in occurrences.items():
        needed = max(config.min_documents, config.document_share * len(where))
        if len({f for f, _ in where}) < threshold:
            continue  # the line is structural in the other files
        if sum(_wraps(files[f], i) for f, i in where) < config.position_share * len(where):
            continue
        contexts = [_context(files[f], i, config) for f, i in where]
        if _groups(contexts) >= needed:
            chrome_keys.add(key)
    result: ChromeLines = {}
    for f, file in files.items():
        lines = _chrome_lines(file, chrome_keys)
        if lines:
            result[sources[f].file] = lines
    return result


def _chrome_lines(file: _File, chrome_keys: set[str]) -> frozenset[int]:
    """1-based numbers of the file's chrome lines: its chrome-keyed lines, and its sentence lines that
    stand inside a passage of chrome (module rule 5)."""
    chrome = {i for i, (kind, key) in enumerate(zip(file.kinds, file.keys, strict=True))
              if kind == _LINE and key in chrome_keys}
    if not chrome:
        return frozenset()
    i = 0
    n = len(file.kinds)
    while i < n:
        if not (file.kinds[i] == _SENTENCE and file.keys[i] in chrome_keys):
            i += 1
            continue
        run = [i]
        j = i + 1
        while j < n and (file.kinds[j] == _BLANK or (file.kinds[j] == _SENTENCE and file.keys[j] in chrome_keys)):
            if file.kinds[j] == _SENTENCE:
                run.append(j)
            j += 1
        before = next((k for k in range(i - 1, -1, -1) if file.kinds[k] != _BLANK), None)
        after = j if j < n else None
        sides = [k is None or k in chrome for k in (before, after)]
        if all(sides) and not (before is None and after is None):
            chrome.update(run)
        i = j
    return frozenset(i + 1 for i in chrome)


def clean_with_chrome(sources: tuple[Source, ...], config: ChromeConfig = DEFAULT_CHROME) -> tuple[CleanText, ...]:
    """Clean every source with its chrome lines dropped to the ledger (the stage as one function)."""
    chrome = find_chrome(sources, config)
    return tuple(clean_source(s, chrome.get(s.file, frozenset())) for s in sources)
