"""OSC 9;4 tab/taskbar progress, the pure parts: allow-list, bytes, limiter, sums."""

from __future__ import annotations

import io

import pytest
from harness import FakeClock, TtyStringIO, screen_of

from progbar import Progbar, write
from progbar._core.snapshot import Shown, Snapshot
from progbar._output.displays import TerminalDisplay
from progbar._output.taskbar import (
    CLEAR,
    ERROR,
    INDETERMINATE,
    NORMAL,
    POP_TITLE,
    PUSH_TITLE,
    RateLimiter,
    TaskbarReporter,
    osc_progress,
    resolve_taskbar,
    taskbar_supported,
    weighted_fraction,
)
from progbar._output.taskbar_display import TaskbarDisplay

SUPPORTED = [
    {"TERM_PROGRAM": "WezTerm"},
    {"TERM_PROGRAM": "ghostty"},
    {"WT_SESSION": "2f3c0a6e-0000-4000-8000-000000000000"},
    {"ConEmuANSI": "ON"},
    {"TERM_PROGRAM": "iTerm.app", "TERM_PROGRAM_VERSION": "3.6.6"},
    {"TERM_PROGRAM": "iTerm.app", "TERM_PROGRAM_VERSION": "3.10.0beta1"},
    {"VTE_VERSION": "7900"},
    {"VTE_VERSION": "8002", "TERM": "xterm-256color"},
]
UNSUPPORTED = [
    {},
    {"TERM_PROGRAM": "Apple_Terminal"},
    {"TERM_PROGRAM": "vscode"},
    {"TERM_PROGRAM": "iTerm.app", "TERM_PROGRAM_VERSION": "3.6.5"},
    {"TERM_PROGRAM": "iTerm.app"},  # no version: older iTerm2 raised a notification per update
    {"ConEmuANSI": "OFF"},
    {"VTE_VERSION": "7802"},
    {"VTE_VERSION": "abc"},
    {"TERM_PROGRAM": "WezTerm", "TMUX": "/tmp/tmux-0/default,1,0"},
    {"TERM_PROGRAM": "WezTerm", "STY": "123.pts-0.host"},
    {"WT_SESSION": "x", "TERM": "screen-256color"},
    {"WT_SESSION": "x", "TERM": "tmux-256color"},
    {"TERM_PROGRAM": "WezTerm", "TERM": "dumb"},
]


@pytest.mark.parametrize("environ", SUPPORTED)
def test_allow_listed_terminals(environ: dict[str, str]) -> None:
    assert taskbar_supported(environ, is_tty=True, in_notebook=False)
    assert not taskbar_supported(environ, is_tty=False, in_notebook=False)  # never into a file
    assert not taskbar_supported(environ, is_tty=True, in_notebook=True)


@pytest.mark.parametrize("environ", UNSUPPORTED)
def test_everything_else_is_left_alone(environ: dict[str, str]) -> None:
    assert not taskbar_supported(environ, is_tty=True, in_notebook=False)


def test_forcing_overrides_the_allow_list_both_ways() -> None:
    tmux = {"TERM_PROGRAM": "tmux", "TMUX": "/tmp/t,1,0"}
    assert resolve_taskbar(True, tmux, is_tty=True, in_notebook=False)
    assert not resolve_taskbar(False, {"TERM_PROGRAM": "WezTerm"}, True, False)
    assert resolve_taskbar("auto", {**tmux, "PROGBAR_TASKBAR": "1"}, True, False)
    assert not resolve_taskbar("auto", {**tmux, "PROGBAR_TASKBAR": "1"}, False, False)
    assert not resolve_taskbar(
        "auto", {"TERM_PROGRAM": "WezTerm", "PROGBAR_TASKBAR": "0"}, True, False
    )


@pytest.mark.parametrize(
    ("state", "percent", "expected"),
    [
        (CLEAR, 0, "\x1b]9;4;0;0\x1b\\"),
        (NORMAL, 42, "\x1b]9;4;1;42\x1b\\"),
        (ERROR, 100, "\x1b]9;4;2;100\x1b\\"),
        (INDETERMINATE, 0, "\x1b]9;4;3;0\x1b\\"),
        (NORMAL, 140, "\x1b]9;4;1;100\x1b\\"),
        (NORMAL, -3, "\x1b]9;4;1;0\x1b\\"),
    ],
)
def test_sequence(state: int, percent: int, expected: str) -> None:
    assert osc_progress(state, percent) == expected


def test_unknown_state_is_refused() -> None:
    with pytest.raises(ValueError, match="osc_progress"):
        osc_progress(7, 0)


def test_limiter_lets_four_a_second_through(clock: FakeClock) -> None:
    limiter = RateLimiter(4.0)
    allowed = []
    for _ in range(100):  # 10 s of calls every 0.1 s
        allowed.append(limiter.allow(clock()))
        clock.tick(0.1)
    assert sum(allowed) == 34  # at 0, 0.3, 0.6, 0.9... : one per 0.25 s window, on the 0.1 s grid
    assert allowed[:4] == [True, False, False, True]


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ([(50, 100, "count")], 0.5),
        ([(50, 100, "count"), (0, 300, "count")], 0.125),  # weighed by totals
        ([(100, 100, "bytes"), (0, 100, "count")], 0.5),  # different units: equal weights
        ([(150, 100, "count")], 1.0),
        ([(0, 0, "count")], 1.0),
        ([(5, None, "count")], None),
        ([(5, 10, "count"), (5, None, "count")], None),
        ([], None),
    ],
)
def test_weighted_fraction(parts: list[tuple[float, float | None, str]], expected: float) -> None:
    assert weighted_fraction(parts) == expected


