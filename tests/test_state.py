"""``BarState`` driven alone: plain numbers as times, no ``Progbar``, no screen, no clock.

The state is driven by its caller (issue 28): a count with the time it was
read at goes in, a :class:`Decision` comes out (draw now or not, when the next
draw is due, which counts need no time at all). These tests are that caller.
"""

from __future__ import annotations

import math

import pytest

from progbar._core.state import HORIZON, BarState, Decision, Gate


def drive(state: BarState, counts: range, step: float, start: float = 0.0) -> list[float]:
    """Count through ``counts``, one every ``step`` seconds, drawing when told: the draw times."""
    drawn = []
    now = start
    for count in counts:
        decision = state._advance(count, now)
        if decision.draw:
            state._observe(now)
            drawn.append(now)
            if decision.final:
                state._mark_finished()
        now += step
    return drawn


def test_the_first_count_draws_and_the_next_draw_is_a_gap_later() -> None:
    state = BarState(100, start=0.0, gap=0.5)
    first = state._advance(1, 0.0)
    assert (first.draw, first.final, first.next_at) == (True, False, 0.5)
    assert state._observe(0.0) == 1  # the caller drew the count 1
    early = state._advance(2, 0.1)
    assert (early.draw, early.next_at) == (False, 0.5)
    due = state._advance(3, 0.5)
    assert (due.draw, due.next_at) == (True, 1.0)


def test_draws_come_once_per_gap_however_many_counts() -> None:
    state = BarState(None, start=0.0, gap=0.5)
    drawn = drive(state, range(1, 1281), step=1 / 128)  # 10 s of counts (exact binary times)
    assert drawn == [k / 2 for k in range(20)]  # one draw per half second, on time


def test_the_window_spares_the_clock_up_to_the_next_draw_and_never_past_the_target() -> None:
    state = BarState(1000, start=0.0, gap=0.05)
    drive(state, range(1, 11), step=0.001)  # a rate of 1000 steps a second, measured
    decision = state._advance(11, 0.011)
    # the next draw is 39 ms away, the window HORIZON (20 ms) of steps at most, twice the last
    assert decision.quiet_below == 13
    assert state._record_add(1, None) is None  # 12: inside the window, no time needed
    assert state._record_add(1, None) is False  # 13: past it, the caller must bring the time
    close = BarState(20, start=0.0, gap=10.0)
    drive(close, range(1, 11), step=1.0)
    assert close._advance(11, 10.0).quiet_below <= 20  # finishing is seen at once
    assert HORIZON < 0.05


def test_add_and_update_record_counts_without_a_time() -> None:
    state = BarState(10, start=0.0, gap=1.0)
    assert state._record(4, None, None) is False
    assert state._record_add(2.5, None) is False  # the first window is closed: the time, please
    assert state._current == 6.5
    assert state._record(10, None, None) is True  # the target reached: the last line
    assert state._record(10, None, False) is False  # finalize=False keeps it open
    with pytest.raises(TypeError, match="current"):
        state._record("3", None, None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="n must be finite"):
        state._record_add(math.inf, None)
    assert state._current == 10


def test_finishing_draws_at_once_and_the_bar_stays_finished() -> None:
    state = BarState(50, start=0.0, gap=10.0)
    drawn = drive(state, range(1, 51), step=0.01)
    assert drawn == [0.0, pytest.approx(0.49)]  # the first count, then the target at once
    assert state._finished
    snap = state._snapshot(0.49, True, description="d", unit_name="step", units="count")
    assert (snap.current, snap.target, snap.final, snap.eta) == (50, 50, True, None)
    assert snap.per_unit == pytest.approx(0.01)  # Keras's mean time per step once finished


def test_a_skipped_draw_waits_a_gap_and_a_new_interval_moves_the_next_draw() -> None:
    state = BarState(None, start=0.0, gap=1.0)
    assert state._advance(1, 0.0).draw
    state._skip_draw(0.0)  # the output was busy: the next draw a gap later
    assert not state._advance(2, 0.5).draw
    state._set_gap(0.25)  # the interval shrinks: due 0.25 s after the last draw
    decision = state._advance(3, 0.3)
    assert decision.draw and decision.next_at == pytest.approx(0.55)


def test_the_estimator_and_the_metrics_live_in_the_state() -> None:
    state = BarState(1000, start=0.0, gap=0.1)
    now = 0.0
    for count in range(0, 501, 10):  # 100 steps a second, a loss that halves
        decision = state._advance(count, now, values=[("loss", 2.0 if count <= 250 else 1.0)])
        if decision.draw:
            state._observe(now)
        now += 0.1
    snap = state._snapshot(5.0, False, description=None, unit_name="step", units="count")
    assert snap.per_unit == pytest.approx(0.01, rel=0.05)
    assert snap.eta == pytest.approx(5.0, rel=0.1)  # 500 steps left at 100 a second
    assert state._metrics.averages()["loss"] == pytest.approx(1.5, rel=0.05)
    assert snap.metrics[0][0] == "loss"


def test_a_reset_or_a_new_target_closes_the_window() -> None:
    state = BarState(100, start=0.0, gap=0.05)
    drive(state, range(1, 21), step=0.001)
    assert state._advance(21, 0.021).quiet_below > 21
    state._retarget(30)
    assert state._record_add(1, None) is False  # the window was planned for the old target
    state._reset(5.0, 10)
    assert (state._current, state._target, state._finished) == (0, 10, False)
    assert state._advance(1, 5.0).draw  # a fresh start draws its first count


def test_the_gate_stores_throttled_counts_without_asking_for_a_time() -> None:
    asked: list[tuple[float, bool]] = []

    class Caller(Gate):
        """An owner with a fake clock that only counts how often it is asked."""

        now = 0.0

        def _counted(self, final: bool) -> None:
            asked.append((self._current, final))
            if self._decide(self.now, final).draw:
                self._observe(self.now)

    bar = Caller(1000, 0.0, 0.05)
    for count in range(1, 1001):
        Caller.now = count / 1000
        bar.update(count)
    assert bar._current == 1000 and bar._finished is False  # the owner marks it, not the gate
    assert asked[-1] == (1000, True)
    assert len(asked) < 150, len(asked)  # most calls were a type test and a store
    before = len(asked)
    bar.add(1)  # past the target: every call decides (the window never passes the target)
    assert len(asked) == before + 1 and asked[-1] == (1001, True)


def test_a_decision_reads_as_what_it_says() -> None:
    assert repr(Decision(True, False, 1.5, 7)) == (
        "Decision(draw=True, final=False, next_at=1.5, quiet_below=7)"
    )
