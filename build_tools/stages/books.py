"""Stage books: documents that are the chapters of a book, found after curation from where their copies stand.

A book is a work with ordered chapters, kept in one or more files (its copies): a PDF extraction, a web
page, a Word export of the same manual. Segmentation splits each copy into chapters and clustering
groups each chapter's copies into one document, so a book shows as a run of documents whose copies
stand in the same files, in the same order. The rule (thresholds in `BookConfig`):

- **copies**: two files are copies of one book when they share at least `min_chapters` documents, the
  shared documents are at least `shared_share` of the documents of the file holding more, and at least
  `order_share` of them stand in the same order in both (the longest run in order, not necessarily
  adjacent: a copy with two chapters swapped keeps 5 of 6). Files linked so, directly or through
  others, are the copies of one book;
- **a single copy**: a file that is no other file's copy is a book when at least `min_chapters` of its
  documents, and `heading_share` of them, are titled by chapter headings (第三章, 第十回, Chapter 3,
  附录 A, 序, 后记 …);
- **chapters**: every document with a copy in the book's files (one found in one copy only too); a
  document with copies in two books' files goes to the book holding more of them. Copies standing
  inside another document (a forwarded text) do not count. A file holding only chapters of the book (a
  web copy of a chapter a page) is one of its copies too;
- **order**: the majority's: a chapter precedes another when more copies have it first; chapters are
  ranked by the chapters they precede less those that precede them, then by their mean place in the
  copies, then by their order in the edition (a chapter found only alone in a file follows the chapter
  before it in the edition's order). The curator's `order` goes first;
- **title**: the commonest title line before the first chapter of a copy (a title page, perhaps with a
  byline under the title, or a title line heading the first chapter; a chapter titled by both is then
  titled by its heading alone), else the copy's
  commonest running head that is no chapter's title, else the common opening of the copies' file
  names (proposed), else 未命名书籍 (proposed); the curator's `title` wins;
- **id**: 'b' and 8 hex digits of the hash of the copies' file names, as found before the curator
  excluded any copy, so that excluding a copy keeps the book's id.

`exclude_copies` in edition.yml must act before clustering (the copy's segments must not vote); the
pipeline finds the books a first time without it (and without the curator's document entries, whose
ids may exist only after the exclusion), leaves out the segments of the named files that are copies of
the book's chapters (their text goes to the ledger as `excluded-by-curator`), and then keeps the books'
files as found the first time (`detect_books(..., known=...)`).
"""

from __future__ import annotations

import bisect
import hashlib
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from build_tools.curation import Curation
from build_tools.records import Book, Document, Removal, Segment
from build_tools.rules import structure
from build_tools.settings import BookConfig
from build_tools.stages.chapters import chapter_title
from build_tools.stages.curate import EXCLUDED_RULE, segment_removals
from build_tools.stages.segment import clean_title, header_blocks

UNTITLED = "未命名书籍"
TITLE_MAX = 40  # a longer title line is no book's title (a table of contents read as one, a sentence)
_CONTENTS = re.compile(r"^(?:目\s*[录錄次]|Contents|CONTENTS|Table of Contents)")
RUNNING_HEAD_RULE = "pdf-running-header"
_TITLE_PAGE_ROLES = frozenset({"title", "subtitle", "author", "date"})  # what a title page holds
def is_chapter_heading(text: str) -> bool:
    """A title that heads a chapter: 第三章 总则, 第十回 …, Chapter 3, 附录 A, 序, and a classical name and 第N
    (學而第一), which only many titles of one file make a book's (`BooksConfig.min_chapters`)."""
    text = text.strip()
    return structure.looks_like_title(text) and len(text) <= 60 and structure.chapter_rank(text) is not None


@dataclass(frozen=True)
class _Copy:
    """The documents standing in one file, in the order of their first lines there."""

    file: str
    documents: tuple[str, ...]


def _copies(documents: Sequence[Document]) -> dict[str, _Copy]:
    """Per file, the documents with a copy standing in it (not inside another document), in line order."""
    places: dict[str, dict[str, int]] = defaultdict(dict)
    for doc in documents:
        for w in doc.witnesses:
            if w.embedded_in is None:
                span = w.segment.span
                known = places[span.source].get(doc.id)
                places[span.source][doc.id] = span.first_line if known is None else min(known, span.first_line)
    return {file: _Copy(file, tuple(sorted(where, key=lambda d: (where[d], d))))
            for file, where in sorted(places.items())}


def _longest_in_order(sequence: Sequence[int]) -> int:
    """Length of the longest increasing subsequence."""
    tails: list[int] = []
    for value in sequence:
        i = bisect.bisect_left(tails, value)
        tails[i:i + 1] = [value]
    return len(tails)


