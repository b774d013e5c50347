"""What a screen writes, and when: the interface its two policies share.

A :class:`~progbar._output.screen.Screen` keeps a device's slots, their
order and nesting, and their lifecycle (finishing, ghosts, retirement). What
reaches the device is decided by one :class:`Policy`, chosen once from the
display's capabilities: a :class:`~progbar._output.live_region.LiveRegion`
redraws rows in place (a terminal, a notebook cell), an
:class:`~progbar._output.append_log.AppendLog` only appends lines (a file, a
pipe, records). A policy holds what waits to be written (the lines above,
whether a frame is owed, when the next is due) and reads the screen only
through the small :class:`Host` protocol, so this module imports no screen.
"""

from __future__ import annotations

from .._core.cells import cell_width
from .._core.line import render_line
from .._core.snapshot import Shown
from .slots import indent

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Optional, Protocol

    from .displays import Display
    from .slots import Slot

    class Host(Protocol):
        """What a policy may ask of its screen (all under the screen's lock)."""

        suspended: int
        """``suspend()`` depth: nothing is drawn in place while above 0."""

        def rows(self) -> list[Slot]:
            """Live slots in display order."""

        def only(self, slot: Slot) -> bool:
            """Whether ``slot`` is the screen's one slot."""

        def finish(self, slot: Slot) -> None:
            """``slot``'s bar ended: its line goes above if it stays, its row goes."""

        def forget_vanished(self) -> None:
            """End the rows of bars garbage-collected without closing."""

        def bury(self) -> None:
            """Progress moved on: the rows of loops closed early go."""

        def going_live(self) -> None:
            """A frame with rows is about to reach the device."""


__all__ = ["FRAME_RATE", "Policy", "fresh"]

FRAME_RATE = 10.0
"""Frames per second at most on one screen, whatever the number of bars: a
region's redraws, and a log's lines of bars ending together."""


class Policy:
    """One screen's way of writing: the lines waiting above, and the frame cap."""

    def __init__(self, host: Host, display: Display) -> None:
        self.host = host
        self.display = display
        self.above: list[Shown] = []  # lines to write for good at the next frame
        self.dirty = False  # a frame is owed: the next one (or the refresh thread) draws it
        self.next_frame = float("-inf")

    def put(self, slot: Slot, pending: bool, final: bool, now: float) -> None:
        """``slot`` holds a new line (laid out later when ``pending``): write it or owe it."""
        raise NotImplementedError

    def flush(self, now: Optional[float]) -> None:
        """Write what waits; ``now`` (a bar's draw, not a redraw) starts the frame interval."""
        raise NotImplementedError

    def waiting(self, slot: Slot, now: float) -> bool:
        """Whether ``slot``'s line waits for a frame not due yet (so its bar skips a draw)."""
        return False

    def live(self) -> bool:
        """Whether rows are drawn in place now (text for the device must go above them)."""
        return False

    def above_region(self, text: str) -> bool:
        """Queue ``text`` above the live rows; False when none are live (written directly)."""
        return False

    def blank(self) -> None:
        """Take the live rows off the device (``suspend``, ``beside``); what is above goes out."""

    def log_now(self, slot: Slot) -> None:
        """A log writes ``slot``'s next line at once, whatever its interval; rows need nothing."""

    def keeps_last(self, keep_line: bool) -> bool:
        """Whether a bar closed without a final line keeps its last line (a log wrote it)."""
        return False

    def stays(self, slot: Slot) -> bool:
        """Whether ``slot``'s finished line is written for good."""
        return slot.stays

    def keep(self, slot: Slot) -> bool:
        """``slot`` finished: queue its line above if it stays; whether it did."""
        if slot.shown is None or not self.stays(slot):
            return False
        self.above.append(fresh(slot, self.display.width()))
        return True

    def finished(self, slot: Slot, now: float) -> None:
        """``slot``'s final line came: end it, and write at once unless a frame is not due."""
        host = self.host
        host.forget_vanished()  # vanished bars are looked for when a frame is written
        host.finish(slot)
        if slot.ghost:  # its row stays as drawn until progress moves (see Screen.finish)
            self.dirty = True
        elif now >= self.next_frame or not host.rows():
            self.flush(now)
        else:  # others still run: the line goes above at the next frame, not 32 at once
            self.dirty = True

    def take_above(self) -> list[Shown]:
        above, self.above = self.above, []
        return above


def fresh(slot: Slot, columns: Optional[int], *, contain: bool = True) -> Shown:
    """``slot``'s line: laid out if pending, again if the terminal narrowed since.

    With ``contain``, a fault laying out a pending line blanks the row and
    marks the slot, whose bar then meets the fault at its next draw.
    """
    shown = slot.shown
    assert shown is not None
    if columns is not None:  # the indentation is part of the row's width
        shown.depth = indent(slot.depth, columns)
    if slot.pending and shown.snap is not None and shown.layout is not None:
        return _lay_out(slot, shown, columns, contain)
    if columns is None or shown.snap is None or shown.layout is None:
        return shown
    width = max(columns - 2 * shown.depth, 1)
    if len(shown.line) <= width and shown.line.isascii():
        return shown
    amb = shown.layout.ambiguous_wide  # row by row: a summary's metrics continue below
    if all(cell_width(row, ambiguous_wide=amb) <= width for row in shown.line.split("\n")):
        return shown
    again = Shown(render_line(shown.snap, shown.layout, width), shown.snap, shown.layout)
    again.depth = shown.depth
    slot.shown = again
    return again


def _lay_out(slot: Slot, shown: Shown, columns: Optional[int], contain: bool) -> Shown:
    """The pending line of ``slot`` laid out at the row's width (see :func:`fresh`)."""
    assert shown.snap is not None
    assert shown.layout is not None
    slot.pending = False
    width = None if columns is None else max(columns - 2 * shown.depth, 1)
    try:
        line = render_line(shown.snap, shown.layout, width)
    except Exception:  # a bug or an absurd value: this row blanks, the frame goes on
        if not contain:
            raise
        slot.faulted = True
        slot.shown = shown = Shown("", None, None, shown.depth)
        return shown
    slot.shown = shown = Shown(line, shown.snap, shown.layout, shown.depth)
    return shown
