"""Shared test fixtures: a fake clock, a fake terminal stream, a real pty."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass

import pyte
import pytest
from hypothesis import settings

# shared with the benchmarks and scripts, one copy each: the Keras loader, the pty runner
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.append(os.path.join(ROOT, "benchmarks"))
sys.path.append(os.path.join(ROOT, "scripts"))

from ptyrun import pty_env, run_on_pty, run_resizing  # noqa: E402
from ptyrun import screen_of as pty_screen_of  # noqa: E402

# CI must be reproducible: the same examples every run (a failure found there is
# replayed exactly); local runs keep exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", max_examples=5000, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


class FakeClock:
    """A callable clock that only moves when told to (never backwards)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def tick(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time can't go backwards")
        self.now += seconds


class TtyStringIO(io.StringIO):
    """A StringIO that claims to be a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def tty_stream() -> TtyStringIO:
    return TtyStringIO()


def screen_of(text: str, columns: int = 80, rows: int = 10) -> pyte.Screen:
    """What a terminal of that size shows after receiving ``text``."""
    screen = pyte.Screen(columns, rows)
    stream = pyte.Stream(screen)
    stream.feed(text.replace("\n", "\r\n"))
    return screen


@dataclass
class PtyRun:
    output: bytes
    returncode: int
    screen: pyte.Screen

    @property
    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]


_pty_env = pty_env
_run_on_pty = run_on_pty
_screen = pty_screen_of


def run_in_pty(
    code: str,
    columns: int = 80,
    rows: int = 24,
    env: dict[str, str] | None = None,
    timeout: float = 60.0,
) -> PtyRun:
    """Run ``code`` in a fresh interpreter whose stdout/stderr are a real pseudo-terminal.

    The bytes it writes are read back and fed to a ``pyte`` screen of the
    same size, so tests assert what a user would see.
    """
    output, status = _run_on_pty(textwrap.dedent(code), columns, rows, env, timeout)
    return PtyRun(output, status, _screen(output, columns, rows))


def run_in_pty_resized(
    code: str,
    columns: int,
    new_columns: int,
    rows: int = 24,
    env: dict[str, str] | None = None,
    timeout: float = 60.0,
) -> tuple[PtyRun, int]:
    """Like :func:`run_in_pty`, but the terminal is resized when the child calls ``resize_point()``.

    The parent waits for the child's mark in the output, changes the window
    size of the real pty (``TIOCSWINSZ`` on the master, as a terminal
    emulator does), resizes the ``pyte`` screen at the same point of the
    byte stream, then lets the child go on. Returns the run and the offset
    of the mark in ``output``.
    """
    output, status, marks = run_resizing(
        textwrap.dedent(code), columns, rows, [new_columns], env, timeout
    )
    resized_at = marks[0] if marks else -1
    if resized_at < 0:
        return PtyRun(output, status, _screen(output, columns, rows)), resized_at
    screen = pyte.Screen(columns, rows)
    stream = pyte.ByteStream(screen)
    stream.feed(output[:resized_at])
    screen.resize(rows, new_columns)
    stream.feed(output[resized_at:])
    return PtyRun(output, status, screen), resized_at


def run_in_pty_interrupted(
    code: str,
    wait_for: bytes,
    columns: int = 80,
    rows: int = 24,
    env: dict[str, str] | None = None,
    timeout: float = 60.0,
) -> PtyRun:
    """Like :func:`run_in_pty`, but the child gets SIGINT once ``wait_for`` is on screen.

    This is what Ctrl-C does: the parent waits until the child has drawn
    (``wait_for`` appears in its output), sends ``SIGINT`` to it, then reads
    everything the child writes while it unwinds.
    """
    import signal

    interrupted = False

    def interrupt_once(output: bytes, master: int, proc: subprocess.Popen[bytes]) -> None:
        nonlocal interrupted
        if not interrupted and wait_for in output:
            proc.send_signal(signal.SIGINT)
            interrupted = True

    output, status = _run_on_pty(
        textwrap.dedent(code), columns, rows, env, timeout, on_output=interrupt_once
    )
    return PtyRun(output, status, _screen(output, columns, rows))


class Collect(logging.Handler):
    """Keeps every record it is handed (the ``display="logging"`` tests read them)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def handler() -> Iterator[Collect]:
    """The records of the ``progbar`` logger during the test, at INFO and above."""
    logger = logging.getLogger("progbar")
    collect, level = Collect(), logger.level
    logger.addHandler(collect)
    logger.setLevel(logging.INFO)
    try:
        yield collect
    finally:
        logger.removeHandler(collect)
        logger.setLevel(level)
