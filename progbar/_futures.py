"""``as_completed()`` and ``gather()``: a bar that counts work as it finishes, not as it starts.

``concurrent.futures.as_completed`` and ``asyncio.as_completed``/``gather``
with one step per finished future or awaitable, failures included (a failed
task is a finished one). The stdlib does the waiting; this module only counts.
"""

from __future__ import annotations

from . import _hints as t
from ._core.checks import check_number, show
from ._core.options import forwarded_options
from ._progbar import Progbar

__all__ = ["as_completed", "gather"]

NOT_TARGET = {"target": "takes the number of tasks as total="}


def as_completed(
    fs: t.Iterable[t.Any],
    total: t.Optional[float] = None,
    *,
    timeout: t.Optional[float] = None,
    **options: t.Unpack[t.BarOptions],
) -> t.Iterator[t.Any]:
    """Iterate over futures or awaitables as they finish, with a bar counting them.

    With ``concurrent.futures`` futures this is
    ``concurrent.futures.as_completed(fs, timeout)``: it yields each future once
    it is done. With awaitables (coroutines, tasks, asyncio futures) it is
    ``asyncio.as_completed(fs, timeout=timeout)``: it yields awaitables, and
    awaiting each gives the next result; call it inside a running event loop.
    The bar advances by one as each finishes, and ends when all have.

    Args:
        fs: the futures or awaitables (read once, at the call).
        total: the number to count to; default ``len(fs)``.
        timeout: as the stdlib's: seconds before ``TimeoutError``.
        **options: :class:`Progbar` arguments (``description``, ``file``, ...).

    Returns:
        an iterator over the futures (or awaitables giving the results).

    Raises:
        TypeError: ``fs`` is not iterable, or an option is invalid.
        ValueError: an option is out of range.
    """
    items = _items("as_completed()", fs, options)
    bar = Progbar(_total(items, total), **options)
    from concurrent.futures import Future

    if all(isinstance(item, Future) for item in items):
        return _futures(items, bar, timeout)
    return _awaitables(items, bar, timeout)


async def gather(
    *aws: t.Awaitable[t.Any],
    return_exceptions: bool = False,
    total: t.Optional[float] = None,
    **options: t.Unpack[t.BarOptions],
) -> list[t.Any]:
    """``asyncio.gather(*aws)`` with a bar that advances as each awaitable finishes.

    The results come back in the order of ``aws``, as ``asyncio.gather`` gives them.

    Args:
        *aws: coroutines, tasks or futures.
        return_exceptions: as ``asyncio.gather``'s: exceptions are results, not raised.
        total: the number to count to; default ``len(aws)``.
        **options: :class:`Progbar` arguments (``description``, ``file``, ...).

    Returns:
        the list of results.

    Raises:
        TypeError: an option is invalid.
        ValueError: an option is out of range.
    """
    import asyncio

    _items("gather()", aws, options)
    with Progbar(_total(aws, total), **options) as bar:
        counted = [_counted(asyncio.ensure_future(aw), bar, None) for aw in aws]
        return list(await asyncio.gather(*counted, return_exceptions=return_exceptions))


def _items(caller: str, fs: object, options: t.Mapping[str, t.Any]) -> list[t.Any]:
    if isinstance(fs, (str, bytes)) or not hasattr(fs, "__iter__"):
        raise TypeError(f"{caller} takes an iterable of futures or awaitables, got {show(fs)}")
    forwarded_options(caller, options, NOT_TARGET)
    return list(fs)


def _total(items: t.Sequence[t.Any], total: t.Optional[float]) -> t.Optional[float]:
    return len(items) if total is None else check_number("total", total, minimum=0)


def _futures(items: list[t.Any], bar: Progbar, timeout: t.Optional[float]) -> t.Iterator[t.Any]:
    from concurrent.futures import as_completed as stdlib_as_completed

    with bar:
        for future in stdlib_as_completed(items, timeout):
            bar.add(1)
            yield future


def _awaitables(items: list[t.Any], bar: Progbar, timeout: t.Optional[float]) -> t.Iterator[t.Any]:
    import asyncio

    last = len(items)
    for awaitable in asyncio.as_completed(items, timeout=timeout):
        yield _counted(awaitable, bar, last)


async def _counted(awaitable: t.Awaitable[t.Any], bar: Progbar, last: t.Optional[int]) -> t.Any:
    """Await ``awaitable``, then count it (done, failed or timed out); close after the ``last``."""
    try:
        return await awaitable
    finally:
        bar.add(1)
        if last is not None and bar.current >= last:
            bar.close()
