"""Printing beside a live bar: messages land above it, and the bar is redrawn whole below."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

import pytest
from harness import FakeClock, TtyStringIO, run_in_pty, screen_of

import progbar
from progbar import Progbar

LIVE = re.compile(r" 50/100 \[={14}>\.{15}\] - ETA: (\d+s|\?)")
DONE = re.compile(r"100/100 \[={30}\] - \d+s \d+(us|ms)/step")

LOOP = """
import logging, os, sys, time
import progbar
from progbar import Progbar
logging.basicConfig(level=logging.INFO, format="%(levelname)s:%(message)s", stream=sys.stderr)
{setup}
    bar = Progbar(100, interval=0)
    for i in range(1, 101):
        bar.update(i)
        if i == 50:
            {action}
            {stop}
"""


def run_loop(action: str, *, setup: str = "if True:", stop: str = "") -> list[str]:
    run = run_in_pty(LOOP.format(setup=setup, action=action, stop=stop))
    assert run.returncode == 0, run.output[-400:]
    return [line for line in run.lines if line]


@pytest.mark.slow
def test_bar_write_puts_the_message_above_an_intact_bar() -> None:
    # stop right after the write: the screen shows the message and the bar redrawn below it
    lines = run_loop('bar.write("message")', stop="os._exit(0)")
    assert lines[0] == "message"
    assert LIVE.fullmatch(lines[1]), lines[1]
    assert len(lines) == 2


@pytest.mark.slow
def test_after_the_write_the_bar_goes_on_below_the_message() -> None:
    lines = run_loop('bar.write("message one\\nmessage two")')
    assert lines[:2] == ["message one", "message two"]
    assert DONE.fullmatch(lines[2]), lines[2]
    assert len(lines) == 3


@pytest.mark.slow
def test_module_level_write_finds_the_live_bar() -> None:
    lines = run_loop('progbar.write("from anywhere")', stop="os._exit(0)")
    assert lines[0] == "from anywhere"
    assert LIVE.fullmatch(lines[1]), lines[1]


@pytest.mark.slow
def test_logging_through_the_redirect_lands_above_the_bar() -> None:
    lines = run_loop('logging.info("halfway")', setup="with progbar.redirect_logging():")
    assert lines[0] == "INFO:halfway"  # stderr's handler, same terminal as the bar on stdout
    assert DONE.fullmatch(lines[1]), lines[1]
    assert len(lines) == 2


@pytest.mark.slow
def test_unconfigured_logging_through_the_redirect_lands_above_the_bar() -> None:
    code = LOOP.replace("logging.basicConfig(", "dict(")  # no handler: logging.lastResort
    run = run_in_pty(
        code.format(
            setup="with progbar.redirect_logging():",
            action='logging.getLogger("app").warning("no handlers")',
            stop="",
        )
    )
    lines = [line for line in run.lines if line]
    assert lines[0] == "no handlers"
    assert DONE.fullmatch(lines[1]), lines[1]
    assert logging.lastResort.__class__.__name__ == "_StderrHandler"  # ours is untouched


@pytest.mark.slow
def test_without_the_redirect_logging_is_captured_above_the_bar() -> None:
    """A handler made before the bar holds sys.stderr itself: capture still takes its lines."""
    lines = run_loop('logging.info("halfway")')
    assert lines[0] == "INFO:halfway", lines
    assert DONE.fullmatch(lines[1]), lines


@pytest.mark.slow
def test_with_capture_off_logging_garbles_the_bar() -> None:
    """The control for the tests above: the problem being solved is real."""
    run = run_in_pty(
        LOOP.format(setup="if True:", action='logging.info("halfway")', stop=""),
        env={"PROGBAR_CAPTURE": "0"},
    )
    lines = [line for line in run.lines if line]
    assert "INFO:halfway" not in lines
    assert any("INFO:halfway" in line and "/100 [" in line for line in lines)


@pytest.mark.slow
def test_print_through_the_redirect_lands_above_the_bar() -> None:
    lines = run_loop(
        'print("printed", i, end=""); print()',
        setup="with progbar.redirect_logging(stdout=True):",
        stop="sys.stdout.flush(); os._exit(0)",
    )
    assert lines[0] == "printed 50"
    assert LIVE.fullmatch(lines[1]), lines[1]


def test_write_in_a_fake_terminal_keeps_the_bar_whole(clock: FakeClock) -> None:
    stream = TtyStringIO()
    bar = Progbar(100, file=stream, display="tty", interval=0, clock=clock)
    for step in range(1, 51):
        clock.tick(0.1)
        bar.update(step)
    bar.write("short")  # shorter than the bar: the bar's tail must not show through
    screen = screen_of(stream.getvalue())
    assert screen.display[0].rstrip() == "short"
    assert LIVE.fullmatch(screen.display[1].rstrip()), screen.display[1]
    assert screen.cursor.y == 1


def test_log_mode_write_just_writes(clock: FakeClock) -> None:
    out = io.StringIO()
    bar = Progbar(3, file=out, display="log", log_interval=0, interval=0, clock=clock)
    bar.update(1)
    bar.write("message")
    bar.update(3)
    text = out.getvalue()
    assert "\r" not in text and "\x1b" not in text
    lines = text.splitlines()
    assert lines[1] == "message"
    assert lines[0].startswith("1/3 [") and lines[2].startswith("3/3 [")


@pytest.mark.parametrize("display", ["silent", "log", "tty"])
def test_write_on_a_silent_or_closed_bar_still_prints(display: str, clock: FakeClock) -> None:
    out = TtyStringIO()
    bar = Progbar(
        3, file=out, display=display, verbose=0 if display == "silent" else 1, clock=clock
    )
    bar.update(3)
    bar.close()
    before = out.getvalue()
    bar.write("after")
    progbar.write("module", file=out)
    assert out.getvalue() == before + "after\nmodule\n"


def test_write_to_another_stream_leaves_the_bar_alone(clock: FakeClock) -> None:
    bar_stream, other = TtyStringIO(), io.StringIO()
    bar = Progbar(10, file=bar_stream, display="tty", interval=0, clock=clock)
    bar.update(5)
    drawn = bar_stream.getvalue()
    progbar.write("elsewhere", file=other)
    assert other.getvalue() == "elsewhere\n"
    assert bar_stream.getvalue() == drawn


def test_redirect_restores_handlers_even_on_error(tmp_path: Path) -> None:
    logger = logging.getLogger("progbar-test-redirect")
    console = logging.StreamHandler(io.StringIO())
    to_file = logging.FileHandler(tmp_path / "log.txt")
    logger.handlers = [console, to_file]
    try:
        with pytest.raises(RuntimeError), progbar.redirect_logging([logger]):
            assert logger.handlers[0] is not console  # wrapped while active
            assert logger.handlers[1] is to_file  # files have no bar to step around
            raise RuntimeError
        assert logger.handlers == [console, to_file]
    finally:
        to_file.close()
        logger.handlers = []


def test_redirected_records_keep_their_format_level_and_stream() -> None:
    logger = logging.getLogger("progbar-test-format")
    logger.propagate = False
    sink = io.StringIO()
    handler = logging.StreamHandler(sink)
    handler.setFormatter(logging.Formatter("[%(levelname)s] %(message)s"))
    handler.setLevel(logging.WARNING)
    logger.handlers = [handler]
    try:
        with progbar.redirect_logging([logger]):
            logger.warning("kept")
            logger.info("below the handler's level")
        assert sink.getvalue() == "[WARNING] kept\n"
    finally:
        logger.handlers = []
