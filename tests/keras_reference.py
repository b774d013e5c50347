"""Run the real ``keras.utils.Progbar`` source under a fake clock, for parity tests.

Keras 3 needs a backend (TensorFlow, JAX or PyTorch) to ``import keras``;
its ``progbar.py`` needs only numpy. So the file is located without
importing Keras and executed with its two Keras imports stubbed out.
"""

from __future__ import annotations

import builtins
import importlib.util
import pathlib
import types
from typing import Any, Callable


def keras_progbar_class(clock: Callable[[], float], printed: list[str]) -> Any:
    """``keras.src.utils.progbar.Progbar`` bound to ``clock``, printing into ``printed``."""
    spec = importlib.util.find_spec("keras")
    if spec is None or spec.origin is None:
        raise ImportError("keras is not installed")
    path = pathlib.Path(spec.origin).parent / "src" / "utils" / "progbar.py"
    source = compile(path.read_text(), str(path), "exec")

    def print_msg(message: str, line_break: bool = True) -> None:
        printed.append(message + ("\n" if line_break else ""))

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
    namespace["time"] = types.SimpleNamespace(time=clock)
    return namespace["Progbar"]
