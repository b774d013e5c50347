"""Run a Python snippet on a real pseudo-terminal and read back what it drew.

The one pty runner, shared by the tests (``tests/conftest.py`` puts this
folder on ``sys.path``) and the picture scripts (``screenshots.py``): the
child sees a terminal of the given size, with nothing in its environment
that would override progbar's detection.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
from typing import Callable, Optional

import pyte

from progbar._output.detect import CI_VARIABLES

__all__ = ["pty_env", "run_on_pty", "screen_of"]


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
