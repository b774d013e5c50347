"""Make tqdm's own classes draw through progbar: the methods of :class:`progbar.tqdm` on them.

Patching the class, not the name, is what reaches the bars of libraries that ran
``from tqdm import tqdm`` before ``install()``, and every subclass (``tqdm.auto``,
``tqdm.asyncio``, huggingface_hub's and datasets' own): they all look their methods
up on ``tqdm.std.tqdm`` at call time. The methods are :class:`progbar.tqdm`'s own
functions (one tqdm emulation, not two), run on the tqdm instance itself.

Each patched method routes by instance: a bar made while installed carries a
progbar bar (``_bar``) and gets progbar's method; a bar made before ``install()``
keeps tqdm's. The environment defaults tqdm read at import (``TQDM_DISABLE``,
``TQDM_MININTERVAL``... through its ``envwrap``) are taken from tqdm's own
``__init__`` and applied the same way. Subclasses that only draw differently
(notebook, rich, tk, gui) have their drawing overrides skipped, so that their bars
draw through progbar's notebook output and screens too.
"""

from __future__ import annotations

from .. import _hints as t
from .tqdm_class import tqdm as progbar_tqdm
from .tqdm_parts import EXTRAS, FOREIGN

__all__ = ["DISPLAY_CLASSES", "TqdmPatch"]

DISPLAY_CLASSES = {
    "tqdm.notebook": ("tqdm_notebook", ("display",)),
    "tqdm.rich": ("tqdm_rich", ("progress", "options")),
    "tqdm.gui": ("tqdm_gui", ()),
    "tqdm.tk": ("tqdm_tk", ("grab", "tk_parent", "cancel_callback")),
}
"""Modules of tqdm's drawing subclasses: the class, and the keywords only it takes."""

KEPT = {"__init__", "__dict__", "__weakref__", "__module__", "__doc__", "__qualname__",
        "__annotations__", "_lock", "monitor", "monitor_interval", "get_lock", "set_lock",
        "pandas", "__static_attributes__", "__firstlineno__", "__new__", "__init_subclass__",
        "__del__", "__getattr__", "__reduce__", "__reduce_ex__", "__getstate__",
        "__setstate__"}  # fmt: skip
"""Names of ``progbar.tqdm`` not copied: tqdm's construction, lock, pickling and pandas
hooks stay tqdm's (its ``__new__`` keeps the class-wide set of bars ``tqdm.write`` reads)."""

DRAWING = ("__iter__", "update", "close", "clear", "display", "reset", "refresh")
"""The methods a drawing subclass overrides to draw its own way."""


MARK = "_made_by_progbar"
"""Set on an instance first thing in the patched ``__init__``: progbar's methods serve it from
then on (its own ``__init__`` calls some before its progbar bar exists)."""


def _ours(instance: object) -> bool:
    """Was ``instance`` made while installed?"""
    return MARK in vars(instance)


def _routed_function(ours: t.Callable[..., t.Any], theirs: t.Any) -> t.Callable[..., t.Any]:
    def method(self: t.Any, *args: t.Any, **kwargs: t.Any) -> t.Any:
        if _ours(self):
            return ours(self, *args, **kwargs)
        if theirs is None:
            raise AttributeError(
                f"{type(self).__name__!r} object has no attribute {ours.__name__!r}"
            )
        return theirs.__get__(self, type(self))(*args, **kwargs)

    method.__name__ = method.__qualname__ = getattr(ours, "__name__", "method")
    method.__doc__ = ours.__doc__
    return method


def _routed_update(theirs: t.Any) -> t.Callable[..., t.Any]:
    ours = progbar_tqdm.update

    def update(self: t.Any, n: float = 1) -> t.Any:
        try:
            add = self._add  # the hot path: one lookup, then the bar's own add
        except AttributeError:  # a bar of tqdm's own (or a progbar.tqdm without _add)
            return ours(self, n) if _ours(self) else theirs(self, n)
        return add(n)

    update.__doc__ = progbar_tqdm.update.__doc__
    return update


