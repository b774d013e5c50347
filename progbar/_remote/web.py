"""The web view's HTTP server: one page, a JSON endpoint and a server-sent event stream.

Standard library only (``http.server``). Everything runs on daemon threads,
so serving never keeps the interpreter alive: one accepts connections, one
(the ticker) builds a frame of every bar at most :data:`FRAMES_PER_SECOND`
times a second while someone listens, and each connection has its own.
Whatever a client does, memory stays bounded: a stream client is sent only
the latest frame (one shared ``bytes``; a client that does not read just
skips frames, and is dropped when a write blocks for :data:`TIMEOUT`), and
at most :data:`MAX_CLIENTS` connections are served at once (the rest get 503).
Every path starts with the token; anything else gets 403.
"""

from __future__ import annotations

import contextlib
import hmac
import http.server
import json
import math
import socket
import threading
import time

from .page import render_page

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Any, Callable, Optional

    from .registry import Registry

__all__ = ["FRAMES_PER_SECOND", "MAX_CLIENTS", "TIMEOUT", "WebView"]

FRAMES_PER_SECOND = 4.0
"""Frames pushed to the page a second at most (only frames that changed are sent)."""
MAX_CLIENTS = 256
"""Connections served at once; one more gets 503 and is closed."""
TIMEOUT = 10.0
"""Seconds a connection may take to send its request, or leave a write of ours unread."""
KEEPALIVE = 15.0
"""Seconds between comment lines on an idle stream (so a dead client is noticed)."""
LINGER = 2.0
"""Seconds the server waits, once every bar ended, for a new bar before it stops."""


