"""Published JSON Schemas of the program's output.

`edition.schema.json` (JSON Schema draft 2020-12) describes `edition.json`, the public contract written
by `python -m build_tools prepare` (see the README, section "`edition.json`"). It ships with the package
(package data), so code and tests find it by `SCHEMA_PATH` or load it with `load_schema()`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).resolve().parent / "edition.schema.json"


def load_schema() -> dict[str, Any]:
    """The edition.json schema as a dict."""
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema
