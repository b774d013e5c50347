"""The append-only log: a screen's lines written once each (a file, a pipe, records).

A log cannot redraw, so nothing is live: each root bar gets one line per
``log_interval`` (its slot's ``every``), naming its running nested bars
(``... > 3/10``), and a final line when it ends. Record displays
(``display="jsonl"``/``"logging"``, whose ``records`` is true) want data per
bar instead: every bar, nested ones too, gets its own lines and its final
one, never composed.
"""

from __future__ import annotations

from .._core.line import render_brief
from .._core.snapshot import Shown
from .policy import FRAME_RATE, Policy, fresh
from .slots import complete, descends, ends_at_target

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Optional

    from .displays import Display
    from .policy import Host
    from .slots import Slot

__all__ = ["AppendLog"]


class AppendLog(Policy):
    """Periodic composed lines (or one series of records per bar), appended."""

    def __init__(self, host: Host, display: Display) -> None:
        super().__init__(host, display)
        self.records = bool(getattr(display, "records", False))  # data, one series per bar

    def put(self, slot: Slot, pending: bool, final: bool, now: float) -> None:
        """A final line ends the bar; any other is logged if its root's interval passed."""
        if pending and slot.faulted:  # the fault reaches the bar, which warns and stops
            fresh(slot, self.display.width(), contain=False)
        if final:
            self.finished(slot, now)
        else:
            self._log_line(slot, now)

    def stays(self, slot: Slot) -> bool:
        """A record display keeps every bar's final record; a log, the lines that stay."""
        return self.records or slot.stays

    def flush(self, now: Optional[float]) -> None:
        """Append what is above; a log has no rows."""
        above = self.take_above()
        self.dirty = False
        if now is not None:  # bars ending together: their lines come one frame apart at most
            self.next_frame = now + 1.0 / FRAME_RATE
        try:
            if above:
                self.display.frame(above, [])
        except BaseException:  # Ctrl-C mid-write: keep the lines for the next flush
            self.above[:0] = above
            raise

    def log_now(self, slot: Slot) -> None:
        """``slot``'s next line is written at once, if it has a line of its own.

        ``progbar.tqdm`` asks when its caller first renames a bar (see ``docs/from-tqdm.md``).
        A nested bar has no line of its own: its parent's next periodic line names it.
        """
        if self._root(slot) is slot:
            slot.next_log = float("-inf")

    def _root(self, slot: Slot) -> Slot:
        """The slot whose line shows ``slot``: its running root (records: itself)."""
        root = slot
        while not self.records and root.parent is not None and not root.parent.done:
            root = root.parent
        return root

    def _log_line(self, slot: Slot, now: float) -> None:
        """The root's line, naming its running nested bars, once per interval."""
        root, records = self._root(slot), self.records
        if now < root.next_log or root.shown is None:
            return
        snap = root.shown.snap  # at its target but not final (an epoch before validation):
        if snap and not snap.final and complete(snap) and ends_at_target(root):
            return  # the final line follows; logging the last step twice says nothing new
        self.host.forget_vanished()
        # on a grid of log_interval (draws come at steps, not on time: now + every would
        # drift to one line per two intervals), but never two lines within half of one
        every, due = root.every, root.next_log
        root.next_log = now + every if now - due >= every else max(due + every, now + every / 2)
        line = fresh(root, self.display.width()).line
        for row in self.host.rows():
            if records:
                break
            if row is not root and descends(row, root) and row.shown and row.shown.snap:
                line += " > " + render_brief(row.shown.snap)
        self.above.append(Shown(line, root.shown.snap, root.shown.layout))
        self.flush(now)
