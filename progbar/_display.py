"""Display backends: the only code that writes bytes.

Each backend takes finished lines from the bar and puts them somewhere:
a terminal (redrawn in place), a log (plain periodic lines) or nowhere.
Writes go through :class:`StreamWriter`, so a failing stream never raises
into the user's loop.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Optional, Protocol, TextIO

from ._detect import choose_display, terminal_width
from ._stream import StreamWriter
from ._text import cell_width

__all__ = [
    "Display",
    "LogDisplay",
    "NullDisplay",
    "TerminalDisplay",
    "make_display",
]


class Display(Protocol):
    """What the bar needs from a backend."""

    color: bool
    min_interval: float
    """Seconds this display wants between redraws at least (a log wants few lines)."""

    def width(self) -> Optional[int]:
        """Columns available for a line, or None when unbounded."""

    def show(self, line: str, *, final: bool) -> None:
        """Put ``line`` on screen; ``final`` ends it (the bar is done or closed)."""

    def close(self) -> None:
        """Release anything held; idempotent."""


class TerminalDisplay:
    r"""Redraws one line in place with ``\r``, padding over a longer previous line."""

    min_interval = 0.0

    def __init__(self, stream: TextIO, environ: Mapping[str, str], *, color: bool) -> None:
        self._out = StreamWriter(stream)
        self._environ = environ
        self.color = color
        self._prev_width = 0
        # Windows consoles wrap as soon as the last column is written
        self._margin = 1 if sys.platform == "win32" else 0

    def width(self) -> Optional[int]:
        """Columns of the terminal right now, so a resize applies on the next draw."""
        return max(terminal_width(self._out.stream, self._environ) - self._margin, 1)

    def show(self, line: str, *, final: bool) -> None:
        """Overwrite the current line with ``line``."""
        cells = cell_width(line)
        pad = " " * max(self._prev_width - cells, 0)
        self._out.write("\r" + line + pad + ("\n" if final else ""))
        self._prev_width = 0 if final else cells

    def close(self) -> None:
        """End a line left open, so the shell prompt starts on a fresh one."""
        if self._prev_width:
            self._out.write("\n")
            self._prev_width = 0


class LogDisplay:
    r"""Plain lines for files and pipes: no ``\r``, no escapes, a line every few seconds."""

    color = False

    def __init__(self, stream: TextIO, *, min_interval: float) -> None:
        self._out = StreamWriter(stream)
        self.min_interval = min_interval

    def width(self) -> Optional[int]:
        """Unbounded: a log line may be as long as it needs."""
        return None

    def show(self, line: str, *, final: bool) -> None:
        """Append ``line`` as a line of its own."""
        self._out.write(line + "\n")

    def close(self) -> None:
        """Nothing is held open."""


class NullDisplay:
    """Shows nothing (``verbose=0`` or ``display="silent"``)."""

    color = False
    min_interval = 0.0

    def width(self) -> Optional[int]:
        """Unbounded."""
        return None

    def show(self, line: str, *, final: bool) -> None:
        """Drop the line."""

    def close(self) -> None:
        """Nothing to release."""


def make_display(
    kind: str,
    stream: TextIO,
    verbose: int,
    color: Optional[bool],
    look: str,
    log_interval: float,
) -> Display:
    """Build the backend once, when the bar is created: the stream is judged then, not at import."""
    if kind == "auto":
        kind = choose_display(stream, os.environ, sys.modules)
    if verbose == 0 or kind == "silent":
        return NullDisplay()
    if kind == "tty" and verbose == 1:
        use_color = look == "keras3" and not os.environ.get("NO_COLOR") if color is None else color
        return TerminalDisplay(stream, os.environ, color=use_color)
    return LogDisplay(stream, min_interval=log_interval if verbose == 1 else 0.0)
