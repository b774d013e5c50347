"""``progbar.epochs``: Keras's epoch lines around a hand-written loop.

Every run uses a fake clock: each training step takes 0.1 s and each
validation pass 5 s, so the golden lines also show that validation time is
left out of the finished line's time figures (``1s 100ms/step``, not
``6s 600ms/step``).
"""

from __future__ import annotations

import io
import math
import re

import pytest
from harness import FakeClock, TtyStringIO, run_in_pty, screen_of

import progbar
from progbar import Epoch, Epochs, epochs

keras_reference = pytest.importorskip("benchmarks.keras_reference")


def three_epochs(
    verbose: int, steps: int | None, stream: io.StringIO, lr: bool = True, **options: object
) -> tuple[Epochs, list[int | float | None]]:
    """A 3-epoch run of 10 steps each; returns the run and the steps each epoch knew."""
    clock = FakeClock()
    run = epochs(3, steps, verbose=verbose, file=stream, clock=clock, **options)  # type: ignore[arg-type]
    known = []
    for epoch in run:
        known.append(epoch.steps)
        for step in range(1, 11):
            clock.tick(0.1)
            values = {"lr": 0.01 / epoch.number} if lr else {}
            epoch.update(step, loss=step / (10 * epoch.number), **values)
        clock.tick(5.0)  # the validation pass
        epoch.end(val_loss=0.3 / epoch.number)
    return run, known


VERBOSE_2 = """\
Epoch 1/3
10/10 - 1s - 100ms/step - loss: 0.5500 - lr: 0.0100 - val_loss: 0.3000
Epoch 2/3
10/10 - 1s - 100ms/step - loss: 0.2750 - lr: 0.0050 - val_loss: 0.1500
Epoch 3/3
10/10 - 1s - 100ms/step - loss: 0.1833 - lr: 0.0033 - val_loss: 0.1000
Best epoch 3/3 (lowest val_loss) - loss: 0.1833 - lr: 0.0033 - val_loss: 0.1000
"""


@pytest.mark.parametrize("steps", [10, None], ids=["known", "unknown"])
def test_verbose_2_prints_exactly_one_line_per_epoch(steps: int | None) -> None:
    stream = io.StringIO()
    run, known = three_epochs(2, steps, stream, stateful_metrics=["lr"], best="val_loss")
    assert stream.getvalue() == VERBOSE_2
    # unknown: the first epoch learns the count and the later ones know it, as in Keras
    assert known == ([10, 10, 10] if steps else [None, 10, 10])


VERBOSE_1_SCREEN = [
    "Epoch 1/3",
    "10/10 [==========] - 1s 100ms/step - loss: 0.5500 - val_loss: 0.3000",
    "Epoch 2/3",
    "10/10 [==========] - 1s 100ms/step - loss: 0.2750 - val_loss: 0.1500",
    "Epoch 3/3",
    "10/10 [==========] - 1s 100ms/step - loss: 0.1833 - val_loss: 0.1000",
    "",
]


@pytest.mark.parametrize("steps", [10, None], ids=["known", "unknown"])
def test_verbose_1_final_screen(steps: int | None) -> None:
    stream = TtyStringIO()
    three_epochs(1, steps, stream, lr=False, width=10, display="tty")
    text = stream.getvalue()
    screen = [line.rstrip() for line in screen_of(text, columns=80, rows=7).display]
    assert screen == VERBOSE_1_SCREEN
    first_epoch, later = text.split("Epoch 2/3")
    assert ("/Unknown" in first_epoch) is (steps is None)
    assert "/Unknown" not in later
    assert text.count("\r") >= 30  # a live bar, redrawn in place at every step


def test_verbose_1_live_line_mid_epoch() -> None:
    clock, stream = FakeClock(), TtyStringIO()
    run = epochs(2, None, file=stream, clock=clock, display="tty", width=10, interval=0.0)
    frames = []
    for epoch in run:
        for step in range(1, 6):
            clock.tick(0.1)
            epoch.update(step, loss=1.0)
        frames.append([line.rstrip() for line in screen_of(stream.getvalue(), rows=5).display])
        epoch.end()
    assert re.fullmatch(r" {6}5/Unknown - \ds 100ms/step - loss: 1.0000", frames[0][1])
    assert re.fullmatch(r"5/5 \[==========\] - ETA: 0s - loss: 1.0000", frames[1][3])


