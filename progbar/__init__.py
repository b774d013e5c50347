"""progbar: Keras-compatible progress bars with a steady ETA and clean logs.

This is the public API; every other module is private.

``Progbar``, ``track``/``atrack`` and ``write`` are imported with the
package; the other entry points load on first use (PEP 562), so that
``import progbar`` stays a few milliseconds: the Keras callback, the
epoch loop, downloads, file wrapping and ``logging`` redirection are each
imported the first time their name is looked up, ``from progbar import
epochs`` included.
"""

from __future__ import annotations

from ._hints import readable as _readable
from ._output.printing import write
from ._progbar import Progbar
from ._track import atrack, track

_readable(Progbar, atrack, track, write)  # help() shows their annotations bare

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:  # what the lazy names below are, for type checkers and IDEs
    from ._compat.install import install, uninstall
    from ._compat.tqdm_class import pandas, tqdm
    from ._futures import as_completed, gather
    from ._output.capture import set_capture
    from ._output.logging_redirect import redirect_logging
    from ._output.suspending import Suspension, suspend
    from ._remote import serve
    from ._rollup import RollUp
    from ._share.handle import Handle
    from ._training.callback import ProgbarLogger, keras_callback
    from ._training.epoch import Epoch
    from ._training.loop import Epochs, epochs
    from ._transfer.filewrap import wrap_file
    from ._transfer.urlhook import reporthook, urlretrieve
    from .types import AsyncTracked, BarOptions, FileProgress, ReportHook, Tracked

__version__ = "0.2.0"

__all__ = (
    "AsyncTracked",
    "BarOptions",
    "Epoch",
    "Epochs",
    "FileProgress",
    "Handle",
    "Progbar",
    "ProgbarLogger",
    "ReportHook",
    "RollUp",
    "Suspension",
    "Tracked",
    "__version__",
    "as_completed",
    "atrack",
    "epochs",
    "gather",
    "install",
    "keras_callback",
    "pandas",
    "redirect_logging",
    "reporthook",
    "serve",
    "set_capture",
    "suspend",
    "tqdm",
    "track",
    "uninstall",
    "urlretrieve",
    "wrap_file",
    "write",
)

_LAZY = {
    "AsyncTracked": "types",
    "BarOptions": "types",
    "Epoch": "_training.epoch",
    "Epochs": "_training.loop",
    "FileProgress": "types",
    "Handle": "_share.handle",
    "ProgbarLogger": "_training.callback",
    "ReportHook": "types",
    "RollUp": "_rollup",
    "as_completed": "_futures",
    "epochs": "_training.loop",
    "gather": "_futures",
    "install": "_compat.install",
    "keras_callback": "_training.callback",
    "pandas": "_compat.tqdm_class",
    "redirect_logging": "_output.logging_redirect",
    "reporthook": "_transfer.urlhook",
    "set_capture": "_output.capture",
    "suspend": "_output.suspending",
    "Suspension": "_output.suspending",
    "serve": "_remote",
    "tqdm": "_compat.tqdm_class",
    "Tracked": "types",
    "uninstall": "_compat.install",
    "urlretrieve": "_transfer.urlhook",
    "wrap_file": "_transfer.filewrap",
}
"""Public name -> the private module that defines it, imported on first lookup."""

if not TYPE_CHECKING:  # hidden from type checkers: ``progbar.typo`` stays an error for them

    def __getattr__(name: str) -> object:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module 'progbar' has no attribute {name!r}")
        from importlib import import_module

        value = getattr(import_module(f".{module}", __name__), name)
        _readable(value)
        globals()[name] = value  # found directly from now on
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *_LAZY})


del TYPE_CHECKING  # not a public name of the package
del (
    annotations
)  # nor is the __future__ feature (the future import still applies: it is compile-time)
