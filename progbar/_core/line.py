"""Line layout: a frozen :class:`Snapshot` in, one display line out.

Pure: no clocks, no streams. The whole look of the bar lives here, so every
format case is a one-line golden test, and the width guarantee (a line is
never wider than the columns it is given) is a property test.
"""

from __future__ import annotations

import math

from .cells import can_encode, cell_width, clean_text, clip_cells
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
from .snapshot import Layout, Snapshot

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Optional

    from .snapshot import Units

__all__ = [
    "BAR_GLYPHS",
    "MIN_BAR",
    "UNITS",
    "Layout",
    "Snapshot",
    "render_brief",
    "render_line",
    "render_summary",
]

UNITS: tuple[Units, ...] = ("count", "bytes", "bytes_si")
"""How counts read: plain steps (Keras), or bytes in powers of 1024 (``MiB``) or 1000 (``MB``)."""

BAR_GLYPHS = "\N{BOX DRAWINGS HEAVY HORIZONTAL}\N{BOX DRAWINGS LIGHT HORIZONTAL}"
"""The non-ASCII glyphs a bar may draw; a stream that cannot encode them gets ASCII."""

MIN_BAR = 6
"""Bar cells kept while anything else can still be dropped instead."""

_BOLD, _GREEN, _WHITE, _RESET = "\x1b[1m", "\x1b[32m", "\x1b[37m", "\x1b[0m"


class _Parts:
    """The pieces of a line, cleaned; fitting a line makes new ones, never edits these."""

    __slots__ = ("desc", "head", "info", "metrics")

    def __init__(self, desc: str, head: str, info: str, metrics: tuple[str, ...]) -> None:
        self.desc = desc
        self.head = head
        self.info = info
        self.metrics = metrics


def render_line(snap: Snapshot, layout: Layout, width: Optional[int] = None) -> str:
    """The line for ``snap``, at most ``width`` cells wide (unbounded when None).

    When space runs out the bar shrinks first (down to :data:`MIN_BAR`),
    then metrics are dropped from the end, then the description is clipped,
    then the bar shrinks further, then the time/ETA goes rather than the
    bar, and only then is the line itself clipped: the count and the bar
    are the last to go.
    User text is cleaned first (controls, escapes, unencodable characters).
    The ``"tqdm"`` look has its own layout (``tqdm_look.py``).
    """
    if layout.look == "tqdm":
        from .tqdm_look import render_tqdm  # loaded by the first tqdm-look draw, not by import

        return render_tqdm(snap, layout, width)
    parts = _clean(_parts(snap, layout), layout.encoding)
    has_bar = snap.target is not None and snap.target >= 0
    if width is None:
        return _assemble(snap, layout, parts, layout.bar_width if has_bar else None)
    return _fit(snap, layout, parts, has_bar, max(width, 0))


def _clean(parts: _Parts, encoding: Optional[str]) -> _Parts:
    """Every part drawable as is: measured widths then match what is written."""
    return _Parts(
        clean_text(parts.desc, encoding),
        clean_text(parts.head, encoding),
        clean_text(parts.info, encoding),
        tuple(clean_text(m, encoding) for m in parts.metrics),
    )


