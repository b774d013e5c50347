"""The loop machinery behind ``track()``: chunked C iterators, and how a pass ends.

No Python code of ours runs per item: the loop pulls items through C
iterators over chunks of the source, and our code runs only between
chunks, whose length adapts so that one lasts about ``CHUNK_TIME``:

- an iterator that knows exactly how many items it has left (lists,
  ranges, tuples, strings, bytes, dicts and their views, sets, deques) is
  cut with ``itertools.islice``; what its ``__length_hint__`` lost is the
  count, and the hint reaching 0 is the end;
- any other iterator (generators, files, ``zip``, ``enumerate``, ...) is
  read through ``itertools.compress`` with ``repeat(True, k)`` selectors;
  a selector is pulled only once an item has been fetched, so selectors
  used = items handed out, and a generator chained after the source sees
  it run dry.

The count is therefore exact at any moment: on ``break`` or an exception
the loop releases its iterator, which closes our chunk generator, and the
bar reads the running count (``Progbar._loop(poll)``) whenever it draws,
so the refresh thread keeps the display live when items slow down in the
middle of a chunk sized at the old speed, and ``bar.current`` is the items
finished. An item counts as finished when the loop asks for the next one;
on ``break``, an exception or Ctrl-C in the loop body the item the loop
holds did not finish, and the bar ends at the iterations completed (as
tqdm and rich count); a source that fails while fetching an item has
handed out only finished ones.
This module works on any bar through its public methods and ``_loop``; it
imports no ``Progbar``, so ``_progbar`` and ``_track`` import it freely.
"""

from __future__ import annotations

import itertools
import operator
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
    from typing import Any, Callable, Generic, TypeVar

    from ._progbar import Progbar

    T = TypeVar("T")
else:

    class Generic:
        """``typing.Generic`` for the type checker only: subscripting gives the class back."""

        def __class_getitem__(cls, item):
            return cls

    T = "T"

__all__ = ["AsyncTracked", "Tracked"]

CHUNK_TIME = 0.02
"""Seconds a chunk should last; a boundary reads the clock once and may draw."""
MAX_CHUNK = 1 << 20
GROWTH = 4
"""A chunk is at most this many times the previous one (a clock too coarse to see it)."""

_exact: list[frozenset[type]] = []  # the set below, kept once it includes deque's iterator


def _exact_types() -> frozenset[type]:
    """Iterator types whose ``__length_hint__`` is the exact number of items left."""
    if _exact:
        return _exact[0]
    samples: list[Iterable[Any]] = [
        [], (), range(0), "", "\u00e9", b"", bytearray(), set(), frozenset(),
        {}, {}.keys(), {}.values(), {}.items(), reversed([]), reversed(()), reversed({}),
    ]  # fmt: skip
    # a deque exists only once collections is imported: we do not import it for one
    collections = sys.modules.get("collections")
    if collections is not None:
        samples.append(collections.deque())
    exact = frozenset(type(iter(sample)) for sample in samples)
    if collections is not None:
        _exact.append(exact)
    return exact


def _next_size(k: int, elapsed: float, wanted: float) -> int:
    """The next chunk length, so that it lasts about ``wanted`` seconds at the last speed."""
    if wanted <= 0:
        return 1
    if elapsed <= 0:
        return min(k * GROWTH, MAX_CHUNK)
    return max(1, min(int(k * wanted / elapsed), k * GROWTH, MAX_CHUNK))


class _Run:
    """One pass of a loop over a bar: where the count comes from and how it ends."""

    def __init__(self, bar: Progbar, owned: bool) -> None:
        self.bar = bar
        self.base = bar.current
        self.owned = owned
        self.count: Callable[[], float] = lambda: 0  # items handed to the loop so far
        self.held: Callable[[], bool] = lambda: True  # a loop left early holds an unfinished one
        self.done = False
        self.wanted = min(bar.interval / 2, CHUNK_TIME)

    def poll(self) -> float:
        """For the bar: items finished (the one the loop holds is still running)."""
        return self.base + max(self.count() - 1, 0)

    def start(self) -> None:
        self.bar._loop(self.poll)  # bars made inside the loop nest under this one
        self.bar.update(self.base)

    def step(self, n: float) -> None:
        """Between chunks: ``n`` items are finished."""
        bar = self.bar
        if not bar.finished:  # else a total below the real length: the bar already ended
            bar.update(self.base + n)

    def end(self, *, exhausted: bool) -> None:
        """The loop is over: show the exact count; finish only if the source ran dry."""
        if self.done:
            return
        self.done = True
        bar = self.bar
        bar._loop(None)
        if not exhausted and sys.exc_info()[0] is KeyboardInterrupt:
            bar._end_as("cancelled")  # Ctrl-C landed in the loop machinery, so we see it
        if not bar.finished:
            handed = self.count()
            if not exhausted and handed > 0 and self.held():
                handed -= 1  # left by break, an exception or Ctrl-C: that item did not finish
            bar.update(self.base + handed, finalize=True if exhausted and self.owned else None)
        if self.owned:
            bar.close()


