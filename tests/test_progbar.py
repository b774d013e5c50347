"""Progbar behaviour: Keras semantics, the classic look, displays, properties."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from harness import FakeClock, TtyStringIO, screen_of

from progbar import Progbar

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run(updates, *, clock: FakeClock, step: float = 0.1, **options):
    """Drive a bar through ``updates`` ((current, values) pairs), one clock step apart."""
    stream = options.pop("file", None) or io.StringIO()
    options.setdefault("display", "log")
    options.setdefault("log_interval", 0.0)  # every draw becomes a line we can read
    bar = Progbar(file=stream, clock=clock, **options)
    for current, values in updates:
        clock.tick(step)
        bar.update(current, values=values)
    return bar, stream.getvalue()


# -- Keras's own progbar_test.py, reproduced ---------------------------------------------


@pytest.mark.parametrize(
    "value",
    [1.0, np.array(1.0), np.float32(1.0), [0.0, 1.0, 2.0]],
    ids=["float", "np", "f32", "list"],
)
def test_values_may_be_floats_numpy_or_lists(clock: FakeClock, value: object) -> None:
    bar, out = run([(1, [("values", value)])], clock=clock, target=1, display="log")
    assert out.endswith(" - values: 1.0000\n")


@pytest.mark.parametrize("verbose", [1, 2])
def test_zero_target_finalizes_without_crashing(clock: FakeClock, verbose: int) -> None:
    stream = io.StringIO()
    bar = Progbar(0, verbose=verbose, file=stream, display="log", clock=clock)
    bar.update(0, finalize=True)
    assert stream.getvalue().startswith("0/0")


def test_both_metric_lists_raise() -> None:
    with pytest.raises(ValueError, match="Only one of"):
        Progbar(1, stateful_metrics=[], stateless_metrics=[])


@pytest.mark.parametrize(
    ("stateful", "stateless", "expected"),
    [
        ([], None, "1."),  # every metric averaged: (0 + 2) / 2
        (["value"], None, "2."),  # value is stateful: last value
        (None, [], "2."),  # nothing is averaged
        (None, ["value"], "1."),  # value is averaged
    ],
    ids=["all_stateless", "one_stateful", "all_stateful", "one_stateless"],
)
def test_stateful_stateless_output(
    clock: FakeClock, stateful: list[str] | None, stateless: list[str] | None, expected: str
) -> None:
    stream = TtyStringIO()
    bar = Progbar(
        3,
        stateful_metrics=stateful,
        stateless_metrics=stateless,
        interval=0.0,
        file=stream,
        display="tty",
        clock=clock,
    )
    bar.update(1, values=[("value", 0.0)])
    clock.tick(0.1)
    bar.update(2, values=[("value", 2.0)])
    last = stream.getvalue().rsplit("\r", 1)[-1]
    assert f"value: {expected}" in last


# -- metric averaging, weighted by the steps each value covers ----------------------------


def test_stateless_average_is_weighted_by_steps(clock: FakeClock) -> None:
    # 2 steps at loss 1.0, then 6 steps at loss 3.0 -> (2*1 + 6*3) / 8 = 2.5
    bar, out = run([(2, [("loss", 1.0)]), (8, [("loss", 3.0)])], clock=clock, target=10, interval=0)
    assert out.splitlines()[-1].endswith("loss: 2.5000")


def test_finalizing_step_is_averaged_in_like_any_step(clock: FakeClock) -> None:
    # the last step's value is one more step's value (Keras 3 would show 5.0 alone)
    bar, out = run([(1, [("loss", 1.0)]), (2, [("loss", 5.0)])], clock=clock, target=2, interval=0)
    assert out.splitlines()[-1].endswith("loss: 3.0000")


def test_finalize_without_new_steps_shows_the_epoch_logs_as_given(clock: FakeClock) -> None:
    # Keras's on_epoch_end: the epoch's own average, given at the count already reached
    stream = io.StringIO()
    bar, _ = run([(1, [("loss", 1.0)]), (2, [("loss", 5.0)])], clock=clock, target=3, file=stream)
    assert bar.metrics == {"loss": 3.0}
    bar.update(2, [("loss", 2.5)], finalize=True)
    assert stream.getvalue().splitlines()[-1].endswith("loss: 2.5000")


def test_first_call_at_step_zero_counts_as_one_step(clock: FakeClock) -> None:
    bar, out = run([(0, [("loss", 4.0)]), (1, [("loss", 2.0)])], clock=clock, target=5, interval=0)
    assert out.splitlines()[-1].endswith("loss: 3.0000")


def test_metric_order_is_first_seen(clock: FakeClock) -> None:
    bar, out = run(
        [(1, [("b", 1.0), ("a", 2.0)]), (2, [("c", 3.0), ("a", 2.0)])],
        clock=clock,
        target=4,
        interval=0,
    )
    assert re.search(r"b: .* a: .* c: ", out.splitlines()[-1])


def test_small_values_use_exponent_format(clock: FakeClock) -> None:
    bar, out = run([(1, [("lr", 1e-4), ("loss", 0.25)])], clock=clock, target=1)
    assert out.endswith(" - lr: 1.0000e-04 - loss: 0.2500\n")


# -- the classic look, end to end ----------------------------------------------------------


def test_finished_line_shows_elapsed_and_per_step_time(clock: FakeClock) -> None:
    # first step 5 s (warm-up), then 99 steps of 0.1 s: Keras leaves the first step out
    stream = io.StringIO()
    bar = Progbar(100, file=stream, display="log", clock=clock)
    clock.tick(5.0)
    bar.update(1)
    for i in range(2, 101):
        clock.tick(0.1)
        bar.update(i)
    assert stream.getvalue().splitlines()[-1] == (
        "100/100 [==============================] - 15s 100ms/step"
    )


def test_unknown_target_line(clock: FakeClock) -> None:
    stream = io.StringIO()
    bar, _ = run(
        [(i, None) for i in range(1, 121)], clock=clock, step=0.025, target=None, file=stream
    )
    bar.close()  # an unknown target never finishes by itself
    assert stream.getvalue().splitlines()[-1] == "    120/Unknown - 3s 25ms/step"


def test_tty_redraws_in_place(clock: FakeClock) -> None:
    stream = TtyStringIO()
    bar = Progbar(100, width=20, file=stream, display="tty", clock=clock)
    for i in range(1, 61):
        clock.tick(0.1)
        bar.update(i)
    screen = screen_of(stream.getvalue(), columns=60, rows=3)
    assert screen.display[0].startswith(" 60/100 [===========>........] - ETA: ")
    assert screen.display[1].strip() == ""
    assert "\n" not in stream.getvalue()


def test_verbose_two_prints_one_line_at_the_end(clock: FakeClock) -> None:
    updates = [(i, [("loss", 0.5)]) for i in range(1, 4)]
    bar, out = run(
        updates, clock=clock, step=0.4, target=3, verbose=2, display="tty", file=TtyStringIO()
    )
    assert out == "3/3 - 1s - 400ms/step - loss: 0.5000\n"


def test_verbose_zero_is_silent_but_still_estimates(clock: FakeClock) -> None:
    bar, out = run([(i, None) for i in range(1, 11)], clock=clock, target=20, verbose=0)
    assert out == ""
    assert bar.rate == pytest.approx(10.0)
    assert bar.eta == pytest.approx(1.0)


def test_add_accumulates(clock: FakeClock) -> None:
    bar = Progbar(10, display="silent", clock=clock)
    bar.add(3)
    bar.add(4, values=[("loss", 1.0)])
    assert bar.current == 7


def test_interval_throttles_redraws(clock: FakeClock) -> None:
    stream = TtyStringIO()
    bar = Progbar(1000, file=stream, display="tty", clock=clock, interval=1.0)
    for i in range(1, 1001):
        clock.tick(0.01)  # 10 s in all: about 10 redraws, plus the first and the final one
        bar.update(i)
    assert 9 <= stream.getvalue().count("\r") <= 12


def test_close_is_idempotent_and_does_not_claim_completion(clock: FakeClock) -> None:
    stream = io.StringIO()
    with Progbar(100, file=stream, display="log", clock=clock) as bar:
        for i in range(1, 46):
            clock.tick(0.1)
            bar.update(i)
    bar.close()
    lines = stream.getvalue().splitlines()
    assert lines[-1] == " 45/100 [" + "=" * 12 + ">" + "." * 17 + "] - 5s 100ms/step"
    assert "ETA" not in lines[-1]
    assert sum(line.startswith(" 45/100") for line in lines) == 1


def test_context_manager_closes_on_exception(clock: FakeClock) -> None:
    stream = TtyStringIO()
    with pytest.raises(RuntimeError), Progbar(10, file=stream, display="tty", clock=clock) as bar:
        bar.update(3)
        raise RuntimeError("boom")
    assert stream.getvalue().endswith("\n")
    assert screen_of(stream.getvalue()).display[0].startswith(" 3/10 [")


def test_eta_counts_down_and_is_none_without_target(clock: FakeClock) -> None:
    bar = Progbar(100, display="silent", clock=clock)
    for i in range(1, 11):
        clock.tick(1.0)
        bar.update(i)
    first = bar.eta
    assert first == pytest.approx(90.0)
    clock.tick(0.5)  # within the usual gap between updates: a steady countdown
    assert bar.eta == pytest.approx(89.5)
    clock.tick(10.0)  # long overdue: the silence is evidence of a slower rate
    assert bar.eta is not None
    assert bar.eta > first
    unknown = Progbar(None, display="silent", clock=clock)
    assert unknown.eta is None


# -- arguments -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"target": -1}, ValueError, "target"),
        ({"target": "10"}, TypeError, "target"),
        ({"target": float("nan")}, ValueError, "target"),
        ({"target": float("inf")}, ValueError, "target"),
        ({"target": 10, "width": 0}, ValueError, "width"),
        ({"target": 10, "width": 2.5}, TypeError, "width"),
        ({"target": 10, "verbose": 5}, ValueError, "verbose"),
        ({"target": 10, "display": "bogus"}, ValueError, "display"),
        ({"target": 10, "interval": -1}, ValueError, "interval"),
        ({"target": 10, "unit_name": 3}, TypeError, "unit_name"),
        (
            {"target": 10, "stateful_metrics": ["a"], "stateless_metrics": ["b"]},
            ValueError,
            "metrics",
        ),
    ],
)
def test_bad_arguments_name_themselves(kwargs: dict, error: type, name: str) -> None:
    with pytest.raises(error, match=name):
        Progbar(**kwargs)


def test_update_rejects_non_numbers(clock: FakeClock) -> None:
    bar = Progbar(10, display="silent", clock=clock)
    with pytest.raises(TypeError, match="current"):
        bar.update("3")  # type: ignore[arg-type]
