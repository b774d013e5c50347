"""A tiny HTTP server on 127.0.0.1 that serves one generated file, slowly on purpose.

The download demo (``python -m progbar download``) needs a download that
works with no internet and takes a few seconds, so it can show a real
transfer through urllib. It ships in the package because the demo must run
after a plain ``pip install``; it uses only the standard library and binds
to loopback. The tests' server (``tests/harness/local_server.py``) extends it with
what only tests need: chunked encoding, truncation, seeds, checksums.
"""

from __future__ import annotations

import http.server
import random
import socket
import threading
import time
from types import TracebackType
from typing import Callable, Optional

__all__ = ["LocalServer"]


class _Server(http.server.ThreadingHTTPServer):
    """Carries the serving rules to the handler threads."""

    daemon_threads = False  # joined on close, so nothing writes after the server is gone
    block_on_close = True
    owner: LocalServer

    def handle_error(self, request: object, client_address: object) -> None:
        """Stay quiet: a client that hangs up mid-transfer is an expected event here."""


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # one response per connection, closed after it
    timeout = 30.0  # a client that stops reading cannot hold a thread forever
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # stdlib's name
        """No access log on stderr: it would land in the middle of the bar."""

    def do_GET(self) -> None:  # http.server's naming
        """Send the file at the server's path; anything else is a 404."""
        owner = self.server.owner
        if self.path.split("?")[0] != owner.path:
            self.send_error(404)
            return
        owner.respond(self)


class LocalServer:
    """Serve ``size`` deterministic pseudo-random bytes at ``url``, on 127.0.0.1 only.

    Use it as a context manager: it listens on an ephemeral port in a
    background thread, and on exit stops sending, shuts down and joins its
    threads.

    Args:
        size: bytes in the file.
        rate: average bytes per second, or None for as fast as possible.
        chunk: bytes per write; small chunks with the rate make a slow, steady link.
        name: the file name in the URL.
        payload: the bytes to serve instead of generated ones (``size`` is then ignored).
    """

    def __init__(
        self,
        size: int,
        *,
        rate: Optional[float] = None,
        chunk: int = 16 * 1024,
        name: str = "data.bin",
        payload: Optional[bytes] = None,
    ) -> None:
        if size < 0 or chunk < 1 or (rate is not None and rate <= 0):
            raise ValueError("size must be >= 0, chunk >= 1 and rate > 0 or None")
        self.payload = random.Random(0).randbytes(size) if payload is None else payload
        self.path, self.rate, self.chunk = "/" + name, rate, chunk
        self.stopping = threading.Event()
        self._server = _Server(("127.0.0.1", 0), _Handler, bind_and_activate=False)
        self._server.owner = self
        self._thread: Optional[threading.Thread] = None

    def respond(self, handler: http.server.BaseHTTPRequestHandler) -> None:
        """Announce the file's length, then send it at the server's rate."""
        handler.send_response(200)
        handler.send_header("Content-Type", "application/octet-stream")
        handler.send_header("Content-Length", str(len(self.payload)))
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.close_connection = True
        self.send(handler, self.payload)

    def send(
        self,
        handler: http.server.BaseHTTPRequestHandler,
        body: bytes,
        frame: Optional[Callable[[bytes], bytes]] = None,
    ) -> None:
        """Write ``body`` in chunks (each through ``frame``), sleeping to keep the rate."""
        start = time.monotonic()
        for offset in range(0, len(body), self.chunk):
            if self.stopping.is_set():
                return
            piece = body[offset : offset + self.chunk]
            handler.wfile.write(piece if frame is None else frame(piece))
            if self.rate:
                delay = start + (offset + self.chunk) / self.rate - time.monotonic()
                if delay > 0:
                    self.stopping.wait(delay)

    @property
    def url(self) -> str:
        """The file's address (valid once started)."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{self.path}"

    def start(self) -> LocalServer:
        """Bind an ephemeral port and serve in a background thread."""
        srv = self._server
        srv.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            srv.server_bind()
            srv.server_activate()
        except OSError:
            srv.server_close()
            raise
        self._thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.daemon = True
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop sending, stop listening and join every thread; idempotent."""
        self.stopping.set()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.stop()
