"""Make Keras's own bars draw through progbar: rebind ``Progbar`` where Keras bound it.

``keras.src.utils.file_utils`` (``get_file``) and ``keras.src.callbacks.progbar_logger``
(``fit``'s ``ProgbarLogger``) ran ``from keras.src.utils.progbar import Progbar``
when they were imported, so assigning ``keras.utils.Progbar`` changes nothing they
draw: the name has to be rebound in each module that holds it. progbar's
:class:`~progbar.Progbar` takes Keras's arguments with Keras's meaning (``verbose``,
``stateful_metrics``, ``stateless_metrics``, ``unit_name``, ``interval``).
Nothing here imports Keras: ``install()`` calls these when Keras's modules load.
"""

from __future__ import annotations

from .. import _hints as t
from .._progbar import Progbar

__all__ = ["DOWNLOAD_MODULE", "MODULES", "KerasDownloadBar", "KerasPatch"]

MODULES = (
    "keras.src.callbacks.progbar_logger",
    "keras.src.utils",
    "keras.utils",
    "keras.api.utils",
)
"""Modules that hold Keras's ``Progbar`` under that name, each rebound to progbar's.

Not ``keras.src.utils.progbar``, which defines it: rebinding it there would hand
progbar's class to every module imported later, and ``uninstall()`` could not
tell those apart from modules that bound progbar's class on purpose."""

DOWNLOAD_MODULE = "keras.src.utils.file_utils"
"""``get_file``'s module: its ``Progbar`` counts bytes, so it gets :class:`KerasDownloadBar`."""


class KerasDownloadBar(Progbar):
    """The bar ``keras.utils.get_file`` makes: Keras's ``Progbar(total_size)`` counting bytes.

    Keras counts the download in bytes and shows them as steps; progbar shows them as
    bytes (``12.3 MB/45.6 MB``) with a transfer rate, as its own downloads do.
    """

    def __init__(self, target: t.Optional[float] = None, *args: t.Any, **kwargs: t.Any) -> None:
        kwargs.setdefault("units", "bytes")
        super().__init__(target, *args, **kwargs)


class KerasPatch:
    """The module attributes rebound so far, to put back on ``uninstall()``."""

    def __init__(self) -> None:
        self.saved: list[tuple[t.Any, object]] = []

    def rebind(self, module: t.Any, bar_class: type = Progbar) -> None:
        """Point ``module.Progbar`` at ``bar_class``, remembering the original."""
        original = getattr(module, "Progbar", None)
        if original is None or (isinstance(original, type) and issubclass(original, Progbar)):
            return  # no such name here, or already ours
        self.saved.append((module, original))
        setattr(module, "Progbar", bar_class)  # noqa: B010  # a module attribute by name

    def undo(self) -> None:
        for module, original in reversed(self.saved):
            setattr(module, "Progbar", original)  # noqa: B010
        self.saved.clear()
