"""Rate and ETA estimation: pure arithmetic on (progress, time) pairs.

Nothing here reads a clock: every method takes the time it should reason
about, so the estimator is exactly reproducible under a fake clock.

The design, and the measurement behind each choice, is in
``benchmarks/eta/README.md``. In short, four candidate rates run side by side,
all weighted by *time* (an interval counts by the seconds it covers, so a
burst of tiny updates weighs no more than one update over the same time):

* the average since the speed last truly changed (a CUSUM change detector on
  the log-rate restarts it), the best guess for piecewise-steady work;
* the average of the whole run, the best guess when the speed swings back
  and forth;
* two exponential averages in time whose half-lives are a fixed fraction of
  the time elapsed (about 9 % and 2 %), the best guess for a drifting speed.

Now and then each candidate writes down the rate it predicts; once half the
time elapsed so far has passed again, the estimator sees how much progress
actually followed, and the ETA uses the candidate that predicted best lately
(the regime average, or the whole-run one once the speed has swung back,
unless another did clearly better). A single stall that is long next to the
work before it (a checkpoint, a stalled connection) is treated as an
accident and left out until a second one shows that stalls recur. The first
interval after creation is skipped when it looks like a warm-up (imports,
compilation, connecting). The ETA counts down between updates and grows
again while progress is overdue.
"""

from __future__ import annotations

import math

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Optional

__all__ = ["RateEstimator", "mean_step_time"]

# (time, progress, horizon, every candidate's rate)
Snapshot = tuple[float, float, float, list[float]]

# Each choice below was measured; the figures are in benchmarks/eta/README.md.
# Exponents of the time averages: data ``a`` seconds old out of ``u`` elapsed
# weighs ``(1 - a / u) ** gamma``, a half-life of about ``ln 2 / gamma`` of the run.
GAMMAS = (8.0, 32.0)
REGIME, WHOLE = 0, 1  # candidate indices; the time averages follow
SNAPSHOTS = 8  # predictions written per horizon
MIN_JUDGED = 16  # judgements needed before another candidate may be preferred
STALL = 3.0  # an interval longer than 3x the "overdue" gap is a stall
LOG_STALL = math.log(STALL)
HANG = 0.25  # a first stall at least this share of the time before it is an accident
WARM = math.log(1.5)  # a first interval within 1.5x of the second is ordinary work


