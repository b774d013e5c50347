"""The requests and httpx response wrappers against a real HTTP server on 127.0.0.1.

The server sends a plain body (``Content-Length``), a gzip-encoded one, and
the rest of a file from an offset (``Range`` -> ``206``, ``Content-Range``).
The bar's records (``display="jsonl"``) must hold the exact wire bytes, the
total only when the body is not encoded, and the offset of a resumed download.
"""

from __future__ import annotations

import asyncio
import gzip
import http.server
import io
import json
import random
import threading
from collections.abc import Iterator

import pytest

from progbar.integrations._http import sizes

requests = pytest.importorskip("requests")
httpx = pytest.importorskip("httpx")
from progbar.integrations import httpx as pb_httpx  # noqa: E402
from progbar.integrations import requests as pb_requests  # noqa: E402

BODY = random.Random(1).randbytes(200_000)
TEXT = b"progress " * 30_000  # compresses well: wire bytes << decoded bytes
ZIPPED = gzip.compress(TEXT)
OFFSET = 50_000


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # http.server's name
        pass

    def do_GET(self) -> None:  # http.server's naming
        headers = {"Content-Type": "application/octet-stream"}
        status, body = 200, BODY
        if self.path == "/gzip":
            body, headers["Content-Encoding"] = ZIPPED, "gzip"
        elif self.headers.get("Range", "").startswith("bytes="):
            start = int(self.headers["Range"][6:].rstrip("-"))
            status, body = 206, BODY[start:]
            headers["Content-Range"] = f"bytes {start}-{len(BODY) - 1}/{len(BODY)}"
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        self.end_headers()
        for at in range(0, len(body), 8192):
            self.wfile.write(body[at : at + 8192])


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # shutdown() waits for the server's next poll: 0.5 s by default
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


CASES = {  # path, request headers -> decoded body, wire bytes counted, total, first count
    "plain": ("/plain", {}, BODY, len(BODY), len(BODY), 0),
    "gzip": ("/gzip", {"Accept-Encoding": "gzip"}, TEXT, len(ZIPPED), None, 0),
    "resumed": (
        "/plain",
        {"Range": f"bytes={OFFSET}-"},
        BODY[OFFSET:],
        len(BODY),
        len(BODY),
        OFFSET,
    ),
}


def _records(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def _check(stream: io.StringIO, case: str) -> None:
    _, _, _, wire, total, first = CASES[case]
    records = _records(stream)
    assert records[0]["count"] == first
    assert (records[-1]["count"], records[-1]["target"], records[-1]["final"]) == (
        wire,
        total,
        True,
    )
    assert all(r["target"] == total for r in records)


@pytest.mark.parametrize("case", sorted(CASES))
def test_requests_counts_wire_bytes(base: str, case: str) -> None:
    path, headers, body, *_ = CASES[case]
    stream = io.StringIO()
    with requests.get(base + path, headers=headers, stream=True, timeout=30) as response:
        got = b"".join(pb_requests.iter_content(response, file=stream, display="jsonl"))
    assert got == body
    _check(stream, case)


@pytest.mark.parametrize("case", sorted(CASES))
def test_httpx_counts_wire_bytes(base: str, case: str) -> None:
    path, headers, body, *_ = CASES[case]
    stream = io.StringIO()
    with httpx.stream("GET", base + path, headers=headers, timeout=30) as response:
        got = b"".join(pb_httpx.iter_bytes(response, file=stream, display="jsonl"))
    assert got == body
    _check(stream, case)


@pytest.mark.parametrize("case", sorted(CASES))
def test_httpx_async_counts_wire_bytes(base: str, case: str) -> None:
    path, headers, body, *_ = CASES[case]
    stream = io.StringIO()

    async def fetch() -> bytes:
        async with (
            httpx.AsyncClient(timeout=30) as client,
            client.stream("GET", base + path, headers=headers) as response,
        ):
            chunks = pb_httpx.aiter_bytes(response, file=stream, display="jsonl")
            return b"".join([chunk async for chunk in chunks])

    assert asyncio.run(fetch()) == body
    _check(stream, case)


def test_the_log_line_is_clean_bytes(base: str) -> None:
    stream = io.StringIO()
    with requests.get(base + "/plain", stream=True, timeout=30) as response:
        for _ in pb_requests.iter_content(response, file=stream, display="log", description="get"):
            pass
    last = stream.getvalue().splitlines()[-1]
    assert last.startswith("get 195.3/195.3 KiB [=============================="), last


@pytest.mark.parametrize(
    ("status", "headers", "expected"),
    [
        (200, {"content-length": "10"}, (0, 10)),
        (200, {"content-length": "10", "content-encoding": "br"}, (0, None)),
        (200, {}, (0, None)),
        (206, {"content-range": "bytes 5-9/10", "content-length": "5"}, (5, 10)),
        (206, {"content-range": "bytes 5-9/*", "content-length": "5"}, (5, None)),
        (206, {"content-range": "garbage"}, (0, None)),
        (200, {"content-length": "-3"}, (0, None)),
    ],
)
def test_sizes_from_headers(
    status: int, headers: dict[str, str], expected: tuple[int, object]
) -> None:
    assert sizes(status, headers) == expected
