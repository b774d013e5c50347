"""Faults on the output never reach the user's loop: real pipes, real full disks, real closed files.

Each test runs the loop to its end and checks that the bar's numbers (count,
rate, ETA) are exactly those of an identical bar whose output never failed.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path
from typing import Callable

import pytest
from harness import FakeClock, TtyStringIO

from progbar import Progbar
from progbar._output.safe_stream import StreamWriter

STEPS = 100


def run_beside_reference(
    make: Callable[[FakeClock], Progbar], fault_at: int, fault: Callable[[], object]
) -> tuple[Progbar, Progbar, int]:
    """Drive ``make(clock)`` and a silent twin through the same steps; inject ``fault``."""
    clock, twin_clock = FakeClock(), FakeClock()
    bar = make(clock)
    twin = Progbar(STEPS, display="silent", interval=0, clock=twin_clock)
    ran = 0
    for step in range(1, STEPS + 1):
        if step == fault_at:
            fault()
        clock.tick(0.25)
        twin_clock.tick(0.25)
        bar.update(step, values=[("loss", 1.0 / step)])
        twin.update(step, values=[("loss", 1.0 / step)])
        if step == STEPS // 2:
            assert (bar.current, bar.rate, bar.eta) == (twin.current, twin.rate, twin.eta)
        ran = step
    bar.close()
    return bar, twin, ran


def assert_same_numbers(bar: Progbar, twin: Progbar) -> None:
    assert bar.current == twin.current == STEPS
    assert bar.rate is not None
    assert bar.rate == twin.rate
    assert bar.eta == twin.eta == 0.0


@pytest.mark.slow
def test_piped_into_head_exits_cleanly() -> None:
    """``python script.py | head -1``: status 0, no traceback, the loop finishes."""
    child = textwrap.dedent(
        """
        import select, sys
        from progbar import Progbar
        bar = Progbar(1000, log_interval=0, interval=0)   # stdout is a pipe: log lines
        bar.update(1)
        poll = select.poll()
        poll.register(sys.stdout.fileno(), select.POLLERR)
        poll.poll(30_000)                # returns once head has read its line and gone
        for i in range(2, 1001):
            bar.update(i)
        print(f"loop done at {bar.current}", file=sys.stderr)
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROGBAR_")}
    producer = subprocess.Popen(
        [sys.executable, "-c", child], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    head = subprocess.Popen(["head", "-1"], stdin=producer.stdout, stdout=subprocess.PIPE)
    assert producer.stdout is not None and producer.stderr is not None
    producer.stdout.close()  # head alone holds the read end now, as in a shell pipeline
    first_line, _ = head.communicate(timeout=60)
    errors = producer.stderr.read().decode()
    producer.stderr.close()
    assert producer.wait(timeout=60) == 0, errors
    assert first_line.decode().startswith("   1/1000 [")
    assert "loop done at 1000" in errors
    assert "Traceback" not in errors
    assert "Exception ignored" not in errors
    assert errors.count("progbar: output disabled") == 1, errors


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
def test_full_disk_disables_the_display_once_and_the_loop_goes_on() -> None:
    full = open("/dev/full", "w", encoding="utf-8")  # noqa: SIM115  # every flush: ENOSPC
    with full, pytest.warns(RuntimeWarning, match="output disabled.*No space left") as caught:
        bar, twin, ran = run_beside_reference(
            lambda clock: Progbar(
                STEPS, file=full, display="log", log_interval=0, interval=0, clock=clock
            ),
            fault_at=1,
            fault=lambda: None,
        )
    # leaving ``with open(...)`` flushed and closed the file without raising
    assert len(caught) == 1
    assert caught[0].filename == __file__  # the warning points at the user's line
    assert ran == STEPS
    assert_same_numbers(bar, twin)


def test_stream_closed_mid_loop() -> None:
    stream = TtyStringIO()
    with pytest.warns(RuntimeWarning, match="output disabled.*closed file") as caught:
        bar, twin, ran = run_beside_reference(
            lambda clock: Progbar(STEPS, file=stream, display="tty", interval=0, clock=clock),
            fault_at=STEPS // 3,
            fault=stream.close,
        )
    assert len(caught) == 1
    assert ran == STEPS
    assert_same_numbers(bar, twin)


def test_real_file_closed_mid_loop(tmp_path: Path) -> None:
    log = open(tmp_path / "train.log", "w", encoding="utf-8")  # noqa: SIM115
    with pytest.warns(RuntimeWarning, match="output disabled") as caught:
        bar, twin, ran = run_beside_reference(
            lambda clock: Progbar(
                STEPS, file=log, display="log", log_interval=0, interval=0, clock=clock
            ),
            fault_at=10,
            fault=log.close,
        )
    assert len(caught) == 1
    assert ran == STEPS
    assert_same_numbers(bar, twin)
    lines = (tmp_path / "train.log").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 9 and lines[-1].startswith("  9/100 [")  # what got out, got out whole


def test_ascii_only_stream_keeps_drawing() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii", errors="strict", write_through=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        bar, twin, ran = run_beside_reference(
            lambda clock: Progbar(
                STEPS,
                file=stream,
                display="tty",
                interval=0,
                clock=clock,
                look="keras3",
                description="日本語 ✓",
            ),
            fault_at=1,
            fault=lambda: None,
        )
    assert len(caught) <= 1  # at most one note that characters were replaced
    assert ran == STEPS
    assert_same_numbers(bar, twin)
    text = raw.getvalue().decode("ascii")  # nothing but ASCII went out
    assert f"{STEPS}/{STEPS}" in text.splitlines()[-1]


