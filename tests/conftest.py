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
    full_env.pop("CI", None)
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
