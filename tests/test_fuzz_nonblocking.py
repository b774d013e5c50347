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
from harness import FakeClock
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from progbar import Progbar

pytestmark = [
    pytest.mark.slow,  # hypothesis runs against a real pipe that fills up: long by nature
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="F_SETPIPE_SZ"),
]

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


# -- the copy loop of `progbar pipe` against a stdin that goes non-blocking at random (issue 29) --


def _feed(fd: int, data: bytes, alive: object) -> None:
    """Write all of ``data`` to a non-blocking pipe, unless its reader is gone."""
    import select

    view = memoryview(data)
    while view and alive():  # type: ignore[operator]
        if select.select([], [fd], [], 0.5)[1]:
            with contextlib.suppress(BlockingIOError):
                view = view[os.write(fd, view) :]


@settings(max_examples=40, deadline=None)
@given(
    bursts=st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=200_000),  # bytes in the burst
            st.sampled_from([0.0, 0.001, 0.01]),  # the pipe may run dry after it
            st.sampled_from([None, True, False]),  # O_NONBLOCK on stdin set, cleared, or kept
        ),
        min_size=1,
        max_size=12,
    ),
    method=st.sampled_from(["splice", "readwrite"]),
)
def test_the_copy_never_ends_before_the_input_does(
    bursts: list[tuple[int, float, bool | None]], method: str
) -> None:
    import hashlib
    import tempfile
    import time

    from progbar._cli.copy import copy_fd

    payload = os.urandom(sum(size for size, _, _ in bursts))
    read_end, write_end = os.pipe()
    result: list[int] = []
    with tempfile.TemporaryFile() as out:
        copier = threading.Thread(
            target=lambda: result.append(copy_fd(read_end, out.fileno(), lambda _: None, method))
        )
        copier.start()
        offset = 0
        os.set_blocking(write_end, False)  # the writer's own description: never stuck on a
        for size, pause, nonblocking in bursts:  # copier that ended too early
            _feed(write_end, payload[offset : offset + size], copier.is_alive)
            offset += size
            if nonblocking is not None:  # the same open file description the copier reads
                os.set_blocking(read_end, not nonblocking)
            time.sleep(pause)
        os.close(write_end)
        copier.join(timeout=60)
        assert not copier.is_alive()
        os.close(read_end)
        out.seek(0)
        copied = out.read()
    assert result == [len(payload)]
    assert hashlib.sha256(copied).digest() == hashlib.sha256(payload).digest()
