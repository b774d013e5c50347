"""One owner per output device: the bars on it, their order and nesting, and their lifecycle.

Every bar draws through the :class:`Screen` of its device (a terminal, a
notebook cell, a log stream). The screen keeps the device's slots: roots in
creation order, each nested slot right below its parent (a bar made inside a
running ``track()`` loop of the same thread, or given ``parent=``); which
bars ended, which rows stay as ghosts, and when the screen empties. What
reaches the device is one policy's decision, chosen once from the display's
capabilities (see ``policy``):

- a **live region** (``live_region``) where the display redraws in place:
  rows redrawn as a whole, at most ``FRAME_RATE`` times a second, finished
  lines and the program's text above them;
- an **append-only log** (``append_log``) where it cannot: one line per root
  bar per ``log_interval``, naming the running nested bars.

Lock order: a bar's drawing lock, then its screen's lock; the screen never
calls a bar while holding its own. The refresh thread (``refresher``) only
calls :meth:`Screen.refresh`; bars are reached through the small
``Owner`` protocol (``slots``), so this module imports no ``Progbar``.
"""

from __future__ import annotations

import os
from _thread import RLock, get_ident

from .._core.snapshot import Layout, Shown, Snapshot
from .append_log import AppendLog
from .live_region import LiveRegion
from .policy import FRAME_RATE
from .slots import Slot, complete, in_display_order, indent

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Callable, Optional

    from .displays import Display
    from .policy import Policy
    from .slots import Owner


__all__ = [
    "FRAME_RATE",
    "Screen",
    "Shown",
    "Slot",
    "live_screens",
    "region_hooks",
    "reset_after_fork",
    "screen_for",
    "screens_on",
]

_lock = RLock()
_screens: dict[object, Screen] = {}  # device key -> its screen, while it has slots
region_hooks: list[Callable[[Screen, bool], None]] = []
"""Called with (screen, True) when a terminal screen first draws rows, (screen, False) when it
empties: the owner (``owner.py``) engages and releases capture with them, so a screen is told
nothing and asks nothing of the layer above it."""


def device_key(kind: str, stream: object) -> object:
    """Which device ``stream`` writes to: stdout and stderr of one terminal are one screen."""
    if kind == "notebook":
        return ("notebook", _cell_id())
    try:
        info = os.fstat(stream.fileno())  # type: ignore[attr-defined]
    except Exception:  # no descriptor (StringIO, a closed or odd stream): the object itself
        return (kind, "object", id(stream))
    return (kind, "file", info.st_dev, info.st_ino)


def _cell_id() -> object:
    """The running cell of the kernel: each cell gets one output, updated in place."""
    import sys

    try:
        shell = sys.modules["IPython"].get_ipython()
        header = getattr(shell, "parent_header", None) or {}
        return header.get("header", {}).get("msg_id") or shell.execution_count
    except Exception:  # not a kernel after all: one screen for the process
        return None


def screen_for(kind: str, stream: object, make: Callable[[], Display]) -> Screen:
    """The screen of ``stream``'s device for a display of ``kind``; ``make`` builds its display."""
    return _current(device_key(kind, stream), kind, make)


def _current(key: object, kind: str, make: Callable[[], Display]) -> Screen:
    """The registered screen of ``key``, or a new one (with ``make``'s display)."""
    with _lock:
        screen = _screens.get(key)
        if screen is None or screen.display_kind != kind:
            screen = _screens[key] = Screen(key, kind, make())
        return screen


def screens_on(stream: object) -> list[Screen]:
    """The live screens on ``stream``'s device (for writing above them)."""
    keys = {device_key(kind, stream) for kind in ("tty", "log")}
    with _lock:
        return [s for key, s in _screens.items() if key in keys]


def live_screens() -> list[Screen]:
    """Every screen that has slots now."""
    with _lock:
        return list(_screens.values())


