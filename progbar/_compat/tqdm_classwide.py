"""``progbar.tqdm``'s class-wide side: its live instances, the lock, writing beside bars.

tqdm keeps a class-wide set of live bars (``tqdm._instances``: helpers and
tests count it), a class-wide lock that ``tqdm.contrib.concurrent`` passes
to workers, and class methods to print without breaking the bars
(``write``, ``external_write_mode``) or to wrap a file (``wrapattr``). This
mixin gives ``progbar.tqdm`` the same; the bars themselves are progbar's,
whose screens already keep printed text above them.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager

from .. import _hints as t
from .tqdm_parts import SharedLock, check_pandas_options

__all__ = ["ClassWide", "FileWrapper"]


class ClassWide:
    """tqdm's class methods and class-wide state (a mixin of ``progbar.tqdm``)."""

    _lock: t.Any  # tqdm's class-wide lock: made by get_lock(), deleted by tqdm's helpers
    _instances: t.Any  # a WeakSet of the live bars, made by each class's first bar
    pos: int

    @classmethod
    def _register(cls, bar: ClassWide, position: t.Optional[int], *, keep: bool) -> int:
        """Add ``bar`` to the live ones (if ``keep``: tqdm leaves disabled ones out); its ``pos``.

        ``pos`` is ``-position`` when given, else the lowest one no live bar holds.
        """
        if "_instances" not in cls.__dict__:  # each class counts its own bars, as tqdm's
            from weakref import WeakSet

            setattr(cls, "_instances", WeakSet())  # noqa: B010  # tqdm's name for it
        with cls.get_lock():
            taken = {abs(other.pos) for other in cls._instances if hasattr(other, "pos")}
            if keep:
                cls._instances.add(bar)
        if position is not None:
            return -position
        return min(set(range(len(taken) + 1)) - taken)

    @classmethod
    def _unregister(cls, bar: ClassWide) -> None:
        """Forget ``bar``; as in tqdm, the first bar beyond its ``nrows`` takes its row."""
        instances = cls.__dict__.get("_instances")
        if instances is None:
            return
        instances.discard(bar)
        last = (getattr(bar, "nrows", None) or 0) - 1
        if last < 0:  # no nrows given: no bar is hidden
            return
        row = abs(bar.pos)
        with cls.get_lock():
            hidden = [other for other in instances if row < other.pos and last <= other.pos]
            if hidden:
                min(hidden, key=lambda other: other.pos).pos = row

    @classmethod
    def write(
        cls, s: object, file: t.Optional[t.TextIO] = None, end: str = "\n", nolock: bool = False
    ) -> None:
        """Print ``s`` above the live bars of ``file`` (default: ``sys.stdout``), as tqdm's."""
        from .._output.printing import write

        stream = sys.stdout if file is None else file
        if stream is None:  # pythonw, or a closed-down interpreter: tqdm prints nothing
            return
        if nolock:
            write(str(s), stream, end)
            return
        with cls.get_lock():  # as tqdm's: the class-wide lock (made now if it is not yet)
            write(str(s), stream, end)

    @classmethod
    @contextmanager
    def external_write_mode(
        cls, file: t.Optional[t.TextIO] = None, nolock: bool = False
    ) -> t.Iterator[None]:
        """Within the block, write to ``file`` freely: its live bars are cleared, then redrawn."""
        from .._output.printing import beside

        stream = sys.stdout if file is None else file
        if stream is None:
            yield
            return
        lock = None if nolock else cls.get_lock()
        if lock is not None:
            lock.acquire()
        try:
            with beside(stream):
                yield
        finally:
            if lock is not None:
                lock.release()

    @classmethod
    def get_lock(cls) -> t.Any:
        """The class-wide write lock, made on first use (``tqdm.contrib.concurrent`` shares it).

        progbar's screens do their own locking; this lock only lets tqdm's
        helpers pass one to worker processes and threads, so it pickles.
        """
        if not hasattr(cls, "_lock"):
            cls.set_lock(SharedLock())
        return cls._lock

    @classmethod
    def set_lock(cls, lock: t.Any) -> None:
        """Set the class-wide lock (a pool initializer passes the parent's)."""
        # tqdm's protocol names it: tqdm.contrib.concurrent.ensure_lock reads and deletes _lock
        setattr(cls, "_lock", lock)  # noqa: B010  # an assignment reads as a private write

    @classmethod
    @contextmanager
    def wrapattr(
        cls,
        stream: t.Any,
        method: str,
        total: t.Optional[float] = None,
        bytes: bool = True,  # tqdm's name
        **tqdm_kwargs: t.Any,
    ) -> t.Iterator[FileWrapper]:
        """``stream`` whose ``method`` (``"read"`` or ``"write"``) counts its bytes on a bar.

        The README recipe ``with tqdm.wrapattr(f, "read", total=size) as f:``;
        with ``bytes`` (the default) the counts read ``12.3MB`` in powers of 1024.
        """
        made: t.Any = cls(total=total, **tqdm_kwargs)  # type: ignore[call-arg]
        with made as bar:
            if bytes:
                bar.unit, bar.unit_scale, bar.unit_divisor = "B", True, 1024
            yield FileWrapper(stream, method, bar.update)

    @classmethod
    def pandas(cls, **tqdm_kwargs: t.Any) -> None:
        """:func:`progbar.pandas` with this class: tqdm's ``tqdm.pandas()``."""
        from .pandas_hooks import register

        check_pandas_options(tqdm_kwargs)
        register(cls, tqdm_kwargs)


class FileWrapper:
    """A stream whose ``read`` or ``write`` also reports the length it moved."""

    def __init__(self, stream: t.Any, method: str, count: t.Callable[[int], object]) -> None:
        self._stream, self._method, self._count = stream, method, count

    def __getattr__(self, name: str) -> t.Any:
        value = getattr(self._stream, name)
        if name != self._method:
            return value
        count = self._count
        if name == "write":

            def write(data: t.Any, *args: t.Any, **kwargs: t.Any) -> t.Any:
                result = value(data, *args, **kwargs)
                count(len(data))
                return result

            return write

        def read(*args: t.Any, **kwargs: t.Any) -> t.Any:
            data = value(*args, **kwargs)
            count(len(data))
            return data

        return read

    def __enter__(self) -> FileWrapper:
        return self

    def __exit__(self, *exc_info: object) -> None:
        """The stream stays open: it belongs to the caller, as in tqdm's recipe."""

    def __iter__(self) -> t.Iterator[t.Any]:
        return iter(self._stream)
