"""More bars than the terminal has rows, and many bars updated very often.

The region is at most ``rows - 1`` rows: the bars that do not fit are
counted in a summary row (``... 7 more running``), and nothing live ever
scrolls into the scrollback; only finished lines and written lines do. The
region is redrawn as a whole, at most about 10 times a second however many
bars update: frames are counted by their synchronized-update markers in the
raw bytes, against the run time the script measured itself.
"""

from __future__ import annotations

import re
import sys

import pytest
from harness.terminals import (
    SYNC_BEGIN,
    PtyResult,
    bar_rows,
    frames,
    needs_tmux,
    normalized,
    run_pty,
    run_tmux,
    scrolled_off,
)

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals"),
    pytest.mark.slow,
]

FORTY = """
import time, progbar
from progbar import Progbar

bars = [Progbar(40 + i, description=f"bar {i:02}") for i in range(40)]
for step in range(1, 80):
    for bar in bars:
        if not bar.finished:
            bar.add(1)
    if step % 10 == 0:
        progbar.write(f"note {step}")
    time.sleep(0.015)
"""
"""40 bars, bar ``i`` finishing at step ``40 + i``, on a 24-row terminal; about 1.3 s."""


@pytest.fixture(scope="module")
def forty_run() -> PtyResult:
    """The scene run once on a pty, for the tests that read it."""
    return run_pty(FORTY, columns=80, rows=24)


SUMMARY = re.compile(r"\W*(\.\.\.|\N{HORIZONTAL ELLIPSIS}) (?P<n>\d+) more running\W*")
FINAL = re.compile(r"bar (?P<i>\d\d) (?P<n>\d+)/(?P=n) \[={30}\] - \d+s \d+(us|ms|s)/step")
NOTES = [f"note {step}" for step in range(10, 80, 10)]


def _live_rows(rows: list[str]) -> int:
    return sum(1 for _, m in bar_rows(rows) if m.group("tail").startswith("ETA"))


def test_forty_bars_on_24_rows_keep_a_region_of_23_rows_with_a_summary(
    forty_run: PtyResult,
) -> None:
    run = forty_run
    assert run.returncode == 0, run.output[-500:]
    seen = list(frames(run.output, 80, 24))
    assert seen, "no synchronized-update frame: the bars are not drawn as one region"
    summaries = []
    for frame in seen:
        rows = [row for row in frame.rows if SUMMARY.fullmatch(row)]
        assert len(rows) <= 1, rows
        live = _live_rows(frame.rows)
        assert live + len(rows) <= 23, frame.rows
        if rows:
            summaries.append(live + int(SUMMARY.fullmatch(rows[0]).group("n")))
    # while all forty run, the visible bars and the summary's count add up to forty
    assert 40 in summaries, f"no frame accounts for the 40 running bars: {summaries[:5]}"
    # only finished lines and written lines ever scrolled off the top
    for line in scrolled_off(run.screen):
        assert FINAL.fullmatch(line) or line in NOTES, f"a live row scrolled away: {line!r}"
    lines = [line for line in run.lines if line]
    assert sorted(m.group("i") for m in map(FINAL.fullmatch, lines) if m) == [
        f"{i:02}" for i in range(40)
    ]
    assert [line for line in lines if line.startswith("note")] == NOTES
    assert len(lines) == 40 + len(NOTES), [line for line in lines if not FINAL.fullmatch(line)]


@needs_tmux
def test_forty_bars_in_tmux_leave_the_same_scrollback(forty_run: PtyResult) -> None:
    tmux = run_tmux(FORTY, columns=80, rows=24)
    pty = forty_run
    assert tmux.returncode == 0 and pty.returncode == 0
    assert len([line for line in tmux.lines if line]) == 40 + len(NOTES)
    assert [normalized(line) for line in tmux.lines if line] == [
        normalized(line) for line in pty.lines if line
    ]
    live = [line for line in tmux.lines if "ETA" in line or SUMMARY.fullmatch(line)]
    assert not live, f"live rows left in tmux's scrollback: {live[:3]}"


BUSY = """
import time
from progbar import Progbar

t0 = time.monotonic()
bars = [Progbar(1500, description=f"bar {i:02}") for i in range(32)]
for step in range(1, 1501):
    for bar in bars:
        bar.update(step)
    ahead = t0 + step / 1000 - time.monotonic()  # 1,000 updates a second per bar
    if ahead > 0:
        time.sleep(ahead)
print(f"elapsed {time.monotonic() - t0:.3f}")
"""


def test_32_busy_bars_are_redrawn_at_most_about_20_times_a_second() -> None:
    run = run_pty(BUSY, columns=100, rows=40)
    assert run.returncode == 0, run.output[-500:]
    elapsed = float(re.search(rb"elapsed (\d+\.\d+)", run.output).group(1))
    count = run.output.count(SYNC_BEGIN)
    assert count >= 2, f"{count} synchronized-update frames: the bars are not one region"
    assert count <= 25 * elapsed + 2, f"{count} frames in {elapsed:.2f}s"
    # no bar is drawn more often than the region (its final line adds one)
    for i in range(32):
        drawn = run.output.count(f"bar {i:02} ".encode())
        assert drawn <= 25 * elapsed + 3, f"bar {i:02} drawn {drawn} times in {elapsed:.2f}s"
    # the region is redrawn as a whole: some frame shows all 32 bars
    assert any(len(bar_rows(frame.rows)) >= 32 for frame in frames(run.output, 100, 40))
