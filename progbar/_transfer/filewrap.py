"""``wrap_file``: bytes read from or written to any file object, counted on a Progbar.

For transfers urllib does not make: ``shutil.copyfileobj``, an
``http.client`` or ``requests`` streaming response, a large local copy.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterator
from typing import Any, Optional

from .. import _hints as t
from .._core.checks import check_number
from .._core.closing import Closing
from .._progbar import Progbar
from .urlhook import bar_options

__all__ = ["FileProgress", "wrap_file"]


def _text_buffer(fileobj: Any) -> Any:
    """The seekable binary buffer under a text file, or None.

    A text file hands out characters, but its size (and a progress bar's
    unit) is bytes: where the buffer under it stands says exactly how many
    bytes the characters read so far took, whatever the encoding.
    """
    if not isinstance(fileobj, io.TextIOBase):
        return None
    buffer = getattr(fileobj, "buffer", None)
    try:
        return buffer if buffer is not None and buffer.seekable() else None
    except (AttributeError, OSError, ValueError):  # closed, or not a real buffer
        return None


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
                # a text file's tell() is an opaque cookie: its buffer's is a byte offset
                where = _text_buffer(fileobj) or fileobj
                return max(info.st_size - int(where.tell()), 0)
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

    The count is always in bytes, also for a text file, so that it matches
    the file's size: what is read is counted by where the binary buffer under
    the file stands (exact at end of file, whatever the encoding or newline
    translation), what is written by its length in the file's encoding.
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
        """Bytes moved so far (for a text file too: its characters' bytes)."""
        self._ended = False
        self._buffer = _text_buffer(fileobj)
        self._start = self._buffer.tell() if self._buffer is not None else 0
        self._encoding = getattr(fileobj, "encoding", None) or "utf-8"

    def _read_size(self, data: Any) -> int:
        """Bytes that ``data`` (just read) took in the file."""
        if not isinstance(data, str):
            return len(data)
        if self._buffer is not None:
            try:
                return int(self._buffer.tell()) - self._start - self.count
            except (OSError, ValueError):  # a buffer that stopped telling: encode instead
                self._buffer = None
        return self._encoded_size(data)

    def _encoded_size(self, text: str) -> int:
        try:
            return len(text.encode(self._encoding, "replace"))
        except LookupError:  # an encoding Python does not know: one byte a character
            return len(text)

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
            self._took(self._read_size(data), eof=not data and size != 0)
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
        self._took(self._read_size(line), eof=not line and size != 0)
        return line

    def readlines(self, hint: int = -1) -> list[Any]:
        """Read the remaining lines, counting each."""
        return list(self) if hint is None or hint <= 0 else self._file_lines(hint)

    def _file_lines(self, hint: int) -> list[Any]:
        lines: list[Any] = self._file.readlines(hint)
        if self._buffer is not None:  # where the buffer stands covers all the lines at once
            self._took(self._read_size(""), eof=not lines)
        else:
            self._took(sum(map(self._read_size, lines)), eof=not lines)
        return lines

    def __iter__(self) -> Iterator[Any]:
        for line in self._file:
            self._took(self._read_size(line))
            yield line
        self._end()

    def write(self, data: Any) -> Any:
        """Write and count what the file reports written (its length, if it reports nothing)."""
        written = self._file.write(data)
        if isinstance(data, str):  # a text file reports characters: count their bytes
            self._took(self._encoded_size(data if not isinstance(written, int) else data[:written]))
        elif isinstance(written, int):
            self._took(written)
        else:
            self._took(memoryview(data).nbytes)
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


def wrap_file(
    fileobj: t.Any, total: t.Optional[float] = None, **options: t.Unpack[t.BarOptions]
) -> t.FileProgress:
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
