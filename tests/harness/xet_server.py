"""A local stand-in for the Hub and its Xet storage (CAS), for ``HF_ENDPOINT``: one Xet-backed file.

huggingface_hub downloads a file the Hub marks as Xet-backed through ``hf_xet``:
the ``HEAD`` of ``/{repo}/resolve/{revision}/{file}`` carries ``X-Xet-Hash`` and
the route of a read token; the token answer names the CAS server; the CAS
server answers ``/v2/reconstructions/{file hash}`` (for a byte range of the file)
with the terms of the file and the byte ranges of the xorbs that hold them,
and the client fetches those ranges and unpacks their chunks (an 8-byte
header, then the bytes; compression scheme 0 is "none"). The hub and the CAS
are one server here. Xorb bytes are paced (small writes, small sleeps, one
range at a time) so that hf_xet's progress callback, every 100 ms, reports
several times during one download. Loopback only.
"""

from __future__ import annotations

import hashlib
import random
import re
import struct
import threading
import time

from .hub_server import COMMIT, HubHandler, HubServer

NAME = "weights.safetensors"
DATA = random.Random(26).randbytes(300_000)
FILE_HASH = hashlib.sha256(DATA).hexdigest()  # any 64 hex digits serve as the Xet hash
CHUNK = 8192  # bytes of the file per chunk
CHUNKS_PER_XORB = 4
PIECE, PAUSE = 4096, 0.012  # a xorb range is written in pieces of 4 KiB, 12 ms apart
TOKEN = "xet-test-token"


def _chunk(data: bytes) -> bytes:
    """A chunk as a xorb stores it: version 0, length (3 bytes LE), scheme 0 (none), length."""
    size = struct.pack("<I", len(data))[:3]
    return b"\x00" + size + b"\x00" + size + data


def _xorbs() -> list[tuple[str, bytes, int, int]]:
    """(hash, serialized chunks, number of chunks, unpacked length) of each xorb, in file order."""
    xorbs = []
    span = CHUNK * CHUNKS_PER_XORB
    for at in range(0, len(DATA), span):
        part = DATA[at : at + span]
        chunks = [part[i : i + CHUNK] for i in range(0, len(part), CHUNK)]
        body = b"".join(_chunk(c) for c in chunks)
        xorbs.append((hashlib.sha256(body).hexdigest(), body, len(chunks), len(part)))
    return xorbs


XORBS = _xorbs()
_PACE = threading.Lock()  # one xorb range on the wire at a time, whatever the client's concurrency


class XetHandler(HubHandler):
    """The hub's answers for the Xet-backed file and its token, and the CAS's."""

    def do_POST(self) -> None:  # http.server's naming: hf_xet posts its telemetry
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._json({}, body=True)

    def _answer(self, body: bool) -> None:
        path = self.path.split("?")[0]
        if path.endswith(f"/resolve/main/{NAME}") or path.endswith(f"/resolve/{COMMIT}/{NAME}"):
            self._resolve(body)
        elif "/xet-read-token/" in path:
            self._token()
        elif path.startswith("/cas/v2/reconstructions/"):
            self._reconstruction(path.rsplit("/", 1)[-1])
        elif path.startswith("/cas/xorbs/"):
            self._xorb(path.rsplit("/", 1)[-1], body)
        else:
            super()._answer(body)

    @property
    def _base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def _resolve(self, body: bool) -> None:
        """What the Hub answers for a Xet-backed file: its hash and where to get a read token."""
        self.send_response(200)
        self.send_header("X-Repo-Commit", COMMIT)
        self.send_header("ETag", f'"{FILE_HASH}"')
        self.send_header("Content-Length", str(len(DATA)))
        self.send_header("X-Xet-Hash", FILE_HASH)
        route = f"{self._base}/api/models/org/model/xet-read-token/{COMMIT}"
        self.send_header("X-Xet-Refresh-Route", route)
        self.end_headers()
        if body:
            self.wfile.write(DATA)

    def _token(self) -> None:
        self.send_response(200)
        self.send_header("X-Xet-Cas-Url", f"{self._base}/cas")
        self.send_header("X-Xet-Access-Token", TOKEN)
        self.send_header("X-Xet-Token-Expiration", str(int(time.time()) + 3600))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _reconstruction(self, file_hash: str) -> None:
        """The terms (whole xorbs) covering the asked bytes of the file, and where each xorb is."""
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self._status(401)  # the CAS wants the token the hub handed out
            return
        start, end = _asked_range(self.headers.get("Range"), len(DATA))
        if file_hash != FILE_HASH or start >= len(DATA):
            self._status(404 if file_hash != FILE_HASH else 416)
            return
        span = CHUNK * CHUNKS_PER_XORB
        first, last = start // span, (min(end, len(DATA)) - 1) // span
        terms, xorbs = [], {}
        for xorb_hash, xorb, n_chunks, unpacked in XORBS[first : last + 1]:
            chunks = {"start": 0, "end": n_chunks}
            terms.append({"hash": xorb_hash, "unpacked_length": unpacked, "range": chunks})
            ranges = [{"chunks": chunks, "bytes": {"start": 0, "end": len(xorb) - 1}}]
            xorbs[xorb_hash] = [{"url": f"{self._base}/cas/xorbs/{xorb_hash}", "ranges": ranges}]
        offset = start - first * span
        self._json({"offset_into_first_range": offset, "terms": terms, "xorbs": xorbs}, body=True)

    def _xorb(self, xorb_hash: str, body: bool) -> None:
        """The asked bytes of a xorb, paced (its URL stands for a presigned one: no token)."""
        xorb = next((x[1] for x in XORBS if x[0] == xorb_hash), None)
        if xorb is None:
            self._status(404)
            return
        start, end = _asked_range(self.headers.get("Range"), len(xorb))
        part = xorb[start:end]
        self.send_response(206)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(part)))
        self.end_headers()
        if body:
            with _PACE:
                for at in range(0, len(part), PIECE):
                    self.wfile.write(part[at : at + PIECE])
                    self.wfile.flush()
                    time.sleep(PAUSE)

    def _status(self, code: int) -> None:
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()


def _asked_range(header: str | None, size: int) -> tuple[int, int]:
    """``Range: bytes=S-E`` (E inclusive) as the half-open ``(S, E + 1)``; the whole when absent."""
    found = re.fullmatch(r"bytes=(\d+)-(\d*)", header or "")
    if found is None:
        return 0, size
    return int(found[1]), int(found[2]) + 1 if found[2] else size


class XetHubServer(HubServer):
    """``with XetHubServer() as hub:`` serves hub and CAS; ``hub.url`` is ``HF_ENDPOINT``."""

    def __init__(self) -> None:
        super().__init__(XetHandler)
