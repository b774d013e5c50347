"""One training epoch's line: a :class:`Progbar` driven from outside.

The bar folds the metrics (the rule is in ``_core/metrics.py``: the same
for ``Progbar``, ``epochs()`` and the callbacks), and the epoch reads them
back from ``bar.metrics``, so there is one bookkeeping, never two that
could disagree. The epoch also owns the bar's clock: it runs while the
epoch trains and stops at the last training step, so a validation pass
before the finished line counts in neither the bar's elapsed time nor its
``ms/step`` figure.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Iterable, Mapping
from typing import Any, Callable, Optional, TextIO, Union

from .._core.checks import check_choice, check_number
from .._core.options import forwarded_options
from .._output.detect import choose_display, fileno_of, terminal_width
from .._output.printing import write
from .._progbar import Progbar

__all__ = ["Clock", "Epoch", "Session", "Values", "pairs_of"]

Clock = Callable[[], float]
Values = Union[Mapping[str, object], Iterable[tuple[str, object]], None]


def pairs_of(values: Values, metrics: Mapping[str, object]) -> list[tuple[str, object]]:
    """``values`` (pairs or a Keras ``logs`` dict) followed by keyword metrics."""
    if values is None:
        pairs = []
    elif isinstance(values, Mapping):
        pairs = list(values.items())
    else:
        pairs = list(values)
    if metrics:
        pairs.extend(metrics.items())
    return pairs


def _listed(names: Any) -> Any:
    """An iterable of names read once into a tuple (a str is left for the check to refuse)."""
    if names is None or isinstance(names, (str, bytes)) or not isinstance(names, Iterable):
        return names
    return tuple(names)


class _BarClock:
    """The clock an epoch's bar reads: the session's time, stopped after the last step.

    While the epoch trains it runs (so the refresh thread can count the ETA
    down between slow steps: it is ``live`` when the session's clock is the
    real one); :meth:`stop` holds it at the last training step, so a
    validation pass before the finished line counts in neither the elapsed
    time nor ``ms/step``.
    """

    __slots__ = ("_source", "_stopped", "live")

    def __init__(self, source: Clock, live: bool) -> None:
        self._source = source
        self._stopped: Optional[float] = None
        self.live = live

    def __call__(self) -> float:
        stopped = self._stopped
        return self._source() if stopped is None else stopped

    def stop(self, at: float) -> None:
        """Hold the time at ``at`` from now on."""
        self._stopped = at


class Session:
    """What the epochs of one run share: verbosity, stream, clock, metric rules, bar options."""

    def __init__(
        self,
        verbose: object,
        stateful_metrics: Optional[Iterable[str]],
        stateless_metrics: Optional[Iterable[str]],
        file: Optional[TextIO],
        clock: Optional[Clock],
        options: dict[str, Any],
        caller: str = "epochs()",
    ) -> None:
        self.verbose: int = check_choice("verbose", verbose, (0, 1, 2))
        stateful, stateless = _listed(stateful_metrics), _listed(stateless_metrics)
        # every option, the metric lists and the clock, checked here at the call that received
        # them, by the very rules each epoch's bar will apply
        forwarded_options(
            caller,
            {**options, "stateful_metrics": stateful, "stateless_metrics": stateless,
             "file": file, "clock": clock},
            {"target": "takes the steps per epoch as steps=", "total": "takes steps="},
        )  # fmt: skip
        self.stateful = None if stateful is None else frozenset(stateful)
        self.stateless = None if stateless is None else frozenset(stateless)
        self.stream = sys.stdout if file is None else file
        self.clock: Clock = clock or time.monotonic
        self.live = clock is None  # the real clock: the refresh thread may redraw
        self.options = options
        self.shows = False  # whether the latest bar draws anything: lines beside it follow it

    def begin(self, steps: Optional[float], header: Optional[str], number: int = 1) -> Epoch:
        """A new epoch's bar, announced by ``header`` when the bar itself will show."""
        epoch = Epoch(self, steps, number)
        self.shows = epoch.progbar.visible
        if header is not None:
            self.say(header)
        return epoch

    def columns(self) -> Optional[int]:
        """The terminal's width when the lines go to a terminal; None for a log (unbounded).

        Decided as the bars decide it (``display=``, ``PROGBAR_DISPLAY``, then
        the stream), but for any ``verbose``: a ``verbose=2`` run on a
        terminal still gets lines that fit it.
        """
        kind = self.options.get("display", "auto")
        if kind == "auto":
            kind = choose_display(self.stream, os.environ, sys.modules)
        if kind != "tty":
            return None
        margin = 1 if sys.platform == "win32" else 0  # as the terminal display keeps
        return max(terminal_width(fileno_of(self.stream), os.environ) - margin, 1)

    def say(self, line: str) -> None:
        """Write a line of our own (a header or a summary) if the bars show.

        Through :func:`progbar.write`: above any live bars on the same device
        (another bar's loop around the epochs), never on their rows.
        """
        if self.shows:
            write(line, self.stream)


