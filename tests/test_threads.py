"""Many threads on one bar: no lost counts, no half-drawn lines."""

from __future__ import annotations

import re
import threading

import pytest
from harness import FakeClock, TtyStringIO, run_in_pty, screen_of

from progbar import Progbar

THREADS, ADDS = 8, 100_000


def hammer(work: object, threads: int = THREADS) -> None:
    """Run ``work`` in ``threads`` threads released at the same moment."""
    start = threading.Barrier(threads)

    def run() -> None:
        start.wait()
        work()  # type: ignore[operator]

    pool = [threading.Thread(target=run) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()


def test_adds_from_eight_threads_lose_no_counts() -> None:
    bar = Progbar(None, display="silent", interval=0.001)

    def work() -> None:
        for _ in range(ADDS):
            bar.add(1)

    hammer(work)
    assert bar.current == THREADS * ADDS == 800_000


def test_metric_weights_add_up_under_threads() -> None:
    bar = Progbar(None, display="silent", clock=FakeClock())

    def work() -> None:
        for _ in range(5_000):
            bar.add(1, values=[("loss", 2.0)])

    hammer(work, threads=4)
    assert bar.current == 20_000
    assert bar._metrics.averages() == {"loss": 2.0}


def test_concurrent_draws_leave_only_whole_lines() -> None:
    stream = TtyStringIO()
    bar = Progbar(4 * 5_000, file=stream, display="tty", interval=0, width=20)

    def work() -> None:
        for _ in range(5_000):
            bar.add(1)

    hammer(work, threads=4)
    bar.close()
    assert bar.current == 20_000
    # every redraw is one "\r" + whole line; a torn write would leave a fragment
    for chunk in stream.getvalue().split("\r")[1:]:
        assert re.fullmatch(r" *\d+/20000 \[[=>.]{20}\] - [^\r\n]*\n?", chunk), chunk
    lines = [line.rstrip() for line in screen_of(stream.getvalue()).display if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("20000/20000 [====================]")


@pytest.mark.slow
def test_eight_threads_in_a_real_terminal() -> None:
    run = run_in_pty(
        """
        import threading
        from progbar import Progbar
        bar = Progbar(800_000, interval=0.001)
        start = threading.Barrier(8)
        def work():
            start.wait()
            for _ in range(100_000):
                bar.add(1)
        pool = [threading.Thread(target=work) for _ in range(8)]
        for t in pool: t.start()
        for t in pool: t.join()
        print(f"count={bar.current}")
        """
    )
    assert run.returncode == 0, run.output[-500:]
    lines = [line for line in run.lines if line]
    assert len(lines) == 2, run.lines  # the finished bar and the count, nothing torn
    assert re.fullmatch(r"800000/800000 \[={30}\] - \d+s \d+(us|ms)/step", lines[0]), lines[0]
    assert lines[1] == "count=800000"
    assert run.screen.cursor.x == 0
