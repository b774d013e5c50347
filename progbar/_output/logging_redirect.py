"""``redirect_logging()``: console logging (and ``print``) above the live bars.

Imported on first use, from ``progbar.redirect_logging``: ``logging`` is
not free to import, and most programs that show a bar never redirect it.
The stepping around the bars itself is :func:`progbar._redirect.beside`.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterable, Iterator
from typing import Optional

from .._core.checks import show
from .capture import CapturedStream
from .printing import beside

__all__ = ["redirect_logging"]


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
    proxy = None
    if stdout and sys.stdout is not None and not isinstance(sys.stdout, CapturedStream):
        sys.stdout = proxy = CapturedStream(sys.stdout)
    try:
        yield
    finally:
        if proxy is not None:
            proxy.active = False  # a stream held from now on passes straight through
            with contextlib.suppress(Exception):
                proxy.flush()
            if sys.stdout is proxy:
                sys.stdout = saved_stdout
        for logger, original in swapped:
            logger.handlers = [original if _wraps(h, original) else h for h in logger.handlers]
        if logging.lastResort is not last_resort and _wraps(logging.lastResort, last_resort):
            logging.lastResort = last_resort


def _wraps(handler: Optional[logging.Handler], original: Optional[logging.Handler]) -> bool:
    return isinstance(handler, _BesideHandler) and handler.inner is original
