"""How a bar ended (``bar.state``) and the activity mode, as a user sees them.

Finish states: in a real pty with and without ``NO_COLOR``, in records, in a
real kernel. Activity mode (no total, a template with ``{bar}``): the block
moves between updates from the refresh thread in a real pty, in a kernel,
and a log gets plain periodic lines.
"""

from __future__ import annotations

import io
import json
import re

import pytest
from harness import FakeClock, TtyStringIO, run_in_pty, screen_of
from harness.notebook import Kernel, bar_messages

from progbar import Progbar

# -- bar.state ------------------------------------------------------------------


def test_state_follows_the_bar(clock: FakeClock) -> None:
    bar = Progbar(3, display="silent", clock=clock)
    assert bar.state == "running"
    bar.update(3)
    assert bar.state == "done"
    with pytest.raises(ValueError, match="boom"), Progbar(3, display="silent") as failed:
        raise ValueError("boom")
    assert failed.state == "failed"
    with pytest.raises(KeyboardInterrupt), Progbar(3, display="silent") as cancelled:
        raise KeyboardInterrupt
    assert cancelled.state == "cancelled"
    with Progbar(3, display="silent") as early:  # closed before its target, no exception
        early.update(1)
    assert early.state == "done"
    with pytest.raises(ValueError, match="late"), Progbar(3, display="silent") as finished:
        finished.update(3)  # the final line is drawn: the work it reports is done
        raise ValueError("late")
    assert finished.state == "done"


def _ended(kind: str, stream: io.StringIO, **options: object) -> Progbar:
    clock = FakeClock()
    error = {"failed": ValueError, "cancelled": KeyboardInterrupt}.get(kind)
    try:
        with Progbar(10, file=stream, clock=clock, **options) as bar:  # type: ignore[arg-type]
            clock.tick(1.0)
            bar.update(4)
            if error is not None:
                raise error
            bar.update(10)
    except (ValueError, KeyboardInterrupt):
        pass
    return bar


@pytest.mark.parametrize("kind", ["done", "failed", "cancelled"])
def test_records_carry_the_state(kind: str) -> None:
    stream = io.StringIO()
    bar = _ended(kind, stream, display="jsonl")
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert bar.state == kind
    assert [r["state"] for r in records[:-1]] == ["running"] * (len(records) - 1)
    assert records[-1]["state"] == kind and records[-1]["final"] is True