def test_verbose_0_prints_nothing_and_keeps_history() -> None:
    stream = io.StringIO()
    run, _ = three_epochs(0, 10, stream, best="val_loss")
    assert stream.getvalue() == ""
    assert [logs["val_loss"] for logs in run.history] == pytest.approx([0.3, 0.15, 0.1])
    assert run.history[0]["loss"] == pytest.approx(0.55)
    assert run.best_epoch == 3


@pytest.mark.slow  # a child on a real pty
def test_a_real_terminal_shows_the_keras_lines() -> None:
    code = """
import progbar
t = [0.0]
for epoch in progbar.epochs(3, steps=20, clock=lambda: t[0], best="val_loss"):
    for step in range(1, 21):
        t[0] += 0.05
        epoch.update(step, loss=1.0 / (step * epoch.number), accuracy=0.5 + step / 100)
    t[0] += 3.0
    epoch.end(val_loss=0.5 / epoch.number, val_accuracy=0.9)
print("done")
"""
    run = run_in_pty(code, columns=140, rows=10)
    assert run.returncode == 0
    bar = "20/20 [==============================] - 1s 50ms/step"
    tail = "- accuracy: 0.6050 - val_loss: {} - val_accuracy: 0.9000"
    assert run.lines[:9] == [
        "Epoch 1/3",
        f"{bar} - loss: 0.1799 {tail.format('0.5000')}",
        "Epoch 2/3",
        f"{bar} - loss: 0.0899 {tail.format('0.2500')}",
        "Epoch 3/3",
        f"{bar} - loss: 0.0600 {tail.format('0.1667')}",
        "Best epoch 3/3 (lowest val_loss) - loss: 0.0600 " + tail.format("0.1667"),
        "done",
        "",
    ]


# -- metric values: Keras's algorithm, by hand and against Keras's own source ------------

Updates = list[tuple[float, dict[str, object]]]

SEQUENCES: dict[str, tuple[Updates, dict[str, object], dict[str, float]]] = {
    # name: (updates as (current, values), options, expected averages worked out by hand)
    "steady": ([(s, {"loss": float(s)}) for s in range(1, 5)], {}, {"loss": 2.5}),
    "uneven_jumps": (  # weights 1, 3, 6: (2 + 3 + 3) / 10
        [(1, {"loss": 2.0}), (4, {"loss": 1.0}), (10, {"loss": 0.5})],
        {},
        {"loss": 0.8},
    ),
    "first_call_at_step_0": (  # weights max(0, 1), 1, 4: (4 + 2 + 4) / 6
        [(0, {"loss": 4.0}), (1, {"loss": 2.0}), (5, {"loss": 1.0})],
        {},
        {"loss": 10 / 6},
    ),
    "same_step_twice": (  # weights 2, max(0, 1), 1: (2 + 3 + 5) / 4
        [(2, {"loss": 1.0}), (2, {"loss": 3.0}), (3, {"loss": 5.0})],
        {},
        {"loss": 2.5},
    ),
    "stateful_last_value": (  # acc as last reported; loss weights 1, 2, 2: (1 + 6 + 0.2) / 5
        [
            (1, {"acc": 0.5, "loss": 1.0}),
            (3, {"acc": 0.75, "loss": 3.0}),
            (5, {"acc": 0.9, "loss": 0.1}),
        ],
        {"stateful_metrics": ["acc"]},
        {"acc": 0.9, "loss": 1.44},
    ),
    "stateless_list": (  # only loss averaged, weights 1, 2: (1 + 4) / 3; lr as last reported
        [(1, {"loss": 1.0, "lr": 0.1}), (3, {"loss": 2.0, "lr": 0.05})],
        {"stateless_metrics": ["loss"]},
        {"loss": 5 / 3, "lr": 0.05},
    ),
    "metric_appears_late": (  # acc starts at step 4 with weight 3: (3 * 0.5 + 0.7) / 4
        [(1, {"loss": 1.0}), (4, {"loss": 1.0, "acc": 0.5}), (5, {"acc": 0.7})],
        {},
        {"loss": 1.0, "acc": 0.55},
    ),
}


