"""Rebuild a witness's text from edition.json alone: the check that the apparatus is complete."""

from __future__ import annotations

from typing import Any


def witness_lines(edition: dict[str, Any], document_id: str, siglum: str) -> list[tuple[int, str]]:
    """(first source line, text) of each paragraph of one witness, in order, from edition.json data."""
    doc = next(d for d in edition["documents"] if d["id"] == document_id)
    lines: list[tuple[int, str]] = []
    for paragraph in doc["paragraphs"]:
        for span in paragraph["spans"]:
            if span["siglum"] == siglum:
                lines.append((span["first_line"], paragraph["text"]))
    return lines
