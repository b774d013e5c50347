"""``progbar.ProgbarLogger``: Keras's callback hooks, from a hand-written loop and from Keras.

Keras 3 cannot be imported here without a backend (TensorFlow, JAX or
PyTorch), so the Keras side is Keras's own source: ``callback.py`` and
``progbar_logger.py`` are executed with their backend imports stubbed out
(as ``keras_reference`` does for ``progbar.py``). The test that imports
Keras for real runs only where ``import keras`` works.
"""

from __future__ import annotations

import builtins
import importlib.util
import io
import pathlib
import subprocess
import sys
import types
from typing import Any

import keras_backend
import pytest
from harness import FakeClock, TtyStringIO, screen_of

import progbar
from progbar import ProgbarLogger
from progbar._training.callback import keras_class

keras_reference = pytest.importorskip("benchmarks.keras_reference")


def fit_like(
    cb: Any,
    clock: FakeClock,
    verbose: object = "auto",
    epochs: int = 3,
    val_time: float = 5.0,
    accuracy: bool = True,
) -> None:
    """The hook calls Keras 3's ``fit`` makes, with Keras-style running-average logs."""
    steps = 10
    cb.set_params({"verbose": verbose, "epochs": epochs, "steps": steps})
    cb.on_train_begin()
    for e in range(epochs):
        cb.on_epoch_begin(e)
        for batch in range(steps):
            cb.on_train_batch_begin(batch)
            clock.tick(0.1)
            logs = {"loss": 1.0 / (e + 1) + 0.01 * batch, "accuracy": 0.5}
            cb.on_train_batch_end(batch, logs if accuracy else {"loss": logs["loss"]})
        # fit() validates through the same callbacks: they must stay silent
        cb.on_test_begin()
        for batch in range(3):
            clock.tick(val_time / 3)
            cb.on_test_batch_end(batch, {"loss": 9.0})
        cb.on_test_end({"loss": 9.0})
        logs = {"loss": 1.0 / (e + 1), "accuracy": 0.5, "val_loss": 0.5 / (e + 1)}
        if not accuracy:
            del logs["accuracy"]
        cb.on_epoch_end(e, logs)
    cb.on_train_end({"loss": 1.0 / epochs})


def test_hand_written_loop_verbose_2() -> None:
    stream, clock = io.StringIO(), FakeClock()
    cb = ProgbarLogger(2, file=stream, clock=clock)
    fit_like(cb, clock)
    assert stream.getvalue() == (
        "Epoch 1/3\n"
        "10/10 - 1s - 100ms/step - loss: 1.0000 - accuracy: 0.5000 - val_loss: 0.5000\n"
        "Epoch 2/3\n"
        "10/10 - 1s - 100ms/step - loss: 0.5000 - accuracy: 0.5000 - val_loss: 0.2500\n"
        "Epoch 3/3\n"
        "10/10 - 1s - 100ms/step - loss: 0.3333 - accuracy: 0.5000 - val_loss: 0.1667\n"
    )


def test_params_give_verbose_epochs_and_unknown_steps() -> None:
    stream, clock = TtyStringIO(), FakeClock()
    cb = ProgbarLogger(file=stream, clock=clock, display="tty", width=10)
    cb.set_params({"verbose": 1, "epochs": 2, "steps": None})
    cb.on_train_begin()
    for e in range(2):
        cb.on_epoch_begin(e)
        for batch in range(4):
            clock.tick(0.1)
            cb.on_train_batch_end(batch, {"loss": 0.25})
        assert cb.progbar is not None and cb.progbar.target == (None if e == 0 else 4)
        cb.on_epoch_end(e, {"loss": 0.25, "val_loss": 0.125})
    cb.on_train_end()
    screen = [line.rstrip() for line in screen_of(stream.getvalue(), rows=5).display]
    assert screen == [
        "Epoch 1/2",
        "4/4 [==========] - 0s 100ms/step - loss: 0.2500 - val_loss: 0.1250",
        "Epoch 2/2",
        "4/4 [==========] - 0s 100ms/step - loss: 0.2500 - val_loss: 0.1250",
        "",
    ]
    assert "/Unknown" in stream.getvalue().split("Epoch 2/2")[0]


def test_evaluate_and_predict_outside_fit_show_their_own_bar() -> None:
    stream, clock = io.StringIO(), FakeClock()
    cb = ProgbarLogger(file=stream, clock=clock)
    cb.set_params({"verbose": 2, "epochs": 1, "steps": 4})
    cb.on_test_begin()
    for batch in range(4):
        clock.tick(0.5)
        cb.on_test_batch_end(batch, {"loss": 2.0})
    cb.on_test_end({"loss": 1.5, "accuracy": 0.75})
    cb.on_predict_begin()
    for batch in range(4):
        clock.tick(0.25)
        cb.on_predict_batch_end(batch, {"outputs": [1, 2, 3]})
    cb.on_predict_end()
    assert stream.getvalue() == (
        "4/4 - 2s - 500ms/step - loss: 1.5000 - accuracy: 0.7500\n4/4 - 1s - 250ms/step\n"
    )


