"""A worker's way to its parent: connect and prove the key, patiently, in slices of time.

A parent can be alive and silent for a while: C code holding the GIL, a
terminal paused with Ctrl-S, a debugger, ``SIGSTOP``. Its kernel still
completes the TCP connection, but nobody sends the challenge. So a slow
step is never a failure: a ``Dial`` keeps the half-made connection and the
bytes received so far, and each ``step(seconds)`` goes on where the last
stopped. It gives up only when the parent is surely gone (the connection is
refused, the key is refused) or after ``GIVE_UP`` seconds without success.
No count is sent before the parent accepted the key, so starting a new
connection after a dropped one never counts anything twice.
"""

from __future__ import annotations

import contextlib
import socket
import time

from . import wire

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Optional

__all__ = ["GIVE_UP", "Dial", "GaveUp", "TimedOut", "await_echo", "warn_once"]

GIVE_UP = 30.0  # seconds of trying before a worker's counts for a bar are declared lost


class GaveUp(ConnectionError):
    """The parent cannot be reached: it is gone, or it refused the key (nothing to tell)."""


class TimedOut(GaveUp):
    """The parent stayed silent for ``GIVE_UP`` seconds: counts were lost, worth a warning."""


class Dial:
    """One attempt (possibly over several connections) to reach the parent and be admitted."""

    __slots__ = ("address", "got", "key", "sent_answer", "sock", "started")

    def __init__(self, address: tuple[str, int], key: bytes) -> None:
        self.address = address
        self.key = key
        self.started = time.monotonic()
        self.sock: Optional[socket.socket] = None
        self.got = b""  # the challenge, then the OK, as far as they arrived
        self.sent_answer = False

    def step(self, seconds: float) -> Optional[socket.socket]:
        """The admitted socket, or None when ``seconds`` passed first (call again later).

        Raises:
            GaveUp: the parent is gone, refused the key, or stayed silent too long.
        """
        deadline = time.monotonic() + seconds
        while True:
            left = min(deadline, self.started + GIVE_UP) - time.monotonic()
            if left <= 0:
                if time.monotonic() >= self.started + GIVE_UP:
                    self.close()
                    raise TimedOut(f"no answer from the parent in {GIVE_UP:g} s")
                return None
            try:
                if self._advance(left):
                    sock, self.sock = self.sock, None
                    return sock
            except socket.timeout:
                continue  # the parent is slow: the deadline decides
            except ConnectionRefusedError:
                self.close()
                raise GaveUp("the parent is gone") from None
            except GaveUp:
                self.close()
                raise
            except OSError:  # dropped mid-handshake (reset, hung up): a new connection
                self.close()
                time.sleep(min(0.05, max(left, 0.0)))

    def _advance(self, left: float) -> bool:
        """One blocking operation of at most ``left`` seconds; True once admitted."""
        if self.sock is None:
            self.sock = socket.create_connection(self.address, timeout=left)
            self.got, self.sent_answer = b"", False
            return False
        sock = self.sock
        sock.settimeout(left)
        want = len(wire.OK) if self.sent_answer else wire.CHALLENGE_SIZE
        chunk = sock.recv(want - len(self.got))
        if not chunk:
            if self.sent_answer:  # it read our proof and hung up: not our key
                raise GaveUp("the parent refused the key")
            raise ConnectionError("the parent hung up before the challenge")
        self.got += chunk
        if len(self.got) < want:
            return False
        if self.sent_answer:
            if self.got != wire.OK:
                raise GaveUp("the parent refused the key")
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return True
        reply = wire.answer(self.got, self.key)
        if reply is None:
            raise GaveUp("not a progbar parent")
        sock.sendall(reply)
        self.got, self.sent_answer = b"", True
        return False

    def close(self) -> None:
        """Drop the connection being made (a new ``step`` starts another)."""
        if self.sock is not None:
            with contextlib.suppress(OSError):
                self.sock.close()
            self.sock = None


def await_echo(sock: socket.socket, echoes: bytearray, frame: bytes) -> None:
    """Read the parent's echoes into ``echoes`` until ``frame`` comes back, and consume it.

    Echoes of flushes that timed out may arrive first, or part of one may
    have been read when a wait timed out: the bytes stay in ``echoes``
    between calls (which always starts at a frame), and each whole frame is
    compared with the awaited one, whose ``seq`` is unique.
    """
    size = wire.FRAME_SIZE
    while True:
        whole = len(echoes) - len(echoes) % size
        for start in range(0, whole, size):
            if echoes[start : start + size] == frame:
                del echoes[: start + size]
                return
        del echoes[:whole]  # older echoes: done with them
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("the parent hung up")
        echoes += chunk


_warned: list[bool] = []


def warn_once(message: str) -> None:
    """One warning per worker process: its stderr is not the place for a stream of them."""
    if _warned:
        return
    _warned.append(True)
    try:
        import warnings

        warnings.warn(message, RuntimeWarning, stacklevel=1)
    except Exception:  # -W error in the flusher thread: nothing to raise into
        pass