def dumps(value: object) -> bytes:
    """Compact JSON, safe inside a ``<script>`` element too (``<``, ``>``, ``&`` escaped)."""
    text = json.dumps(value, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode()


class WebView:
    """The server, its threads and the latest frame; :meth:`stop` ends it all.

    Args:
        registry: the bars to show.
        address: ``(host, port)`` to listen on (port 0: any free one).
        token: the secret every path must start with.
        on_stop: called once when the server has stopped (to unhook the registry).
        clock: what spaces the frames (a test passes a fake one).
    """

    def __init__(
        self,
        registry: Registry,
        address: tuple[str, int],
        token: str,
        on_stop: Callable[[WebView], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.registry = registry
        self._clock = clock
        self.token = token
        self._on_stop = on_stop
        self._cond = threading.Condition()
        self._version = 0
        self._frame = b""  # the latest frame, as the event-stream bytes every client writes
        self._clients = 0  # stream clients now; the ticker builds frames only for them
        self._ended = False
        self._published_at = -math.inf
        self._stopped = threading.Event()
        self._httpd = _Server(address, _handler_for(self))
        bound = self._httpd.server_address
        host, port = str(bound[0]), int(bound[1])
        if host in ("0.0.0.0", "::"):  # every interface: a name others can reach
            host = socket.gethostname()
        host = f"[{host}]" if ":" in host else host
        self.url = f"http://{host}:{port}/{token}/"
        """The page's address, token included."""
        for target, name in ((self._httpd.serve_forever, "serve"), (self._tick, "frames")):
            threading.Thread(target=target, name=f"progbar-web-{name}", daemon=True).start()

    # -- frames -----------------------------------------------------------------------

    def snapshot(self, *, ended: bool) -> dict[str, object]:
        """What the JSON endpoint and each stream frame carry."""
        return {"bars": self.registry.view(), "ended": ended, "time": time.time()}

    def _publish(self, *, ended: bool = False) -> None:
        """A new frame for every stream, unless one went out less than a frame's time ago."""
        now = self._clock()
        if not ended and now - self._published_at < 1.0 / FRAMES_PER_SECOND:
            return  # at most FRAMES_PER_SECOND, however many clients join
        self._published_at = now
        frame = b"data: " + dumps(self.snapshot(ended=ended)) + b"\n\n"
        with self._cond:
            if frame != self._frame or ended:
                self._frame, self._version = frame, self._version + 1
                self._ended = ended
                self._cond.notify_all()

    def next_frame(self, seen: int) -> tuple[int, Optional[bytes], bool]:
        """The frame after version ``seen`` (None after a KEEPALIVE), and whether it is the last.

        The frame is the event's bytes (``data: ...``), one object shared by every client.
        """
        with self._cond:
            self._cond.wait_for(lambda: self._version != seen, timeout=KEEPALIVE)
            if self._version == seen:
                return seen, None, self._ended
            return self._version, self._frame, self._ended

    @property
    def clients(self) -> int:
        """Event streams open now."""
        return self._clients

    def joined(self, delta: int) -> None:
        """A stream client came (+1: it starts with a frame at most a frame's time old) or went."""
        with self._cond:
            self._clients += delta
            self._cond.notify_all()
        if delta > 0 and not self.stopped:
            self._publish()

    def _tick(self) -> None:
        ended_since: Optional[float] = None
        while not self._stopped.wait(1.0 / FRAMES_PER_SECOND):
            try:
                if self._clients:
                    self._publish()
                else:  # keeps each bar's last state, for bars the program drops
                    self.registry.view()
                if not self.registry.all_ended():
                    ended_since = None
                elif ended_since is None:
                    ended_since = time.monotonic()
                elif time.monotonic() - ended_since >= LINGER:
                    self.stop()
            except Exception:  # a fault here only costs the page its updates
                continue

    # -- the end ----------------------------------------------------------------------

    @property
    def stopped(self) -> bool:
        """Whether :meth:`stop` has run."""
        return self._stopped.is_set()

    def stop(self, timeout: float = 1.0) -> None:
        """Send the final frame to every stream, close them and the server; idempotent.

        Waits at most ``timeout`` seconds for the streams to take the last frame.
        """
        if self._stopped.is_set():
            return
        self._stopped.set()
        try:
            self._publish(ended=True)
            deadline = time.monotonic() + timeout
            with self._cond:
                self._cond.wait_for(lambda: self._clients == 0, max(deadline - time.monotonic(), 0))
        finally:
            self._httpd.shutdown()  # the serving thread's loop ends within half a second
            self._httpd.server_close()
            self._on_stop(self)


class _Server(http.server.ThreadingHTTPServer):
    """Threads that never keep the interpreter alive, and at most :data:`MAX_CLIENTS` of them."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 128  # the listen backlog: socketserver's 5 makes a crowd retry for seconds

    def __init__(self, address: tuple[str, int], handler: Any) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self._slots = threading.BoundedSemaphore(MAX_CLIENTS)
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):  # full: answer at once, never queue
            with contextlib.suppress(OSError):
                request.sendall(b"HTTP/1.0 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up or timed out is not worth a traceback on the user's stderr."""


def _handler_for(view: WebView) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(_Handler):
        web = view

    return Handler


class _Handler(http.server.BaseHTTPRequestHandler):
    """Routes ``/TOKEN/`` (the page), ``/TOKEN/bars.json`` and ``/TOKEN/events``."""

    web: WebView
    timeout = TIMEOUT
    server_version = "progbar"
    sys_version = ""

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        prefix, _, rest = path.lstrip("/").partition("/")
        if not hmac.compare_digest(prefix.encode(), self.web.token.encode()):
            self._send(403, b"forbidden\n", "text/plain; charset=utf-8")
        elif rest == "":
            self._page()
        elif rest == "bars.json":
            self._send(200, dumps(self.web.snapshot(ended=self.web.stopped)), "application/json")
        elif rest == "events":
            self._events()
        else:
            self._send(404, b"not found\n", "text/plain; charset=utf-8")

    def log_message(self, format: str, *args: Any) -> None:  # the base's name
        """Silent: the user's stderr is for the bars."""

    def _headers(self, status: int, content_type: str, length: Optional[int]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self._headers(status, content_type, len(body))
        self.wfile.write(body)

    def _page(self) -> None:
        import secrets

        nonce = secrets.token_urlsafe(16)
        body = render_page(nonce, dumps(self.web.snapshot(ended=self.web.stopped)).decode())
        self.send_response(200)
        self.send_header(
            "Content-Security-Policy",
            f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
            "connect-src 'self'; base-uri 'none'; form-action 'none'",
        )
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.close_connection = True
        self._headers(200, "text/event-stream", None)
        self.web.joined(+1)
        try:
            self._stream()
        except OSError:  # the client left, or stopped reading for TIMEOUT seconds
            pass
        finally:
            self.web.joined(-1)

    def _stream(self) -> None:
        # every client writes the one shared frame object: no copy per client, even when blocked
        self.wfile.write(b"retry: 2000\n\n")
        seen, last = -1, False
        while not last:
            seen, frame, last = self.web.next_frame(seen)
            if frame is None:
                if self.web.stopped:
                    return
                self.wfile.write(b": idle\n\n")
            else:
                self.wfile.write(frame)
        self.wfile.write(b"event: end\ndata: {}\n\n")