def test_writer_replaces_what_the_stream_cannot_encode_and_warns_once() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii", errors="strict", write_through=True)
    writer = StreamWriter(stream)
    with pytest.warns(RuntimeWarning, match="cannot encode") as caught:
        list(map(writer.write, ["━━━ 日本 1/2\n", "━━━ 日本 2/2\n"]))
    assert len(caught) == 1
    assert raw.getvalue() == b"??? ?? 1/2\n??? ?? 2/2\n"
    assert not writer.broken


class ExplodingStream(io.StringIO):
    """A user's stream that fails in a way no OS error describes."""

    def write(self, text: str) -> int:
        raise RuntimeError("logging backend is down")


def test_any_error_from_a_users_stream_is_contained() -> None:
    with pytest.warns(RuntimeWarning, match="logging backend is down") as caught:
        bar, twin, ran = run_beside_reference(
            lambda clock: Progbar(
                STEPS, file=ExplodingStream(), display="log", log_interval=0, clock=clock
            ),
            fault_at=1,
            fault=lambda: None,
        )
    assert len(caught) == 1
    assert ran == STEPS
    assert_same_numbers(bar, twin)


def test_write_and_close_after_a_fault_do_not_raise() -> None:
    stream = TtyStringIO()
    bar = Progbar(10, file=stream, display="tty", interval=0, clock=FakeClock())
    bar.update(3)
    stream.close()

    def carry_on() -> None:
        bar.update(4)
        bar.write("a message for a closed stream")
        bar.close()

    with pytest.warns(RuntimeWarning, match="output disabled"):
        carry_on()
    assert bar.current == 4


@pytest.mark.slow
def test_no_stdout_at_all() -> None:
    """``pythonw`` and some services run with ``sys.stdout = None``: the bar stays quiet."""
    code = textwrap.dedent(
        """
        import sys
        sys.stdout = None
        from progbar import Progbar, write
        bar = Progbar(50, interval=0)
        for i in range(1, 51):
            bar.update(i)
        bar.write("message")
        write("module message")
        bar.close()
        print(f"ok {bar.current}", file=sys.stderr)
        """
    )
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == "ok 50\n"
