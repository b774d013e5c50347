"""Display backends: the only code that writes bytes.

Each backend takes finished lines from the bar and puts them somewhere:
a terminal (redrawn in place, ``terminal``), a notebook output
(``notebook``), a log (plain periodic lines, ``log_display``) or nowhere.
Writes go through :class:`StreamWriter`, so a failing stream never raises
into the user's loop. :func:`make_display` is the one place where the kind
of display is chosen.
"""

from __future__ import annotations

import os
import sys

from .detect import choose_display, color_enabled, env_flag, in_kernel, process_rank
from .log_display import LogDisplay
from .terminal import TerminalDisplay

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:  # Display, a Protocol, is for the type checker only: typing stays unloaded
    from collections.abc import Mapping, Sequence
    from typing import Optional, Protocol, TextIO, Union

    from .._core.snapshot import Shown

    class Display(Protocol):
        """What the bar needs from a backend."""

        color: bool
        encoding: Optional[str]
        """The codec lines must fit, or None when any Unicode can be shown."""
        min_interval: float
        """Seconds a bar on this display waits between draws at least, even a bar alone,
        whose draws no frame cap spaces (a notebook's messages); 0 for the others."""

        def width(self) -> Optional[int]:
            """Columns available for a line, or None when unbounded."""

        def height(self) -> Optional[int]:
            """Rows of the device, or None when it scrolls without limit."""

        kind: str
        """Which device kind it draws on (a screen is one kind on one device)."""
        redraws_in_place: bool
        """A frame replaces the previous one (terminal, notebook); else lines only append."""
        shows_anything: bool
        """False for the silent display: nothing needs computing for it."""

        def frame(self, above: Sequence[Shown], rows: Sequence[Shown]) -> None:
            """Print ``above`` for good, then show ``rows`` as the live region.

            The one way anything reaches the device: a bar alone is a frame
            of one row, its final line a frame with that line above and no row.
            """

        def region_ended(self) -> None:
            """The screen's last bar is gone (the screen tells; a display never asks)."""

        def close(self) -> None:
            """Release anything held; idempotent."""


__all__ = [
    "LogDisplay",
    "NullDisplay",
    "TerminalDisplay",
    "make_display",
]


class NullDisplay:
    """Shows nothing (``verbose=0``, ``display="silent"``, ``PROGBAR_DISABLE``, other ranks)."""

    color = False
    encoding: Optional[str] = None
    kind = "silent"
    min_interval = 0.0
    redraws_in_place = False
    shows_anything = False

    def width(self) -> Optional[int]:
        """Unbounded."""
        return None

    def height(self) -> Optional[int]:
        """Unbounded."""
        return None

    def frame(self, above: Sequence[Shown], rows: Sequence[Shown]) -> None:
        """Drop the frame."""

    def region_ended(self) -> None:
        """Nothing was shown."""

    def close(self) -> None:
        """Nothing to release."""


def make_display(
    kind: str,
    stream: TextIO,
    verbose: int,
    color: Optional[bool],
    look: str,
    *,
    all_ranks: bool = False,
    ambiguous_wide: bool = False,
    environ: Optional[Mapping[str, str]] = None,
    modules: Optional[Mapping[str, object]] = None,
    platform: Optional[str] = None,
    taskbar: Union[bool, str] = "auto",
    title: bool = False,
    notify: Union[bool, str] = "auto",
) -> Display:
    """Build the backend once, when the bar is created: the stream is judged then, not at import.

    ``PROGBAR_DISABLE`` (a true value) and a non-zero rank in a distributed
    job (unless ``all_ranks``) silence the bar whatever ``kind`` says; then an
    explicit ``kind`` beats ``PROGBAR_DISPLAY``, which beats detection.
    ``environ``/``modules``/``platform`` default to the real process state.
    """
    environ = os.environ if environ is None else environ
    modules = sys.modules if modules is None else modules
    if env_flag(environ, "PROGBAR_DISABLE") or verbose == 0:
        return NullDisplay()
    if not all_ranks and process_rank(environ) not in (None, 0):
        return NullDisplay()
    if kind == "auto":
        kind = choose_display(stream, environ, modules)
    if kind == "silent":
        return NullDisplay()
    if kind in ("jsonl", "logging"):  # progress as data: see records.py
        from .records import make_record_display

        return make_record_display(kind, stream)
    if kind == "notebook" and verbose == 1 and in_kernel(modules):
        from .notebook import NotebookDisplay

        return NotebookDisplay(look)
    if kind == "tty":  # verbose=2 too: its one line then fits the terminal
        use_color = color_enabled(environ, look == "keras3") if color is None else color
        terminal: Display = TerminalDisplay(
            stream, environ, color=use_color, platform=platform, ambiguous_wide=ambiguous_wide
        )
        if notify is not False:  # the end of a long job on the desktop: see notify.py
            from .notify_display import with_notify

            terminal = with_notify(terminal, stream, environ, in_kernel(modules), notify)
        if taskbar is False and not title:  # tab/taskbar progress (OSC 9;4): see taskbar.py
            return terminal
        from .taskbar_display import with_taskbar

        return with_taskbar(terminal, stream, environ, in_kernel(modules), taskbar, title)
    # a log, or "notebook" with no kernel to show it (or verbose=2 there: one line in the cell)
    return LogDisplay(stream)
