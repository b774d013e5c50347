"""The worker's side of a shared bar: one batching box per bar, one flusher thread per process.

``Handle.add`` only adds to a number in a ``Box``; a daemon thread started
by the first ``add`` of the process (a box starts cold: see :meth:`Box.warm_up`)
sends what accumulated every ``PERIOD`` seconds, so the hot path reads no
clock and takes no lock. The box owns the
connection (opened lazily, by whichever thread sends first, patiently: see
``dial``) and swallows every network fault: a parent that is gone makes the
box a no-op, never an exception in the worker, and a fault in one box never
stops the flusher from serving the others. Nothing here is shared with the parent: after a
``fork`` every box forgets its parent's connection, lock and counts.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import threading
import time

from . import wire
from .dial import Dial, TimedOut, await_echo, warn_once

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Callable, Optional, Union

__all__ = ["BIG", "PERIOD", "Box", "box_for"]

PERIOD = 0.1  # seconds between two sends of one worker, at most ~10 frames/s per bar
TIMEOUT = 5.0  # what one flush waits, for the connection or for the confirmation
STEP = 1.0  # what one periodic send waits for a slow parent before trying again later
BIG = 1e300  # counts beyond this are refused, as by a local Progbar.add
NO_SIGPIPE = getattr(socket, "MSG_NOSIGNAL", 0)  # a dead parent: an error, never a signal

# see progbar/_core/state.py: with CPython >= 3.11 and the GIL, ``x.a = x.a + n`` on ints
# cannot interleave with another thread's, so add() needs no lock there (tests/test_locks.py
# counts from many threads under sys.setswitchinterval(1e-6) and loses nothing)
ATOMIC_ADD = (
    sys.implementation.name == "cpython"
    and sys.version_info >= (3, 11)
    and bool(getattr(sys, "_is_gil_enabled", lambda: True)())
)


class Box:
    """What one process has counted for one shared bar, and its connection to the parent.

    ``count`` is written only by the adding threads, ``sent`` only under
    ``lock``; ``count - sent`` is what the parent has not seen yet. ``warm``:
    this process's flusher runs and ``+=`` is atomic, so ``handle.add`` adds
    without a lock; a cold box takes :meth:`Handle._add_checked`'s path,
    which warms it. Both locks are reentrant: a signal handler may report
    progress (``add``, ``with handle:``, ``flush``) while its thread holds one.
    """

    __slots__ = (
        "address",
        "count",
        "count_lock",
        "dead",
        "dial",
        "echoes",
        "inside",
        "key",
        "local",
        "lock",
        "pushing",
        "sent",
        "seq",
        "sock",
        "warm",
    )

    def __init__(
        self,
        address: tuple[str, int],
        key: bytes,
        local: Optional[Callable[[Union[int, float]], None]] = None,
    ) -> None:
        self.address = address
        self.key = key
        self.local = local  # in the parent itself: fold straight into the bar
        self.reset()

    def reset(self) -> None:
        """Start from nothing, as a new process must (also called after ``fork``)."""
        self.count: Union[int, float] = 0
        self.sent: Union[int, float] = 0
        self.inside = 0  # open ``with handle:`` blocks
        self.seq = 0
        self.echoes = bytearray()  # received from the parent and not yet matched to a flush
        self.lock = threading.RLock()  # push(); reentrant: see ``pushing``
        self.count_lock = threading.RLock()  # add()'s lock where += is not atomic, and ``inside``
        self.pushing = False  # a push runs: one landing inside it (a signal handler) returns
        self.sock: Optional[socket.socket] = None
        self.dial: Optional[Dial] = None  # a connection being made to a slow parent
        self.dead = False
        self.warm = False  # this process's flusher is not known to run: add() warms the box

    def warm_up(self) -> None:
        """Start this process's flusher; from now on ``handle.add`` adds without a lock.

        Only where ``+=`` is atomic (``ATOMIC_ADD``); elsewhere the box stays
        cold and every add takes ``count_lock``.
        """
        _start_flusher()
        self.warm = ATOMIC_ADD

    def push(self, sync: bool = False) -> None:
        """Send what accumulated; with ``sync``, wait until the parent folded it. Never raises.

        A push that lands inside another on the same thread (a signal handler's
        ``flush()``) returns at once: the outer one is mid-frame on the socket,
        and the counts stay in the box for the next push.
        """
        if not self.warm:
            self.warm_up()
        with self.lock:
            if self.dead or self.pushing:
                return
            self.pushing = True
            try:
                self._push_locked(sync)
            except TimedOut as exc:  # never reached a parent that is there: say so
                warn_once(f"progbar: a shared bar's counts of this process are lost: {exc}")
                self._die()
            except (OSError, ValueError, RuntimeError):  # the parent is gone: stay quiet
                self._die()
            except Exception as exc:  # a bug must not end the flusher, nor lose the other bars
                warn_once(f"progbar: error while sending a shared bar's count: {exc!r}")
            finally:
                self.pushing = False

    def _push_locked(self, sync: bool) -> None:
        count = self.count
        delta = count - self.sent
        if self.local is not None:
            self.sent = count
            if delta:
                with contextlib.suppress(ValueError):  # beyond 1e300 in all: the bar says so
                    self.local(delta)
            return
        if not delta and not sync:
            return
        sock = self.sock or self._connect(TIMEOUT if sync else STEP)
        if sock is None:  # a slow parent: the counts stay here, the next push goes on
            return
        if not -BIG < delta < BIG:  # add() refuses such counts; a sum of them is refused here
            warn_once(f"progbar: a shared count beyond 1e300 was dropped: {delta!r:.40}")
            self.sent, delta = count, 0
        data = wire.encode_delta(delta) if delta else b""
        if sync:
            self.seq += 1
            data += wire.encode_sync(self.seq, self.inside > 0)
        sock.sendall(data, NO_SIGPIPE)
        self.sent = count
        if sync:
            with contextlib.suppress(socket.timeout):  # alive but slow: stop waiting, stay
                await_echo(sock, self.echoes, data[-wire.FRAME_SIZE :])

    def _connect(self, seconds: float) -> Optional[socket.socket]:
        """The admitted connection, or None after ``seconds`` (raises ``GaveUp``, ``OSError``)."""
        dial = self.dial = self.dial or Dial(self.address, self.key)
        sock = dial.step(seconds)
        if sock is None:
            return None
        self.dial = None
        sock.settimeout(TIMEOUT)
        self.sock = sock
        return sock

    def goodbye(self) -> None:
        """Flush, confirm and hang up cleanly (at process exit): the parent sees no lost worker.

        A parent still being reached is waited for, up to ``dial.GIVE_UP``
        seconds from the first try: exiting sooner would lose the counts.
        """
        self.push(sync=True)
        while self.dial is not None and not self.dead:
            self.push(sync=True)
        with self.lock:
            if self.sock is not None and not self.dead:
                with contextlib.suppress(OSError):
                    self.sock.sendall(wire.encode_bye(), NO_SIGPIPE)
            self._die()

    def _die(self) -> None:
        self.dead = True
        if self.dial is not None:
            self.dial.close()
            self.dial = None
        if self.sock is not None:
            with contextlib.suppress(OSError):
                self.sock.close()
            self.sock = None


_boxes: dict[bytes, Box] = {}  # bar id -> this process's box for it
# reentrant: a signal handler's first add() may start the flusher while its thread holds it
_registry_lock = threading.RLock()
_flusher: list[threading.Thread] = []  # the running flusher of this process, if any


def box_for(
    address: tuple[str, int],
    key: bytes,
    local: Optional[Callable[[Union[int, float]], None]] = None,
) -> Box:
    """This process's box for the bar of ``key`` (one per bar, whatever the number of handles).

    A new box is cold: see :meth:`Box.warm_up`.
    """
    bar_id = wire.bar_id_for(key)
    with _registry_lock:
        box = _boxes.get(bar_id)
        if box is None or (local is not None and box.local is None):
            box = _boxes[bar_id] = Box(address, key, local)
        return box


def _start_flusher() -> None:
    if _flusher:  # running (a list's truth: no lock needed to see it)
        return
    thread = threading.Thread(target=_flush_forever, name="progbar-share-flusher", daemon=True)
    with _registry_lock:
        if _flusher:
            return
        _flusher.append(thread)
        _at_exit_once()
    thread.start()


def _flush_forever() -> None:
    while True:
        time.sleep(PERIOD)
        for box in list(_boxes.values()):
            try:  # push() swallows its own faults; this is for a bug in it
                box.push()
            except Exception as exc:
                warn_once(f"progbar: error while sending a shared bar's count: {exc!r}")


def flush_all_and_leave() -> None:
    """Send everything and say goodbye on every connection (at interpreter or worker exit)."""
    for box in list(_boxes.values()):
        box.goodbye()


_exit_hooks: list[int] = []  # pids that registered their exit hooks


def _at_exit_once() -> None:
    """Register the goodbye where this process will run it when it ends.

    ``atexit`` for a plain interpreter; ``multiprocessing`` children end
    with ``os._exit`` after running only its own finalizers, so those too.
    """
    if os.getpid() in _exit_hooks:
        return
    _exit_hooks.append(os.getpid())
    import atexit

    atexit.register(flush_all_and_leave)
    if "multiprocessing" in sys.modules:
        from multiprocessing import util

        util.Finalize(None, flush_all_and_leave, exitpriority=100)


def _after_fork_in_child() -> None:
    """A forked child inherits the parent's boxes mid-flight: start each one afresh."""
    global _registry_lock
    _registry_lock = threading.RLock()
    _flusher.clear()
    for box in _boxes.values():
        if box.sock is not None:
            with contextlib.suppress(OSError):  # the child's copy: the parent's stays open
                box.sock.close()
        if box.dial is not None:
            box.dial.close()
        box.local = None  # the bar lives in the parent, not here
        box.reset()


if hasattr(os, "register_at_fork"):  # not on Windows
    os.register_at_fork(after_in_child=_after_fork_in_child)
