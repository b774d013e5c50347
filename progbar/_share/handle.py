"""``Handle``: what ``bar.share()`` returns, and what a worker process counts with.

A handle is three values (the parent's address, the bar's secret key and,
derived from it, the bar id), so it pickles through ``multiprocessing``,
``concurrent.futures``, joblib, Dask and Ray alike. Unpickled in a process,
it attaches to that process's ``Box`` for the bar: every handle of one bar
in one process batches into the same count and the same connection.
"""

from __future__ import annotations

from .. import _hints as t
from .._core.checks import check_count, show
from .channel import BIG, box_for

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Any, Callable, TypeVar, Union

    from .channel import Box

    T = TypeVar("T")
    R = TypeVar("R")

__all__ = ["Handle", "Task"]


class Handle:
    """Advances a bar of another process: ``handle.add(n)`` here moves the bar over there.

    Counts are batched in the worker and sent at most every 0.1 s by a
    daemon thread, on :meth:`flush`, when a ``with handle:`` block ends and
    when the worker process exits. Nothing here raises or blocks for long
    because of the parent: once it is gone, the handle counts into the void.
    """

    __slots__ = ("_box",)

    def __init__(self, address: tuple[str, int], key: bytes) -> None:
        self._box = box_for(address, key)

    @classmethod
    def _attached(cls, box: Box) -> Handle:
        """A handle counting into ``box`` (the parent's own, which folds straight into the bar)."""
        self = cls.__new__(cls)
        self._box = box
        return self

    def __reduce__(self) -> tuple[type[Handle], tuple[tuple[str, int], bytes]]:
        return Handle, (self._box.address, self._box.key)

    def __repr__(self) -> str:  # never shows the key: reprs end up in logs
        host, port = self._box.address
        return f"<progbar share handle for {host}:{port}>"

    @property
    def address(self) -> tuple[str, int]:
        """``(host, port)`` where the parent listens."""
        return self._box.address

    def add(self, n: t.Union[int, float] = 1) -> None:
        """Count ``n`` more steps for the parent's bar (batched: see :meth:`flush`).

        Raises:
            TypeError: ``n`` is not a number.
            ValueError: ``n`` is nan, infinite or beyond 1e300 (as for a local
                ``Progbar.add``): refused here, before it is batched, so a
                bad value never reaches the wire and the counts around it do.
        """
        box = self._box
        if type(n) is int and box.warm and -BIG < n < BIG:
            box.count = box.count + n  # atomic here, as in Progbar.add: see Box.warm
        else:
            self._add_checked(n)

    def _add_checked(self, n: object) -> None:
        if not ((type(n) is int or type(n) is float) and -BIG < n < BIG):
            n = _checked(n)
        box = self._box
        if not box.warm:  # the first add of this process (or of a forked child): the flusher
            box.warm_up()
        with box.count_lock:  # reentrant: a signal handler may add while its thread holds it
            box.count = box.count + n

    def flush(self) -> None:
        """Send the batched count now and wait (5 s at most) until the parent folded it.

        After every worker flushed, the parent's ``bar.current`` is exact.
        """
        self._box.push(sync=True)

    def __enter__(self) -> Handle:
        box = self._box
        with box.count_lock:
            box.inside += 1  # busy: a connection lost now is a lost worker
        return self

    def __exit__(
        self,
        exc_type: t.Optional[type[BaseException]],
        exc: t.Optional[BaseException],
        tb: t.Optional[t.TracebackType],
    ) -> None:
        box = self._box
        with box.count_lock:
            box.inside -= 1
        box.push(sync=True)

    def track(self, iterable: t.Iterable[t.T]) -> t.Iterator[t.T]:
        """Yield the items of ``iterable``, counting one step per item handed out.

        Use it inside a task to move the parent's bar item by item rather
        than once per finished task.
        """
        add = self.add
        for item in iterable:
            add(1)
            yield item

    def wrap(self, function: t.Callable[..., t.R]) -> t.Callable[..., t.R]:
        """``function`` with this handle as first argument, flushed when each call returns.

        The result is picklable when ``function`` is (a module-level
        function), so it can go to ``executor.map``, ``pool.imap``, joblib's
        ``delayed`` or Dask's ``client.map``; when a task's result arrives
        in the parent, the counts of that task are already in the bar.
        """
        if not callable(function):
            raise TypeError(f"handle.wrap(): function must be callable, got {show(function)}")
        return Task(function, self)


class Task:
    """A picklable ``function(handle, *args, **kwargs)`` run inside ``with handle:``."""

    __slots__ = ("function", "handle")

    def __init__(self, function: Callable[..., object], handle: Handle) -> None:
        self.function = function
        self.handle = handle

    def __reduce__(self) -> tuple[type[Task], tuple[Callable[..., object], Handle]]:
        return Task, (self.function, self.handle)

    def __call__(self, *args: object, **kwargs: object) -> Any:
        with self.handle:
            return self.function(self.handle, *args, **kwargs)


def _checked(n: object) -> Union[int, float]:
    """``n`` as a count, or the error a local ``Progbar.add`` gives, naming ``handle.add()``."""
    try:
        number = check_count("n", n)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"handle.add(): {exc}") from None
    if not -BIG < number < BIG:
        raise ValueError(f"handle.add(): n must be finite and below 1e300, got {show(number)}")
    return number
