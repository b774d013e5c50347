"""Rate and ETA estimation: pure arithmetic on (progress, time) pairs.

Nothing here reads a clock: every method takes the time it should reason
about, so the estimator is exactly reproducible under a fake clock.

The design, and the measurement behind each choice, is in
``benchmarks/eta/README.md``; in short, the ETA is

* a time-weighted average (``sum(dn) / sum(dt)``): a burst of tiny updates
  counts no more than one update covering the same time;
* of the intervals since the speed last *truly* changed: a two-sided CUSUM
  on the log-rate of each interval restarts the average at the change point,
  so a 4x slow-down is followed within a few updates instead of being
  averaged away over the whole run;
* without the first interval after creation, which holds one-off costs
  (imports, compilation, connecting);
* blended with the whole-run average once the speed has been seen to swing
  back and forth: if changes keep reversing, the current speed will not
  last for the whole remaining time;
* counted down between updates, and grown again while progress is overdue.
"""

from __future__ import annotations

import math

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Optional

__all__ = ["RateEstimator", "mean_step_time"]

Interval = tuple[float, float, float]  # (progress, seconds, log of their ratio)


class RateEstimator:
    """Units per second and seconds remaining from absolute-progress samples.

    Args:
        start: clock reading at which the bar was created.
        min_shift: smallest speed change (as a log ratio) worth restarting
            the average for. ``log(1.5)``: smaller swings are cheaper to
            average than to chase (a restart throws data away); on the
            benchmark, ``log(2)`` reacted too late to drifting speeds.
        threshold: CUSUM alarm level, in noise standard deviations. At 12 a
            false alarm on steady noise needs well over 10^5 updates, yet a
            4x change still trips it within about four updates; 6 and 8
            restarted on noise (bursty downloads, fast oscillations).
        clip: the most one update can add to the CUSUM, in standard
            deviations, so one stall (a checkpoint, a slow network block)
            cannot fake a change of speed on its own: with ``threshold`` 12
            it takes four updates in a row. 2.5 and 3.5 scored alike.
        overdue: progress is overdue once the silence since the last update
            exceeds the typical gap by this many spreads (log scale); 2
            keeps the countdown running through ordinary jitter between
            updates while a real stall soon stops it.
        floor: while work remains the ETA never shows less than this
            fraction of the time the remaining work needs at the current
            rate, so it can never sit at "0s".
    """

    def __init__(
        self,
        start: float,
        *,
        min_shift: float = math.log(1.5),
        threshold: float = 12.0,
        clip: float = 3.5,
        overdue: float = 2.0,
        floor: float = 0.05,
    ) -> None:
        self._min_shift, self._h, self._c = min_shift, threshold, clip
        self._overdue, self._floor = overdue, floor
        # Noise levels outlive a restart: they describe the work, not its speed.
        self._var_n, self._var = 3.0, 3.0 * 0.3**2  # prior: 30 % noise, worth 3 updates
        self._gaps = 0
        self._gap_mu = self._gap_dev = 0.0  # mean and mean |deviation| of log(gap)
        self._restart(0.0, start)

    def _restart(self, n: float, t: float) -> None:
        """Forget all history: the next interval is a warm-up again."""
        self._n, self._t = n, t
        self._warm = True
        self._first: Optional[float] = None  # rate of the warm-up interval
        self._since: Optional[float] = None  # end of the warm-up interval
        self._sn = self._st = 0.0  # the current speed regime
        self._all_n = self._all_t = 0.0  # everything after the warm-up
        self._mu, self._m = 0.0, 0  # mean log-rate of the regime, updates in it
        self._up = self._down = 0.0  # CUSUM statistics
        # intervals since each CUSUM side last left 0: the change point candidates
        self._tails: tuple[list[Interval], list[Interval]] = ([], [])
        self._reversals, self._last_dir = 0, 0

    @property
    def _sigma(self) -> float:
        return max(0.02, math.sqrt(self._var / self._var_n))

    def observe(self, n: float, t: float) -> None:
        """Record that absolute progress ``n`` was reached at time ``t``.

        Progress going backwards (a retry) restarts all history. Samples
        without progress or without elapsed time are ignored, so the
        interval they belong to keeps growing until progress is seen.
        """
        if n < self._n:
            self._restart(n, t)
            return
        dn, dt = n - self._n, t - self._t
        if dn <= 0 or dt <= 0:
            return
        self._n, self._t = n, t
        if self._warm:
            self._warm, self._first, self._since = False, dn / dt, t
            return
        self._all_n += dn
        self._all_t += dt
        log_gap = math.log(dt)
        self._gaps += 1
        a = max(0.05, 1.0 / self._gaps)  # running mean, then a ~20-update memory
        self._gap_mu += a * (log_gap - self._gap_mu)
        self._gap_dev += a * (abs(log_gap - self._gap_mu) - self._gap_dev)
        x = math.log(dn / dt)
        if self._m == 0:
            self._mu, self._m = x, 1
            self._sn, self._st = dn, dt
            return
        if self._detect(x, dn, dt):
            return
        self._m += 1
        self._mu += (x - self._mu) / self._m
        self._sn += dn
        self._st += dt

    def _detect(self, x: float, dn: float, dt: float) -> bool:
        """Run the CUSUM on log-rate ``x``; restart the regime on an alarm."""
        sig = self._sigma
        k = max(0.5, 0.5 * self._min_shift / sig)  # optimal for a shift of 2k
        lim = (k + self._c) * sig
        dev = max(-lim, min(lim, x - self._mu))
        self._var += dev * dev
        self._var_n += 1.0
        z = dev / sig
        self._up = max(0.0, self._up + z - k)
        self._down = max(0.0, self._down - z - k)
        for side, tail in zip((self._up, self._down), self._tails):
            if side > 0:
                tail.append((dn, dt, x))
                del tail[:-256]  # bounded memory; a change is caught long before
            else:
                tail.clear()
        if self._m < 3 or max(self._up, self._down) <= self._h:
            return False
        direction = 1 if self._up > self._down else -1
        tail = self._tails[0] if direction > 0 else self._tails[1]
        if self._last_dir and direction != self._last_dir:
            self._reversals += 1
        self._last_dir = direction
        self._sn = sum(e[0] for e in tail)
        self._st = sum(e[1] for e in tail)
        self._mu = sum(e[2] for e in tail) / len(tail)
        self._m = len(tail)
        self._up = self._down = 0.0
        self._tails = ([], [])
        return True

    @property
    def rate(self) -> Optional[float]:
        """Units per second at the current speed, or None before any progress.

        Until a second interval exists this is the warm-up interval's rate,
        the only evidence there is.
        """
        if self._st > 0 and self._sn > 0:
            return self._sn / self._st
        return self._first

    def eta(self, remaining: float, now: float) -> Optional[float]:
        """Seconds left as they should be shown at ``now``.

        Args:
            remaining: units of work still to do.
            now: the clock reading the ETA is shown at.

        Returns:
            0 when nothing remains, None while no rate is known.
        """
        if remaining <= 0:
            return 0.0
        rate = self.rate
        if rate is None:
            return None
        need = remaining / rate
        if not math.isfinite(need):  # a rate too small to divide by: no honest estimate
            return None
        if self._reversals and self._all_n > 0 and self._since is not None:
            # Regimes have lasted `dwell` seconds on average; over a horizon of
            # `need` seconds the current one is expected to fill the fraction
            # w of it (exponential dwell), the run's average the rest.
            dwell = max(now - self._since, 1e-9) / self._reversals
            w = dwell / need * -math.expm1(-need / dwell)
            need = w * need + (1.0 - w) * remaining * self._all_t / self._all_n
        silence = max(0.0, now - self._t)
        if self._gaps == 0:
            return max(need - silence, self._floor * need)
        # Count down through an ordinary gap between updates; past it, the
        # silence is evidence of a slower rate: treat it as an interval with
        # no progress, which grows the ETA instead of letting it reach 0.
        due = math.exp(self._gap_mu + self._overdue * 1.25 * self._gap_dev)
        shown = max(need - min(silence, due), self._floor * need)
        if silence > due and self._st > 0:
            shown += need * (silence - due) / self._st
        return shown


def mean_step_time(
    now: float, start: float, current: float, first: Optional[tuple[float, float]]
) -> float:
    """Keras's seconds per step for a finished line: the average after the first step.

    The first step (``first`` is its end time and count) usually holds one-off
    costs (compilation, warm-up), so Keras leaves it out once there is more.

    >>> mean_step_time(15.0, 0.0, 101, (5.0, 1)), mean_step_time(2.0, 0.0, 1, (2.0, 1))
    (0.1, 2.0)
    """
    if first is not None and current > first[1]:
        return (now - first[0]) / (current - first[1])
    return (now - start) / current if current > 0 else 0.0
