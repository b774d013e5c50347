"""When and what a ``progbar.tqdm`` bar draws, by tqdm's rules (a mixin of ``progbar.tqdm``).

``refresh`` draws now (in a log, the first draw after the caller renames the
bar writes a line at once: the line a bar writes when made comes before its
caller could name it); ``display(msg)`` shows a message in the bar's place;
dynamic ``miniters`` follows how many updates one ``mininterval`` holds
(tqdm's rule, with its smoothing); a bar silent for ``maxinterval`` is seen
to by the monitor thread. tqdm's deprecated ``gui=True`` gets tqdm's notice
and a ``TqdmDeprecationWarning``, and the bar then draws as text.
"""

from __future__ import annotations

from contextlib import suppress

from .. import _hints as t
from .tqdm_parts import EMA, SMOOTHING
from .tqdm_rate import TqdmRate
from .tqdm_state import Line

__all__ = ["Drawing"]


class Drawing(Line):
    """tqdm's drawing methods over the bar underneath (``self._bar``)."""

    disable: bool
    gui: bool
    fp: t.TextIO
    miniters: float
    mininterval: float
    maxinterval: float
    smoothing: float
    _closed: bool
    _desc: str
    _start_desc: t.Optional[str]  # the description of the bar's first line, until it changes
    _time: t.Callable[[], float]
    start_t: float
    last_print_t: float
    last_print_n: float
    _ema_miniters: t.Callable[[t.Optional[float]], float]
    monitor_interval: float
    monitor: t.Any

    def _rules(
        self,
        mininterval: t.Optional[float],
        maxinterval: t.Optional[float],
        miniters: t.Optional[float],
        smoothing: t.Optional[float],
        delay: float,
    ) -> None:
        """Tqdm's timing keywords, None meaning 0 as in tqdm (``miniters``: dynamic)."""
        self.mininterval = mininterval or 0
        self.maxinterval = maxinterval or 0
        self.dynamic_miniters = miniters is None
        self.miniters: float = 0 if miniters is None else miniters
        self.smoothing = smoothing or 0
        self._ema_miniters = EMA(self.smoothing)
        self._tqdm_rate = None if smoothing is SMOOTHING else TqdmRate(self.smoothing)
        self._hidden_shown = False
        self.delay = delay

    def refresh(self, nolock: bool = False, lock_args: t.Any = None) -> t.Optional[bool]:
        """Draw now (``nolock`` and ``lock_args`` are accepted: progbar's screens lock)."""
        if self.disable or self._closed:
            return None
        if self.gui:  # once: from then on it is a text bar
            self.gui = False
            self.deprecated("Please use `tqdm.gui.tqdm(...)` instead of `tqdm(..., gui=True)`")
        if self._bar.closed:
            return None
        shown = self._shows_row()
        if shown:
            self._overshot()
        with suppress(TypeError, ValueError):  # NaN, a foreign number: the last good one stays
            self._bar.update(self.n)  # the count reaches the bar underneath when it is drawn
        if not shown:  # a hidden row: counted (its rate is known when it ends), not drawn
            return None
        if self._start_desc is not None and self._desc != self._start_desc:
            self._start_desc = None  # once: later names keep to a log's interval
            self._bar.log_now()  # the caller named the bar after its first line: a log shows it
        self._bar.refresh()
        return True

    def _shows_row(self) -> bool:
        """Whether a draw shows anything: a row beyond ``nrows`` shows nothing.

        The "more hidden" row is drawn once: a log would get it at every update.
        """
        row = self._row()
        if row == 1 and self._hidden_shown:
            return False
        self._hidden_shown = row == 1
        return row < 2

    def unpause(self) -> None:
        """Restart the timer from the last draw: the pause counts in neither rate nor elapsed."""
        if self.disable:
            return
        now = self._time()
        self.start_t += now - self.last_print_t
        self.last_print_t = now

    def reset(self, total: t.Optional[float] = None) -> None:
        """Count from 0 again (clock and rate too); ``total`` replaces the total (inf: unknown)."""
        if not self.disable:
            self.last_print_n = 0
            self.last_print_t = self.start_t = self._time()
            self._ema_miniters = EMA(self.smoothing)
            self._bar.clock.restart()
            if self._tqdm_rate is not None:
                self._tqdm_rate.restart()
        self.n = 0
        self._bar.reset(None if total == float("inf") else total)
        if total == float("inf"):  # tqdm's way of saying the total is now unknown
            self._bar.target = None
        self.refresh()

    def _overshot(self) -> None:
        """Tqdm warns when a count passes a float total by less than the half unit it allows."""
        total, n = self.total, self.n
        if total and total < n < total + 0.5:
            from .tqdm_warn import warn_tqdm

            warn_tqdm("TqdmWarning", "clamping frac to range [0, 1]", stacklevel=4)

    def display(self, msg: t.Optional[str] = None, pos: t.Optional[int] = None) -> bool:
        """Draw the bar now, or ``msg`` in its place until the next draw (``pos`` is ignored)."""
        self._message = msg
        try:
            self.refresh()
        finally:
            self._message = None
        return True

    @property
    def sp(self) -> t.Callable[[str], object]:
        """Tqdm's status printer: ``sp(s)`` shows ``s`` on the bar's line (none with ``gui``)."""
        if self.gui:
            raise AttributeError("a gui=True bar has no status printer")
        return self.display

    def clear(self, nolock: bool = False) -> None:
        """Blank the bar's line until its next draw."""
        if not self.disable:
            self._bar.clear()

    def moveto(self, n: int) -> None:
        """Tqdm moves the cursor to a bar's row; progbar's screen places rows itself."""

    def deprecated(self, message: str, file: t.Optional[t.TextIO] = None) -> None:
        """Tqdm's notice on the bar's stream and a ``TqdmDeprecationWarning``; the bar goes on."""
        from .tqdm_warn import announce

        announce("TqdmDeprecationWarning", message, file or getattr(self, "fp", None))

    def _adapt_miniters(self, dn: float, dt: float) -> None:
        """Tqdm's dynamic ``miniters``: about the updates one ``mininterval`` holds."""
        if self.maxinterval and dt >= self.maxinterval:
            self.miniters = dn * (self.mininterval or self.maxinterval) / dt
        elif self.smoothing:
            ratio = self.mininterval / dt if self.mininterval and dt else 1
            self.miniters = self._ema_miniters(dn * ratio)
        else:
            self.miniters = max(self.miniters, dn)

    def _start_monitor(self) -> None:
        cls = type(self)
        if self.disable or not (cls.monitor_interval and self.maxinterval):
            return
        if cls.monitor is None or not cls.monitor.report():
            from .tqdm_monitor import Monitor

            cls.monitor = Monitor(cls, cls.monitor_interval)
