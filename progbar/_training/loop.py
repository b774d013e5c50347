"""Keras's epoch lines around any training loop: ``Epoch 1/3`` and one bar per epoch.

``epochs()`` is a loop helper: it yields one :class:`Epoch` per epoch,
prints the ``Epoch i/N`` headers, finishes an epoch the loop body left
open, keeps the history and, on request, names the best epoch at the end.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Any, Optional, TextIO

from .._core.cells import clean_text
from .._core.checks import check_choice, check_int, check_optional_str
from .._core.numbers import as_number, format_value
from .._core.wrap import wrap_items
from .epoch import Clock, Epoch, Session

__all__ = ["Epochs", "epochs"]

MODES = ("auto", "min", "max")
_HIGHER_IS_BETTER = ("acc", "auc", "precision", "recall", "f1", "iou")
"""Metric names (after ``val_``) that ``mode="auto"`` maximises; anything else is minimised."""


class Epochs:
    """Iterate to get one :class:`Epoch` per epoch, each printed as Keras prints it.

    See :func:`epochs`, which builds this; the object also keeps the
    ``history`` of finished epochs and knows the ``best_epoch``.
    """

    def __init__(
        self,
        count: int,
        steps: Optional[int] = None,
        *,
        verbose: int = 1,
        best: Optional[str] = None,
        mode: str = "auto",
        stateful_metrics: Optional[Iterable[str]] = None,
        stateless_metrics: Optional[Iterable[str]] = None,
        file: Optional[TextIO] = None,
        clock: Optional[Clock] = None,
        **options: Any,
    ) -> None:
        self.count = check_int("count", count, minimum=0)
        self.steps = None if steps is None else check_int("steps", steps, minimum=0)
        self.best = check_optional_str("best", best)
        self.mode: str = check_choice("mode", mode, MODES)
        self._session = Session(verbose, stateful_metrics, stateless_metrics, file, clock, options)
        self.history: list[dict[str, object]] = []
        """The finished line's values of each epoch that ended, in order."""

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Epoch]:
        steps: Optional[float] = self.steps
        for number in range(1, self.count + 1):
            header = f"Epoch {number}/{self.count}" if self.count > 1 else None
            epoch = self._session.begin(steps, header, number)
            epoch._listeners.append(lambda e: self.history.append(dict(e.logs)))
            left_early = True
            try:
                yield epoch
                left_early = False
            finally:
                if left_early:  # break or an exception in the loop body
                    if epoch.ended:  # stopped between epochs, as early stopping does
                        self._summarize()
                    epoch.close()
            epoch.end()
            steps = epoch.steps  # the first epoch teaches the count when it was unknown
        self._summarize()

    @property
    def best_epoch(self) -> Optional[int]:
        """The number (from 1) of the epoch with the best ``best`` metric; None without one.

        Ties keep the earlier epoch; epochs without a finite value are skipped.
        """
        if self.best is None:
            return None
        higher = self._higher_is_better()
        found: Optional[tuple[int, float]] = None
        for number, logs in enumerate(self.history, 1):
            value = as_number(logs.get(self.best))
            if value is None or math.isnan(value):
                continue
            if found is None or (value > found[1] if higher else value < found[1]):
                found = (number, value)
        return None if found is None else found[0]

    def summary(self) -> Optional[str]:
        """The best-epoch line (None unless ``best`` was given), on one line.

        Metric names and string values are cleaned of control characters
        and escape sequences, as every line progbar draws is.
        """
        parts = self._summary_parts()
        return None if parts is None else parts[0] + "".join(parts[1])

    def _summary_parts(self) -> Optional[tuple[str, list[str]]]:
        """The lead (``Best epoch 2/3 (lowest val_loss)``) and the ``" - name: value"`` items."""
        if self.best is None:
            return None
        best = clean_text(self.best)
        number = self.best_epoch
        if number is None:
            return f"Best epoch: none (no epoch reported {best})", []
        word = "highest" if self._higher_is_better() else "lowest"
        logs = self.history[number - 1]
        items = [
            f" - {clean_text(str(name))}: {clean_text(format_value(value))}"
            for name, value in logs.items()
        ]
        return f"Best epoch {number}/{self.count} ({word} {best})", items

    def _higher_is_better(self) -> bool:
        if self.mode != "auto":
            return self.mode == "max"
        name = (self.best or "").lower()
        name = name[4:] if name.startswith("val_") else name
        return any(word in name for word in _HIGHER_IS_BETTER)

    def _summarize(self) -> None:
        parts = self._summary_parts()
        if parts is not None:  # on a terminal, every figure on rows that fit it (never cut)
            rows = wrap_items(*parts, self._session.columns(), indent=len("Best epoch"))
            self._session.say("\n".join(rows))


def epochs(
    count: int,
    steps: Optional[int] = None,
    *,
    verbose: int = 1,
    best: Optional[str] = None,
    mode: str = "auto",
    stateful_metrics: Optional[Iterable[str]] = None,
    stateless_metrics: Optional[Iterable[str]] = None,
    file: Optional[TextIO] = None,
    clock: Optional[Clock] = None,
    **options: Any,
) -> Epochs:
    """Keras's training lines for a loop of any framework.

    >>> for epoch in epochs(3, steps=len(loader)):      # doctest: +SKIP
    ...     for step, batch in enumerate(loader, 1):
    ...         epoch.update(step, loss=train_step(batch))
    ...     epoch.end(val_loss=evaluate(model))

    prints ``Epoch 1/3`` and then, when the epoch ends,
    ``469/469 [====...] - 3s 6ms/step - loss: 0.3012 - val_loss: 0.1520``.

    Args:
        count: the number of epochs.
        steps: training steps per epoch; None learns it from the first epoch.
        verbose: 0 silent, 1 a live bar per epoch, 2 one line per epoch (for logs).
        best: a metric name; after the last epoch, a line names the epoch
            where it was best (``best_epoch`` and ``summary()`` give it too).
        mode: ``"min"``, ``"max"``, or ``"auto"``: maximise names with ``acc``,
            ``auc``, ``precision``, ``recall``, ``f1`` or ``iou``, else minimise.
        stateful_metrics: names shown as last reported rather than averaged.
        stateless_metrics: names averaged (all others as last reported);
            only one of the two may be given. By default all are averaged.
        file: text stream; None means ``sys.stdout`` now.
        clock: zero-argument callable returning seconds (default ``time.monotonic``).
        **options: :class:`Progbar` options for every epoch's bar (``width``,
            ``display``, ``look``, ``unit_name``, ...).

    Raises:
        TypeError: an argument has the wrong type.
        ValueError: an argument is out of range, or both metric lists are given.
    """
    return Epochs(
        count,
        steps,
        verbose=verbose,
        best=best,
        mode=mode,
        stateful_metrics=stateful_metrics,
        stateless_metrics=stateless_metrics,
        file=file,
        clock=clock,
        **options,
    )
