"""``progbar.tqdm``: tqdm's constructor, methods and behaviour, drawing a progbar bar.

For the many libraries that accept ``tqdm_class=`` (``tqdm.contrib.concurrent``,
``huggingface_hub``, pqdm...) and for code written against tqdm. It keeps
tqdm's public state (``n``, ``last_print_n``, ``last_print_t``, ``miniters``...)
and tqdm's rules for when to draw (``miniters``, dynamic ``miniters``,
``mininterval``, ``maxinterval``, ``delay``), and draws through a
:class:`~progbar.Progbar` (composition: tqdm's ``update(n)`` adds while
Keras's ``update(current)`` sets) in tqdm's look, or in ``bar_format``.
Where progbar differs on purpose (plain lines in log files, one region for
all bars of a terminal) ``docs/from-tqdm.md`` says so. Nothing imports tqdm.
"""

from __future__ import annotations

import sys
import time

from .. import _hints as t
from .tqdm_classwide import ClassWide
from .tqdm_format import Formatters
from .tqdm_parts import (
    EMA,
    EXTRAS,
    FILL,
    FOREIGN,
    IGNORED,
    MEANINGFUL,
    MININTERVAL,
    TqdmBar,
    TqdmClock,
    check_extras,
    isatty,
    tqdm_total,
)
from .tqdm_protocols import Protocols
from .tqdm_state import Line

__all__ = ["pandas", "tqdm", "trange"]


