"""Seeded corpora made of the seeds' real sentences, with damaged copies and the truth about them.

`pool` reads the seeds into sentences, `documents` composes true documents from them, `damage` holds
what is done to a copy and how a collector's file looks, `corpus` writes the copies into source files
with their truth, and `grading` compares the pipeline's grouping with that truth.
"""
