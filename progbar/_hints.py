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
"""

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
__all__ = [  # what annotations may name as t.<name>
    "Any",
    "AsyncIterable",
    "AsyncIterator",
    "AsyncTracked",
    "Awaitable",
    "Callable",
    "Clock",
    "HTTPMessage",
    "Handle",
    "Iterable",
    "Iterator",
    "Mapping",
    "NoReturn",
    "Optional",
    "R",
    "Sequence",
    "Suspension",
    "T",
    "TextIO",
    "Tracked",
    "Union",
    "Values",
]
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
    from typing import Any, Callable, NoReturn, Optional, TextIO, TypeVar, Union

    from ._loops import AsyncTracked, Tracked
    from ._output.suspending import Suspension
    from ._share.handle import Handle

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
        import collections.abc
        import typing

        names = {n: getattr(collections.abc, n) for n in _ABC}
        names.update({n: getattr(typing, n) for n in _TYPING})
        from http.client import HTTPMessage

        from ._loops import AsyncTracked, Tracked
        from ._output.suspending import Suspension
        from ._share.handle import Handle

        names["Suspension"] = Suspension
        names.update(HTTPMessage=HTTPMessage, Tracked=Tracked, AsyncTracked=AsyncTracked)
        names["Handle"] = Handle
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
