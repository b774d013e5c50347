"""The environment conventions, end to end: a real child process on a real pty or a real file.

Each case runs the same bar with one environment and asserts what a user
would get: which display drew it (in-place redraws, plain log lines, or
nothing) and whether colour codes reached the output.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Optional

import pytest
import wcwidth
from harness import run_in_pty

from progbar._output.detect import CI_VARIABLES

CLEARED = (
    *CI_VARIABLES,
    "NO_COLOR",
    "FORCE_COLOR",
    "COLUMNS",
    "PROGBAR_DISABLE",
    "PROGBAR_DISPLAY",
    "RANK",
    "LOCAL_RANK",
    "WORLD_SIZE",
    "OMPI_COMM_WORLD_RANK",
    "OMPI_COMM_WORLD_SIZE",
    "PMI_RANK",
    "PMI_SIZE",
    "SLURM_PROCID",
    "SLURM_NTASKS",
    "JPY_PARENT_PID",
)
"""Blanked in every child (empty means unset), so the runner's own environment cannot leak in."""

CODE = """
import progbar
now = [0.0]
def clock():
    now[0] += 0.5
    return now[0]
with progbar.Progbar(40, look="keras3", clock=clock, {kwargs}) as bar:
    for i in range(1, 41):
        bar.update(i, [("loss", 0.5), ("accuracy", 0.25)])
print("END")
"""


def _env(extra: dict[str, str]) -> dict[str, str]:
    env = dict.fromkeys(CLEARED, "")
    env["TERM"] = "xterm-256color"
    env.update(extra)
    return env


def run_pty(extra: dict[str, str], kwargs: str = "") -> bytes:
    run = run_in_pty(CODE.format(kwargs=kwargs), columns=80, rows=8, env=_env(extra))
    assert run.returncode == 0, run.output
    return run.output


class FileRun:
    """The bar's child process writing to a real file; started now, read by ``output()``."""

    def __init__(self, extra: dict[str, str], kwargs: str, path: Path) -> None:
        env = {k: v for k, v in os.environ.items() if k not in CLEARED}
        env.update(_env(extra))
        self.path = path
        with open(path, "w") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", textwrap.dedent(CODE.format(kwargs=kwargs))],
                stdout=out,
                stderr=subprocess.PIPE,
                env=env,
            )

    def output(self) -> bytes:
        _, stderr = self.proc.communicate(timeout=60)
        assert self.proc.returncode == 0, stderr
        assert not stderr, stderr  # no warning, no traceback
        return self.path.read_bytes()


def run_file(extra: dict[str, str], kwargs: str, tmp_path: Path) -> bytes:
    return FileRun(extra, kwargs, tmp_path / "out.log").output()


def classify(output: bytes) -> tuple[str, bool]:
    r"""("tty" | "log" | "none", colour codes present) from what the child wrote.

    A pty turns ``\n`` into ``\r\n``, so only a ``\r`` *not* before ``\n`` is a redraw.
    """
    body = output.replace(b"END", b"")
    color = b"\x1b[" in body
    if b"/40" not in body:
        return "none", color
    if re.search(rb"\r(?!\n)", body):
        return "tty", color
    assert b"\x1b" not in body and b"\b" not in body  # a log never carries these
    return "log", color


TTY, TTY_PLAIN, LOG, NONE = ("tty", True), ("tty", False), ("log", False), ("none", False)

# (environment, Progbar keyword arguments, on a pty, on a file)
MATRIX: list[tuple[dict[str, str], str, tuple[str, bool], tuple[str, bool]]] = [
    ({}, "", TTY, LOG),
    ({"NO_COLOR": "1"}, "", TTY_PLAIN, LOG),
    ({"FORCE_COLOR": "1"}, "", TTY, LOG),  # colour, but a file stays a log
    ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, "", TTY_PLAIN, LOG),
    ({"TERM": "dumb"}, "", LOG, LOG),  # no cursor control
    ({"TERM": "dumb", "FORCE_COLOR": "1"}, "", LOG, LOG),
    ({"CI": "true"}, "", LOG, LOG),
    ({"CI": "true", "FORCE_COLOR": "1"}, "", LOG, LOG),  # CI is never a terminal
    ({"CI": "false"}, "", TTY, LOG),
    ({"PROGBAR_DISABLE": "1"}, "", NONE, NONE),
    ({"PROGBAR_DISABLE": "0"}, "", TTY, LOG),  # parsed, not merely "set"
    ({"PROGBAR_DISPLAY": "log"}, "", LOG, LOG),
    ({"PROGBAR_DISPLAY": "tty"}, "", TTY, TTY),
    ({"PROGBAR_DISPLAY": "silent"}, "", NONE, NONE),
    ({"PROGBAR_DISPLAY": "log"}, 'display="tty"', TTY, TTY),  # the argument beats the variable
    ({"FORCE_COLOR": "1"}, 'display="log"', LOG, LOG),
    ({"JPY_PARENT_PID": "4242"}, "", TTY, LOG),  # set for every kernel client: no notebook
    ({"RANK": "1", "WORLD_SIZE": "2"}, "", NONE, NONE),
    ({"RANK": "1", "WORLD_SIZE": "2"}, "all_ranks=True", TTY, LOG),
    ({"OMPI_COMM_WORLD_RANK": "3", "OMPI_COMM_WORLD_SIZE": "4"}, "", NONE, NONE),
    ({"SLURM_PROCID": "1", "SLURM_NTASKS": "2"}, "", NONE, NONE),
]