class RateEstimator:
    """Units per second and seconds remaining from absolute-progress samples.

    Args:
        start: clock reading at which the bar was created.
        smoothing: None (default) picks, from how well each predicted the
            progress that followed, between the candidates described in the
            module docstring. A number in [0, 1] fixes one exponential
            average in time instead, with tqdm's meaning: 0 is the average
            since the start (after the warm-up interval), 1 the speed of the
            latest interval; in between, data ``a`` seconds old out of ``u``
            elapsed weighs ``(1 - a / u) ** (16 * s / (1 - s))``.
        min_shift: smallest speed change (log ratio) worth restarting the
            regime average for; ``log 2`` followed drifts too late.
        threshold: CUSUM alarm level in noise standard deviations; 6 and 8
            restarted on noise, 16 scored like 12.
        clip: the most one interval adds to the CUSUM, in standard
            deviations, so one stall cannot fake a change of speed.
        overdue: progress is overdue once the silence exceeds the typical gap
            by this many spreads (log scale), about the 97th percentile.
        floor: the ETA never shows less than this fraction of the time the
            remaining work needs, so it never sits at "0s".
        horizon: predictions are judged after this fraction of the time
            elapsed (0.25 chased oscillations, 1.0 reacted late).
        memory: weight of the older judgements in a candidate's score.
        handicap: how much better (mean absolute log error) another candidate
            must have predicted before the preferred one is left.

    Raises:
        TypeError: ``smoothing`` is not a number.
        ValueError: ``smoothing`` is outside [0, 1].
    """

    def __init__(
        self,
        start: float,
        *,
        smoothing: Optional[float] = None,
        min_shift: float = math.log(1.5),
        threshold: float = 12.0,
        clip: float = 3.5,
        overdue: float = 2.0,
        floor: float = 0.05,
        horizon: float = 0.5,
        memory: float = 0.8,
        handicap: float = 0.1,
    ) -> None:
        self._fixed = None if smoothing is None else _gamma(smoothing)
        from .regime import Regime  # with the first bar: import progbar stays light

        self._cusum = Regime(min_shift, threshold, clip)
        self._overdue, self._floor = overdue, floor
        self._horizon, self._memory, self._handicap = horizon, memory, handicap
        self._gammas = GAMMAS if self._fixed is None else (self._fixed,)
        self._gaps = 0
        self._gap_mu = self._gap_dev = 0.0  # mean and mean |deviation| of log(gap)
        self._log_due = 0.0  # log of the longest ordinary gap (about its 97th percentile)
        self._restart(0.0, start)

    def _restart(self, n: float, t: float) -> None:
        """Forget all history: the next interval is a warm-up again."""
        self._n, self._t = n, t
        self._warm = True
        self._first: Optional[float] = None  # rate of the warm-up interval
        self._speed: Optional[float] = None  # the rate shown, refreshed by observe
        self._since = t  # end of the warm-up interval
        self._warmup: Optional[tuple[float, float]] = None  # (units, seconds) until judged
        self._last = 0.0  # speed of the latest interval
        self._cusum.reset()
        self._all_n = self._all_t = 0.0  # everything after the warm-up
        self._stalls, self._hang = 0, 0.0  # stalls seen, excess time of the first
        self._ema = [0.0] * len(self._gammas)  # decayed progress of each time average
        self._snaps: list[Snapshot] = []
        self._last_snap = -math.inf
        self._next_judge = -math.inf  # no prediction is due, nor a new one, before this
        self._score = [0.0] * (2 + len(self._gammas))
        self._best = REGIME
        self._judged = 0

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
            self._warmup, self._speed = (dn, dt), self._first
            return
        if self._warmup is not None:
            wdn, wdt = self._warmup
            self._warmup = None
            if abs(math.log(wdn * dt / (wdt * dn))) < WARM:  # an ordinary first step: keep it
                self._since -= wdt
                self._add(wdn, wdt, self._since + wdt, judge=False)
        self._add(dn, dt, t, judge=self._fixed is None)
        self._speed = (
            self._rate_of(self._best, t - self._since) if self._fixed is None else self._current()
        )

    def _add(self, dn: float, dt: float, t: float, *, judge: bool) -> None:
        """Feed one interval after the warm-up to every average."""
        self._all_n += dn
        self._all_t += dt
        log_gap = math.log(dt)
        ex = 0.0
        if self._gaps >= 5 and log_gap > self._log_due + LOG_STALL:
            ex = dt - STALL * math.exp(self._log_due)
            self._stalls += 1
            big = ex >= HANG * (t - dt - self._since)
            self._hang = ex if self._stalls == 1 and big else 0.0
        # the time averages: the weight (u / u1) ** g of each instant, integrated over
        # the interval, so it enters by its seconds; the total is u1 / (g + 1), see _rate_of
        u0, u1 = t - dt - self._since, t - self._since
        ratio, ema, speed = u0 / u1, self._ema, dn / dt
        self._last = speed
        for k, g in enumerate(self._gammas):
            dec = ratio**g if ratio else 0.0
            ema[k] = dec * ema[k] + speed * (u1 - u0 * dec) / (g + 1.0)
        if judge and t >= self._next_judge:
            self._judge(t - self._since, stalled=ex > 0.0)
        # the spread of log(gap): a running mean, then a ~20-update memory
        self._gaps += 1
        a = 0.05 if self._gaps > 20 else 1.0 / self._gaps
        self._gap_mu += a * (log_gap - self._gap_mu)
        self._gap_dev += a * (abs(log_gap - self._gap_mu) - self._gap_dev)
        self._log_due = self._gap_mu + self._overdue * 1.25 * self._gap_dev
        if self._cusum.add(dn, dt, ex):
            self._pick()

    def _judge(self, u: float, *, stalled: bool) -> None:
        """Score the predictions that came due; write down a new one now and then."""
        t, n, snaps = self._t, self._n, self._snaps
        judged = False
        while snaps and t - snaps[0][0] >= snaps[0][2]:
            ts, ns, _, rates = snaps.pop(0)
            real = max(n - ns, 1e-300) / (t - ts)
            m = self._memory
            self._score = [
                m * s + (1.0 - m) * abs(math.log(max(r, 1e-300) / real))
                for s, r in zip(self._score, rates)
            ]
            judged = True
            self._judged += 1
        if judged:
            self._pick()
        span = self._horizon * u
        # a prediction written just after a stall would only measure the stall
        if not stalled and t - self._last_snap >= span / SNAPSHOTS:
            snaps.append((t, n, span, self._rates(u)))
            if len(snaps) > SNAPSHOTS + 2:
                del snaps[0]
            self._last_snap = t
        due = snaps[0][0] + snaps[0][2] if snaps else math.inf
        self._next_judge = min(due, self._last_snap + span / SNAPSHOTS)

    def _pick(self) -> None:
        """Choose the candidate with the best score, preferring the regime average.

        Once the speed has changed one way and back, changes evidently do not
        last, and the whole-run average becomes the preferred one.
        """
        prefer = WHOLE if self._cusum.reversals else REGIME
        if self._judged < MIN_JUDGED:
            self._best = prefer
            return
        marks = [s + (0.0 if i == prefer else self._handicap) for i, s in enumerate(self._score)]
        self._best = marks.index(min(marks))

    def _rates(self, u: float) -> list[float]:
        """Every candidate's rate after ``u`` seconds since the warm-up."""
        return [self._rate_of(k, u) for k in range(2 + len(self._gammas))]

    def _rate_of(self, k: int, u: float) -> float:
        """Candidate ``k``'s rate after ``u`` seconds since the warm-up."""
        if k > WHOLE:
            return self._ema[k - 2] * (self._gammas[k - 2] + 1.0) / u
        hang = self._hang if self._stalls == 1 else 0.0  # one stall is an accident
        regime = self._cusum
        if k == REGIME and regime.st > 0:
            return regime.sn / max(regime.st - (regime.ex if hang else 0.0), 1e-300)
        return self._all_n / max(self._all_t - hang, 1e-300)

    @property
    def rate(self) -> Optional[float]:
        """Units per second at the current speed, or None before any progress.

        Until a second interval exists this is the warm-up interval's rate,
        the only evidence there is. Computed once per ``observe``: a frame
        reads it more than once.
        """
        return self._speed

    def _current(self) -> Optional[float]:
        u = self._t - self._since
        if self._all_t <= 0 or u <= 0:
            return self._first
        if self._fixed is not None:
            if math.isinf(self._fixed):
                return self._last
            return self._ema[0] * (self._fixed + 1.0) / u
        return self._rate_of(self._best, u)

    def eta(self, remaining: float, now: float) -> Optional[float]:
        """Seconds left as they should be shown at ``now``.

        Args:
            remaining: units of work still to do.
            now: the clock reading the ETA is shown at.

        Returns:
            0 when nothing remains, None while no rate is known, or while
            the only interval is the first one, which may be a warm-up (a
            pool starting its workers, a model compiling): an ETA from it
            alone was off by a factor of ten or more.
        """
        if remaining <= 0:
            return 0.0
        if self._warmup is not None:  # the first interval is not judged yet
            return None
        rate = self.rate
        if not rate or rate <= 0:
            return None
        need = remaining / rate
        if not math.isfinite(need):  # a rate too small to divide by: no honest estimate
            return None
        silence = max(0.0, now - self._t)
        if self._gaps == 0:
            return max(need - silence, self._floor * need)
        # Count down through an ordinary gap between updates; past it, the
        # silence is evidence of a slower rate: treat it as an interval with
        # no progress, which grows the ETA instead of letting it reach 0.
        due = math.exp(self._log_due)
        shown = max(need - min(silence, due), self._floor * need)
        window = self._cusum.st
        if silence > due and window > 0:
            shown += need * (silence - due) / window
        if silence > due:  # overdue by that long: expect about as long again (so it visibly grows;
            shown = max(shown, silence - due)  # a pool whose last worker stalls is not "0s")
        return shown


