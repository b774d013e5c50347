"""Real ``model.fit`` (Keras 3 on jax, CPU): progbar's lines against Keras's own, number by number.

One child process trains a tiny ``keras.Sequential`` twice with
``validation_split=0.2``: once with ``fit(verbose=1)`` and once with
``fit(verbose=2)``. Each run carries Keras's own ``ProgbarLogger`` *and*
progbar's callback, so both print the figures of the very same run: Keras's
into a buffer, progbar's into a real file (``verbose=1``, as ``python
train.py > log`` gives) and a buffer (``verbose=2``). Every figure Keras
prints must be in progbar's line for the same epoch; progbar may add, never lose.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import keras_backend
import pytest

pytestmark = pytest.mark.slow

FIT = r"""
import contextlib, io, json, sys
import numpy as np
import keras
import progbar

def fit(verbose, ours):
    keras.utils.set_random_seed(7)
    x = np.random.default_rng(7).normal(size=(80, 4)).astype("float32")
    y = (x[:, 0] + x[:, 1] > 0).astype("float32")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy", "mae", "mse"])
    theirs = io.StringIO()
    with contextlib.redirect_stdout(theirs):  # Keras prints to sys.stdout; ours keeps its stream
        history = model.fit(x, y, validation_split=0.2, epochs=3, batch_size=16, verbose=verbose,
                            callbacks=[keras.callbacks.ProgbarLogger(), ours])
    return theirs.getvalue(), history.history

keras1, history = fit(1, progbar.keras_callback())  # ours: sys.stdout, a real file
ours2 = io.StringIO()
keras2, history2 = fit(2, progbar.keras_callback(file=ours2))
sys.stdout.flush()
with open(sys.argv[1], "w") as out:
    json.dump({"keras1": keras1, "keras2": keras2, "ours2": ours2.getvalue(),
               "history": history, "same": history == history2}, out)
"""

ITEM = re.compile(r" - ([A-Za-z_]+): (-?\d+\.\d{4}(?:e[-+]\d+)?)")


def figures(line: str) -> dict[str, str]:
    """``{"loss": "0.6307", ...}``: the metrics a line shows, as printed."""
    return dict(ITEM.findall(line))


def keras_epoch_lines(text: str) -> list[str]:
    r"""The line Keras leaves for each epoch: the last ``\r``/``\b`` frame before each newline."""
    finished = []
    for line in text.split("\n"):
        frame = re.split(r"[\r\x08]+", line)[-1]
        frame = re.sub(r"\x1b\[[0-9;]*m", "", frame)
        if re.match(r"^(\d+)/\1 ", frame):
            finished.append(frame)
    return finished


def keras_format(value: float) -> str:
    """A number as Keras prints it."""
    return "%.4f" % value if abs(value) > 1e-3 else "%.4e" % value


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    reason = keras_backend.real_keras_missing()
    if reason is not None:
        pytest.skip(reason)
    tmp = tmp_path_factory.mktemp("fit")
    log = tmp / "train.log"
    with log.open("w") as stdout:
        result = subprocess.run(
            [sys.executable, "-c", FIT, str(tmp / "keras.json")],
            env=keras_backend.keras_env(),
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            timeout=600,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    data: dict[str, object] = json.loads((tmp / "keras.json").read_text())
    data["ours1"] = Path(log).read_text()
    return data


def test_the_two_runs_are_the_same_training(run: dict[str, object]) -> None:
    assert run["same"] is True  # same seeds: verbose=1 and verbose=2 compare the same figures


def test_verbose_1_into_a_file_keeps_every_figure_keras_shows(run: dict[str, object]) -> None:
    ours = str(run["ours1"])
    for control in ("\r", "\b", "\x1b"):
        assert control not in ours  # a log file: plain lines
    theirs = keras_epoch_lines(str(run["keras1"]))
    mine = [line for line in ours.splitlines() if re.match(r"^(\d+)/\1 \[=+\] - ", line)]
    assert len(theirs) == len(mine) == 3, (theirs, mine)
    assert [line for line in ours.splitlines() if line.startswith("Epoch ")] == [
        "Epoch 1/3",
        "Epoch 2/3",
        "Epoch 3/3",
    ]
    for keras_line, our_line in zip(theirs, mine):
        keras_figures = figures(keras_line)
        assert {"loss", "val_loss", "val_accuracy", "val_mae", "val_mse"} <= set(keras_figures)
        assert figures(our_line).items() >= keras_figures.items()  # may add, never lose


def test_verbose_2_lines_keep_every_figure_keras_shows(run: dict[str, object]) -> None:
    theirs = [line for line in str(run["keras2"]).splitlines() if line[:1].isdigit()]
    mine = [line for line in str(run["ours2"]).splitlines() if line[:1].isdigit()]
    assert len(theirs) == len(mine) == 3
    for keras_line, our_line in zip(theirs, mine):
        assert re.match(r"^4/4 - \d+s - \d+(?:us|ms|s)/step - ", our_line), our_line
        assert figures(our_line).items() >= figures(keras_line).items()
        assert our_line.split(" - ")[3:] == keras_line.split(" - ")[3:]  # same figures, same order


def test_figures_are_the_epoch_history(run: dict[str, object]) -> None:
    """What stays on screen is what ``fit`` returns in ``history``."""
    history = run["history"]
    assert isinstance(history, dict)
    mine = [line for line in str(run["ours2"]).splitlines() if line[:1].isdigit()]
    for epoch, line in enumerate(mine):
        shown = figures(line)
        for name, values in history.items():
            assert shown[name] == keras_format(values[epoch]), (name, line)
