"""The bars under test, each driven by the benchmark's fake clock.

Every comparator answers ``start(total, clock)``, ``update(n)`` (absolute
progress, at ``clock()``) and ``eta()``: the seconds the bar would *show*
at ``clock()``, or None for "?".
"""

from __future__ import annotations

import io
from typing import Callable, Optional

Clock = Callable[[], float]


class ProgbarBar:
    """progbar's own ``Progbar`` with an injected clock (display silenced)."""

    name = "progbar"

    def start(self, total: float, clock: Clock) -> None:
        import progbar

        self.bar = progbar.Progbar(total, clock=clock, display="silent")

    def update(self, n: float) -> None:
        self.bar.update(n)

    def eta(self) -> Optional[float]:
        return self.bar.eta


class TqdmBar:
    """tqdm with default settings. tqdm takes no clock: as a benchmark-only
    trick its ``_time`` attribute is replaced, and its monitor thread (which
    would read the real clock) is off. The ETA shown is the one computed at
    the last redraw, from ``format_dict`` exactly as ``format_meter`` does."""

    name = "tqdm"

    def start(self, total: float, clock: Clock) -> None:
        from tqdm import tqdm

        saved, tqdm.monitor_interval = tqdm.monitor_interval, 0
        try:
            self.bar = tqdm(total=total, file=io.StringIO())
        finally:
            tqdm.monitor_interval = saved
        self.bar._time = clock
        self.bar.start_t = self.bar.last_print_t = clock()
        self.n, self._eta = 0.0, self._compute()

    def _compute(self) -> Optional[float]:
        d = self.bar.format_dict
        rate = d["rate"]
        if rate is None and d["elapsed"]:
            rate = (d["n"] - d["initial"]) / d["elapsed"]
        return (d["total"] - d["n"]) / rate if rate else None

    def update(self, n: float) -> None:
        if self.bar.update(n - self.n):  # True when tqdm redrew
            self._eta = self._compute()
        self.n = n

    def eta(self) -> Optional[float]:
        return self._eta


class RichBar:
    """rich.progress with ``get_time=clock``; rich redraws on a timer, so its
    ``task.time_remaining`` is read at every glance (unrounded)."""

    name = "rich"

    def start(self, total: float, clock: Clock) -> None:
        from rich.console import Console
        from rich.progress import Progress

        console = Console(file=io.StringIO(), force_terminal=False)
        self.p = Progress(get_time=clock, auto_refresh=False, console=console)
        self.task_id = self.p.add_task("eta", total=total)

    def update(self, n: float) -> None:
        self.p.update(self.task_id, completed=n)

    def eta(self) -> Optional[float]:
        task = self.p._tasks[self.task_id]
        speed = task.speed
        return None if not speed else task.remaining / speed


class KerasStyleBar:
    """Keras 3 ``Progbar``'s ETA, reimplemented (not Keras's code): time per
    unit from ``_estimate_step_duration`` -- the average since the end of
    step 1 when ``update(1)`` was seen, else since creation -- times the
    units left, refreshed only when the bar redraws (every >= 0.05 s)."""

    name = "keras-style"

    def start(self, total: float, clock: Clock) -> None:
        self.total, self.clock = total, clock
        self.t0 = self.last_draw = clock()
        self.after_first: Optional[float] = None
        self._eta: Optional[float] = None

    def update(self, n: float) -> None:
        now = self.clock()
        per_unit = 0.0
        if n:
            if self.after_first is not None and n > 1:
                per_unit = (now - self.after_first) / (n - 1)
            else:
                per_unit = (now - self.t0) / n
            if n == 1:
                self.after_first = now
        if now - self.last_draw >= 0.05 or n >= self.total:
            self.last_draw = now
            self._eta = per_unit * (self.total - n) if n else None

    def eta(self) -> Optional[float]:
        return self._eta


COMPARATORS = {c.name: c for c in (ProgbarBar, TqdmBar, RichBar, KerasStyleBar)}
