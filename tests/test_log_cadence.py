"""A bar writing to a file or pipe writes a line every ``log_interval``, whatever came first.

The defect these guard: a first step counted right after the bar is made (a
cache hit, ``bar.add(1)`` at once, a quick first item) measured a huge rate,
the throttle skipped the clock for the rest of the run, and a log got its
first and final lines only.
"""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
import time

import pytest
from harness import ROOT, FakeClock

import progbar
from progbar import Progbar

STEPS = 8


def _periodic(text: str) -> list[str]:
    return [line for line in text.splitlines() if "/step" not in line and "ETA" in line]


@pytest.mark.parametrize("first", [1e-6, 0.0, 0.3])
def test_add_after_a_quick_first_step_keeps_logging(clock: FakeClock, first: float) -> None:
    out = io.StringIO()
    bar = Progbar(STEPS, file=out, display="log", log_interval=1, clock=clock)
    clock.tick(first)
    bar.add(1)
    for _ in range(STEPS - 2):
        clock.tick(1.0)
        bar.add(1)
    assert len(_periodic(out.getvalue())) == STEPS - 1, out.getvalue()


def test_tqdm_after_a_quick_first_update_keeps_logging(clock: FakeClock) -> None:
    out = io.StringIO()
    with progbar.tqdm(total=STEPS, file=out, display="log", log_interval=1, clock=clock) as bar:
        clock.tick(1e-6)
        bar.update(1)
        for _ in range(STEPS - 1):
            clock.tick(1.0)
            bar.update(1)
    lines = out.getvalue().splitlines()
    counts = [line.split("|")[-1].split()[0] for line in lines]
    # tqdm's rules (issue 31): a line when the bar is made; the quick first update falls within
    # mininterval (0.1 s) and is not drawn; then one line per interval, the total reached
    # included (tqdm draws it), and close()'s final line
    assert counts == ["0/8", *(f"{n}/{STEPS}" for n in range(2, STEPS + 1)), "8/8"], lines
    assert "<00:03," in lines[1], lines  # tqdm's ETA from its first interval: 6 left at 2/s


class SlowStart(FakeClock):
    """Each reading takes 50 ms while ``slow``: a first draw that imports its modules."""

    slow = True

    def __call__(self) -> float:
        if self.slow:
            self.tick(0.05)
        return self.now


def test_tqdm_after_a_slow_first_draw_logs_the_first_interval() -> None:
    """tqdm sets ``start_t`` after its first draw: the bar's clock must not step back by the
    draw's length, or the line one interval later falls before the log's next due time."""
    clock, out = SlowStart(), io.StringIO()
    with progbar.tqdm(total=STEPS, file=out, display="log", log_interval=1, clock=clock) as bar:
        clock.slow = False
        for _ in range(STEPS - 1):
            clock.tick(1.0)
            bar.update(1)
    counts = [line.split("|")[-1].split()[0] for line in out.getvalue().splitlines()]
    assert counts[:STEPS] == [f"{n}/{STEPS}" for n in range(STEPS)], out.getvalue()


def test_fast_loop_still_skips_the_clock(clock: FakeClock) -> None:
    """The throttle still works: a million quick steps read the clock a few hundred times."""
    reads = [0]

    def counting() -> float:
        reads[0] += 1
        clock.tick(1e-7)
        return clock.now

    bar = Progbar(None, file=io.StringIO(), display="log", clock=counting)
    for _ in range(1_000_000):
        bar.add(1)
    assert reads[0] < 2_000


SCRIPT = """
import sys, time
import progbar

mode, steps = sys.argv[1], {steps}
options = dict(log_interval=1, file=sys.stdout)

def items():
    yield 0                 # a quick first item (a cache hit)
    for i in range(1, steps):
        time.sleep(1)
        yield i

if mode == "track":
    for _ in progbar.track(list(range(steps)), **options):
        if _:
            time.sleep(1)
elif mode == "track_gen":
    for _ in progbar.track(items(), total=steps, **options):
        pass
elif mode == "add":
    bar = progbar.Progbar(steps, **options)
    for _ in items():
        bar.add(1)
elif mode == "tqdm":
    with progbar.tqdm(total=steps, **options) as bar:
        for _ in items():
            bar.update(1)
elif mode == "epochs":
    for epoch in progbar.epochs(1, steps=steps, **options):
        for _ in items():
            epoch.add()
elif mode == "shared":
    import threading
    bar = progbar.Progbar(steps, **options)
    handle = bar.share()
    def worker():
        with handle:
            for _ in items():
                handle.add(1)
    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    bar.close()
"""


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["track", "track_gen", "add", "tqdm", "epochs", "shared"])
def test_a_pipe_gets_a_line_every_interval(mode: str) -> None:
    """Lines read from a real pipe as they come: at least one per interval the run spanned."""
    code = textwrap.dedent(SCRIPT.format(steps=STEPS))
    proc = subprocess.Popen(
        [sys.executable, "-c", code, mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={"PYTHONPATH": ROOT, "PATH": "/usr/bin:/bin", "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None
    arrivals: list[tuple[float, str]] = []
    for raw in proc.stdout:
        arrivals.append((time.monotonic(), raw.decode()))
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()
    lines = [text for _, text in arrivals if "/" in text and "Epoch" not in text]
    assert lines, arrivals
    # the intervals the run spanned, as seen from the pipe: first line to the final one
    bar_times = [at for at, text in arrivals if "/" in text and "Epoch" not in text]
    intervals = int(bar_times[-1] - bar_times[0])  # log_interval = 1
    assert intervals >= STEPS - 3, arrivals  # the run did sleep: it spanned ~7 intervals
    periodic = len(lines) - 1  # all but the final line
    assert periodic >= intervals, [text for text in lines]
    assert periodic <= 2 * intervals + 2, [text for text in lines]  # and a log stays a log
