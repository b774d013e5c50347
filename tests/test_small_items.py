"""Small things a user meets (issue 25): each failed before its fix."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap

import pytest
from harness import ROOT, FakeClock

import progbar
from progbar import Progbar
from progbar._core.rate import RateEstimator


@pytest.mark.parametrize("target", [None, 0, 10])
def test_a_bar_is_always_true(target: float | None) -> None:
    bar = Progbar(target, display="silent")
    assert bool(bar) is True  # Keras's bar is; ``if bar:`` must not depend on len()
    if bar:
        pass


def test_the_repr_names_description_count_target_and_state(clock: FakeClock) -> None:
    bar = Progbar(10, display="silent", description="train", clock=clock)
    bar.update(3)
    assert repr(bar) == "<Progbar 'train' 3/10 running>"
    bar.update(10)
    assert repr(bar) == "<Progbar 'train' 10/10 finished>"
    early = Progbar(None, display="silent", clock=clock)
    early.add(2.5)
    early.close()
    assert repr(early) == "<Progbar 2.5/? closed>"
    left = Progbar(10, display="silent", clock=clock)
    for _ in left.track(range(4)):
        pass
    left.close()
    assert repr(left) == "<Progbar 4/10 closed>"


@pytest.mark.parametrize("call", ["update", "add"])
def test_a_wrong_keyword_names_the_public_method(call: str) -> None:
    bar = Progbar(10, display="silent")
    with pytest.raises(TypeError) as info:
        getattr(bar, call)(3, loss=0.5)
    message = str(info.value)
    assert f"Progbar.{call}()" in message and "'loss'" in message
    assert "BarState" not in message and "_core" not in message


@pytest.mark.parametrize("look", ["classic", "keras3"])
@pytest.mark.parametrize("target", [10, None])
def test_no_time_per_step_at_count_zero(look: str, target: int | None, clock: FakeClock) -> None:
    out = io.StringIO()
    bar = Progbar(target, file=out, display="log", look=look, clock=clock)
    clock.tick(2.0)
    bar.close()
    line = out.getvalue().splitlines()[-1]
    assert "/step" not in line, line  # no step was timed: "0s/step" would be a false figure
    assert line.rstrip().endswith("2s"), line


def test_the_last_step_of_epochs_is_logged_once(clock: FakeClock) -> None:
    out = io.StringIO()
    for epoch in progbar.epochs(2, steps=4, file=out, display="log", log_interval=1, clock=clock):
        for _ in range(4):
            clock.tick(1.0)
            epoch.add(loss=0.5)
    lines = out.getvalue().splitlines()
    assert lines.count("Epoch 1/2") == 1
    fours = [line for line in lines if line.lstrip().startswith("4/4")]
    assert len(fours) == 2, lines  # one per epoch: its finished line only
    assert all("/step" in line for line in fours), fours


def _pool_rate(stall_at: float) -> tuple[RateEstimator, float]:
    """Two workers reporting 4 items every 0.1 s until 36/40, then one worker stalls."""
    rate = RateEstimator(0.0)
    t, n = 0.0, 0
    for _ in range(9):
        t += 0.1
        n += 4
        rate.observe(n, t)
    return rate, t


def test_an_overdue_eta_grows_while_a_pool_stalls() -> None:
    rate, t = _pool_rate(0.9)
    shown = [rate.eta(4, t + s) for s in (0.5, 2, 4, 6, 8, 10)]
    assert all(e is not None for e in shown)
    assert shown == sorted(shown)  # grows with the silence
    assert shown[-1] >= 5.0, shown  # not "ETA: 0s" after 10 s of no progress
    assert shown[2] >= 2.0, shown


def test_no_eta_from_the_first_interval_alone() -> None:
    """A pool's first report comes after its workers started: not evidence of the rate."""
    rate = RateEstimator(0.0)
    rate.observe(1, 0.6)  # 0.6 s of start-up, then one item
    assert rate.eta(79, 0.6) is None  # it said 47 s, for a 4 s job
    rate.observe(9, 0.7)
    rate.observe(17, 0.8)
    eta = rate.eta(63, 0.8)
    assert eta is not None and 0.5 < eta < 2.0  # 80 items/s: about 0.8 s


STALLED_POOL = """
import sys, time
from concurrent.futures import ProcessPoolExecutor
import progbar

def task(handle, i):
    with handle:
        time.sleep(0.05)
        handle.add(1)
    if i == 39:
        time.sleep(6)  # the last worker stalls after its last report

if __name__ == "__main__":
    bar = progbar.Progbar(41, log_interval=1, display="log", file=sys.stdout)
    handle = bar.share()
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(task, [handle] * 40, range(40)))
    bar.add(1)
"""


@pytest.mark.slow
def test_a_stalled_process_pool_shows_a_growing_eta(tmp_path: object) -> None:
    script = os.path.join(str(tmp_path), "pool.py")
    with open(script, "w") as f:
        f.write(textwrap.dedent(STALLED_POOL))
    result = subprocess.run(
        [sys.executable, script], capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": ROOT},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    stalled = [line for line in lines if line.lstrip().startswith("40/41") and "ETA: " in line]
    assert len(stalled) >= 3, lines  # lines keep coming during the stall
    etas = [line.split("ETA: ")[1].split()[0] for line in stalled]
    seconds = [int(e[:-1]) if e.endswith("s") else 60 * int(e.split(":")[0]) for e in etas]
    assert seconds == sorted(seconds) and seconds[-1] >= 2, lines  # it grows, never "0s" forever
