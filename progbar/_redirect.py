"""Printing beside a live bar: messages go above it, and the bar is redrawn below.

A terminal bar owns the line the cursor is on. Anything else written to the
same screen (``print``, a ``logging`` handler on stderr) would be glued onto
it, so every live terminal line is registered here, and a write first blanks
the lines that share its screen, writes, then redraws them. Log and
notebook displays have no line to protect: for them a write just writes.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
from collections.abc import Iterable, Iterator
from typing import Callable, Optional, TextIO, TypeVar

from ._stream import StreamWriter
from ._text import cell_width
from ._validate import check_str, check_stream, show

__all__ = ["LiveLine", "beside", "redirect_logging", "unwrap", "write"]

S = TypeVar("S")

_registry_lock = threading.Lock()
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


@contextlib.contextmanager
def beside(stream: object) -> Iterator[None]:
    """Blank the live bars on ``stream``'s screen for the duration, then redraw them.

    The bars' locks are taken in registration order, so two writers never
    deadlock, and no bar can draw half a line into the middle of the message.
    """
    with _registry_lock:
        lines = [line for line in _live.values() if _same_screen(line.stream, stream)]
    with contextlib.ExitStack() as stack:
        for line in lines:
            stack.enter_context(line.lock)
        for line in lines:
            line.clear()
        try:
            yield
        finally:
            for line in lines:
                line.restore()


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


class _BesideHandler(logging.Handler):
    """Wraps a console handler so each record steps around the live bars."""

    def __init__(self, inner: logging.StreamHandler) -> None:  # type: ignore[type-arg]
        super().__init__(inner.level)
        self.inner = inner

    def handle(self, record: logging.LogRecord) -> bool:
        """Emit through the original handler (its format, filters, stream), between redraws."""
        with beside(self.inner.stream):
            return bool(self.inner.handle(record))

    def emit(self, record: logging.LogRecord) -> None:  # pragma: no cover - handle() is used
        """Unused: :meth:`handle` delegates to the wrapped handler."""
        self.inner.emit(record)


class _StdoutProxy:
    """``sys.stdout`` inside ``redirect_logging(stdout=True)``: whole lines beside the bars."""

    def __init__(self, original: TextIO) -> None:
        self._original = original
        self._pending = ""

    def write(self, text: str) -> int:
        """Buffer until a newline, then write the whole lines above the bars."""
        self._pending += text
        head, newline, self._pending = self._pending.rpartition("\n")
        if newline:
            write(head + newline, self._original, end="")
        return len(text)

    def flush(self) -> None:
        """Write a pending partial line too."""
        if self._pending:
            pending, self._pending = self._pending, ""
            write(pending, self._original, end="")
        with contextlib.suppress(Exception):
            self._original.flush()

    def __getattr__(self, name: str) -> object:
        return getattr(self._original, name)


def _console_handlers(loggers: Iterable[logging.Logger]) -> list[tuple[logging.Logger, int]]:
    found = []
    for logger in loggers:
        for index, handler in enumerate(logger.handlers):
            if isinstance(handler, logging.StreamHandler) and not isinstance(
                handler, logging.FileHandler
            ):
                found.append((logger, index))
    return found


@contextlib.contextmanager
def redirect_logging(
    loggers: Optional[Iterable[logging.Logger]] = None, *, stdout: bool = False
) -> Iterator[None]:
    """Route console logging (and optionally ``print``) above live bars.

    Each ``StreamHandler`` of ``loggers`` keeps its format, level, filters
    and stream, but while the context is active its records blank the live
    bars on the same screen, print, and redraw them. File handlers are left
    alone. With the default ``loggers``, ``logging.lastResort`` (what an
    unconfigured ``logging.warning()`` uses) is wrapped too. Everything is
    restored on exit, also on exceptions.

    Args:
        loggers: the loggers whose handlers to wrap; None means the root logger.
        stdout: also send ``print`` (``sys.stdout``) through :func:`write`.

    Raises:
        TypeError: ``loggers`` is not an iterable of loggers, or ``stdout`` not a bool.
    """
    chosen = [logging.getLogger()] if loggers is None else list(loggers)
    for logger in chosen:
        if not isinstance(logger, logging.Logger):
            raise TypeError(f"loggers must contain logging.Logger, got {show(logger)}")
    if not isinstance(stdout, bool):
        raise TypeError(f"stdout must be a bool, got {show(stdout)}")
    swapped = []
    for logger, index in _console_handlers(chosen):
        original = logger.handlers[index]
        logger.handlers[index] = _BesideHandler(original)  # type: ignore[arg-type]
        swapped.append((logger, original))
    # logging.warning() with no handler configured goes to logging.lastResort (stderr)
    last_resort = logging.lastResort
    if loggers is None and isinstance(last_resort, logging.StreamHandler):
        logging.lastResort = _BesideHandler(last_resort)
    saved_stdout = sys.stdout
    if stdout and sys.stdout is not None and not isinstance(sys.stdout, _StdoutProxy):
        sys.stdout = _StdoutProxy(sys.stdout)
    try:
        yield
    finally:
        if sys.stdout is not saved_stdout:
            with contextlib.suppress(Exception):
                sys.stdout.flush()
            sys.stdout = saved_stdout
        for logger, original in swapped:
            logger.handlers = [original if _wraps(h, original) else h for h in logger.handlers]
        if logging.lastResort is not last_resort and _wraps(logging.lastResort, last_resort):
            logging.lastResort = last_resort


def _wraps(handler: Optional[logging.Handler], original: Optional[logging.Handler]) -> bool:
    return isinstance(handler, _BesideHandler) and handler.inner is original
