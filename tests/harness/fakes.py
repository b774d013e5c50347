"""Stand-ins for the in-process tests: a clock that moves when told, a stream that is a "terminal".

A test never reads the wall clock (it injects :class:`FakeClock`) and never
needs a real terminal to see what was drawn: :func:`screen_of` feeds the text
a bar wrote to a ``pyte`` screen of the given size.
"""

from __future__ import annotations

import gc
import io
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager

import pyte

__all__ = [
    "ROOT",
    "Collect",
    "FakeClock",
    "ScreenReader",
    "TtyStringIO",
    "only_new_garbage",
    "screen_of",
]

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


class ScreenReader:
    """A terminal that keeps reading one stream: each :meth:`rows` feeds it only the new text.

    What :func:`screen_of` shows for the whole text so far, without feeding the
    whole text again at each look (a loop that looks after every update would
    cost the square of its length).
    """

    def __init__(self, stream: io.StringIO, columns: int = 80, rows: int = 10) -> None:
        self.stream, self.screen = stream, pyte.Screen(columns, rows)
        self._feed, self._seen = pyte.Stream(self.screen), 0

    def rows(self) -> list[str]:
        """The screen's non-blank rows, right-stripped, after everything written so far."""
        text = self.stream.getvalue()
        self._feed.feed(text[self._seen :].replace("\n", "\r\n"))
        self._seen = len(text)
        return [line.rstrip() for line in self.screen.display if line.strip()]


@contextmanager
def only_new_garbage() -> Iterator[None]:
    """Inside, ``gc.collect()`` scans only objects made inside (``gc.freeze()`` the rest).

    Late in the suite the heap holds Keras, jax, pandas...: a full collection
    takes half a second there and 50 ms alone, and none of it is garbage a test
    made. Every object made inside is still collected as usual.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


class Collect(logging.Handler):
    """Keeps every record it is handed (the ``display="logging"`` tests read them)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
