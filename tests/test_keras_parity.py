"""Same updates, same fake clock: progbar's lines equal the real Keras Progbar's.

Keras's own ``progbar.py`` is executed (see ``keras_reference``); only its
clock and print function are replaced. Keras 3's look is ``look="keras3"``.
"""

from __future__ import annotations

import re

import pytest
from conftest import FakeClock, TtyStringIO

from progbar import Progbar

pytest.importorskip("numpy")
keras_reference = pytest.importorskip("keras_reference")
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


def drive_both(sequence, target, verbose, **kw):
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
    for current, values, dt in sequence:
        clock.tick(dt)
        printed.clear()
        before = len(stream.getvalue())
        theirs.update(current, values=values)
        ours.update(current, values=values)
        their_lines.append("".join(printed))
        our_lines.append(stream.getvalue()[before:])
    return our_lines, their_lines


def last_frame(text: str) -> str:
    """The line a terminal shows after ``text`` (Keras prefixes \\b's; both pad with spaces)."""
    return text.rsplit("\r", 1)[-1].rstrip("\n").rstrip(" ")


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


@pytest.mark.parametrize("name", list(SEQUENCES))
def test_finished_line_equals_keras3(name: str) -> None:
    sequence = SEQUENCES[name]
    ours, theirs = drive_both(sequence, sequence[-1][0], 1)
    assert last_frame(ours[-1]) == last_frame(theirs[-1])
    assert ours[-1].endswith("\n") and theirs[-1].endswith("\n")


@pytest.mark.parametrize("name", ["steady", "uneven_jumps", "stateful_acc"])
def test_verbose_two_line_equals_keras3(name: str) -> None:
    sequence = SEQUENCES[name]
    ours, theirs = drive_both(sequence, sequence[-1][0], 2)
    assert "".join(ours) == "".join(theirs)
    assert "".join(ours).count("\n") == 1
