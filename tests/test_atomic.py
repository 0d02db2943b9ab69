"""prepare writes into a temporary folder and swaps it in: a run killed halfway leaves the old output."""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
import time
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_killed_prepare_leaves_previous_output_intact(tmp_path: Path) -> None:
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "build_tools", "prepare", str(SEEDS), str(out), "-q"], check=True,
                   capture_output=True)
    before = tree_digest(out)
    # A bigger input, so that the second run is still working when it is killed.
    big = tmp_path / "big"
    big.mkdir()
    for n in range(60):
        for seed in SEEDS.glob("*.txt"):
            (big / f"{n:03d}-{seed.name}").write_bytes(seed.read_bytes())
    process = subprocess.Popen([sys.executable, "-m", "build_tools", "prepare", str(big), str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(2.5)
    assert process.poll() is None, "the big run finished before it could be killed; make the input bigger"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert tree_digest(out) == before
    # The next run finishes the job and clears what the killed run left behind.
    subprocess.run([sys.executable, "-m", "build_tools", "prepare", str(SEEDS), str(out), "-q"], check=True,
                   capture_output=True)
    assert tree_digest(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
