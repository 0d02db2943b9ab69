"""What `render_edition` asks of a memo of pages made by an earlier run (`pipeline.StageCache.render`), and the
records its keys hold."""

from __future__ import annotations

from collections.abc import Callable, Hashable

# Given a key holding every input of a page and what makes the page, the page: made again only when no
# earlier run made it from equal inputs.
Memo = Callable[[Hashable, Callable[[], str]], str]


class Hashed:
    """A record in pages' keys, hashed by `by`, some of its fields: the keys of a document's pages (chapter,
    copies, comparison, TEI file, edition.json entry) all hold the one `Hashed` of it, and a record (a frozen
    dataclass keeps no hash) is hashed in depth, paragraphs, copies and variants, each time its hash is asked
    for. Equal records have equal fields, so equal hashes; one that changed elsewhere is told apart when
    compared.

    Two found equal hold the same record from then on (either: equal records are interchangeable in a
    key), so that the document's other keys compare by identity instead of in depth again."""

    __slots__ = ("hash", "record")

    def __init__(self, record: Hashable, by: Hashable) -> None:
        self.record = record
        self.hash = hash(by)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Hashed):
            return NotImplemented
        if self.record is other.record:
            return True
        if self.hash != other.hash or self.record != other.record:
            return False
        other.record = self.record
        return True

    def __repr__(self) -> str:
        return f"Hashed({self.record!r})"