def test_reporter_dedupes_limits_and_clears(clock: FakeClock) -> None:
    reporter = TaskbarReporter(lambda _: None)
    assert reporter.update(0.10, clock()) == osc_progress(NORMAL, 10)
    assert reporter.update(0.10, clock() + 1) == ""  # the same again: nothing to send
    clock.tick(0.1)
    assert reporter.update(0.20, clock()) == ""  # too soon
    clock.tick(0.2)
    assert reporter.update(0.30, clock()) == osc_progress(NORMAL, 30)
    clock.tick(0.01)
    assert reporter.update(None, clock()) == osc_progress(INDETERMINATE)  # a new state goes out
    assert reporter.update(0.5, clock(), state=ERROR) == osc_progress(ERROR, 50)
    assert reporter.active
    assert reporter.clear() == osc_progress(CLEAR)
    assert reporter.clear() == ""  # once
    assert not reporter.active


def test_reporter_title_is_pushed_shown_and_popped(clock: FakeClock) -> None:
    reporter = TaskbarReporter(lambda _: None, title=True, progress=False)
    first = reporter.update(0.5, clock(), eta=62.0)
    assert first == PUSH_TITLE + "\x1b]2;50% ETA 1:02\x1b\\"
    clock.tick(1)
    assert reporter.update(0.6, clock(), eta=50.0) == "\x1b]2;60% ETA 50s\x1b\\"
    assert reporter.clear() == POP_TITLE


def test_reporter_clears_at_exit_through_its_writer(clock: FakeClock) -> None:
    written: list[str] = []
    reporter = TaskbarReporter(written.append)
    reporter.update(0.5, clock())
    reporter._at_exit()  # what atexit runs
    assert written == [osc_progress(CLEAR)]
    reporter._at_exit()
    assert written == [osc_progress(CLEAR)]


def _osc(text: str) -> list[str]:
    return [part.split("\x1b\\")[0] for part in text.split("\x1b]9;4;")[1:]]


def _row(current: float, target: float | None, depth: int = 0, units: str = "count") -> Shown:
    snap = Snapshot(current, target, 1.0, units=units)  # type: ignore[arg-type]
    return Shown(f"{current}", snap, None, depth)


def test_the_display_reports_root_rows_and_clears_when_they_end(clock: FakeClock) -> None:
    stream = TtyStringIO()
    display = TaskbarDisplay(TerminalDisplay(stream, {}, color=False), stream, clock=clock)
    frames = [
        (1.0, [_row(1, 4), _row(5, 10, depth=1)]),  # the nested row does not count
        (0.1, [_row(3, 4)]),  # held back: 0.1 s after the last one
        (1.0, [_row(2, 4), _row(10, 10, depth=1)]),
        (1.0, [_row(2, 4), _row(1, 100), _row(7, 7)]),  # three roots: (2 + 1 + 7) / 111
        (0.1, [_row(3, 4), _row(5, None)]),  # an unknown total: busy (a new state goes out)
        (0.1, [_row(3, 4), _row(6, None)]),  # the same state: nothing new
    ]
    for seconds, rows in frames:
        clock.tick(seconds)
        display.frame([], rows)
    display.frame([Shown("done", None, None)], [])  # a frame without rows: only a pause
    assert _osc(stream.getvalue()) == ["1;25", "1;50", "1;9", "3;0"]
    display.region_ended()  # the screen tells its display that the last bar left
    assert _osc(stream.getvalue()) == ["1;25", "1;50", "1;9", "3;0", "0;0"]
    assert screen_of(stream.getvalue()).display[0].rstrip() == "done"  # the frame still drawn


def test_a_forced_bar_on_a_terminal_stream_gets_the_display(clock: FakeClock) -> None:
    stream = TtyStringIO()
    bar = Progbar(4, file=stream, display="tty", clock=clock, taskbar=True)
    bar.update(1)
    bar.update(4)
    assert _osc(stream.getvalue()) == ["1;25", "0;0"]


def test_not_a_terminal_or_turned_off_means_no_reporter(clock: FakeClock) -> None:
    for stream, option in ((io.StringIO(), True), (TtyStringIO(), False)):
        bar = Progbar(
            10, file=stream, display="log" if option else "tty", clock=clock, taskbar=option
        )
        bar.update(10)
        assert "\x1b]9;4" not in stream.getvalue()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"taskbar": "yes"}, 'taskbar must be "auto", True or False'),
        ({"title": "Downloading"}, "for a label before the bar, use description="),
        ({"title": 1}, "title must be a bool"),
    ],
)
def test_bad_options_are_named(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(TypeError, match=message):
        Progbar(10, **kwargs)  # type: ignore[arg-type]


def test_text_written_beside_a_live_bar_does_not_clear_the_indicator() -> None:
    from progbar._output.printing import beside

    stream = TtyStringIO()
    bar = Progbar(4, file=stream, display="tty", taskbar=True)
    bar.update(1)
    with beside(stream):  # what a redirected logger does: blank the region, write, redraw
        stream.write("a log line\n")
    write("a message", file=stream)
    assert _osc(stream.getvalue()) == ["1;25"]  # no clear while the bar runs
    bar.update(4)
    assert _osc(stream.getvalue()) == ["1;25", "0;0"]
