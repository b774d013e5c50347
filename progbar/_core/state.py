"""The bar's state: the count, the target, the throttle window, the estimator, the metrics.

The rule of this module (as h11's ``_state.py`` has one): everything that
affects what a bar will show lives here, and only code in this module writes
it. :class:`BarState` is driven by its caller and never calls out: events
come in (a count, a count with the time it was read at, a draw done or
skipped, a new target, a reset; a worker's delta is just an add), and
decisions (:class:`Decision`: draw now or not, and when next) and snapshots
go out. Nothing here reads a clock or touches a stream: every time is an
argument. :class:`Gate` adds Keras's ``update``/``add``, which take no time:
their throttled path must be a type test and a store, with no call in
between, so they live here (they write the count) and hand the rest to the
owner (``Progbar``), which reads its clock, feeds the state, and draws.
"""

from __future__ import annotations

import math
import sys
from _thread import RLock

from .. import _hints as t
from .metrics import MetricAverager
from .rate import RateEstimator, mean_step_time
from .snapshot import Snapshot

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Callable, Optional, Union

    Values = Union[Mapping[str, object], Iterable[tuple[str, object]], None]

__all__ = ["FEED_GAP", "HORIZON", "BarState", "Decision", "Gate"]

HORIZON = 0.02
"""Seconds of steps, at the last measured rate, that update()/add() skip the clock for.

Short, so that when steps slow down a due draw is late by at most about
HORIZON times the slowdown; a clock read every 20 ms costs nothing.
"""

FEED_GAP = 0.005
"""Seconds between the samples the estimator is fed, at least.

A bar drawn at every call (``interval=0``) may draw thousands of times a
second; the estimator gains nothing from samples closer than this (the
skipped progress arrives with the next one), and each costs several
microseconds. Any ``interval`` above it feeds every draw, as before.
"""

# CPython 3.11+ with a GIL switches threads only at calls, backward jumps and function
# entry, so ``self._current = self._current + n`` on builtin numbers (no Python code
# runs, nothing GC-tracked is allocated) cannot interleave with another thread's:
# add() needs no lock there. Older or free-threaded interpreters take the lock.
_ATOMIC_ADD = (
    sys.implementation.name == "cpython"
    and sys.version_info >= (3, 11)
    and bool(getattr(sys, "_is_gil_enabled", lambda: True)())
)
_BIG = 1e300  # counts beyond this overflow the rate arithmetic: refused as not finite


def _pairs(values: Values) -> list[tuple[str, object]]:
    """Keras's ``[(name, value), ...]``, or a ``logs`` dict, read once into a list."""
    from .checks import check_pairs

    items = getattr(values, "items", None)  # a Mapping: Keras's logs dict
    return check_pairs("values", values if items is None else items())


class Decision:
    """What a timed event tells its caller: draw now or not, and when to ask again.

    ``draw``: draw the bar now (then report :meth:`BarState._observe`, or
    :meth:`BarState._skip_draw` if the output is not ready). ``final``: that
    draw is the last line. ``next_at``: the time the next draw is due.
    ``quiet_below``: counts below it need no time (no draw can be due).
    """

    __slots__ = ("draw", "final", "next_at", "quiet_below")

    def __init__(self, draw: bool, final: bool, next_at: float, quiet_below: float) -> None:
        self.draw, self.final, self.next_at, self.quiet_below = draw, final, next_at, quiet_below

    def __repr__(self) -> str:
        return (
            f"Decision(draw={self.draw}, final={self.final}, next_at={self.next_at}, "
            f"quiet_below={self.quiet_below})"
        )


