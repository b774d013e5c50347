"""Resizing the terminal under a live region: 80 -> 40 -> 100 columns mid-run.

The window is resized for real (``TIOCSWINSZ`` on the pty, which sends the
program ``SIGWINCH``; ``resize-window`` in tmux, which also reflows what it
holds). After each resize every row on screen must be a whole line that
fits the new width, no bar may show twice, and the end must hold just the
finished root lines.
"""

from __future__ import annotations

import sys
from collections import Counter

import pytest
from harness.terminals import (
    BAR_LINE,
    PtyResult,
    frames,
    needs_tmux,
    normalized,
    retried,
    run_pty,
    run_tmux,
)

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals"),
    pytest.mark.slow,
]

# The bars get the clock as an argument (an injected clock, not marked live), so no refresh
# thread draws while the script waits for the resize: every frame comes from the loop, and
# none can be written between tmux's re-wrap and the width the frame was laid out for (a
# race every terminal program has with an asynchronous terminal, not what is tested here).
RESIZED = """
import time, progbar
from progbar import Progbar

clock = time.monotonic
download = Progbar(300, description="download", clock=clock)
for epoch in progbar.track(range(3), description="epoch", clock=clock):
    if epoch:
        resize_point()  # 80 -> 40 before the second epoch, 40 -> 100 before the third
    for batch in progbar.track(range(100), description="batch", clock=clock):
        download.add(1)
        time.sleep(0.003)
print("end")
"""
WIDTHS = (40, 100)


@pytest.fixture(scope="module")
def resized_run() -> PtyResult:
    """The scene run once on a pty, for the tests that read it."""
    return run_pty(RESIZED, columns=80, rows=24, resizes=WIDTHS)


def _check_final(lines: list[str], columns: int) -> None:
    lines = [line for line in lines if line]
    assert len(lines) == 3, lines
    assert all(len(line) <= columns for line in lines)
    assert lines[-1] == "end"
    finals = [BAR_LINE.fullmatch(line) for line in lines[:2]]
    assert [m.group("label") if m else line for m, line in zip(finals, lines)] == [
        "download",
        "epoch",
    ]
    assert [m.group("n") for m in finals if m] == ["300", "3"]


def test_resizes_leave_only_whole_lines_on_a_pty(resized_run: PtyResult) -> None:
    run = resized_run
    assert run.returncode == 0, run.output[-500:]
    assert len(run.resized) == 2
    seen = list(frames(run.output, 80, 24, run.resized))
    assert seen, "no synchronized-update frame: the bars are not drawn as one region"
    after = [frame for frame in seen if frame.end > run.resized[0][0]]
    assert len(after) >= 2, "no region frame was drawn after the resizes"
    for frame in after:  # every row whole and each bar once, at 40 and at 100 columns
        rows = [row for row in frame.rows if row]
        partial = [row for row in rows if not BAR_LINE.fullmatch(row)]
        assert not partial, f"partial rows after a resize: {partial}"
        labels = Counter(m.group("label") for m in map(BAR_LINE.fullmatch, rows) if m)
        assert max(labels.values()) == 1, f"doubled rows after a resize: {rows}"
    _check_final(run.lines, 100)


@needs_tmux
def test_resizes_in_tmux_leave_the_same_lines(resized_run: PtyResult) -> None:
    def check() -> None:
        tmux = run_tmux(RESIZED, columns=80, rows=24, resizes=WIDTHS)
        assert tmux.returncode == 0, tmux.lines[-10:]
        _check_final(tmux.lines, 100)
        assert [normalized(line) for line in tmux.lines if line] == [
            normalized(line) for line in resized_run.lines if line
        ]

    retried(check)