def _fit(snap: Snapshot, layout: Layout, parts: _Parts, has_bar: bool, width: int) -> str:
    amb = layout.ambiguous_wide
    glyph = _glyph_cells(layout)

    def room(p: _Parts) -> int:
        """Columns left for the bar's glyphs once everything else is drawn."""
        text = p.desc + p.head + p.info + "".join(p.metrics)
        return width - cell_width(text, ambiguous_wide=amb) - _bar_overhead(layout)

    def cells(p: _Parts) -> int:
        return min(layout.bar_width, room(p) // glyph)

    min_bar = min(MIN_BAR, layout.bar_width)
    while has_bar and parts.metrics and cells(parts) < min_bar:
        parts = _Parts(parts.desc, parts.head, parts.info, parts.metrics[:-1])
    if has_bar and parts.desc and cells(parts) < min_bar:
        space = room(_Parts("", parts.head, parts.info, parts.metrics)) - min_bar * glyph
        parts = _Parts(_clip_desc(parts.desc, space, layout), parts.head, parts.info, parts.metrics)
    if has_bar and parts.info and cells(parts) < 1:  # the bar outlives the time/ETA
        parts = _Parts(parts.desc, parts.head, "", parts.metrics)
    bar = cells(parts) if has_bar else 0
    line = _assemble(snap, layout, parts, bar if bar >= 1 else None)
    if cell_width(line, ambiguous_wide=amb) > width:
        line = clip_cells(line, width, ambiguous_wide=amb)
        if layout.color and "\x1b[" in line and not line.endswith(_RESET):
            line += _RESET
    return line


def _clip_desc(desc: str, room: int, layout: Layout) -> str:
    """The description cut to ``room`` cells with an ellipsis, or nothing.

    Never splits a wide character or a grapheme cluster (``clip_cells``).
    """
    ellipsis = (
        "\N{HORIZONTAL ELLIPSIS} "
        if can_encode("\N{HORIZONTAL ELLIPSIS}", layout.encoding)
        else "... "
    )
    text = desc.rstrip(" ")
    keep = room - cell_width(ellipsis, ambiguous_wide=layout.ambiguous_wide)
    clipped = clip_cells(text, keep, ambiguous_wide=layout.ambiguous_wide) if keep > 0 else ""
    return clipped + ellipsis if clipped else ""


def _glyph_cells(layout: Layout) -> int:
    """Cells one bar glyph takes: ``━`` is East Asian ambiguous, two cells in CJK terminals."""
    if layout.look == "classic" or _ascii_glyphs(layout) or not layout.ambiguous_wide:
        return 1
    return 2


def _ascii_glyphs(layout: Layout) -> bool:
    """ASCII bar glyphs: asked for, or the output encoding cannot carry ``━``/``─``."""
    return layout.ascii_only or not can_encode(BAR_GLYPHS, layout.encoding)


def _bar_overhead(layout: Layout) -> int:
    """Cells around the bar: ``" ["`` and ``"]"`` classic, a space for keras3."""
    return 3 if layout.look == "classic" else 1


def _parts(snap: Snapshot, layout: Layout) -> _Parts:
    desc = f"{snap.description} " if snap.description else ""
    target = snap.target
    if snap.units != "count":
        si = snap.units == "bytes_si"
        if target is None:  # the running byte count, padded like Keras pads "/Unknown"
            head = "%9s" % format_bytes(snap.current, si=si)
        else:
            head = format_byte_pair(snap.current, target, si=si)
    elif target is None:
        head = "%7s/Unknown" % _count(snap.current, layout)
    else:
        digits = len(_count(target, layout))
        head = f"{_count(snap.current, layout):>{digits}}/{_count(target, layout)}"
    metrics = tuple(f" - {name}: {text}" if name else f" - {text}" for name, text in snap.metrics)
    return _Parts(desc, head, _info(snap, layout), metrics)


def _count(n: float, layout: Layout) -> str:
    """A step count, scaled as tqdm's ``unit_scale`` asks (see :class:`Layout`)."""
    scale = layout.unit_scale
    if not scale:
        return format_count(n)
    if scale == 1:  # True or 1: SI prefixes
        return format_si(n, layout.unit_divisor)
    return format_count(n * scale)


def _speed(snap: Snapshot) -> str:
    """``25ms/step`` for counts; a byte rate (``2.1 MiB/s``) for bytes, empty until known."""
    if snap.units == "count":
        return "" if snap.per_unit is None else format_per_unit(snap.per_unit, snap.unit_name)
    if snap.per_unit is None or snap.per_unit <= 0:
        return ""
    return format_byte_rate(1.0 / snap.per_unit, si=snap.units == "bytes_si")


def _info(snap: Snapshot, layout: Layout) -> str:
    per_unit = _speed(snap)
    counting_down = snap.target is not None and not snap.final
    if layout.look == "classic":
        if counting_down:
            eta = " - ETA: " + ("?" if snap.eta is None else format_eta(snap.eta))
            # Keras shows no speed while counting down; a download's rate is worth the cells
            return eta + (f" - {per_unit}" if per_unit and snap.units != "count" else "")
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
    ascii_only = _ascii_glyphs(layout)  # e.g. ascii or cp1252 consoles lack box drawing
    full, empty = ("=", "-") if ascii_only else (BAR_GLYPHS[0], BAR_GLYPHS[1])
    if layout.color:
        empty = empty if ascii_only else full  # Keras 3 tints one glyph
        left = f"{_GREEN}{full * done}{_RESET}" if done else ""
        return left + f"{_WHITE}{empty * (cells - done)}{_RESET}"
    return full * done + empty * (cells - done)


def _assemble(snap: Snapshot, layout: Layout, parts: _Parts, cells: Optional[int]) -> str:
    head, info = parts.head, parts.info
    if layout.color and layout.look == "keras3":
        head = f"{_BOLD}{head}{_RESET}"
        if info:  # _fit may have dropped it
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
    speed = _speed(snap)
    if speed:
        line += " - " + speed
    return line + "".join(parts.metrics)


def render_brief(snap: Snapshot) -> str:
    """A nested bar named in its root's log line: description and count, ``batch 13/20``."""
    parts = _parts(snap, Layout())
    return clean_text(parts.desc + parts.head.strip())
