"""Real chaptered books (tests/data/books) in several channel copies, with the truth about them.

`source` parses a fetched book into `Book`/`Chapter` records, `wrap` holds the typesetting helpers,
`sheet` writes one file and notes where each chapter's copy stands in it, `channels` renders a book
as a PDF extraction, a DocBook text export, web pages and a Word export (and writes truth.json),
`grading` compares an edition with that truth, and
`bench` times a 600,000-character book in four copies (`python -m tests.corpora.books.bench`).
"""
