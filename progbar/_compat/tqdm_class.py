"""``progbar.tqdm``: tqdm's constructor and methods, drawing a progbar bar.

For the many libraries that accept ``tqdm_class=`` (``tqdm.contrib.concurrent``,
``huggingface_hub``, pqdm...) and for code written against tqdm. It holds a
:class:`~progbar.Progbar` (composition, not inheritance: tqdm's ``update(n)``
adds while Keras's ``update(current)`` sets, so one class cannot honour both)
and translates: ``update(n)`` is ``add(n)``, ``n`` is ``current``, ``total``
is ``target``. Defaults are tqdm's: stderr, ``leave=True``, ``unit="it"``,
and tqdm's look (``45%|████▌     | 45/100 [00:04<00:05, 10.20it/s]``).
Nothing here imports tqdm.
"""

from __future__ import annotations

import sys

from .. import _hints as t
from .._core.numbers import format_short
from .._output.printing import write
from .._progbar import Progbar
from .tqdm_parts import (
    EXTRAS,
    FILL,
    FOREIGN,
    IGNORED,
    MEANINGFUL,
    SharedLock,
    TqdmBar,
    check_extras,
    isatty,
    tqdm_total,
)

__all__ = ["pandas", "tqdm", "trange"]


class tqdm:  # tqdm's own name, so that tqdm_class=progbar.tqdm reads right
    """tqdm's constructor and methods over a progbar :class:`~progbar.Progbar`.

    Every keyword of ``tqdm.tqdm`` is accepted. ``desc``, ``total``, ``leave``,
    ``file`` (default: stderr, as tqdm), ``mininterval``, ``ascii``,
    ``disable`` (None: off unless ``file`` is a terminal), ``unit``,
    ``unit_scale``, ``unit_divisor``, ``smoothing``, ``initial`` and
    ``postfix`` mean what they mean in tqdm; the rest (:data:`IGNORED`) are
    accepted and ignored, as is huggingface_hub's ``name`` (:data:`FOREIGN`).
    progbar's own options (``clock``, ``display``,
    ``width``...: :data:`EXTRAS`) pass through to the bar.

    Raises:
        TypeError: a keyword neither tqdm nor progbar knows, or a wrong type.
        ValueError: a value out of range.
    """

    _lock: t.Any  # tqdm's class-wide lock: set by set_lock(), absent until then
    monitor_interval = 0  # tqdm's monitor thread: progbar's refresher does its job
    monitor = None

    def __init__(
        self,
        iterable: t.Optional[t.Iterable[t.Any]] = None,
        desc: t.Optional[str] = None,
        total: t.Optional[float] = None,
        leave: t.Optional[bool] = True,
        file: t.Optional[t.TextIO] = None,
        ncols: t.Optional[int] = None,
        mininterval: float = 0.1,
        maxinterval: float = 10.0,
        miniters: t.Optional[float] = None,
        ascii: t.Union[bool, str, None] = None,  # tqdm's name
        disable: t.Optional[bool] = False,
        unit: str = "it",
        unit_scale: t.Union[bool, float] = False,
        dynamic_ncols: bool = False,
        smoothing: float = 0.3,
        bar_format: t.Optional[str] = None,
        initial: float = 0,
        position: t.Optional[int] = None,
        postfix: t.Any = None,
        unit_divisor: float = 1000,
        write_bytes: bool = False,
        lock_args: t.Any = None,
        nrows: t.Optional[int] = None,
        colour: t.Optional[str] = None,
        delay: float = 0,
        gui: bool = False,
        **kwargs: t.Any,
    ) -> None:
        check_extras(kwargs)
        for name in FOREIGN:
            kwargs.pop(name, None)
        self.iterable = iterable
        self.leave = leave
        self.unit, self.unit_scale, self.unit_divisor = unit, unit_scale, unit_divisor
        self.mininterval, self.miniters, self.dynamic_miniters = mininterval, miniters, False
        self.pos = 0
        stream = sys.stderr if file is None else file
        if disable is None:  # tqdm: off unless writing to a terminal
            disable = not isatty(stream)
        self.disable = bool(disable)
        self._bar = TqdmBar(
            tqdm_total(iterable, total),
            description=desc or None,
            leave=leave,
            file=stream,
            interval=mininterval,
            unit_name=unit,
            unit_scale=unit_scale,
            # tqdm's default 0.3 is per update; ours is in time and measures better
            smoothing=None if smoothing == 0.3 else smoothing,
            disable=disable,
            unit_divisor=unit_divisor,
            ascii=ascii is not None and ascii is not False,
            **{"width": FILL, **kwargs},
        )
        self._add = self._bar.add  # bound once: update() is the hot path of tqdm code
        self.initial = initial
        if initial:
            self._bar.update(initial)
        if isinstance(postfix, str):
            self.set_postfix_str(postfix, refresh=False)
        elif postfix is not None:
            self.set_postfix(postfix, refresh=False)

    # -- counting ----------------------------------------------------------------------

    def update(self, n: float = 1) -> None:
        """Add ``n`` (may be negative or a float) to the count, as tqdm's ``update(n)``."""
        self._add(n)

    @property
    def n(self) -> float:
        """The count so far (progbar's ``current``); setting it moves the count."""
        return self._bar.current

    @n.setter
    def n(self, value: float) -> None:
        self._bar.update(value)

    @property
    def total(self) -> t.Optional[float]:
        """The expected count, or None; settable (progbar's ``target``).

        An int when whole, as tqdm keeps it: code does ``range(bar.total)``.
        """
        target = self._bar.target
        return int(target) if target is not None and target == int(target) else target

    @total.setter
    def total(self, value: t.Optional[float]) -> None:
        self._bar.target = value

    @property
    def desc(self) -> str:
        """The description, ``""`` when there is none."""
        return self._bar.description or ""

    @property
    def bar(self) -> Progbar:
        """The :class:`~progbar.Progbar` underneath, for progbar's own methods."""
        return self._bar

    def __iter__(self) -> t.Iterator[t.Any]:
        """Yield the items of ``iterable``, counting each; the bar closes when they run out."""
        if self.iterable is None:
            raise TypeError("'tqdm' object is not iterable: it was made without an iterable")
        try:
            yield from self._bar.track(self.iterable)
        finally:
            self.close()

    def __len__(self) -> int:
        """``len(iterable)`` when it has one, else the total (TypeError when unknown)."""
        if hasattr(self.iterable, "__len__"):
            return len(self.iterable)  # type: ignore[arg-type]
        return len(self._bar)

    def __bool__(self) -> bool:
        return True  # a bar is a bar, even with an unknown length (tqdm raises there)

    def __enter__(self) -> tqdm:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """End the bar: its line stays (``leave=True``) or goes; idempotent."""
        self.disable = True  # as tqdm: a closed bar ignores what follows
        self._bar.close()

    # -- what the line shows -------------------------------------------------------------

    def set_description(self, desc: t.Optional[str] = None, refresh: bool = True) -> None:
        """Change the description (drawn as ``desc: ``); ``refresh`` redraws now."""
        self._bar.set_description(desc or None)
        if refresh:
            self.refresh()

    def set_description_str(self, desc: t.Optional[str] = None, refresh: bool = True) -> None:
        """:meth:`set_description`: the look adds the ``": "`` only when it is missing."""
        self.set_description(desc, refresh)

    def set_postfix(
        self,
        ordered_dict: t.Optional[t.Mapping[str, object]] = None,
        refresh: bool = True,
        **kwargs: object,
    ) -> None:
        """Show ``key=value`` pairs after the rate, formatted as tqdm does (``.3g`` numbers).

        ``ordered_dict`` keeps its order; keyword values follow, sorted by name.
        """
        pairs = dict(ordered_dict or {})
        pairs.update((key, kwargs[key]) for key in sorted(kwargs))
        text = ", ".join(f"{key}={format_short(value)}" for key, value in pairs.items())
        self.set_postfix_str(text, refresh)

    def set_postfix_str(self, s: object = "", refresh: bool = True) -> None:
        """Show ``s`` after the rate, as given."""
        self._bar.set_postfix_str(str(s))
        if refresh:
            self.refresh()

    def refresh(self, nolock: bool = False, lock_args: t.Any = None) -> None:
        """Redraw now (``nolock`` and ``lock_args`` are accepted and ignored)."""
        if not self._bar.closed:
            self._bar.refresh()

    def display(self, msg: t.Optional[str] = None, pos: t.Optional[int] = None) -> None:
        """Redraw now; tqdm's ``msg`` and ``pos`` are ignored."""
        self.refresh()

    def clear(self, nolock: bool = False) -> None:
        """Blank the bar's line until its next redraw."""
        self._bar.clear()

    def reset(self, total: t.Optional[float] = None) -> None:
        """Count from 0 again (clock, rate and postfix too); ``total`` replaces the total."""
        if total == float("inf"):  # tqdm's way of saying the total is now unknown
            self._bar.reset()
            self._bar.target = None
        else:
            self._bar.reset(total)

    def unpause(self) -> None:
        """Accepted for tqdm code: progbar's rate estimate already discounts pauses."""

    @property
    def format_dict(self) -> dict[str, object]:
        """The bar's numbers under tqdm's names, for code that reads them."""
        bar = self._bar
        return {
            "n": bar.current, "total": bar.target, "elapsed": bar.elapsed, "rate": bar.rate,
            "prefix": self.desc, "unit": self.unit, "unit_scale": self.unit_scale,
            "unit_divisor": self.unit_divisor, "initial": self.initial,
        }  # fmt: skip

    def __repr__(self) -> str:
        return f"<progbar.tqdm {self.desc!r} {self.n}/{self.total}>"

    # -- class-wide: printing and tqdm's lock --------------------------------------------

    @classmethod
    def write(
        cls, s: str, file: t.Optional[t.TextIO] = None, end: str = "\n", nolock: bool = False
    ) -> None:
        """Print ``s`` above the live bars (:func:`progbar.write`)."""
        write(str(s), file, end)

    @classmethod
    def get_lock(cls) -> t.Any:
        """The class-wide write lock, made on first use (``tqdm.contrib.concurrent`` shares it).

        progbar's screens do their own locking; this lock only lets tqdm's
        helpers pass one to worker processes and threads, so it pickles.
        """
        if not hasattr(cls, "_lock"):
            cls.set_lock(SharedLock())
        return cls._lock

    @classmethod
    def set_lock(cls, lock: t.Any) -> None:
        """Set the class-wide lock (a pool initializer passes the parent's)."""
        # tqdm's protocol names it: tqdm.contrib.concurrent.ensure_lock reads and deletes _lock
        setattr(cls, "_lock", lock)  # noqa: B010  # an assignment reads as a private write

    @classmethod
    def pandas(cls, **options: t.Any) -> None:
        """:func:`progbar.pandas` with this class: tqdm's ``tqdm.pandas()``."""
        pandas(tqdm_class=cls, **options)