def _are_copies(a: _Copy, b: _Copy, config: BookConfig) -> bool:
    shared = set(a.documents) & set(b.documents)
    if len(shared) < config.min_chapters or len(shared) < config.shared_share * max(len(a.documents),
                                                                                      len(b.documents)):
        return False
    place = {d: n for n, d in enumerate(b.documents)}
    in_order = _longest_in_order([place[d] for d in a.documents if d in shared])
    return in_order >= config.order_share * len(shared)


def _linked_files(copies: dict[str, _Copy], config: BookConfig) -> list[tuple[str, ...]]:
    """Groups of two or more files that are copies of one book (files linked directly or through others)."""
    files_of: dict[str, list[str]] = defaultdict(list)
    for copy in copies.values():
        for doc_id in copy.documents:
            files_of[doc_id].append(copy.file)
    shared: Counter[tuple[str, str]] = Counter()
    for files in files_of.values():
        for i, a in enumerate(files):
            for b in files[i + 1:]:
                shared[(a, b) if a < b else (b, a)] += 1
    parent = {f: f for f in copies}

    def root(f: str) -> str:
        while parent[f] != f:
            parent[f] = parent[parent[f]]
            f = parent[f]
        return f

    for (a, b), count in sorted(shared.items()):
        if count >= config.min_chapters and _are_copies(copies[a], copies[b], config):
            ra, rb = root(a), root(b)
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for f in copies:
        groups[root(f)].append(f)
    return sorted(tuple(sorted(g)) for g in groups.values() if len(g) > 1)


def _single_copy_books(copies: dict[str, _Copy], taken: set[str], by_id: dict[str, Document],
                       config: BookConfig) -> list[tuple[str, ...]]:
    """Files that alone hold a book: enough documents titled by chapter headings."""
    found: list[tuple[str, ...]] = []
    for copy in copies.values():
        if copy.file in taken or len(copy.documents) < config.min_chapters:
            continue
        headed = sum(1 for d in copy.documents if _headed_in(by_id[d], copy.file))
        if headed >= config.min_chapters and headed >= config.heading_share * len(copy.documents):
            found.append((copy.file,))
    return found


def _headed_in(doc: Document, file: str) -> bool:
    """The document's copy in `file` (or, failing it, the document) is titled by a chapter heading."""
    for w in doc.witnesses:
        if w.segment.span.source == file:
            header = [b for role, b in header_blocks(w.segment) if role == "title"]
            # A heading the cleaner opened a chapter at ('1 起步' in a run, a heading the contents list) counts.
            return any(is_chapter_heading(b.text) or "chapter" in b.hints for b in header)
    return is_chapter_heading(doc.title)


def book_id(files: Iterable[str]) -> str:
    """A book's id: 'b' and 8 hex digits of the hash of its copies' file names."""
    return "b" + hashlib.sha256("\n".join(sorted(files)).encode("utf-8")).hexdigest()[:8]


def majority_order(sequences: Sequence[Sequence[str]], fallback: dict[str, int]) -> list[str]:
    """The items of several sequences in the majority's order (see the module's docstring)."""
    first: Counter[tuple[str, str]] = Counter()
    places: dict[str, list[float]] = defaultdict(list)
    for seq in sequences:
        if len(seq) < 2:
            continue  # a copy of one chapter says nothing of the order
        for i, a in enumerate(seq):
            places[a].append(i / (len(seq) - 1))
            for b in seq[i + 1:]:
                first[(a, b)] += 1
    score: Counter[str] = Counter()
    for (a, b), count in first.items():
        against = first[(b, a)]
        if count > against:
            score[a] += 1
            score[b] -= 1
    order = sorted(places, key=lambda d: (-score[d], sum(places[d]) / len(places[d]), fallback.get(d, 0), d))
    # Found only alone in a copy: after the chapter that precedes it in the edition's order.
    alone = sorted({a for seq in sequences for a in seq if a not in places}, key=lambda d: (fallback.get(d, 0), d))
    for a in alone:
        before = [n for n, d in enumerate(order) if (fallback.get(d, 0), d) < (fallback.get(a, 0), a)]
        at = max(before, key=lambda n: (fallback.get(order[n], 0), order[n])) + 1 if before else 0
        order.insert(at, a)
    return order


