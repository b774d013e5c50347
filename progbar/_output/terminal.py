r"""The terminal display: a screen's frames as the bytes that redraw them in place.

One row is redrawn as Keras draws it (``\r``, the line, spaces over what the
previous one left); several rows are one synchronized write from the
region's first row. Only this module knows the escape sequences; what a
frame holds is the screen's (see ``live_region``).
"""

from __future__ import annotations

import sys

from .._core.cells import cell_width, stream_encoding
from .._core.snapshot import Shown
from .detect import fileno_of, terminal_height, terminal_reflows, terminal_size
from .detect import terminal_width as _terminal_width
from .safe_stream import writer_for

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Optional, TextIO

__all__ = ["TerminalDisplay"]


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
        self._fd = fileno_of(stream)
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
        self._wrap_once()
        up = self._lines_up()
        if not above and len(rows) == 1 and not up:  # one row redrawn where it is: Keras's case
            self._redraw_row(_indent(rows[0]))
            return
        lines = [_indent(s) for s in above] + [_indent(s) for s in rows]
        if not lines:
            self._blank()
            return
        cells = [cell_width(x, ambiguous_wide=self._ambiguous_wide) for x in lines]
        if len(rows) > 1 or up > 0:
            text = _region_frame(lines, len(above), len(rows), up)
        else:
            text = self._line_frame(lines, cells, len(above), len(rows))
        # before the write: Ctrl-C lands after a write call returns far more often than inside it
        self._drawn = len(rows)
        self._cells = cells[len(above) :]
        self._prev_width = cells[-1] if rows else 0
        self._started = True
        self._out.write(text)

    def _wrap_once(self) -> None:
        """At the first draw, on win32 only: colorama around the stream (only now worth importing).

        Only there: an import on the drawing path could meet an import lock held
        by a thread that a fork left behind.
        """
        if self._wrapped:
            return
        self._wrapped = True
        if self._platform == "win32" and self._out.stream is not None:
            from .windows import wrap_stream

            self._out.stream = wrap_stream(self._out.stream, self._platform)

    def _line_frame(self, lines: list[str], cells: list[int], above: int, rows: int) -> str:
        """Lines above, then at most one row, where the cursor is: each line ends the last.

        The first pads over what the row drawn before left, never past the
        terminal; a ``verbose=2`` line alone starts as ``print``'s would.
        """
        parts = ["\r"] if rows or self._started else []
        for i, line in enumerate(lines):
            parts.append(line)
            if i == 0:
                parts.append(" " * max(min(self._prev_width, self._columns) - cells[0], 0))
            if i < len(lines) - 1 or i < above:
                parts.append("\n")
        return "".join(parts)

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


def _region_frame(lines: list[str], above: int, rows: int, up: int) -> str:
    """Several rows (or a region that had them): one synchronized update from its first row.

    The cursor goes ``up`` lines to the region's top; each line is erased to
    its end; ``ESC[J`` clears what the region no longer has below.
    """
    parts = ["\x1b[?2026h", "\r"]
    if up:
        parts.append(f"\x1b[{up}A")
    for i, line in enumerate(lines):
        parts.append(line)
        parts.append("\x1b[K")
        if i < len(lines) - 1 or i < above:
            parts.append("\n")
    if up + 1 > rows:
        parts.append("\x1b[J")  # lines the region no longer has
    parts.append("\x1b[?2026l")
    return "".join(parts)


def _indent(shown: Shown) -> str:
    """A nested bar's line moved right, every row of it (a finished line may have several)."""
    if not shown.depth:
        return shown.line
    pad = "  " * shown.depth
    return pad + shown.line.replace("\n", "\n" + pad)
