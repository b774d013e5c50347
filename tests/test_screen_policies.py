"""The screen keeps the slots; one of two policies, chosen once, decides what is written.

A display that redraws in place gets a live region, one that only appends
gets an append log; a display is told when its screen's last bar is gone
(``region_ended``) and has one way in (``frame``); a slot's line stays for
two named reasons (``summary_only``, ``kept``). What each policy writes is
checked byte for byte by the output tests (``test_multibar_*``,
``test_log_*``, ``test_records*``, ``test_region_cost``...).
"""

from __future__ import annotations

import io

import pytest
from conftest import TtyStringIO

from progbar._core.snapshot import Shown, Snapshot
from progbar._output.append_log import AppendLog
from progbar._output.displays import NullDisplay
from progbar._output.live_region import LiveRegion
from progbar._output.log_display import LogDisplay
from progbar._output.notebook import NotebookDisplay
from progbar._output.notify_display import NotifyDisplay
from progbar._output.records import JsonlDisplay, LoggingDisplay
from progbar._output.screen import Screen
from progbar._output.slots import Slot, in_display_order
from progbar._output.taskbar_display import TaskbarDisplay
from progbar._output.terminal import TerminalDisplay


class Owner:
    """A bar as a screen sees it (the ``Owner`` protocol), doing nothing."""

    def _refresh(self) -> bool:
        return False

    def _catch_up(self) -> None:
        pass

    def _forked(self) -> None:
        pass


class Publisher:
    def display(self, data: dict[str, str]) -> str:
        return "id"

    def update(self, data: dict[str, str], display_id: str) -> None:
        pass


class ToldLog(LogDisplay):
    """A log display that counts how often it is told its region ended."""

    ended = 0

    def region_ended(self) -> None:
        self.ended += 1


@pytest.mark.parametrize(
    ("display", "policy"),
    [
        (TerminalDisplay(TtyStringIO(), {"COLUMNS": "40"}, color=False), LiveRegion),
        (NotebookDisplay(publisher=Publisher()), LiveRegion),
        (LogDisplay(io.StringIO()), AppendLog),
        (JsonlDisplay(io.StringIO()), AppendLog),
    ],
    ids=["terminal", "notebook", "log", "jsonl"],
)
def test_the_policy_follows_the_displays_capability(display: object, policy: type) -> None:
    screen = Screen(object(), "any", display)  # type: ignore[arg-type]
    assert type(screen.policy) is policy


def test_a_record_display_keeps_every_bars_final_line_a_log_only_the_staying_ones() -> None:
    owner = Owner()
    nested = Slot(owner, Slot(owner, None, None, 1.0), None, 1.0)
    nested.shown = Shown("1/1", None, None)
    log = Screen(object(), "log", LogDisplay(io.StringIO())).policy
    records = Screen(object(), "jsonl", JsonlDisplay(io.StringIO())).policy
    assert not log.keep(nested)  # a nested bar's line goes, as on a terminal
    assert records.keep(nested)  # its records are data: the final one is kept


def test_the_display_is_told_once_when_the_last_bar_is_gone() -> None:
    display = ToldLog(io.StringIO())
    screen = Screen(object(), "log", display)
    owner, other = Owner(), Owner()
    _, first = screen.attach(owner, None, None, 10.0)
    _, second = screen.attach(other, None, None, 10.0)
    screen.put(first, Shown("1/1", Snapshot(1, 1, 0.1, final=True), None), final=True, now=1.0)
    assert display.ended == 0  # another bar is still on the screen
    screen.put(second, Shown("2/2", Snapshot(2, 2, 0.2, final=True), None), final=True, now=2.0)
    assert display.ended == 1
    assert display._out.stream.getvalue() == "1/1\n2/2\n"  # type: ignore[union-attr]


DISPLAYS = [
    TerminalDisplay,
    NullDisplay,
    LogDisplay,
    JsonlDisplay,
    LoggingDisplay,
    NotebookDisplay,
    TaskbarDisplay,
    NotifyDisplay,
]


@pytest.mark.parametrize("cls", DISPLAYS, ids=[c.__name__ for c in DISPLAYS])
def test_every_display_has_one_way_in_and_is_told_when_the_region_ends(cls: type) -> None:
    assert callable(getattr(cls, "frame", None))
    assert callable(getattr(cls, "region_ended", None))
    assert not hasattr(cls, "show")  # frame() is the one path: a bar alone is a frame of one row


def test_summary_only_and_kept_are_two_reasons_a_line_stays() -> None:
    owner = Owner()
    root = Slot(owner, None, leave=False, every=1.0)
    summary = Slot(owner, None, leave=False, every=1.0, summary_only=True)
    assert not root.stays
    assert summary.stays  # verbose=2: its one line is all it shows
    root.kept = True  # closed before its final line: the last one stays instead
    assert root.stays
    root.shown = summary.shown = Shown("1/2", None, None)
    assert in_display_order([root, summary]) == [root]  # a summary-only bar never has a row
