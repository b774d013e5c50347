"""Run a Python snippet on a real pseudo-terminal and read back what it drew.

The one pty runner, shared by the tests (``from harness import run_in_pty``)
and the picture scripts (``scripts/screenshots.py``): the child sees a
terminal of the given size, with nothing in its environment that would
override progbar's detection. The bytes it writes are fed to a ``pyte``
screen, so a test asserts what a user would see.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Callable, Optional

import pyte

from progbar._output.detect import CI_VARIABLES

__all__ = [
    "RESIZE_MARK",
    "PtyRun",
    "pty_env",
    "run_in_pty",
    "run_in_pty_interrupted",
    "run_in_pty_resized",
    "run_on_pty",
    "run_resizing",
    "screen_of",
]


def pty_env(env: Optional[dict[str, str]] = None) -> dict[str, str]:
    """The child's environment: a terminal, with nothing that would override detection."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("PROGBAR_")}
    for name in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", *CI_VARIABLES):
        full_env.pop(name, None)  # CI variables would make it a log
    full_env.update({"TERM": "xterm-256color", "PYTHONUNBUFFERED": "1"})
    full_env.update(env or {})
    return full_env


def run_on_pty(
    source: str,
    columns: int,
    rows: int,
    env: Optional[dict[str, str]] = None,
    timeout: float = 60.0,
    on_output: Optional[Callable[[bytes, int, subprocess.Popen[bytes]], None]] = None,
    pass_fds: tuple[int, ...] = (),
    cwd: Optional[str] = None,
) -> tuple[bytes, int]:
    """Run ``source`` with a pty as stdin/stdout/stderr; return its output and exit status.

    ``on_output(output_so_far, master_fd, process)`` runs after each read, so
    a caller can act at a point of the output (resize the window, press Ctrl-C).
    """
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-c", source],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=pty_env(env),
        close_fds=True,
        pass_fds=pass_fds,
        cwd=cwd,
    )
    os.close(slave)
    output = b""
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
        if on_output is not None:
            on_output(output, master, proc)
    proc.wait(timeout=timeout)
    os.close(master)
    return output, proc.returncode


def screen_of(output: bytes, columns: int, rows: int) -> pyte.Screen:
    """The terminal screen after receiving ``output``."""
    screen = pyte.Screen(columns, rows)
    pyte.ByteStream(screen).feed(output)
    return screen


RESIZE_MARK = "\x1b]2;progbar-test-resize\x07"
"""An OSC title sequence the child writes where it wants a resize (terminals ignore it)."""

_RESIZE_PRELUDE = """
def resize_point():
    import os, sys
    sys.stdout.write({mark!r})
    sys.stdout.flush()
    os.read({fd}, 1)  # blocks until the terminal has been resized
"""


def run_resizing(
    source: str,
    columns: int,
    rows: int,
    resizes: Sequence[int],
    env: Optional[dict[str, str]] = None,
    timeout: float = 60.0,
) -> tuple[bytes, int, list[int]]:
    """:func:`run_on_pty`, resizing the pty at each ``resize_point()`` the child calls.

    At each call the parent finds the child's mark in the output, sets the
    next width of ``resizes`` on the real pty (``TIOCSWINSZ`` on the master,
    which sends the child ``SIGWINCH``, as a terminal emulator does), then
    lets the child go on. Returns the output, the exit status and the offset
    of each mark in the output (to resize a screen at the same point).
    """
    import fcntl
    import struct
    import termios

    go_read, go_write = os.pipe()
    prelude = _RESIZE_PRELUDE.format(mark=RESIZE_MARK, fd=go_read)
    mark = RESIZE_MARK.encode()
    marks: list[int] = []

    def resize_at_marks(output: bytes, master: int, proc: subprocess.Popen[bytes]) -> None:
        found = output.find(mark, marks[-1] + 1 if marks else 0)
        while found >= 0 and len(marks) < len(resizes):
            new = resizes[len(marks)]
            marks.append(found)
            fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, new, 0, 0))
            os.write(go_write, b"g")
            found = output.find(mark, found + 1)

    try:
        output, status = run_on_pty(
            prelude + source,
            columns,
            rows,
            env,
            timeout,
            on_output=resize_at_marks,
            pass_fds=(go_read,),
        )
    finally:
        os.close(go_read)
        os.close(go_write)
    return output, status, marks


@dataclass
class PtyRun:
    """What a child run on a pty wrote, how it exited, and the screen a user was left with."""

    output: bytes
    returncode: int
    screen: pyte.Screen

    @property
    def lines(self) -> list[str]:
        """The screen's rows, right-stripped."""
        return [line.rstrip() for line in self.screen.display]


def run_in_pty(
    code: str,
    columns: int = 80,
    rows: int = 24,
    env: Optional[dict[str, str]] = None,
    timeout: float = 60.0,
) -> PtyRun:
    """Run ``code`` in a fresh interpreter whose stdout/stderr are a real pseudo-terminal.

    The bytes it writes are read back and fed to a ``pyte`` screen of the
    same size, so tests assert what a user would see.
    """
    output, status = run_on_pty(textwrap.dedent(code), columns, rows, env, timeout)
    return PtyRun(output, status, screen_of(output, columns, rows))


def run_in_pty_resized(
    code: str,
    columns: int,
    new_columns: int,
    rows: int = 24,
    env: Optional[dict[str, str]] = None,
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
        return PtyRun(output, status, screen_of(output, columns, rows)), resized_at
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
    env: Optional[dict[str, str]] = None,
    timeout: float = 60.0,
) -> PtyRun:
    """Like :func:`run_in_pty`, but the child gets SIGINT once ``wait_for`` is on screen.

    This is what Ctrl-C does: the parent waits until the child has drawn
    (``wait_for`` appears in its output), sends ``SIGINT`` to it, then reads
    everything the child writes while it unwinds.
    """
    interrupted = False

    def interrupt_once(output: bytes, master: int, proc: subprocess.Popen[bytes]) -> None:
        nonlocal interrupted
        if not interrupted and wait_for in output:
            proc.send_signal(signal.SIGINT)
            interrupted = True

    output, status = run_on_pty(
        textwrap.dedent(code), columns, rows, env, timeout, on_output=interrupt_once
    )
    return PtyRun(output, status, screen_of(output, columns, rows))
