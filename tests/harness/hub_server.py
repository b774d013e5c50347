"""A local stand-in for the Hugging Face Hub, for ``HF_ENDPOINT``: two files of one model repo.

It answers what ``hf_hub_download`` and ``snapshot_download`` ask: ``HEAD`` and
``GET`` of ``/{repo}/resolve/{revision}/{file}`` (with the commit and ETag
headers the client reads), the repo's info and its file tree. Loopback only.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import random
import threading
from typing import Any

COMMIT = "0123456789abcdef0123456789abcdef01234567"
FILES = {
    "config.json": b'{"hidden_size": 8}\n' * 40,
    "model.bin": random.Random(3).randbytes(400_000),
}


class HubHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # http.server's name
        pass

    def do_HEAD(self) -> None:  # http.server's naming
        self._answer(body=False)

    def do_GET(self) -> None:  # http.server's naming
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        path = self.path.split("?")[0]
        if path.startswith("/api/models/"):
            self._json(_tree() if "/tree/" in path else _info(), body)
            return
        name = path.rsplit("/", 1)[-1]
        data = FILES.get(name)
        if "/resolve/" not in path or data is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("X-Repo-Commit", COMMIT)
        self.send_header("ETag", f'"{hashlib.sha256(data).hexdigest()}"')
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            for at in range(0, len(data), 8192):
                self.wfile.write(data[at : at + 8192])

    def _json(self, value: Any, body: bool) -> None:
        data = json.dumps(value).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)


def _info() -> dict[str, Any]:
    return {"id": "org/model", "sha": COMMIT, "siblings": [{"rfilename": n} for n in FILES]}


def _tree() -> list[dict[str, Any]]:
    return [
        {"type": "file", "path": name, "size": len(data), "oid": hashlib.sha1(data).hexdigest()}
        for name, data in FILES.items()
    ]


class HubServer:
    """``with HubServer() as hub:`` serves on 127.0.0.1; ``hub.url`` is the ``HF_ENDPOINT``."""

    def __init__(self, handler: type[http.server.BaseHTTPRequestHandler] | None = None) -> None:
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler or HubHandler)
        # shutdown() waits for the server's next poll: 0.5 s by default
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> HubServer:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.shutdown()
        self.server.server_close()
