"""One background thread that keeps live screens moving when their loops go quiet.

A bar draws only when its owner calls it (``update()``, a ``track()`` chunk
boundary). When steps take many seconds, or a fast ``track()`` loop meets a
slow item in the middle of a chunk sized at the old speed, the elapsed time,
the ETA and the count on screen would freeze; and a region capped at
``FRAME_RATE`` may hold a frame back. A single daemon thread, shared by all
screens, wakes every ``PERIOD`` seconds and calls :meth:`Screen.refresh` on
each screen it watches; the screen asks its bars, through their small
``_refresh()`` protocol, to redraw if quiet. This module imports no bar.

Only screens with a shown bar on a live clock are watched (an injected clock
is a time this thread cannot see); a log is watched too, so that its line
comes every ``log_interval`` even while a slow item holds a loop's chunk.
The thread is a daemon (it never keeps the interpreter alive) and exits
as soon as no screen is live. What happens at an uncaught exception, at
exit and after a fork is the output owner's business (``owner.py``); it
calls :func:`reset_after_fork` here.
"""

from __future__ import annotations

import time
from _thread import RLock

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    import threading
    from typing import Optional

    from .screen import Screen

__all__ = [
    "PERIOD",
    "REFRESH",
    "STALE",
    "STALE_LOOP",
    "reset_after_fork",
    "running",
    "tick",
    "watch",
    "watched",
]

PERIOD = 0.2
"""Seconds the thread sleeps between looks."""
REFRESH = 0.5
"""Seconds without a draw after which a live bar is redrawn (at least its interval)."""
STALE = 5.0
"""An ``update()`` bar unused for max(STALE, 4 x its longest pause) is left alone:
it was most likely abandoned (a Keras-style early stop, a ``break`` with no
``close()``), and redrawing it would write below whatever the program printed since."""
STALE_LOOP = 10.0
"""The same for a bar inside a ``track()`` loop, whose count moves between calls:
a generator left half-consumed is abandoned too, not a slow item forever."""

_lock = RLock()  # reentrant (a signal handler's bar may start watching); no threading import
_screens: list[Screen] = []
_thread: Optional[threading.Thread] = None


def watch(screen: Screen) -> None:
    """Keep ``screen`` live; starts the thread if it is not running."""
    global _thread
    import threading  # here: silent bars, logs and plain imports never need it

    with _lock:
        if screen not in _screens:
            _screens.append(screen)
        if _thread is None:
            thread = threading.Thread(target=_run, name="progbar-refresher", daemon=True)
            if _thread is None:  # a signal handler landing just above may have started one
                _thread = thread
                thread.start()


def watched() -> list[Screen]:
    """The screens the thread looks after now."""
    with _lock:
        return list(_screens)


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
            if not _screens:
                _thread = None
                return


def tick() -> None:
    """One look of the thread: each watched screen refreshes; empty ones are forgotten."""
    for screen in watched():
        if not screen.refresh():
            with _lock:
                if screen in _screens:
                    _screens.remove(screen)


def reset_after_fork() -> None:
    """In a forked child: the thread did not come along; the child's first live bar starts one."""
    global _lock, _thread
    _lock = RLock()
    _thread = None
    _screens.clear()
