"""RateEstimator on hand-made timelines: explicit times, no clock, no sleeping."""

from __future__ import annotations

import math

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


def test_a_single_stall_moves_the_eta_only_by_its_share() -> None:
    est = RateEstimator(T0)
    n, t = feed(est, [(0.1, 1)] * 300)  # 30 s at 10/s
    before = est.eta(500, t)
    n, t = feed(est, [(3.0, 1)], n, t)  # one 3 s checkpoint
    after = est.eta(500, t)
    assert before is not None and after is not None
    # the stall is 3 s of 33: the ETA may grow by that share, not be rebuilt on it
    assert after <= before * 33 / 30 * 1.01
    n, t = feed(est, [(0.1, 1)] * 20, n, t)
    assert est.rate == pytest.approx(n / (t - T0 - 0.1), rel=0.02)  # no restart


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