class _RoutedProperty:
    """progbar's property for bars made while installed, the instance's own value otherwise."""

    def __init__(self, name: str, ours: property, theirs: t.Any) -> None:
        self.name, self.ours, self.theirs = name, ours, theirs
        self.__doc__ = ours.__doc__

    def __get__(self, instance: t.Any, owner: t.Any = None) -> t.Any:
        if instance is None:
            return self
        if _ours(instance):
            return self.ours.__get__(instance, owner)
        if self.theirs is not None and hasattr(self.theirs, "__get__"):
            return self.theirs.__get__(instance, owner)
        try:
            return vars(instance)[self.name]
        except KeyError:
            raise AttributeError(self.name) from None

    def __set__(self, instance: t.Any, value: t.Any) -> None:
        if _ours(instance) and self.ours.fset is not None:
            self.ours.__set__(instance, value)
        elif self.theirs is not None and hasattr(self.theirs, "__set__"):
            self.theirs.__set__(instance, value)
        else:
            vars(instance)[self.name] = value


class TqdmPatch:
    """The changes made to tqdm's classes, and how to undo them."""

    def __init__(self) -> None:
        self.saved: list[tuple[type, str, t.Any]] = []  # (class, name, original or MISSING)
        self.patched_std: t.Any = None

    def _set(self, cls: type, name: str, value: object) -> None:
        self.saved.append((cls, name, cls.__dict__.get(name, _MISSING)))
        setattr(cls, name, value)

    def patch_std(self, module: t.Any) -> None:
        """Give ``tqdm.std.tqdm`` progbar's methods (called once tqdm.std is imported)."""
        cls = module.tqdm
        if self.patched_std is cls:
            return
        self.patched_std = cls
        self._set(cls, "__init__", _make_init(cls.__dict__["__init__"]))
        for name, ours in _members(progbar_tqdm).items():
            if name in KEPT:
                continue
            theirs = cls.__dict__.get(name)
            if name == "update":
                self._set(cls, name, _routed_update(theirs))
            elif name == "close":
                self._set(cls, name, _routed_function(_close, theirs))
            elif isinstance(ours, property):
                self._set(cls, name, _RoutedProperty(name, ours, theirs))
            elif isinstance(ours, (classmethod, staticmethod)):
                self._set(cls, name, ours)  # write(): print above progbar's bars
            elif callable(ours):
                self._set(cls, name, _routed_function(ours, theirs))
        self._set(cls, "monitor_interval", 0)  # progbar's refresher does the monitor's job
        if "__getattr__" not in cls.__dict__:
            self._set(cls, "__getattr__", _make_getattr())

    def patch_display_class(self, module: t.Any, class_name: str, own: tuple[str, ...]) -> None:
        """Skip a drawing subclass's own drawing: its bars go to the class above it."""
        cls = getattr(module, class_name, None)
        if cls is None:
            return
        self._set(cls, "__init__", _skipping_init(cls, cls.__dict__["__init__"], own))
        for name in DRAWING:
            theirs = cls.__dict__.get(name)
            if theirs is not None:
                self._set(cls, name, _skipping(cls, name, theirs))

    def undo(self) -> None:
        """Put back every original, newest change first; close bars left open."""
        cls = self.patched_std
        live = [bar for bar in list(getattr(cls, "_instances", ())) if _ours(bar)]
        for bar in live:
            _freeze(bar)
        for owner, name, original in reversed(self.saved):
            if original is _MISSING:
                delattr(owner, name)
            else:
                setattr(owner, name, original)
        self.saved.clear()
        self.patched_std = None


_MISSING = object()


def _members(cls: type) -> dict[str, t.Any]:
    """``cls``'s attributes with those of the mixins it is made of (the nearest wins)."""
    found: dict[str, t.Any] = {}
    for base in cls.__mro__:
        if base is not object:
            for name, value in vars(base).items():
                found.setdefault(name, value)
    return found


