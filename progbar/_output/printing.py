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
from .capture import CapturedStream
from .safe_stream import writer_for
from .screen import screens_on

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from types import TracebackType
    from typing import Optional, TypeVar

    from .screen import Screen

    S = TypeVar("S")

__all__ = ["beside", "unwrap", "write"]


def beside(stream: object) -> _Beside:
    """Blank the live regions on ``stream``'s device for the duration, then redraw them.

    The regions are suspended (as by :func:`progbar.suspend`), not locked:
    no frame is written meanwhile, so no bar draws half a line into the
    middle of the message, yet no lock is held while the caller's code runs.
    That code is often a user's logging handler, which may block, draw a bar
    of its own or wait for a thread that draws.
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
                screen.suspend()
                taken.append(screen)
        except BaseException:
            _resume(taken)
            raise
        self._screens = taken

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        _resume(self._screens)


def _resume(screens: list[Screen]) -> None:
    """Resume each screen, the last suspended first; every one, whatever a redraw raises."""
    if screens:
        try:
            screens[-1].resume()
        finally:
            _resume(screens[:-1])


def unwrap(stream: S) -> S:
    """The real stream behind a capture proxy (``capture.py``, ``redirect_logging``)."""
    while isinstance(stream, CapturedStream):
        stream = stream.original  # type: ignore[assignment]
    return stream


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
        writer_for(stream).write(text + end)
