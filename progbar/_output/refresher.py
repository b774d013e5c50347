"""One background thread that keeps live bars moving when their loop goes quiet.

A bar draws only when its owner calls it (``update()``, a ``track()`` chunk
boundary). When steps take many seconds, or a fast ``track()`` loop meets
a slow item in the middle of a chunk sized at the old speed, the elapsed
time, the ETA and the count on screen would freeze. A single daemon
thread, shared by all bars, wakes every ``PERIOD`` seconds and redraws
the bar that drew last if nothing drew it for ``REFRESH`` seconds. It
never invents progress: a ``track()`` loop publishes how many items it
has handed out (``bar._poll``) and an ``update()`` bar shows its last count.

Only bars that redraw in place (terminal, notebook) with the default clock
are registered: a log gets few lines on purpose, a silent bar draws
nothing, and an injected clock is a time this thread cannot see. Tests
call :func:`tick` (or :func:`refresh`) with a fake ``now`` instead of
sleeping. The thread is a daemon (it never keeps the interpreter alive),
it skips finished or closed bars (it never writes after ``close()``), and
it exits as soon as no bar is registered.
"""

from __future__ import annotations

import math
import time
from _thread import allocate_lock

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    import threading
    from typing import Optional
    from weakref import WeakSet

    from .._progbar import Progbar

__all__ = [
    "HORIZON",
    "PERIOD",
    "REFRESH",
    "plan",
    "refresh",
    "register",
    "registered",
    "tick",
    "unregister",
]

HORIZON = 0.02
"""Seconds of steps, at the last measured rate, that update()/add() skip the clock for.

Short, so that when steps slow down a due draw is late by at most about
HORIZON times the slowdown; a clock read every 20 ms costs nothing.
"""

PERIOD = 0.2
"""Seconds the thread sleeps between looks."""
REFRESH = 0.5
"""Seconds without a draw after which a live bar is redrawn (at least its interval)."""
STALE = 60.0
"""An ``update()`` bar unused for max(STALE, 4 x its longest pause) is left alone:
it was most likely abandoned, and redrawing it would write over later output."""

_lock = allocate_lock()  # threading.Lock() without importing threading
_bars: Optional[WeakSet[Progbar]] = None  # made for the first bar registered
_thread: Optional[threading.Thread] = None


def register(bar: Progbar) -> None:
    """Keep ``bar`` live; starts the thread if it is not running."""
    global _bars, _thread
    import threading  # here: silent bars, logs and plain imports never need it
    from weakref import WeakSet

    with _lock:
        if _bars is None:
            _bars = WeakSet()
        _bars.add(bar)
        if _thread is None:
            _thread = threading.Thread(target=_run, name="progbar-ticker", daemon=True)
            _thread.start()


def unregister(bar: Progbar) -> None:
    """Stop refreshing ``bar`` (its loop or its life is over)."""
    with _lock:
        if _bars is not None:
            _bars.discard(bar)


def registered() -> list[Progbar]:
    """The bars the thread looks after now."""
    with _lock:
        return list(_bars or ())


def running() -> Optional[threading.Thread]:
    """The thread, or None when it is not running."""
    return _thread


def _run() -> None:
    global _thread
    while True:
        time.sleep(PERIOD)
        try:  # noqa: SIM105  # not contextlib: it would be one more import for progbar
            tick()
        except Exception:  # a display fault must never end the thread
            pass
        with _lock:
            if not _bars:
                _thread = None
                return


def plan(bar: Progbar, current: float, now: float) -> None:
    """After a clock read at ``current``: the counts for which the next calls skip the clock.

    ``update()``/``add()`` store a count in ``[_low, _check_at)`` and return.
    ``_check_at`` is where, at the rate measured since the previous read, the
    next draw may be due (never past the target, so finishing is seen at
    once); an interval of 0 means every call looks at the clock, as in Keras.
    """
    dt = now - bar._plan_t
    dn = current - bar._plan_n
    if dt > bar._longest:
        bar._longest = dt
    bar._plan_t, bar._plan_n, bar._low = now, current, current
    if bar._gap <= 0:
        bar._check_at = -math.inf
        return
    ahead = min(bar._next_draw - now, HORIZON)
    steps = int(min(dn * ahead / dt, 2.0**62)) if dn > 0 and dt > 0 and ahead > 0 else 0
    check = current + max(steps, 1)
    target = bar.target
    bar._check_at = check if target is None or check < target else target


def _last_draw(bar: Progbar) -> float:
    return bar._next_draw - bar._gap


def wanted(bar: Progbar, now: float) -> bool:
    """Whether ``bar`` wants refreshing at ``now`` (finished, closed, stale bars do not)."""
    if bar._finished or bar._closed:
        return False
    if bar._poll is not None:  # inside a track() loop: live until the loop ends
        return True
    return now - bar._plan_t <= max(STALE, 4.0 * bar._longest)


def tick(now: Optional[float] = None) -> Optional[Progbar]:
    """One look of the thread: refresh the bar that drew last, if it went quiet.

    Only the most recent drawer is refreshed: with nested loops on one
    terminal, an outer bar must not draw over the inner bar's line.

    Args:
        now: the time to act at; None reads ``time.monotonic()`` (the
            clock of every registered bar).

    Returns:
        the bar that was considered, or None when none wants refreshing.
    """
    now = time.monotonic() if now is None else now
    candidates = []
    for bar in registered():
        if bar._finished or bar._closed:
            unregister(bar)
        elif wanted(bar, now):
            candidates.append(bar)
    if not candidates:
        return None
    bar = max(candidates, key=_last_draw)
    refresh(bar, now)
    return bar


def refresh(bar: Progbar, now: float) -> bool:
    """Redraw ``bar`` at ``now`` if nothing drew it for ``REFRESH`` seconds.

    Runs on the ticker thread: the bar's draw lock is only tried, never
    waited for (a draw in progress shows the same thing), and a
    ``track()`` count is published under that lock so a chunk boundary
    on the loop's thread never sees it go backwards.

    Returns:
        whether a redraw was made.
    """
    lock = bar._lock
    if not lock.acquire(blocking=False):
        return False
    try:
        if bar._finished or bar._closed:
            return False
        if now < _last_draw(bar) + max(REFRESH, bar._gap):
            return False
        poll = bar._poll
        if poll is not None:
            seen = poll()
            if seen > bar._current:
                bar._current = seen
        bar._draw(now, final=False)  # the lock is reentrant
        return True
    finally:
        lock.release()
