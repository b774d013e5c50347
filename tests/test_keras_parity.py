"""Same updates, same fake clock: progbar's lines equal the real Keras Progbar's.

Keras's own ``progbar.py`` is executed (see ``keras_reference``); only its
clock and print function are replaced. Keras 3's look is ``look="keras3"``.

One deliberate difference (docs/training.md, "One averaging rule"): when the
finalizing ``update`` brings new steps, Keras 3 shows its values alone,
progbar averages them in like any step's. Where the final values cover no
new step (the epoch ``logs`` Keras's own ``fit`` passes), both show them as given.
"""

from __future__ import annotations

import re

import pytest
from harness import FakeClock, TtyStringIO

from progbar import Progbar

pytest.importorskip("numpy")
keras_reference = pytest.importorskip("benchmarks.keras_reference")
try:
    keras_reference.keras_progbar_class(FakeClock(), [])
except ImportError:  # pragma: no cover - keras is in the test extra
    pytest.skip("keras is not installed", allow_module_level=True)

SEQUENCES = {
    "steady": [(i, [("loss", 1.0 / i)], 0.1) for i in range(1, 11)],
    "uneven_jumps": [
        (1, [("loss", 2.0)], 3.0),
        (4, [("loss", 1.0)], 0.2),
        (10, [("loss", 0.5)], 0.4),
    ],
    "starts_at_zero": [
        (0, [("loss", 4.0)], 0.1),
        (1, [("loss", 2.0)], 0.1),
        (5, [("loss", 1.0)], 0.3),
    ],
    "small_and_negative": [
        (1, [("lr", 1e-5), ("delta", -0.25)], 0.5),
        (2, [("lr", 2e-5), ("delta", -0.75)], 0.5),
        (5, [("lr", 1e-5), ("delta", 0.5)], 0.5),
    ],
    "stateful_acc": [
        (1, [("acc", 0.5), ("loss", 1.0)], 0.1),
        (3, [("acc", 0.75), ("loss", 3.0)], 0.1),
        (5, [("acc", 0.9), ("loss", 0.1)], 0.1),
    ],
}

METRICS = re.compile(r"( - [^ :]+: \S+)+$")


def drive_both(sequence, target, verbose, keras_finalize=None, **kw):
    """Feed both bars; entries are ``(current, values, dt)`` or ``(..., finalize)``.

    ``keras_finalize=False`` keeps Keras's bar from ever finalizing (its running averages).
    """
    clock = FakeClock(1_000_000.0)
    printed: list[str] = []
    keras_cls = keras_reference.keras_progbar_class(clock, printed)
    theirs = keras_cls(target, width=20, verbose=verbose, interval=0.0, **kw)
    stream = TtyStringIO()
    ours = Progbar(
        target,
        width=20,
        verbose=verbose,
        interval=0.0,
        file=stream,
        display="tty",
        clock=clock,
        look="keras3",
        color=True,
        **kw,
    )
    our_lines, their_lines = [], []
    for current, values, dt, *finalize in sequence:
        clock.tick(dt)
        printed.clear()
        before = len(stream.getvalue())
        given = finalize[0] if finalize else None
        theirs.update(current, values=values, finalize=given if keras_finalize is None else False)
        ours.update(current, values=values, finalize=given)
        their_lines.append("".join(printed))
        our_lines.append(stream.getvalue()[before:])
    return our_lines, their_lines


def last_frame(text: str) -> str:
    """The line a terminal shows after ``text`` (Keras prefixes \\b's; both pad with spaces).

    A finished line of progbar's continues its metrics on indented rows: they are
    joined back into one line, as Keras writes it.
    """
    return re.sub(r" *\n +", " ", text.rsplit("\r", 1)[-1].rstrip("\n").rstrip(" "))


@pytest.mark.parametrize("name", list(SEQUENCES))
def test_metric_values_match_keras_after_every_update(name: str) -> None:
    sequence = SEQUENCES[name]
    stateful = ["acc"] if name == "stateful_acc" else None
    target = sequence[-1][0] + 5  # never finalize: the running averages are compared
    ours, theirs = drive_both(sequence, target, 1, stateful_metrics=stateful)
    for mine, keras in zip(ours, theirs):
        mine_m, keras_m = METRICS.search(last_frame(mine)), METRICS.search(last_frame(keras))
        assert keras_m is not None and mine_m is not None
        assert mine_m.group(0) == keras_m.group(0)


def keras_averages(sequence, **kw) -> str:
    """The metrics Keras shows when the last update does not finalize: its running averages."""
    _, theirs = drive_both(sequence, sequence[-1][0], 1, keras_finalize=False, **kw)
    found = METRICS.search(last_frame(theirs[-1]))
    assert found is not None
    return found.group(0)


@pytest.mark.parametrize("name", list(SEQUENCES))
def test_finished_line_equals_keras3_with_the_last_step_averaged_in(name: str) -> None:
    sequence = SEQUENCES[name]
    stateful = ["acc"] if name == "stateful_acc" else None
    ours, theirs = drive_both(sequence, sequence[-1][0], 1, stateful_metrics=stateful)
    mine, keras = last_frame(ours[-1]), last_frame(theirs[-1])
    assert METRICS.sub("", mine) == METRICS.sub("", keras)  # count, bar, time, step time
    assert mine.endswith(keras_averages(sequence, stateful_metrics=stateful))
    assert ours[-1].endswith("\n") and theirs[-1].endswith("\n")


@pytest.mark.parametrize("name", ["steady", "uneven_jumps", "stateful_acc"])
def test_verbose_two_line_equals_keras3_with_the_last_step_averaged_in(name: str) -> None:
    sequence = SEQUENCES[name]
    ours, theirs = drive_both(sequence, sequence[-1][0], 2)
    mine, keras = "".join(ours), "".join(theirs)
    assert METRICS.sub("", mine.rstrip("\n")) == METRICS.sub("", keras.rstrip("\n"))
    assert mine.endswith(keras_averages(sequence) + "\n")
    assert mine.count("\n") == 1


@pytest.mark.parametrize("verbose", [1, 2])
@pytest.mark.parametrize("name", list(SEQUENCES))
def test_epoch_logs_given_at_the_end_equal_keras3(name: str, verbose: int) -> None:
    """What Keras's ``fit`` does: every step ``finalize=False``, then the epoch's logs."""
    sequence = SEQUENCES[name]
    last = sequence[-1][0]
    logs = [(metric, 0.125 * (k + 1)) for k, (metric, _) in enumerate(sequence[-1][1])]
    logs.append(("val_loss", 0.0625))
    steps = [(current, values, dt, False) for current, values, dt in sequence]
    ours, theirs = drive_both([*steps, (last, logs, 0.0, True)], last, verbose)
    if verbose == 2:
        assert "".join(ours) == "".join(theirs)
    else:  # the bar may be shorter: progbar fits 80 columns, Keras does not
        mine, keras = METRICS.search(last_frame(ours[-1])), METRICS.search(last_frame(theirs[-1]))
        assert mine is not None and keras is not None
        assert mine.group(0) == keras.group(0)
    assert last_frame(ours[-1]).endswith(" - val_loss: 0.0625")
    for metric, value in logs:  # shown as given, not averaged with the steps
        assert f" - {metric}: {value:.4f}" in last_frame(ours[-1])