def test_logging_records_carry_the_state(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("INFO", logger="progbar"):
        _ended("failed", io.StringIO(), display="logging")
    assert [r.state for r in caplog.records][-1] == "failed"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("error", "mark"), [(ValueError, " \u2717 failed"), (KeyboardInterrupt, " ^C cancelled")]
)
@pytest.mark.parametrize("terminal", [False, True], ids=["log", "terminal"])
def test_verbose_2_summary_carries_the_ending_mark(
    error: type[BaseException], mark: str, terminal: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``verbose=2``'s one line is its last line: it ends marked, as the bar's own does."""
    monkeypatch.setenv("COLUMNS", "40")
    stream: io.StringIO = TtyStringIO() if terminal else io.StringIO()
    display = "tty" if terminal else "auto"
    with pytest.raises(error), Progbar(10, verbose=2, file=stream, display=display) as bar:
        bar.update(3, [("loss", 0.5), ("accuracy", 0.25)])
        raise error
    if terminal:
        shown = screen_of(stream.getvalue(), columns=40).display
        rows = [row.rstrip() for row in shown if row.strip()]
        assert rows[-1].endswith(mark) and all(len(row) <= 40 for row in rows), rows
    else:
        assert stream.getvalue().rstrip("\n").endswith(mark), stream.getvalue()
    assert bar.state == ("failed" if error is ValueError else "cancelled")


def test_a_failed_line_is_marked_within_the_width() -> None:
    stream = TtyStringIO()
    _ended("failed", stream, display="tty", color=False)
    row = screen_of(stream.getvalue()).display[0].rstrip()
    assert row.startswith(" 4/10 [") and row.endswith(" \u2717 failed"), row


STATES_SCRIPT = """
import time, progbar
for kind, error in (("ok", None), ("bad", ValueError), ("stop", KeyboardInterrupt)):
    try:
        with progbar.Progbar(10, description=kind, look="keras3") as bar:
            bar.update(4)
            time.sleep(0.06)
            if error:
                raise error
            bar.update(10)
    except (ValueError, KeyboardInterrupt):
        pass
    print(kind, bar.state)
"""


@pytest.mark.slow
@pytest.mark.parametrize("no_color", ["", "1"])
def test_finish_states_on_a_real_terminal(no_color: str) -> None:
    run = run_in_pty(STATES_SCRIPT, columns=70, rows=10, env={"NO_COLOR": no_color})
    assert run.returncode == 0, run.output.decode(errors="replace")
    lines = [line for line in run.lines if line]
    assert lines[0].startswith("ok 10/10") and lines[0].endswith("/step"), lines
    assert lines[1] == "ok done"
    assert lines[2].startswith("bad  4/10") and lines[2].endswith(" \u2717 failed"), lines
    assert lines[3] == "bad failed"
    assert lines[4].startswith("stop  4/10") and lines[4].endswith(" ^C cancelled"), lines
    assert lines[5] == "stop cancelled"
    red, yellow = b"\x1b[31m \xe2\x9c\x97 failed", b"\x1b[33m ^C cancelled"
    assert (red in run.output and yellow in run.output) is not bool(no_color)
    if no_color:
        assert b"\x1b[3" not in run.output  # no colour at all, the words carry it


# -- activity mode ----------------------------------------------------------------

ACTIVITY_SCRIPT = """
import time, progbar
bar = progbar.Progbar(template="{description} {bar} {count} {elapsed} {rate}", width=12,
                      look="keras3", color=False, description="scan", interval=0)
bar.update(7)
time.sleep(2.6)   # no update: only the refresh thread draws meanwhile
bar.update(9)
bar.target = 20   # a total arrives: a normal bar
bar.update(10)
time.sleep(0.1)
bar.target = None  # and goes again
bar.update(11)
bar.close()
print("#end")
"""


def _frames(output: bytes, marker: str) -> list[str]:
    """Every drawn state of the bar's row that shows ``marker`` (escapes removed)."""
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", output.decode(errors="replace"))
    return [part.strip() for part in re.split(r"[\r\n]", text) if marker in part]


@pytest.mark.slow
def test_activity_moves_between_updates_on_a_real_terminal() -> None:
    run = run_in_pty(ACTIVITY_SCRIPT, columns=60, rows=8, timeout=60)
    assert run.returncode == 0, run.output.decode(errors="replace")
    between = {frame.split(" ")[1] for frame in _frames(run.output, " 7 ")}
    assert len(between) >= 3, between  # the block moved while the count stood at 7
    assert all(bar.count("\u2501") == 3 and len(bar) == 12 for bar in between), between
    assert any(frame.startswith("scan " + "\u2501" * 6 + "\u2500" * 6) for frame in
               _frames(run.output, " 10 ")), _frames(run.output, " 10 ")  # fmt: skip
    final = [line for line in run.lines if line.startswith("scan")][-1]
    assert final.startswith("scan 11 ") and "#end" in run.lines  # ended without a total


def test_activity_in_a_log_is_plain_periodic_lines() -> None:
    clock, stream = FakeClock(), io.StringIO()
    bar = Progbar(template="activity", display="log", file=stream, clock=clock, log_interval=1.0)
    for i in range(1, 31):
        clock.tick(0.1)
        bar.update(i)
    bar.close()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 4, lines  # the first draw, one a second, the final line
    assert all("\r" not in line and "\x1b" not in line for line in lines)
    assert lines[-1] == "30 steps 3s 10.00 step/s", lines
    assert re.fullmatch(r". 11 steps 1s 10\.00 step/s", lines[1]), lines


# -- in a real kernel -------------------------------------------------------------


KERNEL_CODE = """
import time, progbar
bar = progbar.Progbar(template="{description} {bar} {count} {elapsed}", width=12,
                      look="keras3", color=False, description="scan")
bar.update(7)
time.sleep(2.6)  # the refresh thread moves the block meanwhile
bar.close()
for error in (ValueError, KeyboardInterrupt):
    try:
        with progbar.Progbar(10, description=error.__name__) as failing:
            failing.update(4)
            raise error
    except (ValueError, KeyboardInterrupt):
        pass
"""


@pytest.mark.slow
def test_activity_and_finish_states_in_a_kernel(kernel: Kernel) -> None:
    messages, _ = kernel.run(KERNEL_CODE)
    shown = [m["content"]["data"] for m in bar_messages(messages)]
    scans = {d["text/plain"].split(" ")[1] for d in shown if d["text/plain"].startswith("scan ")}
    assert len(scans) >= 3, scans  # the block moved between updates (count stayed at 7)
    finals = {d["text/plain"].split(" ")[0]: d for d in shown}
    failed, cancelled = finals["ValueError"], finals["KeyboardInterrupt"]
    assert failed["text/plain"].endswith(" \u2717 failed")
    assert "color:#c62828" in failed["text/html"] and "failed</span>" in failed["text/html"]
    assert cancelled["text/plain"].endswith(" ^C cancelled")
    assert "^C cancelled</span>" in cancelled["text/html"]
    assert not [m for m in messages if m["msg_type"] == "error"]