def _title_line(book_docs: dict[str, Document], copy: _Copy) -> str | None:
    """A title line before the first chapter of a copy: a title page, or a line heading the first chapter."""
    chapters = [d for d in copy.documents if d in book_docs]
    if not chapters:
        return None
    first = book_docs[chapters[0]]
    witness = next(w for w in first.witnesses if w.segment.span.source == copy.file)
    titles = [b.text for role, b in header_blocks(witness.segment) if role == "title"]
    if len(titles) >= 2 and not is_chapter_heading(titles[0]):
        heading = next((n for n, t in enumerate(titles) if is_chapter_heading(t)), None)
        line = clean_title(" ".join(titles[:heading])) if heading else ""
        if line and len(line) <= TITLE_MAX and not _CONTENTS.match(line):
            return line
    # A title page: the title, perhaps a subtitle, a byline ('某某 编', '作者：…') or a date, no text.
    body = [b for role, b in witness.segment.blocks if role not in _TITLE_PAGE_ROLES]
    page = clean_title(" ".join(titles))
    if (len(chapters) > 1 and 0 < len(titles) <= 2 and not body and len(page) <= TITLE_MAX
            and not is_chapter_heading(titles[0]) and not _CONTENTS.match(page)):
        return page  # a title page of its own
    return None


def _running_head(file: str, removed_by_file: dict[str, list[Removal]], chapter_titles: set[str]) -> str | None:
    heads = Counter(r.text.strip() for r in removed_by_file.get(file, ()) if r.rule == RUNNING_HEAD_RULE)
    for text, _ in heads.most_common():
        if (structure.looks_like_title(text) and not is_chapter_heading(text)
                and clean_title(text) not in chapter_titles and not re.fullmatch(r"[\d\s\-—/第页頁]+", text)):
            return clean_title(text)
    return None


def _file_name_title(files: Sequence[str]) -> str | None:
    stems = [os.path.splitext(f)[0] for f in files]
    prefix = os.path.commonprefix(stems).rstrip(" -_.—（(［[")  # noqa: RUF071 (names, not paths)
    return prefix if len(re.sub(r"\W", "", prefix)) >= 2 else None


def _title(book_docs: dict[str, Document], copies: Sequence[_Copy],
           removed_by_file: dict[str, list[Removal]]) -> tuple[str, str]:
    """The book's title and where it comes from (source or program)."""
    lines = Counter(line for copy in copies if (line := _title_line(book_docs, copy)))
    if lines:
        return lines.most_common(1)[0][0], "source"  # the commonest; on a tie, the first copy's
    chapter_titles = {clean_title(d.title) for d in book_docs.values()}
    for copy in copies:
        head = _running_head(copy.file, removed_by_file, chapter_titles)
        if head:
            return head, "source"
    from_names = _file_name_title([c.file for c in copies])
    return (from_names, "program") if from_names else (UNTITLED, "program")


def detect_books(documents: Sequence[Document], removed: Sequence[Removal], config: BookConfig,
                 known: Sequence[Book] = (), excluded: dict[str, set[str]] | None = None) -> tuple[Book, ...]:
    """The books among the documents (see the module's docstring); `documents` in reading order.

    With `known` (the books as found before the curator excluded copies), their files are taken as they
    are, less the files `excluded` ({book id: files}), and keep their ids; no other book is looked for.
    """
    copies = _copies(documents)
    by_id = {d.id: d for d in documents}
    taken: set[str] = set()
    if known:
        excluded = excluded or {}
        groups = [(b.id, tuple(f for f in b.copies if f in copies and f not in excluded.get(b.id, set())))
                  for b in known]
    else:
        linked = _linked_files(copies, config)
        taken = {f for g in linked for f in g}
        groups = [(book_id(g), g) for g in linked + _single_copy_books(copies, taken, by_id, config)]
        taken |= {f for _, g in groups for f in g}
    groups = [(i, g) for i, g in groups if g]
    # Each document goes to the book whose files hold most of its copies (the earlier book on a tie).
    home: dict[str, tuple[int, int]] = {}
    for n, (_, files) in enumerate(groups):
        held: Counter[str] = Counter(d for f in files for d in copies[f].documents)
        for doc_id, count in held.items():
            if doc_id not in home or count > home[doc_id][0]:
                home[doc_id] = (count, n)
    removed_by_file: dict[str, list[Removal]] = defaultdict(list)
    for r in removed:
        removed_by_file[r.source].append(r)
    fallback = {d.id: n for n, d in enumerate(documents)}
    books = []
    for n, (ident, files) in enumerate(groups):
        chapters = {d for d, (_, m) in home.items() if m == n}
        if not chapters:
            continue
        if not known:  # files holding only chapters of this book (a web copy, a chapter a page) are copies too
            files = tuple(sorted({*files, *(f for f, c in copies.items() if f not in taken and c.documents
                                            and all(home.get(d, (0, -1))[1] == n for d in c.documents))}))
            ident = book_id(files)
        book_copies = [copies[f] for f in files]
        sequences = [[d for d in c.documents if d in chapters] for c in book_copies]
        order = majority_order(sequences, fallback)
        title, title_by = _title({d: by_id[d] for d in order}, book_copies, removed_by_file)
        books.append(Book(ident, title, "source" if title_by == "source" else "program", tuple(files),
                          tuple(order)))
    return tuple(books)


