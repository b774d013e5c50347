"""The live region: a screen's rows redrawn in place (a terminal, a notebook cell).

Rows are redrawn as a whole, at most :data:`~progbar._output.policy.FRAME_RATE`
times a second, never more than fit; finished lines that stay, and text the
program writes, go above them in the same write. A bar alone is drawn at
every draw, as Keras draws it. While the screen is suspended, or a frame is
being written (a signal handler reporting progress, a warning), a draw only
records its line, and the next frame shows it.
"""

from __future__ import annotations

from .._core.snapshot import Shown
from .policy import FRAME_RATE, Policy, fresh

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Optional

    from .displays import Display
    from .policy import Host
    from .slots import Slot

__all__ = ["LiveRegion"]


class LiveRegion(Policy):
    """Rows redrawn in place, frames capped; what stays goes above them."""

    def __init__(self, host: Host, display: Display) -> None:
        super().__init__(host, display)
        self.busy = False  # inside a frame: a nested put or write only records its line

    def put(self, slot: Slot, pending: bool, final: bool, now: float) -> None:
        """Draw a lone bar now; draw the region if a frame is due, else owe one."""
        host = self.host
        if host.suspended or self.busy:  # held: the next frame draws it
            if final:
                host.finish(slot)
            self.dirty = True
            return
        lone = self._alone(slot) and not final
        if pending and (slot.faulted or final or lone or self._due(now)):
            # the caller's own line is shown now: a fault in it reaches the caller's bar,
            # which warns once and stops drawing (other rows' faults only blank them)
            fresh(slot, self.display.width(), contain=False)
        if lone:  # one bar alone (the caller), at today's width
            assert slot.shown is not None
            self._write((), (slot.shown,), going_live=True)
        elif final:
            self.finished(slot, now)
        elif self._due(now):
            host.forget_vanished()
            host.bury()
            self.flush(now)
        else:
            self.dirty = True  # the next frame, or the refresh thread, draws it

    def _alone(self, slot: Slot) -> bool:
        """``slot`` is the screen's only bar, and nothing else waits to be written."""
        return self.host.only(slot) and not self.above and not self.dirty and not slot.ghost

    def _due(self, now: float) -> bool:
        """A frame may be written: the period passed, or there are not several rows to cap."""
        return now >= self.next_frame or len(self.host.rows()) <= 1

    def waiting(self, slot: Slot, now: float) -> bool:
        """A row whose last snapshot waits for the next frame: a newer one would not be seen."""
        return slot.pending and now < self.next_frame

    def flush(self, now: Optional[float]) -> None:
        """Write what is above and the region, in one piece, to the display."""
        if self.host.suspended or self.busy:
            self.dirty = True
            return
        above = self.take_above()
        width = self.display.width()  # once per frame: a resize applies to every row at once
        rows = [fresh(s, width) for s in self.host.rows() if s.shown is not None]
        rows = _fitted(rows, self.display)
        self.dirty = False
        if now is not None:
            self.next_frame = now + 1.0 / FRAME_RATE
        try:
            self._write(above, rows, going_live=bool(rows))
        except BaseException:  # Ctrl-C mid-write: keep the lines for the next flush
            self.above[:0] = above
            raise

    def _write(self, above: Sequence[Shown], rows: Sequence[Shown], *, going_live: bool) -> None:
        if going_live:  # before the write: a Ctrl-C on the first frame finds the hooks run
            self.host.going_live()
        self.busy = True
        try:
            self.display.frame(above, rows)
        finally:
            self.busy = False

    def live(self) -> bool:
        """Rows are drawn, and not suspended."""
        return not self.host.suspended and bool(self.host.rows())

    def above_region(self, text: str) -> bool:
        """Queue ``text``'s lines above the rows; when none are live, only catch up a frame."""
        if not self.live():
            if self.dirty and not self.host.suspended:
                self.flush(None)  # blank what went, then the text is written directly
            return False
        for line in text.split("\n"):
            self.above.append(Shown(line, None, None))
        return True

    def blank(self) -> None:
        """Erase the rows; the lines above are written first."""
        self.display.frame(self.take_above(), [])

    def keeps_last(self, keep_line: bool) -> bool:
        """A row closed without a final line keeps its last one above, if asked."""
        return keep_line


def _fitted(rows: list[Shown], display: Display) -> list[Shown]:
    """At most the terminal's rows less one (so nothing scrolls), the last a summary row."""
    if len(rows) <= 1:
        return rows
    room = display.height()
    if room is None or len(rows) < room:
        return rows
    keep = max(room - 2, 0)
    more = len(rows) - keep
    return [*rows[:keep], Shown(f"... {more} more running", None, None)]
