"""Golden file: the edition.json of the small golden corpus (tests/golden/input), compared byte for byte.

The file is the public contract (README, "`edition.json`"), written by the command as users run it:
`python -m build_tools prepare tests/golden/input OUT -q`. After an intended change to the contract,
regenerate with `UPDATE_GOLDEN=1 pytest tests/golden`, review the diff in git and update the schema
(build_tools/schemas/edition.schema.json) and the README with it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import validated

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "expected_edition.json"


def test_edition_json_matches_golden_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "build_tools", "prepare", str(HERE / "input"), str(out), "-q"],
                            capture_output=True, text=True, check=False, cwd=HERE.parents[1])
    assert result.returncode == 0, result.stderr
    text = (out / "edition.json").read_text(encoding="utf-8")
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    assert json.loads(text) == json.loads(expected)  # a readable diff of the data first
    assert text == expected  # then the serialisation (UTF-8 text, not \u escapes; one-space indent)


def test_golden_edition_json_matches_the_schema() -> None:
    data = validated(json.loads(GOLDEN.read_text(encoding="utf-8")))
    # The golden corpus exercises the parts of the contract a reader checks first.
    (doc,) = data["documents"]
    assert [w["coverage"] for w in doc["witnesses"]] == ["complete", "truncated"]
    assert doc["variants"] and data["removed"]
