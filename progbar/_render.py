"""Line layout: a frozen :class:`Snapshot` in, one display line out.

Pure: no clocks, no streams. The whole look of the bar lives here, so every
format case is a one-line golden test, and the width guarantee (a line is
never wider than the columns it is given) is a property test.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, Optional

from ._format import format_count, format_elapsed, format_eta, format_per_unit
from ._text import cell_width, clip_cells

__all__ = ["MIN_BAR", "Layout", "Snapshot", "render_line", "render_summary"]

Look = Literal["classic", "keras3"]

MIN_BAR = 6
"""Bar cells kept while anything else can still be dropped instead."""

_BOLD, _GREEN, _WHITE, _RESET = "\x1b[1m", "\x1b[32m", "\x1b[37m", "\x1b[0m"


@dataclass(frozen=True)
class Snapshot:
    """Everything one line shows, already decided; the renderer only lays it out."""

    current: float
    target: Optional[float]
    elapsed: float
    eta: Optional[float] = None
    per_unit: Optional[float] = None
    unit_name: str = "step"
    metrics: tuple[tuple[str, str], ...] = ()
    final: bool = False
    description: Optional[str] = None


@dataclass(frozen=True)
class Layout:
    """How lines look: the style, the wanted bar cells, colour and glyph set."""

    bar_width: int = 30
    look: Look = "classic"
    color: bool = False
    ascii_only: bool = False
    ambiguous_wide: bool = False


@dataclass(frozen=True)
class _Parts:
    desc: str
    head: str
    info: str
    metrics: tuple[str, ...]


def render_line(snap: Snapshot, layout: Layout, width: Optional[int] = None) -> str:
    """The line for ``snap``, at most ``width`` cells wide (unbounded when None).

    When space runs out the bar shrinks first (down to :data:`MIN_BAR`),
    then metrics are dropped from the end, then the description is clipped,
    then the bar goes, and only then is the line itself clipped.
    """
    parts = _parts(snap, layout)
    has_bar = snap.target is not None and snap.target >= 0
    if width is None:
        return _assemble(snap, layout, parts, layout.bar_width if has_bar else None)
    return _fit(snap, layout, parts, has_bar, max(width, 0))


def _fit(snap: Snapshot, layout: Layout, parts: _Parts, has_bar: bool, width: int) -> str:
    amb = layout.ambiguous_wide

    def rest(p: _Parts) -> int:
        text = p.desc + p.head + p.info + "".join(p.metrics)
        return cell_width(text, ambiguous_wide=amb)

    def bar_cells(p: _Parts) -> int:
        return min(layout.bar_width, width - rest(p) - _bar_overhead(layout))

    min_bar = min(MIN_BAR, layout.bar_width)
    metrics = list(parts.metrics)
    while has_bar and metrics and bar_cells(parts) < min_bar:
        metrics.pop()
        parts = _Parts(parts.desc, parts.head, parts.info, tuple(metrics))
    if has_bar and parts.desc and bar_cells(parts) < min_bar:
        room = width - rest(_Parts("", parts.head, parts.info, parts.metrics))
        room -= _bar_overhead(layout) + min_bar
        parts = _Parts(_clip_desc(parts.desc, room, amb), parts.head, parts.info, parts.metrics)
    cells = bar_cells(parts) if has_bar else -1
    line = _assemble(snap, layout, parts, cells if cells >= 1 else None)
    if cell_width(line, ambiguous_wide=amb) > width:
        line = clip_cells(line, width, ambiguous_wide=amb)
        if layout.color and "\x1b[" in line and not line.endswith(_RESET):
            line += _RESET
    return line


def _clip_desc(desc: str, room: int, amb: bool) -> str:
    """The description cut to ``room`` cells with an ellipsis, or nothing."""
    text = desc.rstrip(" ")
    if room < 3:
        return ""
    return clip_cells(text, room - 2, ambiguous_wide=amb) + "\N{HORIZONTAL ELLIPSIS} "


def _bar_overhead(layout: Layout) -> int:
    """Cells around the bar: ``" ["`` and ``"]"`` classic, a space for keras3."""
    return 3 if layout.look == "classic" else 1


def _parts(snap: Snapshot, layout: Layout) -> _Parts:
    desc = f"{snap.description} " if snap.description else ""
    target = snap.target
    if target is None:
        head = "%7s/Unknown" % format_count(snap.current)
    else:
        digits = len(format_count(target))
        head = f"{format_count(snap.current):>{digits}}/{format_count(target)}"
    metrics = tuple(f" - {name}: {text}" for name, text in snap.metrics)
    return _Parts(desc, head, _info(snap, layout), metrics)


def _info(snap: Snapshot, layout: Layout) -> str:
    per_unit = "" if snap.per_unit is None else format_per_unit(snap.per_unit, snap.unit_name)
    counting_down = snap.target is not None and not snap.final
    if layout.look == "classic":
        if counting_down:
            return " - ETA: " + ("?" if snap.eta is None else format_eta(snap.eta))
        return f" - {format_elapsed(snap.elapsed)} {per_unit}".rstrip()
    if counting_down:
        lead = "?" if snap.eta is None else format_eta(snap.eta)
    else:
        lead = format_elapsed(snap.elapsed)
    return f" {lead} {per_unit}".rstrip()


def _bar(snap: Snapshot, layout: Layout, cells: int) -> str:
    target = snap.target or 0.0
    fraction = 1.0 if target <= 0 else min(max(snap.current / target, 0.0), 1.0)
    done = int(cells * fraction) if not math.isnan(fraction) else 0
    if layout.look == "classic":
        if done > 0:
            tip = ">" if snap.current < target else "="
            return "[" + "=" * (done - 1) + tip + "." * (cells - done) + "]"
        return "[" + "." * cells + "]"
    full = "-" if layout.ascii_only else "\N{BOX DRAWINGS HEAVY HORIZONTAL}"
    if layout.color:
        left = f"{_GREEN}{full * done}{_RESET}" if done else ""
        return left + f"{_WHITE}{full * (cells - done)}{_RESET}"
    empty = " " if layout.ascii_only else "\N{BOX DRAWINGS LIGHT HORIZONTAL}"
    return full * done + empty * (cells - done)


def _assemble(snap: Snapshot, layout: Layout, parts: _Parts, cells: Optional[int]) -> str:
    head, info = parts.head, parts.info
    if layout.color and layout.look == "keras3":
        head = f"{_BOLD}{head}{_RESET}"
        first, _, tail = info[1:].partition(" ")
        info = f" {_BOLD}{first}{_RESET}" + (f" {tail}" if tail else "")
    bar = ""
    if cells is not None:
        bar = " " + _bar(snap, layout, cells)
    return parts.desc + head + bar + info + "".join(parts.metrics)


def render_summary(snap: Snapshot) -> str:
    """The single ``verbose=2`` line: ``N/N - 3s - 25ms/step - loss: 0.1234``."""
    parts = _parts(snap, Layout())
    head = parts.head.strip() if snap.target is None else parts.head
    line = f"{head} - {format_elapsed(snap.elapsed)}"
    if snap.per_unit is not None:
        line += " - " + format_per_unit(snap.per_unit, snap.unit_name)
    return line + "".join(parts.metrics)
