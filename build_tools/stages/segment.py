"""Stage 3, segment: split each cleaned source into documents and read their metadata.

A file may hold several documents with no marker between them. We walk its blocks once and start
a new document where the cues of `build_tools.rules.structure` say one begins:

- a numbered-piece marker (web collections) always opens a document;
- a title-like line carrying a Word bookmark, or following a wider-than-usual gap (there, one
  character or a short question is a title too: `structure.is_title_apart`), or a title with its date
  line under it (a short line standing apart above a date and prose is a title, not a signature);
- anything after a closing (a closing formula, or a signature and date);
- a salutation or addressee line once the current document is past its header;
- an indented line after a finished sentence, in a file whose paragraphs are not indented
  (copy-pasted documents often start with a stray space).

Widths (`stages.line_shapes`) correct what the cleaner joined by words: where a document may start, a
title joined to the paragraph under it is set apart again, and a line the page broke off a paragraph
across a blank line opens nothing, nor does a paragraph as wide as the page that opens a page.

A book (a file the cleaner found split into chapters: blocks with the hint "chapter") is split at its
chapter headings only: each chapter is a document with its heading for title, and whatever stands
before the first chapter (a title page) is one more; a file holding a dated document among its chapter
headings is a collection that holds excerpts of a book, read as any other file. Code (blocks with the
hint "code") has the role `code`: it never opens a document, never is a title or heading, and is kept
as it stands.

While a document is still in its header (title, subtitle, letterhead, document number, date,
author), none of these split it (but a bookmarked title standing apart does, and so does a title standing
apart under a byline: a title page, '論語 / 孔子弟子及再传弟子 编', then the first piece). A web page's title
above its heading ('桃花源记_古诗文网' over '桃花源记') gives the heading as the title. Title, date and author
are read from the header and from a closing signature; a document without a title line gets a
proposed title marked as inferred.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from build_tools.records import Block, BlockRole, CleanText, Segment, Span
from build_tools.rules import structure
from build_tools.settings import DEFAULT_SEGMENT, SegmentConfig
from build_tools.stages.line_shapes import PageWidth, continues_page_line, fills_page, page_width, separate_titles

_BULLET = re.compile(r"^[*•·▪◦‣\-–+](?:\s|$)")
_ENCLOSED_TITLE = re.compile(r"^《([^《》]+)》$")

HEADER_ROLES: frozenset[BlockRole] = frozenset(
    {"title", "subtitle", "issuer", "docnumber", "date", "author"})


def header_blocks(segment: Segment) -> list[tuple[BlockRole, Block]]:
    """The leading run of header blocks (title, date, author …) of a segment."""
    return header_blocks_of(segment.blocks)


@dataclass
class _Draft:
    blocks: list[tuple[BlockRole, Block]] = field(default_factory=list)
    in_header: bool = True

    @property
    def last(self) -> tuple[BlockRole, Block] | None:
        return self.blocks[-1] if self.blocks else None


def _separator_gap(blocks: tuple[Block, ...]) -> int:
    """How many blank lines mark a break in this file: one more than its usual paragraph gap."""
    gaps = sorted(b.gap_before for b in blocks[1:])
    if not gaps:
        return 1
    usual = gaps[len(gaps) // 2]
    return usual + 1


def _indent_is_notable(blocks: tuple[Block, ...]) -> bool:
    indented = sum(1 for b in blocks if "indented" in b.hints and "code" not in b.hints)
    return 0 < indented <= max(1, len(blocks) // 10)


def _header_role(block: Block, draft: _Draft) -> BlockRole | None:
    """The role of a block that can still belong to a document's header, or None."""
    text = block.text
    if "code" in block.hints:
        return None
    if "chapter" in block.hints and not draft.blocks:
        return "title"
    if structure.is_date_line(text):
        return "date"
    if structure.DOC_NUMBER.match(text):
        return "docnumber"
    if structure.is_subtitle(text) and any(r == "title" for r, _ in draft.blocks):
        return "subtitle"
    if any(r == "title" and _is_page_title_of(b.text, text) for r, b in draft.blocks):
        return "title"  # the heading under a web page's title, which is it and the site's name
    if ((structure.PERSON_NAME.match(text) or structure.BYLINE.match(text))
            and any(r == "title" for r, _ in draft.blocks)):
        return "author"
    if structure.ISSUER_LETTERHEAD.match(text) and not draft.blocks:
        return "issuer"
    if not draft.blocks and structure.is_title_apart(text):
        return "title"  # a document opened at it: 蟬, 什么是所有权？
    first_title = not any(r == "title" for r, _ in draft.blocks)
    after_title = draft.last is not None and draft.last[0] in ("title", "issuer")
    if structure.looks_like_title(text) and not structure.is_numbered_heading(text) and (first_title or after_title):
        return "title"
    return None


