"""Nested loops share one live region: every level visible while running, one line left.

A ``track()`` started while another ``track()`` loop runs on the same
output is its child: it is drawn indented below its parent, in the same
frame, and its line goes away when it finishes (``leave=None``) while the
parent's final line stays. Checked on a real pty read through pyte (with
its scrollback) and in tmux, and in-process for the ``leave=`` choices.
"""

from __future__ import annotations

import re
import sys

import pyte
import pytest
from harness import FakeClock, TtyStringIO, run_in_pty_interrupted, screen_of
from harness.terminals import (
    BAR_LINE,
    SYNC_BEGIN,
    SYNC_END,
    PtyResult,
    all_lines,
    bar_rows,
    column_of,
    frames,
    history_screen,
    needs_tmux,
    normalized,
    run_pty,
    run_tmux,
)

import progbar
from progbar import Progbar

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")

NESTED = """
import time, progbar
print("start")
for epoch in progbar.track(range(2), description="epoch"):
    for phase in progbar.track(range(3), description="phase"):
        for batch in progbar.track(range(20), description="batch"):
            time.sleep(0.01)
print("end")
"""
"""2 x 3 x 20 loops lasting about 1.2 s: the issue's nested case."""


@pytest.fixture(scope="module")
def nested_run() -> PtyResult:
    """The scene run once on a pty, for the tests that read it."""
    return run_pty(NESTED, columns=80, rows=24)


ROOT_DONE = re.compile(r"epoch 2/2 \[={30}\] - \d+s \d+(us|ms|s)/step")


def _levels(rows: list[str]) -> dict[str, tuple[int, int]]:
    """Label -> (row, column) of each bar line on screen."""
    return {m.group("label"): (y, column_of(m)) for y, m in bar_rows(rows) if m.group("label")}


@pytest.mark.slow
def test_nested_loops_on_a_pty_show_every_level_in_one_frame(nested_run: PtyResult) -> None:
    run = nested_run
    assert run.returncode == 0, run.output[-500:]
    shown = [_levels(frame.rows) for frame in frames(run.output, 80, 24)]
    assert shown, "no synchronized-update frame: the bars are not drawn as one region"
    together = [levels for levels in shown if {"epoch", "phase", "batch"} <= set(levels)]
    assert together, f"no frame shows the three levels at once; frames showed {shown[:5]}"
    for levels in together:
        (y_epoch, x_epoch), (y_phase, x_phase), (y_batch, x_batch) = (
            levels["epoch"],
            levels["phase"],
            levels["batch"],
        )
        assert y_epoch + 1 == y_phase and y_phase + 1 == y_batch  # each child right below
        assert x_epoch < x_phase < x_batch  # and indented under its parent
    # the outer bar never disappears while an inner one runs (it does on today's main)
    hidden = [levels for levels in shown if "batch" in levels and "epoch" not in levels]
    assert not hidden, f"{len(hidden)} frames show a batch bar without its epoch bar"
    # at the end: the prints and the root's final line, in scrollback and on screen
    lines = [line for line in run.lines if line]
    assert lines[0] == "start" and lines[-1] == "end", lines
    assert len(lines) == 3, lines
    assert ROOT_DONE.fullmatch(lines[1]), lines[1]


@pytest.mark.slow
@needs_tmux
def test_nested_loops_leave_the_same_lines_in_tmux(nested_run: PtyResult) -> None:
    tmux = run_tmux(NESTED, columns=80, rows=24)
    pty = nested_run
    assert tmux.returncode == 0 and pty.returncode == 0
    in_tmux = [normalized(line) for line in tmux.lines if line]
    in_pty = [normalized(line) for line in pty.lines if line]
    assert in_tmux == in_pty
    assert len(in_tmux) == 3, in_tmux  # start, the root's final line, end


EXPLICIT_PARENT = """
import time
from progbar import Progbar
files = Progbar(3, description="files")
for name in "abc":
    part = Progbar(40, description=f"file {name}", parent=files)
    for _ in range(40):
        time.sleep(0.005)
        part.add(1)
    files.add(1)
"""