class BarState:
    """Counts, target, throttle, estimator and metrics of one bar; see the module's rule.

    Driven alone (its tests do, with plain numbers as times): :meth:`_advance`
    or :meth:`_advance_by` at a time give a :class:`Decision`; a caller that
    draws reports it (:meth:`_observe`, :meth:`_skip_draw`, :meth:`_mark_finished`)
    and reads :meth:`_snapshot`. Counts the window holds need no time (:class:`Gate`).

    Args:
        target: total expected, or None when unknown.
        start: the time the bar starts at.
        gap: seconds between draws (the bar's interval, or its display's).
        stateful: metric names shown as given.
        stateless: metric names averaged (exclusive with ``stateful``).
        smoothing: the estimator's (tqdm's meaning; None: the default that measures best).
    """

    def __init__(
        self,
        target: Optional[float],
        start: float,
        gap: float,
        stateful: Optional[Iterable[str]] = None,
        stateless: Optional[Iterable[str]] = None,
        smoothing: Optional[float] = None,
    ) -> None:
        self._target = target
        self._smoothing = smoothing
        self._gap = gap
        self._stateful, self._stateless = stateful, stateless
        self._count_lock = RLock()  # reentrant: a signal handler may add() inside an add()
        self._postfix: tuple[tuple[str, str], ...] = ()
        self._postfix_values: tuple[tuple[str, object], ...] = ()
        self._names: tuple[Optional[str], Optional[str]] = (None, None)  # (bar, parent) ids
        self._poll: Optional[Callable[[], float]] = None  # a running loop's count of items
        self._restart(start)

    def _renew_locks(self) -> None:
        """A forked child: the count's lock may be held by a thread that is not here."""
        self._count_lock = RLock()

    def _restart(self, start: float) -> None:
        self._start = start
        self._current: float = 0
        self._metrics = MetricAverager(self._stateful, self._stateless)
        self._rate = RateEstimator(start, smoothing=self._smoothing)
        self._fed, self._rate_n = -math.inf, 0.0  # when, and at what count, it was last fed
        self._first: Optional[tuple[float, float]] = None  # (time, count) of the first step
        self._finished = False
        self._next_draw = start
        # the hot path: update()/add() with a count in [_low, _check_at) only store it
        self._low: float = 0
        self._check_at: float = -math.inf  # the first call looks at the clock
        self._plan_t, self._plan_n, self._longest = start, 0.0, 0.0

    # -- events without a time: counts ----------------------------------------------

    def _record(self, current: float, values: Values, finalize: Optional[bool]) -> bool:
        """``update()`` past the throttle: check and store ``current``; whether it is the last."""
        current = self._checked("current", current)
        target = self._target
        if finalize is None:
            finalize = target is not None and current >= target
        elif finalize is not True and finalize is not False:
            from .checks import check_bool

            finalize = bool(check_bool("finalize", finalize, allow_none=True))
        if values:
            pairs = _pairs(values)
            with self._count_lock:
                self._metrics.fold(pairs, current - self._current, finalize)
                self._current = current
        else:
            self._current = current
        return finalize

    def _record_add(self, n: float, values: Values, can_finish: bool = True) -> Optional[bool]:
        """``add()`` under the lock; None while the count stays in the throttle window.

        Otherwise whether it is the last: the caller then brings the time (:meth:`_decide`).
        ``can_finish=False``: reaching the target does not end the bar (a roll-up
        still expecting parts). One read-modify-write: nothing lost to threads or
        to a signal handler adding meanwhile.
        """
        n = self._checked("n", n)
        pairs = _pairs(values) if values else None
        with self._count_lock:  # += is not atomic: without it, threads lose counts
            if pairs:
                target = self._target
                ahead = can_finish and target is not None and self._current + n >= target
                self._metrics.fold(pairs, n, ahead)
            # one read-modify-write after the fold: a lock-free add may have run meanwhile
            current = self._current = self._current + n
        if self._low <= current < self._check_at:
            return None
        return self._added(n, current) and can_finish

    def _added(self, n: float, current: float) -> bool:
        """An add() left the throttle window: refuse a count past 1e300; whether it is the last."""
        if not -_BIG < current < _BIG:  # only a huge int gets here unchecked: take it back
            with self._count_lock:
                self._current -= n
            raise ValueError(f"n must be finite and below 1e300, got {n!r:.40}")
        target = self._target
        return target is not None and current >= target

    @staticmethod
    def _checked(name: str, value: object) -> float:
        """A count as given (int kept exact), or the ValueError/TypeError naming ``name``."""
        kind = type(value)
        if (kind is int or kind is float) and -_BIG < value < _BIG:  # type: ignore[operator]
            return value  # type: ignore[return-value]
        from .checks import check_count

        number = check_count(name, value)
        if not -_BIG < number < _BIG:
            raise ValueError(f"{name} must be finite and below 1e300, got {number!r:.40}")
        return number

    # -- events with a time: decisions ------------------------------------------------

    def _decide(self, now: float, final: bool) -> Decision:
        """The caller read its clock after a count left the window: draw or not, and when next.

        A draw is due when ``final`` or once the gap since the last one has passed.
        The next window (:meth:`_plan`) counts on the caller drawing when told to:
        a draw sets the next one a gap from ``now``.
        """
        due = final or now >= self._next_draw
        next_at = now + self._gap if due else self._next_draw
        self._plan(self._current, now, next_at)
        return Decision(due, final, next_at, self._check_at)

    def _advance(
        self,
        current: float,
        now: float,
        values: Values = None,
        finalize: Optional[bool] = None,
    ) -> Decision:
        """``update(current, values, finalize)`` at ``now``: for a caller that has the time."""
        return self._decide(now, self._record(current, values, finalize))

    def _advance_by(self, n: float, now: float, values: Values = None) -> Decision:
        """``add(n, values)`` at ``now``: for a caller that has the time."""
        final = self._record_add(n, values)
        if final is None:  # still in the window: no draw can be due
            return Decision(False, False, self._next_draw, self._check_at)
        return self._decide(now, final)

    # -- events: everything else ---------------------------------------------------

    def _retarget(self, target: Optional[float]) -> None:
        """A new target takes effect at the next call, finishing included."""
        self._target = target
        self._check_at = -math.inf  # the window was planned for the old target

    def _set_gap(self, gap: float) -> None:
        """A new interval: the next draw is due that long after the last one."""
        self._next_draw += gap - self._gap
        self._gap = gap
        self._check_at = -math.inf

    def _reset(self, now: float, target: Optional[float]) -> None:
        """Tqdm's ``reset``: count 0, clock, estimator and metrics start again."""
        with self._count_lock:
            self._target = target
            self._postfix, self._postfix_values = (), ()
            self._restart(now)

    def _follow(self, poll: Optional[Callable[[], float]]) -> None:
        """Count from ``poll`` too (a running loop's items), or stop when None."""
        self._poll = poll

    def _set_postfix(
        self, pairs: tuple[tuple[str, str], ...], values: tuple[tuple[str, object], ...] = ()
    ) -> None:
        """Show ``pairs`` (text) after the metrics; ``values`` are their numbers, for records."""
        self._postfix, self._postfix_values = pairs, values or pairs

    def _name(self, bar_id: Optional[str], parent_id: Optional[str]) -> None:
        """The ids its screen gave the bar and its parent: each snapshot carries them."""
        self._names = (bar_id, parent_id)

    def _observe(self, now: float) -> float:
        """A draw happens at ``now``: feed the estimator, set the next draw; the count drawn."""
        current = self._seen()
        self._current = current
        if now >= self._fed + FEED_GAP or current < self._rate_n:  # a count back down: at once
            self._rate.observe(current, now)
            self._fed, self._rate_n = now, current
        if self._first is None and current > 0:
            self._first = (now, current)
        self._next_draw = now + self._gap
        return current

    def _skip_draw(self, now: float) -> None:
        """A due draw is skipped (its screen has not shown the last one yet): wait a gap."""
        self._next_draw = now + self._gap

    def _mark_finished(self) -> None:
        self._finished = True

    def _plan(self, current: float, now: float, next_at: float) -> None:
        """After a clock read at ``current``: the counts for which the next calls skip the clock.

        ``update()``/``add()`` store a count in ``[_low, _check_at)`` and return.
        ``_check_at`` is where, at the rate measured since the previous read, the
        next draw (due at ``next_at``) may be due (never past the target, so finishing is seen at
        once); an interval of 0 means every call looks at the clock, as in Keras.
        The window holds at most twice the steps the previous read saw: a rate
        measured over an instant (a quick first step, a cache hit) would
        otherwise stretch it over the whole run, and no line would come until
        the end; so it grows at most twofold per read, as the rate proves itself,
        and the span that holds the first step (setup, warm-up, a cache) plans
        no window at all.
        """
        dt = now - self._plan_t
        dn = current - self._plan_n
        measured = dn > 0 and dt > 0 and self._plan_n > 0  # not the span of the first step
        if dt > self._longest:
            self._longest = dt
        self._plan_t, self._plan_n, self._low = now, current, current
        if self._gap <= 0:
            self._check_at = -math.inf
            return
        ahead = min(next_at - now, HORIZON)
        steps = int(min(dn * ahead / dt, 2 * dn, 2.0**62)) if measured and ahead > 0 else 0
        check = current + max(steps, 1)
        target = self._target
        self._check_at = check if target is None or check < target else target

    # -- reads -----------------------------------------------------------------------

    def _quiet_below(self) -> float:
        """The count below which the next update()/add() only store it (no clock, no draw).

        For a caller that throttles itself the same way (the urlretrieve hook keeps
        its own count below this and lets the bar read it through ``_follow``).
        """
        return self._check_at

    def _seen(self) -> float:
        poll = self._poll
        if poll is None:
            return self._current
        return max(self._current, poll())

    def _eta_at(self, now: float) -> Optional[float]:
        target = self._target
        if target is None:
            return None
        remaining = target - self._seen()
        return 0.0 if remaining <= 0 else self._rate.eta(remaining, now)

    def _snapshot(
        self,
        now: float,
        final: bool,
        *,
        description: Optional[str],
        unit_name: str,
        units: str,
    ) -> Snapshot:
        """What one line shows at ``now``: a frozen value for the renderer."""
        target = self._target
        current = self._current
        return Snapshot(
            current=current,
            target=target,
            elapsed=now - self._start,
            eta=None if target is None or final else self._eta_at(now),
            per_unit=self._per_unit(now, final),
            unit_name=unit_name,
            metrics=self._metrics.formatted() + self._postfix,
            final=final,
            description=description,
            units=units,  # type: ignore[arg-type]  # one of options.UNITS
            values=self._metrics.values() + self._postfix_values,
            bar_id=self._names[0],
            parent_id=self._names[1],
        )

    def _per_unit(self, now: float, final: bool) -> Optional[float]:
        """Seconds per step: Keras's whole-run average once finished, else the smoothed rate."""
        if final or self._target is None:
            return mean_step_time(now, self._start, self._current, self._first)
        rate = self._rate.rate
        return 1.0 / rate if rate else None