def _gamma(smoothing: float) -> float:
    """The exponent of the one time average ``smoothing`` asks for (inf: latest interval)."""
    if isinstance(smoothing, bool) or not isinstance(smoothing, (int, float)):
        raise TypeError(
            f"smoothing must be a number in [0, 1] or None, not {type(smoothing).__name__}"
        )
    if not 0.0 <= smoothing <= 1.0:  # also rejects NaN
        raise ValueError(
            f"smoothing must be between 0 and 1 (0 = average since the start), got {smoothing!r}"
        )
    return math.inf if smoothing == 1.0 else 16.0 * smoothing / (1.0 - smoothing)


def mean_step_time(
    now: float, start: float, current: float, first: Optional[tuple[float, float]]
) -> Optional[float]:
    """Keras's seconds per step for a finished line: the average after the first step.

    The first step (``first`` is its end time and count) usually holds one-off
    costs (compilation, warm-up), so Keras leaves it out once there is more.
    With no step done there is no time per step (None: the line shows none,
    not ``0s/step``).

    >>> mean_step_time(15.0, 0.0, 101, (5.0, 1)), mean_step_time(2.0, 0.0, 1, (2.0, 1))
    (0.1, 2.0)
    >>> mean_step_time(2.0, 0.0, 0, None) is None
    True
    """
    if first is not None and current > first[1]:
        return (now - first[0]) / (current - first[1])
    return (now - start) / current if current > 0 else None
