"""Printing beside a live bar: messages go above it, and the bar is redrawn below.

A terminal bar owns the line the cursor is on. Anything else written to the
same screen (``print``, a ``logging`` handler on stderr) would be glued onto
it, so every live terminal line is registered here, and a write first blanks
the lines that share its screen, writes, then redraws them. Log and
notebook displays have no line to protect: for them a write just writes.
"""

from __future__ import annotations

import os
import sys
from _thread import allocate_lock

from .._core.cells import cell_width
from .._core.checks import check_str, check_stream
from .safe_stream import StreamWriter

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    import threading
    from types import TracebackType
    from typing import Callable, Optional, TextIO, TypeVar

    S = TypeVar("S")

__all__ = ["LiveLine", "beside", "unwrap", "write"]

_registry_lock = allocate_lock()  # threading.Lock() without importing threading
_live: dict[int, LiveLine] = {}  # id -> line; insertion order is the lock order


class LiveLine:
    """The line a terminal bar is drawn on, so writes can step around it.

    Args:
        stream: the stream the bar draws on.
        lock: the bar's drawing lock; held while the line is blanked and redrawn.
        terminal: whether the display redraws one line in place (only then is
            there anything to blank).
        columns: the terminal's width now, so blanking never wraps.
    """

    def __init__(
        self,
        stream: Optional[TextIO],
        lock: threading.RLock,
        *,
        terminal: bool,
        columns: Callable[[], Optional[int]] = lambda: None,
    ) -> None:
        self.stream = stream
        self.lock = lock
        self._terminal = terminal
        self._columns = columns
        self._out = StreamWriter(stream)
        self._last: Optional[str] = None
        self._redraw: Optional[str] = None

    def shown(self, line: str, *, final: bool) -> None:
        """Record what the display just drew (called under the bar's lock)."""
        if not self._terminal:
            return
        if final:
            self.retire()
        else:
            if self._last is None:
                with _registry_lock:
                    _live[id(self)] = self
            self._last = line

    def retire(self) -> None:
        """The line is finished or the bar closed: writes no longer need to step around it."""
        self._last = None
        with _registry_lock:
            _live.pop(id(self), None)

    def clear(self) -> None:
        """Blank the line and put the cursor at its start (under the bar's lock)."""
        if self._last is not None:
            # ambiguous glyphs may be drawn two cells wide: blank generously, short of wrapping
            cells = cell_width(self._last, ambiguous_wide=True)
            cells = min(cells, self._columns() or cells)
            self._out.write("\r" + " " * cells + "\r")
            self._redraw = self._last

    def restore(self) -> None:
        """Draw the line again after a write (under the bar's lock)."""
        if self._redraw is not None and self._redraw == self._last:
            self._out.write(self._redraw)
        self._redraw = None


def _same_screen(a: object, b: object) -> bool:
    """Whether two streams end on the same device (stdout and stderr of one terminal)."""
    if a is b:
        return True
    try:
        return os.path.samestat(os.fstat(a.fileno()), os.fstat(b.fileno()))  # type: ignore[attr-defined]
    except Exception:  # no descriptor, closed, or not a real file
        return False


def beside(stream: object) -> _Beside:
    """Blank the live bars on ``stream``'s screen for the duration, then redraw them.

    The bars' locks are taken in registration order, so two writers never
    deadlock, and no bar can draw half a line into the middle of the message.
    """
    return _Beside(stream)


class _Beside:
    """The context manager :func:`beside` returns (a class: ``contextlib`` costs an import)."""

    def __init__(self, stream: object) -> None:
        self._stream = stream
        self._lines: list[LiveLine] = []

    def __enter__(self) -> None:
        with _registry_lock:
            lines = [line for line in _live.values() if _same_screen(line.stream, self._stream)]
        taken: list[LiveLine] = []
        try:
            for line in lines:
                line.lock.acquire()
                taken.append(line)
            for line in lines:
                line.clear()
        except BaseException:
            for line in reversed(taken):
                line.lock.release()
            raise
        self._lines = lines

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        try:
            for line in self._lines:
                line.restore()
        finally:
            for line in reversed(self._lines):
                line.lock.release()


def unwrap(stream: S) -> S:
    """The real stream behind a ``redirect_logging(stdout=True)`` proxy."""
    return stream._original if isinstance(stream, _StdoutProxy) else stream  # type: ignore[return-value]


def write(text: str, file: Optional[TextIO] = None, end: str = "\n") -> None:
    """Print ``text`` above any live bar on the same screen, then redraw the bar.

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
            if partial:
                with _registry_lock:
                    bars = list(_live.values())
                if any(_same_screen(line.stream, self._original) for line in bars):
                    text += "\n"  # a bar is redrawn right after: keep off its line
            StreamWriter(self._original).write(text)

    def __getattr__(self, name: str) -> object:
        return getattr(self._original, name)