def _slices(run: _Run, it: Iterator[T], left: Callable[[], int]) -> Iterator[Iterator[T]]:
    """``islice`` chunks of an iterator whose ``left()`` items-remaining is exact."""
    clock, k = run.bar.clock, 1
    try:
        yield iter(())  # primed at once, so ``finally`` runs even if the loop never starts
        t = clock()
        while True:
            yield itertools.islice(it, k)
            if left() <= 0:
                run.end(exhausted=True)
                return
            now = clock()
            k, t = _next_size(k, now - t, run.wanted), now
            run.step(run.count())
    finally:
        run.end(exhausted=False)


def _selectors(run: _Run, state: list[Any]) -> Iterator[Iterator[bool]]:
    """``repeat(True, k)`` chunks for ``compress``; ``state`` is ``[done, k, repeat]``."""
    clock = run.bar.clock
    try:
        yield iter(())  # primed at once, so ``finally`` runs even if the loop never starts
        t = clock()
        while True:
            yield state[2]
            done, k = state[0] + state[1], state[1]
            now = clock()
            k, t = _next_size(k, now - t, run.wanted), now
            state[:] = [done, k, itertools.repeat(True, k)]  # one store: the ticker reads it
            run.step(done)
    finally:
        run.end(exhausted=False)


def _after(run: _Run) -> Iterator[Any]:
    """Chained after the source: runs once the source is exhausted."""
    run.end(exhausted=True)
    return iter(())


class Tracked(Generic[T]):
    """What :func:`track` returns: iterate it (once) to loop with the bar.

    A second pass yields the items again without a bar: the bar has ended.
    """

    def __init__(self, iterable: Iterable[T], bar: Progbar, *, owned: bool) -> None:
        self._iterable = iterable
        self.bar = bar
        self._owned = owned
        self._used = False

    def __length_hint__(self) -> int:
        return operator.length_hint(self._iterable)

    def __iter__(self) -> Iterator[T]:
        if self._used:
            return iter(self._iterable)
        self._used = True
        run = _Run(self.bar, self._owned)
        it = iter(self._iterable)
        # each chunk generator is primed before the bar starts: from then on, however
        # the loop ends (even by Ctrl-C right now), releasing it ends the bar
        if type(it) in _exact_types():
            src = self._iterable
            sized = type(src) in (list, bytearray)  # may grow or shrink while looping
            first = operator.length_hint(it)
            size: Callable[[], int] = src.__len__ if sized else lambda: first  # type: ignore[attr-defined]
            run.count = lambda: size() - operator.length_hint(it)
            chunks = _slices(run, it, lambda: operator.length_hint(it))
            next(chunks)
            run.start()
            return itertools.chain.from_iterable(chunks)
        state: list[Any] = [0, 1, itertools.repeat(True, 1)]

        def count() -> float:
            done, k, rep = state  # one read of the list: consistent between threads
            return done + k - operator.length_hint(rep)  # type: ignore[no-any-return]

        run.count = count
        # a generator that raised while fetching is finished: the items it gave all completed
        run.held = lambda: getattr(it, "gi_frame", True) is not None
        selectors = _selectors(run, state)
        next(selectors)
        run.start()
        data = itertools.chain(it, itertools.chain.from_iterable(map(_after, [run])))
        return itertools.compress(data, itertools.chain.from_iterable(selectors))


class _AsyncLoop(Generic[T]):
    """The iterator of one ``async for`` pass (a coroutine per item, as any async step)."""

    def __init__(self, source: AsyncIterator[T], run: _Run) -> None:
        self._source = source
        self._run = run
        self._box = box = [0]  # items handed out; the run reads it, never this object
        run.count = lambda: box[0]

    def __aiter__(self) -> _AsyncLoop[T]:
        return self

    async def __anext__(self) -> T:
        run, box = self._run, self._box
        if box[0] and not run.done:
            run.step(box[0])  # the loop asks for the next item: the last one is finished
        try:
            item = await self._source.__anext__()
        except StopAsyncIteration:
            run.end(exhausted=True)
            raise
        except BaseException:
            run.held = lambda: False  # the source failed: the loop held no unfinished item
            run.end(exhausted=False)
            raise
        box[0] += 1
        return item

    async def aclose(self) -> None:
        """End the bar at the count consumed, and close the source if it can be."""
        self._run.end(exhausted=False)
        close = getattr(self._source, "aclose", None)
        if close is not None:
            await close()

    def __del__(self) -> None:
        # ``break`` out of ``async for`` drops this iterator: end the bar right there,
        # not when an event loop gets round to finalizing an async generator
        try:  # noqa: SIM105  # not contextlib: no import in a finalizer (it may run at shutdown)
            self._run.end(exhausted=False)
        except Exception:  # interpreter shutdown
            pass


class AsyncTracked(Generic[T]):
    """What :func:`atrack` returns: ``async for`` over it (once) to loop with the bar."""

    def __init__(self, iterable: AsyncIterable[T], bar: Progbar, *, owned: bool) -> None:
        self._iterable = iterable
        self.bar = bar
        self._owned = owned
        self._used = False

    def __aiter__(self) -> AsyncIterator[T]:
        if self._used:
            return self._iterable.__aiter__()
        self._used = True
        run = _Run(self.bar, self._owned)
        source = self._iterable.__aiter__()
        run.start()
        return _AsyncLoop(source, run)
