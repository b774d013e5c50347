"""Download a file with a progress bar, as Keras downloads its weights.

    python examples/download.py                  # a local throttled server: no internet needed
    python examples/download.py URL [-o PATH]    # any http(s) URL
    python examples/download.py --fail           # the server hangs up early: an honest failure

Without a URL it starts a tiny HTTP server of its own on 127.0.0.1 serving a
generated file at about 4 MiB/s, downloads it and checks its sha256.
``--si`` shows MB instead of MiB; ``--classic`` keeps Keras's raw byte
counts (``37036032/87910968``); ``--fast`` removes the throttle.
"""

from __future__ import annotations

import argparse
import hashlib
import http.server
import os
import random
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
from typing import Optional

import progbar


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fetch(url: str, path: str, units: str, look: str) -> Optional[str]:
    """Download ``url`` to ``path``; the error message on failure, else None."""
    print(f"Downloading data from {url}")
    try:
        progbar.urlretrieve(url, path, units=units, look=look)
    except urllib.error.ContentTooShortError as exc:  # before URLError: it is a subclass
        return f"download incomplete: {exc.reason}"
    except (urllib.error.URLError, OSError) as exc:
        return f"download failed: {exc}"
    return None


def _serve(payload: bytes, rate: Optional[float], send: int) -> http.server.HTTPServer:
    """A server on 127.0.0.1 that announces ``payload`` and sends its first ``send`` bytes."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            """No access log: it would land in the middle of the bar."""

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            start = time.monotonic()
            for offset in range(0, send, 32 * 1024):  # in 32 KiB pieces, at ``rate``
                self.wfile.write(payload[offset : min(offset + 32 * 1024, send)])
                if rate:
                    time.sleep(max(0.0, start + offset / rate - time.monotonic()))

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _local(args: argparse.Namespace, units: str) -> int:
    size = 12 * 2**20
    payload = random.Random(0).randbytes(size)
    server = _serve(
        payload, None if args.fast else 4 * 2**20, size * 6 // 10 if args.fail else size
    )
    url = "http://127.0.0.1:%d/data.bin" % server.server_address[1]
    with tempfile.TemporaryDirectory() as tmp:
        path = args.output or os.path.join(tmp, "data.bin")
        error = _fetch(url, path, units, args.look)
        server.shutdown()
        if error:
            print(error, file=sys.stderr)
            return 1
        ok = _sha256(path) == hashlib.sha256(payload).hexdigest()
        print(f"saved {os.path.getsize(path)} bytes, sha256 {'ok' if ok else 'MISMATCH'}")
        return 0 if ok else 1


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", nargs="?", help="what to download (default: a local server)")
    parser.add_argument("-o", "--output", help="where to save it")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--si", action="store_true", help="decimal units (MB, not MiB)")
    group.add_argument("--classic", action="store_true", help="Keras's raw byte counts")
    parser.add_argument("--look", choices=("classic", "keras3"), default="classic")
    parser.add_argument("--fast", action="store_true", help="local server: no throttle")
    parser.add_argument("--fail", action="store_true", help="local server: hang up at 60%%")
    args = parser.parse_args(argv)
    units = "count" if args.classic else "bytes_si" if args.si else "bytes"
    if args.url is None:
        return _local(args, units)
    name = os.path.basename(urllib.parse.urlparse(args.url).path) or "download.bin"
    path = args.output or name
    error = _fetch(args.url, path, units, args.look)
    if error:
        print(error, file=sys.stderr)
        return 1
    print(f"saved {os.path.getsize(path)} bytes to {path}, sha256 {_sha256(path)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
