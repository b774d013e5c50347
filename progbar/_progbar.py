"""The Keras-compatible ``Progbar``: state in, snapshots out.

``update()`` folds metrics and counts, then decides whether to draw; when
it draws, the data flows one way: state -> estimator -> Snapshot -> line ->
display. Nothing here formats text or writes bytes itself.
"""

from __future__ import annotations

import _thread
import math
import sys
import time

from ._core.cells import can_encode
from ._core.checks import (
    check_bool,
    check_choice,
    check_count,
    check_int,
    check_names,
    check_number,
    check_optional_str,
    check_pairs,
    check_str,
    check_stream,
    show,
)
from ._core.closing import Closing
from ._core.line import BAR_GLYPHS, UNITS, Layout, Snapshot, render_line, render_summary
from ._core.metrics import MetricAverager
from ._core.rate import RateEstimator, mean_step_time
from ._output import refresher as _ticker
from ._output.detect import DISPLAY_CHOICES
from ._output.displays import LogDisplay, NullDisplay, TerminalDisplay, make_display
from ._output.printing import LiveLine, unwrap, write
from ._output.safe_stream import warn_internal

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from collections.abc import AsyncIterable, Iterable
    from typing import Callable, Optional, TextIO, TypeVar

    from ._track import AsyncTracked, Tracked

    T = TypeVar("T")
    Clock = Callable[[], float]
    Values = Optional[Iterable[tuple[str, object]]]

__all__ = ["Progbar"]

# CPython 3.11+ with a GIL switches threads only at calls, backward jumps and function
# entry, so ``self._current = self._current + n`` on builtin numbers (no Python code
# runs, nothing GC-tracked is allocated) cannot interleave with another thread's:
# add() needs no lock there. Older or free-threaded interpreters take the lock.
_ATOMIC_ADD = (
    sys.implementation.name == "cpython"
    and sys.version_info >= (3, 11)
    and bool(getattr(sys, "_is_gil_enabled", lambda: True)())
)

LOOKS = ("classic", "keras3")


