"""The parent's side of shared bars: one daemon thread serves every bar of the process.

The thread multiplexes its listening sockets and every worker connection
with ``selectors`` on non-blocking sockets, so a client that stalls mid
handshake or floods garbage costs one timeout or one read, never the
others' progress. Deltas fold into the bar with ``bar.add(n)``: the very
path a local update takes. Anything wrong from outside (a wrong key, bytes
that are not a frame, a handshake that never ends) drops that connection
with one warning per process; a worker that hangs up while it was busy is
marked on its bar's description. What strangers can hold is bounded by the
descriptor limit (see ``door``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import selectors
import socket
import threading
import time

from . import wire
from .door import HANDSHAKE_TIMEOUT, OUT_OF_DESCRIPTORS, Backoff, Peer, pending_cap
from .served import Served

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Callable, Union

    from .._progbar import Progbar

__all__ = ["HANDSHAKE_TIMEOUT", "Server", "server"]

DROPPED = (
    "progbar: dropped a connection to a shared bar: it did not prove the bar's key "
    "or sent malformed data (further ones are dropped silently)"
)


class Server:
    """Listening sockets and worker connections of this process, served by one thread."""

    def __init__(self) -> None:
        self._selector = selectors.DefaultSelector()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._selector.register(self._wake_r, selectors.EVENT_READ, self._on_wake)
        self._lock = threading.Lock()
        self._new_listeners: list[socket.socket] = []
        self._listeners: dict[tuple[str, int], tuple[str, int]] = {}  # asked -> advertised
        self._served: dict[bytes, Served] = {}
        self._keys: dict[bytes, bytes] = {}
        self._pending: dict[socket.socket, Peer] = {}
        self._max_pending = pending_cap()  # unproven connections kept; the oldest goes first
        self._backoff = Backoff()
        self._paused: list[socket.socket] = []  # listeners resting after a descriptor shortage
        self.warned = False
        self.thread = threading.Thread(target=self._run, name="progbar-share", daemon=True)
        self.thread.start()

    # -- called from the user's threads -------------------------------------------

    def serve(self, bar: Progbar, key: bytes, address: tuple[str, int]) -> tuple[str, int]:
        """Accept workers holding ``key`` for ``bar`` on ``address``; the address to give them.

        Raises:
            ValueError: ``key`` already serves another bar.
            OSError: ``address`` cannot be listened on.
        """
        bar_id = wire.bar_id_for(key)
        with self._lock:
            served = self._served.get(bar_id)
            if served is not None and served.bar() not in (None, bar):
                raise ValueError("share(): this key is already used by another bar")
            advertised = self._listeners.get(address)
            if advertised is None:
                advertised = self._listen(address)
            if served is None or served.bar() is None:
                self._served[bar_id] = Served(bar)
            self._keys[bar_id] = key
        return advertised

    def _listen(self, address: tuple[str, int]) -> tuple[str, int]:
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        sock = socket.create_server(address, family=family, backlog=128)
        sock.setblocking(False)
        host, port = sock.getsockname()[:2]
        if host in ("0.0.0.0", "::"):  # every interface: workers elsewhere need a name
            host = socket.gethostname()
        self._listeners[address] = (host, port)
        self._new_listeners.append(sock)
        self._wake_w.send(b"\0")
        return host, port

    def forget(self) -> None:
        """Close this process's copies of the sockets (a forked child: the thread is gone)."""
        for key in list(self._selector.get_map().values()):
            with contextlib.suppress(OSError):
                key.fileobj.close()  # type: ignore[union-attr]
        for sock in (*self._new_listeners, *self._paused, self._wake_w):
            sock.close()
        self._selector.close()

    # -- the serving thread --------------------------------------------------------

    def _run(self) -> None:
        while True:
            try:
                self._once()
            except Exception as exc:  # a bug here must not end the serving of every bar
                self._warn_once(f"progbar: error while serving shared bars: {exc!r}")
                time.sleep(0.01)

    def _once(self) -> None:
        wakes = [p.deadline for p in self._pending.values()]
        if self._paused:
            wakes.append(self._backoff.until)
        timeout = max(0.0, min(wakes) - time.monotonic()) if wakes else None
        for key, _ in self._selector.select(timeout):
            callback: Callable[[socket.socket], None] = key.data
            callback(key.fileobj)  # type: ignore[arg-type]
        now = time.monotonic()
        for peer in [p for p in self._pending.values() if p.deadline <= now]:
            self._drop(peer)
        if self._paused and now >= self._backoff.until:
            paused, self._paused = self._paused, []
            for listener in paused:
                self._selector.register(listener, selectors.EVENT_READ, self._on_accept)

    def _on_wake(self, sock: socket.socket) -> None:
        with contextlib.suppress(BlockingIOError):
            sock.recv(4096)
        with self._lock:
            new, self._new_listeners = self._new_listeners, []
        for listener in new:
            self._selector.register(listener, selectors.EVENT_READ, self._on_accept)

    def _on_accept(self, listener: socket.socket) -> None:
        for _ in range(64):  # a burst of connections, without starving the connected ones
            try:
                sock, _address = listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                if exc.errno in OUT_OF_DESCRIPTORS:
                    self._rest(listener)
                elif exc.errno == errno.ECONNABORTED:  # gone before we took it: take the next
                    continue
                return
            self._backoff.succeeded()
            if len(self._pending) >= self._max_pending:
                self._drop(min(self._pending.values(), key=lambda p: p.deadline))
            sock.setblocking(False)
            peer = Peer(sock)
            try:
                sock.send(wire.challenge(peer.nonce))  # 36 bytes: an empty buffer takes them
            except OSError:
                sock.close()
                continue
            self._pending[sock] = peer
            self._selector.register(sock, selectors.EVENT_READ, self._reader(peer))

    def _rest(self, listener: socket.socket) -> None:
        """Out of descriptors: rest (the waiting connection would wake us at once, for ever)."""
        self._backoff.failed(time.monotonic())
        self._selector.unregister(listener)
        self._paused.append(listener)
        if self._pending:
            self._drop(min(self._pending.values(), key=lambda p: p.deadline))

    def _reader(self, peer: Peer) -> Callable[[socket.socket], None]:
        return lambda _sock: self._on_read(peer)

    def _on_read(self, peer: Peer) -> None:
        try:
            data = peer.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self._close(peer)
            return
        peer.buf += data
        if peer.bar_id is None and not self._admit(peer):
            return
        self._fold(peer)

    def _admit(self, peer: Peer) -> bool:
        """Check the worker's answer once it is complete; True when it proved the key."""
        if len(peer.buf) < wire.ANSWER_SIZE:
            return False
        bar_id = wire.read_answer(bytes(peer.buf[: wire.ANSWER_SIZE]), peer.nonce, self._keys)
        if bar_id is None:
            self._drop(peer)
            return False
        del peer.buf[: wire.ANSWER_SIZE]
        del self._pending[peer.sock]
        peer.bar_id = bar_id
        peer.busy = True  # it connects to send counts: hanging up before them loses them
        served = self._served.get(bar_id)
        peer.worker = None if served is None else served.joined()
        try:
            peer.sock.send(wire.OK)
        except OSError:
            self._close(peer)
            return False
        return True

    def _fold(self, peer: Peer) -> None:
        """Apply every complete frame in the buffer: one ``bar.add`` per read, not per frame."""
        buf, size = peer.buf, wire.FRAME_SIZE
        whole = len(buf) - len(buf) % size
        total: Union[int, float] = 0
        for start in range(0, whole, size):
            frame = bytes(buf[start : start + size])
            decoded = wire.decode(frame)
            if decoded is None:
                self._add(peer, total)
                self._drop(peer)
                return
            kind, value = decoded
            if kind == wire.SYNC:
                self._add(peer, total)
                total = 0
                peer.busy = bool(int(value) & 1)
                self._echo(peer, frame)
            elif kind == wire.BYE:
                peer.clean = True
            else:
                total += value
                peer.busy = True
        del buf[:whole]
        self._add(peer, total)
        if peer.worker is not None:
            peer.worker.state = "busy" if peer.busy else "idle"

    def _add(self, peer: Peer, n: Union[int, float]) -> None:
        served = self._served.get(peer.bar_id or b"")
        if peer.worker is not None:
            peer.worker.count += n
        try:
            if served is not None:
                served.add(n)
        except Exception as exc:  # the bar's faults degrade its display, never this thread
            self._warn_once(f"progbar: a shared bar refused a worker's count: {exc!r}")

    def _echo(self, peer: Peer, frame: bytes) -> None:
        with contextlib.suppress(OSError):  # 9 bytes; a worker that reads none just fills up
            peer.sock.send(frame)

    def _close(self, peer: Peer) -> None:
        """The worker hung up: a lost worker if it was busy and did not say goodbye."""
        served = self._served.get(peer.bar_id or b"")
        if served is not None and peer.busy and not peer.clean:
            served.worker_lost()
        if peer.worker is not None:
            peer.worker.state = "lost" if peer.busy and not peer.clean else "done"
        self._discard(peer)

    def _drop(self, peer: Peer) -> None:
        """Refuse a connection that is not (or no longer) a well-behaved worker."""
        self._warn_once()
        self._discard(peer)

    def _discard(self, peer: Peer) -> None:
        self._pending.pop(peer.sock, None)
        with contextlib.suppress(KeyError, ValueError):
            self._selector.unregister(peer.sock)
        peer.sock.close()

    def _warn_once(self, message: str = DROPPED) -> None:
        if self.warned:
            return
        self.warned = True
        try:
            import warnings

            warnings.warn(message, RuntimeWarning, stacklevel=1)
        except Exception:  # -W error: an exception here would end the thread
            pass


_server: list[Server] = []  # this process's server, started by the first share()
_start_lock = threading.Lock()


def server() -> Server:
    """This process's server, started on first use."""
    with _start_lock:
        if not _server:
            _server.append(Server())
        return _server[0]


def _after_fork_in_child() -> None:
    global _start_lock
    _start_lock = threading.Lock()
    if _server:
        _server.pop().forget()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
