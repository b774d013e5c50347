"""A live headless Chromium, driven over the DevTools protocol on a pipe (no websocket, no package).

``browser.py`` renders a static page once; a live page (the web view,
updated by server-sent events) must be read while it runs. Chromium's
``--remote-debugging-pipe`` speaks the DevTools protocol as NUL-terminated
JSON messages on file descriptors 3 (to the browser) and 4 (from it), which
is all this needs: open a tab, evaluate an expression in it, take a screenshot.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any, Optional

from .browser import FLAGS, chromium

__all__ = ["LiveBrowser"]


def _as_3_and_4(reader: int, writer: int) -> None:
    """In the child: ``reader`` becomes descriptor 3 and ``writer`` 4 (whatever their numbers)."""
    high_r, high_w = os.dup(reader), os.dup(writer)
    os.dup2(high_r, 3)
    os.dup2(high_w, 4)


class LiveBrowser:
    """One headless Chromium with one tab; use as a context manager."""

    def __init__(self, width: int = 1000, height: int = 600) -> None:
        browser = chromium()
        if browser is None:
            raise RuntimeError("Chromium is not installed (Debian: apt-get install chromium)")
        self._profile = tempfile.mkdtemp(prefix="progbar-chromium-")
        to_r, self._to_w = os.pipe()
        self._from_r, from_w = os.pipe()
        # the child must see our ends as its descriptors 3 and 4
        self._proc = subprocess.Popen(
            [
                browser,
                *FLAGS,
                "--remote-debugging-pipe",
                f"--user-data-dir={self._profile}",
                f"--window-size={width},{height}",
                "--force-device-scale-factor=1",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,  # it would close 3 and 4 after preexec_fn; ours are non-inheritable
            preexec_fn=lambda: _as_3_and_4(to_r, from_w),
            start_new_session=True,  # its helper processes go with it in close()
        )
        os.close(to_r)
        os.close(from_w)
        self._buf = b""
        self._next = 0
        self._session: Optional[str] = None

    def __enter__(self) -> LiveBrowser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """End the browser and remove its profile."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._proc.pid, signal.SIGKILL)  # the group of the browser we started
        self._proc.wait(timeout=30)
        os.close(self._to_w)
        os.close(self._from_r)
        shutil.rmtree(self._profile, ignore_errors=True)

    def _call(self, method: str, timeout: float = 30.0, **params: Any) -> dict[str, Any]:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if self._session is not None:
            message["sessionId"] = self._session
        os.write(self._to_w, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" in self._buf:
                raw, self._buf = self._buf.split(b"\0", 1)
                reply = json.loads(raw)
                if reply.get("id") == self._next:
                    if "error" in reply:
                        raise RuntimeError(f"{method}: {reply['error']}")
                    return dict(reply.get("result", {}))
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_r], [], [], max(left, 0))
            if not ready:
                raise TimeoutError(f"Chromium did not answer {method} in {timeout} s")
            data = os.read(self._from_r, 1 << 20)
            if not data:
                raise RuntimeError("Chromium exited")
            self._buf += data

    def open(self, url: str) -> None:
        """Open ``url`` in a new tab and attach to it."""
        target = self._call("Target.createTarget", url=url)["targetId"]
        self._session = self._call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (JSON-serialisable)."""
        result = self._call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30.0) -> Any:
        """Evaluate ``expression`` until it is truthy, and return it (or time out)."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"{expression!r} still false after {timeout} s")
            time.sleep(0.05)

    def screenshot(self, path: Path) -> Path:
        """A PNG of the tab as drawn now."""
        data = self._call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))
        return path
