"""Printing beside live bars: messages go above the region, and the bars are redrawn below.

The bars on a terminal own the lines the cursor is on. Anything else written
to the same device (``print``, a ``logging`` handler on stderr) would be glued
onto them, so :func:`write` hands the text to the device's screen, which
prints it above its region in the same write as the redraw; :func:`beside`
blanks the region for a foreign writer (a logging handler) and redraws it
after. Log and notebook outputs have no line to protect: for them a write
just writes.
"""

from __future__ import annotations

import sys

from .. import _hints as t
from .._core.checks import check_str, check_stream
from .safe_stream import StreamWriter
from .screen import screens_on

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from types import TracebackType
    from typing import Optional, TextIO, TypeVar

    from .screen import Screen

    S = TypeVar("S")

__all__ = ["beside", "unwrap", "write"]


def beside(stream: object) -> _Beside:
    """Blank the live regions on ``stream``'s device for the duration, then redraw them.

    Each screen's lock is held meanwhile, so no bar can draw half a line into
    the middle of the message.
    """
    return _Beside(stream)


class _Beside:
    """The context manager :func:`beside` returns (a class: ``contextlib`` costs an import)."""

    def __init__(self, stream: object) -> None:
        self._stream = stream
        self._screens: list[Screen] = []

    def __enter__(self) -> None:
        taken: list[Screen] = []
        try:
            for screen in screens_on(self._stream):
                screen.lock.acquire()
                taken.append(screen)
                screen.hide()
        except BaseException:
            for screen in reversed(taken):
                screen.lock.release()
            raise
        self._screens = taken

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        try:
            for screen in self._screens:
                screen.redraw()
        finally:
            for screen in reversed(self._screens):
                screen.lock.release()


def unwrap(stream: S) -> S:
    """The real stream behind a ``redirect_logging(stdout=True)`` proxy."""
    return stream._original if isinstance(stream, _StdoutProxy) else stream  # type: ignore[return-value]


def write(text: str, file: t.Optional[t.TextIO] = None, end: str = "\n") -> None:
    """Print ``text`` above any live bars on the same device, then redraw them.

    Use it instead of ``print`` while a bar is running. A write error
    never raises; it warns once, as the bar's own output does.

    Args:
        text: the message.
        file: where to write; None means ``sys.stdout`` at the time of the call.
        end: appended to ``text``, as for ``print``.

    Raises:
        TypeError: ``text`` or ``end`` is not a str, or ``file`` is not a stream.
    """
    check_str("text", text)
    check_str("end", end)
    check_stream("file", file)
    stream = unwrap(sys.stdout if file is None else file)
    if end == "\n":
        for screen in screens_on(stream):
            if screen.write_above(text):  # one write: the text, then the region again
                return
    with beside(stream):
        StreamWriter(stream).write(text + end)


class _StdoutProxy:
    """``sys.stdout`` inside ``redirect_logging(stdout=True)``: whole lines beside the bars.

    ``print`` may be called from several threads at once, so the pending
    partial line is only touched under a lock, and each piece of text is
    written under that same lock: no line is lost, doubled or reordered.
    The lock is reentrant, so a signal handler that prints while the main
    thread is inside :meth:`write` does not deadlock.

    A partial line (``print(..., end="")``) is held until its newline, as a
    line-buffered terminal would. When it is flushed while a bar is live on
    the same screen, it is ended with a newline: the bar owns the line the
    cursor is on and would otherwise draw straight over it.
    """

    def __init__(self, original: TextIO) -> None:
        from _thread import RLock  # threading.RLock without importing threading

        self._original = original
        self._pending = ""
        self._lock = RLock()

    def write(self, text: str) -> int:
        """Buffer until a newline, then write the whole lines above the bars."""
        with self._lock:
            head, newline, self._pending = (self._pending + text).rpartition("\n")
            if newline:
                self._emit(head + newline)
        return len(text)

    def flush(self) -> None:
        """Write a pending partial line too, on a line of its own if a bar is live below it."""
        with self._lock:
            pending, self._pending = self._pending, ""
            if pending:
                self._emit(pending, partial=True)
        try:  # noqa: SIM105  # not contextlib: one import less for progbar
            self._original.flush()
        except Exception:  # a closed or broken stream: write() has already warned
            pass

    def _emit(self, text: str, *, partial: bool = False) -> None:
        """Write ``text`` above the live bars on the original stream's screen (under the lock)."""
        with beside(self._original):
            live = any(s.display.redraws_in_place for s in screens_on(self._original))
            if partial and live:
                text += "\n"  # a bar is redrawn right after: keep off its line
            StreamWriter(self._original).write(text)

    def __getattr__(self, name: str) -> object:
        return getattr(self._original, name)
