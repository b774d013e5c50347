"""A random run against a real non-blocking pipe that fills up: nothing is lost, nothing raises.

Hypothesis drives a bar, the program's own ``print``-style writes, the
clock, and a reader that drains the pipe at random moments. The pipe is
made as small as Linux allows (one page) and its write end non-blocking, so
writes meet ``EAGAIN`` for real, often and at random points. Whatever the
order, every line the program wrote arrives once and in order, the count
is exact, and the display is never disabled.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import sys
import threading
import warnings

import pytest
from conftest import FakeClock
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from progbar import Progbar

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="F_SETPIPE_SZ")

F_SETPIPE_SZ = getattr(fcntl, "F_SETPIPE_SZ", 1031)
MAX_LINES = 150  # the program's own lines: Python's buffer holds them while the pipe is full


def read_to_end(fd: int, into: list[bytes]) -> None:
    while chunk := os.read(fd, 1 << 16):
        into.append(chunk)


class FullPipe(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        read_end, write_end = os.pipe()
        fcntl.fcntl(write_end, F_SETPIPE_SZ, 4096)
        for fd in (read_end, write_end):
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_NONBLOCK)
        self.read_end = read_end
        self.stream = open(write_end, "w", encoding="utf-8")  # noqa: SIM115  # closed in teardown
        self.received = b""
        self.clock = FakeClock()
        self.model = 0
        self.lines = 0
        self.caught = warnings.catch_warnings(record=True)
        self.warned = self.caught.__enter__()
        warnings.simplefilter("always")
        self.bar: Progbar | None = None

    @precondition(lambda self: self.bar is None)
    @rule(display=st.sampled_from(["tty", "log"]), size=st.none() | st.integers(1, 10**4))
    def start(self, display: str, size: int | None) -> None:
        self.bar = Progbar(
            size, file=self.stream, display=display, interval=0, log_interval=0, clock=self.clock
        )

    @precondition(lambda self: self.bar is not None)
    @rule(n=st.integers(0, 50), loss=st.floats(0, 10))
    def add(self, n: int, loss: float) -> None:
        assert self.bar is not None
        self.clock.tick(0.25)  # a step of a real loop takes time: the bar draws
        self.bar.add(n, values=[(f"metric_{k}_of_a_long_log_line", loss) for k in range(8)])
        self.model += n

    @precondition(lambda self: self.bar is not None)
    @rule(current=st.integers(0, 10**4))
    def update(self, current: int) -> None:
        assert self.bar is not None
        self.clock.tick(0.25)
        self.bar.update(current)
        self.model = current

    @precondition(lambda self: self.lines < MAX_LINES)
    @rule()
    def program_prints(self) -> None:
        self.stream.write(f"line {self.lines}\n")  # buffered by Python, never flushed here
        self.lines += 1

    @rule(seconds=st.floats(0, 30))
    def tick(self, seconds: float) -> None:
        self.clock.tick(seconds)

    @rule(limit=st.sampled_from([1, 100, 1000, 1 << 20]))
    def reader_drains(self, limit: int) -> None:
        with contextlib.suppress(BlockingIOError):  # nothing in the pipe right now
            self.received += os.read(self.read_end, limit)

    @invariant()
    def count_is_exact(self) -> None:
        if self.bar is not None:
            assert self.bar.current == self.model

    @invariant()
    def display_never_disabled(self) -> None:
        assert not [str(w.message) for w in self.warned if "progbar" in str(w.message)]

    def teardown(self) -> None:
        try:
            fd = self.stream.fileno()
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
            fcntl.fcntl(self.read_end, fcntl.F_SETFL, 0)
            rest: list[bytes] = []
            reader = threading.Thread(target=read_to_end, args=(self.read_end, rest))
            reader.start()  # the blocking writes below need a reader at the same time
            if self.bar is not None:
                self.bar.close()
            self.stream.close()  # flushes the rest
            reader.join(timeout=60)
            self.received += b"".join(rest)
            found = [int(k) for k in re.findall(rb"line (\d+)\n", self.received)]
            assert found == list(range(self.lines))  # each once, in order
            assert not [str(w.message) for w in self.warned if "progbar" in str(w.message)]
        finally:
            self.caught.__exit__(None, None, None)
            os.close(self.read_end)


FullPipe.TestCase.settings = settings(max_examples=60, stateful_step_count=60, deadline=None)
test_a_full_nonblocking_pipe_loses_nothing = FullPipe.TestCase
