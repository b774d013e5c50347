"""stdout sent to a real file: plain, bounded, complete lines (what CI logs get)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import progbar
from itertools import count
clock_t = [0.0]
def clock():
    return clock_t[0]
bar = progbar.Progbar(10_000, clock=clock, stateful_metrics=["lr"])  # file=None: sys.stdout
for step in range(1, 10_001):
    clock_t[0] += 0.01               # 100 s of fake time
    bar.update(step, values=[("loss", 1.0), ("lr", 1e-3)])
"""


def test_log_file_is_clean_and_bounded(tmp_path: Path) -> None:
    log = tmp_path / "train.log"
    with log.open("w") as stdout:
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT],
            stdout=stdout,
            stderr=subprocess.PIPE,
            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).parent.parent)},
            check=False,
        )
    assert result.returncode == 0, result.stderr.decode()
    text = log.read_text()
    for control in ("\r", "\b", "\x1b"):
        assert control not in text
    lines = text.splitlines()
    # one line at the start, then at most one per log interval (10 s of 100 s), plus the last
    assert 2 <= len(lines) <= 12
    assert text.endswith("\n")
    assert lines[-1] == (
        "10000/10000 [==============================] - 100s 10ms/step - loss: 1.0000"
        " - lr: 1.0000e-03"
    )
    assert all(line.startswith(" ") or line.startswith("10000/") for line in lines)
