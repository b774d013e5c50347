"""Rate and ETA estimation: pure arithmetic on (progress, time) pairs.

Nothing here reads a clock: every method takes the time it should reason
about, so the estimator is exactly reproducible under a fake clock.
"""

from __future__ import annotations

import math
from typing import Optional

__all__ = ["RateEstimator"]


class RateEstimator:
    """Units per second, smoothed exponentially over *time* (not per update).

    Each interval ``(dn, dt)`` is folded into decayed sums of progress and
    time with weight ``exp(-dt / tau)`` for the past, so a burst of many
    tiny updates counts no more than one update covering the same time.

    Args:
        start: clock reading at which the bar was created.
        tau: smoothing time constant in seconds.
    """

    def __init__(self, start: float, tau: float = 10.0) -> None:
        self._tau = tau
        self._n = 0.0
        self._t = start
        self._sum_dn = 0.0
        self._sum_dt = 0.0

    def observe(self, n: float, t: float) -> None:
        """Record that absolute progress ``n`` was reached at time ``t``."""
        dn, dt = n - self._n, t - self._t
        if dn < 0:  # a retry went backwards: the old history no longer applies
            self._sum_dn = self._sum_dt = 0.0
            self._n, self._t = n, t
            return
        if dt <= 0 or dn == 0:
            self._n = n
            return
        decay = math.exp(-dt / self._tau)
        self._sum_dn = self._sum_dn * decay + dn
        self._sum_dt = self._sum_dt * decay + dt
        self._n, self._t = n, t

    @property
    def rate(self) -> Optional[float]:
        """Smoothed units per second, or None before any progress was timed."""
        if self._sum_dt <= 0 or self._sum_dn <= 0:
            return None
        return self._sum_dn / self._sum_dt

    def eta(self, remaining: float, now: float) -> Optional[float]:
        """Seconds left as they should be shown at ``now``.

        The estimate counts down between observations instead of freezing.
        """
        rate = self.rate
        if rate is None:
            return None
        return max(0.0, remaining / rate - max(0.0, now - self._t))
