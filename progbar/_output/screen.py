"""One owner per output device: the live bars on it, their region, and writing above them.

Every bar draws through the :class:`Screen` of its device (a terminal, a
notebook cell, a log stream), which alone decides what is on that device:

- the **region**: the live rows, in creation order, each nested row right
  below its parent (a bar made inside a running ``track()`` loop of the same
  thread, or given ``parent=``), redrawn as a whole and at most
  ``FRAME_RATE`` times a second on a terminal, never more rows than fit;
- what goes **above** it: finished lines that stay (``leave``), and text
  written with :func:`progbar.write` or a redirected logger;
- on a log, one line per root bar per ``log_interval``, naming the running
  nested bars, since a log can only append.

Lock order: a bar's drawing lock, then its screen's lock; the screen never
calls a bar while holding its own. The refresh thread (``refresher``) only
calls :meth:`Screen.refresh`; bars are reached through the small
:class:`Owner` protocol, so this module imports no ``Progbar``.
"""

from __future__ import annotations

import os
from _thread import RLock, get_ident
from _weakref import ReferenceType, ref  # weakref's own, without importing weakref

from .._core.cells import cell_width
from .._core.line import render_brief, render_line
from .._core.snapshot import Layout, Shown, Snapshot

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Optional, Protocol

    from .displays import Display

    class Owner(Protocol):
        """What a screen may ask of a bar (a ``Progbar``)."""

        def _refresh(self) -> bool:
            """Redraw now if the bar went quiet and still wants redrawing; whether it did."""

        def _catch_up(self) -> None:
            """Draw the count reached now, whatever the interval (the program is ending)."""

        def _forked(self) -> None:
            """This is a forked child: the bar's screen is the parent's; stop drawing."""


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

FRAME_RATE = 10.0
"""Region redraws per second at most, whatever the number of bars."""

_lock = RLock()
_screens: dict[object, Screen] = {}  # device key -> its screen, while it has slots
_order = [0]  # creation counter shared by all slots: rows keep creation order
region_hooks: list[Callable[[Screen, bool], None]] = []
"""Called with (screen, True) when a terminal screen first draws rows, (screen, False) when it
empties: the owner (``owner.py``) engages and releases capture with them, so a screen is told
nothing and asks nothing of the layer above it."""


