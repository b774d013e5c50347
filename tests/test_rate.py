"""RateEstimator on hand-made timelines: explicit times, no clock, no sleeping."""

from __future__ import annotations

import math
from typing import Optional

import pytest

from progbar._core.rate import RateEstimator

T0 = 1000.0


def feed(est: RateEstimator, steps: list[tuple[float, float]], n: float = 0.0, t: float = T0):
    """Feed (seconds, units) steps; returns the final (n, t)."""
    for dt, dn in steps:
        n, t = n + dn, t + dt
        est.observe(n, t)
    return n, t


def test_no_rate_before_progress() -> None:
    est = RateEstimator(T0)
    assert est.rate is None
    assert est.eta(10, T0 + 1) is None
    est.observe(0, T0 + 1)  # a sample without progress is no evidence either
    assert est.rate is None


def test_warm_up_interval_is_only_a_fallback() -> None:
    est = RateEstimator(T0)
    est.observe(1, T0 + 5.0)  # the slow first step: compile, connect, ...
    assert est.rate == pytest.approx(0.2)  # the only evidence there is
    feed(est, [(0.1, 1)] * 20, n=1, t=T0 + 5.0)
    assert est.rate == pytest.approx(10.0)  # the first step no longer counts


@pytest.mark.parametrize(("dt", "dn"), [(0.1, 1), (0.05, 3), (2.0, 1), (0.5, 8192)])
def test_exact_on_a_constant_rate(dt: float, dn: float) -> None:
    est = RateEstimator(T0)
    n, t = feed(est, [(dt, dn)] * 50)
    assert est.rate == pytest.approx(dn / dt)
    assert est.eta(100 * dn, t) == pytest.approx(100 * dt)


@pytest.mark.parametrize("factor", [4.0, 0.25])
def test_follows_a_sustained_speed_change_quickly(factor: float) -> None:
    est = RateEstimator(T0)
    n, t = feed(est, [(0.1, 1)] * 300)  # 30 s at 10/s
    new_dt = 0.1 * factor
    steps_needed = 0
    while not math.isclose(est.rate or 0, 1 / new_dt, rel_tol=0.1):
        n, t = feed(est, [(new_dt, 1)], n, t)
        steps_needed += 1
        assert steps_needed <= 12, "no restart after a 4x change"
    assert abs(n / (t - T0) * new_dt - 1) > 0.3  # the whole-run average is still far off


def test_noise_alone_does_not_restart() -> None:
    est = RateEstimator(T0)
    pattern = [(0.06, 1), (0.14, 1), (0.1, 1), (0.08, 1), (0.12, 1)]
    n, t = feed(est, pattern * 200)
    # still the average of everything after the warm-up interval (0.06 s, 1 unit)
    assert est.rate == pytest.approx((n - 1) / (t - T0 - 0.06), rel=1e-9)


def test_a_single_stall_is_forgotten_once_the_speed_is_back() -> None:
    est = RateEstimator(T0)
    n, t = feed(est, [(0.1, 1)] * 300)  # 30 s at 10/s
    n, t = feed(est, [(20.0, 1)], n, t)  # one 20 s hang (a stalled connection)
    n, t = feed(est, [(0.1, 1)] * 20, n, t)
    assert est.rate == pytest.approx(10.0, rel=0.02)  # not 300 units / 50 s
    assert est.eta(100, t) == pytest.approx(10.0, rel=0.02)


def test_stalls_that_recur_are_counted() -> None:
    est = RateEstimator(T0)
    n, t = feed(est, [(0.1, 1)] * 20)
    for _ in range(6):  # 8 s of work, then a 2 s checkpoint, six times
        n, t = feed(est, [(0.1, 1)] * 79 + [(2.0, 1)], n, t)
    # the checkpoints are 2 s in every 9.9 s: the rate must include them
    assert est.rate == pytest.approx(80 / 9.9, rel=0.05)


