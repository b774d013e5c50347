"""Stand-ins for the in-process tests: a clock that moves when told, a stream that is a "terminal".

A test never reads the wall clock (it injects :class:`FakeClock`) and never
needs a real terminal to see what was drawn: :func:`screen_of` feeds the text
a bar wrote to a ``pyte`` screen of the given size.
"""

from __future__ import annotations

import io
import logging
import os

import pyte

__all__ = ["ROOT", "Collect", "FakeClock", "TtyStringIO", "screen_of"]

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
"""The checkout: the folder that holds ``progbar/``, ``tests/`` and ``examples/``."""


class FakeClock:
    """A callable clock that only moves when told to (never backwards)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def tick(self, seconds: float) -> None:
        """Move the clock ``seconds`` forward."""
        if seconds < 0:
            raise ValueError("time can't go backwards")
        self.now += seconds


class TtyStringIO(io.StringIO):
    """A StringIO that claims to be a terminal."""

    def isatty(self) -> bool:
        return True


def screen_of(text: str, columns: int = 80, rows: int = 10) -> pyte.Screen:
    """What a terminal of that size shows after receiving ``text``."""
    screen = pyte.Screen(columns, rows)
    stream = pyte.Stream(screen)
    stream.feed(text.replace("\n", "\r\n"))
    return screen


class Collect(logging.Handler):
    """Keeps every record it is handed (the ``display="logging"`` tests read them)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