class Progbar(Closing):
    """A progress bar with the constructor, methods and output of ``keras.utils.Progbar``.

    Args:
        target: total number of steps expected, or None when unknown.
        width: bar cells wanted; the bar shrinks so the whole line fits.
        verbose: 0 silent, 1 live bar, 2 one summary line when finished.
        interval: minimum seconds between redraws.
        stateful_metrics: metric names shown as-is rather than averaged.
        stateless_metrics: metric names averaged (Keras 3); exclusive with the above.
        unit_name: the name of one step in ``25ms/step``.
        file: text stream; None means ``sys.stdout`` when the bar is created.
        display: ``"auto"``, ``"tty"``, ``"notebook"``, ``"log"`` or ``"silent"``.
        clock: zero-argument callable returning seconds (default ``time.monotonic``).
        description: a label drawn before the count.
        look: ``"classic"`` (Keras 2, ``[===>...]``) or ``"keras3"`` (``━`` bar).
        color: colour codes on a terminal; None decides from the display.
        log_interval: seconds between lines in ``"log"`` display.
        ambiguous_wide: count East Asian ambiguous characters (``━``, ``…``)
            as two cells, as terminals in CJK locales draw them.
        all_ranks: draw in every process of a distributed job; by default
            only rank 0 draws (``RANK``, ``OMPI_COMM_WORLD_RANK``, ``SLURM_PROCID``...).
        units: how counts read: ``"count"`` (Keras's raw ``37036032/87910968``
            and ``ms/step``), ``"bytes"`` (``35.3/83.8 MiB`` and ``2.1 MiB/s``,
            powers of 1024) or ``"bytes_si"`` (``MB``, powers of 1000).

    Raises:
        TypeError: an argument has the wrong type.
        ValueError: an argument is out of range, or both metric lists are given.
    """

    def __init__(
        self,
        target: Optional[float],
        width: int = 30,
        verbose: int = 1,
        interval: float = 0.05,
        stateful_metrics: Optional[Iterable[str]] = None,
        stateless_metrics: Optional[Iterable[str]] = None,
        unit_name: str = "step",
        *,
        file: Optional[TextIO] = None,
        display: str = "auto",
        clock: Optional[Clock] = None,
        description: Optional[str] = None,
        look: str = "classic",
        color: Optional[bool] = None,
        log_interval: float = 10.0,
        ambiguous_wide: bool = False,
        all_ranks: bool = False,
        units: str = "count",
    ) -> None:
        self.target = check_number("target", target, minimum=0, allow_none=True)
        self.width = check_int("width", width, minimum=1)
        self.verbose = check_choice("verbose", verbose, (0, 1, 2))
        self.interval = check_number("interval", interval, minimum=0) or 0.0
        stateful = check_names("stateful_metrics", stateful_metrics)
        stateless = check_names("stateless_metrics", stateless_metrics)
        if stateful is not None and stateless is not None:
            raise ValueError(
                "Only one of `stateful_metrics` or `stateless_metrics` can be provided."
            )
        self.unit_name = check_str("unit_name", unit_name)
        self.description = check_optional_str("description", description)
        check_choice("display", display, DISPLAY_CHOICES)
        check_choice("look", look, LOOKS)
        self.units = check_choice("units", units, UNITS)
        check_bool("color", color, allow_none=True)
        check_stream("file", file)
        log_every = check_number("log_interval", log_interval, minimum=0) or 0.0
        if clock is not None and not callable(clock):
            raise TypeError(f"clock must be a zero-argument callable, got {show(clock)}")
        self._clock: Clock = clock or time.monotonic
        self._metrics = MetricAverager(stateful, stateless)

        stream = unwrap(sys.stdout if file is None else file)
        self._file = stream
        check_bool("ambiguous_wide", ambiguous_wide)
        check_bool("all_ranks", all_ranks)
        self._display = make_display(
            display,
            stream,
            verbose,
            color,
            look,
            log_every,
            all_ranks=all_ranks,
            ambiguous_wide=ambiguous_wide,
        )
        encoding = self._display.encoding  # glyphs and text the stream cannot carry fall back
        self._layout = Layout(
            bar_width=self.width,
            look=look,  # type: ignore[arg-type]
            color=self._display.color,
            ascii_only=not can_encode(BAR_GLYPHS, encoding),
            ambiguous_wide=ambiguous_wide,
            encoding=encoding,
        )
        self._gap = max(self.interval, self._display.min_interval)

        self._start = self._clock()
        self._rate = RateEstimator(self._start)
        self._current: float = 0
        self._next_draw = self._start
        self._first: Optional[tuple[float, float]] = None  # (time, count) of the first step
        self._finished = False
        self._closed = False
        # drawing takes _lock (reentrant: a logging handler may write beside the bar
        # from inside a draw's warning); the hot path never takes it unless it draws
        self._lock = _thread.RLock()  # threading.RLock() is this, without importing threading
        self._count_lock = _thread.allocate_lock()  # makes add()'s read-modify-write atomic
        terminal = isinstance(self._display, TerminalDisplay)
        self._line = LiveLine(stream, self._lock, terminal=terminal, columns=self._display.width)
        # the hot path: update()/add() with a count in [_low, _check_at) only store it
        self._low: float = 0
        self._check_at: float = -math.inf  # the first call looks at the clock
        self._plan_t, self._plan_n, self._longest = self._start, 0.0, 0.0  # see _ticker.plan
        self._poll: Optional[Callable[[], float]] = None  # a running track()'s count
        live = verbose == 1 and not isinstance(self._display, (LogDisplay, NullDisplay))
        if live and clock is None:  # an injected clock is a time the ticker cannot see
            _ticker.register(self)

    # -- the Keras API --------------------------------------------------------

    def update(
        self, current: float, values: Values = None, finalize: Optional[bool] = None
    ) -> None:
        """Set the progress to ``current`` steps and fold in ``values``.

        Args:
            current: steps done so far (absolute, not an increment).
            values: ``[(name, value), ...]`` for the latest steps.
            finalize: whether this is the last update; None means ``current >= target``.
        """
        if (
            type(current) is int
            and self._low <= current < self._check_at
            and values is None
            and finalize is None
        ):
            self._current = current  # throttled: no clock read, no draw (see _ticker.plan)
            return
        # x - x == 0 is False only for nan and inf: one cheap test for the common types
        if type(current) is not int and not (type(current) is float and current - current == 0):
            current = check_count("current", current)
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        elif finalize is not True and finalize is not False:
            finalize = bool(check_bool("finalize", finalize, allow_none=True))
        if values:
            with self._count_lock:
                self._fold(values, current - self._current, finalize)
                self._current = current
        else:
            self._current = current
        now = self._clock()
        if finalize or now >= self._next_draw:
            self._draw(now, final=finalize)
        _ticker.plan(self, current, now)

    def add(self, n: float, values: Values = None) -> None:
        """Advance by ``n`` steps (``update(current + n, values)``); safe from many threads."""
        if _ATOMIC_ADD and type(n) is int and values is None:
            current = self._current = self._current + n  # atomic here: see _ATOMIC_ADD
        else:
            if type(n) is not int and not (type(n) is float and n - n == 0):
                n = check_count("n", n)
            lock = self._count_lock  # += is not atomic: without this, threads lose counts
            lock.acquire()  # (acquire/release: half the cost of ``with`` here)
            try:
                if values:
                    ahead = self.target is not None and self._current + n >= self.target
                    self._fold(values, n, ahead)
                # one read-modify-write after _fold: a lock-free add may have run meanwhile
                current = self._current = self._current + n
            finally:
                lock.release()
        if self._low <= current < self._check_at:
            return  # throttled: no clock read, no draw (see _ticker.plan)
        finalize = self.target is not None and current >= self.target
        now = self._clock()
        if finalize or now >= self._next_draw:
            self._draw(now, final=finalize)
        _ticker.plan(self, current, now)

    def track(self, iterable: Iterable[T]) -> Tracked[T]:
        """Advance this bar by one per item of ``iterable``, as :func:`progbar.track` does.

        The count continues from :attr:`current`; the bar is left open when
        the loop ends (it is yours to close), at the exact count consumed.
        """
        from ._track import Tracked

        return Tracked(iterable, self, owned=False)

    def atrack(self, iterable: AsyncIterable[T]) -> AsyncTracked[T]:
        """:meth:`track` for ``async for``."""
        from ._track import AsyncTracked

        return AsyncTracked(iterable, self, owned=False)

    def write(self, text: str) -> None:
        """Print ``text`` on a line of its own above the bar, then redraw the bar.

        Use it instead of ``print`` while the bar is live (``print`` would land
        on the bar's line). Without a live terminal line it simply writes.

        Args:
            text: the message; a newline is added.
        """
        write(check_str("text", text), self._file)

    def _fold(self, values: Values, steps: float, finalize: bool) -> None:
        self._metrics.fold(check_pairs("values", values), steps, finalize)

    def close(self) -> None:
        """End the line where the bar stands, without claiming completion; idempotent.

        Also runs on any exception or ``KeyboardInterrupt`` inside ``with``,
        so the shell prompt or traceback starts on a clean line.
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
            try:
                if not self._finished:
                    self._draw_locked(self._clock(), final=True)
            finally:
                self._line.retire()
                self._display.close()  # ends an open line, shows a hidden cursor

    # -- what the bar knows ---------------------------------------------------

    @property
    def current(self) -> float:
        """The progress reached so far."""
        return self._current

    @property
    def finished(self) -> bool:
        """Whether the bar has drawn its final line (it reached its target, or was finalized)."""
        return self._finished

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` has run (directly, by ``with``, or at the end of ``track()``)."""
        return self._closed

    @property
    def metrics(self) -> dict[str, object]:
        """The value of each metric as the line shows it now (averaged or as given), in order."""
        return self._metrics.averages()

    @property
    def rate(self) -> Optional[float]:
        """Smoothed steps per second, or None until it can be estimated."""
        return self._rate.rate

    @property
    def eta(self) -> Optional[float]:
        """Seconds remaining as the bar shows them now; None without a target or a rate."""
        return None if self.target is None else self._eta_at(self.target, self._clock())

    def _eta_at(self, target: float, now: float) -> Optional[float]:
        remaining = target - self._current
        return 0.0 if remaining <= 0 else self._rate.eta(remaining, now)

    @property
    def elapsed(self) -> float:
        """Seconds since the bar was created."""
        return self._clock() - self._start

    # -- drawing --------------------------------------------------------------

    def _draw(self, now: float, *, final: bool) -> None:
        # not final and another thread is drawing: it shows nearly the same line, skip
        if not self._lock.acquire(blocking=final):
            return
        try:
            if not self._closed and (final or now >= self._next_draw):
                self._draw_locked(now, final=final)
        except Exception as exc:  # a bug or an absurd value must not end the user's job
            self._line.retire()
            self._display = NullDisplay()
            warn_internal(exc)
        finally:
            self._lock.release()

    def _draw_locked(self, now: float, *, final: bool) -> None:
        current = self._current
        self._rate.observe(current, now)
        if self._first is None and current > 0:
            self._first = (now, current)
        self._next_draw = now + self._gap
        if self.verbose == 0 or (self.verbose == 2 and not final):
            self._finished = self._finished or final
            return
        snap = self._snapshot(now, final)
        if self.verbose == 2:
            self._display.show(render_summary(snap), final=True)
        else:
            line = render_line(snap, self._layout, self._display.width())
            self._display.show(line, final=final, snap=snap)
            self._line.shown(line, final=final)
        # set only now: if an interrupt cut the write short, close() draws it again
        self._finished = self._finished or final

    def _snapshot(self, now: float, final: bool) -> Snapshot:
        eta = None if self.target is None or final else self._eta_at(self.target, now)
        return Snapshot(
            current=self._current,
            target=self.target,
            elapsed=now - self._start,
            eta=eta,
            per_unit=self._per_unit(now, final),
            unit_name=self.unit_name,
            metrics=self._metrics.formatted(),
            final=final,
            description=self.description,
            units=self.units,  # type: ignore[arg-type,unused-ignore]  # a UNITS choice
        )

    def _per_unit(self, now: float, final: bool) -> Optional[float]:
        """Seconds per step: Keras's whole-run average once finished, else the smoothed rate."""
        if final or self.target is None:
            return mean_step_time(now, self._start, self._current, self._first)
        rate = self._rate.rate
        return 1.0 / rate if rate else None