def test_eta_counts_down_between_observations() -> None:
    est = RateEstimator(T0)
    _, t = feed(est, [(1.0, 1)] * 20)
    first = est.eta(30, t)
    assert first == pytest.approx(30.0)
    for elapsed in (0.25, 0.5, 0.9):
        assert est.eta(30, t + elapsed) == pytest.approx(30.0 - elapsed)


def test_a_long_silence_never_shows_zero_and_grows_again() -> None:
    est = RateEstimator(T0)
    _, t = feed(est, [(1.0, 1)] * 20)
    shown = [est.eta(3, t + s) for s in (0.5, 2.9, 5.0, 20.0, 100.0)]
    assert all(e is not None and e > 0 for e in shown)
    assert shown[1] < shown[0]  # counting down at first
    assert shown[4] > shown[3] > shown[2]  # overdue: the silence itself is evidence


def test_backwards_progress_restarts_history() -> None:
    est = RateEstimator(T0)
    n, t = feed(est, [(0.1, 1)] * 50)
    est.observe(10, t + 0.1)  # a retry restarted the work
    assert est.rate is None
    feed(est, [(0.5, 1)] * 10, n=10, t=t + 0.1)  # slower now; nothing old is mixed in
    assert est.rate == pytest.approx(2.0)


@pytest.mark.parametrize("remaining", [0, -3])
def test_nothing_remaining_means_zero(remaining: float) -> None:
    est = RateEstimator(T0)
    assert est.eta(remaining, T0) == 0.0


def test_samples_without_time_or_progress_are_merged() -> None:
    est = RateEstimator(T0)
    n, t = feed(est, [(0.1, 1)] * 10)
    est.observe(n + 1, t)  # same instant: no interval yet
    est.observe(n + 1, t + 0.05)  # no progress: the interval keeps growing
    est.observe(n + 2, t + 0.2)
    assert est.rate == pytest.approx(10.0)


def test_swinging_speed_leans_on_the_run_average() -> None:
    est = RateEstimator(T0)
    n, t = 0.0, T0
    for _ in range(4):  # 10 s at 20/s, 10 s at 5/s, four times
        n, t = feed(est, [(0.05, 1)] * 200 + [(0.2, 1)] * 50, n, t)
    n, t = feed(est, [(0.05, 1)] * 40, n, t)  # now fast again, for 2 s
    eta = est.eta(1000, t)
    assert eta is not None
    fast, average = 1000 / 20, 1000 * (t - T0) / n
    assert abs(eta - average) < abs(eta - fast)  # not the current phase alone


def test_a_steady_drift_is_followed() -> None:
    est = RateEstimator(T0)
    n, t = 0.0, T0
    for i in range(1200):  # each step 0.05 s * 3 ** (i / 1200): 3x slower by the end
        n, t = feed(est, [(0.05 * 3 ** (i / 1200), 1)], n, t)
    now = 1 / (0.05 * 3 ** (1199 / 1200))
    whole = n / (t - T0)
    assert est.rate is not None
    assert abs(est.rate / now - 1) < 0.1 < abs(whole / now - 1)


def test_rate_is_steady_under_bursty_updates() -> None:
    """Blocks come in bursts 0.5 ms apart, then a network gap: 84 blocks per 0.31 s."""
    est = RateEstimator(T0)
    n, t = feed(est, [(0.5, 64)])  # the warm-up interval
    seen = []
    for _ in range(40):
        n, t = feed(est, [(0.0005, 1)] * 63 + [(0.3 - 63 * 0.0005, 1)], n, t)
        seen.append(est.rate)
        n, t = feed(est, [(0.0005, 1)] * 20, n, t)  # in the middle of the next burst
        seen.append(est.rate)
    true = 84 / (0.3 + 20 * 0.0005)
    tail = [r for r in seen[20:] if r is not None]
    assert len(tail) == 60
    # never the burst's own 2000/s, never the gap's near 0: within 10 % all along
    assert max(tail) < true * 1.1 and min(tail) > true * 0.9


