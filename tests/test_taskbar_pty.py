"""OSC 9;4 from a real bar in a real pseudo-terminal: where it appears, what it says."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from harness import run_in_pty, run_in_pty_interrupted

pytestmark = pytest.mark.slow  # every test runs a child on a real pty (about 1 s each)

OSC = re.compile(rb"\x1b\]9;4;(\d);(\d+)\x1b\\")
TERMINAL_VARIABLES = ("TERM_PROGRAM", "TERM_PROGRAM_VERSION", "WT_SESSION", "ConEmuANSI")
CLEAN = {name: "" for name in (*TERMINAL_VARIABLES, "VTE_VERSION", "TMUX", "STY")}
"""Whatever terminal runs the tests, the child sees only what a test gives it."""

STEPS = """
import time
from progbar import Progbar
bar = Progbar(100, interval=0)
for i in (25, 50, 75):
    bar.update(i)
    time.sleep(0.3)  # longer than the 0.25 s between two updates
start = time.monotonic()
for i in range(76, 101):  # a burst: one update gets through per 0.25 s it lasts
    bar.update(i)
print(f"burst={time.monotonic() - start:.6f}")
"""


def _sequences(output: bytes) -> list[tuple[int, int]]:
    return [(int(state), int(percent)) for state, percent in OSC.findall(output)]


@pytest.mark.parametrize(
    "terminal",
    [
        {"TERM_PROGRAM": "WezTerm"},
        {"TERM_PROGRAM": "ghostty"},
        {"WT_SESSION": "2f3c0a6e"},
        {"ConEmuANSI": "ON"},
        {"TERM_PROGRAM": "iTerm.app", "TERM_PROGRAM_VERSION": "3.6.6"},
        {"VTE_VERSION": "8002"},
    ],
)
def test_allow_listed_terminals_get_the_percentages_rate_limited_then_cleared(
    terminal: dict[str, str],
) -> None:
    run = run_in_pty(STEPS, env={**CLEAN, **terminal})
    assert run.returncode == 0, run.output[-500:]
    seen = _sequences(run.output)
    assert seen[:3] == [(1, 25), (1, 50), (1, 75)], seen
    assert seen[-1] == (0, 0)  # the last one clears
    burst, lasted = seen[3:-1], float(re.findall(rb"burst=([\d.]+)", run.output)[0])
    assert len(burst) <= 1 + int(lasted / 0.25), (seen, lasted)  # 25 updates, a few sequences
    assert all(75 < percent < 100 for _, percent in burst), seen
    assert run.lines[0].startswith("100/100 [====")  # the bar itself is unchanged


@pytest.mark.parametrize(
    "terminal",
    [
        {"TERM_PROGRAM": "Apple_Terminal"},
        {"TERM_PROGRAM": "unknown-terminal"},
        {"TERM_PROGRAM": "WezTerm", "TMUX": "/tmp/tmux-1000/default,42,0"},
        {"TERM_PROGRAM": "WezTerm", "TERM": "screen-256color", "STY": "42.pts-1.host"},
        {"TERM_PROGRAM": "iTerm.app", "TERM_PROGRAM_VERSION": "3.5.4"},
    ],
)
def test_other_terminals_get_nothing(terminal: dict[str, str]) -> None:
    run = run_in_pty(STEPS, env={**CLEAN, **terminal})
    assert run.returncode == 0
    assert b"\x1b]9;4" not in run.output
    assert run.lines[0].startswith("100/100 [====")


def test_forcing_it_inside_tmux_sends_it() -> None:
    code = STEPS.replace("Progbar(100, interval=0)", "Progbar(100, interval=0, taskbar=True)")
    run = run_in_pty(code, env={**CLEAN, "TMUX": "/tmp/tmux-1000/default,42,0"})
    assert _sequences(run.output)[0] == (1, 25)
    assert _sequences(run.output)[-1] == (0, 0)


def test_a_file_gets_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    code = STEPS.replace("time.sleep(0.3)", "pass")
    with out.open("wb") as stream:
        subprocess.run(
            [sys.executable, "-c", code],
            stdout=stream,
            stderr=subprocess.STDOUT,
            env={"TERM_PROGRAM": "WezTerm", "PATH": "/usr/bin:/bin"},
            check=True,
        )
    text = out.read_bytes()
    assert b"100/100 [====" in text
    assert b"\x1b" not in text


@pytest.mark.slow
@pytest.mark.parametrize("loop", ["with", "track", "abandoned"])
def test_ctrl_c_mid_run_leaves_the_indicator_cleared(loop: str) -> None:
    body = {
        "with": "with Progbar(1000, interval=0) as bar:\n"
        "    for i in range(1, 1001):\n"
        "        bar.update(i)\n"
        "        time.sleep(0.002)\n",
        "track": "for i in progbar.track(range(1000), interval=0):\n    time.sleep(0.002)\n",
        # no with, no track: nothing closes the bar; the exit hook still clears
        "abandoned": "bar = Progbar(1000, interval=0)\n"
        "for i in range(1, 1001):\n"
        "    bar.update(i)\n"
        "    time.sleep(0.002)\n",
    }[loop]
    code = "import time, progbar\nfrom progbar import Progbar\n" + body
    run = run_in_pty_interrupted(
        code, wait_for=b"\x1b]9;4;1;", env={**CLEAN, "TERM_PROGRAM": "WezTerm"}
    )
    assert run.returncode != 0  # the KeyboardInterrupt ended it
    assert b"KeyboardInterrupt" in run.output
    seen = _sequences(run.output)
    assert seen[0][0] == 1 and seen[-1] == (0, 0), seen
    assert not run.lines[0].startswith("1000/1000")  # it was stopped mid-run


def test_title_shows_the_eta_and_is_restored() -> None:
    code = STEPS.replace("Progbar(100, interval=0)", "Progbar(100, interval=0, title=True)")
    run = run_in_pty(code, env={**CLEAN, "TERM_PROGRAM": "Apple_Terminal"})
    assert b"\x1b]9;4" not in run.output  # not an allow-listed terminal: the title only
    titles = re.findall(rb"\x1b\]2;([^\x1b]*)\x1b\\", run.output)
    # no ETA from the first interval alone (it may be a warm-up), then the ETA
    assert titles[0] == b"25%" and b"50% ETA " in titles[1]
    assert run.output.count(b"\x1b[22;0t") == 1 and run.output.count(b"\x1b[23;0t") == 1
    assert run.output.index(b"\x1b[22;0t") < run.output.index(b"\x1b]2;")
    assert run.output.rindex(b"\x1b[23;0t") > run.output.rindex(b"\x1b]2;")  # restored last
