"""Display backends: the only code that writes bytes.

Each backend takes finished lines from the bar and puts them somewhere:
a terminal (redrawn in place), a notebook output (``_notebook``), a log
(plain periodic lines) or nowhere. Writes go through :class:`StreamWriter`,
so a failing stream never raises into the user's loop. :func:`make_display`
is the one place where the kind of display is chosen.
"""

from __future__ import annotations

import os
import sys

from .._core.cells import cell_width, stream_encoding
from .._core.snapshot import Shown
from .detect import (
    choose_display,
    color_enabled,
    env_flag,
    in_kernel,
    process_rank,
    terminal_height,
    terminal_reflows,
    terminal_size,
)
from .detect import terminal_width as _terminal_width
from .log_display import LogDisplay
from .safe_stream import writer_for

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:  # Display, a Protocol, is for the type checker only: typing stays unloaded
    from collections.abc import Mapping, Sequence
    from typing import Optional, Protocol, TextIO, Union

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


class TerminalDisplay:
    r"""Draws a screen's region in place: ``\r`` for one row, cursor moves for several.

    One row is redrawn as Keras draws it (``\r``, the line, spaces over what
    the previous line left). Several rows are one write per frame, wrapped in
    the synchronized-update markers (``ESC[?2026h`` ... ``l``: terminals that know
    them show the frame at once, the others ignore them), each row erased to its
    end, and ``ESC[J`` under the last one when the region shrank.
    """

    kind = "tty"
    min_interval = 0.0
    redraws_in_place = True
    shows_anything = True

    def __init__(
        self,
        stream: TextIO,
        environ: Mapping[str, str],
        *,
        color: bool,
        platform: Optional[str] = None,
        ambiguous_wide: bool = False,
    ) -> None:
        self._out = writer_for(stream)
        self._ambiguous_wide = ambiguous_wide  # measure lines as the layout did
        self._environ = environ
        self._platform = platform or sys.platform
        self._wrapped = False
        self.color = color
        self.encoding = stream_encoding(stream)
        self._fd = _fileno(stream)
        self._prev_width = 0  # cells of the last row drawn, while one row is live
        self._drawn = 0  # region rows on screen now; the cursor ends the last one
        self._cells: list[int] = []  # each region row's cells when drawn
        self._reflows = terminal_reflows(environ)
        self._columns_set = bool(environ.get("COLUMNS"))  # read once: not on every draw
        self._started = False  # whether a row was ever drawn here
        self._columns = 80
        # Windows consoles wrap as soon as the last column is written
        self._margin = 1 if self._platform == "win32" else 0

    def width(self) -> Optional[int]:
        """Columns of the terminal right now (one ioctl), so a resize applies on the next draw."""
        fd = self._fd
        size = 0 if self._columns_set else terminal_size(fd)[0]  # the common case: one ioctl
        columns = size if size > 0 else _terminal_width(fd, self._environ)
        self._columns = max(columns - self._margin, 1)
        return self._columns

    def height(self) -> Optional[int]:
        """Rows of the terminal right now; the region keeps one free."""
        return terminal_height(self._fd, self._environ)

    def frame(self, above: Sequence[Shown], rows: Sequence[Shown]) -> None:
        """Print ``above`` for good, then draw ``rows`` as the live region, in one write."""
        if not self._wrapped:  # first draw: only now is colorama worth importing
            self._wrapped = True
            if self._platform == "win32" and self._out.stream is not None:
                # only there: an import on the drawing path could meet an import lock held
                # by a thread that a fork left behind
                from .windows import wrap_stream

                self._out.stream = wrap_stream(self._out.stream, self._platform)
        up = self._lines_up()
        if not above and len(rows) == 1 and not up:  # one row redrawn where it is: Keras's case
            self._redraw_row(_indent(rows[0]))
            return
        lines = [_indent(s) for s in above] + [_indent(s) for s in rows]
        if not lines:
            self._blank()
            return
        several = len(rows) > 1 or up > 0
        # "\r" from the first row on; a verbose=2 line alone starts as print's would
        parts = ["\r"] if rows or self._started else []
        if several:
            parts.insert(0, "\x1b[?2026h")
            if up:
                parts.append(f"\x1b[{up}A")
        cells = [cell_width(x, ambiguous_wide=self._ambiguous_wide) for x in lines]
        for i, line in enumerate(lines):
            parts.append(line)
            if several:
                parts.append("\x1b[K")
            elif i == 0:  # pad over what the row drawn before left, never past the terminal
                parts.append(" " * max(min(self._prev_width, self._columns) - cells[0], 0))
            if i < len(lines) - 1 or i < len(above):
                parts.append("\n")
        if several and up + 1 > len(rows):
            parts.append("\x1b[J")  # lines the region no longer has
        if several:
            parts.append("\x1b[?2026l")
        # before the write: Ctrl-C lands after a write call returns far more often than inside it
        self._drawn = len(rows)
        self._cells = cells[len(above) :]
        self._prev_width = cells[-1] if rows else 0
        self._started = True
        self._out.write("".join(parts))

    def _redraw_row(self, line: str) -> None:
        """:meth:`frame` with one row and nothing above, the row already at the cursor.

        The general path would write the same bytes; this one is taken at every
        draw of a lone bar, so it builds no lists.
        """
        if line.isascii() and line.isprintable():
            cells = len(line)
        else:
            cells = cell_width(line, ambiguous_wide=self._ambiguous_wide)
        pad = min(self._prev_width, self._columns) - cells  # over what the last row left
        self._drawn, self._cells, self._prev_width, self._started = 1, [cells], cells, True
        self._out.write("\r" + line + " " * pad if pad > 0 else "\r" + line)

    def _lines_up(self) -> int:
        """Lines from the cursor (on the region's last row) up to the region's first.

        A terminal that reflows (tmux, VTE, kitty, iTerm2, Windows Terminal...)
        re-wraps rows drawn wider than it is now into several lines; one that
        does not (xterm, the Linux console) cuts them. The region's own rows
        never wrap when drawn, so only a narrowing can make them taller.
        """
        if not self._drawn:
            return 0
        if not self._reflows:
            return self._drawn - 1
        columns = max(self._columns, 1)
        return sum(max(1, -(-cells // columns)) for cells in self._cells) - 1

    def _blank(self) -> None:
        """Erase the region and leave the cursor where its first row began."""
        up = self._lines_up()
        if up:
            self._out.write(f"\r\x1b[{up}A\x1b[J")
        elif self._drawn == 1:
            cells = min(self._prev_width, self._columns)  # spaces: as a single bar always did
            self._out.write("\r" + " " * cells + "\r")
        self._drawn = 0
        self._prev_width = 0
        self._cells = []

    def region_ended(self) -> None:
        """Nothing to do: the screen's last frame left the cursor where it belongs."""

    def close(self) -> None:
        """End a line left open, so the shell prompt starts on a fresh one."""
        if self._drawn:
            self._out.write("\n")
            self._drawn = 0
            self._prev_width = 0


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


def _indent(shown: Shown) -> str:
    """A nested bar's line moved right, every row of it (a finished line may have several)."""
    if not shown.depth:
        return shown.line
    pad = "  " * shown.depth
    return pad + shown.line.replace("\n", "\n" + pad)


def _fileno(stream: object) -> Optional[int]:
    """The stream's descriptor, looked up once: ``fileno()`` on a StringIO raises every time."""
    try:
        fd = stream.fileno()  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return None
    return fd if isinstance(fd, int) else None


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
