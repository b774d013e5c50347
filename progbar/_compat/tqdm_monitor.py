"""tqdm's monitor: a bar whose ``miniters`` grew large is drawn again once ``maxinterval`` passes.

tqdm raises ``miniters`` while updates come fast; if they then slow down,
the bar would wait for many updates before its next line. tqdm's monitor
thread notices a bar silent for ``maxinterval`` seconds (by the bar's own
clock, ``_time``) and sets its ``miniters`` back to 1. ``progbar.tqdm``
keeps the same contract (``tqdm.monitor``, ``monitor_interval``,
``woken``), in one daemon thread for the class that ends with its last bar.
"""

from __future__ import annotations

import threading

from .. import _hints as t

__all__ = ["POLL", "Monitor"]

POLL = 1.0
"""Real seconds between looks at the bars: a wake-up a second costs nothing, and a silent bar
is seen to within ``maxinterval`` and a second (tqdm looks every ``monitor_interval``, 10 s)."""


class Monitor(threading.Thread):
    """Watches the live bars of one ``progbar.tqdm`` class."""

    def __init__(self, tqdm_cls: t.Any, sleep_interval: float) -> None:
        super().__init__(name="progbar-tqdm-monitor", daemon=True)
        self.tqdm_cls = tqdm_cls
        self.sleep_interval = sleep_interval
        self.woken = 0.0  # the bars' clock when the monitor last looked
        self.was_killed = threading.Event()
        self.start()

    def exit(self) -> bool:
        """Stop the thread; whether it had been running."""
        self.was_killed.set()
        if self is not threading.current_thread():
            self.join(timeout=1.0)
        return self.report()

    def get_instances(self) -> list[t.Any]:
        """The live bars of the class."""
        for _ in range(3):
            try:
                return list(getattr(self.tqdm_cls, "_instances", ()))
            except RuntimeError:  # a bar came or went meanwhile: look again
                continue
        return []

    def report(self) -> bool:
        """Whether the monitor still runs (in a forked child it does not: a new one starts)."""
        return not self.was_killed.is_set() and self.is_alive()

    def run(self) -> None:
        while not self.was_killed.wait(min(POLL, self.sleep_interval)):
            bars = self.get_instances()
            if not bars:
                self.was_killed.set()
                return
            for bar in bars:
                try:
                    self._look_at(bar)
                except Exception:  # a bar closing meanwhile: its next look is skipped
                    continue

    def _look_at(self, bar: t.Any) -> None:
        now = bar._time()
        self.woken = max(self.woken, now)
        if bar.disable or not bar.maxinterval or bar.miniters <= 1:
            return
        if now - bar.last_print_t >= bar.maxinterval:
            bar.miniters = 1
            bar.refresh(nolock=True)
