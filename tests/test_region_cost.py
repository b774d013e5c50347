"""What a live region lays out and writes (issue 17): only the rows a frame shows.

A region's frames are capped (``FRAME_RATE``, 10 a second); a bar's
snapshots between two frames are never seen, so the screen lays a row out
only when a frame shows it, and a bar whose last snapshot still waits for a
frame skips its draw until the frame is due. All under a fake clock, on a
``StringIO`` that claims to be a terminal.
"""

from __future__ import annotations

import re

import pytest
from harness import FakeClock, TtyStringIO

import progbar._output.policy as policy_module  # where a row is laid out
from progbar import Progbar
from progbar._core.cells import cell_width
from progbar._core.snapshot import Layout, Shown, Snapshot
from progbar._output.displays import TerminalDisplay

SYNC = "\x1b[?2026h"  # each frame of several rows starts with it


def frames_in(text: str) -> int:
    """Frames written: each starts its first row with one carriage return."""
    return text.count("\r")


def counting_layouts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = policy_module.render_line

    def counted(snap: Snapshot, layout: Layout, width: object = None) -> str:
        calls.append(1)
        return real(snap, layout, width)  # type: ignore[arg-type]

    monkeypatch.setattr(policy_module, "render_line", counted)
    return calls


def test_a_region_lays_out_only_the_rows_its_frames_show(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = TtyStringIO()
    calls = counting_layouts(monkeypatch)
    bars = [Progbar(1000, file=out, display="tty", clock=clock, interval=0) for _ in range(5)]
    for i in range(1, 201):  # 1,000 draws asked for over 0.2 s
        clock.tick(0.001)
        for bar in bars:
            bar.update(i)
    frames = frames_in(out.getvalue())
    assert 1 <= frames <= 4  # the first bar's own, then at most 10 frames a second
    assert len(calls) <= 5 * frames  # each frame lays out each row once, at most
    for i in (201, 202):
        clock.tick(0.1)
        for bar in bars:
            bar.update(i)
    # a frame shows each row as its bar last drew it: at most one frame period old
    last = out.getvalue().rsplit(SYNC, 1)[-1]
    assert sorted(int(n) for n in re.findall(r"(\d+)/1000", last)) == [201] * 4 + [202]
    for bar in bars:
        bar.close()
    assert out.getvalue().count("202/1000 [") >= 5  # every final line at its last count


def test_a_row_waiting_for_its_frame_skips_its_draw_and_loses_no_count(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = TtyStringIO()
    calls = counting_layouts(monkeypatch)
    slow, fast = (Progbar(100, file=out, display="tty", clock=clock) for _ in range(2))
    slow.update(1)
    fast.update(1)
    for i in range(2, 60):  # 20 ms steps: 1.16 s, draws due every 50 ms
        clock.tick(0.02)
        fast.update(i)
    assert fast.current == 59
    frames = frames_in(out.getvalue())
    assert frames <= 14  # 1.16 s at 10 frames a second, and the first two
    assert len(calls) <= 2 * frames + 2
    fast.update(100)
    slow.close()  # the finished line goes above at the next frame, here this one
    assert "100/100 [" in out.getvalue()


def test_a_lone_row_is_written_as_keras_writes_its_line() -> None:
    """``\r``, the line, then spaces over what the previous line left: the shortcut's bytes."""
    lines = ["  1/10 [==>......] - ETA: 9s", " 10/10 [==========]", "ok", "wide \u2501 line"]
    out = TtyStringIO()
    display = TerminalDisplay(out, {"COLUMNS": "40"}, color=False)
    expected, prev = "", 0
    for line in lines:
        display.frame((), (Shown(line, None, None),))
        cells = cell_width(line)
        expected += "\r" + line + " " * max(min(prev, 40) - cells, 0)
        prev = cells
    assert out.getvalue() == expected