def test_smoothing_zero_is_the_whole_run_average() -> None:
    est = RateEstimator(T0, smoothing=0)
    steps = [(0.1, 1)] * 100 + [(0.4, 1)] * 50 + [(0.05, 3)] * 70
    n, t = feed(est, [(5.0, 1), *steps])  # the warm-up interval is left out
    assert est.rate == pytest.approx((n - 1) / (t - T0 - 5.0), rel=1e-9)


@pytest.mark.parametrize("smoothing", [0.99, 1.0])
def test_smoothing_near_one_follows_the_latest_speed(smoothing: float) -> None:
    est = RateEstimator(T0, smoothing=smoothing)
    n, t = feed(est, [(0.1, 1)] * 300)  # 30 s at 10/s
    n, t = feed(est, [(0.25, 1)] * 4, n, t)  # then 1 s at 4/s
    assert est.rate == pytest.approx(4.0, rel=0.05)


def test_smoothing_in_between_weighs_recent_time_more() -> None:
    rates = []
    for smoothing in (0.0, 0.3, 0.9):
        est = RateEstimator(T0, smoothing=smoothing)
        n, t = feed(est, [(0.1, 1)] * 300)  # 30 s at 10/s
        feed(est, [(0.25, 1)] * 20, n, t)  # then 5 s at 4/s
        rates.append(est.rate)
    assert rates[0] > rates[1] > rates[2] > 4.0


@pytest.mark.parametrize("bad", [-0.1, 1.5, math.nan, math.inf])
def test_smoothing_outside_zero_one_is_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="smoothing"):
        RateEstimator(T0, smoothing=bad)


@pytest.mark.parametrize("bad", ["0.3", True, [0.3]])
def test_smoothing_that_is_not_a_number_is_refused(bad: object) -> None:
    with pytest.raises(TypeError, match="smoothing"):
        RateEstimator(T0, smoothing=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("smoothing", [None, 0.0, 0.3, 1.0])
def test_every_smoothing_counts_down_and_grows_when_overdue(smoothing: Optional[float]) -> None:
    est = RateEstimator(T0, smoothing=smoothing)
    _, t = feed(est, [(1.0, 1)] * 20)
    assert est.eta(30, t) == pytest.approx(30.0)
    assert est.eta(30, t + 0.5) == pytest.approx(29.5)
    late = [est.eta(30, t + s) for s in (5.0, 20.0, 100.0)]
    assert late[0] is not None and late[1] is not None and late[2] is not None
    assert late[2] > late[1] > late[0] > 0


def test_a_vanishing_rate_gives_no_eta_rather_than_infinity() -> None:
    # found by the fuzz test: 2e-313 units in a second overflows remaining / rate
    est = RateEstimator(0.0)
    est.observe(2.2250738585e-313, 1.0)
    assert est.eta(1.0, 1.0) is None


def test_the_bar_survives_a_vanishing_rate() -> None:
    import io

    from progbar import Progbar

    class Clock:
        now = 0.0

        def __call__(self) -> float:
            return self.now

    clock, stream = Clock(), io.StringIO()
    bar = Progbar(1, file=stream, display="log", log_interval=0, clock=clock)
    clock.now = 1.0
    bar.update(2.2250738585e-313)
    bar.update(0)
    assert "ETA: ?" in stream.getvalue().splitlines()[-1]


def test_an_ordinary_first_step_is_kept() -> None:
    est = RateEstimator(T0, smoothing=0)
    n, t = feed(est, [(4.1, 1), (3.9, 1), (4.0, 1)])  # epochs: the first is no warm-up
    assert est.rate == pytest.approx(n / (t - T0))


def test_a_short_first_stall_is_counted() -> None:
    est = RateEstimator(T0)
    n, t = feed(est, [(0.1, 1)] * 300)  # 30 s at 10/s
    n, t = feed(est, [(3.0, 1)], n, t)  # a 3 s stall: 10 % of the run so far, may recur
    n, t = feed(est, [(0.1, 1)] * 20, n, t)
    assert est.rate == pytest.approx((n - 1) / (t - T0 - 0.1), rel=0.02)