def reset_after_fork() -> list[Screen]:
    """In a forked child: forget the parent's screens (their rows are the parent's); return them.

    Their locks may be held by threads that do not exist here, so nothing
    takes them again: each is disowned without its lock, and the child's
    first bar on a device builds a new screen with a fresh display.
    """
    global _lock
    _lock = RLock()
    inherited = list(_screens.values())
    _screens.clear()
    for screen in inherited:
        screen.disown()
    return inherited


class Screen:
    """Owns one device: its slots, their order and nesting; its policy writes them."""

    def __init__(self, key: object, kind: str, display: Display) -> None:
        self.key = key
        self.display_kind = kind
        self.display = display
        self.lock = RLock()
        self._slots: list[Slot] = []
        self._loops: dict[int, list[Slot]] = {}  # thread -> its running loops, innermost last
        self._order: Optional[list[Slot]] = None  # rows(), until a row comes or goes
        self._retired = False  # emptied and out of the registry: it takes no new bar
        self.suspended = 0  # suspend() depth: nothing is drawn in place while above 0
        self._live = False  # told region_hooks it draws rows on a terminal
        # chosen once: the display can redraw in place, or only append
        self.policy: Policy = (
            LiveRegion(self, display) if display.redraws_in_place else AppendLog(self, display)
        )

    # -- slots -------------------------------------------------------------------

    def attach(
        self,
        owner: Owner,
        parent: Optional[Slot],
        leave: Optional[bool],
        every: float,
        *,
        summary_only: bool = False,
    ) -> tuple[Screen, Slot]:
        """A new bar's slot, nested under ``parent`` or this thread's innermost running loop.

        Returns the screen that took the bar with its slot: if this screen emptied and
        left the registry after the bar looked it up (another thread's last bar
        finished meanwhile), the device's current screen takes it, so two screens
        never draw on one device.
        """
        with self.lock:
            if self._retired:
                taken = None
            else:
                taken = self._new_slot(owner, parent, leave, every, summary_only)
        if taken is None:
            display = self.display  # the device's state (rows drawn) goes on with it
            return _current(self.key, self.display_kind, lambda: display).attach(
                owner, parent, leave, every, summary_only=summary_only
            )
        return self, taken

    def _new_slot(
        self,
        owner: Owner,
        parent: Optional[Slot],
        leave: Optional[bool],
        every: float,
        summary_only: bool,
    ) -> Slot:
        with self.lock:
            if parent is None:
                loops = self._loops.get(get_ident())
                parent = loops[-1] if loops else None
            if parent is not None and parent not in self._slots:
                parent = None  # a bar on another device, or already gone: a root here
            slot = Slot(owner, parent, leave, every, summary_only=summary_only)
            if parent is not None:
                parent.children.append(slot)
            self._slots.append(slot)
            self._order = None
            return slot

    def loop(self, slot: Slot, running: bool) -> None:
        """``slot``'s bar starts (or ends) a loop: bars made meanwhile nest under it."""
        with self.lock:
            loops = self._loops.setdefault(get_ident(), [])
            if running:
                loops.append(slot)
            elif slot in loops:
                loops.remove(slot)
            if not loops:
                self._loops.pop(get_ident(), None)

    def width_for(self, slot: Slot) -> Optional[int]:
        """Columns ``slot``'s line may take (nested rows are indented)."""
        width = self.display.width()
        return None if width is None else max(width - 2 * indent(slot.depth, width), 1)

    # -- lines in ----------------------------------------------------------------

    def put(self, slot: Slot, shown: Shown, *, final: bool, now: float) -> None:
        """``slot``'s bar drew ``shown``; the policy decides when and how it reaches the device."""
        self._put(slot, shown, False, final, now)

    def draw(self, slot: Slot, snap: Snapshot, layout: Layout, *, final: bool, now: float) -> None:
        """``slot``'s bar has a new snapshot; its line is laid out only if a frame shows it.

        In a region, frames are capped at :data:`FRAME_RATE`: the snapshots
        a bar takes between two frames are never seen, so laying them out
        would be wasted. Each frame lays out its rows at its own width.
        """
        self._put(slot, Shown("", snap, layout), True, final, now)

    def waiting(self, slot: Slot, now: float) -> bool:
        """Whether ``slot``'s last snapshot still waits for a frame that is not due yet.

        Only a row of a region waits (a bar alone is drawn at once). Its bar
        skips that draw: a new snapshot would be replaced before any frame
        showed it. Once the frame is due, the bar draws, and its put writes it.
        """
        return self.policy.waiting(slot, now)

    def _put(self, slot: Slot, shown: Shown, pending: bool, final: bool, now: float) -> None:
        with self.lock:
            if slot.done:
                return
            shown.depth = slot.depth
            if slot.shown is None:
                self._order = None  # its first line: it takes its row now
            slot.shown, slot.pending, slot.passed = shown, pending, False
            self.policy.put(slot, pending, final, now)

    def drop(self, slot: Slot, *, keep_line: bool) -> None:
        """``slot``'s bar closed without a final line (or vanished): take its row away.

        With ``keep_line`` the row's last line stays above, as a closed
        terminal line would: the program's later output never lands on it.
        """
        with self.lock:
            if slot.done:
                if self.policy.above:  # a final line whose write was interrupted: try again
                    self.policy.flush(None)
                return
            if slot.shown is not None and self.policy.keeps_last(keep_line):
                slot.kept = True  # its last line is its final one
            else:
                slot.shown = None
            self.finish(slot)
            self.policy.flush(None)

    def write_above(self, text: str) -> bool:
        """Put ``text`` above the region; False when nothing is live here (write it directly).

        The program wrote something: each bar on the region is marked
        ``passed``, and the refresh thread leaves it alone until the bar
        draws again, so a bar the program left unfinished is not redrawn
        below everything it writes afterwards.
        """
        with self.lock:
            self.forget_vanished()  # a bar gone without close() is not redrawn under the text
            self.bury()  # the program moved on: rows of loops closed early go
            if not self.policy.above_region(text):
                return False
            for slot in self._slots:
                slot.passed = True
            self.policy.flush(None)
            return True

    def log_now(self, slot: Slot) -> None:
        """On a log, ``slot``'s next line is written at once, whatever the interval."""
        with self.lock:
            self.policy.log_now(slot)

    def region_live(self) -> bool:
        """Whether rows are drawn in place here now (text for this device must go above them)."""
        with self.lock:
            return self.policy.live()

    def suspend(self) -> None:
        """Blank the region and hold every frame until as many :meth:`resume` calls."""
        with self.lock:
            self.suspended += 1
            if self.suspended == 1:
                self.policy.blank()

    def resume(self) -> None:
        """End one :meth:`suspend`; the last one draws the region as it is now."""
        with self.lock:
            if self.suspended:
                self.suspended -= 1
            if not self.suspended:
                self.forget_vanished()
                self.policy.flush(None)

    def end(self, *, keep_ghosts: bool) -> None:
        """The program is ending: every live row stays as it is, the cursor goes below.

        With ``keep_ghosts`` (an uncaught exception or Ctrl-C) the rows of
        loops closed by the exception on its way out stay too; at a normal
        exit they go, as their loops' rows went. Suspension ends here: the
        rows must be on the screen for the lines to stay.
        """
        with self.lock:
            self.suspended = 0
            if not keep_ghosts:
                self.bury()
            rows = self.rows()
            order = [*rows, *(s for s in self._slots if s not in rows)]  # as the user sees them
            for slot in order:
                if slot.ghost:
                    slot.ghost = slot.done = False
            for slot in order:
                self.drop(slot, keep_line=True)
            self.policy.flush(None)

    def disown(self) -> None:
        """In a forked child: the parent's screen draws nothing more, and its bars stop."""
        self._retired = True
        self._live = False
        slots, self._slots = self._slots, []
        for slot in slots:
            owner = slot.owner()
            if owner is not None:
                owner._forked()

    # -- the refresh thread ---------------------------------------------------------

    def refresh(self) -> bool:
        """Ask each live bar to redraw if it went quiet; draw a pending frame. Whether live.

        A bar the program wrote past (``passed``) is not asked: it may have
        been left unfinished, and its row stays as it was until it draws again.
        """
        with self.lock:
            owners = [slot.owner() for slot in self._slots if not (slot.done or slot.passed)]
        for owner in owners:
            if owner is not None:
                owner._refresh()  # takes the bar's lock, then ours: never while we hold ours
        with self.lock:
            self.forget_vanished()
            if self.policy.dirty and not self.suspended:
                self.bury()
                self.policy.flush(None)
            return bool(self._slots)

    def catch_up(self) -> None:
        """Each live bar draws the count it reached, before :meth:`end` keeps the rows."""
        with self.lock:
            owners = [slot.owner() for slot in self._slots if not slot.done]
        for owner in owners:
            if owner is not None:
                owner._catch_up()  # takes the bar's lock, then ours: never while we hold ours

    # -- what the policy asks (under the lock) -----------------------------------------

    def forget_vanished(self) -> None:
        """Bars garbage-collected without closing: keep their last line, end their row."""
        for slot in list(self._slots):
            if not slot.done and slot.owner() is None:
                self.drop(slot, keep_line=True)

    def only(self, slot: Slot) -> bool:
        """Whether ``slot`` is this screen's one slot (a bar alone is drawn at once)."""
        return len(self._slots) == 1

    def finish(self, slot: Slot) -> None:
        """``slot``'s bar ended: its line goes above if it stays; its row goes.

        A row that does not stay, of a bar closed before its end (a nested
        loop left by ``break``, an exception or Ctrl-C), becomes a *ghost*:
        it stays drawn, as it was, until a frame of progress (another bar
        moving) takes it away. If an uncaught exception is on its way, no such
        frame comes, and :meth:`end` keeps every row as the user last saw it.
        """
        drawn = slot in self.rows()
        slot.done = True
        self._order = None
        for loops in self._loops.values():
            if slot in loops:
                loops.remove(slot)
        snap = None if slot.shown is None else slot.shown.snap
        kept = self.policy.keep(slot)  # its line goes above for good
        if not kept and drawn and snap is not None and not complete(snap):
            slot.ghost = True
            return
        if slot in self._slots:
            self._slots.remove(slot)
        if not self._slots:
            self._retire()

    def _retire(self) -> None:
        """No bar is left: out of the registry; the display is told its region ended."""
        with _lock:
            self._retired = True  # a bar attaching now goes to the device's next screen
            if _screens.get(self.key) is self:
                del _screens[self.key]
        self.display.region_ended()
        if self._live:
            self._live = False
            for hook in region_hooks:
                hook(self, False)

    def bury(self) -> None:
        """Progress moved on: the rows of loops closed early go (see :meth:`finish`)."""
        ghosts = [s for s in self._slots if s.ghost]
        if not ghosts:
            return
        for slot in ghosts:
            slot.ghost = False
            self._slots.remove(slot)
        self._order = None
        self.policy.dirty = True
        if not self._slots:
            self._retire()

    def going_live(self) -> None:
        """A frame with rows is about to reach a terminal: capture starts (once per screen).

        Before the write, not after: a Ctrl-C landing on the first frame must
        find the excepthook already chained.
        """
        if not self._live and self.display_kind == "tty":
            self._live = True
            for hook in region_hooks:
                hook(self, True)

    def rows(self) -> list[Slot]:
        """Live slots in display order: roots by creation, each followed by its subtree."""
        if self._order is None:
            self._order = in_display_order(self._slots)
        return self._order