def test_metric_options_make_progbar_average_raw_logs() -> None:
    stream, clock = io.StringIO(), FakeClock()
    cb = ProgbarLogger(2, epochs=1, steps=3, stateful_metrics=["lr"], file=stream, clock=clock)
    cb.on_epoch_begin(0)
    for batch, loss in enumerate([1.0, 2.0, 6.0]):
        clock.tick(1.0)
        cb.on_batch_end(batch, {"loss": loss, "lr": 0.1 / (batch + 1)})
    cb.on_epoch_end(0)
    assert stream.getvalue() == "3/3 - 3s - 1s/step - loss: 3.0000 - lr: 0.0333\n"


@pytest.mark.parametrize(
    ("ours", "fits", "lines"),
    [
        (None, 0, "bar"),  # in callbacks=[...]: fit(verbose=0) only silences Keras's own bar
        (None, "auto", "bar"),
        (None, 1, "bar"),
        (None, 2, "summary"),  # fit(verbose=2): one line per epoch
        (0, 1, ""),  # a verbose given to the callback wins
        (0, 2, ""),
        (2, 1, "summary"),
        (1, 0, "bar"),
    ],
)
def test_callback_draws_whatever_fits_verbose_unless_told(
    ours: object, fits: object, lines: str
) -> None:
    stream, clock = io.StringIO(), FakeClock()
    fit_like(ProgbarLogger(ours, file=stream, clock=clock, display="log"), clock, verbose=fits)
    out = stream.getvalue()
    epoch_lines = [line for line in out.splitlines() if line.startswith("10/10 ")]
    if lines == "":
        assert out == ""
    elif lines == "summary":  # verbose=2: the epoch's line only, with the step time
        assert [line.split(" - ")[:3] for line in epoch_lines] == [
            ["10/10", "1s", "100ms/step"]
        ] * 3
    else:  # verbose=1 into a log: the bar's finished line ends each epoch
        assert len(epoch_lines) == 3 and all(" [====" in line for line in epoch_lines)
    assert all(" - val_loss: " in line for line in epoch_lines)


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"verbose": 5}, ValueError, "verbose"),
        ({"epochs": "3"}, TypeError, "epochs"),
        ({"steps": -2}, ValueError, "steps"),
        ({"width": 0}, ValueError, "width"),
    ],
)
def test_bad_arguments_raise_at_the_call(
    kwargs: dict[str, Any], error: type[Exception], name: str
) -> None:
    with pytest.raises(error, match=name):
        ProgbarLogger(**kwargs)


# -- against Keras's own callback source ------------------------------------------------------


def keras_source(relpath: str, stubs: dict[str, object]) -> dict[str, Any]:
    """Execute ``keras/src/<relpath>`` with the named imports replaced by ``stubs``."""
    spec = importlib.util.find_spec("keras")
    if spec is None or spec.origin is None:  # pragma: no cover - keras is in the test extra
        pytest.skip("keras is not installed")
    path = pathlib.Path(spec.origin).parent / "src" / relpath
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        return stubs[name] if name in stubs else real_import(name, *args, **kwargs)

    namespace: dict[str, Any] = {
        "__name__": "keras_source_" + path.stem,
        "__builtins__": dict(vars(builtins), __import__=fake_import),
    }
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    return namespace


def mark_default(method: Any) -> Any:
    method._is_default = True  # what keras.src.utils.default does
    return method


def keras_classes(clock: FakeClock, printed: list[str]) -> tuple[type, type]:
    """Keras 3's real ``Callback`` and ``ProgbarLogger`` classes, printing into ``printed``."""
    export = types.SimpleNamespace(keras_export=lambda *a, **k: lambda obj: obj)
    callback = keras_source(
        "callbacks/callback.py",
        {
            "keras.src": types.SimpleNamespace(
                backend=types.SimpleNamespace(backend=lambda: "numpy"),
                utils=types.SimpleNamespace(default=mark_default),
            ),
            "keras.src.api_export": export,
        },
    )["Callback"]

    def print_msg(message: str, line_break: bool = True) -> None:
        printed.append(message + ("\n" if line_break else ""))

    logger = keras_source(
        "callbacks/progbar_logger.py",
        {
            "keras.src.api_export": export,
            "keras.src.callbacks.callback": types.SimpleNamespace(Callback=callback),
            "keras.src.utils": types.SimpleNamespace(
                io_utils=types.SimpleNamespace(print_msg=print_msg)
            ),
            "keras.src.utils.progbar": types.SimpleNamespace(
                Progbar=keras_reference.keras_progbar_class(clock, printed)
            ),
        },
    )["ProgbarLogger"]
    return callback, logger


