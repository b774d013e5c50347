"""``progbar.install()`` / ``uninstall()``: every tqdm and Keras bar in the program draws here.

tqdm's classes get :class:`progbar.tqdm`'s methods (``tqdm_patch``); Keras's
``Progbar`` is rebound where Keras bound it (``keras_patch``). Neither library
is imported here: each is patched the moment it is imported (``import_hooks``),
or at once if it already was. A patch that fails leaves that library drawing
its own bars and warns; it never breaks the import or the program.
"""

from __future__ import annotations

from .. import _hints as t
from .import_hooks import PostImport, when_imported
from .keras_patch import DOWNLOAD_MODULE, MODULES, KerasDownloadBar, KerasPatch
from .tqdm_patch import DISPLAY_CLASSES, TqdmPatch

__all__ = ["Installed", "install", "installed", "uninstall"]


class _State:
    """What is installed now: the patches to undo and the import hook to remove."""

    def __init__(self) -> None:
        self.finder: t.Optional[PostImport] = None
        self.tqdm = TqdmPatch()
        self.keras = KerasPatch()


_state = _State()


class Installed:
    """What :func:`install` returns; ``with progbar.install():`` uninstalls on exit.

    Only the ``with`` that did the installing uninstalls: inside a program that
    already called ``install()``, a ``with progbar.install():`` block changes nothing.
    """

    def __init__(self, owner: bool) -> None:
        self.owner = owner

    def __enter__(self) -> Installed:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.owner:
            uninstall()

    def __repr__(self) -> str:
        return f"<progbar.install(): {'installed' if installed() else 'uninstalled'}>"


def installed() -> bool:
    """Is :func:`install` in force?"""
    return _state.finder is not None


def install(*, tqdm: bool = True, keras: bool = True) -> Installed:
    """Make the bars of tqdm and Keras draw through progbar, from now until :func:`uninstall`.

    Every class derived from ``tqdm.std.tqdm`` (``tqdm.auto``, ``tqdm.asyncio``,
    ``tqdm.notebook``, the subclasses of huggingface_hub and datasets), including in
    modules that ran ``from tqdm import tqdm`` before this call, and Keras's
    ``Progbar`` as ``keras.utils.get_file`` and ``model.fit`` use it, draw on
    progbar's screens: one region on a terminal, one cadence in a log, one output in
    a notebook. Their own arguments keep their meaning, tqdm's ``TQDM_*``
    environment defaults included. Libraries not imported yet are patched when they
    are; none is imported here. Calling it again does nothing.

    Args:
        tqdm: patch tqdm's classes.
        keras: rebind Keras's ``Progbar``.

    Returns:
        An object whose ``with`` block ends with :func:`uninstall`.

    Raises:
        TypeError: ``tqdm`` or ``keras`` is not a bool.
    """
    for name, value in (("tqdm", tqdm), ("keras", keras)):
        if not isinstance(value, bool):
            raise TypeError(f"install() takes a bool as {name}, got {type(value).__name__}")
    if installed():
        return Installed(owner=False)
    finder = _state.finder = PostImport()
    if tqdm:
        when_imported(finder, "tqdm.std", _guarded(_state.tqdm.patch_std))
        for module, (class_name, own) in DISPLAY_CLASSES.items():
            when_imported(finder, module, _guarded(_display_patch(class_name, own)))
    if keras:
        for module in MODULES:
            when_imported(finder, module, _guarded(_state.keras.rebind))
        download = _guarded(lambda m: _state.keras.rebind(m, KerasDownloadBar))
        when_imported(finder, DOWNLOAD_MODULE, download)
    return Installed(owner=True)


def uninstall() -> None:
    """Give tqdm and Keras their own bars back; bars made while installed are closed.

    Does nothing when :func:`install` is not in force.
    """
    finder, _state.finder = _state.finder, None
    if finder is None:
        return
    finder.remove()
    _state.keras.undo()
    _state.tqdm.undo()


def _display_patch(class_name: str, own: tuple[str, ...]) -> t.Callable[[t.Any], None]:
    def patch(module: t.Any) -> None:
        _state.tqdm.patch_display_class(module, class_name, own)

    return patch


def _guarded(patch: t.Callable[[t.Any], None]) -> t.Callable[[t.Any], None]:
    """``patch``, which warns instead of raising into the import that triggered it."""

    def run(module: t.Any) -> None:
        try:
            patch(module)
        except Exception as error:  # a library version we do not know: its own bars stay
            import warnings

            warnings.warn(
                f"progbar.install() left {module.__name__} drawing its own bars: {error!r}",
                RuntimeWarning,
                stacklevel=2,
            )

    return run
