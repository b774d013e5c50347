"""Downloads from servers that lie or fail: the bar never claims more than arrived.

Real HTTP servers on 127.0.0.1: one that announces more than it sends, one
that hangs up inside the last block, one that announces nonsense sizes, one
that announces none (where urllib never tells the hook that it finished).
"""

from __future__ import annotations

import http.server
import io
import os
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from harness import run_in_pty
from harness.local_server import LocalServer

import progbar

FULL_BAR = "[" + "=" * 30 + "]"
LOG = {"display": "log", "interval": 0, "log_interval": 0}


def test_announcing_8000_and_sending_1_byte_is_never_drawn_complete(tmp_path: Path) -> None:
    with LocalServer(8000, truncate=1) as srv:
        out = io.StringIO()
        with pytest.raises(urllib.error.ContentTooShortError):
            progbar.urlretrieve(srv.url, tmp_path / "x", file=out, **LOG)
    log = out.getvalue()
    assert "7.8/7.8" not in log and FULL_BAR not in log
    assert re.fullmatch(r"0\.0/7\.8 KiB \[\.{30}\] - \d+s .*", log.splitlines()[-1])


@pytest.mark.parametrize("sent", [3 * 8192 + 1, 3 * 8192 + 4000, 3 * 8192 + 4999])
def test_failing_inside_the_last_block_is_never_drawn_complete(tmp_path: Path, sent: int) -> None:
    """The announced 3 blocks + 5,000 bytes; the server hangs up inside the fourth block."""
    with LocalServer(3 * 8192 + 5000, truncate=sent) as srv:
        for how in ("urlretrieve", "inline hook"):
            out = io.StringIO()
            with pytest.raises(urllib.error.ContentTooShortError):
                if how == "urlretrieve":
                    progbar.urlretrieve(srv.url, tmp_path / "x", file=out, units="count", **LOG)
                else:
                    hook = progbar.reporthook(file=out, units="count", **LOG)
                    urllib.request.urlretrieve(srv.url, tmp_path / "x", reporthook=hook)
            lines = out.getvalue().splitlines()
            assert not any(line.startswith("29576/29576") for line in lines), (how, lines)
            counts = [int(line.split("/")[0]) for line in lines]
            assert max(counts) == sent, (how, lines)  # exact bytes: urllib's own count


def test_an_inline_hook_ends_its_line_when_urllib_returns(tmp_path: Path) -> None:
    """No Content-Length, no ``with``: the last line still comes, with the exact size."""
    with LocalServer(1_500_000, chunked=True, seed=3) as srv:
        out = io.StringIO()
        urllib.request.urlretrieve(
            srv.url,
            tmp_path / "x",
            reporthook=progbar.reporthook(file=out, display="log", log_interval=3600),
        )
        assert (tmp_path / "x").read_bytes() == srv.payload
    lines = out.getvalue().splitlines()
    assert lines[0] == "      0 B - 0s"
    assert re.fullmatch(r"  1\.4 MiB - \d+s [\d.]+ [KMG]iB/s", lines[-1]), lines
    assert len(lines) == 2


@pytest.mark.slow
def test_an_inline_hook_in_a_terminal_leaves_the_next_line_free() -> None:
    run = run_in_pty(
        """
        import os, sys, tempfile, urllib.request, progbar
        sys.path.insert(0, %r)  # the tests' server, with its chunked encoding
        from harness.local_server import LocalServer
        with LocalServer(2**20, chunked=True) as srv, tempfile.TemporaryDirectory() as d:
            urllib.request.urlretrieve(
                srv.url, os.path.join(d, "f"), reporthook=progbar.reporthook()
            )
            print("done")
        """
        % os.path.dirname(os.path.abspath(__file__)),
        columns=60,
    )
    assert run.returncode == 0, run.output
    assert re.fullmatch(r"  1\.0 MiB - \d+s [\d.]+ [KMG]iB/s", run.lines[0]), run.lines
    assert run.lines[1] == "done"


class _Announcing(http.server.BaseHTTPRequestHandler):
    """Sends ``body`` under whatever ``Content-Length`` the server was given."""

    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", self.server.announced)
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(self.server.body)


class _Server(http.server.ThreadingHTTPServer):
    announced: str
    body: bytes


@contextmanager
def announcing(announced: str, body: bytes) -> Iterator[str]:
    httpd = _Server(("127.0.0.1", 0), _Announcing)
    httpd.announced, httpd.body = announced, body
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/f"
    finally:
        httpd.shutdown()
        thread.join()
        httpd.server_close()


BODY = bytes(range(256)) * 100  # 25,600 bytes


def test_a_negative_content_length_downloads_as_urllib_does(tmp_path: Path) -> None:
    with announcing("-5", BODY) as url:
        plain, _ = urllib.request.urlretrieve(url, tmp_path / "plain")
        out = io.StringIO()
        ours, _ = progbar.urlretrieve(url, tmp_path / "ours", file=out, **LOG)
    assert Path(plain).read_bytes() == Path(ours).read_bytes() == BODY
    assert re.fullmatch(r" 25\.0 KiB - \d+s .*", out.getvalue().splitlines()[-1])


def test_an_absurd_content_length_fails_as_urllib_does(tmp_path: Path) -> None:
    with announcing(str(10**400), BODY) as url:
        with pytest.raises(urllib.error.ContentTooShortError):
            urllib.request.urlretrieve(url, tmp_path / "plain")
        out = io.StringIO()
        with pytest.raises(urllib.error.ContentTooShortError):  # not a TypeError of ours
            progbar.urlretrieve(url, tmp_path / "ours", file=out, **LOG)
    assert (tmp_path / "ours").read_bytes() == BODY
    assert re.fullmatch(r" 25\.0 KiB - \d+s .*", out.getvalue().splitlines()[-1])
