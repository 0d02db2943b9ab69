"""Every threshold of the program, in one place: frozen records passed to the stages that use them.

Nothing reads a module constant that a caller would have to patch: `prepare_edition` takes a
`Settings` (default `DEFAULT_SETTINGS`) and hands each stage its part, as ftfy's `TextFixerConfig`
does. Each field says what it decides and why it has its value; the README's "Thresholds" section
lists them (a test checks that every field is documented there).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ClusterConfig:
    """When two segments are copies of one document (stage cluster)."""

    shingle: int = 5  # characters per shingle: specific in Chinese, short enough for damaged copies
    containment: float = 0.6  # share of the smaller copy's shingles found (in order) in the larger one
    min_shared_shingles: int = 40  # about 40 characters in common beyond boilerplate, for a match
    boilerplate_share: float = 0.2  # a shingle in more than this share of documents is boilerplate
    exhaustive_below: int = 60  # with fewer segments every pair is simply verified
    pair_budget: int = 200_000_000  # shared-shingle counts worth computing exactly; beyond it, sample
    sampled_containment: float = 0.4  # candidate threshold on a sample (below containment: recall first)
    min_sampled: int = 24  # a segment with fewer sampled shingles is compared on all of them
    block_cells: int = 4_000_000  # rows x segments of shared counts held in memory at once
    strong_match: float = 0.85  # a part this wholly (and orderly) inside several documents may join them all…
    bridge_margin: float = 0.1  # …if it fits them within this of its best match…
    bridge_min_shingles: int = 200  # …and is long enough (a few sentences) not to be a commonplace passage
    matches_per_group_pair: int = 3  # matches between two groups of whole copies before the rest are skipped
    # Moved passages: a copy whose paragraphs stand in another order. Shared shingles count as in order
    # when they lie in runs along one diagonal at least this many shingles long: a paragraph, longer than
    # the sentences (20 to 70 characters) that different documents share…
    passage_min: int = 60
    # …a run may skip this many shingles (a damaged character breaks five)…
    passage_gap: int = 12
    # …and drift by this many characters (a character lost or added in one copy).
    passage_drift: int = 3
    # Moved paragraphs too short to be passages (a wiki item's, 40 to 120 characters) each count, in any
    # order, when `containment` of their shingles stand in the other in their order; a paragraph damaged
    # (OCR noise: 4 % of its characters break a fifth of its shingles) counts when this share of its
    # shingles stand in order…
    moved_found: float = 0.4
    # …and they are nearly all it shares (this share): a paragraph that shares sentences with another
    # text in another order does not count.
    moved_order: float = 0.9
    # Short texts (poems, couplets, slogans, notices): when the smaller of two texts has fewer folded
    # characters than this, they are also compared character by character, in order (their longest
    # common subsequence): two substituted characters break 10 of a 20-character poem's 16 shingles.
    short_chars: int = 200
    # Share of the smaller short text's characters found in order in the other (copies 3-5 % damaged
    # each keep over 0.75; two quatrains sharing one line, 0.25 and a few chance characters).
    short_containment: float = 0.6
    # The smaller must be at least this share of the larger: a title and author line, or a missing line,
    # but not a poem inside a file of poems. A fragment of a longer text needs `min_shared_shingles`.
    short_cover: float = 0.5
    # A longer pair of comparable length whose shingles fail (each damaged character breaks five: 5 %
    # damage in each copy leaves about 0.6 of them) is compared by characters when it shares this share
    # of the smaller's shingles…
    damaged_shingles: float = 0.4
    # …and is a copy when this share of the smaller's characters stands in order in the other (copies
    # damaged 5 % each keep about 0.93; a document that shares half its text with another, about 0.6).
    damaged_containment: float = 0.8
    # Shorter texts (a heading, a name, a date) are never grouped by their characters.
    short_min_chars: int = 10
    # Candidates: the larger text holds this share of the smaller's distinct character pairs (damaged
    # copies of a quatrain keep 0.4 and more).
    short_pair_share: float = 0.3
    # A short text must also keep this share of its character pairs weighed by rarity (`stages.rarity`: the
    # pairs many short texts hold, a template's, count little), as of its characters: two sentences of one
    # template ("让我们看看示例 X 中……的例子") keep 0.4 to 0.52 of it, copies 0.8 and more (misread
    # characters' pairs, held by no other text, are left out).
    short_specific: float = 0.6
    # Merged segments: a group in which two groups that are not copies of each other are both found, in
    # stretches of it that overlap by at most this share of the shorter stretch, holds two documents (a
    # segment the segmenter did not part): it bridges neither to the other. Parts of one document overlap
    # more (a truncated copy and one that lacks its opening both hold the middle)…
    collection_overlap: float = 0.1
    # …where a stretch runs from the first to the last place of the shared shingles, leaving out this
    # share of them at each end (a phrase both documents use, found far off).
    span_trim: float = 0.02
    # Two copies that each lack what the other holds (one cut short, one lacking its opening) hold neither
    # most of the other, but the end of one is the start of the other: they are one document when that
    # shared stretch holds at least this many shingles (a few sentences, as `bridge_min_shingles`)…
    dovetail_min: int = 200
    # …and reaches within this many shingles of the one's end and the other's start (a damaged character
    # or a page-number line at the cut), each going on beyond it by more.
    dovetail_slack: int = 12
    # A scrap of a copy the segmenter cut off (a last line, too short for `min_shared_shingles`) joins the
    # copy it follows in its file when it stands in another copy of that document beyond where that copy's
    # text ends in it, up to this share of the other copy before the end (a damaged character at the cut).
    scrap_slack: float = 0.05


@dataclass(frozen=True)
class CollateConfig:
    """How copies are collated into one text with variant places (stage collate)."""

    # Differences at most this many shared characters apart form one variant place, so a transposition
    # or a reworded phrase is one note, not one per character.
    merge_gap: int = 2
    # A copy missing at least this many characters at an end lacks its opening (or ending) there and does
    # not vote on it; a shorter gap at an end is a variant like any other.
    lacuna_min: int = 12


DEFAULT_COLLATE = CollateConfig()


@dataclass(frozen=True)
class ParallelsConfig:
    """When two documents that are not copies of each other share a passage (stage parallels)."""

    # A shared passage holds as much text that is not boilerplate as this many folded characters written
    # out (8 shingles of 5): a clause. The seeds' shortest quotations are of 12 (广大青年不惧风雨、勇挑重担);
    # their formulas are as long, so length alone never tells a formula (see the boilerplate below).
    min_chars: int = 12
    shingle: int = 5  # characters per shingle, as in clustering
    # Boilerplate, as in clustering but counted closer: a shingle in at least `boilerplate_min` documents
    # and in more than this share of them is a formula, slogan or greeting (in the 16 seeds: in 3 of them)…
    boilerplate_share: float = 0.1
    boilerplate_min: int = 3
    # …and so is one in more than this many documents, however large the edition: a passage that many share
    # is common text, and listing it would link each of them with every other (and the stage would grow
    # with the square of the edition: at 2000 generated documents, 50 gives 300 000 passages).
    max_documents: int = 10
    # Paragraphs in these roles are never compared: greetings, addressees, signatures and dates.
    skip_roles: tuple[str, ...] = ("salutation", "addressee", "signature", "date")
    # A shingle repeated in a document counts only at its first this many places there.
    max_repeats: int = 4
    # What the reader's pages list (edition.json always has every passage and every related document).
    # The page 平行段落 lists at most this many pairs of documents, those sharing the most text; the rest are
    # counted there. Pairs grow with the square of an edition whose documents share sentences: 20,000
    # documents drawn from shared pools gave 245,466 passages: a page of some 70 million characters.
    page_pairs: int = 1000
    # A chapter's 相关文献 lists at most this many documents (those sharing the most); the rest are counted.
    chapter_related: int = 50


DEFAULT_PARALLELS = ParallelsConfig()


@dataclass(frozen=True)
class RenderConfig:
    """Sizes that decide the shape of the generated site (stage render)."""

    # Material writes the whole navigation into every page: beyond this many chapters (or sources)
    # the navigation lists catalogue pages instead, and the print view is split into volumes…
    nav_list_max: int = 150
    # …of this many documents (or sources) each.
    catalogue_page_size: int = 100
    # Beyond this many catalogue pages of a kind, the navigation lists one page listing them, not each:
    # it is written into every page, and 289 entries at 20,000 documents made each page 110 KB (43 KB at
    # 2000) and MkDocs' time per page three to four times that at 2000.
    nav_catalogue_max: int = 30
    # An index page (by date, author, source file) with more entries than this is cut into parts: a
    # browser shows a page of a few hundred lines at once, not one of thousands.
    index_page_max: int = 500
    # A ledger (removals and problems) of more entries than this is listed on parts of this many entries,
    # linked from the notes page: at 20,000 documents one notes page was 443 M characters.
    notes_page_max: int = 5000

    def catalogued(self, count: int) -> bool:
        return count > self.nav_list_max

    def catalogue_indexed(self, count: int) -> bool:
        """Whether the navigation lists one index of the catalogue pages over `count` items, not each page."""
        return self.catalogued(count) and len(self.chunks(count)) > self.nav_catalogue_max

    def chunks(self, count: int) -> list[tuple[int, int]]:
        """(start, stop) of each catalogue page (or print volume) over `count` items."""
        size = self.catalogue_page_size
        return [(start, min(start + size, count)) for start in range(0, count, size)]


@dataclass(frozen=True)
class ChromeConfig:
    """When a line that many files share is page chrome around different documents (stage chrome)."""

    # A line in fewer files is never chrome: two files sharing a line are as likely copies of one text.
    min_files: int = 3
    # …and it must stand in this share of all files: in 2000 files, 40 (a site's chrome covers its pages;
    # a short line three documents of 2000 happen to share does not).
    min_share: float = 0.02
    # A longer line is text, however often it recurs.
    max_chars: int = 200
    # It must stand beside at least this many different texts (documents)…
    min_documents: int = 3
    # …and beside different texts in this share of its occurrences: a title or heading shared by copies
    # of one document stands beside the same text in all of them.
    document_share: float = 0.2
    # This share of its occurrences must wrap documents: followed by a document's head (title, date,
    # salutation) or the end of the file, not by running text (a title of its own is followed by its text).
    position_share: float = 0.5
    # The text beside an occurrence: the nearest lines on each side that are not repeated across files…
    anchor_lines: int = 2
    # …each known by its first and last this many letters together (damage inside a line leaves them)…
    anchor_chars: int = 8
    # …if it has this many letters at all (a short line such as 同志们： says nothing of its document).
    min_anchor_letters: int = 6


@dataclass(frozen=True)
class CleanConfig:
    """How the cleaner shapes paragraphs for reading (stage clean)."""

    # A paragraph longer than this (a file with no line breaks) is split at sentence ends for reading…
    long_paragraph: int = 3000
    # …into paragraphs of about this many characters (each ends at a sentence end, so a few are longer).
    reading_paragraph: int = 600
    # Books and manuals (stages code, toc, pages). A block indented by at least this many spaces (or a
    # tab) in a file whose text is not indented so is code, when one of its lines is (DocBook, Markdown).
    code_indent: int = 4
    # A table of contents lists at least this many entries (and that share, at least half of them,
    # name a heading found later in the file).
    toc_min_entries: int = 3
    # A short line standing this many times at a page's edge (beside a page number, after a form feed)
    # is a running head or footer, however few pages the file has (a chapter's head on two pages).
    edge_repeats: int = 2
    # A file is hard-wrapped when this share of its lines (not code)…
    wrap_share: float = 0.3
    # …and at least this many lines reach within `wrap_slack` columns (a Latin word that did not fit,
    # 8 Chinese characters) of its usual widest line…
    wrap_lines: int = 12
    wrap_slack: int = 16
    # …which is at most this many columns wide (CJK characters count two): a line that reaches it was
    # broken there, and the next line continues its paragraph.
    wrap_max: int = 120
    # A file is split into chapters (each a document) when it has at least this many chapter headings
    # (第N章, 第N回, Chapter N, 附录 A, 序…) in a book's order (numbered upwards, front matter first)…
    min_chapters: int = 3
    # …with on average at least this many letters between them: the chapters of a statute (第一章 总则,
    # a few articles each) stay one document.
    chapter_letters: int = 1200


@dataclass(frozen=True)
class BookConfig:
    """When documents are the chapters of a book (stage books)."""

    # A book has at least this many chapters: two documents that two files share are a pair, not a book.
    min_chapters: int = 3
    # Two files are copies of one book when they share this share of the documents of the one holding
    # more (a copy missing a chapter of six shares 5/6; a file holding a book and a few pieces of its own
    # is still a copy; collections bundling a few of the same speeches among others share far less)…
    shared_share: float = 0.6
    # …and hold this share of the shared documents in the same order (a copy with two chapters of six
    # swapped keeps 5/6 in order; three documents two collections bundle at random, one time in six).
    order_share: float = 0.75
    # A file that is the only copy of a book: at least `min_chapters` of its documents, and this share of
    # them, are titled by chapter headings (第三章, 第十回, Chapter 3, 附录 A, 序 …).
    heading_share: float = 0.6


@dataclass(frozen=True)
class SegmentConfig:
    """How a cleaned file is read into documents (stage segment)."""

    # A book (a file split into chapters) with at least this many numbered section headings (1.1, 2.3.1)
    # numbers its sections: a short line without a number there is a paragraph, not a heading.
    numbered_sections: int = 3
    # Where a document may start, a leading line the cleaner joined to the lines under it is set apart
    # again as a title when it reads as one and is at most this share as wide as the widest line after
    # it: a line PDF extraction broke fills the page's width (a paragraph's first line, indented, keeps
    # 0.9 of it); a title of 12 characters over a text of 36-character lines is a third of it.
    title_width_share: float = 0.75
    # A file whose paragraphs the page broke (PDF extraction: at least this many lines joined into
    # paragraphs, not counting each paragraph's last) has a page width, their median…
    page_lines: int = 12
    # …and a paragraph that stops mid-sentence on a line at least this share of it goes on across a blank
    # line (a page break) when the next line is as wide: that line is no title (a title is narrower).
    full_line_share: float = 0.9


DEFAULT_CHROME = ChromeConfig()
DEFAULT_CLEAN = CleanConfig()
DEFAULT_SEGMENT = SegmentConfig()
DEFAULT_CLUSTER = ClusterConfig()
DEFAULT_COLLATE = CollateConfig()
DEFAULT_RENDER = RenderConfig()


@dataclass(frozen=True)
class Settings:
    """All of them, as `prepare_edition` and `site_pages` take them."""

    cluster: ClusterConfig = field(default_factory=ClusterConfig)
    collate: CollateConfig = field(default_factory=CollateConfig)
    render: RenderConfig = field(default_factory=RenderConfig)
    parallels: ParallelsConfig = field(default_factory=ParallelsConfig)
    chrome: ChromeConfig = field(default_factory=ChromeConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    segment: SegmentConfig = field(default_factory=SegmentConfig)
    books: BookConfig = field(default_factory=BookConfig)


DEFAULT_SETTINGS = Settings()