def _body_role(block: Block, next_text: str | None, after_next: Block | None,
               numbered_sections: bool = False, separator_gap: int = 2) -> BlockRole:
    """The role of a block after the header. In a book whose sections are numbered, only numbered
    headings are headings: a short line without a number is a paragraph of its own."""
    text = block.text
    if "code" in block.hints:
        return "code"
    if structure.is_section_heading(text):
        return "heading"
    if structure.SALUTATION.match(text):
        return "salutation"
    if structure.is_addressee(text):
        return "addressee"
    if structure.is_date_line(text):
        return "date"
    if is_signature(block, next_text, after_next, separator_gap):
        return "signature"
    if (structure.looks_like_title(text) and len(text) <= 40 and not numbered_sections and not _BULLET.match(text)
            and (structure.has_cjk(text) or not text[:1].islower())):
        return "heading"
    return "body"


def is_signature(block: Block, next_text: str | None, after_next: Block | None = None, separator_gap: int = 2) -> bool:
    """A short name line right above a date closes a letter or notice."""
    return (structure.looks_like_title(block.text) and len(block.text) <= 20 and next_text is not None
            and structure.is_date_line(next_text) and not opens_with_dateline(block, after_next, separator_gap))


def opens_with_dateline(block: Block, after_date: Block | None, separator_gap: int) -> bool:
    """'Short line / date' with prose under them: a title and its date, not a signature. Prose straight
    under the date says so; so does prose at the file's paragraph gap under a short line that stands
    apart from the text before it (a signature follows its letter's last paragraph)."""
    if (after_date is None or structure.looks_like_title(after_date.text)
            or structure.is_date_line(after_date.text)):
        return False
    return after_date.gap_before == 0 or (block.gap_before >= separator_gap and after_date.gap_before < separator_gap)


def _starts_document(block: Block, draft: _Draft, separator_gap: int, indent_notable: bool,
                     next_text: str | None, after_next: Block | None, book: bool = False,
                     page_paragraph: bool = False) -> bool:
    """Does `block` open a new document? `page_paragraph`: it is a paragraph the page broke, as wide as the
    page (`line_shapes.fills_page`): no title, though it opens a page under a page number."""
    text = block.text
    if not draft.blocks:
        return False
    if "piece-marker" in block.hints or "chapter" in block.hints:
        return True
    if book or "code" in block.hints:
        return False
    apart = "bookmark" in block.hints or block.gap_before >= separator_gap
    title_like = not page_paragraph and ((structure.looks_like_title(text) and not structure.is_numbered_heading(text))
                                         or (apart and structure.is_title_apart(text)))
    if draft.in_header:
        # A bookmarked title standing apart from a header that has its title: the next document's (the
        # header was a truncated copy's last line, read as a title). So is a title standing apart under a
        # header that its byline closed: a title page ('論語 / 孔子弟子及再传弟子 编'), then the first piece.
        roles = [r for r, _ in draft.blocks]
        return (title_like and block.gap_before >= separator_gap and "title" in roles
                and ("bookmark" in block.hints or roles[-1] == "author"))
    last_role, last_block = draft.blocks[-1]
    opener = bool(structure.SALUTATION.match(text)) or structure.is_addressee(text)
    if "bookmark" in block.hints and title_like:
        return True
    if is_signature(block, next_text, after_next, separator_gap) or structure.is_date_line(text):
        return False
    if title_like and next_text is not None and structure.is_date_line(next_text):
        return True  # a title with its date line, and prose under them
    closed = (last_role == "date" or structure.CLOSING_FORMULA.match(last_block.text) is not None)
    if closed:
        return True
    if block.gap_before >= separator_gap and (title_like or opener):
        return True
    # An opener alone is not enough: "特提出如下要求：" and a second salutation are body text.
    return (indent_notable and "indented" in block.hints and structure.ends_sentence(last_block.text)
            and not text.startswith(("“", "‘", "「", "『", '"')))


