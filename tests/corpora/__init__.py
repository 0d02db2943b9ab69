"""Seeded corpora made of real sentences, with damaged copies and the truth about them.

`pool` reads the seeds into sentences, `documents` composes true documents from them, `damage` holds
what is done to a copy and how a collector's file looks, `corpus` writes the copies into source files
with their truth, and `grading` compares the pipeline's grouping with that truth (per witness, per
document, per kind of damage). The honest profile (`honest`, with `honest_damage`) adds documents made
of texts written by others (`pools`: a novel, a translated manual, encyclopedic prose, poems) and the
damage other people's files have.
"""
