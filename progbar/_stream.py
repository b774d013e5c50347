"""Writing to a stream that may fail: closed, broken pipe, full disk, bad encoding.

A progress bar must never be the reason a job dies, so every byte the
library writes goes through :class:`StreamWriter`.
"""

from __future__ import annotations

import contextlib
import warnings
from typing import TextIO

__all__ = ["StreamWriter"]


class StreamWriter:
    """Writes to a text stream and survives it: closed, broken pipe, full disk, bad encoding.

    After the first failure it stops writing and warns once, so a progress
    bar can never be the reason a job dies.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.broken = False

    def write(self, text: str) -> None:
        """Write and flush ``text``, or do nothing if the stream has failed."""
        if self.broken:
            return
        try:
            self.stream.write(text)
            self.stream.flush()
        except UnicodeEncodeError:
            self._write_replaced(text)
        except (OSError, ValueError) as exc:
            self._fail(exc)

    def _write_replaced(self, text: str) -> None:
        encoding = getattr(self.stream, "encoding", None) or "ascii"
        safe = text.encode(encoding, errors="replace").decode(encoding, errors="replace")
        try:
            self.stream.write(safe)
            self.stream.flush()
        except (OSError, ValueError, UnicodeError) as exc:
            self._fail(exc)

    def _fail(self, exc: BaseException) -> None:
        self.broken = True
        message = f"progbar: output disabled after a write error: {exc!r}"
        with contextlib.suppress(RuntimeWarning):  # warnings made errors: still never raise
            warnings.warn(message, RuntimeWarning, stacklevel=4)