def _title_parts(draft_blocks: list[tuple[BlockRole, Block]]) -> tuple[str | None, str | None, str | None]:
    """(title, subtitle, author from a 'name：title' headline)."""
    titles = [b.text for r, b in draft_blocks if r == "title"]
    titles = [t for t in titles if not any(_is_page_title_of(t, other) for other in titles)]
    subtitle = next((b.text.lstrip("—-").strip() for r, b in draft_blocks if r == "subtitle"), None)
    if not titles:
        return None, subtitle, None
    title = clean_title(" ".join(titles) if len(titles) > 1 else titles[0])
    # A title set in book-title marks as a whole, as web copies set it ('《藤野先生》'), is the title inside.
    enclosed = _ENCLOSED_TITLE.match(title)
    if enclosed:
        title = enclosed.group(1)
    author = None
    m = structure.SPEAKER_PREFIX.match(title)
    if m:
        author, title = m.group("name"), m.group("title").strip()
    return title, subtitle, author


def _is_page_title_of(page_title: str, heading: str) -> bool:
    """'陋室铭_古诗文网' above '陋室铭': a web page's title, the heading and the site's name after a separator."""
    return (len(page_title) > len(heading) >= 1 and page_title.startswith(heading)
            and page_title[len(heading)] in _PAGE_TITLE_SEPARATORS)


_PAGE_TITLE_SEPARATORS = "_-|—–·｜－ \u3000"


def clean_title(text: str) -> str:
    """Fold the spaces PDF and Word exports leave between CJK characters in a title."""
    return re.sub(rf"(?<=[{structure.CJK}\d])\s+(?=[{structure.CJK}\d])", "", text).strip()


def propose_title(blocks: list[tuple[BlockRole, Block]]) -> str:
    """An editorial title for an untitled document: its first clause, shortened."""
    first = next((b.text for r, b in blocks if r == "body"), blocks[0][1].text if blocks else "")
    clause = re.split(r"[。！？；!?;]", first, maxsplit=1)[0]
    return clause[:24] + ("…" if len(clause) > 24 else "")


def _finish(draft: _Draft, source: str, index: int) -> Segment:
    blocks = draft.blocks
    # A leading run of title lines: the first real title, with an issuer's letterhead before it.
    title, subtitle, speaker = _title_parts([(r, b) for r, b in blocks if r in HEADER_ROLES])
    issuer = next((structure.ISSUER_LETTERHEAD.match(b.text) for r, b in blocks if r == "issuer"), None)
    dates = [structure.parse_date(b.text) for r, b in blocks if r == "date"]
    author = speaker or next((structure.byline_name(b.text) or b.text for r, b in blocks
                              if r in ("author", "signature")), None)
    if author is None and issuer:
        author = issuer.group("body")
    span = Span(source, blocks[0][1].span.first_line, blocks[-1][1].span.last_line)
    return Segment(
        id=f"{source}#{index}",
        span=span,
        blocks=tuple(blocks),
        title=title,
        subtitle=subtitle,
        date=next((d for d in dates if d), None),
        author=author.strip() if author else None,
    )


