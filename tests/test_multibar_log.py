"""Nested loops into a real log file: few plain lines that name the running nested bars.

Off a terminal there is no region to redraw: each root bar writes one line
per ``log_interval`` naming its active nested bars (``epoch 1/2 > batch
13/20 ...``) and its final line, never ``\\r`` or an escape sequence. 34
inner loops must not give 34 (or 68) lines.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import progbar

class Clock:
    now = 0.0
    def __call__(self):
        return self.now

clock = Clock()
for epoch in progbar.track(range(2), description="epoch", clock=clock):
    for chunk in range(17):
        for batch in progbar.track(range(30), description="batch", clock=clock):
            clock.now += 0.1  # 2 x 17 x 30 steps of 0.1 s: 102 s of fake time, 3 s loops
print("done")
"""

NESTED = re.compile(r"epoch +[0-2]/2\b.* > .*batch +(?P<n>\d+)/30\b")


def test_nested_loops_in_a_log_file_are_few_plain_lines(tmp_path: Path) -> None:
    log = tmp_path / "train.log"
    with log.open("w") as stdout:
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT],
            stdout=stdout,
            stderr=subprocess.PIPE,
            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).parent.parent)},
            check=False,
            timeout=60,
        )
    assert result.returncode == 0, result.stderr.decode()
    text = log.read_text()
    for control in ("\r", "\b", "\x1b"):
        assert control not in text
    lines = text.splitlines()
    # one line per 10 s log interval for the root (102 s), its start and final lines
    assert len(lines) <= 14, f"{len(lines)} lines for 34 inner loops:\n" + "\n".join(lines[:20])
    nested = [m for m in map(NESTED.search, lines) if m]
    assert len(nested) >= 3, f"no line names the running batch bar:\n{text}"
    # the lines fall at 10 s marks, at different points of the 3 s inner loops: each line
    # shows how far the running inner loop is at that moment, not where it started
    counts = {m.group("n") for m in nested}
    assert len(counts) >= 3, f"the batch counts hardly move:\n{text}"
    assert lines[-1] == "done"
    assert re.fullmatch(r"epoch 2/2 \[={30}\] - 102s 51s/step", lines[-2]), lines[-2]
