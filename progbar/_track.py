"""``track()`` and ``atrack()``: a progress bar around any loop, for almost no cost per item.

How the loop is driven (chunks through C iterators, exact counts) is
``_loops``; this module only builds the bar from the user's keywords.
"""

from __future__ import annotations

import operator

# collections.abc's very classes, from the module it re-exports: it is loaded at startup (os
# imports it), while ``import collections.abc`` loads all of collections (~3 ms of our import)
from _collections_abc import AsyncIterable, Iterable

from . import _hints as t
from ._core.checks import check_number, show
from ._core.options import forwarded_options
from ._progbar import Progbar

__all__ = ["atrack", "track"]

NOT_TARGET = {"target": "takes the number of items as total="}


def _total(iterable: object, total: t.Optional[float]) -> t.Optional[float]:
    if total is not None:
        return check_number("total", total, minimum=0)
    try:
        hint = operator.length_hint(iterable, -1)
    except OverflowError:
        # more items than sys.maxsize (range(10**20)): len() cannot say so, but the
        # object itself can, and a plain ``for`` copes, so the bar must too
        try:
            if type(iterable) is range:  # range.__len__ overflows; its iterator's hint does not
                hint = iter(iterable).__length_hint__()  # type: ignore[attr-defined]
            else:
                hint = type(iterable).__len__(iterable)  # type: ignore[attr-defined]
        except Exception:  # no exact size to be had: the total is just unknown
            return None
        return hint if type(hint) is int and hint >= 0 else None
    except Exception:  # a broken __len__ must not stop the loop: the total is just unknown
        return None
    return hint if hint >= 0 else None


def track(
    iterable: t.Iterable[t.T], total: t.Optional[float] = None, **options: t.Unpack[t.BarOptions]
) -> t.Tracked[t.T]:
    """Loop over ``iterable`` with a progress bar, at almost the cost of the bare loop.

    Args:
        iterable: anything ``for`` accepts; it is read lazily, item by item.
        total: the number of items; default ``len(iterable)`` or its
            ``length_hint``, else unknown.
        **options: :class:`Progbar` arguments (``description``, ``file``,
            ``display``, ``interval``, ``unit_name``, ...).

    Returns:
        an iterable yielding exactly the items of ``iterable``, in order.
        The bar finishes when they run out, and stops at the exact count
        consumed, without claiming completion, on ``break`` or an exception.

    Raises:
        TypeError: ``iterable`` is not iterable, or an option is invalid.
        ValueError: an option is out of range.
    """
    if not isinstance(iterable, Iterable) and not hasattr(iterable, "__getitem__"):
        raise TypeError(f"iterable must be iterable, got {show(iterable)}")
    forwarded_options("track()", options, NOT_TARGET)
    bar = Progbar(_total(iterable, total), **options)
    from ._loops import Tracked

    return Tracked(iterable, bar, owned=True)


def atrack(
    iterable: t.AsyncIterable[t.T],
    total: t.Optional[float] = None,
    **options: t.Unpack[t.BarOptions],
) -> t.AsyncTracked[t.T]:
    """:func:`track` for ``async for``: the same bar over an async iterable.

    Args:
        iterable: an async iterable (an async generator, an async stream...).
        total: the number of items; default its ``len()`` when it has one.
        **options: :class:`Progbar` arguments.

    Returns:
        an async iterable yielding exactly the items of ``iterable``, in order.

    Raises:
        TypeError: ``iterable`` is not an async iterable, or an option is invalid.
        ValueError: an option is out of range.
    """
    if not isinstance(iterable, AsyncIterable):
        raise TypeError(f"iterable must be an async iterable, got {show(iterable)}")
    forwarded_options("atrack()", options, NOT_TARGET)
    bar = Progbar(_total(iterable, total), **options)
    from ._loops import AsyncTracked

    return AsyncTracked(iterable, bar, owned=True)
