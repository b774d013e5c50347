"""Regressions from the attack on 0.1.0 that live in the bar and its screen (issue 19).

Each fault is produced for real: real signals in a child process (a hang is a
timeout), real garbage collection, a real exception ending a ``with`` block.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap

import pytest
from harness import (
    FakeClock,
    TtyStringIO,
    only_new_garbage,
    run_in_pty_interrupted,
    screen_of,
)

import progbar
from progbar import Progbar
from progbar._output.screen import live_screens


def _run(code: str, timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,  # a deadlock fails the test here instead of hanging the suite
        check=False,
    )


@pytest.mark.slow
def test_a_signal_handler_reporting_progress_with_values_does_not_deadlock() -> None:
    out = _run(
        """
        import signal, progbar
        bar = progbar.Progbar(None, display="silent")
        calls = []
        def report(signum, frame):
            calls.append(1)
            bar.add(1, values=[("from_handler", 1.0)])
        signal.signal(signal.SIGALRM, report)
        signal.setitimer(signal.ITIMER_REAL, 0.0005, 0.0005)
        for i in range(200_000):
            bar.update(i, values=[("loss", 1.0), ("acc", 0.5), ("lr", 0.1)])
            if len(calls) > 200:
                break
        signal.setitimer(signal.ITIMER_REAL, 0)
        print("ok", len(calls) > 0, sorted(bar.metrics))
        """
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[:2] == ["ok", "True"]


@pytest.mark.slow
def test_keyboard_interrupts_landing_in_add_never_leave_a_lock_held() -> None:
    out = _run(
        """
        import signal, progbar
        bar = progbar.Progbar(None, display="silent")
        armed = [False]
        def interrupt(signum, frame):  # Ctrl-C, landing only inside the loop below
            if armed[0]:
                armed[0] = False
                raise KeyboardInterrupt
        signal.signal(signal.SIGALRM, interrupt)
        signal.setitimer(signal.ITIMER_REAL, 0.0003, 0.0003)
        interrupted = 0
        while interrupted < 300:
            try:
                armed[0] = True
                while True:
                    bar.add(1, values=[("loss", 0.5)])
            except KeyboardInterrupt:  # a loop that saves a checkpoint on Ctrl-C and goes on
                interrupted += 1
        signal.setitimer(signal.ITIMER_REAL, 0)
        bar.add(1, values=[("loss", 0.5)])  # blocked for ever on 0.1.0
        bar.update(bar.current + 1, values=[("loss", 0.5)])
        print("ok")
        """
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_a_bar_dropped_without_close_leaves_the_screen_and_keeps_its_line(
    clock: FakeClock,
) -> None:
    stream = TtyStringIO()
    before = len(live_screens())

    def keras_style_early_stop() -> None:
        bar = Progbar(100, file=stream, display="tty", clock=clock)
        bar.update(37)  # then the loop stops early: no close(), the bar goes out of scope

    with only_new_garbage():  # a full collection takes 0.5 s late in the suite
        keras_style_early_stop()
        gc.collect()
    progbar.write("after", file=stream)
    screen = screen_of(stream.getvalue())
    assert screen.display[0].startswith(" 37/100 [")  # its last line stays as it was
    assert screen.display[1].rstrip() == "after"
    assert " 37/100 [" not in stream.getvalue().split("after")[1]  # never redrawn below it
    assert len(live_screens()) == before  # the registry does not grow


@pytest.mark.slow
def test_ctrl_c_in_a_keras_style_loop_does_not_glue_the_traceback_to_the_bar() -> None:
    code = """
        import time
        from progbar import Progbar
        bar = Progbar(100)
        for step in range(1, 101):
            time.sleep(0.05)
            bar.update(step)
        """
    run = run_in_pty_interrupted(code, wait_for=b"/100 [", columns=100, rows=60)
    lines = [line for line in run.lines if line]
    bar_line = next(i for i, line in enumerate(lines) if "/100 [" in line)
    assert "Traceback" not in lines[bar_line]
    assert lines[bar_line + 1].startswith("Traceback")
    assert lines[-1] == "KeyboardInterrupt"


class _Unformattable(str):
    """A user's str subclass whose formatting fails: an internal fault, produced for real."""

    def __format__(self, spec: str) -> str:
        raise RuntimeError("boom")


def test_a_drawing_fault_in_close_never_replaces_the_users_exception(clock: FakeClock) -> None:
    bar = Progbar(10, file=TtyStringIO(), display="tty", clock=clock)

    def users_block() -> None:
        with bar:
            bar.update(3)
            bar.description = _Unformattable("label")
            raise ValueError("mine")

    with pytest.warns(RuntimeWarning, match="boom"), pytest.raises(ValueError, match="mine"):
        users_block()
    assert bar.closed and bar.current == 3


def test_a_drawing_fault_warns_once_and_the_counts_go_on(clock: FakeClock) -> None:
    bar = Progbar(10, file=TtyStringIO(), display="tty", clock=clock)
    bar.description = _Unformattable("label")

    def loop() -> None:
        for i in range(1, 10):
            clock.tick(1)
            bar.update(i)
        bar.close()

    with pytest.warns(RuntimeWarning) as caught:
        loop()
    assert len(caught) == 1 and bar.current == 9


@pytest.mark.parametrize("method", ["update", "add"])
def test_a_count_too_big_for_the_rate_is_a_value_error_naming_it(method: str) -> None:
    bar = Progbar(None, display="silent")
    with pytest.raises(ValueError, match="current" if method == "update" else "n"):
        getattr(bar, method)(10**400)
    bar.update(5)  # still works
    assert bar.current == 5


def test_keras3_draws_keras3s_own_twenty_cells(clock: FakeClock) -> None:
    stream = TtyStringIO()
    bar = Progbar(10, file=stream, display="tty", clock=clock, look="keras3", color=False)
    bar.update(5)
    assert bar.width == 20
    assert "━" * 10 + "─" * 10 in stream.getvalue()


def test_a_half_consumed_track_loop_stops_being_redrawn(clock: FakeClock) -> None:
    from progbar._output import refresher

    tracked = progbar.track(range(100), file=TtyStringIO(), display="tty", clock=clock)
    it = iter(tracked)
    next(it)  # the loop is suspended here, the generator still referenced
    clock.tick(3)
    assert tracked.bar._refresh()  # a slow item: still live
    clock.tick(refresher.STALE_LOOP + 1)
    assert not tracked.bar._refresh()  # left alone: the program has moved on
    del it
