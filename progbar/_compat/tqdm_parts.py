"""The pieces of ``progbar.tqdm`` that are not its methods: keywords, the bar, the clock, the lock.

Kept apart so that ``tqdm_class.py`` reads as tqdm's method list and nothing else.
"""

from __future__ import annotations

import math
from _weakref import ref

from .. import _hints as t
from .._core.cells import can_encode
from .._core.snapshot import Layout
from .._core.tqdm_look import BLOCKS
from .._progbar import Progbar

__all__ = [
    "EMA",
    "EXTRAS",
    "FILL",
    "FOREIGN",
    "IGNORED",
    "MEANINGFUL",
    "PROGBAR_DELAY",
    "SMOOTHING",
    "SharedLock",
    "TqdmBar",
    "TqdmClock",
    "check_extras",
    "check_pandas_options",
    "isatty",
    "tqdm_total",
    "unicode_stream",
]  # fmt: skip

IGNORED = ("dynamic_ncols", "position", "write_bytes", "lock_args")
"""tqdm keywords accepted and ignored: the width is read before every redraw, bars on one
output share one region in creation order (``position`` only orders comparisons and
``nrows``), and progbar writes text under its own locks."""

FOREIGN = ("name",)
"""Keywords other tqdm subclasses take and libraries pass to any ``tqdm_class``, dropped:
huggingface_hub's downloads pass ``name="huggingface_hub.http_get"``."""

EXTRAS = (
    "width", "verbose", "display", "clock", "color", "log_interval", "ambiguous_wide",
    "all_ranks", "parent", "stateful_metrics",
)  # fmt: skip
"""progbar's keywords that ``progbar.tqdm`` passes on to its bar (``clock``: its ``_time``)."""

MEANINGFUL = (
    "iterable", "desc", "total", "leave", "file", "ncols", "mininterval", "maxinterval",
    "miniters", "ascii", "disable", "unit", "unit_scale", "smoothing", "bar_format", "initial",
    "postfix", "unit_divisor", "colour", "delay", "gui", "nrows",
)  # fmt: skip
"""tqdm keywords that mean here what they mean in tqdm."""


def _takes(function: t.Any, name: str) -> bool:
    code = function.__code__
    return name in code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]


PROGBAR_DELAY = _takes(Progbar.__init__, "delay")
"""Whether :class:`Progbar` takes ``delay=`` (then ``progbar.tqdm`` passes tqdm's on, so that
no redraw, the refresh thread's included, shows the bar before it is due)."""

FILL = 10_000
"""Bar cells asked for: the bar fills the line, as tqdm's does (10 cells in a log file)."""


class Default(float):
    """A default value that can be told from the same value given explicitly."""


MININTERVAL = Default(0.1)
"""tqdm's default ``mininterval``; an explicit one also spaces the lines of a log."""
SMOOTHING = Default(0.3)
"""tqdm's default ``smoothing``: progbar's estimator; an explicit one gets tqdm's formula."""

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    Formatter = t.Callable[[t.Any, Layout, t.Optional[int]], str]


class TqdmBar(Progbar):
    """The :class:`Progbar` under ``progbar.tqdm``: drawn when tqdm's rules say, in tqdm's look.

    It never draws on its own when counted (``progbar.tqdm`` applies tqdm's
    ``miniters``/``mininterval``/``delay`` and calls :meth:`refresh`), and
    reaching the total does not finish it: as in tqdm, only ``close()`` does,
    so a total may grow mid-run. Its lines come from ``formatter`` (the
    tqdm object's ``bar_format``, colour and fields) with tqdm's
    ``unit_divisor`` and charset in the layout.
    """

    ends_at_target = False
    """Read by a log's screen: a line at the total is written, as tqdm writes it (a final
    line only follows at ``close()``, and the total may grow meanwhile)."""

    def __init__(
        self,
        *args: t.Any,
        unit_divisor: float,
        ascii: bool,
        coloured: bool,
        formatter: Formatter,
        **options: t.Any,
    ) -> None:
        self._tqdm_look = (float(unit_divisor), ascii, coloured, formatter)
        super().__init__(*args, **options)

    def _make_layout(self, width: int) -> Layout:
        base = super()._make_layout(width)
        divisor, ascii_only, coloured, formatter = self._tqdm_look
        return Layout(
            bar_width=width,
            look="tqdm",
            color=coloured and base.color,  # tqdm's look is uncoloured unless colour= asks
            ascii_only=ascii_only or not can_encode(BLOCKS, base.encoding),
            ambiguous_wide=base.ambiguous_wide,
            encoding=base.encoding,
            unit_scale=self.unit_scale,
            unit_divisor=divisor,
            formatter=formatter,
        )

    def _counted(self, final: bool) -> None:
        """Counting never draws: ``progbar.tqdm`` decides, with tqdm's rules."""

    def _refresh(self) -> bool:
        """The refresh thread's redraw of a quiet bar: none for a row hidden by ``nrows``."""
        return False if self._hidden() else super()._refresh()

    def _catch_up(self) -> None:
        """The program ends: the count reached is drawn, unless ``nrows`` hides the row."""
        if not self._hidden():
            super()._catch_up()

    def _hidden(self) -> bool:
        return bool(getattr(self._tqdm_look[3], "hidden", False))

    def looping(self, running: bool) -> None:
        """A ``for`` over the tqdm object starts or ends: bars made meanwhile nest under it."""
        self._loop(_no_items if running else None)

    def log_now(self) -> None:
        """In a log, the next draw writes a line at once, whatever the interval."""
        screen, slot = self._screen, self._slot
        if screen is not None and slot is not None:
            screen.log_now(slot)

    def drop_unseen(self) -> None:
        """Close without a line: the bar never showed (``delay`` had not passed)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            screen, slot = self._screen, self._slot
            if screen is not None and slot is not None:
                screen.drop(slot, keep_line=False)
            self._follow(None)


def _no_items() -> float:
    """A loop's count as the bar polls it: the tqdm object adds its counts itself."""
    return 0.0