class Slot:
    """A bar's place on a screen. Only :class:`Screen` changes it."""

    __slots__ = (
        "__weakref__",
        "children",
        "depth",
        "done",
        "every",
        "faulted",
        "ghost",
        "ident",
        "leave",
        "next_log",
        "order",
        "owner",
        "parent",
        "passed",
        "pending",
        "shown",
        "summary_only",
    )

    def __init__(
        self, owner: Owner, parent: Optional[Slot], leave: Optional[bool], every: float
    ) -> None:
        self.owner: ReferenceType[Owner] = ref(owner)
        self.parent = parent
        self.depth: int = 0 if parent is None else parent.depth + 1
        self.leave = leave
        self.every = every
        self.summary_only = False
        self.shown: Optional[Shown] = None
        self.pending = False  # shown holds a snapshot whose line is laid out when drawn
        self.faulted = False  # laying out its line failed in a frame another bar drew
        self.done = False
        self.ghost = False  # closed early and not staying: its row stays drawn until progress moves
        self.passed = False  # the program wrote since its last line: the refresh thread skips it
        self.next_log = float("-inf")
        self.children: list[Slot] = []
        _order[0] += 1
        self.order = _order[0]
        self.ident = f"{os.getpid()}-{self.order}"  # a record's bar id: unique in the process

    @property
    def stays(self) -> bool:
        """Whether the finished line stays: ``leave``, else only a root's (or a summary)."""
        if self.summary_only:
            return True
        return self.leave if self.leave is not None else self.parent is None


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
    """Owns one device: its slots, their order, the region and the lines above it."""

    def __init__(self, key: object, kind: str, display: Display) -> None:
        self.key = key
        self.display_kind = kind
        self.display = display
        self.lock = RLock()
        self._slots: list[Slot] = []
        self._loops: dict[int, list[Slot]] = {}  # thread -> its running loops, innermost last
        self._above: list[Shown] = []
        self._dirty = False
        self._next_frame = float("-inf")
        self._order: Optional[list[Slot]] = None  # _rows(), until a row comes or goes
        self._retired = False  # emptied and out of the registry: it takes no new bar
        self._suspended = 0  # suspend() depth: nothing is drawn while above 0
        self._busy = False  # inside a frame: a nested put or write (a signal handler reporting
        # progress, a warning) only records its line; the next frame shows it
        self._live = False  # told region_hooks it draws rows on a terminal
        self._records = bool(getattr(display, "records", False))  # data, one series per bar

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
            slot = Slot(owner, parent, leave, every)
            slot.summary_only = summary_only
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
        return None if width is None else max(width - 2 * _indent(slot.depth, width), 1)

    # -- lines in ----------------------------------------------------------------

    def put(self, slot: Slot, shown: Shown, *, final: bool, now: float) -> None:
        """``slot``'s bar drew ``shown``; the screen decides when and how it reaches the device."""
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
        return slot.pending and now < self._next_frame and self.display.redraws_in_place

    def _put(self, slot: Slot, shown: Shown, pending: bool, final: bool, now: float) -> None:
        with self.lock:
            if slot.done:
                return
            shown.depth = slot.depth
            if slot.shown is None:
                self._order = None  # its first line: it takes its row now
            slot.shown, slot.pending, slot.passed = shown, pending, False
            in_place = self.display.redraws_in_place
            if (self._suspended or self._busy) and in_place:  # held: the next frame draws it
                if final:
                    self._finish(slot)
                self._dirty = True
                return
            lone = (
                len(self._slots) == 1
                and not final
                and not self._above
                and not self._dirty
                and not slot.ghost
            )
            if pending and (
                slot.faulted
                or (
                    in_place
                    and (final or lone or now >= self._next_frame or len(self._rows()) <= 1)
                )
            ):
                # the caller's own line is shown now: a fault in it reaches the caller's bar,
                # which warns once and stops drawing (other rows' faults only blank them)
                self._fresh(slot, self.display.width(), contain=False)
            if lone:
                if in_place:  # one bar alone (the caller), at today's width
                    self._going_live()
                    self._busy = True
                    try:
                        self.display.frame((), (slot.shown,))
                    finally:
                        self._busy = False
                else:
                    self._log_line(slot, now)
                return
            # vanished bars are looked for only when a frame is written, not at every put
            if final:
                self._forget_vanished()
                self._finish(slot)
                if slot.ghost:  # its row stays as drawn until progress moves (see _finish)
                    self._dirty = True
                elif now >= self._next_frame or not self._rows():
                    self._flush(now)
                else:  # others still run: the line goes above at the next frame, not 32 at once
                    self._dirty = True
            elif not self.display.redraws_in_place:
                self._log_line(slot, now)
            elif now >= self._next_frame or len(self._rows()) <= 1:
                self._forget_vanished()
                self._bury()
                self._flush(now)
            else:
                self._dirty = True  # the next frame, or the refresh thread, draws it

    def drop(self, slot: Slot, *, keep_line: bool) -> None:
        """``slot``'s bar closed without a final line (or vanished): take its row away.

        With ``keep_line`` the row's last line stays above, as a closed
        terminal line would: the program's later output never lands on it.
        """
        with self.lock:
            if slot.done:
                if self._above:  # a final line whose write was interrupted: try again
                    self._flush(None)
                return
            if keep_line and slot.shown is not None and self.display.redraws_in_place:
                slot.summary_only = True  # its last line is its final one
                self._order = None
            else:
                slot.shown = None
            self._finish(slot)
            self._flush(None)

    def write_above(self, text: str) -> bool:
        """Put ``text`` above the region; False when nothing is live here (write it directly).

        The program wrote something: each bar on the region is marked
        ``passed``, and the refresh thread leaves it alone until the bar
        draws again, so a bar the program left unfinished is not redrawn
        below everything it writes afterwards.
        """
        with self.lock:
            self._forget_vanished()  # a bar gone without close() is not redrawn under the text
            self._bury()  # the program moved on: rows of loops closed early go
            if self._suspended or not self.region_live():
                if self._dirty and self.display.redraws_in_place and not self._suspended:
                    self._flush(None)  # blank what went, then the text is written directly
                return False
            for line in text.split("\n"):
                self._above.append(Shown(line, None, None))
            for slot in self._slots:
                slot.passed = True
            self._flush(None)
            return True

    def region_live(self) -> bool:
        """Whether rows are drawn in place here now (text for this device must go above them)."""
        with self.lock:
            return self.display.redraws_in_place and not self._suspended and bool(self._rows())

    def suspend(self) -> None:
        """Blank the region and hold every frame until as many :meth:`resume` calls."""
        with self.lock:
            self._suspended += 1
            if self._suspended == 1 and self.display.redraws_in_place:
                self.display.frame(self._take_above(), [])

    def resume(self) -> None:
        """End one :meth:`suspend`; the last one draws the region as it is now."""
        with self.lock:
            if self._suspended:
                self._suspended -= 1
            if not self._suspended:
                self._forget_vanished()
                self._flush(None)

    def hide(self) -> None:
        """Blank the region, so that someone else can write where it was (see ``beside``)."""
        with self.lock:
            self._forget_vanished()
            if self.display.redraws_in_place and not self._suspended:
                self.display.frame(self._take_above(), [])

    def redraw(self) -> None:
        """Draw the region again (after :meth:`hide` and a foreign write)."""
        with self.lock:
            self._flush(None)

    def end(self, *, keep_ghosts: bool) -> None:
        """The program is ending: every live row stays as it is, the cursor goes below.

        With ``keep_ghosts`` (an uncaught exception or Ctrl-C) the rows of
        loops closed by the exception on its way out stay too; at a normal
        exit they go, as their loops' rows went. Suspension ends here: the
        rows must be on the screen for the lines to stay.
        """
        with self.lock:
            self._suspended = 0
            if not keep_ghosts:
                self._bury()
            rows = self._rows()
            order = [*rows, *(s for s in self._slots if s not in rows)]  # as the user sees them
            for slot in order:
                if slot.ghost:
                    slot.ghost = slot.done = False
            for slot in order:
                self.drop(slot, keep_line=True)
            self._flush(None)

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
            self._forget_vanished()
            if self._dirty and not self._suspended:
                self._bury()
                self._flush(None)
            return bool(self._slots)

    def catch_up(self) -> None:
        """Each live bar draws the count it reached, before :meth:`end` keeps the rows."""
        with self.lock:
            owners = [slot.owner() for slot in self._slots if not slot.done]
        for owner in owners:
            if owner is not None:
                owner._catch_up()  # takes the bar's lock, then ours: never while we hold ours

    def _forget_vanished(self) -> None:
        """Bars garbage-collected without closing: keep their last line, end their row."""
        for slot in list(self._slots):
            if not slot.done and slot.owner() is None:
                self.drop(slot, keep_line=True)

    # -- drawing -------------------------------------------------------------------

    def _finish(self, slot: Slot) -> None:
        """``slot``'s bar ended: its line goes above if it stays; its row goes.

        A row that does not stay, of a bar closed before its end (a nested
        loop left by ``break``, an exception or Ctrl-C), becomes a *ghost*:
        it stays drawn, as it was, until a frame of progress (another bar
        moving) takes it away. If an uncaught exception is on its way, no such
        frame comes, and :meth:`end` keeps every row as the user last saw it.
        """
        drawn = slot in self._rows()
        slot.done = True
        self._order = None
        for loops in self._loops.values():
            if slot in loops:
                loops.remove(slot)
        shown = slot.shown
        if shown is not None and (slot.stays or self._records):  # a record per bar
            self._above.append(self._fresh(slot, self.display.width()))
        elif drawn and shown is not None and shown.snap is not None and not _complete(shown.snap):
            slot.ghost = True
            return
        if slot in self._slots:
            self._slots.remove(slot)
        if not self._slots:
            self._retire()

    def _retire(self) -> None:
        """No bar is left: out of the registry, and the region is no longer live."""
        with _lock:
            self._retired = True  # a bar attaching now goes to the device's next screen
            if _screens.get(self.key) is self:
                del _screens[self.key]
        ended = getattr(self.display, "region_ended", None)  # a capability, e.g. the taskbar's
        if ended is not None:
            ended()
        if self._live:
            self._live = False
            for hook in region_hooks:
                hook(self, False)

    def _bury(self) -> None:
        """Progress moved on: the rows of loops closed early go (see :meth:`_finish`)."""
        ghosts = [s for s in self._slots if s.ghost]
        if not ghosts:
            return
        for slot in ghosts:
            slot.ghost = False
            self._slots.remove(slot)
        self._order = None
        self._dirty = True
        if not self._slots:
            self._retire()

    def _going_live(self) -> None:
        """A frame with rows is about to reach a terminal: capture starts (once per screen).

        Before the write, not after: a Ctrl-C landing on the first frame must
        find the excepthook already chained.
        """
        if not self._live and self.display_kind == "tty":
            self._live = True
            for hook in region_hooks:
                hook(self, True)

    def _rows(self) -> list[Slot]:
        """Live slots in display order: roots by creation, each followed by its subtree."""
        if self._order is None:
            self._order = self._ordered()
        return self._order

    def _ordered(self) -> list[Slot]:
        live = [
            s
            for s in self._slots
            if (s.ghost or not s.done) and s.shown is not None and not s.summary_only
        ]
        by_parent: dict[Optional[Slot], list[Slot]] = {}
        members = set(map(id, live))
        for slot in live:
            parent = slot.parent if slot.parent is not None and id(slot.parent) in members else None
            by_parent.setdefault(parent, []).append(slot)
        ordered: list[Slot] = []
        stack = list(reversed(by_parent.get(None, [])))
        while stack:
            slot = stack.pop()
            ordered.append(slot)
            stack.extend(reversed(by_parent.get(slot, [])))
        return ordered

    def _take_above(self) -> list[Shown]:
        above, self._above = self._above, []
        return above

    def _flush(self, now: Optional[float]) -> None:
        """Write what is above and the region, in one piece, to the display."""
        if (self._suspended or self._busy) and self.display.redraws_in_place:
            self._dirty = True
            return
        above = self._take_above()
        width = self.display.width()  # once per frame: a resize applies to every row at once
        rows = [self._fresh(s, width) for s in self._rows() if s.shown is not None]
        rows = _fitted(rows, self.display)
        self._dirty = False
        if now is not None:
            self._next_frame = now + 1.0 / FRAME_RATE
        try:
            if self.display.redraws_in_place:
                if rows:
                    self._going_live()
                self._busy = True
                try:
                    self.display.frame(above, rows)
                finally:
                    self._busy = False
            elif above:
                self.display.frame(above, [])
        except BaseException:  # Ctrl-C mid-write: keep the lines for the next flush
            self._above[:0] = above
            raise

    def _fresh(self, slot: Slot, columns: Optional[int], *, contain: bool = True) -> Shown:
        """``slot``'s line: laid out if pending, again if the terminal narrowed since.

        With ``contain``, a fault laying out a pending line blanks the row and
        marks the slot, whose bar then meets the fault at its next draw.
        """
        shown = slot.shown
        assert shown is not None
        if columns is not None:  # the indentation is part of the row's width
            shown.depth = _indent(slot.depth, columns)
        if slot.pending and shown.snap is not None and shown.layout is not None:
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

    def log_now(self, slot: Slot) -> None:
        """On a log: ``slot``'s next line is written at once, whatever the interval.

        ``progbar.tqdm`` asks when its caller first renames a bar (see ``docs/from-tqdm.md``).
        A nested bar has no line of its own: its parent's next periodic line names it.
        """
        with self.lock:
            if self._log_root(slot) is slot:
                slot.next_log = float("-inf")

    def _log_root(self, slot: Slot) -> Slot:
        """The slot whose line shows ``slot`` in a log: its running root (records: itself)."""
        root = slot
        while not self._records and root.parent is not None and not root.parent.done:
            root = root.parent
        return root

    def _log_line(self, slot: Slot, now: float) -> None:
        """On a log: the root's line, naming its running nested bars, once per interval.

        Records (``display="jsonl"``/``"logging"``) are per bar: each its own, never composed.
        """
        root, records = self._log_root(slot), self._records
        if now < root.next_log or root.shown is None:
            return
        snap = root.shown.snap  # at its target but not final (an epoch before validation):
        if snap and not snap.final and _complete(snap) and _ends_at_target(root):
            return  # the final line follows; logging the last step twice says nothing new
        self._forget_vanished()
        # on a grid of log_interval (draws come at steps, not on time: now + every would
        # drift to one line per two intervals), but never two lines within half of one
        every, due = root.every, root.next_log
        root.next_log = now + every if now - due >= every else max(due + every, now + every / 2)
        line = self._fresh(root, self.display.width()).line
        for row in self._rows():
            if records:
                break
            if row is not root and _descends(row, root) and row.shown and row.shown.snap:
                line += " > " + render_brief(row.shown.snap)
        self._above.append(Shown(line, root.shown.snap, root.shown.layout))
        self._flush(now)


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


def _indent(depth: int, columns: int) -> int:
    """Levels of indentation a row of nesting ``depth`` gets: at most half the width.

    Each level is two cells; past a quarter of the columns, deeper rows line
    up with the deepest that fits, so a row never wraps for its indentation.
    """
    return min(depth, columns // 4)


def _complete(snap: Snapshot) -> bool:
    """Whether a bar's last line shows it reached its target."""
    target = snap.target
    return target is not None and snap.current >= target


def _ends_at_target(slot: Slot) -> bool:
    """Whether reaching its target ends the bar, so that a final line follows.

    ``progbar.tqdm``'s bars say no (``ends_at_target``): as tqdm's, only ``close()``
    ends them, and the total may grow meanwhile.
    """
    owner = slot.owner()
    return owner is None or bool(getattr(owner, "ends_at_target", True))


def _descends(slot: Slot, root: Slot) -> bool:
    parent = slot.parent
    while parent is not None:
        if parent is root:
            return True
        parent = parent.parent
    return False


if TYPE_CHECKING:
    from typing import Callable