def copy_exclusions(books: Sequence[Book], documents: Sequence[Document], curation: Curation
                    ) -> tuple[dict[str, set[str]], set[str]]:
    """The curator's `exclude_copies`, checked against the books: ({book id: files}, the segment ids to leave
    out: those in the named files that are copies of the book's chapters)."""
    by_id = {b.id: b for b in books}
    by_doc = {d.id: d for d in documents}
    files: dict[str, set[str]] = {}
    segments: set[str] = set()
    for ident, entry in curation.books.items():
        book = by_id.get(ident)
        if book is None or not entry.exclude_copies:
            continue  # an unknown id is reported with the other book entries, after the second pass
        for n, file in enumerate(entry.exclude_copies):
            if file not in book.copies:
                raise curation.error(f"books.{ident}.exclude_copies[{n}]",
                                     f"{file!r} is not a copy of this book (its copies: {', '.join(book.copies)})")
        if set(entry.exclude_copies) >= set(book.copies):
            raise curation.error(f"books.{ident}.exclude_copies", "would leave the book without a copy")
        files[ident] = set(entry.exclude_copies)
        segments |= {w.segment.id for d in book.chapters for w in by_doc[d].witnesses
                     if w.segment.span.source in files[ident]}
    return files, segments


def exclude_copy_segments(segments: tuple[Segment, ...], excluded: set[str]
                          ) -> tuple[tuple[Segment, ...], list[Removal]]:
    """The segments without the excluded ones, whose text goes to the ledger (`excluded-by-curator`)."""
    kept = tuple(s for s in segments if s.id not in excluded)
    removed = [r for s in segments if s.id in excluded for r in segment_removals(s, EXCLUDED_RULE)]
    return kept, removed


def curate_books(documents: list[Document], books: tuple[Book, ...], curation: Curation
                 ) -> tuple[list[Document], tuple[Book, ...]]:
    """The curator's book titles and chapter orders; then each book's chapters stand together, in its
    order, where its first chapter stood in the reading order (documents renumbered)."""
    by_id = {b.id: b for b in books}
    for ident in curation.books:
        if ident not in by_id:
            raise curation.error(f"books.{ident}", "unknown book id (see edition.json \"books\" for the ids)")
    documents = _without_book_titles(documents, books)
    result = []
    for book in books:
        entry = curation.books.get(book.id)
        if entry is not None:
            seen: set[str] = set()
            for n, doc_id in enumerate(entry.order):
                if doc_id not in book.chapters:
                    raise curation.error(f"books.{book.id}.order[{n}]", f"{doc_id!r} is not a chapter of this book")
                if doc_id in seen:
                    raise curation.error(f"books.{book.id}.order[{n}]", f"{doc_id!r} is listed twice")
                seen.add(doc_id)
            rest = tuple(d for d in book.chapters if d not in seen)
            book = replace(book, chapters=tuple(entry.order) + rest)
            if entry.title:
                book = replace(book, title=entry.title, title_by="curator")
        result.append(book)
    return gather_chapters(documents, tuple(result)), tuple(result)


def _without_book_titles(documents: list[Document], books: tuple[Book, ...]) -> list[Document]:
    """A chapter titled by the book's title line and its heading together ('某某手册 第一章 总则', the title
    line over the first chapter) is titled by its heading; so is a chapter titled by a part's heading and
    its own ('第一部分 基础 第一章 起步': the part's heading opens its first chapter, `stages.chapters`)."""
    prefix = {d: clean_title(b.title) for b in books if b.title_by == "source" for d in b.chapters}
    in_books = {d for b in books for d in b.chapters}
    result = []
    for doc in documents:
        start = prefix.get(doc.id)
        if start and doc.title_by == "source" and doc.title.startswith(start):
            rest = doc.title[len(start):].strip()
            if is_chapter_heading(rest):
                doc = replace(doc, title=rest)
        if doc.id in in_books and doc.title_by == "source":
            doc = replace(doc, title=chapter_title(doc))
        result.append(doc)
    return result


def gather_chapters(documents: list[Document], books: tuple[Book, ...]) -> list[Document]:
    """Reading order with each book's chapters together, in its order, where its first chapter stood."""
    book_of = {d: b for b in books for d in b.chapters}
    by_id = {d.id: d for d in documents}
    ordered: list[Document] = []
    placed: set[str] = set()
    for doc in documents:
        book = book_of.get(doc.id)
        if book is None:
            ordered.append(doc)
        elif book.id not in placed:
            placed.add(book.id)
            ordered.extend(by_id[d] for d in book.chapters)
    return [replace(doc, order=n) for n, doc in enumerate(ordered, start=1)]