class Gate(BarState):
    """``update()``/``add()`` as Keras has them, without a time: the base of ``Progbar``.

    The throttled call (a count inside the window :meth:`_plan` set) is a type
    test and a store, in one Python frame: a second frame would cost half as
    much again (benchmarks/README.md). Any other call is recorded by the state
    and handed to :meth:`_counted`, where the owner reads its clock, asks
    :meth:`_decide` and acts on the :class:`Decision`. This is the one place
    this module runs its owner's code, and it passes only a flag: the state
    itself (:class:`BarState`) is driven by its caller alone.
    """

    def update(
        self, current: float, values: t.Values = None, finalize: t.Optional[bool] = None
    ) -> None:
        """Set the progress to ``current`` steps and fold in ``values``.

        Args:
            current: steps done so far (absolute, not an increment).
            values: ``[(name, value), ...]`` (or a dict) for the latest steps.
            finalize: whether this is the last update; None means ``current >= target``.
        """
        if (
            type(current) is int
            and self._low <= current < self._check_at
            and values is None
            and finalize is None
        ):
            self._current = current  # throttled: no clock read, no draw (see _plan)
            return
        self._counted(self._record(current, values, finalize))

    def add(self, n: float, values: t.Values = None) -> None:
        """Advance by ``n`` steps (``update(current + n, values)``); safe from many threads."""
        if type(n) is int and values is None:
            try:
                current = self._current = self._current + n  # atomic here: see _ATOMIC_ADD
            except OverflowError:  # a huge int onto a float count: refused as any count past 1e300
                raise ValueError(f"n must be finite and below 1e300, got {n!r:.40}") from None
            if self._low <= current < self._check_at:
                return  # throttled: no clock read, no draw (see _plan)
            self._counted(self._added(n, current))
        else:
            final = self._record_add(n, values)
            if final is not None:
                self._counted(final)

    if not _ATOMIC_ADD:  # the read-modify-write above could interleave: always take the lock

        def add(self, n: float, values: t.Values = None) -> None:
            """Advance by ``n`` steps (``update(current + n, values)``); safe from many threads."""
            final = self._record_add(n, values)
            if final is not None:
                self._counted(final)

    def _counted(self, final: bool) -> None:
        """A count left the throttle window (or is the last): the owner brings the time."""
        raise NotImplementedError


# Users call these on a Progbar (this class's only subclass): Python's TypeError for a wrong
# keyword, ``update(loss=0.5)``, names the function's __qualname__, so it names that class.
Gate.update.__qualname__ = "Progbar.update"
Gate.add.__qualname__ = "Progbar.add"
