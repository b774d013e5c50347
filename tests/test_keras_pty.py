"""Real ``model.fit`` in a real terminal, at 80 and then 100 columns, read back through pyte.

The child trains a tiny Keras model (jax, CPU) with ``fit(verbose=0,
callbacks=[progbar.keras_callback()])`` in an 80-column pseudo-terminal,
the terminal is resized to 100 columns, and it trains again (Keras 3's
look). The finished epoch lines hold more than either width, so every
figure must come through on continuation rows: each ``val_*`` figure of
each epoch on screen at the end, no drawn line wider than the terminal, so
the terminal never wraps one and cuts a figure in two.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import keras_backend
import pyte
import pytest
import wcwidth
from harness import run_in_pty_resized
from harness.pty import RESIZE_MARK

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals"),
]

FIT = """
import json
import numpy as np
import keras
import progbar

def fit(**options):
    keras.utils.set_random_seed(7)
    x = np.random.default_rng(7).normal(size=(80, 4)).astype("float32")
    y = (x[:, 0] + x[:, 1] > 0).astype("float32")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy", "mae", "mse"])
    history = model.fit(x, y, validation_split=0.2, epochs=3, batch_size=16, verbose=0,
                        callbacks=[progbar.keras_callback(**options)])
    return history.history

first = fit()
resize_point()
second = fit(look="keras3")
with open({path!r}, "w") as out:
    json.dump([first, second], out)
"""

ROWS = 30


def keras_format(value: float) -> str:
    """A number as Keras prints it."""
    return "%.4f" % value if abs(value) > 1e-3 else "%.4e" % value


def screen(output: bytes, columns: int) -> list[str]:
    terminal = pyte.Screen(columns, ROWS)
    pyte.ByteStream(terminal).feed(output)
    return [line.rstrip() for line in terminal.display]


def frames(output: bytes) -> list[str]:
    r"""Every piece of text drawn between two ``\r``/``\n``, escape codes removed."""
    text = wcwidth.strip_sequences(output.decode("utf-8"))
    return [frame for frame in re.split(r"[\r\n]", text) if frame]


@pytest.fixture(scope="module")
def runs(
    tmp_path_factory: pytest.TempPathFactory,
) -> list[tuple[int, bytes, dict[str, list[float]]]]:
    reason = keras_backend.real_keras_missing()
    if reason is not None:
        pytest.skip(reason)
    path = tmp_path_factory.mktemp("pty") / "history.json"
    run, mark = run_in_pty_resized(
        FIT.format(path=str(path)),
        columns=80,
        new_columns=100,
        rows=ROWS,
        env=keras_backend.keras_env(),
        timeout=600,
    )
    assert run.returncode == 0, run.output[-2000:]
    assert mark > 0
    first, second = json.loads(Path(path).read_text())
    return [(80, run.output[:mark], first), (100, run.output[mark + len(RESIZE_MARK) :], second)]


@pytest.mark.parametrize("index", [0, 1], ids=["80-columns", "100-columns"])
def test_every_figure_of_every_epoch_stays_on_screen(
    runs: list[tuple[int, bytes, dict[str, list[float]]]], index: int
) -> None:
    columns, output, history = runs[index]
    lines = screen(output, columns)
    assert [line for line in lines if line.startswith("Epoch ")] == [
        "Epoch 1/3",
        "Epoch 2/3",
        "Epoch 3/3",
    ]  # fit(verbose=0) and still our lines: the callback was asked for
    assert any(name.startswith("val_") for name in history)
    starts = [i for i, line in enumerate(lines) if line.startswith("Epoch ")] + [len(lines)]
    for epoch in range(3):
        rows = lines[starts[epoch] + 1 : starts[epoch + 1]]
        assert re.match(r"^4/4 (\[=+\]|━+) ", rows[0]), rows
        assert len(rows) > 1  # the figures did not fit one row: some continue below
        for name, values in history.items():
            item = f"- {name}: {keras_format(values[epoch])}"
            # on one row, so whole: preceded by the row's start or a space, ended by a space or EOL
            assert any(re.search(rf"(^|\s){re.escape(item)}(\s|$)", row) for row in rows), (
                item,
                rows,
            )


@pytest.mark.parametrize("index", [0, 1], ids=["80-columns", "100-columns"])
def test_no_drawn_line_is_wider_than_the_terminal(
    runs: list[tuple[int, bytes, dict[str, list[float]]]], index: int
) -> None:
    """A line wider than the terminal is what makes it wrap, mid-word; none is ever written."""
    columns, output, _ = runs[index]
    drawn = frames(output)
    assert len(drawn) > 9  # headers, live frames, finished rows
    widest = max(wcwidth.width(frame) for frame in drawn)
    assert widest <= columns
    assert widest > columns - 10  # the rows used the room they had


@pytest.mark.parametrize("index", [0, 1], ids=["80-columns", "100-columns"])
def test_every_epoch_draws_its_bar_at_one_width(
    runs: list[tuple[int, bytes, dict[str, list[float]]]], index: int
) -> None:
    """The first epoch's step time (compiling included) reads shorter than the others'.

    Before, each finished line's bar shrank to fit its own metrics, so a real
    ``fit`` drew bars of 26, 24, 24 cells at 80 columns.
    """
    columns, output, _ = runs[index]
    lines = screen(output, columns)
    finished = [lines[i + 1] for i, line in enumerate(lines) if line.startswith("Epoch ")]
    bars = [re.match(r"^4/4 (\[=+\]|━+) ", row) for row in finished]
    assert len(bars) == 3 and all(bars), finished
    assert len({len(bar.group(1)) for bar in bars if bar}) == 1, finished