def trange(*args: int, **kwargs: t.Any) -> tqdm:
    """tqdm's ``trange(n)``: ``tqdm(range(n), **kwargs)``."""
    return tqdm(range(*args), **kwargs)


def pandas(tqdm_class: t.Optional[type[tqdm]] = None, **options: t.Any) -> None:
    """Register ``progress_apply``/``progress_map``/``progress_applymap`` on pandas objects.

    After ``progbar.pandas()``, ``df.progress_apply(f, axis=1)`` is
    ``df.apply(f, axis=1)`` with a bar counting the rows; likewise
    ``Series.progress_apply``/``progress_map``, ``DataFrame.progress_applymap``
    (``DataFrame.map`` where pandas has it) and ``progress_apply`` on
    ``groupby()`` objects (one step per group). The result is pandas's own.
    ``options`` are :class:`progbar.tqdm`'s keywords (``desc``, ``leave``,
    ``file``...) for every bar these methods draw; calling it again replaces
    them. pandas is imported here, never by ``import progbar``.

    Args:
        tqdm_class: the bar class to draw with (default :class:`progbar.tqdm`).
        **options: keywords for each bar (the total is counted for you).

    Raises:
        TypeError: an option :class:`progbar.tqdm` does not take, or a
            ``tqdm_class`` that is not a class.
        ImportError: pandas is not installed.
    """
    allowed = {*MEANINGFUL, *IGNORED, *EXTRAS} - {"iterable", "total"}
    check_extras(options, "pandas()", allowed)
    if tqdm_class is not None and not isinstance(tqdm_class, type):
        raise TypeError(f"pandas() takes a class as tqdm_class, got {type(tqdm_class).__name__}")
    from .pandas_hooks import register

    register(tqdm if tqdm_class is None else tqdm_class, options)
