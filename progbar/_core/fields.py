"""The fields a template names: each one a pure function of a snapshot, a layout and a context.

A field returns the text it shows, or ``""`` when it has nothing to show
(no target yet: no ``target``, ``percent`` or ``eta``), which lets the
template drop the separator that goes with it. ``bar`` is not here: it is
the elastic part, laid out by :mod:`progbar._core.template` once the rest
is measured. Wall-clock time and the bar's finish state are not in the
snapshot (the core reads no clock): the caller passes them in a
:class:`Context`.
"""

from __future__ import annotations

import math

from .cells import clean_text
from .numbers import (
    format_byte_pair,
    format_byte_rate,
    format_bytes,
    format_count,
    format_elapsed,
    format_eta,
    format_per_unit,
    format_si,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Callable, Optional

    from .snapshot import Layout, Snapshot

    Field = Callable[[Snapshot, Layout, "Context"], str]

__all__ = ["FIELDS", "SPINNER", "Context", "render_receipt", "wall_clock"]

SPINNER = "\u280b\u2819\u2839\u2838\u283c\u2834\u2826\u2827\u2807\u280f"
"""Braille spinner frames; ``|/-\\`` where the stream cannot carry them."""
SPINNER_ASCII = "|/-\\"
FRAMES_PER_SECOND = 7
"""How fast the spinner turns. It follows the elapsed time, so the refresh thread's
redraws (about every 0.5 s) turn it between updates: 7 a second, not 10, so that
such a cadence does not show the same frame or two over and over."""
SWEEP = 2.7
"""Seconds the activity block takes across the bar and back, for the same reason."""


class Context:
    """What a line needs that the snapshot does not hold: the wall clock and the finish state."""

    __slots__ = ("state", "wall")

    def __init__(self, wall: Optional[float] = None, state: str = "running") -> None:
        self.wall = wall  # Unix seconds now, or None: no wall-clock ETA
        self.state = state


def _scaled(n: float, layout: Layout) -> str:
    """A step count, scaled as tqdm's ``unit_scale`` asks (see :class:`Layout`)."""
    scale = layout.unit_scale
    if not scale:
        return str(n) if type(n) is int else format_count(n)
    if scale == 1:
        return format_si(n, layout.unit_divisor)
    return format_count(n * scale)


def _amount(n: float, snap: Snapshot, layout: Layout) -> str:
    if snap.units == "count":
        return _scaled(n, layout)
    return format_bytes(n, si=snap.units == "bytes_si")


def _count(snap: Snapshot, layout: Layout, ctx: Context) -> str:
    return _amount(snap.current, snap, layout)


def _target(snap: Snapshot, layout: Layout, ctx: Context) -> str:
    return "" if snap.target is None else _amount(snap.target, snap, layout)


def _counter(snap: Snapshot, layout: Layout, ctx: Context) -> str:
    """Keras's ``  3/10`` (padded to the target's digits), ``      5/Unknown``, or a byte pair."""
    target = snap.target
    if snap.units != "count":
        si = snap.units == "bytes_si"
        if target is None:
            return "%9s" % format_bytes(snap.current, si=si)
        return format_byte_pair(snap.current, target, si=si)
    if target is None:
        return "%7s/Unknown" % _scaled(snap.current, layout)
    total = _scaled(target, layout)
    return f"{_scaled(snap.current, layout):>{len(total)}}/{total}"


def _fraction(snap: Snapshot) -> Optional[float]:
    target = snap.target
    if target is None:
        return None
    if target <= 0:
        return 1.0
    fraction = snap.current / target
    return 0.0 if math.isnan(fraction) else min(max(fraction, 0.0), 1.0)


def _percent(snap: Snapshot, layout: Layout, ctx: Context) -> str:
    fraction = _fraction(snap)
    return "" if fraction is None else f"{fraction * 100:.0f}"


def _elapsed(snap: Snapshot, layout: Layout, ctx: Context) -> str:
    return format_elapsed(snap.elapsed)


def _counting_down(snap: Snapshot) -> bool:
    return snap.target is not None and not snap.final


def _eta(snap: Snapshot, layout: Layout, ctx: Context) -> str:
    if not _counting_down(snap):
        return ""
    return "?" if snap.eta is None else format_eta(snap.eta)


def wall_clock(when: float, now: float) -> str:
    """Local ``14:05``, or ``Tue 14:05`` when ``when`` is not on ``now``'s day.

    >>> wall_clock(0.0, 0.0) == wall_clock(0.0, 60.0)
    True
    """
    import time  # formatting only: no clock is read here

    there, here = time.localtime(when), time.localtime(now)
    if (there.tm_year, there.tm_yday) == (here.tm_year, here.tm_yday):
        return time.strftime("%H:%M", there)
    return time.strftime("%a %H:%M", there)


def _eta_at(snap: Snapshot, layout: Layout, ctx: Context) -> str:
    """The local time the ETA points at; empty without a target, a rate or a wall clock."""
    if ctx.wall is None or not _counting_down(snap) or snap.eta is None:
        return ""
    if not math.isfinite(snap.eta) or snap.eta > 3e9:
        return ""
    return wall_clock(ctx.wall + snap.eta, ctx.wall)


def _rate(snap: Snapshot, layout: Layout, ctx: Context) -> str:
    """Units per second: ``12.3 step/s``, or a byte rate; empty until known."""
    per_unit = snap.per_unit
    if per_unit is None or per_unit <= 0:
        return ""
    if snap.units != "count":
        return format_byte_rate(1.0 / per_unit, si=snap.units == "bytes_si")
    rate = 1.0 / per_unit * (layout.unit_scale if layout.unit_scale not in (0, 1) else 1)
    text = format_si(rate, layout.unit_divisor) if layout.unit_scale == 1 else f"{rate:.2f}"
    return f"{text} {snap.unit_name}/s"


def _per_step(snap: Snapshot, layout: Layout, ctx: Context) -> str:
    return "" if snap.per_unit is None else format_per_unit(snap.per_unit, snap.unit_name)


def _speed(snap: Snapshot, layout: Layout, ctx: Context) -> str:
    """What the Keras looks show: ``25ms/step`` for counts, a byte rate for bytes."""
    if snap.units == "count":
        return _per_step(snap, layout, ctx)
    return _rate(snap, layout, ctx)


def _timing(snap: Snapshot, layout: Layout, ctx: Context) -> str:
    """The looks' time part: ``ETA: 3s`` or ``3s`` counting down,; else ``12s 2ms/step``."""
    speed = _speed(snap, layout, ctx)
    if _counting_down(snap):
        eta = "?" if snap.eta is None else format_eta(snap.eta)
        if layout.look != "classic":
            return f"{eta} {speed}".rstrip()
        return f"ETA: {eta}" + (f" - {speed}" if speed and snap.units != "count" else "")
    return f"{format_elapsed(snap.elapsed)} {speed}".rstrip()


def _pairs(snap: Snapshot, layout: Layout, joint: str, sep: str) -> str:
    enc = layout.encoding
    return sep.join(f"{clean_text(k, enc)}{joint}{clean_text(v, enc)}" if k else clean_text(v, enc)
                    for k, v in snap.metrics)  # fmt: skip


def _metrics(snap: Snapshot, layout: Layout, ctx: Context) -> str:
    """``loss: 0.1234 - acc: 0.9``, as the Keras looks show them (postfix items included)."""
    return _pairs(snap, layout, ": ", " - ")


def _postfix(snap: Snapshot, layout: Layout, ctx: Context) -> str:
    """``loss=0.123, acc=0.9``, as tqdm shows a postfix (metrics included)."""
    return _pairs(snap, layout, "=", ", ")


def _frame(snap: Snapshot) -> int:
    elapsed = snap.elapsed
    return int(elapsed * FRAMES_PER_SECOND) if math.isfinite(elapsed) and elapsed > 0 else 0


def _spinner(snap: Snapshot, layout: Layout, ctx: Context) -> str:
    """A frame that follows the elapsed time; empty once the bar has ended."""
    if snap.final:
        return ""
    frames = SPINNER_ASCII if layout.ascii_only else SPINNER
    return frames[_frame(snap) % len(frames)]


def _description(snap: Snapshot, layout: Layout, ctx: Context) -> str:
    return clean_text(snap.description, layout.encoding) if snap.description else ""


def _unit(snap: Snapshot, layout: Layout, ctx: Context) -> str:
    return clean_text(snap.unit_name, layout.encoding)


def _state(snap: Snapshot, layout: Layout, ctx: Context) -> str:
    return ctx.state


FIELDS: dict[str, Field] = {
    "description": _description,
    "count": _count,
    "target": _target,
    "counter": _counter,
    "percent": _percent,
    "elapsed": _elapsed,
    "eta": _eta,
    "eta_at": _eta_at,
    "rate": _rate,
    "per_step": _per_step,
    "speed": _speed,
    "timing": _timing,
    "metrics": _metrics,
    "postfix": _postfix,
    "spinner": _spinner,
    "unit": _unit,
    "state": _state,
}
"""Every field but ``bar``, by name (``bar`` is laid out last, in the room left)."""


def render_receipt(snap: Snapshot, state: str) -> str:
    """The ``summary=True`` line: ``train: done - 100 steps in 12s (8.33 step/s)``."""
    from .snapshot import Layout

    layout, ctx = Layout(), Context()
    lead = _description(snap, layout, ctx)
    amount = _count(snap, layout, ctx)
    if snap.units == "count":
        amount += f" {_unit(snap, layout, ctx)}s"
    rate = ""
    if snap.elapsed > 0 and snap.current > 0:
        per = snap.elapsed / snap.current  # the whole run's mean, whatever the smoothing
        rate = f" ({_rate(_mean(snap, per), layout, ctx)})"
    line = f"{state} - {amount} in {format_elapsed(snap.elapsed)}{rate}"
    return f"{lead}: {line}" if lead else line


def _mean(snap: Snapshot, per_unit: float) -> Snapshot:
    from .snapshot import Snapshot

    return Snapshot(snap.current, snap.target, snap.elapsed, None, per_unit, snap.unit_name,
                    (), True, snap.description, snap.units)  # fmt: skip
