"""Roll-up bars: a parent whose count and total are the sums of its parts.

A multi-file download, an fsspec copy, an S3 transfer of many objects: each
file has its own bar, nested under one bar for all of them. The parts push
each change of count (``add``, ``update``) and of total to the parent, which
never finishes on its own while more parts may come: only once the expected
number of parts (``parts=``) has arrived and their sum is reached, or when it
is closed.
"""

from __future__ import annotations

from . import _hints as t
from ._core.checks import check_int
from ._progbar import Progbar

__all__ = ["SHARED", "Part", "RollUp"]

SHARED = ("file", "display", "clock", "color", "log_interval", "ambiguous_wide", "all_ranks")
"""Options a roll-up's parts take from it unless given their own: the same output."""


class RollUp(Progbar):
    """A bar whose count and total are the sums of its parts' (:meth:`part`).

    Args:
        target: a fixed total, or None (default) for the sum of the parts' totals,
            known once every part knows its own.
        parts: how many parts to expect, if known: the bar finishes when that many
            have arrived and the count reaches the total; otherwise when closed.
        units: as :class:`Progbar`'s, and the default of the parts.
        **options: :class:`Progbar` arguments (``description``, ``units``, ...).

    Raises:
        TypeError: a wrong argument type.
        ValueError: a value out of range.
    """

    def __init__(
        self,
        target: t.Optional[float] = None,
        *,
        parts: t.Optional[int] = None,
        units: t.Units = "count",
        **options: t.Any,
    ) -> None:
        from threading import RLock

        self.units = units
        self.shared = {name: options[name] for name in SHARED if name in options}

        self._sum_lock = RLock()  # the parts; reentrant: a signal handler may add a part
        self._parts: list[Part] = []
        self._fixed = target is not None
        self._expected = None if parts is None else check_int("parts", parts, minimum=0)
        super().__init__(target, units=units, **options)

    def part(self, target: t.Optional[float] = None, **options: t.Any) -> Part:
        """A new bar, nested under this one, whose counts and total add to this one's.

        Args:
            target: this part's total (settable later), or None.
            **options: :class:`Progbar` arguments; ``units``, and the output
                (``file``, ``display``...: :data:`SHARED`), default to this bar's.
        """
        options = {"units": self.units, **self.shared, **options}
        part = Part(self, target, **options)
        with self._sum_lock:
            self._parts.append(part)
        self.retarget()
        return part

    @property
    def parts(self) -> tuple[Part, ...]:
        """The parts made so far, in order."""
        with self._sum_lock:
            return tuple(self._parts)

    def expect(self, parts: t.Optional[int]) -> None:
        """Say how many parts will come (None: unknown, the bar ends when closed)."""
        self._expected = None if parts is None else check_int("parts", parts, minimum=0)

    def add(self, n: float, values: t.Values = None) -> None:
        """Advance by ``n``; the bar finishes only when every expected part has.

        One add of the state (no read of the count then a write of it): parts
        adding from many threads, or a signal handler adding meanwhile, lose nothing.
        """
        expected = self._expected
        final = self._record_add(n, values, expected is not None and len(self._parts) >= expected)
        if final is not None:
            self._counted(final)

    def retarget(self) -> None:
        """Set the total to the sum of the parts' totals (unknown while one is unknown)."""
        if self._fixed:
            return
        with self._sum_lock:
            totals = [part.target for part in self._parts]
        self.target = None if None in totals else sum(t_ for t_ in totals if t_ is not None)


class Part(Progbar):
    """A bar made by :meth:`RollUp.part`: every change reaches its roll-up too."""

    def __init__(self, rollup: RollUp, target: t.Optional[float], **options: t.Any) -> None:
        self.rollup = rollup
        options.setdefault("parent", rollup)
        super().__init__(target, **options)

    def add(self, n: float, values: t.Values = None) -> None:
        """Advance by ``n``, and the roll-up by as much."""
        super().add(n, values)
        self.rollup.add(n)

    def update(
        self, current: float, values: t.Values = None, finalize: t.Optional[bool] = None
    ) -> None:
        """Set the count to ``current``; the roll-up moves by the difference."""
        before = self.current
        super().update(current, values, finalize)
        moved = self.current - before
        if moved:
            self.rollup.add(moved)

    @property
    def target(self) -> t.Optional[float]:
        """This part's total; setting it changes the roll-up's total too."""
        return Progbar.target.fget(self)  # type: ignore[attr-defined, no-any-return]

    @target.setter
    def target(self, value: t.Optional[float]) -> None:
        Progbar.target.fset(self, value)  # type: ignore[attr-defined]
        rollup = getattr(self, "rollup", None)
        if rollup is not None:
            rollup.retarget()
