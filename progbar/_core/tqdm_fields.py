"""Template fields in tqdm's forms, so that the ``"tqdm"`` look is a template too.

``{counter_tqdm}`` (``45/100``, or ``45it`` without a total), ``{elapsed_clock}``
and ``{eta_clock}`` (``00:04``), ``{rate_tqdm}`` (``10.20it/s`` or `` 2.50s/it``),
and tqdm's bar of eighth-cell blocks (:func:`tqdm_bar`), each as
``tqdm_look.py`` draws it, from the same snapshot. Pure.
"""

from __future__ import annotations

import math

from .cells import can_encode, clean_text
from .numbers import format_clock, format_count, format_si
from .tqdm_look import ASCII_BLOCKS, BLOCKS

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Optional

    from .fields import Context, Field
    from .snapshot import Layout, Snapshot

__all__ = ["TQDM_LOOK_FIELDS", "tqdm_bar", "tqdm_total"]


def _scaling(layout: Layout) -> tuple[bool, float]:
    """The ``unit_scale`` of tqdm: SI prefixes (True or 1), or a factor for the counts."""
    scale = layout.unit_scale
    si = bool(scale) and scale == 1
    return si, float(scale) if scale and not si else 1.0


def tqdm_total(snap: Snapshot, layout: Layout) -> Optional[float]:
    """The total as tqdm shows it: None when unknown, 0, infinite or passed by half a unit."""
    total = snap.target
    if not total:
        return None
    factor = _scaling(layout)[1]
    total *= factor
    if snap.current * factor >= total + 0.5 or math.isinf(total):
        return None
    return total


def _count(x: float, layout: Layout) -> str:
    return format_si(x, layout.unit_divisor) if _scaling(layout)[0] else format_count(x)


def _counter_tqdm(snap: Snapshot, layout: Layout, ctx: Context) -> str:
    n = snap.current * _scaling(layout)[1]
    total = tqdm_total(snap, layout)
    if total is None:
        return _count(n, layout) + clean_text(snap.unit_name, layout.encoding)
    return f"{_count(n, layout)}/{_count(total, layout)}"


def _elapsed_clock(snap: Snapshot, layout: Layout, ctx: Context) -> str:
    return format_clock(snap.elapsed)


def _eta_clock(snap: Snapshot, layout: Layout, ctx: Context) -> str:
    """Time left: the estimate while running, ``00:00`` once done, ``?`` when unknown."""
    if snap.final and snap.target is not None and snap.current >= snap.target:
        return format_clock(0)
    return "?" if snap.eta is None else format_clock(snap.eta)


def _rate_tqdm(snap: Snapshot, layout: Layout, ctx: Context) -> str:
    """``10.20it/s``, or `` 2.50s/it`` when one unit takes over a second, as tqdm picks."""
    si, factor = _scaling(layout)
    unit = clean_text(snap.unit_name, layout.encoding)
    per_unit = snap.per_unit
    if not per_unit or per_unit <= 0:
        return f"?{unit}/s"
    rate = factor / per_unit
    inverse = 1 / rate
    if inverse > 1:
        return (format_si(inverse) if si else f"{inverse:5.2f}") + f"s/{unit}"
    return (format_si(rate) if si else f"{rate:5.2f}") + f"{unit}/s"


def tqdm_bar(snap: Snapshot, layout: Layout, cells: int) -> str:
    """``cells`` blocks filled to the fraction done, to an eighth of a cell (tqdm's ``Bar``)."""
    if layout.ascii_only or not can_encode(BLOCKS, layout.encoding):
        charset: tuple[str, ...] = tuple(ASCII_BLOCKS)
    elif layout.ambiguous_wide:  # the blocks take two cells there: so must the blanks
        charset = ("  ", *BLOCKS[1:])
    else:
        charset = tuple(BLOCKS)
    total = tqdm_total(snap, layout)
    frac = 0.0 if total is None else snap.current * _scaling(layout)[1] / total
    steps = len(charset) - 1
    full, part = divmod(int(min(max(frac, 0.0), 1.0) * cells * steps), steps)
    if full >= cells:
        return charset[-1] * cells
    return charset[-1] * full + charset[part] + charset[0] * (cells - full - 1)


TQDM_LOOK_FIELDS: dict[str, Field] = {
    "counter_tqdm": _counter_tqdm,
    "elapsed_clock": _elapsed_clock,
    "eta_clock": _eta_clock,
    "rate_tqdm": _rate_tqdm,
}
"""The fields in tqdm's forms, by name."""
