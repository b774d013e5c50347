"""``progbar.urlretrieve`` against real HTTP servers on 127.0.0.1.

Each test starts a server on an ephemeral port in a thread and shuts it
down after: with a Content-Length, chunked without one, announcing more
than it sends, hanging up mid-chunk, slow with small chunks, and one that
interrupts the downloading thread.
"""

from __future__ import annotations

import hashlib
import http.client
import http.server
import io
import re
import signal
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from harness import TtyStringIO, run_in_pty, screen_of
from harness.local_server import LocalServer

import progbar

SIZE = 1_500_000  # 1.4 MiB, 1.5 MB: the two byte units differ visibly
FULL_BAR = "[" + "=" * 30 + "]"


def fetch(url: str, path: Path, **options: Any) -> tuple[str, str]:
    """Download with a log-display bar drawing every update; (saved path, what the bar wrote)."""
    out = io.StringIO()
    options = {"file": out, "display": "log", "interval": 0, "log_interval": 0, **options}
    try:
        saved, _ = progbar.urlretrieve(url, str(path), **options)
    finally:
        assert_clean(out.getvalue())
    return saved, out.getvalue()


def assert_clean(log: str) -> None:
    r"""A log holds whole lines only: no ``\r``, ``\b`` or escape sequences."""
    assert "\r" not in log and "\b" not in log and "\x1b" not in log
    assert log == "" or log.endswith("\n")


def assert_same_file(path: str | Path, server: LocalServer) -> None:
    data = Path(path).read_bytes()
    assert data == server.payload
    assert hashlib.sha256(data).hexdigest() == server.sha256


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer(SIZE, seed=5) as srv:
        yield srv


@pytest.mark.parametrize(
    ("units", "head"),
    [("bytes", "1.4/1.4 MiB"), ("bytes_si", "1.5/1.5 MB"), ("count", "1500000/1500000")],
)
def test_with_content_length(server: LocalServer, tmp_path: Path, units: str, head: str) -> None:
    saved, log = fetch(server.url, tmp_path / "data.bin", units=units)
    assert_same_file(saved, server)
    lines = log.splitlines()
    assert lines[-1].startswith(f"{head} {FULL_BAR} - ")
    assert sum(FULL_BAR in line for line in lines) == 1  # complete exactly once, at the end
    assert len(lines) > 10  # it was drawn as the bytes came, not only at the end


def test_returns_what_urllib_returns(server: LocalServer, tmp_path: Path) -> None:
    path, headers = progbar.urlretrieve(server.url, tmp_path / "x.bin", display="silent")
    assert path == tmp_path / "x.bin"
    assert headers["Content-Length"] == str(SIZE)
    assert_same_file(path, server)


def test_without_a_filename_uses_a_temporary_file(server: LocalServer) -> None:
    try:
        path, _ = progbar.urlretrieve(server.url, display="silent")
        assert_same_file(path, server)
    finally:
        urllib.request.urlcleanup()


def test_chunked_without_content_length(tmp_path: Path) -> None:
    with LocalServer(SIZE, chunked=True, seed=6) as srv:
        saved, log = fetch(srv.url, tmp_path / "data.bin")
        assert_same_file(saved, srv)
    assert "[" not in log  # no size, no bar
    assert re.fullmatch(r"  1\.4 MiB - \d+s [\d.]+ [KMG]iB/s", log.splitlines()[-1])


def test_chunked_in_the_keras_look(tmp_path: Path) -> None:
    with LocalServer(SIZE, chunked=True) as srv:
        saved, log = fetch(srv.url, tmp_path / "data.bin", units="count")
        assert_same_file(saved, srv)
    # urllib counts whole blocks (1507328 here); the last line shows the bytes actually saved
    assert re.fullmatch(r"1500000/Unknown - \d+s \d+us/step", log.splitlines()[-1])


def test_announcing_more_than_it_sends(tmp_path: Path) -> None:
    with LocalServer(SIZE, truncate=700_000) as srv:
        out = io.StringIO()
        with pytest.raises(urllib.error.ContentTooShortError) as caught:
            progbar.urlretrieve(srv.url, tmp_path / "x", file=out, display="log", log_interval=0)
    assert type(caught.value) is urllib.error.ContentTooShortError
    assert str(caught.value.reason) == "retrieval incomplete: got only 700000 out of 1500000 bytes"
    log = out.getvalue()
    assert_clean(log)
    assert "1.4/1.4" not in log and FULL_BAR not in log
    assert re.fullmatch(r"0\.7/1\.4 MiB \[=+>\.+\] - \d+s [\d.]+ [KMG]iB/s", log.splitlines()[-1])


def test_a_connection_dropped_mid_chunk(tmp_path: Path) -> None:
    with LocalServer(SIZE, chunked=True, truncate=700_000) as srv:
        out = io.StringIO()
        with pytest.raises(http.client.IncompleteRead):
            progbar.urlretrieve(srv.url, tmp_path / "x", file=out, display="log", log_interval=0)
    assert_clean(out.getvalue())
    last = out.getvalue().splitlines()[-1]
    # where it stopped: the 85 whole blocks urllib saved (a torn chunk is not delivered)
    assert re.fullmatch(r"680\.0 KiB - \d+s [\d.]+ [KMG]iB/s", last)
    assert (tmp_path / "x").stat().st_size == 85 * 8192