def test_verbose_2_equals_keras_own_logger_and_leaves_validation_out() -> None:
    for val_time in (0.0, 5.0):
        clock, printed = FakeClock(), []
        _, keras_logger = keras_classes(clock, printed)
        fit_like(keras_logger(), clock, verbose=2, val_time=val_time)
        stream = io.StringIO()
        ours_clock = FakeClock()
        fit_like(
            ProgbarLogger(file=stream, clock=ours_clock), ours_clock, verbose=2, val_time=val_time
        )
        theirs = "".join(printed)
        if val_time == 0.0:
            assert stream.getvalue() == theirs
        else:  # Keras counts fit()'s validation pass in the epoch's time; progbar does not
            assert "10/10 - 6s - 600ms/step - loss: 1.0000" in theirs
            assert stream.getvalue() == theirs.replace("6s - 600ms/step", "1s - 100ms/step")


def test_verbose_1_screen_equals_keras_own_logger() -> None:
    clock, printed = FakeClock(), []
    _, keras_logger = keras_classes(clock, printed)
    # no accuracy: Keras's 20-cell bar line then fits the 80 columns progbar assumes here
    fit_like(keras_logger(), clock, verbose=1, val_time=0.0, accuracy=False)
    stream, ours_clock = TtyStringIO(), FakeClock()
    cb = ProgbarLogger(
        file=stream, clock=ours_clock, display="tty", look="keras3", color=True, width=20
    )
    fit_like(cb, ours_clock, verbose=1, val_time=0.0, accuracy=False)
    theirs = screen_of("".join(printed), columns=100, rows=7).display
    ours = screen_of(stream.getvalue(), columns=100, rows=7).display
    assert ours == theirs
    assert (
        ours[1].rstrip()
        == "10/10 ━━━━━━━━━━━━━━━━━━━━ 1s 100ms/step - loss: 1.0000 - val_loss: 0.5000"
    )
    assert (
        ours[5].rstrip()
        == "10/10 ━━━━━━━━━━━━━━━━━━━━ 1s 100ms/step - loss: 0.3333 - val_loss: 0.1667"
    )


def test_keras_class_is_a_real_keras_progbar_logger() -> None:
    clock, printed = FakeClock(), []
    keras_callback_cls, keras_logger = keras_classes(clock, printed)
    cls = keras_class(keras_logger)
    assert keras_class(keras_logger) is cls  # built once per Keras class
    stream = io.StringIO()
    cb = cls(2, file=stream, clock=clock)
    assert isinstance(cb, keras_logger) and isinstance(cb, keras_callback_cls)
    assert isinstance(cb, ProgbarLogger)
    model = object()
    cb.set_model(model)
    assert cb.model is model  # Keras's own property still works
    assert not getattr(cb.on_train_batch_end, "_is_default", False)
    fit_like(cb, clock)
    assert printed == []  # Keras's bar never drew: ours replaced it
    assert stream.getvalue().splitlines()[1] == (
        "10/10 - 1s - 100ms/step - loss: 1.0000 - accuracy: 0.5000 - val_loss: 0.5000"
    )


REAL_KERAS = """
import io, keras, progbar
out = io.StringIO()
cb = progbar.keras_callback(2, file=out)
assert isinstance(cb, keras.callbacks.Callback) and isinstance(cb, progbar.ProgbarLogger)
callbacks = keras.callbacks.CallbackList([cb], add_progbar=True, verbose=1, epochs=1, steps=2)
assert callbacks._progbar is cb, callbacks.callbacks
callbacks.on_train_begin()
callbacks.on_epoch_begin(0)
callbacks.on_train_batch_end(0, {"loss": 1.0})
callbacks.on_train_batch_end(1, {"loss": 0.5})
callbacks.on_epoch_end(0, {"loss": 0.5, "val_loss": 0.25})
callbacks.on_train_end()
print(out.getvalue(), end="")
"""


@pytest.fixture(scope="module")
def keras_importable() -> bool:
    """Whether ``import keras`` works here (Keras 3 needs a backend); checked in a child."""
    return keras_backend.real_keras_missing() is None


@pytest.mark.slow
def test_keras_callback_with_real_keras(keras_importable: bool) -> None:
    if not keras_importable:
        pytest.skip("keras cannot be imported here (no backend installed)")
    result = subprocess.run(
        [sys.executable, "-c", REAL_KERAS],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env=keras_backend.keras_env(),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("2/2 - ") and result.stdout.endswith(
        " - loss: 0.5000 - val_loss: 0.2500\n"
    )


@pytest.mark.slow
def test_keras_callback_without_a_working_keras_says_so() -> None:
    if importlib.util.find_spec("tensorflow") is not None:
        pytest.skip("tensorflow is installed: there is no backend here that Keras cannot load")
    code = (
        "import progbar\ntry:\n    progbar.keras_callback()\nexcept ImportError as e:\n    print(e)"
    )
    env = keras_backend.keras_env()
    env["KERAS_BACKEND"] = "tensorflow"  # not installed with the test extra: Keras cannot load
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert result.stdout.startswith("progbar.keras_callback needs a working Keras: ")


def test_public_names() -> None:
    assert progbar.ProgbarLogger is ProgbarLogger
    assert callable(progbar.keras_callback)
