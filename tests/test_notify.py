"""A notification when a long job ends: on a real pty, with a fake clock, on the allow-list only."""

from __future__ import annotations

import io
import re

import pytest
from harness import FakeClock, TtyStringIO, run_in_pty

import progbar
from progbar._core.snapshot import Snapshot
from progbar._output.notify import (
    message_for,
    notification,
    notify_after,
    notify_dialect,
    resolve_notify,
)

OSC = re.compile(rb"\x1b\](?:9|777|99);")

JOB = """
import sys
sys.path.insert(0, {tests!r})
from harness import FakeClock
import progbar
clock = FakeClock()
with progbar.Progbar(100, clock=clock, description="train\\x1b]0;evil\\x07 model") as bar:
    for i in range(100):
        clock.tick({seconds} / 100)
        with progbar.Progbar(5, clock=clock, parent=bar, description="batch") as inner:
            inner.update(5)
        bar.update(i + 1)
print("after")
"""


def run_job(seconds: float, env: dict[str, str]) -> bytes:
    import os

    tests = os.path.dirname(os.path.abspath(__file__))
    run = run_in_pty(JOB.format(tests=tests, seconds=seconds), env=env)
    assert run.returncode == 0, run.output[-400:]
    assert "after" in "\n".join(run.lines)
    return run.output


@pytest.mark.slow
def test_one_notification_after_a_long_bar_on_an_allow_listed_terminal() -> None:
    output = run_job(120, {"TERM_PROGRAM": "iTerm.app"})
    assert OSC.findall(output) == [b"\x1b]9;"]
    (sent,) = re.findall(rb"\x1b\]9;([^\x07]*)\x07", output)
    assert sent == b"train model: done: 100/100 in 2:00"  # cleaned: no escape from the label


@pytest.mark.slow
@pytest.mark.parametrize(
    ("seconds", "env"),
    [
        (30, {"TERM_PROGRAM": "iTerm.app"}),  # short
        (120, {"TERM_PROGRAM": "iTerm.app", "TMUX": "/tmp/tmux-0/default,1,0"}),
        (120, {"TERM_PROGRAM": "Apple_Terminal"}),  # not on the list
        (120, {"TERM_PROGRAM": "iTerm.app", "PROGBAR_NOTIFY": "0"}),
    ],
    ids=["short", "tmux", "unknown-terminal", "turned-off"],
)
def test_no_notification(seconds: float, env: dict[str, str]) -> None:
    assert not OSC.findall(run_job(seconds, env))


@pytest.mark.slow
def test_kitty_gets_its_own_dialect_and_the_threshold_follows_the_environment() -> None:
    output = run_job(20, {"TERM": "xterm-kitty", "PROGBAR_NOTIFY_AFTER": "10"})
    assert output.count(b"\x1b]99;") == 2  # the title, then the body
    assert b"\x1b]99;i=progbar:p=body;done: 100/100 in 20s\x1b\\" in output


def test_never_to_a_file_even_on_an_allow_listed_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM_PROGRAM", "iTerm.app")
    for notify in ("auto", True):
        clock, out = FakeClock(), io.StringIO()
        with progbar.Progbar(10, file=out, clock=clock, display="tty", notify=notify) as bar:
            clock.tick(300)
            bar.update(10)
        assert "\x1b]" not in out.getvalue()


def test_forced_on_or_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM_PROGRAM", "Apple_Terminal")
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    sent = {}
    for notify in (True, False):
        clock, out = FakeClock(), TtyStringIO()
        with progbar.Progbar(10, file=out, clock=clock, display="tty", notify=notify) as bar:
            clock.tick(300)
            bar.update(10)
        sent[notify] = out.getvalue()
    # forced inside tmux: through its passthrough, ESCs doubled
    assert "\x1bPtmux;\x1b\x1b]9;progbar: done: 10/10 in 5:00\x07\x1b\\" in sent[True]
    assert "\x1b]" not in sent[False] and "\x1bP" not in sent[False]


def test_a_bar_that_stops_short_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TERM_PROGRAM", "TMUX", "STY", "KITTY_WINDOW_ID", "ConEmuANSI", "PROGBAR_NOTIFY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "foot")
    clock, out = FakeClock(), TtyStringIO()
    with pytest.raises(KeyError), progbar.Progbar(10, file=out, clock=clock, display="tty") as bar:
        clock.tick(90)
        bar.update(4)
        raise KeyError("boom")
    assert out.getvalue().endswith("\x1b]777;notify;progbar;stopped at 4/10 after 1:30\x07")
    snap = Snapshot(4, 10, 90.0, None, None, "step", (), True, "a;b", "count")
    assert notification("osc777", *message_for(snap)) == (
        "\x1b]777;notify;a,b;stopped at 4/10 after 1:30\x07"
    )


def test_notify_is_checked() -> None:
    with pytest.raises(TypeError, match="notify must be"):
        progbar.Progbar(3, notify="yes")
    with pytest.raises(TypeError, match="notify must be"):
        progbar.track(range(3), notify=1)


@pytest.mark.parametrize(
    ("env", "dialect"),
    [
        ({"TERM_PROGRAM": "iTerm.app"}, "osc9"),
        ({"TERM_PROGRAM": "WezTerm"}, "osc9"),
        ({"ConEmuANSI": "ON"}, "osc9"),
        ({"TERM_PROGRAM": "ghostty"}, "osc777"),
        ({"TERM": "foot"}, "osc777"),
        ({"TERM": "rxvt-unicode-256color"}, "osc777"),
        ({"TERM": "xterm-kitty"}, "osc99"),
        ({"KITTY_WINDOW_ID": "1", "TERM": "xterm-256color"}, "osc99"),
        ({"TERM": "xterm-256color"}, None),
        ({"TERM_PROGRAM": "vscode"}, None),
    ],
)
def test_the_allow_list(env: dict[str, str], dialect: str | None) -> None:
    assert notify_dialect(env) == dialect
    assert resolve_notify("auto", env, True, False) == dialect
    assert resolve_notify("auto", env, False, False) is None  # a file or a pipe
    assert resolve_notify("auto", env, True, True) is None  # a notebook
    assert resolve_notify("auto", {**env, "STY": "1.pts"}, True, False) is None  # GNU screen


def test_texts_are_cleaned() -> None:
    text = notification("osc9", "a\x1b]2;x\x07b\u202e", "c\nd")
    assert text == "\x1b]9;ab: c d\x07"
    assert notification("osc9", "9", "done").startswith("\x1b]9;progbar: 9")  # never a command
    assert notify_after({"PROGBAR_NOTIFY_AFTER": "5"}) == 5.0
    assert notify_after({"PROGBAR_NOTIFY_AFTER": "soon"}) == 60.0
