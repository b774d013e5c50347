"""One averaging rule: ``Progbar``, ``epochs()`` and the callback show the same figures.

Each row of the table feeds the same values to the three APIs, each driven
the way its users drive it, and states the figures the finished line must
show (docs/training.md, "One averaging rule"):

- a stateless metric shows the average of its values, each weighted by the
  steps it covers (at least 1), the finishing step included;
- values given at the end without new steps (an epoch's ``logs``, or
  ``epoch.end(loss=...)``) are the epoch's own figures: shown as given;
- a stateful metric, and a label, shows its last value.
"""

from __future__ import annotations

import io
import re
from typing import Any, Optional

import pytest
from harness import FakeClock

from progbar import Progbar, ProgbarLogger, epochs

Steps = list[tuple[int, dict[str, object]]]

# (steps as (current, values), values given at the end or None, options, shown figures)
TABLE: dict[str, tuple[Steps, Optional[dict[str, object]], dict[str, Any], dict[str, str]]] = {
    "weighted by the steps each value covers, the last one included": (
        [(2, {"loss": 1.0}), (8, {"loss": 3.0}), (10, {"loss": 5.0})],
        None,
        {"stateful_metrics": []},
        {"loss": "3.0000"},  # (2*1 + 6*3 + 2*5) / 10
    ),
    "a first report at step 0 weighs one step": (
        [(0, {"loss": 4.0}), (1, {"loss": 2.0}), (5, {"loss": 1.0})],
        None,
        {"stateful_metrics": []},
        {"loss": "1.6667"},  # (1*4 + 1*2 + 4*1) / 6
    ),
    "epoch logs at the end are shown as given": (
        [(2, {"loss": 1.0}), (4, {"loss": 3.0})],
        {"loss": 2.5, "val_loss": 0.75},
        {"stateful_metrics": []},
        {"loss": "2.5000", "val_loss": "0.7500"},
    ),
    "validation figures join the averaged training ones": (
        [(1, {"loss": 1.0, "accuracy": 0.5}), (3, {"loss": 4.0, "accuracy": 0.75})],
        {"val_loss": 2.0, "val_accuracy": 0.625},
        {"stateful_metrics": []},
        {"loss": "3.0000", "accuracy": "0.6667", "val_loss": "2.0000", "val_accuracy": "0.6250"},
    ),
    "stateful metrics show their last value": (
        [(1, {"loss": 1.0, "lr": 0.1}), (2, {"loss": 3.0, "lr": 0.05})],
        {"val_loss": 0.5},
        {"stateful_metrics": ["lr"]},
        {"loss": "2.0000", "lr": "0.0500", "val_loss": "0.5000"},
    ),
    "stateless_metrics: only those are averaged": (
        [(1, {"loss": 1.0, "acc": 0.5}), (3, {"loss": 4.0, "acc": 0.75})],
        None,
        {"stateless_metrics": ["loss"]},
        {"loss": "3.0000", "acc": "0.7500"},
    ),
    "Keras's fit: running averages shown as given (the callback's default)": (
        [(1, {"loss": 1.0}), (2, {"loss": 0.8}), (3, {"loss": 0.9})],
        {"loss": 0.9, "val_loss": 0.7},
        {"stateless_metrics": []},
        {"loss": "0.9000", "val_loss": "0.7000"},
    ),
    "labels are shown as given": (
        [(1, {"loss": 1.0, "phase": "warmup"}), (2, {"loss": 2.0, "phase": "main"})],
        None,
        {"stateful_metrics": []},
        {"loss": "1.5000", "phase": "main"},
    ),
}


def shown(text: str) -> dict[str, str]:
    """The figures on the finished (last) line."""
    last = [line for line in text.splitlines() if line[:1].isdigit()][-1]
    return dict(re.findall(r" - (\w+): (\S+)", last))


def with_progbar(steps: Steps, end: Optional[dict[str, object]], options: dict[str, Any]) -> str:
    """As a ``Progbar`` user writes it: the bar finishes at its target; end logs finalize."""
    out, clock = io.StringIO(), FakeClock()
    bar = Progbar(steps[-1][0], verbose=2, file=out, clock=clock, **options)
    for i, (current, values) in enumerate(steps):
        clock.tick(0.1)
        last = i == len(steps) - 1
        bar.update(current, list(values.items()), finalize=False if last and end else None)
    if end is not None:  # what Keras's own ProgbarLogger does at on_epoch_end
        bar.update(steps[-1][0], list(end.items()), finalize=True)
    return out.getvalue()


def with_epochs(steps: Steps, end: Optional[dict[str, object]], options: dict[str, Any]) -> str:
    out, clock = io.StringIO(), FakeClock()
    for epoch in epochs(1, steps[-1][0], verbose=2, file=out, clock=clock, **options):
        for current, values in steps:
            clock.tick(0.1)
            epoch.update(current, values)
        epoch.end(end)
    return out.getvalue()


def with_callback(steps: Steps, end: Optional[dict[str, object]], options: dict[str, Any]) -> str:
    out, clock = io.StringIO(), FakeClock()
    callback = ProgbarLogger(2, epochs=1, steps=steps[-1][0], file=out, clock=clock, **options)
    callback.on_epoch_begin(0)
    for current, values in steps:
        clock.tick(0.1)
        callback.on_train_batch_end(current - 1, values)  # Keras counts batches from 0
    callback.on_epoch_end(0, end)
    return out.getvalue()


@pytest.mark.parametrize("case", list(TABLE))
def test_the_three_apis_show_the_same_figures(case: str) -> None:
    steps, end, options, expected = TABLE[case]
    results = {
        api.__name__: shown(api(steps, end, options))
        for api in (with_progbar, with_epochs, with_callback)
    }
    assert results == dict.fromkeys(results, expected)


def test_epoch_metrics_are_the_bars_figures() -> None:
    """``epoch.metrics`` and ``epoch.logs`` read the bar: one bookkeeping, not two."""
    clock = FakeClock()
    for epoch in epochs(1, 4, verbose=0, clock=clock, stateful_metrics=["lr"]):
        epoch.update(2, loss=1.0, lr=0.1)
        epoch.update(4, loss=3.0, lr=0.05)
        assert epoch.metrics == epoch.progbar.metrics == {"loss": 2.0, "lr": 0.05}
        logs = epoch.end(val_loss=0.5)
        assert logs == epoch.progbar.metrics == {"loss": 2.0, "lr": 0.05, "val_loss": 0.5}


def test_the_callbacks_default_is_keras_3s_logger() -> None:
    """Without metric lists the callback shows logs as given, as Keras 3's ``ProgbarLogger``."""
    steps, end, _, _ = TABLE[
        "Keras's fit: running averages shown as given (the callback's default)"
    ]
    default = shown(with_callback(steps, end, {}))
    assert default == shown(with_callback(steps, end, {"stateless_metrics": []}))
    assert default != shown(with_callback(steps, None, {"stateful_metrics": []}))