class tqdm(Line, Formatters, ClassWide, Protocols):  # tqdm's own name
    """tqdm's constructor and methods over a progbar :class:`~progbar.Progbar`.

    Every keyword of ``tqdm.tqdm`` is accepted and means what it means in
    tqdm, except the few in :data:`IGNORED` (placement and locking, which
    progbar's screens own); huggingface_hub's ``name`` is dropped
    (:data:`FOREIGN`). progbar's own options (``display``, ``width``...:
    :data:`EXTRAS`) pass through to the bar; ``clock`` becomes tqdm's
    ``_time``. An explicit ``mininterval`` also spaces the lines of a log.

    Raises:
        TypeError: a keyword neither tqdm nor progbar knows, or a wrong type.
        ValueError: a value out of range, or a ``bar_format`` field that does not exist.
    """

    monitor_interval = 10  # seconds: tqdm's monitor thread (see tqdm_monitor.py)
    monitor: t.Any = None

    def __init__(
        self,
        iterable: t.Optional[t.Iterable[t.Any]] = None,
        desc: t.Optional[str] = None,
        total: t.Optional[float] = None,
        leave: t.Optional[bool] = True,
        file: t.Optional[t.TextIO] = None,
        ncols: t.Optional[int] = None,
        mininterval: t.Optional[float] = MININTERVAL,
        maxinterval: t.Optional[float] = 10.0,
        miniters: t.Optional[float] = None,
        ascii: t.Union[bool, str, None] = None,  # tqdm's name
        disable: t.Optional[bool] = False,
        unit: str = "it",
        unit_scale: t.Union[bool, float] = False,
        dynamic_ncols: bool = False,
        smoothing: t.Optional[float] = 0.3,
        bar_format: t.Optional[str] = None,
        initial: float = 0,
        position: t.Optional[int] = None,
        postfix: t.Any = None,
        unit_divisor: float = 1000,
        write_bytes: bool = False,
        lock_args: t.Any = None,
        nrows: t.Optional[int] = None,
        colour: t.Optional[str] = None,
        delay: float = 0.0,
        gui: bool = False,
        **kwargs: t.Any,
    ) -> None:
        self._closed = True  # until built: close() (and __del__) have nothing to end
        stream = sys.stderr if file is None else file
        if kwargs.pop("nested", None) is not None:
            self.deprecated("`nested` is deprecated and automated.\n"
                            "Use `position` instead for manual control.", stream)  # fmt: skip
        check_extras(kwargs)
        for name in FOREIGN:
            kwargs.pop(name, None)
        if disable is None:  # tqdm: off unless writing to a terminal
            disable = not isatty(stream)
        self.iterable, self.fp, self.leave, self.gui = iterable, stream, leave, gui
        self.ncols, self.nrows, self.lock_args, self.dynamic_ncols = ncols, nrows, lock_args, False
        self.mininterval = mininterval or 0
        self.maxinterval = maxinterval or 0
        self.dynamic_miniters = miniters is None
        self.miniters: float = 0 if miniters is None else miniters
        self.smoothing = smoothing or 0
        self._ema_miniters = EMA(self.smoothing)
        self.ascii = ascii if ascii is not None else not _unicode(stream)
        self.bar_format, self.colour, self.delay = bar_format, colour, delay
        self.initial, self.unit_scale, self.unit_divisor = initial, unit_scale, unit_divisor
        self.disable = bool(disable)
        clock = kwargs.pop("clock", None)
        self._time: t.Callable[[], float] = clock or time.monotonic
        live = clock is None or bool(getattr(clock, "live", False))
        self.last_print_t = self.start_t = self._time()
        self._bar = self._make_bar(iterable, total, desc, unit, live, kwargs)
        self._desc, self._postfix, self._message = desc or "", None, None
        self._closed = False
        self.pos = self._register(self, position)
        self.last_print_n = initial
        if initial:
            self._bar.update(initial)
        self._initial_postfix(postfix)
        if colour:
            from .tqdm_bar import colour_code

            colour_code(colour)  # an unknown colour warns now, as tqdm does
        if not gui:
            self.sp = self._print_status
        self._check_format()
        self._start_monitor()
        if delay <= 0 and not gui:
            self.refresh(lock_args=lock_args)
        self.last_print_t = self.start_t = self._time()

    def _make_bar(
        self,
        iterable: t.Any,
        total: t.Optional[float],
        desc: t.Optional[str],
        unit: str,
        live: bool,
        extras: dict[str, t.Any],
    ) -> TqdmBar:
        cadence = {} if self.mininterval is MININTERVAL else {"log_interval": self.mininterval}
        return TqdmBar(
            tqdm_total(iterable, total),
            description=desc or None,
            leave=self.leave,
            file=self.fp,
            interval=self.mininterval,
            unit_name=unit,
            unit_scale=self.unit_scale,
            # tqdm's default 0.3 is per update; ours is in time and measures better
            smoothing=None if self.smoothing == 0.3 else self.smoothing,
            disable=self.disable,
            unit_divisor=self.unit_divisor,
            ascii=self.ascii is True,
            coloured=bool(self.colour),
            formatter=self._formatter(),
            clock=TqdmClock(self, live),
            **{"width": FILL, **cadence, **extras},
        )

    # -- counting, with tqdm's rules for when to draw --------------------------------

    def update(self, n: float = 1) -> t.Optional[bool]:
        """Add ``n`` (may be negative or a float); draw if tqdm would. True when drawn."""
        if self._closed:
            return None
        if self.disable:
            return None  # as tqdm: a disabled bar keeps its initial count
        self._bar.add(n)
        if n < 0:
            self.last_print_n += n
        dn = self.n - self.last_print_n
        if dn < self.miniters:
            return None
        now = self._time()
        dt = now - self.last_print_t
        if dt < self.mininterval or now < self.start_t + self.delay:
            return None
        self.refresh(lock_args=self.lock_args)
        if self.dynamic_miniters:
            self._adapt_miniters(dn, dt)
        self.last_print_n, self.last_print_t = self.n, now
        return True

    def _adapt_miniters(self, dn: float, dt: float) -> None:
        """tqdm's dynamic ``miniters``: about the updates one ``mininterval`` holds."""
        if self.maxinterval and dt >= self.maxinterval:
            self.miniters = dn * (self.mininterval or self.maxinterval) / dt
        elif self.smoothing:
            ratio = self.mininterval / dt if self.mininterval and dt else 1
            self.miniters = self._ema_miniters(dn * ratio)
        else:
            self.miniters = max(self.miniters, dn)

    def __iter__(self) -> t.Iterator[t.Any]:
        """Yield the items of ``iterable``, counting each; the bar closes when they run out."""
        iterable = self.iterable
        if iterable is None:
            raise TypeError("'tqdm' object is not iterable: it was made without an iterable")
        if self.disable:  # as tqdm: walked, not counted
            yield from iterable
            self.close()
            return
        clock, n = self._time, self.n
        last_n, last_t, start = self.last_print_n, self.last_print_t, self.start_t + self.delay
        self._bar.looping(True)
        try:
            for item in iterable:
                try:
                    yield item
                except GeneratorExit:  # left by break: the item in hand was consumed
                    n += 1
                    raise
                n += 1
                if n - last_n >= self.miniters:
                    now = clock()
                    if now - last_t >= self.mininterval and now >= start:
                        self.update(n - last_n)
                        last_n, last_t = self.last_print_n, self.last_print_t
        finally:
            self._bar.looping(False)
            self.n = n
            self.close()

    def close(self) -> None:
        """End the bar: its line stays (``leave``) or goes; idempotent."""
        if self._closed:
            return
        self._closed = True
        self.disable = True  # as tqdm: a closed bar ignores what follows
        self._unregister(self)
        if self.last_print_t < self.start_t + self.delay:
            self._bar.drop_unseen()  # never shown: nothing to leave or clear
            return
        try:
            if self.leave:
                self._overshot()
        finally:
            self._bar.close()

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
            self._clock_restart()
        self._bar.reset(None if total == float("inf") else total)
        if total == float("inf"):  # tqdm's way of saying the total is now unknown
            self._bar.target = None
        self.refresh()

    # -- drawing ------------------------------------------------------------------------

    def refresh(self, nolock: bool = False, lock_args: t.Any = None) -> t.Optional[bool]:
        """Draw now (``nolock`` and ``lock_args`` are accepted: progbar's screens lock)."""
        if self.disable or self._closed:
            return None
        if self.gui:
            self.deprecated("Please use `tqdm.gui.tqdm(...)` instead of `tqdm(..., gui=True)`")
        if self._bar.closed:
            return None
        self._overshot()
        self._bar.refresh()
        return True

    def _overshot(self) -> None:
        """tqdm warns when a count passes a float total by less than the half unit it allows."""
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

    def _print_status(self, s: str) -> None:
        """tqdm's ``sp``: show ``s`` on the bar's line."""
        self.display(s)

    def clear(self, nolock: bool = False) -> None:
        """Blank the bar's line until its next draw."""
        if not self.disable:
            self._bar.clear()

    def moveto(self, n: int) -> None:
        """tqdm moves the cursor to a bar's row; progbar's screen places rows itself."""

    def deprecated(self, message: str, file: t.Optional[t.TextIO] = None) -> None:
        """tqdm's notice on the bar's stream and a ``TqdmDeprecationWarning``; the bar goes on."""
        from .tqdm_warn import announce

        announce("TqdmDeprecationWarning", message, file or getattr(self, "fp", None))

    @property
    def bar(self) -> TqdmBar:
        """The :class:`~progbar.Progbar` underneath, for progbar's own methods."""
        return self._bar

    def _start_monitor(self) -> None:
        cls = type(self)
        if self.disable or not (cls.monitor_interval and self.maxinterval):
            return
        if cls.monitor is None or not cls.monitor.report():
            from .tqdm_monitor import Monitor

            cls.monitor = Monitor(cls, cls.monitor_interval)


