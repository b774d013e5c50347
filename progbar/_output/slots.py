"""A bar's place on a screen (:class:`Slot`), and what can be read off one.

Its own module so that the screen, which changes slots, and the two
policies that write them (``live_region``, ``append_log``), which only read
them, share the class without importing each other.
"""

from __future__ import annotations

import os
from _weakref import ReferenceType, ref  # weakref's own, without importing weakref

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Optional, Protocol

    from .._core.snapshot import Shown, Snapshot

    class Owner(Protocol):
        """What a screen may ask of a bar (a ``Progbar``)."""

        def _refresh(self) -> bool:
            """Redraw now if the bar went quiet and still wants redrawing; whether it did."""

        def _catch_up(self) -> None:
            """Draw the count reached now, whatever the interval (the program is ending)."""

        def _forked(self) -> None:
            """This is a forked child: the bar's screen is the parent's; stop drawing."""


__all__ = ["Slot", "complete", "descends", "ends_at_target", "in_display_order", "indent"]

_order = [0]  # creation counter shared by all slots: rows keep creation order


class Slot:
    """A bar's place on a screen, changed only by its screen and the screen's policy.

    The :class:`~progbar._output.screen.Screen` sets where it is and how it
    ended; its policy only lays out the line it holds (``shown``, ``pending``,
    ``faulted``) and, on a log, when its next line is due (``next_log``).

    Two flags make a finished line stay whatever ``leave`` says, for two
    reasons: ``summary_only`` (``verbose=2``) is a bar that never takes a
    row, only its one summary line; ``kept`` is a bar closed (or vanished)
    before its final line, whose last line stays as if it were that line.
    """

    __slots__ = (
        "__weakref__",
        "children",
        "depth",
        "done",
        "every",
        "faulted",
        "ghost",
        "ident",
        "kept",
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
        self,
        owner: Owner,
        parent: Optional[Slot],
        leave: Optional[bool],
        every: float,
        *,
        summary_only: bool = False,
    ) -> None:
        self.owner: ReferenceType[Owner] = ref(owner)
        self.parent = parent
        self.depth: int = 0 if parent is None else parent.depth + 1
        self.leave = leave
        self.every = every  # a log's seconds between lines of this bar (as a root)
        self.summary_only = summary_only  # verbose=2: no row, one line when it ends
        self.kept = False  # closed without a final line: its last line stays as the final one
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
        if self.summary_only or self.kept:
            return True
        return self.leave if self.leave is not None else self.parent is None


def in_display_order(slots: list[Slot]) -> list[Slot]:
    """The slots that have a row, roots by creation, each followed by its subtree.

    A slot has a row once it drew and until it ends (or while it is a ghost);
    a ``verbose=2`` bar never has one. A slot whose parent has no row is a root.
    """
    live = [
        s for s in slots if (s.ghost or not s.done) and s.shown is not None and not s.summary_only
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


def indent(depth: int, columns: int) -> int:
    """Levels of indentation a row of nesting ``depth`` gets: at most half the width.

    Each level is two cells; past a quarter of the columns, deeper rows line
    up with the deepest that fits, so a row never wraps for its indentation.
    """
    return min(depth, columns // 4)


def complete(snap: Snapshot) -> bool:
    """Whether a bar's last line shows it reached its target."""
    target = snap.target
    return target is not None and snap.current >= target


def ends_at_target(slot: Slot) -> bool:
    """Whether reaching its target ends the bar, so that a final line follows.

    ``progbar.tqdm``'s bars say no (``ends_at_target``): as tqdm's, only ``close()``
    ends them, and the total may grow meanwhile.
    """
    owner = slot.owner()
    return owner is None or bool(getattr(owner, "ends_at_target", True))


def descends(slot: Slot, root: Slot) -> bool:
    """Whether ``slot`` is nested, at any depth, under ``root``."""
    parent = slot.parent
    while parent is not None:
        if parent is root:
            return True
        parent = parent.parent
    return False
