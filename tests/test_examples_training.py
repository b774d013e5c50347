"""The training examples, run as a user runs them, with stdout sent to a real log file.

``examples/train_numpy.py`` always runs (NumPy is in the test extra);
``examples/train_torch.py`` only where ``torch`` is installed.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NUMBER = r"\d+\.\d{4}"
EPOCH_LINE = re.compile(
    rf"^(\d+)/\1 - \d+s - \d+(?:us|ms|s)/step - loss: ({NUMBER}) - accuracy: ({NUMBER})"
    rf" - val_loss: ({NUMBER}) - val_accuracy: ({NUMBER})$"
)


def run_to_log(script: str, tmp_path: Path, *args: str) -> str:
    """Run ``examples/<script>`` with stdout to a file; return the file's text."""
    log = tmp_path / "train.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROGBAR_")}
    with log.open("w") as stdout:
        result = subprocess.run(
            [sys.executable, str(EXAMPLES / script), "--fast", *args],
            cwd=tmp_path,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return log.read_text()


def check_training_log(text: str) -> None:
    for control in ("\r", "\b", "\x1b"):
        assert control not in text
    lines = text.splitlines()
    assert text.endswith("\n")
    assert lines[0::2][:3] == ["Epoch 1/3", "Epoch 2/3", "Epoch 3/3"]
    matches = [EPOCH_LINE.match(line) for line in lines[1:6:2]]
    assert all(matches), lines
    val_loss = [float(m.group(4)) for m in matches if m]
    val_accuracy = [float(m.group(5)) for m in matches if m]
    assert val_loss[-1] < val_loss[0]  # it really trains
    assert val_accuracy[-1] > 0.8
    best = min(range(3), key=lambda i: (val_loss[i], i))
    assert lines[6].startswith(f"Best epoch {best + 1}/3 (lowest val_loss) - loss: ")
    assert lines[6].endswith(lines[2 * best + 1].split(" - ", 3)[3])
    assert len(lines) == 7


@pytest.mark.slow
def test_numpy_example_writes_a_clean_verbose_2_log(tmp_path: Path) -> None:
    text = run_to_log("train_numpy.py", tmp_path, "--verbose", "2")
    check_training_log(text)


@pytest.mark.slow
def test_numpy_example_at_verbose_1_into_a_file_is_plain_too(tmp_path: Path) -> None:
    text = run_to_log("train_numpy.py", tmp_path)
    for control in ("\r", "\b", "\x1b"):
        assert control not in text
    finished = [line for line in text.splitlines() if " - val_loss: " in line]
    assert len(finished) == 4  # three epochs and the best-epoch line
    assert all(
        line.startswith("19/19 [==============================] - ") for line in finished[:3]
    )


@pytest.mark.slow
def test_torch_example_writes_a_clean_verbose_2_log(tmp_path: Path) -> None:
    if importlib.util.find_spec("torch") is None:
        pytest.skip("torch is not installed")
    check_training_log(run_to_log("train_torch.py", tmp_path, "--verbose", "2"))