def _id(case: Any) -> Optional[str]:
    if isinstance(case, dict):
        return ",".join(f"{k}={v}" for k, v in case.items()) or "plain"
    if isinstance(case, str):
        return case or None
    return None


@pytest.mark.slow
@pytest.mark.parametrize(("extra", "kwargs", "on_pty", "on_file"), MATRIX, ids=_id)
def test_convention_matrix(
    extra: dict[str, str],
    kwargs: str,
    on_pty: tuple[str, bool],
    on_file: tuple[str, bool],
    tmp_path: Path,
) -> None:
    in_file = FileRun(extra, kwargs, tmp_path / "out.log")  # runs beside the pty child
    assert classify(run_pty(extra, kwargs)) == on_pty
    assert classify(in_file.output()) == on_file


@pytest.mark.slow
@pytest.mark.parametrize("name", [n for n in CI_VARIABLES if n != "CI"])
def test_every_ci_service_gets_a_log_on_a_pty(name: str) -> None:
    value = {"JENKINS_URL": "http://ci.example/", "TEAMCITY_VERSION": "2024.1"}.get(name, "true")
    assert classify(run_pty({name: value, "FORCE_COLOR": "1"})) == LOG


def _frame_widths(output: bytes) -> list[int]:
    text = output.decode("utf-8")
    return [wcwidth.width(f) for f in re.split(r"[\r\n]", text) if "/40" in f]


@pytest.mark.slow
def test_columns_narrows_a_terminal_and_sizes_a_forced_tty_file(tmp_path: Path) -> None:
    assert max(_frame_widths(run_pty({}))) > 30
    assert max(_frame_widths(run_pty({"COLUMNS": "30"}))) <= 30
    assert max(_frame_widths(run_pty({"COLUMNS": "300"}))) <= 80  # never wider than the pty
    assert max(_frame_widths(run_file({"COLUMNS": "30"}, 'display="tty"', tmp_path))) <= 30
    assert max(_frame_widths(run_file({}, 'display="tty"', tmp_path))) <= 80
    log = run_file({"COLUMNS": "30"}, "", tmp_path)  # a log line is never cut
    assert max(_frame_widths(log)) > 30


# -- Windows: colorama wraps the bar's own stream, lazily --------------------------


def test_windows_wraps_only_the_bar_stream_at_the_first_draw() -> None:
    pytest.importorskip("colorama")  # a runtime dependency on win32, in the test extra
    from harness import TtyStringIO

    from progbar._core.snapshot import Shown
    from progbar._output.displays import TerminalDisplay

    stream = TtyStringIO()
    display = TerminalDisplay(stream, {"COLUMNS": "50"}, color=True, platform="win32")
    assert display.width() == 49  # the Windows console wraps on its last column
    assert display._out.stream is stream  # nothing happens before the first draw
    display.frame([], [Shown("\x1b[32m━━\x1b[0m 1/2", None, None)])  # a bar alone: one row
    wrapper = display._out.stream
    assert type(wrapper).__module__.startswith("colorama")
    if sys.platform != "win32":  # off Windows colorama has no console to convert for
        assert stream.getvalue() == "\r\x1b[32m━━\x1b[0m 1/2"
    display.frame([Shown("2/2", None, None)], [])  # its final line, above, no row
    assert display._out.stream is wrapper  # wrapped once
    assert sys.stdout is not wrapper


@pytest.mark.slow
def test_no_colorama_off_windows() -> None:
    code = (
        "import io, sys, progbar\n"
        "class Tty(io.StringIO):\n"
        "    def isatty(self):\n"
        "        return True\n"
        "with progbar.Progbar(3, file=Tty(), display='tty', look='keras3') as bar:\n"
        "    bar.update(3)\n"
        "print('colorama' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip() == ("True" if sys.platform == "win32" else "False")


@pytest.mark.parametrize("name", ["all_ranks", "ambiguous_wide"])
def test_new_options_refuse_non_bools(name: str) -> None:
    from progbar import Progbar

    with pytest.raises(TypeError, match=name):
        Progbar(3, **{name: "yes"})
