"""The bar in a real pseudo-terminal, read back as the user sees it (pyte)."""

from __future__ import annotations

import re
import sys

import pytest
import wcwidth
from harness import run_in_pty

from progbar._core.line import TIME_CELLS

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")

TRAINING = """
import progbar
bar = progbar.Progbar(250, interval=0.0)
for step in range(1, 251):
    bar.update(step, values=[("loss", 1.0 / step), ("accuracy", step / 250)])
print("after")
"""


@pytest.mark.parametrize("columns", [80, 30])
def test_one_line_redrawn_in_place_then_finished(columns: int) -> None:
    run = run_in_pty(TRAINING, columns=columns, rows=6)
    assert run.returncode == 0
    lines = run.lines
    # the whole run occupies one line (plus, when narrow, the finished line's continuation
    # rows), then the next print starts below it
    assert lines[0].startswith("250/250 [")
    after = lines.index("after")
    assert all(re.match(r"^ +- (loss|accuracy): ", line) for line in lines[1:after]), lines
    assert after == 1 or columns < 80
    assert all(line == "" for line in lines[after + 1 :])
    # many frames were drawn, each carriage-returned, none longer than the terminal
    frames = run.output.decode().replace("\r\n", "\n").split("\r")
    assert len(frames) > 10
    for frame in frames:
        for part in frame.split("\n"):
            assert wcwidth.width(part) <= columns


# the finished line shows the epoch's averages, each step weighing one (docs/training.md)
LOSS = "%.4f" % (sum(1.0 / step for step in range(1, 251)) / 250)
ACCURACY = "%.4f" % (sum(step / 250 for step in range(1, 251)) / 250)
FULL = re.compile(
    rf"^250/250 \[(=+)\] - 0s \d+us/step - loss: {LOSS} - accuracy: {ACCURACY}$".replace(".", r"\.")
)


def test_wide_terminal_shows_the_whole_keras_line() -> None:
    match = FULL.match(run_in_pty(TRAINING, columns=100, rows=4).lines[0])
    assert match is not None
    assert len(match.group(1)) == 30


def test_eighty_columns_shrink_the_bar_and_keep_the_metrics() -> None:
    line = run_in_pty(TRAINING, columns=80, rows=4).lines[0]
    match = FULL.match(line)
    assert match is not None, line
    # the bar took exactly the room that was left beside a time of TIME_CELLS (step times
    # vary in length; a finished line's bar must not)
    time = re.search(r" - 0s \d+us/step", line)
    assert time is not None
    assert len(line) == 80 - max(TIME_CELLS - len(time.group(0)), 0), line
    assert 6 <= len(match.group(1)) < 30


def test_thirty_columns_keep_count_and_time() -> None:
    lines = run_in_pty(TRAINING, columns=30, rows=6).lines
    assert all(len(line) <= 30 for line in lines)
    # the bar at its floor and the time per step do not both fit: the time per step goes
    assert re.match(r"^250/250 \[=+\] - 0s$", lines[0]), lines
    assert lines[1:3] == [f"        - loss: {LOSS}", f"        - accuracy: {ACCURACY}"]


def test_unknown_target_in_a_terminal() -> None:
    code = """
import progbar
with progbar.Progbar(None, interval=0.0) as bar:
    for step in range(1, 121):
        bar.update(step)
"""
    run = run_in_pty(code, columns=50, rows=3)
    assert run.lines[0].startswith("    120/Unknown - ")
    assert run.lines[0].endswith("/step")
    assert run.lines[1] == ""
