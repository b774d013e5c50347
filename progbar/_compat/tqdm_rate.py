"""tqdm's own rate, for a ``progbar.tqdm`` bar given an explicit ``smoothing=``.

By default ``progbar.tqdm`` shows progbar's estimator (averaged in time,
judged against what followed: see ``docs/eta.md``). A caller who names
``smoothing`` asks for tqdm's formula by name, and gets it exactly: an
exponential moving average of the count and of the time between draws
(``rate = EMA(dn) / EMA(dt)``), updated whenever tqdm's rules draw; with
``smoothing=0`` (or before any draw) the average since the start,
``(n - initial) / elapsed``. The time left is ``(total - n) / rate``.
"""

from __future__ import annotations

from .. import _hints as t
from .._core.snapshot import Snapshot
from .tqdm_parts import EMA

__all__ = ["TqdmRate", "with_tqdm_eta"]


def with_tqdm_eta(snap: Snapshot) -> Snapshot:
    """``snap`` with tqdm's time left wherever a rate is known: ``(total - n) / rate``.

    progbar's own bars show no ETA from the first interval alone (it may be a
    warm-up: see ``docs/eta.md``); tqdm shows one from its first draw on, and
    ``progbar.tqdm`` draws what tqdm would. Past the first interval progbar's
    estimate (which grows while a bar is overdue) is kept.
    """
    per_unit, target = snap.per_unit, snap.target
    if snap.eta is not None or not per_unit or target is None:
        return snap
    return _with(snap, max(target - snap.current, 0) * per_unit, per_unit, snap.elapsed)


def _with(
    snap: Snapshot, eta: t.Optional[float], per_unit: t.Optional[float], elapsed: float
) -> Snapshot:
    """``snap`` with other figures; everything else (metrics, values, ids) kept."""
    return Snapshot(
        snap.current, snap.target, elapsed, eta, per_unit, snap.unit_name, snap.metrics,
        snap.final, snap.description, snap.units, snap.values, snap.bar_id, snap.parent_id,
    )  # fmt: skip


class TqdmRate:
    """The two averages tqdm keeps, and the snapshot a line is drawn from with them."""

    def __init__(self, smoothing: float) -> None:
        self.smoothing = smoothing
        self._dn = EMA(smoothing)
        self._dt = EMA(smoothing)

    def restart(self) -> None:
        """``reset()``: forget the averages, as tqdm does."""
        self._dn, self._dt = EMA(self.smoothing), EMA(self.smoothing)

    def observe(self, dn: float, dt: float) -> None:
        """A draw after ``dn`` more units in ``dt`` seconds (tqdm skips empty ones)."""
        if self.smoothing and dt and dn:
            self._dn(dn)
            self._dt(dt)

    @property
    def rate(self) -> t.Optional[float]:
        """Units per second by the averages; None before any draw or with no smoothing."""
        dt = self._dt()
        return self._dn() / dt if dt else None

    def shown(self, snap: Snapshot, initial: float, elapsed: float) -> Snapshot:
        """``snap`` with tqdm's rate, time left and ``elapsed`` (``_time() - start_t``).

        The final line shows the average of the whole run, as tqdm's ``close()`` does.
        """
        rate = None if snap.final else self.rate
        if rate is None and elapsed > 0:  # format_meter's fallback: the run's average
            rate = (snap.current - initial) / elapsed
        if not rate or rate <= 0:
            per_unit = eta = None
        else:
            per_unit = 1 / rate
            eta = None if snap.target is None else max(snap.target - snap.current, 0) / rate
        return _with(snap, eta, per_unit, max(elapsed, 0.0))
