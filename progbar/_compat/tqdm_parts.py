"""The pieces of ``progbar.tqdm`` that are not its methods: keywords, the bar, the lock.

Kept apart so that ``tqdm_class.py`` reads as tqdm's method list and nothing else.
"""

from __future__ import annotations

from .. import _hints as t
from .._core.cells import can_encode
from .._core.snapshot import Layout
from .._core.tqdm_look import BLOCKS
from .._progbar import Progbar

__all__ = [
    "EXTRAS", "FILL", "FOREIGN", "IGNORED", "MEANINGFUL", "SharedLock", "TqdmBar", "check_extras",
    "isatty", "tqdm_total",
]  # fmt: skip

IGNORED = (
    "ncols", "maxinterval", "miniters", "dynamic_ncols", "bar_format", "position", "write_bytes",
    "lock_args", "nrows", "colour", "delay", "gui",
)  # fmt: skip
"""tqdm keywords accepted and ignored: the line always fits the terminal, bars on one
output share one region in creation order, and redraws are throttled by time alone."""

FOREIGN = ("name",)
"""Keywords other tqdm subclasses take and libraries pass to any ``tqdm_class``, dropped:
huggingface_hub's downloads pass ``name="huggingface_hub.http_get"``."""

EXTRAS = (
    "width", "verbose", "display", "clock", "color", "log_interval", "ambiguous_wide",
    "all_ranks", "parent", "stateful_metrics",
)  # fmt: skip
"""progbar's own keywords that ``progbar.tqdm`` passes on to its bar."""

MEANINGFUL = (
    "iterable", "desc", "total", "leave", "file", "mininterval", "ascii", "disable", "unit",
    "unit_scale", "smoothing", "initial", "postfix", "unit_divisor",
)  # fmt: skip
"""tqdm keywords that mean here what they mean in tqdm."""

FILL = 10_000
"""Bar cells asked for: the bar fills the line, as tqdm's does (10 cells in a log file)."""


class TqdmBar(Progbar):
    """A :class:`Progbar` drawn in the ``"tqdm"`` look, with tqdm's ``unit_divisor``.

    Only until the options accept ``look="tqdm"``, ``unit_divisor`` and pass
    ``unit_scale`` to the layout: then this is ``Progbar(look="tqdm", ...)``.
    """

    def __init__(self, *args: t.Any, unit_divisor: float, ascii: bool, **options: t.Any) -> None:
        self._tqdm_look = (float(unit_divisor), ascii)
        super().__init__(*args, **options)

    def _make_layout(self, width: int) -> Layout:
        base = super()._make_layout(width)
        divisor, ascii_only = self._tqdm_look
        return Layout(
            bar_width=width,
            look="tqdm",
            color=False,  # tqdm's look is uncoloured
            ascii_only=ascii_only or not can_encode(BLOCKS, base.encoding),
            ambiguous_wide=base.ambiguous_wide,
            encoding=base.encoding,
            unit_scale=self.unit_scale,
            unit_divisor=divisor,
        )


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


def isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except Exception:  # no isatty, or a closed stream
        return False


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