def _make_init(theirs: t.Any) -> t.Callable[..., None]:
    """An ``__init__`` with tqdm's environment defaults over :class:`progbar.tqdm`'s.

    A keyword this tqdm takes and ``progbar.tqdm`` does not know (a newer tqdm's)
    is dropped, as are its environment defaults: tqdm code must not break here.
    """
    env = dict(getattr(theirs, "keywords", None) or {})  # envwrap's partialmethod keywords
    from inspect import signature

    positional = list(signature(progbar_tqdm.__init__).parameters)[1:]
    known = {*positional, *EXTRAS, *FOREIGN}
    try:
        unknown = set(signature(getattr(theirs, "func", theirs)).parameters) - known - {"self"}
    except (TypeError, ValueError):  # no signature to read: keep every keyword
        unknown = set()
    unknown.discard("kwargs")

    def __init__(self: t.Any, *args: t.Any, **kwargs: t.Any) -> None:
        given = set(positional[: len(args)]) | set(kwargs)
        options = {name: value for name, value in env.items() if name not in given}
        options.update(kwargs)
        for name in unknown.intersection(options):
            del options[name]
        vars(self)[MARK] = True
        try:
            progbar_tqdm.__init__(self, *args, **options)
        except BaseException:
            self.disable = True  # tqdm's __del__ closes it: nothing to close, as in tqdm
            raise
        self.fp = options.get("file") or _stderr()  # tqdm's name for the stream
        if self.miniters is None:  # tqdm's monitor thread compares it with 1
            self.miniters = 0
        self.gui = False  # read by tqdm's class-wide helpers

    __init__.__doc__ = progbar_tqdm.__init__.__doc__
    return __init__


def _make_getattr() -> t.Callable[[t.Any, str], t.Any]:
    """``__getattr__`` for tqdm's attributes that ``progbar.tqdm`` does not keep.

    Code reads ``bar.fp``, ``bar.start_t``, ``bar.last_print_n``, ``bar.ncols``...
    of a tqdm bar; for one made while installed these give tqdm's defaults or
    the bar's own figures rather than an AttributeError in the user's loop.
    """
    defaults = dict(_TQDM_DEFAULTS)

    def __getattr__(self: t.Any, name: str) -> t.Any:
        if name.startswith("__") or not _ours(self):
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        if name in ("last_print_n", "pos"):
            return self.n if name == "last_print_n" else 0
        if name in ("start_t", "last_print_t"):
            from time import time

            return time() - (self.bar.elapsed if name == "start_t" else 0.0)
        if name in defaults:
            return defaults[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    return __getattr__


_TQDM_DEFAULTS = {
    "ncols": None, "nrows": None, "maxinterval": 10.0, "dynamic_ncols": False, "bar_format": None,
    "postfix": None, "write_bytes": False, "lock_args": None, "colour": None, "delay": 0.0,
    "gui": False, "sp": None, "avg_time": None, "ascii": None, "position": None,
    "dynamic_miniters": False, "smoothing": 0.3,
}  # fmt: skip
"""tqdm's own defaults for the attributes above (its ``__init__``'s)."""


def _stderr() -> t.Any:
    import sys

    return sys.stderr


def _close(self: t.Any) -> None:
    progbar_tqdm.close(self)
    instances = getattr(type(self), "_instances", None)
    if instances is not None:
        instances.discard(self)  # as tqdm's close does, so tqdm.write skips it


def _freeze(bar: t.Any) -> None:
    """End a bar made while installed, leaving plain values tqdm's methods can read."""
    values = {"n": bar.n, "total": bar.total, "desc": bar.desc}
    _close(bar)
    vars(bar).update(values)


def _skipping_init(cls: t.Any, theirs: t.Any, own: tuple[str, ...]) -> t.Callable[..., None]:
    def __init__(self: t.Any, *args: t.Any, **kwargs: t.Any) -> None:
        for name in own:
            kwargs.pop(name, None)
        super(cls, self).__init__(*args, **kwargs)

    __init__.__doc__ = getattr(theirs, "__doc__", None)
    return __init__


def _skipping(cls: t.Any, name: str, theirs: t.Any) -> t.Callable[..., t.Any]:
    def method(self: t.Any, *args: t.Any, **kwargs: t.Any) -> t.Any:
        if _ours(self):
            return getattr(super(cls, self), name)(*args, **kwargs)
        return theirs.__get__(self, type(self))(*args, **kwargs)

    method.__name__ = method.__qualname__ = name
    return method
