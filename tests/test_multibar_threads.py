"""Bars from several threads, and lines printed above them, on one terminal.

Eight threads each drive their own bar while the main thread prints 100
lines with ``progbar.write()``: every final line and every printed line
must come out exactly once, whole, on a line of its own (today two bars
get glued on one line). Checked on a real pty through pyte with its
scrollback, in tmux, and in-process with bars created and closed from many
threads at once.
"""

from __future__ import annotations

import re
import sys
import threading
from collections import Counter

import pyte
import pytest
from harness import TtyStringIO
from harness.terminals import (
    PtyResult,
    all_lines,
    history_screen,
    needs_tmux,
    normalized,
    retried,
    run_pty,
    run_tmux,
)

from progbar import Progbar

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")

WORKERS = """
import threading, time
import progbar
from progbar import Progbar

counts = [0] * 8
start = threading.Barrier(9)

def work(i):
    start.wait()
    bar = Progbar(1000, description=f"worker {i}")
    for step in range(1000):
        bar.add(1)
        if step % 10 == 9:
            time.sleep(0.004)
    counts[i] = bar.current

pool = [threading.Thread(target=work, args=(i,)) for i in range(8)]
for thread in pool:
    thread.start()
start.wait()
for n in range(100):
    progbar.write(f"message {n:03}")
    time.sleep(0.004)
for thread in pool:
    thread.join()
print("counts", counts)
"""


@pytest.fixture(scope="module")
def workers_run() -> PtyResult:
    """The scene run once on a pty, for the tests that read it."""
    return run_pty(WORKERS, columns=80, rows=24)


DONE = re.compile(r"worker (?P<i>\d) 1000/1000 \[={30}\] - \d+s \d+(us|ms|s)/step")
COUNTS = "counts [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000]"


def _check_lines(lines: list[str], columns: int) -> None:
    """Each final line and each printed line exactly once, whole; nothing else."""
    lines = [line for line in lines if line]
    assert all(len(line) <= columns for line in lines)
    messages = Counter(line for line in lines if line.startswith("message "))
    finals = Counter(m.group("i") for m in map(DONE.fullmatch, lines) if m)
    others = [
        line
        for line in lines
        if not line.startswith("message ") and not DONE.fullmatch(line) and line != COUNTS
    ]
    assert not others, f"torn, glued or stale lines: {others[:5]}"
    assert messages == Counter(f"message {n:03}" for n in range(100))
    assert finals == Counter(str(i) for i in range(8))
    assert lines[-1] == COUNTS
    assert len(lines) == 100 + 8 + 1


@pytest.mark.slow
def test_eight_threads_and_a_hundred_writes_on_a_pty(workers_run: PtyResult) -> None:
    run = workers_run
    assert run.returncode == 0, run.output[-500:]
    _check_lines(run.lines, 80)


@pytest.mark.slow
@needs_tmux
def test_eight_threads_and_a_hundred_writes_in_tmux(workers_run: PtyResult) -> None:
    def check() -> None:
        tmux = run_tmux(WORKERS, columns=80, rows=24)
        assert tmux.returncode == 0, tmux.lines[-10:]
        _check_lines(tmux.lines, 80)
        # the same lines as the pty shows (threads interleave differently on each run)
        assert sorted(map(normalized, filter(None, tmux.lines))) == sorted(
            map(normalized, filter(None, workers_run.lines))
        )

    retried(check)


def test_threads_create_update_and_close_bars_at_once() -> None:
    stream = TtyStringIO()
    bars: list[Progbar] = []
    lock = threading.Lock()
    start = threading.Barrier(6)

    def work(worker: int) -> None:
        start.wait()
        for job in range(10):
            bar = Progbar(200, description=f"job {worker}{job}", file=stream, display="tty")
            with lock:
                bars.append(bar)
            for _ in range(200):
                bar.add(1)

    pool = [threading.Thread(target=work, args=(w,)) for w in range(6)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert [bar.current for bar in bars] == [200] * 60
    screen = history_screen(80, 24)
    pyte.Stream(screen).feed(stream.getvalue().replace("\n", "\r\n"))
    lines = [line for line in all_lines(screen) if line]
    done = re.compile(r"job (\d\d) 200/200 \[={30}\] - \d+s \d+(us|ms|s)/step")
    assert all(done.fullmatch(line) for line in lines), [
        line for line in lines if not done.fullmatch(line)
    ][:5]
    jobs = sorted(m.group(1) for m in map(done.fullmatch, lines) if m)
    assert jobs == sorted(f"{w}{j}" for w in range(6) for j in range(10))  # each exactly once


LOGGING = """
import logging, sys, time
import progbar
from progbar import Progbar

logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s",
                    stream=sys.stderr)
log = logging.getLogger("crawler")
with progbar.redirect_logging():
    pages = Progbar(300, description="pages")
    links = Progbar(None, description="links", unit_name="link")
    for page in range(1, 301):
        links.add(7)
        pages.update(page)
        if page % 50 == 25:
            log.warning("checkpoint %d", page)
        time.sleep(0.002)
    links.close()
"""


@pytest.mark.slow
def test_log_records_land_above_two_live_bars() -> None:
    run = run_pty(LOGGING, columns=80, rows=24)
    assert run.returncode == 0, run.output[-500:]
    lines = [line for line in run.lines if line]
    assert lines[:6] == [f"WARNING crawler: checkpoint {n}" for n in range(25, 300, 50)]
    assert re.fullmatch(r"pages 300/300 \[={30}\] - \d+s \d+(us|ms|s)/step", lines[6]), lines
    assert re.fullmatch(r"links +2100/Unknown - \d+s \d+(us|ms|s)/link", lines[7]), lines
    assert len(lines) == 8, lines
