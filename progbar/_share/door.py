"""How many unproven connections the parent holds at once, and how it waits when out of descriptors.

A peer that connects and says nothing costs the parent a file descriptor
until the handshake deadline. Without a bound, a few hundred of them take
every descriptor the process may open (256 is macOS's default limit), and
the program's own ``open()`` fails. So the parent holds at most an eighth
of its descriptor limit in unproven connections (the oldest goes first),
and when ``accept()`` fails for want of descriptors it stops listening for
a moment, doubling the pause while the shortage lasts, instead of being
woken again at once by the connection it cannot take (a busy loop).
"""

from __future__ import annotations

import errno
import os
import time

from . import wire

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    import socket
    from typing import Optional

    from .served import Worker

__all__ = ["HANDSHAKE_TIMEOUT", "OUT_OF_DESCRIPTORS", "Backoff", "Peer", "pending_cap"]

HANDSHAKE_TIMEOUT = 5.0  # seconds a new connection has to prove the key

OUT_OF_DESCRIPTORS = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})
MOST, LEAST = 256, 4  # unproven connections held, whatever the limit
FIRST_PAUSE, LONGEST_PAUSE = 0.05, 1.0  # seconds without accepting after a shortage


def pending_cap(limit: Optional[int] = None) -> int:
    """Unproven connections to hold at once: an eighth of the descriptor limit, within 4..256.

    >>> pending_cap(256), pending_cap(1 << 20), pending_cap(16)
    (32, 256, 4)
    """
    if limit is None:
        limit = _descriptor_limit()
    return max(LEAST, min(MOST, limit // 8))


def _descriptor_limit() -> int:
    try:
        import resource
    except ImportError:  # Windows: no such limit on sockets; stay modest
        return 512
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    return soft if soft != resource.RLIM_INFINITY else 1 << 20


class Backoff:
    """When a listener may accept again after running out of descriptors."""

    __slots__ = ("pause", "until")

    def __init__(self) -> None:
        self.pause = 0.0
        self.until = 0.0

    def failed(self, now: float) -> float:
        """Another shortage at ``now``: the time until which not to accept."""
        self.pause = min(LONGEST_PAUSE, max(FIRST_PAUSE, self.pause * 2))
        self.until = now + self.pause
        return self.until

    def succeeded(self) -> None:
        """An accept went through: the next shortage starts with a short pause again."""
        self.pause = 0.0


class Peer:
    """One connection: unproven until ``bar_id`` is set."""

    __slots__ = ("bar_id", "buf", "busy", "clean", "deadline", "nonce", "sock", "worker")

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.nonce = os.urandom(wire.NONCE_SIZE)
        self.buf = bytearray()
        self.deadline = time.monotonic() + HANDSHAKE_TIMEOUT
        self.bar_id: Optional[bytes] = None
        self.busy = False  # sent counts and did not confirm being done since
        self.clean = False  # said goodbye
        self.worker: Optional[Worker] = None  # its record on the bar, once admitted
