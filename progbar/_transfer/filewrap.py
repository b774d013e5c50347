"""``wrap_file``: bytes read from or written to any file object, counted on a Progbar.

For transfers urllib does not make: ``shutil.copyfileobj``, an
``http.client`` or ``requests`` streaming response, a large local copy.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from typing import Any, Optional

from .._core.checks import check_number
from .._core.closing import Closing
from .._progbar import Progbar
from .urlhook import bar_options

__all__ = ["FileProgress", "wrap_file"]


def _guess_total(fileobj: Any) -> Optional[int]:
    """Bytes still to read: an HTTP ``Content-Length``, or what is left of a regular file."""
    headers = getattr(fileobj, "headers", None)
    if callable(getattr(headers, "get", None)):
        encoding = headers.get("Content-Encoding")  # type: ignore[union-attr]
        if encoding not in (None, "identity"):  # the length counts compressed bytes
            return None
        try:
            length = int(headers.get("Content-Length"))  # type: ignore[union-attr]
        except (TypeError, ValueError):
            return None
        return length if length >= 0 else None
    try:
        if fileobj.readable() and fileobj.seekable():
            info = os.fstat(fileobj.fileno())
            if stat.S_ISREG(info.st_mode):
                return max(info.st_size - int(fileobj.tell()), 0)
    except (AttributeError, OSError, ValueError):  # not a real file, or closed
        pass
    return None


class FileProgress(Closing):
    """A file object that counts the bytes read from it or written to it on a Progbar.

    Reads, writes, line iteration and everything else are passed through,
    so it works wherever the wrapped object did: ``shutil.copyfileobj``,
    an ``http.client`` or ``requests`` raw response, an open file. The bar
    finishes when the count reaches ``total`` or a read hits end of file,
    and is closed where it stands by :meth:`close` (which also closes the
    file) or on leaving a ``with`` block.
    """

    def __init__(self, fileobj: Any, total: Optional[float] = None, **options: Any) -> None:
        if not callable(getattr(fileobj, "read", None)) and not callable(
            getattr(fileobj, "write", None)
        ):
            raise TypeError(f"fileobj must have read() or write(), got {fileobj!r}")
        total = check_number("total", total, minimum=0, allow_none=True)
        options = bar_options("wrap_file", options)
        self._file = fileobj
        self.bar = Progbar(_guess_total(fileobj) if total is None else total, **options)
        self.count = 0
        """Bytes (or characters, for a text file) moved so far."""
        self._ended = False

    def _took(self, n: int, *, eof: bool = False) -> None:
        if n > 0:
            self.count += n
            if not self._ended:
                self.bar.update(self.count)
                target = self.bar.target
                self._ended = target is not None and self.count >= target
        if eof:
            self._end()

    def _end(self) -> None:
        self._ended = True
        self.bar.close()

    def read(self, size: Optional[int] = None) -> Any:
        """Read and count; an empty result for a non-zero ``size`` ends the bar."""
        # no argument for "all": some readers (older http.client) refuse -1
        data = self._file.read() if size is None else self._file.read(size)
        if data is not None:  # None: a non-blocking stream has nothing yet
            self._took(len(data), eof=not data and size != 0)
        return data

    def read1(self, size: int = -1) -> Any:
        """Read at most one buffer's worth, and count it."""
        data = self._file.read1(size)
        self._took(len(data), eof=not data and size != 0)
        return data

    def readinto(self, buffer: Any) -> Any:
        """Read into ``buffer`` and count the bytes filled."""
        n = self._file.readinto(buffer)
        if n is not None:
            self._took(n, eof=n == 0 and memoryview(buffer).nbytes > 0)
        return n

    def readline(self, size: Optional[int] = None) -> Any:
        """Read one line and count it."""
        line = self._file.readline() if size is None else self._file.readline(size)
        self._took(len(line), eof=not line and size != 0)
        return line

    def readlines(self, hint: int = -1) -> list[Any]:
        """Read the remaining lines, counting each."""
        return list(self) if hint is None or hint <= 0 else self._file_lines(hint)

    def _file_lines(self, hint: int) -> list[Any]:
        lines: list[Any] = self._file.readlines(hint)
        self._took(sum(len(line) for line in lines), eof=not lines)
        return lines

    def __iter__(self) -> Iterator[Any]:
        for line in self._file:
            self._took(len(line))
            yield line
        self._end()

    def write(self, data: Any) -> Any:
        """Write and count what the file reports written (its length, if it reports nothing)."""
        written = self._file.write(data)
        if isinstance(written, int):
            self._took(written)
        else:
            self._took(memoryview(data).nbytes if not isinstance(data, str) else len(data))
        return written

    def writelines(self, lines: Any) -> None:
        """Write each line, counting it."""
        for line in lines:
            self.write(line)

    def close(self) -> None:
        """End the bar where it stands and close the wrapped file."""
        try:
            self._end()
        finally:
            self._file.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)


def wrap_file(fileobj: Any, total: Optional[float] = None, **options: Any) -> FileProgress:
    """Wrap ``fileobj`` so the bytes read from or written to it show on a progress bar.

    Args:
        fileobj: an open file, an ``http.client.HTTPResponse``, a
            ``requests`` ``response.raw``, or anything with ``read``/``write``.
        total: bytes expected; None takes an HTTP ``Content-Length`` or the
            rest of a regular file when there is one, else the size is unknown.
        **options: Progbar keywords; ``units`` defaults to ``"bytes"``.

    Returns:
        The wrapper; closing it closes the bar and ``fileobj``.
    """
    return FileProgress(fileobj, total, **options)
