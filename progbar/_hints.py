"""The names progbar's public annotations use, resolved only when something reads them.

The import-time rule, written once: ``import progbar`` must not import
``typing`` (with ``re``, ``collections`` and ``functools`` it costs more than
all of progbar), yet ``typing.get_type_hints()`` must work on every public
callable on every supported Python. So modules that define public callables
write their annotations as ``t.Optional[t.TextIO]`` after ``from . import
_hints as t``: the annotation strings name only ``t``, a real global of the
module; for the type checker ``t`` is this module's ``TYPE_CHECKING`` block,
and at run time the first ``t.<name>`` lookup (made by ``get_type_hints``,
whose caller has imported ``typing`` already) imports ``typing`` here.
Private helpers may keep names under ``if TYPE_CHECKING:``; they are never
evaluated.

``help()`` and ``inspect.signature`` show such a string as it is, quoted:
``file: 't.Optional[t.TextIO]'``. They cannot be given a signature lazily
(a function has no lazy attributes, and building ``inspect.Signature``
objects at import costs ``inspect``), but they show an annotation by its
``repr()``: :func:`readable` swaps each annotation string of the public
callables for the same string whose ``repr`` drops the quotes and the
``t.`` prefix (:class:`Shown`), so ``help()`` reads ``file:
Optional[TextIO] = None`` while ``get_type_hints`` evaluates the very
same text.
"""

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
__all__ = [  # what annotations may name as t.<name>
    "Any",
    "AsyncIterable",
    "AsyncIterator",
    "AsyncTracked",
    "Awaitable",
    "BarOptions",
    "Callable",
    "Clock",
    "DisplayChoice",
    "DisplayKind",
    "FileProgress",
    "HTTPMessage",
    "Handle",
    "Iterable",
    "Iterator",
    "Look",
    "Mapping",
    "NoReturn",
    "Optional",
    "PathLike",
    "R",
    "ReportHook",
    "Self",
    "Sequence",
    "Suspension",
    "T",
    "TextIO",
    "TracebackType",
    "Tracked",
    "Union",
    "Units",
    "Unpack",
    "Values",
]


class Shown(str):
    """An annotation string whose ``repr`` (what ``help()`` prints) is bare: Optional[TextIO]."""

    __slots__ = ()

    def __repr__(self) -> str:
        import re  # only when something shows it: inspect has imported re already

        return re.sub(r"(?<![\w.])t\.", "", str(self))


def readable(*objects: object) -> None:
    """Make ``help()`` show the annotations of ``objects`` (functions, or classes and their bases).

    ``progbar/__init__.py`` calls it on each public name as the name is
    loaded (``benchmarks/readable.py`` times it). Properties are left: help()
    shows no signature for them. Names help() hides (``_private``) too.
    """
    for obj in objects:
        if type(obj) is _FUNCTION:
            _show_bare(obj)
        elif isinstance(obj, type):
            seen = set()
            for klass in obj.__mro__[:-1]:  # not object's own
                for name, member in vars(klass).items():
                    if name in seen or (name[:1] == "_" and name[:2] != "__"):
                        continue
                    seen.add(name)
                    if type(member) is not _FUNCTION:  # a staticmethod, a classmethod, data
                        member = getattr(member, "__func__", None)
                    if type(member) is _FUNCTION:
                        _show_bare(member)


def _show_bare(function: "FunctionType") -> None:
    annotations = function.__annotations__
    for name, value in annotations.items():  # values only: the dict keeps its size
        if type(value) is str:
            annotations[name] = Shown(value)


# types.FunctionType, without importing types (mypy sees readable's own type: hence the ignore)
_FUNCTION: "type[FunctionType]" = type(readable)  # type: ignore[assignment]


if TYPE_CHECKING:
    from collections.abc import (
        AsyncIterable,
        AsyncIterator,
        Awaitable,
        Iterable,
        Iterator,
        Mapping,
        Sequence,
    )
    from http.client import HTTPMessage
    from os import PathLike
    from types import FunctionType, TracebackType
    from typing import Any, Callable, NoReturn, Optional, TextIO, TypeVar, Union

    from typing_extensions import Self, Unpack  # typing's from 3.11; mypy knows them anywhere

    from ._output.suspending import Suspension
    from ._share.handle import Handle
    from .types import (
        AsyncTracked,
        BarOptions,
        DisplayChoice,
        DisplayKind,
        FileProgress,
        Look,
        ReportHook,
        Tracked,
        Units,
    )

    T = TypeVar("T")
    R = TypeVar("R")
    Clock = Callable[[], float]
    """A zero-argument callable returning seconds."""
    Values = Union[Mapping[str, object], Iterable[tuple[str, object]], None]
    """Keras's ``[(name, value), ...]`` pairs, or a ``logs`` dict."""
if not TYPE_CHECKING:  # hidden from type checkers: they read the block above
    _ABC = ("AsyncIterable", "AsyncIterator", "Awaitable", "Iterable", "Iterator", "Mapping")
    _ABC += ("Sequence",)
    _TYPING = ("Any", "Callable", "NoReturn", "Optional", "TextIO", "TypeVar", "Union")

    def __getattr__(name: str) -> object:
        if name[:2] == "__":  # importlib's and inspect's probes (__path__...): never a hint
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        import collections.abc
        import os
        import types
        import typing

        names = {n: getattr(collections.abc, n) for n in _ABC}
        names.update({n: getattr(typing, n) for n in _TYPING})
        from http.client import HTTPMessage

        from . import types as _types
        from ._output.suspending import Suspension
        from ._share.handle import Handle

        names.update({n: getattr(_types, n) for n in _types.PUBLISHED})
        names["Suspension"] = Suspension
        names.update(HTTPMessage=HTTPMessage, Handle=Handle, Unpack=_unpack(typing))
        names.update(Self=_self(typing), TracebackType=types.TracebackType)
        names["PathLike"] = os.PathLike
        names["T"] = typing.TypeVar("T")
        names["R"] = typing.TypeVar("R")
        names["Clock"] = typing.Callable[[], float]
        names["Values"] = typing.Union[
            typing.Mapping[str, object], typing.Iterable[tuple[str, object]], None
        ]
        globals().update(names)  # found directly from now on
        if name not in names:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        return names[name]

    def _unpack(typing):
        """``typing.Unpack``; before Python 3.11, typing_extensions' or one that gives ``Any``.

        ``**options: t.Unpack[t.BarOptions]`` is exact for type checkers on
        every version; at run time, without ``Unpack``, ``get_type_hints``
        reads it as the ``**options: Any`` it means to Python 3.9 and 3.10.
        """
        found = getattr(typing, "Unpack", None)
        if found is None:
            try:
                from typing_extensions import Unpack as found
            except ImportError:

                class _AnyOptions:
                    def __getitem__(self, item):
                        return typing.Any

                found = _AnyOptions()
        return found

    def _self(typing):
        """``typing.Self``; before Python 3.11, typing_extensions' or a plain type variable."""
        found = getattr(typing, "Self", None)
        if found is None:
            try:
                from typing_extensions import Self as found
            except ImportError:
                found = typing.TypeVar("Self")
        return found
