"""The change detector behind ``RateEstimator``'s regime average.

A two-sided CUSUM on the log-rate of each interval between updates, in units
of the noise it has observed, restarts the average at the estimated change
point. Pure arithmetic; the parameters are explained in ``RateEstimator``.
"""

from __future__ import annotations

import math

__all__ = ["Interval", "Regime"]

# (progress, seconds, log of their ratio, stall excess)
Interval = tuple[float, float, float, float]


class Regime:
    """Progress, seconds and stall excess since the speed last truly changed."""

    def __init__(self, min_shift: float, threshold: float, clip: float) -> None:
        self._min_shift, self._h, self._c = min_shift, threshold, clip
        # Noise levels outlive a reset: they describe the work, not its speed.
        self._var_n, self._var = 3.0, 3.0 * 0.3**2  # prior: 30 % noise, worth 3 updates
        self.reset()

    def reset(self) -> None:
        """Forget the regime (a retry restarted the work)."""
        self.sn = self.st = self.ex = 0.0  # units, seconds, stall excess
        self.reversals, self._last_dir = 0, 0  # changes that went back the other way
        self._mu, self._m = 0.0, 0  # mean log-rate of the regime, updates in it
        self._up = self._down = 0.0  # CUSUM statistics
        # intervals since each CUSUM side last left 0: the change point candidates
        self._tails: tuple[list[Interval], list[Interval]] = ([], [])

    def add(self, dn: float, dt: float, ex: float) -> bool:
        """Add an interval; True when it revealed a change back the other way."""
        x = math.log(dn / dt)
        if self._m == 0:
            self._mu, self._m = x, 1
            self.sn, self.st, self.ex = dn, dt, ex
            return False
        reversals = self.reversals
        if self._detect(x, (dn, dt, x, ex)):
            return self.reversals != reversals
        self._m += 1
        self._mu += (x - self._mu) / self._m
        self.sn += dn
        self.st += dt
        self.ex += ex
        return False

    def _detect(self, x: float, interval: Interval) -> bool:
        """Run the CUSUM on log-rate ``x``; restart the regime on an alarm."""
        sig = math.sqrt(self._var / self._var_n)
        sig = sig if sig > 0.02 else 0.02
        k = max(0.5, 0.5 * self._min_shift / sig)  # optimal for a shift of 2k
        lim = (k + self._c) * sig
        dev = x - self._mu
        dev = lim if dev > lim else -lim if dev < -lim else dev
        self._var += dev * dev
        self._var_n += 1.0
        z = dev / sig
        up, down = self._up + z - k, self._down - z - k
        self._up = up = up if up > 0.0 else 0.0
        self._down = down = down if down > 0.0 else 0.0
        for side, tail in zip((up, down), self._tails):
            if side > 0.0:
                tail.append(interval)
                if len(tail) > 256:  # bounded memory; a change is caught long before
                    del tail[0]
            elif tail:
                tail.clear()
        if self._m < 3 or (up if up > down else down) <= self._h:
            return False
        direction = 1 if self._up > self._down else -1
        tail = self._tails[0] if direction > 0 else self._tails[1]
        if self._last_dir and direction != self._last_dir:
            self.reversals += 1
        self._last_dir = direction
        self.sn = sum(e[0] for e in tail)
        self.st = sum(e[1] for e in tail)
        self._mu = sum(e[2] for e in tail) / len(tail)
        self.ex = sum(e[3] for e in tail)
        self._m = len(tail)
        self._up = self._down = 0.0
        self._tails = ([], [])
        return True