@pytest.mark.slow
def test_explicit_parent_nests_and_the_finished_child_goes_away() -> None:
    run = run_pty(EXPLICIT_PARENT, columns=80, rows=12)
    assert run.returncode == 0, run.output[-500:]
    shown = [_levels(frame.rows) for frame in frames(run.output, 80, 12)]
    nested = [levels for levels in shown if "files" in levels and "file b" in levels]
    assert nested, f"no frame shows the parent with its child; frames showed {shown[:5]}"
    (y_files, x_files), (y_part, x_part) = nested[0]["files"], nested[0]["file b"]
    assert y_part == y_files + 1 and x_part > x_files
    lines = [line for line in run.lines if line]
    assert len(lines) == 1 and lines[0].startswith("files 3/3 ["), lines


@pytest.mark.slow
def test_ctrl_c_leaves_whole_lines_and_the_cursor_below_the_region() -> None:
    code = """
    import time, progbar
    for epoch in progbar.track(range(2), description="epoch"):
        for batch in progbar.track(range(400), description="batch"):
            time.sleep(0.01)
    """
    run = run_in_pty_interrupted(code, wait_for=SYNC_END, columns=80, rows=24)
    assert b"KeyboardInterrupt" in run.output, "the run ended before a region frame was drawn"
    screen = history_screen(80, 24)  # a signal inside a write makes a long traceback: scrollback
    pyte.ByteStream(screen).feed(run.output)
    lines = [line for line in all_lines(screen) if line]
    top = lines.index("Traceback (most recent call last):")
    assert lines[-1] == "KeyboardInterrupt"
    bars = lines[:top]
    assert bars, lines
    for line in bars:  # whole lines only: no fragment of a half-erased region
        assert BAR_LINE.fullmatch(line), line
    labels = [BAR_LINE.fullmatch(line).group("label") for line in bars]
    assert len(labels) == len(set(labels)), bars  # no stale copy of a bar
    assert run.screen.cursor.x == 0


# -- leave=, in-process on a fake terminal ------------------------------------------------------


def _final(stream: TtyStringIO) -> list[str]:
    return [row.rstrip() for row in screen_of(stream.getvalue(), rows=12).display if row.strip()]


def _nested(stream: TtyStringIO, clock: FakeClock, **inner: object) -> None:
    options: dict[str, object] = {"file": stream, "display": "tty", "clock": clock}
    for _ in progbar.track(range(2), description="epoch", **options):
        for _ in progbar.track(range(3), description="batch", **options, **inner):
            clock.tick(0.1)


def test_by_default_only_the_root_line_stays(tty_stream: TtyStringIO, clock: FakeClock) -> None:
    _nested(tty_stream, clock)
    assert len(_final(tty_stream)) == 1, _final(tty_stream)
    assert _final(tty_stream)[0].startswith("epoch 2/2 [")


def test_leave_true_keeps_each_finished_nested_line(
    tty_stream: TtyStringIO, clock: FakeClock
) -> None:
    _nested(tty_stream, clock, leave=True)
    lines = _final(tty_stream)
    matches = [BAR_LINE.fullmatch(line) for line in lines]
    assert all(matches), lines
    assert [(m.group("label"), m.group("n"), m.group("total")) for m in matches if m] == [
        ("batch", "3", "3"),
        ("batch", "3", "3"),
        ("epoch", "2", "2"),
    ]


def test_leave_false_on_the_root_leaves_nothing(tty_stream: TtyStringIO, clock: FakeClock) -> None:
    with Progbar(
        5, description="gone", leave=False, file=tty_stream, display="tty", clock=clock
    ) as bar:
        for _ in range(5):
            clock.tick(0.1)
            bar.add(1)
    assert _final(tty_stream) == []


@pytest.mark.slow
def test_a_single_bar_still_draws_one_line_with_carriage_returns() -> None:
    run = run_pty(
        """
        import time
        from progbar import Progbar
        bar = Progbar(50)
        for step in range(1, 51):
            bar.update(step)
            time.sleep(0.004)
        """
    )
    assert run.returncode == 0, run.output[-500:]
    assert SYNC_BEGIN not in run.output and b"\x1b[" not in run.output  # no region machinery
    assert run.output.count(b"\r") >= 3  # redrawn in place, as Keras does
    assert [line for line in run.lines if line] == [run.lines[0]]
    assert re.fullmatch(r"50/50 \[={30}\] - \d+s \d+(us|ms|s)/step", run.lines[0]), run.lines
