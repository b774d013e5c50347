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

import os
import sys
import time
from _thread import RLock
from contextlib import suppress
from weakref import WeakSet

from .. import _hints as t
from .tqdm_classwide import ClassWide
from .tqdm_drawing import Drawing
from .tqdm_format import Formatters
from .tqdm_parts import (
    FILL,
    FOREIGN,
    MININTERVAL,
    PROGBAR_DELAY,
    SMOOTHING,
    TqdmBar,
    TqdmClock,
    check_extras,
    check_pandas_options,
    isatty,
    tqdm_total,
    unicode_stream,
)
from .tqdm_protocols import Protocols

__all__ = ["pandas", "tqdm", "trange"]


class tqdm(Drawing, Formatters, ClassWide, Protocols):  # tqdm's own name
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
    _instances: t.Any = WeakSet()  # noqa: RUF012  # tqdm's, class-wide: counted before any bar

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
        smoothing: t.Optional[float] = SMOOTHING,
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
        if colour:
            from .tqdm_bar import colour_code

            colour_code(colour)  # an unknown colour warns now, as tqdm does
        self.iterable, self.fp, self.leave, self.gui = iterable, stream, leave, gui
        self.ncols, self.nrows, self.lock_args, self.dynamic_ncols = ncols, nrows, lock_args, False
        self._rules(mininterval, maxinterval, miniters, smoothing, delay)
        # tqdm's guess for code that reads it; the glyphs drawn follow the stream's encoding
        self.ascii = ascii if ascii is not None else not unicode_stream(stream)
        self._ascii_given = ascii
        self.bar_format, self.colour = bar_format, colour
        self.initial, self.unit_scale, self.unit_divisor = initial, unit_scale, unit_divisor
        self.disable = bool(disable)
        clock = kwargs.pop("clock", None)
        self._time: t.Callable[[], float] = clock or time.monotonic
        live = clock is None or bool(getattr(clock, "live", False))
        self.last_print_t = self.start_t = self._time()
        self._bar = self._make_bar(iterable, total, desc, unit, live, kwargs)
        self._desc, self._postfix, self._message = desc or "", None, None
        self._start_desc: t.Optional[str] = self._desc
        self._count_lock = RLock()  # update() from several threads (thread_map's callbacks)
        self.n = self.last_print_n = initial  # the bar underneath gets it when drawn
        try:
            self._initial_postfix(postfix)
            self._check_format()
        except BaseException:
            self._bar.drop_unseen()
            raise
        self._closed = False
        self.pos = self._register(self, position, keep=not self.disable)
        self._start_monitor()
        if delay <= 0 and not gui:
            self.refresh(lock_args=lock_args)
        self.last_print_t = self.start_t = self._time()  # as tqdm: after the first draw
        self._bar.clock.restart()  # the bar's clock goes on from that draw, never back before it

    def _make_bar(
        self,
        iterable: t.Any,
        total: t.Optional[float],
        desc: t.Optional[str],
        unit: str,
        live: bool,
        extras: dict[str, t.Any],
    ) -> TqdmBar:
        ascii = self._ascii_given
        passed: dict[str, t.Any] = (
            {} if self.mininterval is MININTERVAL else {"log_interval": self.mininterval}
        )
        if PROGBAR_DELAY and self.delay > 0:
            passed["delay"] = self.delay
        if self.colour and extras.get("color") is None:  # asked for: on unless NO_COLOR & co.
            from .._output.detect import color_enabled

            passed["color"] = color_enabled(os.environ, True)
        return TqdmBar(
            tqdm_total(iterable, total),
            description=desc or None,
            leave=self.leave,
            file=self.fp,
            interval=self.mininterval,
            unit_name=unit,
            unit_scale=self.unit_scale,
            # tqdm's default: ours, in time, measures better (an explicit one: tqdm_rate.py)
            smoothing=None if self._tqdm_rate is None else self.smoothing,
            disable=self.disable,
            unit_divisor=self.unit_divisor,
            ascii=ascii is True,
            coloured=bool(self.colour),
            formatter=self._formatter(),
            clock=TqdmClock(self, live),
            **{"width": FILL, **passed, **extras},
        )

    # -- counting, with tqdm's rules for when to draw --------------------------------

    def update(self, n: float = 1) -> t.Optional[bool]:
        """Add ``n`` (may be negative or a float); draw if tqdm would. True when drawn."""
        if self.disable:  # closed, or disabled: nothing is drawn (as tqdm)
            if self._closed and type(n) in (int, float):  # but no count is lost: thread_map's
                with self._count_lock:  # last done-callback may come after its bar closed
                    self.n += n
            return None
        with self._count_lock:  # reentrant: a signal handler may update inside an update
            try:
                self.n += n
            except TypeError:
                raise TypeError(f"update() takes a number as n, got {type(n).__name__}") from None
            if n < 0:
                self.last_print_n += n
            dn = self.n - self.last_print_n
        if dn < self.miniters:
            return None
        now = self._time()
        dt = now - self.last_print_t
        if dt < self.mininterval or now < self.start_t + self.delay:
            return None
        if self._tqdm_rate is not None:
            self._tqdm_rate.observe(dn, dt)
        self.refresh(lock_args=self.lock_args)
        if self.dynamic_miniters:
            self._adapt_miniters(dn, dt)
        self.last_print_n, self.last_print_t = self.n, now
        return True

    def __iter__(self) -> t.Iterator[t.Any]:
        """Yield the items of ``iterable``, counting each; the bar closes when they run out."""
        if self.iterable is None:
            raise TypeError("'tqdm' object is not iterable: it was made without an iterable")
        return self._walk(self.iterable)

    def _walk(self, iterable: t.Iterable[t.Any]) -> t.Iterator[t.Any]:
        """Tqdm's loop: count each item, draw when tqdm's rules say (inlined for speed)."""
        if self.disable:  # as tqdm: walked, not counted
            yield from iterable
            self.close()
            return
        clock, n = self._time, self.n
        last_n, last_t, start = self.last_print_n, self.last_print_t, self.start_t + self.delay
        self._bar.looping(True)
        try:
            for item in iterable:
                yield item  # left by break or an exception: the item in hand is not counted
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

    def _forget(self) -> None:
        self.disable = True
        self._unregister(self)

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
            with suppress(TypeError, ValueError):  # NaN or a foreign number: the last good count
                self._bar.update(self.n)
            self._bar.close()

    @property
    def bar(self) -> TqdmBar:
        """The :class:`~progbar.Progbar` underneath, for progbar's own methods.

        Its count is this bar's ``n`` as of the last draw (tqdm's ``update``
        stays as cheap as tqdm's own: it only adds, and draws when due).
        """
        bar: TqdmBar = self._bar
        return bar


def trange(*args: int, **kwargs: t.Any) -> tqdm:
    """Tqdm's ``trange(n)``: ``tqdm(range(n), **kwargs)``."""
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
    check_pandas_options(options)
    if tqdm_class is not None and not isinstance(tqdm_class, type):
        raise TypeError(f"pandas() takes a class as tqdm_class, got {type(tqdm_class).__name__}")
    from .pandas_hooks import register

    register(tqdm if tqdm_class is None else tqdm_class, options)
