"""Capture, suspend and delay= in-process: real threads, a fake terminal stream, a fake clock."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
import threading

import pytest
from harness import FakeClock, TtyStringIO, screen_of

import progbar
from progbar import Progbar
from progbar._output import capture, owner


@pytest.fixture(autouse=True)
def _released() -> object:
    """Each test starts with no live region: bars other tests left live end here first."""
    owner.end_all(keep_ghosts=False)
    yield
    owner.end_all(keep_ghosts=False)


ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def visible_lines(raw: str) -> list[str]:
    """The lines a frame-by-frame stream leaves, escape codes and carriage returns removed."""
    lines = []
    for line in raw.split("\n"):
        line = ESCAPES.sub("", line)
        lines.append(line.rsplit("\r", 1)[-1].rstrip())
    return lines


@pytest.mark.slow  # 40,000 lines from 8 real threads
def test_eight_threads_printing_five_thousand_lines_each_lose_none() -> None:
    tty = TtyStringIO()
    clock = FakeClock()
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with contextlib.redirect_stdout(tty):
            bar = Progbar(10, file=tty, display="tty", clock=clock, interval=0)
            bar.update(1)  # the region is live: sys.stdout is captured from here on
            assert isinstance(sys.stdout, capture.CapturedStream)

            def talk(t: int) -> None:
                for k in range(5000):
                    print(f"t{t} n{k}")

            threads = [threading.Thread(target=talk, args=(t,)) for t in range(8)]
            for th in threads:
                th.start()
            for th in threads:
                th.join()
            bar.update(10)
            assert sys.stdout is tty  # released once the region emptied
    finally:
        sys.setswitchinterval(old)
    lines = visible_lines(tty.getvalue())
    said = [line for line in lines if line.startswith("t")]
    assert all(re.fullmatch(r"t\d n\d+", line) for line in said), [
        line for line in said if not re.fullmatch(r"t\d n\d+", line)
    ][:5]
    assert len(said) == 8 * 5000
    assert set(said) == {f"t{t} n{k}" for t in range(8) for k in range(5000)}
    for t in range(8):  # each thread's lines in its own order
        mine = [int(line.split("n")[1]) for line in said if line.startswith(f"t{t} ")]
        assert mine == sorted(mine)


def test_a_partial_line_waits_for_its_newline_per_thread() -> None:
    tty = TtyStringIO()
    clock = FakeClock()
    with contextlib.redirect_stdout(tty):
        bar = Progbar(10, file=tty, display="tty", clock=clock, interval=0)
        bar.update(1)
        print("main starts ", end="")
        worker = threading.Thread(target=lambda: print("from a thread"))
        worker.start()
        worker.join()
        print("and ends")
        bar.update(10)
    rows = [row.rstrip() for row in screen_of(tty.getvalue(), 60, 6).display if row.strip()]
    assert rows[:2] == ["from a thread", "main starts and ends"], rows


def test_the_stand_in_answers_as_the_stream_for_everything_else() -> None:
    tty = TtyStringIO()
    with contextlib.redirect_stdout(tty):
        bar = Progbar(10, file=tty, display="tty", clock=FakeClock(), interval=0)
        bar.update(1)
        proxy = sys.stdout
        assert isinstance(proxy, capture.CapturedStream)
        assert proxy.isatty() is True
        assert proxy.getvalue == tty.getvalue  # type: ignore[attr-defined]
        assert proxy.original is tty
        bar.close()
        assert sys.stdout is tty


def test_a_logging_handler_made_before_the_bar_is_captured_then_given_back() -> None:
    import logging

    tty = TtyStringIO()
    logger = logging.getLogger("progbar-test-capture")
    logger.propagate = False
    with contextlib.redirect_stderr(tty):
        handler = logging.StreamHandler(sys.stderr)  # holds the real stream itself
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        try:
            bar = Progbar(10, file=tty, display="tty", clock=FakeClock(), interval=0)
            bar.update(3)
            assert isinstance(handler.stream, capture.CapturedStream)
            logger.warning("a warning")
            bar.update(10)
            assert handler.stream is tty
        finally:
            logger.removeHandler(handler)
    rows = [row.rstrip() for row in screen_of(tty.getvalue(), 60, 6).display if row.strip()]
    assert rows[0] == "a warning", rows
    assert rows[1].startswith("10/10 ["), rows


def test_capture_can_be_turned_off_for_the_process() -> None:
    tty = TtyStringIO()
    try:
        progbar.set_capture(False)
        with contextlib.redirect_stdout(tty):
            bar = Progbar(10, file=tty, display="tty", clock=FakeClock(), interval=0)
            bar.update(1)
            assert sys.stdout is tty
            bar.close()
    finally:
        progbar.set_capture(True)
    with pytest.raises(TypeError, match="set_capture"):
        progbar.set_capture("no")  # type: ignore[arg-type]


def test_the_environment_variable_turns_capture_off() -> None:
    code = (
        "import sys, progbar\n"
        "from progbar._output import capture\n"
        "stream = sys.stdout\n"
        "capture.engage()\n"
        "print(sys.stdout is stream)\n"
    )
    env = {"PROGBAR_CAPTURE": "0", "PATH": ""}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "True"


def test_no_region_no_capture() -> None:
    code = (
        "import io, sys\n"
        "out, err = sys.stdout, sys.stderr\n"
        "import progbar\n"
        "bar = progbar.Progbar(10, verbose=0)\n"
        "bar.update(5)\n"
        "log = progbar.Progbar(10, file=io.StringIO())\n"  # a log: nothing drawn in place
        "log.update(5)\n"
        "for _ in progbar.track(range(3), display='silent'): pass\n"
        "print(sys.stdout is out and sys.stderr is err)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_suspend_blanks_the_region_and_holds_every_frame() -> None:
    tty = TtyStringIO()
    clock = FakeClock()
    bar = Progbar(10, file=tty, display="tty", clock=clock, interval=0, description="job")
    bar.update(2)
    with progbar.suspend():
        drawn = len(tty.getvalue())
        bar.update(5)
        bar.refresh()
        assert len(tty.getvalue()) == drawn  # nothing drawn while suspended
        rows = screen_of(tty.getvalue(), 60, 4).display
        assert not rows[0].strip(), rows  # the row was blanked
    rows = screen_of(tty.getvalue(), 60, 4).display
    assert rows[0].startswith("job  5/10 ["), rows  # back, at its latest count
    bar.close()


def test_suspend_is_a_decorator_and_nests_and_a_bar_has_its_own() -> None:
    tty = TtyStringIO()
    bar = Progbar(10, file=tty, display="tty", clock=FakeClock(), interval=0)
    bar.update(1)

    @progbar.suspend()
    def ask() -> int:
        with bar.suspend():
            before = len(tty.getvalue())
            bar.update(4)
            assert len(tty.getvalue()) == before
        bar.update(6)  # still inside the outer suspension
        assert len(tty.getvalue()) == before
        return 7

    assert ask() == 7
    assert screen_of(tty.getvalue(), 60, 4).display[0].startswith(" 6/10 [")
    silent = Progbar(10, verbose=0)
    with silent.suspend():  # a bar that shows nothing suspends nothing
        bar.update(8)
    assert screen_of(tty.getvalue(), 60, 4).display[0].startswith(" 8/10 [")
    bar.close()


def test_delay_a_short_loop_leaves_nothing() -> None:
    tty = TtyStringIO()
    log = io.StringIO()
    clock = FakeClock()
    bars = [
        Progbar(20, file=tty, display="tty", clock=clock, interval=0, delay=1),
        Progbar(20, file=log, display="log", clock=clock, interval=0, delay=1),
    ]
    for step in range(1, 21):  # 0.2 s
        clock.tick(0.01)
        for bar in bars:
            bar.update(step)
    assert tty.getvalue() == ""
    assert log.getvalue() == ""


def test_delay_a_long_loop_draws_once_the_delay_has_passed() -> None:
    tty = TtyStringIO()
    clock = FakeClock()
    items = iter(range(300))
    first_drawn = None
    for _ in progbar.track(items, total=300, file=tty, display="tty", clock=clock, delay=1):
        clock.tick(0.01)  # a 3 s loop
        if first_drawn is None and tty.getvalue():
            first_drawn = clock.now - 1000.0
    assert first_drawn is not None and 1.0 <= first_drawn < 1.2, first_drawn
    assert screen_of(tty.getvalue(), 80, 3).display[0].startswith("300/300 [")


def test_delay_is_checked() -> None:
    with pytest.raises(ValueError, match="delay"):
        Progbar(10, delay=-1)
    with pytest.raises(TypeError, match="delay"):
        Progbar(10, delay="soon")  # type: ignore[arg-type]


class _Reentrant(io.StringIO):
    """A stream that refuses one write as Python's buffered writer refuses a reentrant one."""

    def __init__(self) -> None:
        super().__init__()
        self.refuse = 0

    def write(self, text: str) -> int:
        if self.refuse:
            self.refuse -= 1
            raise RuntimeError("reentrant call inside <_io.BufferedWriter name='<stdout>'>")
        return super().write(text)


def test_a_reentrant_call_error_skips_one_frame_and_never_disables_the_output() -> None:
    from progbar._output.safe_stream import StreamWriter

    stream = _Reentrant()
    writer = StreamWriter(stream)
    stream.refuse = 1
    writer.write("lost frame")
    writer.write("next frame")
    assert not writer.broken
    assert stream.getvalue() == "next frame"
    closed = io.StringIO()
    closed.close()
    with pytest.warns(RuntimeWarning, match="output disabled"):
        StreamWriter(closed).write("x")  # a closed stream is permanent


def test_one_writer_per_stream() -> None:
    from progbar._output.safe_stream import writer_for

    stream = io.StringIO()
    assert writer_for(stream) is writer_for(stream)
    assert writer_for(io.StringIO()) is not writer_for(stream)
