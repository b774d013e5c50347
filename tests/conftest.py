"""Shared test fixtures: a fake clock, a fake terminal stream, a real pty."""

from __future__ import annotations

import io
import os
import select
import subprocess
import sys
import textwrap
from dataclasses import dataclass

import pyte
import pytest

from progbar._detect import CI_VARIABLES


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
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("PROGBAR_")}
    full_env.pop("COLUMNS", None)
    full_env.pop("LINES", None)
    full_env.update({"TERM": "xterm-256color", "PYTHONUNBUFFERED": "1"})
    for name in CI_VARIABLES:  # a CI runner's variables would turn the pty into a log
        full_env.pop(name, None)
    full_env.update(env or {})
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=full_env,
        close_fds=True,
    )
    os.close(slave)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([master], [], [], timeout)
        if not ready:
            proc.kill()
            break
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed its side
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=timeout)
    os.close(master)
    output = b"".join(chunks)
    screen = pyte.Screen(columns, rows)
    pyte.ByteStream(screen).feed(output)
    return PtyRun(output, proc.returncode, screen)


RESIZE_MARK = b"\x1b]2;progbar-test-resize\x07"
"""An OSC title sequence the child writes where it wants the resize (pyte ignores it)."""

_RESIZE_PRELUDE = """
def resize_point():
    import os, sys
    sys.stdout.write({mark!r})
    sys.stdout.flush()
    os.read({fd}, 1)  # blocks until the terminal has been resized
"""


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
    import fcntl
    import pty
    import struct
    import termios

    go_read, go_write = os.pipe()
    prelude = _RESIZE_PRELUDE.format(mark=RESIZE_MARK.decode(), fd=go_read)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("PROGBAR_")}
    for name in ("COLUMNS", "LINES", "CI"):
        full_env.pop(name, None)
    full_env.update({"TERM": "xterm-256color", "PYTHONUNBUFFERED": "1"})
    full_env.update(env or {})
    proc = subprocess.Popen(
        [sys.executable, "-c", prelude + textwrap.dedent(code)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=full_env,
        close_fds=True,
        pass_fds=(go_read,),
    )
    os.close(slave)
    os.close(go_read)
    output = b""
    resized_at = -1
    while True:
        ready, _, _ = select.select([master], [], [], timeout)
        if not ready:
            proc.kill()
            break
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed its side
            break
        if not data:
            break
        output += data
        if resized_at < 0 and RESIZE_MARK in output:
            resized_at = output.index(RESIZE_MARK)
            fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, new_columns, 0, 0))
            os.write(go_write, b"g")
    os.close(go_write)
    proc.wait(timeout=timeout)
    os.close(master)
    screen = pyte.Screen(columns, rows)
    stream = pyte.ByteStream(screen)
    if resized_at >= 0:
        stream.feed(output[:resized_at])
        screen.resize(rows, new_columns)
        stream.feed(output[resized_at:])
    else:
        stream.feed(output)
    return PtyRun(output, proc.returncode, screen), resized_at


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
    import fcntl
    import pty
    import signal
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("PROGBAR_")}
    for name in ("COLUMNS", "LINES", "CI"):
        full_env.pop(name, None)
    full_env.update({"TERM": "xterm-256color", "PYTHONUNBUFFERED": "1"})
    full_env.update(env or {})
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=full_env,
        close_fds=True,
    )
    os.close(slave)
    output = b""
    interrupted = False
    while True:
        ready, _, _ = select.select([master], [], [], timeout)
        if not ready:
            proc.kill()
            break
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed its side
            break
        if not data:
            break
        output += data
        if not interrupted and wait_for in output:
            proc.send_signal(signal.SIGINT)
            interrupted = True
    proc.wait(timeout=timeout)
    os.close(master)
    screen = pyte.Screen(columns, rows)
    pyte.ByteStream(screen).feed(output)
    return PtyRun(output, proc.returncode, screen)
