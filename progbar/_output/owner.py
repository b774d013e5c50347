"""The one owner of the process's output state: region start and end, excepthook, exit, fork.

The pieces it coordinates each live in their own module: the screens
(``screen.py``, one per device), the refresh thread (``refresher.py``), the
capture of ``sys.stdout``/``sys.stderr`` (``capture.py``) and the writers
(``safe_stream.py``, one per stream). This module ties their lifetimes
together, so that no other code needs to know when a region is live:

- the first row a terminal screen draws engages capture, chains
  ``sys.excepthook`` and registers the exit handler; the last terminal region
  emptying releases capture;
- an uncaught exception (Ctrl-C included) ends every live region with its
  rows kept, each bar showing its last count, before the traceback;
- at exit, every bar still live (never finished or closed, or dropped) ends
  its line once, showing its last count, and the cursor goes below;
- in a forked child (``os.register_at_fork``) every lock is new, the
  parent's screens are forgotten (their rows are the parent's), and the
  refresh thread starts again with the child's first live bar.
"""

from __future__ import annotations

import atexit  # built in: costs nothing, and must not be imported where Ctrl-C may land
import os
import sys
from _thread import RLock

from . import capture, refresher, screen
from .safe_stream import reset_writers_after_fork

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from types import TracebackType
    from typing import Optional

    from .screen import Screen

__all__ = ["end_all", "live_regions"]

_lock = RLock()  # reentrant: a signal handler's first draw may start a region
_live: list[Screen] = []  # terminal screens with rows drawn now
_hooked = [False]  # excepthook and atexit chained (once per process)


def live_regions() -> list[Screen]:
    """The terminal screens that have rows drawn now."""
    with _lock:
        return list(_live)


def _on_region(scr: Screen, live: bool) -> None:
    """``screen`` started (or stopped) drawing rows on a terminal."""
    with _lock:
        if live and scr not in _live:
            _live.append(scr)
        elif not live and scr in _live:
            _live.remove(scr)
        last = not live and not _live
        hook = live and not _hooked[0]
        _hooked[0] = _hooked[0] or live
    if hook:
        _chain_excepthook()
        atexit.register(_at_exit)
    if live:
        capture.engage()
    elif last:
        capture.release()


def end_all(*, keep_ghosts: bool) -> None:
    """Every live bar shows its last count, then every region ends with its rows kept.

    Never raises: this runs before a traceback and at exit, where our rows
    matter less than what follows them.
    """
    for scr in screen.live_screens():
        try:
            scr.catch_up()
            scr.end(keep_ghosts=keep_ghosts)
        except Exception:  # the traceback or the exit matters more
            pass
    try:  # noqa: SIM105  # not contextlib: this runs at exit
        capture.release()
    except Exception:
        pass


def _at_exit() -> None:
    end_all(keep_ghosts=False)


def _chain_excepthook() -> None:
    """End live regions, rows kept, before an uncaught exception's traceback is printed."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: Optional[TracebackType]) -> None:
        end_all(keep_ghosts=True)
        previous(kind, value, tb)

    sys.excepthook = hook


def _after_fork_in_child() -> None:
    """A forked child starts with no screen, fresh locks and no refresh thread."""
    global _lock
    _lock = RLock()
    _live.clear()
    screen.reset_after_fork()
    refresher.reset_after_fork()
    capture.reset_after_fork()
    reset_writers_after_fork()


screen.region_hooks.append(_on_region)
if hasattr(os, "register_at_fork"):  # not on Windows
    os.register_at_fork(after_in_child=_after_fork_in_child)