def keras_averages(
    updates: Updates, options: dict[str, object], final: dict[str, object] | None = None
) -> dict[str, float]:
    """What Keras's own Progbar (its real source) holds after the same updates.

    Keras 3 needs Python >= 3.10; without it the hand-computed figures still
    stand, and only this cross-check is skipped.
    """
    try:
        keras_cls = keras_reference.keras_progbar_class(FakeClock(), [])
    except ImportError:
        pytest.skip("keras is not installed (Keras 3 needs Python >= 3.10)")
    bar = keras_cls(100, verbose=0, **options)
    for current, values in updates:
        bar.update(current, list(values.items()))
    if final is not None:
        bar.update(updates[-1][0], list(final.items()), finalize=True)
    return {name: total / max(1, count) for name, (total, count) in bar._values.items()}


@pytest.mark.parametrize("name", list(SEQUENCES))
def test_metric_averages_follow_keras(name: str) -> None:
    updates, options, expected = SEQUENCES[name]
    stream = io.StringIO()
    run = epochs(1, None, verbose=2, file=stream, clock=FakeClock(), **options)  # type: ignore[arg-type]
    for epoch in run:
        for current, values in updates:
            epoch.update(current, values)
        assert epoch.metrics == pytest.approx(expected)
    shown = "".join(f" - {k}: {v:.4f}" for k, v in expected.items())
    assert stream.getvalue().endswith(shown + "\n")  # and the finished line shows them
    assert keras_averages(updates, options) == pytest.approx(expected)


def test_finalize_replaces_a_running_average_with_the_reported_value() -> None:
    # Keras's finalize: a stateless metric given with the last update is shown as given
    updates: Updates = [(1, {"loss": 1.0, "acc": 0.5}), (2, {"loss": 2.0, "acc": 1.0})]
    final: dict[str, object] = {"loss": 0.3, "val_loss": 0.2}
    expected = {"loss": 0.3, "acc": 0.75, "val_loss": 0.2}
    for epoch in epochs(1, 2, verbose=0, clock=FakeClock()):
        for current, values in updates:
            epoch.update(current, values)
        assert epoch.metrics == pytest.approx({"loss": 1.5, "acc": 0.75})
        assert epoch.end(final) == pytest.approx(expected)
    assert keras_averages(updates, {}, final) == pytest.approx(expected)


def test_values_as_pairs_dicts_keywords_and_add() -> None:
    for epoch in epochs(1, 4, verbose=0, clock=FakeClock()):
        epoch.update(1, [("loss", 1.0)])
        epoch.add(1, {"loss": 2.0})
        epoch.add(loss=3.0)
        epoch.add(1, [("loss", 4.0)], acc=1.0)
        assert epoch.current == 4
        assert epoch.metrics == {"loss": 2.5, "acc": 1.0}


# -- the best epoch, leaving early, odd input -----------------------------------------------


def last_line(history: list[dict[str, object]], **options: object) -> str:
    """The last line printed by a run whose epochs end with ``history``'s logs."""
    stream, clock = io.StringIO(), FakeClock()
    run = epochs(len(history), 1, verbose=2, file=stream, clock=clock, **options)  # type: ignore[arg-type]
    for epoch, logs in zip(run, history):
        clock.tick(1.0)
        epoch.update(1)
        epoch.end(logs)
    return stream.getvalue().splitlines()[-1]


def test_best_accuracy_is_the_highest_unless_told() -> None:
    history: list[dict[str, object]] = [
        {"val_accuracy": 0.8},
        {"val_accuracy": 0.9},
        {"val_accuracy": 0.85},
    ]
    assert last_line(history, best="val_accuracy") == (
        "Best epoch 2/3 (highest val_accuracy) - val_accuracy: 0.9000"
    )
    assert last_line(history, best="val_accuracy", mode="min") == (
        "Best epoch 1/3 (lowest val_accuracy) - val_accuracy: 0.8000"
    )


def test_best_skips_missing_and_nan_values_and_keeps_the_first_of_ties() -> None:
    history: list[dict[str, object]] = [
        {"loss": 1.0},
        {"loss": math.nan, "x": 1.0},
        {"x": 2.0},
        {"loss": 0.5},
        {"loss": 0.5},
    ]
    assert last_line(history, best="loss").startswith("Best epoch 4/5 (lowest loss) - loss: 0.5")
    assert last_line(history, best="val_auc") == "Best epoch: none (no epoch reported val_auc)"
    assert last_line(history) == "1/1 - 1s - 1s/step - loss: 0.5000"