class Epoch:
    """One epoch: a bar that averages training metrics and ends with validation metrics.

    Made by :func:`epochs` (or the :class:`ProgbarLogger` callback); not
    constructed directly.

    Attributes:
        number: this epoch's number, counting from 1.
        progbar: the epoch's :class:`Progbar`.
        logs: the finished line's values once the epoch has ended (empty before).
    """

    def __init__(self, session: Session, steps: Optional[float], number: int) -> None:
        self.number = number
        self._session = session
        self._time = _BarClock(session.clock, session.live)
        self._last_step = session.clock()
        self.progbar = Progbar(
            steps,
            verbose=session.verbose,
            stateful_metrics=session.stateful,
            stateless_metrics=session.stateless,
            file=session.stream,
            clock=self._time,
            **{"leave": True, **session.options},  # Keras's epoch lines stay, nested or not
        )
        self._seen: float = 0
        self.logs: dict[str, object] = {}
        self.ended = False
        self._listeners: list[Callable[[Epoch], None]] = []

    @property
    def current(self) -> float:
        """Training steps done so far in this epoch."""
        return self._seen

    @property
    def steps(self) -> Optional[float]:
        """Steps per epoch: as given, or learned when the first epoch ended; None before."""
        return self.progbar.target

    @property
    def metrics(self) -> dict[str, object]:
        """The values the line shows now: stateless metrics averaged, stateful ones last."""
        return self.progbar.metrics

    def update(self, current: float, values: Values = None, **metrics: object) -> None:
        """Set the epoch's progress to ``current`` steps, with the metrics of the latest steps.

        Args:
            current: training steps done in this epoch (absolute, not an increment).
            values: ``[(name, value), ...]`` or a ``logs`` dict, as Keras takes them.
            **metrics: more values by keyword, e.g. ``loss=0.25``.
        """
        if type(current) is not int and not (type(current) is float and math.isfinite(current)):
            current = check_number("current", current, minimum=0)  # type: ignore[assignment]
        pairs = pairs_of(values, metrics)
        if self.ended:
            return  # the line is finished; a late step must not reopen it
        self._last_step = self._session.clock()
        self._seen = current
        self.progbar.update(current, pairs, finalize=False)

    def add(self, n: float = 1, values: Values = None, **metrics: object) -> None:
        """Advance by ``n`` steps (``update(current + n, ...)``)."""
        check_number("n", n)
        self.update(self._seen + n, values, **metrics)

    def end(self, values: Values = None, **metrics: object) -> dict[str, object]:
        """Finish the line, appending ``values`` (typically ``val_*`` metrics) to it.

        Metrics given here cover no new step, so they are shown as given
        (an epoch average passed as ``loss=`` replaces the running one, as
        Keras's epoch ``logs`` do). The step time on the line
        stops at the last training step, so validation done before this
        call is not counted. Later calls do nothing.

        Returns:
            The finished line's values, training and validation together.
        """
        pairs = pairs_of(values, metrics)
        if not self.ended:
            self._finish(pairs, self._seen)
        return self.logs

    def close(self) -> None:
        """End the line where it stands, without recording the epoch (left early)."""
        if not self.ended:
            self.ended = True
            self.progbar.close()

    def _finish(self, pairs: list[tuple[str, object]], at: float) -> None:
        self.ended = True
        bar = self.progbar
        if bar.target is None:
            bar.target = at  # learned from this epoch, as Keras does
        self._time.stop(self._last_step)  # validation since the last step is not counted
        bar.update(at, pairs, finalize=True)
        bar.close()
        self.logs = bar.metrics
        for listener in self._listeners:
            listener(self)