def segment_text(clean: CleanText, config: SegmentConfig = DEFAULT_SEGMENT) -> tuple[Segment, ...]:
    """Split one cleaned source into its documents."""
    blocks = clean.blocks
    if not blocks:
        return ()
    blocks = separate_titles(blocks, _separator_gap(blocks), config)
    page = page_width(blocks, config)
    drafts = _walk(blocks, page, config, book=False)
    if any("chapter" in b.hints for b in blocks) and not _holds_dated_documents(drafts):
        numbered = sum(1 for b in blocks if structure.is_section_heading(b.text)) >= config.numbered_sections
        drafts = _walk(blocks, page, config, book=True, numbered=numbered)
    segments = [_finish(d, clean.source.file, n) for n, d in enumerate(drafts, start=1) if d.blocks]
    return tuple(_mark_embedded(segments))


def _holds_dated_documents(drafts: list[_Draft]) -> bool:
    """A document with a title and its own date line, opened elsewhere than at a chapter heading: the
    chapters of a book carry no date lines, so a file holding such documents among its chapter headings
    is a collection that holds excerpts of a book (第三回, 第八回 … among speeches and notices), not a book.
    Each chapter heading still opens a document there, and so does every other cue."""
    opened = False  # the title page before the first chapter may well carry a date
    for draft in drafts:
        if not draft.blocks:
            continue
        if "chapter" in draft.blocks[0][1].hints:
            opened = True
            continue
        if not opened:
            continue
        roles = [r for r, _ in header_blocks_of(draft.blocks)]
        if "title" in roles and "date" in roles:
            return True
    return False


def header_blocks_of(blocks: Sequence[tuple[BlockRole, Block]]) -> list[tuple[BlockRole, Block]]:
    """The leading run of header blocks of a document's blocks."""
    header = []
    for role, block in blocks:
        if role not in HEADER_ROLES:
            break
        header.append((role, block))
    return header


def _walk(blocks: tuple[Block, ...], page: PageWidth | None, config: SegmentConfig, book: bool,
          numbered: bool = False) -> list[_Draft]:
    """The documents of a file's blocks: in a book (`book`) split at chapter headings only."""
    separator_gap = _separator_gap(blocks)
    indent_notable = _indent_is_notable(blocks)
    drafts: list[_Draft] = [_Draft()]
    for i, block in enumerate(blocks):
        next_text = blocks[i + 1].text if i + 1 < len(blocks) else None
        after_next = blocks[i + 2] if i + 2 < len(blocks) else None
        draft = drafts[-1]
        # A line the page broke off the paragraph before it (a blank line between) is neither a document's
        # start nor a heading.
        continued = i > 0 and continues_page_line(blocks[i - 1], block, page, config)
        if not continued and _starts_document(block, draft, separator_gap, indent_notable, next_text, after_next,
                                              book, fills_page(block, page, config)):
            draft = _Draft()
            drafts.append(draft)
        role = _header_role(block, draft) if draft.in_header and not continued else None
        if role is None:
            draft.in_header = False
            role = "body" if continued else _body_role(block, next_text, after_next, numbered, separator_gap)
        draft.blocks.append((role, block))
        if role in ("salutation", "addressee"):
            draft.in_header = False
    return drafts


def _mark_embedded(segments: list[Segment]) -> list[Segment]:
    """A document that announces it forwards another, and is followed by one, embeds it."""
    result = list(segments)
    for i in range(len(result) - 1):
        host, guest = result[i], result[i + 1]
        body_text = "".join(b.text for _, b in host.blocks)
        closes = any(r == "date" for r, _ in host.blocks[-2:])
        if structure.FORWARDING.search(body_text) and not closes and guest.host_segment is None:
            result[i + 1] = replace(guest, host_segment=host.id)
    return result


def segment_texts(cleaned: tuple[CleanText, ...]) -> tuple[Segment, ...]:
    return tuple(seg for clean in cleaned for seg in segment_text(clean))
