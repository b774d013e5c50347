"""The training examples, run as a user runs them: stdout to a real log file, or a real terminal.

``examples/train_numpy.py`` always runs (NumPy is in the test extra);
``examples/train_torch.py`` only where ``torch`` is installed;
``examples/train_keras.py`` only where Keras 3 can load a backend (the
test extra installs jax on Python >= 3.10).
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import keras_backend
import pytest
import wcwidth
from harness import run_in_pty

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NUMBER = r"\d+\.\d{4}"
EPOCH_LINE = re.compile(
    rf"^(\d+)/\1 - \d+s - \d+(?:us|ms|s)/step - loss: ({NUMBER}) - accuracy: ({NUMBER})"
    rf" - val_loss: ({NUMBER}) - val_accuracy: ({NUMBER})$"
)


def run_to_log(script: str, tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run ``examples/<script>`` with stdout to a file; return the file's text."""
    log = tmp_path / "train.log"
    if env is None:
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


@pytest.mark.slow
def test_keras_example_writes_a_clean_log(tmp_path: Path) -> None:
    reason = keras_backend.real_keras_missing()
    if reason is not None:
        pytest.skip(reason)
    text = run_to_log("train_keras.py", tmp_path, "--verbose", "2", env=keras_backend.keras_env())
    for control in ("\r", "\b", "\x1b"):
        assert control not in text
    lines = text.splitlines()
    assert lines[0::2] == ["Epoch 1/3", "Epoch 2/3", "Epoch 3/3"]
    names = ("accuracy", "auc", "loss", "val_accuracy", "val_auc", "val_loss")
    items = "".join(rf" - {name}: ({NUMBER})" for name in names)
    line = re.compile(r"^10/10 - \d+s - \d+(?:us|ms|s)/step" + items + "$")
    matches = [line.match(text_line) for text_line in lines[1::2]]
    assert all(matches), lines
    assert float(matches[-1].group(4)) > 0.8  # val_accuracy: it really trains  # type: ignore[union-attr]


PTY_RUN = """
import runpy, sys
sys.argv = [{script!r}, "--fast"]
runpy.run_path({script!r}, run_name="__main__")
"""


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")
@pytest.mark.parametrize("columns", [80, 100])
def test_numpy_example_in_a_terminal_keeps_every_figure(tmp_path: Path, columns: int) -> None:
    """The same run into a log gives the figures; the terminal must show each, whole."""
    log = run_to_log("train_numpy.py", tmp_path, "--verbose", "2").splitlines()
    expected = [EPOCH_LINE.match(line) for line in log[1:6:2]]
    assert all(expected), log
    run = run_in_pty(PTY_RUN.format(script=str(EXAMPLES / "train_numpy.py")), columns, rows=30)
    assert run.returncode == 0, run.output[-2000:]
    text = run.output.decode()
    drawn = re.split(r"[\r\n]", wcwidth.strip_sequences(text))
    assert max(wcwidth.width(frame) for frame in drawn) <= columns  # the terminal never wraps
    lines = run.lines
    starts = [i for i, line in enumerate(lines) if line.startswith("Epoch ")]
    assert len(starts) == 3
    ends = [*starts[1:], next(i for i, line in enumerate(lines) if line.startswith("Best epoch"))]
    for match, start, end in zip(expected, starts, ends):
        rows = lines[start + 1 : end]
        assert rows[0].startswith("19/19 [")
        for name, group in (("loss", 2), ("accuracy", 3), ("val_loss", 4), ("val_accuracy", 5)):
            item = f"- {name}: {match.group(group)}"  # type: ignore[union-attr]
            assert any(re.search(rf"(^|\s){item}(\s|$)", row) for row in rows), (item, rows)