def test_a_refused_connection_draws_nothing(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nobody listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    out = io.StringIO()
    with pytest.raises(urllib.error.URLError) as caught:
        progbar.urlretrieve(f"http://127.0.0.1:{port}/x", tmp_path / "x", file=out, display="log")
    assert isinstance(caught.value.reason, ConnectionRefusedError)
    assert out.getvalue() == ""  # no bar was started, so none claims anything


def test_a_404_raises_httperror_and_draws_nothing(server: LocalServer, tmp_path: Path) -> None:
    out = io.StringIO()
    with pytest.raises(urllib.error.HTTPError) as caught:
        progbar.urlretrieve(server.url + ".missing", tmp_path / "x", file=out, display="log")
    caught.value.close()
    assert caught.value.code == 404
    assert out.getvalue() == ""


@pytest.mark.slow  # a server slow on purpose
def test_a_slow_server_with_small_chunks(tmp_path: Path) -> None:
    size = 200 * 1024
    with LocalServer(size, rate=400 * 1024, chunk=1024, seed=7) as srv:
        stream = TtyStringIO()
        saved, _ = progbar.urlretrieve(
            srv.url, tmp_path / "slow.bin", file=stream, display="tty", interval=0
        )
        assert_same_file(saved, srv)
    frames = [f for f in stream.getvalue().split("\r") if f.strip()]
    counts = [float(f.split("/")[0]) for f in frames]
    assert len(frames) > 10 and counts == sorted(counts)  # steady progress, never backwards
    assert any("ETA: " in f and "KiB/s" in f for f in frames[1:-1])  # a live rate and ETA
    screen = screen_of(stream.getvalue())
    assert screen.display[0].startswith(f"200.0/200.0 KiB {FULL_BAR} - ")


def test_two_downloads_get_two_bars(server: LocalServer, tmp_path: Path) -> None:
    _, first = fetch(server.url, tmp_path / "a.bin")
    _, second = fetch(server.url, tmp_path / "b.bin")
    for log in (first, second):
        assert log.splitlines()[-1].startswith(f"1.4/1.4 MiB {FULL_BAR}")
        assert log.splitlines()[0].startswith("0.0/1.4 MiB [....")


class _Interrupting(http.server.BaseHTTPRequestHandler):
    """Sends half the file and, once the client has saved it, SIGINTs the main thread."""

    protocol_version = "HTTP/1.1"
    release = threading.Event()
    target = Path()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(SIZE))
        self.end_headers()
        self.wfile.write(b"x" * (SIZE // 2))
        self.wfile.flush()
        for _ in range(1000):  # until urllib wrote the whole blocks it got (< 10 s)
            if self.target.exists() and self.target.stat().st_size >= SIZE // 2 - 3 * 8192:
                break
            self.release.wait(0.01)
        signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)
        self.release.wait(10)  # send nothing more: the client must stop on its own


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="needs pthread_kill")
def test_keyboard_interrupt_closes_the_bar_where_it_stopped(tmp_path: Path) -> None:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Interrupting)
    # shutdown() waits for the server's next poll: 0.5 s by default
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    stream = TtyStringIO()
    _Interrupting.target = tmp_path / "x"
    try:
        with pytest.raises(KeyboardInterrupt):
            progbar.urlretrieve(
                f"http://127.0.0.1:{httpd.server_address[1]}/x",
                tmp_path / "x",
                file=stream,
                display="tty",
            )
    finally:
        _Interrupting.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join()
    text = stream.getvalue()
    assert text.endswith("\n")  # the line was ended, so the traceback starts on its own line
    last = screen_of(text).display[0].rstrip()
    assert re.fullmatch(r"0\.7/1\.4 MiB \[=+>\.+\] - \d+s [\d.]+ [KMG]iB/s", last)
    assert "1.4/1.4" not in text
    assert SIZE // 2 - 3 * 8192 <= (tmp_path / "x").stat().st_size <= SIZE // 2


@pytest.mark.slow
def test_a_download_in_a_real_terminal() -> None:
    run = run_in_pty(
        """
        import os, tempfile, progbar
        from progbar._demo.server import LocalServer
        with LocalServer(3 * 2**20, rate=6 * 2**20) as srv, tempfile.TemporaryDirectory() as d:
            progbar.urlretrieve(srv.url, os.path.join(d, "f"), description="weights.h5")
        print("done")
        """,
        columns=50,
    )
    assert run.returncode == 0, run.output
    assert run.lines[0].startswith("weights.h5 3.0/3.0 MiB [=====")
    assert run.lines[0].endswith("MiB/s")
    assert run.lines[1] == "done"
    assert all(len(line) <= 50 for line in run.lines)
