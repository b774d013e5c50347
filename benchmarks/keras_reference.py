"""Run the real ``keras.utils.Progbar`` source without a backend: the one loader.

Keras 3 needs a backend (TensorFlow, JAX or PyTorch) to ``import keras``;
its ``progbar.py`` needs only numpy. So the file is located without
importing Keras and executed with its two Keras imports stubbed out. The
benchmarks time it as users run it (printing to ``sys.stdout``); the parity
tests run it under a fake clock, printing into a list (``tests/conftest.py``
puts this folder on ``sys.path``).
"""

from __future__ import annotations

import builtins
import importlib.util
import pathlib
import sys
import types
from typing import Any, Callable, Optional


def keras_progbar_class(
    clock: Optional[Callable[[], float]] = None, printed: Optional[list[str]] = None
) -> Any:
    """``keras.src.utils.progbar.Progbar``, on ``clock`` (default: Keras's ``time.time``),
    printing into ``printed`` (default: ``sys.stdout``, flushed, as Keras's ``print_msg``)."""
    spec = importlib.util.find_spec("keras")
    if spec is None or spec.origin is None:
        raise ImportError("keras is not installed")
    path = pathlib.Path(spec.origin).parent / "src" / "utils" / "progbar.py"
    source = compile(path.read_text(), str(path), "exec")

    def print_msg(message: str, line_break: bool = True) -> None:
        text = message + ("\n" if line_break else "")
        if printed is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            printed.append(text)

    stubs = {
        "keras.src.api_export": types.SimpleNamespace(keras_export=lambda *a, **k: lambda o: o),
        "keras.src.utils": types.SimpleNamespace(
            io_utils=types.SimpleNamespace(print_msg=print_msg)
        ),
    }
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        return stubs[name] if name in stubs else real_import(name, *args, **kwargs)

    namespace: dict[str, Any] = {
        "__name__": "keras_progbar_reference",
        "__builtins__": dict(vars(builtins), __import__=fake_import),
    }
    exec(source, namespace)
    if clock is not None:
        namespace["time"] = types.SimpleNamespace(time=clock)
    return namespace["Progbar"]
