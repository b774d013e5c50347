"""Ctrl-C or any exception inside a bar leaves the terminal clean."""

from __future__ import annotations

import re

import pytest
from harness import FakeClock, TtyStringIO, run_in_pty_interrupted, screen_of

import progbar
from progbar import Progbar

BAR_LINE = re.compile(r" *\d+/1000 \[[=>.]{30}\] - \d+s( \d+(us|ms|s)/step)?( \^C cancelled)?")
"""A line cut short by Ctrl-C; inside ``with`` it ends with the ``cancelled`` mark (bar.state)."""

LOOP_IN_WITH = """
import sys, time
from progbar import Progbar
try:
    with Progbar(1000, interval=0) as bar:
        for i in range(1, 1001):
            bar.update(i)
            time.sleep(0.002)
except KeyboardInterrupt:
    sys.exit(130)
"""


@pytest.mark.slow
def test_ctrl_c_inside_with_ends_the_line() -> None:
    run = run_in_pty_interrupted(LOOP_IN_WITH, wait_for=b"/1000 [")
    assert run.returncode == 130, run.output[-300:]
    lines = [line for line in run.lines if line]
    assert len(lines) == 1, run.lines
    assert BAR_LINE.fullmatch(lines[0]), lines[0]  # the last line is whole...
    assert lines[0].endswith(" ^C cancelled")  # ...says how it ended...
    assert not lines[0].startswith("1000/1000")  # ...and does not claim completion
    assert (run.screen.cursor.x, run.screen.cursor.y) == (0, 1)  # ...and the cursor is below it
    assert not run.screen.cursor.hidden


@pytest.mark.slow
def test_uncaught_ctrl_c_traceback_starts_on_its_own_line() -> None:
    code = """
        import time
        from progbar import Progbar
        with Progbar(1000, interval=0) as bar:
            for i in range(1, 1001):
                bar.update(i)
                time.sleep(0.002)
        """
    # a tall terminal: Ctrl-C landing inside progbar's own frames makes a longer traceback,
    # which must not scroll the bar's row off the screen (rows=24 failed once on a loaded CI)
    run = run_in_pty_interrupted(code, wait_for=b"/1000 [", rows=200)
    assert run.returncode != 0
    lines = [line for line in run.lines if line]
    assert BAR_LINE.fullmatch(lines[0]), lines[0]
    assert lines[0].endswith(" ^C cancelled")
    assert lines[1] == "Traceback (most recent call last):"
    assert lines[-1] == "KeyboardInterrupt"
    assert run.screen.cursor.x == 0
    assert not run.screen.cursor.hidden


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(progbar, "track"), reason="track() is not written yet")
def test_ctrl_c_inside_track_ends_the_line() -> None:
    code = LOOP_IN_WITH.replace(
        """    with Progbar(1000, interval=0) as bar:
        for i in range(1, 1001):
            bar.update(i)
            time.sleep(0.002)""",
        """    import progbar
    for i in progbar.track(range(1000), interval=0):
        time.sleep(0.002)""",
    )
    run = run_in_pty_interrupted(code, wait_for=b"/1000 [")
    assert run.returncode == 130, run.output[-300:]
    lines = [line for line in run.lines if line]
    assert len(lines) == 1, run.lines
    assert BAR_LINE.fullmatch(lines[0]), lines[0]
    assert (run.screen.cursor.x, run.screen.cursor.y) == (0, 1)
    assert not run.screen.cursor.hidden


@pytest.mark.parametrize("error", [KeyboardInterrupt, ValueError, SystemExit])
def test_any_exception_in_with_ends_the_line_and_propagates(
    error: type[BaseException], clock: FakeClock
) -> None:
    stream = TtyStringIO()
    with pytest.raises(error), Progbar(100, file=stream, display="tty", clock=clock) as bar:
        for step in range(1, 101):
            clock.tick(0.1)
            bar.update(step)
            if step == 37:
                raise error()
    assert stream.getvalue().endswith("\n")
    screen = screen_of(stream.getvalue())
    assert screen.display[0].startswith(" 37/100 [")
    assert (screen.cursor.x, screen.cursor.y) == (0, 1)
    bar.close()  # idempotent: nothing more is written
    assert stream.getvalue().count("\n") == 1


def test_interrupt_during_a_write_is_repaired_by_close(clock: FakeClock) -> None:
    """An interrupt can land mid-draw; closing must still end the line properly."""

    class InterruptedOnce(TtyStringIO):
        armed = False

        def write(self, text: str) -> int:
            if self.armed:
                self.armed = False
                raise KeyboardInterrupt
            return super().write(text)

    stream = InterruptedOnce()
    bar = Progbar(10, file=stream, display="tty", clock=clock)
    with pytest.raises(KeyboardInterrupt), bar:
        bar.update(3)
        stream.armed = True
        clock.tick(1)
        bar.update(10)  # the final draw is interrupted before a byte is written
    screen = screen_of(stream.getvalue())
    assert screen.display[0].startswith("10/10 [")
    assert (screen.cursor.x, screen.cursor.y) == (0, 1)
