"""Clear the tab/taskbar indicator when the process is ended by ``SIGTERM``, then end as it would.

A process killed by ``SIGTERM`` (``kill``, a service manager, a CI timeout)
with the default disposition dies without running ``atexit``, so the
indicator stayed up in the terminal's tab after the program was gone. The
handler here clears every indicator that is up, then hands the signal on:
to the handler that was there before, or, when that was the default, by
restoring the default and sending the signal again, so the process still
dies of ``SIGTERM`` with the same exit status.

It is installed only once a reporter has actually written a sequence, only
from the main thread (``signal.signal`` works nowhere else), and never over
an ignored ``SIGTERM`` or a handler installed outside Python. The clear is
written with ``os.write`` to the terminal's descriptor: the main thread may
have been stopped inside a write of the same stream, whose lock a handler
must not take.

A child forked by ``os.fork`` (a ``multiprocessing`` worker) gets the
disposition it would have had without progbar, and no ``SIGTERM`` is lost on
the way: CPython forgets a signal that reaches a Python handler before the
child has set itself up after the fork, so ``SIGTERM`` is blocked across
the fork and unblocked in the child only after the previous disposition is
back (a pool's ``terminate()`` right after the fork still ends the worker).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from types import FrameType
    from typing import Callable, Optional, Union

    Handler = Union[Callable[[int, Optional[FrameType]], object], int, None]

__all__ = ["clear_on_sigterm", "raw_writer"]

_clears: list[Callable[[], None]] = []  # what to run on SIGTERM (one per reporter that wrote)
_previous: list[Handler] = []  # SIGTERM's handler before ours, once ours is installed
_owner: list[int] = []  # the process that installed it: a forked child (a pool worker that
# gets terminate()'s SIGTERM) must not clear the parent's indicator, only die as before


def clear_on_sigterm(clear: Callable[[], None]) -> None:
    """Run ``clear`` if ``SIGTERM`` ends the process (installs the handler from the main thread)."""
    if clear not in _clears:
        _clears.append(clear)
    if _previous or threading.current_thread() is not threading.main_thread():
        return  # installed already, or a later call from the main thread will install it
    sigterm = getattr(signal, "SIGTERM", None)
    if sigterm is None:
        return
    try:
        previous = signal.getsignal(sigterm)
        if previous is signal.SIG_IGN or previous is None:  # ignored, or not Python's own
            _previous.append(previous)  # never ours: do not look again
            return
        signal.signal(sigterm, _on_sigterm)
    except (ValueError, OSError):  # not the main interpreter, or no signals here
        return
    _previous.append(previous)
    _owner[:] = [os.getpid()]
    if hasattr(os, "register_at_fork") and hasattr(signal, "pthread_sigmask"):
        os.register_at_fork(
            before=_block, after_in_parent=_unblock, after_in_child=_restore_in_child
        )


def _block() -> None:
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})


def _unblock() -> None:
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})


def _restore_in_child() -> None:
    """The child's disposition as without progbar, then let a pending SIGTERM through."""
    previous = _previous[0] if _previous else signal.SIG_DFL
    with contextlib.suppress(ValueError, OSError, TypeError):
        if signal.getsignal(signal.SIGTERM) is _on_sigterm:
            signal.signal(signal.SIGTERM, previous)
    _unblock()


def _on_sigterm(signum: int, frame: Optional[FrameType]) -> None:
    for clear in list(_clears) if _owner == [os.getpid()] else []:
        with contextlib.suppress(Exception):  # the process is ending: nothing must stop it
            clear()
    previous = _previous[0] if _previous else signal.SIG_DFL
    if callable(previous):
        previous(signum, frame)
        return
    signal.signal(signum, signal.SIG_DFL)  # die of it, as without us (atexit does not run)
    os.kill(os.getpid(), signum)


def raw_writer(stream: object, fallback: Callable[[str], None]) -> Callable[[str], None]:
    """A writer of ``text`` straight to ``stream``'s descriptor, bypassing its buffer and lock."""
    try:
        fd = stream.fileno()  # type: ignore[attr-defined]
    except Exception:
        return fallback

    def write(text: str) -> None:
        with contextlib.suppress(OSError):  # gone, full or non-blocking: it ends anyway
            os.write(fd, text.encode("ascii", "replace"))

    return write
