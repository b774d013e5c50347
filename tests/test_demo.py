"""``python -m progbar`` runs, in a terminal and into a log."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest
from harness import run_in_pty

pytestmark = pytest.mark.slow  # python -m progbar run as child processes


def test_demo_runs_in_a_terminal() -> None:
    run = run_in_pty("from progbar.__main__ import main; raise SystemExit(main(['--fast']))")
    assert run.returncode == 0
    assert "processing 200/200 [==============================] - 0s " in run.lines[1]
    assert run.lines[2] == "Epoch 1/1"
    assert run.lines[3].startswith("120/120 [=====")
    # the finished line keeps every figure (lr continues on a row of its own at 80 columns)
    shown = " ".join(run.lines[3:5])
    assert " - loss: " in shown and " - accuracy: " in shown and " - lr: 1.0000e-03" in shown
    assert all(len(line) <= 80 for line in run.lines)


def test_demo_log_output_is_plain() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "progbar", "--fast"], capture_output=True, text=True, check=True
    )
    assert "\r" not in result.stdout and "\x1b" not in result.stdout
    assert "120/120 [==============================]" in result.stdout


def test_unknown_demo_is_an_error() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "progbar", "nope"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "unknown demo 'nope'" in result.stderr


def test_demo_piped_into_head_exits_like_cat() -> None:
    # cat is killed by SIGPIPE when head leaves (141 in bash); the demo ends the same way
    script = (
        "yes | head -c 1000000 | cat | head -1 > /dev/null; cat=${PIPESTATUS[2]}; "
        f"{sys.executable} -m progbar | head -1; echo ${{PIPESTATUS[0]}} $cat"
    )
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True)
    first, statuses = result.stdout.splitlines()
    assert first == "A loop of 200 steps:"
    ours, cats = statuses.split()
    assert ours == cats == "141"
    assert result.stderr == ""  # no traceback, no warning


def test_help_is_plain_text_and_names_the_pipe() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "progbar", "--help"], capture_output=True, text=True, check=True
    )
    assert "``" not in result.stdout
    assert result.stdout.startswith("usage: progbar [-h] [--fast] [demos ...]")
    assert "progbar pipe [--size BYTES] [--desc TEXT]" in result.stdout


def test_pipe_is_a_subcommand_and_the_demos_still_run_by_name() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "progbar", "pipe"],
        input=b"hello\n",
        capture_output=True,
        check=True,
    )
    assert result.stdout == b"hello\n"
    result = subprocess.run(
        [sys.executable, "-m", "progbar", "loop", "--fast"], capture_output=True, check=True
    )
    assert b"processing 200/200 [" in result.stdout and b"Epoch" not in result.stdout


def test_the_demo_functions_live_in_the_demo_package() -> None:
    from progbar._demo.run import DEMOS

    assert list(DEMOS) == ["loop", "training", "download"]


def test_ctrl_c_ends_the_demo_quietly() -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "progbar", "loop"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.readline() == b"A loop of 200 steps:\n"  # the demo is running
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == -signal.SIGINT  # as cat: 130 in a shell
        assert b"Traceback" not in proc.stderr.read()
