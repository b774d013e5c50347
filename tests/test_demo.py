"""``python -m progbar`` runs, in a terminal and into a log."""

from __future__ import annotations

import subprocess
import sys

from conftest import run_in_pty


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


def test_demo_piped_into_head_exits_cleanly() -> None:
    result = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m progbar --fast | head -1; exit ${{PIPESTATUS[0]}}"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "A loop of 200 steps:\n"
    assert "Traceback" not in result.stderr