class TqdmClock:
    """The bar's clock: seconds since the tqdm object's ``start_t``, by its ``_time``.

    tqdm's own tests (and code imitating them) swap ``_time`` and set
    ``start_t`` by it after construction: from then on the clock is its
    first reading (the bar's start) plus the new ``_time()`` less the new
    ``start_t``, as tqdm's own ``elapsed`` starts again (the intervals the
    bar measures are the new clock's, with no offset carried over). It
    never goes backwards: ``unpause()`` moves ``start_t`` forward
    (the clock waits, if it was read during the pause), and after
    ``reset()`` (:meth:`restart`) it goes on from where it stood, so the
    screen's own spacing of lines stays right.
    """

    def __init__(self, owner: object, live: bool) -> None:
        self.live = live  # real time: the refresh thread may redraw the bar between updates
        self._owner = ref(owner)
        self._source: object = None  # the owner's _time at the last reading
        self._floor = -math.inf
        self._base = 0.0
        self._first: t.Any = None  # the first reading: the bar's start

    def __call__(self) -> float:
        owner: t.Any = self._owner()
        if owner is None:
            return self._floor
        source = owner._time
        if source is not self._source:  # _time swapped and start_t set by it: the bar starts
            if self._source is not None:  # again at its first reading, as tqdm's elapsed does
                self._base = self._first
            self._source = source
        now: float = source() - owner.start_t + self._base
        if self._first is None:
            self._first = now
        if now < self._floor:
            return self._floor
        self._floor = now
        return now

    def restart(self) -> None:
        """``start_t`` was just set to now: continue from the last reading."""
        self._base = max(self._floor, 0.0)


class EMA:
    """tqdm's exponential moving average (bias-corrected), for dynamic ``miniters``."""

    def __init__(self, smoothing: float) -> None:
        self.alpha, self.last, self.calls = smoothing, 0.0, 0

    def __call__(self, x: t.Optional[float] = None) -> float:
        beta = 1 - self.alpha
        if x is not None:
            self.last = self.alpha * x + beta * self.last
            self.calls += 1
        return self.last / (1 - beta**self.calls) if self.calls else self.last


class SharedLock:
    """A re-entrant lock that survives pickling (a new one on the other side)."""

    def __init__(self) -> None:
        from _thread import RLock

        self._lock = RLock()

    def acquire(self, *args: t.Any, **kwargs: t.Any) -> bool:
        return self._lock.acquire(*args, **kwargs)

    def release(self) -> None:
        self._lock.release()

    def __enter__(self) -> SharedLock:
        self._lock.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._lock.release()

    def __reduce__(self) -> tuple[type, tuple[()]]:
        return SharedLock, ()


def tqdm_total(iterable: object, total: t.Optional[float]) -> t.Optional[float]:
    """The total as tqdm takes it: as given, else ``len(iterable)``; infinity is unknown."""
    if total is None and iterable is not None:
        try:
            total = len(iterable)  # type: ignore[arg-type]
        except (TypeError, AttributeError):
            return None
    return None if total == float("inf") else total


def unicode_stream(stream: object) -> bool:
    """Tqdm's test for the glyphs: the stream declares a UTF encoding."""
    encoding = getattr(stream, "encoding", None)
    return isinstance(encoding, str) and encoding.lower().replace("-", "") in ("utf8", "u8")


def isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except Exception:  # no isatty, or a closed stream
        return False


def check_pandas_options(options: t.Mapping[str, object]) -> None:
    """``pandas()``'s keywords: a bar's, less the iterable, plus tqdm_pandas's ``deprecated_t``."""
    check_extras(
        options, "pandas()", {*MEANINGFUL, *IGNORED, *EXTRAS, "deprecated_t"} - {"iterable"}
    )


def check_extras(
    kwargs: t.Mapping[str, object], caller: str = "tqdm()", allowed: t.Any = (*EXTRAS, *FOREIGN)
) -> None:
    """Refuse keywords neither tqdm nor progbar knows, naming ``caller``."""
    for name in kwargs:
        if name in allowed:
            continue
        import difflib  # only on this error path

        known = sorted({*EXTRAS, *IGNORED, *MEANINGFUL})
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean {close[0]}=?" if close else ""
        raise TypeError(f"{caller} got an unexpected keyword argument {name!r}{hint}")
