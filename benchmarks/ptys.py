"""The pseudo-terminal the benchmarks draw on: one with a size, whose output is read and dropped.

A terminal has a size: on a 0 x 0 pty tqdm draws no bar at all, so every
benchmark that draws on a terminal opens it here.
"""

from __future__ import annotations

import fcntl
import os
import struct
import termios
import threading


def drain(fd: int) -> None:
    """Read ``fd`` until it closes, dropping the bytes (a terminal that shows nothing)."""
    while True:
        try:
            if not os.read(fd, 1 << 16):
                return
        except OSError:
            return


def open_terminal(columns: int, rows: int) -> tuple[int, int, threading.Thread]:
    """``(master, slave, reader)``: a pty of ``columns`` x ``rows``, its output being drained."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    reader = threading.Thread(target=drain, args=(master,), daemon=True)
    reader.start()
    return master, slave, reader