def _unicode(stream: object) -> bool:
    """tqdm's test for the glyphs: the stream declares a UTF encoding."""
    encoding = getattr(stream, "encoding", None)
    return isinstance(encoding, str) and encoding.lower().replace("-", "") in ("utf8", "u8")


def trange(*args: int, **kwargs: t.Any) -> tqdm:
    """tqdm's ``trange(n)``: ``tqdm(range(n), **kwargs)``."""
    return tqdm(range(*args), **kwargs)


def pandas(tqdm_class: t.Optional[type[tqdm]] = None, **options: t.Any) -> None:
    """Register ``progress_apply``/``progress_map``/``progress_applymap`` on pandas objects.

    After ``progbar.pandas()``, ``df.progress_apply(f, axis=1)`` is
    ``df.apply(f, axis=1)`` with a bar counting the rows; likewise
    ``Series.progress_apply``/``progress_map``, ``DataFrame.progress_applymap``
    (``DataFrame.map`` where pandas has it), ``progress_apply`` on
    ``groupby()`` objects (one step per group) and on ``rolling()``/
    ``expanding()`` windows. The result is pandas's own.
    ``options`` are :class:`progbar.tqdm`'s keywords (``desc``, ``leave``,
    ``file``, ``total``...) for every bar these methods draw; calling it again replaces
    them. pandas is imported here, never by ``import progbar``.

    Args:
        tqdm_class: the bar class to draw with (default :class:`progbar.tqdm`).
        **options: keywords for each bar (the total is counted for you).

    Raises:
        TypeError: an option :class:`progbar.tqdm` does not take, or a
            ``tqdm_class`` that is not a class.
        ImportError: pandas is not installed.
    """
    allowed = {*MEANINGFUL, *IGNORED, *EXTRAS, "deprecated_t"} - {"iterable"}
    check_extras(options, "pandas()", allowed)
    if tqdm_class is not None and not isinstance(tqdm_class, type):
        raise TypeError(f"pandas() takes a class as tqdm_class, got {type(tqdm_class).__name__}")
    from .pandas_hooks import register

    register(tqdm if tqdm_class is None else tqdm_class, options)

