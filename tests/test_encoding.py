"""Streams that cannot encode the bar: ASCII glyphs, ``?`` for the text, never an exception."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest
from harness import FakeClock, run_in_pty

from progbar import Progbar
from progbar._output.detect import CI_VARIABLES

CODE = """
import progbar
now = [0.0]
def clock():
    now[0] += 0.5
    return now[0]
with progbar.Progbar(40, look="keras3", description="训练模型", clock=clock,
                     stateful_metrics=["学习率"]) as bar:
    for i in range(1, 41):
        bar.update(i, [("损失", 0.5), ("学习率", 0.001)])
with progbar.Progbar(3, verbose=2, clock=clock) as bar:
    bar.update(3, [("损失", 0.5)])
print("END")
"""

ASCII_ENV = {"PYTHONIOENCODING": "ascii", **{name: "" for name in CI_VARIABLES}}


@pytest.mark.slow
def test_ascii_log_file_completes_with_only_ascii(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROGBAR_")}
    env.update(ASCII_ENV)
    path = tmp_path / "out.log"
    with open(path, "w") as out:
        proc = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(CODE)],
            stdout=out,
            stderr=subprocess.PIPE,
            env=env,
            timeout=60,
            check=False,
        )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""  # no traceback, and not even a fallback warning
    data = path.read_bytes()
    assert data.isascii()
    lines = data.decode("ascii").splitlines()
    assert lines[-3].startswith("???? 40/40 " + "=" * 20 + " ")  # keras3's own 20 cells
    assert " - ??: 0.5000 - ???: 1.0000e-03" in lines[-3]  # names replaced, values intact
    assert lines[-2].startswith("3/3 - ")
    assert lines[-1] == "END"


@pytest.mark.slow
def test_ascii_terminal_completes_with_only_ascii() -> None:
    run = run_in_pty(CODE, columns=80, rows=6, env=ASCII_ENV)
    assert run.returncode == 0, run.output
    assert run.output.isascii()
    assert b"\r" in run.output  # redrawn in place on the terminal
    assert run.lines[0].startswith("???? 40/40 ")
    assert "=" * 10 in run.lines[0]
    assert run.lines[2] == "END", run.lines


def _tty_bytes(encoding: str, description: str) -> bytes:
    raw = io.BytesIO()

    class Terminal(io.TextIOWrapper):
        def isatty(self) -> bool:
            return True

    stream = Terminal(raw, encoding=encoding, write_through=True)
    clock = FakeClock()
    bar = Progbar(10, file=stream, display="tty", look="keras3", clock=clock, width=10,
                  description=description, color=False)  # fmt: skip
    for step in range(1, 11):
        clock.tick(1.0)
        bar.update(step, [("損失", 0.25)])
    stream.flush()
    return raw.getvalue()


def test_cp1252_console_keeps_what_it_can_and_never_warns() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = _tty_bytes("cp1252", "训练 café")
    assert not caught  # the layout fell back; the stream never had to replace anything
    text = data.decode("cp1252")
    assert "?? café 10/10 ==========" in text  # é is in cp1252, the CJK is not
    assert "━" not in text


def test_utf8_terminal_keeps_the_unicode_bar() -> None:
    text = _tty_bytes("utf-8", "训练").decode("utf-8")
    assert "训练 10/10 ━━━━━━━━━━" in text