def test_break_after_an_epoch_ended_still_names_the_best() -> None:
    stream, clock = io.StringIO(), FakeClock()
    run = epochs(5, 2, verbose=2, file=stream, clock=clock, best="val_loss")
    for epoch in run:
        clock.tick(1.0)
        epoch.update(2, loss=1.0)
        epoch.end(val_loss=[0.5, 0.4, 0.45][epoch.number - 1])
        if epoch.number == 3:  # early stopping
            break
    assert len(run.history) == 3
    assert run.best_epoch == 2
    lines = stream.getvalue().splitlines()
    assert lines[-2] == "2/2 - 1s - 500ms/step - loss: 1.0000 - val_loss: 0.4500"
    assert lines[-1] == "Best epoch 2/5 (lowest val_loss) - loss: 1.0000 - val_loss: 0.4000"


def test_an_error_mid_epoch_closes_the_line_and_records_nothing() -> None:
    stream, clock = TtyStringIO(), FakeClock()
    run = epochs(3, 10, file=stream, clock=clock, display="tty", best="loss", width=10)
    with pytest.raises(RuntimeError, match="diverged"):
        for epoch in run:
            for step in range(1, 11):
                clock.tick(0.1)
                epoch.update(step, loss=1.0)
                if epoch.number == 2 and step == 4:
                    raise RuntimeError("diverged")
            epoch.end()
    assert len(run.history) == 1
    text = stream.getvalue()
    assert text.endswith("\n") and "Best" not in text
    screen = [line.rstrip() for line in screen_of(text, rows=5).display]
    assert screen[2] == "Epoch 2/3"
    assert screen[3].startswith(" 4/10 [===>......]")
    assert screen[4] == ""


def test_end_is_idempotent_and_late_updates_are_ignored() -> None:
    stream = io.StringIO()
    for epoch in epochs(1, 2, verbose=2, file=stream, clock=FakeClock()):
        epoch.update(2, loss=1.0)
        first = epoch.end(val_loss=0.5)
        epoch.update(3, loss=9.0)
        assert epoch.end(val_loss=0.1) == first == {"loss": 1.0, "val_loss": 0.5}
        assert epoch.current == 2
    assert stream.getvalue().count("\n") == 1


def test_a_single_epoch_has_no_header_as_in_keras() -> None:
    stream = io.StringIO()
    for epoch in epochs(1, 1, verbose=2, file=stream, clock=FakeClock()):
        epoch.update(1)
    assert stream.getvalue() == "1/1 - 0s - 0s/step\n"
    assert list(epochs(0, verbose=2, file=stream)) == []
    assert len(epochs(7)) == 7


def test_a_broken_stream_never_breaks_training() -> None:
    stream = TtyStringIO()
    stream.close()
    run, _ = three_epochs(1, 10, stream, display="tty", best="val_loss")
    assert len(run.history) == 3


def test_public_names() -> None:
    assert progbar.epochs is epochs
    for epoch in epochs(1, verbose=0):
        assert isinstance(epoch, Epoch)


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"count": "3"}, TypeError, "count"),
        ({"count": 3, "steps": -1}, ValueError, "steps"),
        ({"count": 3, "steps": 2.5}, TypeError, "steps"),
        ({"count": 3, "verbose": 3}, ValueError, "verbose"),
        ({"count": 3, "mode": "avg"}, ValueError, "mode"),
        ({"count": 3, "best": 1}, TypeError, "best"),
        ({"count": 3, "width": "x"}, TypeError, "width"),
        ({"count": 3, "target": 5}, TypeError, "target"),
        ({"count": 3, "stateful_metrics": ["a"], "stateless_metrics": ["b"]}, ValueError, "only"),
        ({"count": 3, "stateful_metrics": "loss"}, TypeError, "stateful_metrics"),
    ],
)
def test_bad_arguments_raise_at_the_call(
    kwargs: dict[str, object], error: type[Exception], name: str
) -> None:
    with pytest.raises(error, match=f"(?i){name}"):
        epochs(**kwargs)  # type: ignore[arg-type]


def test_bad_steps_raise_at_update_and_change_nothing() -> None:
    for epoch in epochs(1, 3, verbose=0):
        with pytest.raises(TypeError, match="current"):
            epoch.update("1")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="current"):
            epoch.update(math.nan)
        with pytest.raises(TypeError, match="n must"):
            epoch.add("x")  # type: ignore[arg-type]
        assert epoch.current == 0
        assert epoch.metrics == {}
