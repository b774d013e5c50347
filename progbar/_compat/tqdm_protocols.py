"""``progbar.tqdm``'s Python protocols, as tqdm defines them (a mixin).

``bool`` is False for ``total=0`` or an empty sequence (and a TypeError when
neither a total nor an iterable says); ``len`` is the iterable's (or its
``shape[0]``, or its length hint), else the total; bars order by their
``position``; ``str``/``repr`` is the meter line; ``reversed(bar)`` walks the
iterable backwards; ``x in bar`` asks the iterable without consuming it.
"""

from __future__ import annotations

from contextlib import suppress

from .. import _hints as t

__all__ = ["Protocols"]


class Protocols:
    """tqdm's dunder methods over the attributes ``progbar.tqdm`` keeps."""

    iterable: t.Any
    total: t.Optional[float]
    pos: int

    def close(self) -> None:
        raise NotImplementedError

    def __iter__(self) -> t.Iterator[t.Any]:
        raise NotImplementedError

    @property
    def format_dict(self) -> dict[str, t.Any]:
        raise NotImplementedError

    def __bool__(self) -> bool:
        if self.total is not None:
            return self.total > 0
        if self.iterable is None:
            raise TypeError("bool() undefined when iterable == total == None")
        return bool(self.iterable)

    def __len__(self) -> int:
        """The iterable's length (``shape[0]`` for arrays), else the total; TypeError if none."""
        iterable = self.iterable
        if iterable is None:
            size = self.total
        elif hasattr(iterable, "shape"):
            size = iterable.shape[0]
        elif hasattr(iterable, "__len__"):
            size = len(iterable)
        elif hasattr(iterable, "__length_hint__"):
            size = iterable.__length_hint__()
        else:
            size = self.total
        if size is None:
            raise TypeError("len() of a tqdm bar with an unknown total")
        return int(size)

    def _walk(self, iterable: t.Any) -> t.Iterator[t.Any]:
        raise NotImplementedError

    def __reversed__(self) -> t.Iterator[t.Any]:
        """Iterate over ``reversed(iterable)``, counting on this bar."""
        if self.iterable is None:
            raise TypeError("'tqdm' object is not reversible")
        return self._walk(reversed(self.iterable))

    def __contains__(self, item: object) -> bool:
        """``item in iterable``, asked of the iterable itself when it can answer."""
        contains = getattr(self.iterable, "__contains__", None)
        if contains is not None:
            return bool(contains(item))
        return any(item == x for x in self.__iter__())

    @property
    def _comparable(self) -> int:
        return abs(int(getattr(self, "pos", 1 << 31)))

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Protocols):
            return NotImplemented
        return self._comparable == other._comparable

    def __lt__(self, other: Protocols) -> bool:
        return self._comparable < other._comparable

    def __le__(self, other: Protocols) -> bool:
        return self._comparable <= other._comparable

    def __gt__(self, other: Protocols) -> bool:
        return self._comparable > other._comparable

    def __ge__(self, other: Protocols) -> bool:
        return self._comparable >= other._comparable

    def __str__(self) -> str:
        from .tqdm_format import format_meter

        return format_meter(**self.format_dict)

    __repr__ = __str__

    def __enter__(self: t.T) -> t.T:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __del__(self) -> None:
        """Forgotten without ``close()``: out of the live set; nothing is drawn.

        The garbage collector may run this in any thread, at any point, even
        inside a screen's own code: so unlike tqdm it draws nothing. The
        bar's screen keeps its last line, as for any bar that vanished.
        """
        with suppress(Exception):  # half-built (the constructor raised), or interpreter exit
            self._forget()

    def _forget(self) -> None:
        raise NotImplementedError
