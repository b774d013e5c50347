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
    "WRAP_MIN",
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
"""The bar's floor: it shrinks to this many cells first; below it, it goes altogether."""

WRAP_MIN = 12
"""Columns below which a finished line is clipped rather than continued on more rows."""

TIME_CELLS = len(" - 9s 999ms/step")
"""Cells a finished line keeps for its time when sizing its bar: step times vary in length
(``2s 1ms/step``, ``0s 661us/step``), and the bar of each epoch's line must not."""

_BOLD, _GREEN, _WHITE, _RESET = "\x1b[1m", "\x1b[32m", "\x1b[37m", "\x1b[0m"


class _Parts:
    """The pieces of a line, cleaned; fitting a line makes new ones, never edits these."""

    __slots__ = ("desc", "head", "info", "metrics", "speed")

    def __init__(
        self, desc: str, head: str, info: str, metrics: tuple[str, ...], speed: str = ""
    ) -> None:
        self.desc = desc
        self.head = head  # the count: the last to go
        self.info = info  # the ETA (or the time taken, when finished): it goes after the bar
        self.metrics = metrics
        self.speed = speed  # the rate or time per step, after the ETA: it goes before the bar

    def but(self, **changes: object) -> _Parts:
        """A copy with some parts replaced (fitting never edits a part in place)."""
        values = {name: getattr(self, name) for name in self.__slots__}
        values.update(changes)
        return _Parts(**values)


def render_line(snap: Snapshot, layout: Layout, width: Optional[int] = None) -> str:
    r"""The line for ``snap``, at most ``width`` cells wide (unbounded when None).

    The width policy (``docs/terminal.md``), one for every look and unit:
    when space runs out the bar shrinks first (down to :data:`MIN_BAR`),
    then metrics go from the end, then the description is clipped, then
    the rate (or time per step) goes, then the bar goes altogether, then the
    ETA, and only then is the line itself clipped: the count and the ETA
    stay while anything else can go.
    A final line (``snap.final``) never drops a metric. Its bar is sized as
    if its time took :data:`TIME_CELLS`: shrunk so that every metric fits
    one row if that leaves it its floor, else as wide as beside the count
    and time alone, so the finished lines of one run (a Keras callback's
    epochs, whose step times differ in length) have bars of one width; the
    metrics its first row cannot hold continue on indented rows below, joined by
    ``"\n"`` and each at most ``width`` cells (see :func:`wrap_items`); a
    line that fits one row is the same single line as before.
    User text is cleaned first (controls, escapes, unencodable characters).
    The ``"tqdm"`` look has its own layout (``tqdm_look.py``); a layout's
    ``formatter`` replaces the look altogether.
    """
    if layout.formatter is not None:
        return layout.formatter(snap, layout, width)
    if layout.look == "tqdm":
        from .tqdm_look import render_tqdm  # loaded by the first tqdm-look draw, not by import

        return render_tqdm(snap, layout, width)
    parts = _clean(_parts(snap, layout), layout.encoding)
    has_bar = snap.target is not None and snap.target >= 0
    if width is None:
        return _assemble(snap, layout, parts, layout.bar_width if has_bar else None)
    width = max(width, 0)
    wrap = snap.final and width >= WRAP_MIN
    if wrap and parts.metrics:  # sized with a time of TIME_CELLS: one width for every epoch
        room = max(width - max(TIME_CELLS - cell_width(parts.info + parts.speed), 0), 0)
        fitted, cells = _shrink(layout, parts, has_bar, room)
        if fitted.metrics is not parts.metrics:  # it wraps: the bar as beside count and time
            fitted, cells = _shrink(layout, parts.but(metrics=()), has_bar, room)
            fitted = fitted.but(metrics=parts.metrics)
    else:
        fitted, cells = _shrink(layout, parts, has_bar, width)
    while wrap and fitted.metrics and _too_wide(snap, layout, fitted, cells, width):
        fitted = fitted.but(metrics=fitted.metrics[:-1])  # no bar
    line = _draw(snap, layout, fitted, cells, width)
    dropped = parts.metrics[len(fitted.metrics) :]
    if not wrap or not dropped:
        return line
    indent = cell_width(fitted.head, ambiguous_wide=layout.ambiguous_wide)  # under the bar
    from .wrap import wrap_items  # only finished lines that need more than one row

    rows = wrap_items(line, dropped, width, indent=indent, layout=layout)
    # each row may land on a row that held a longer live line (the first always does,
    # nested bars' rows below too); a display pads after the whole text at most, so
    # every row brings its own blanks
    amb = layout.ambiguous_wide
    return "\n".join(row + " " * (width - cell_width(row, ambiguous_wide=amb)) for row in rows)


def _clean(parts: _Parts, encoding: Optional[str]) -> _Parts:
    """Every part drawable as is: measured widths then match what is written.

    The metrics were cleaned name and value apart by :func:`_parts` already.
    """
    plain = parts.desc + parts.head + parts.info + parts.speed
    if plain.isascii() and plain.isprintable():  # the common case: nothing to clean
        return parts
    return _Parts(
        clean_text(parts.desc, encoding),
        clean_text(parts.head, encoding),
        clean_text(parts.info, encoding),
        parts.metrics,
        clean_text(parts.speed, encoding),
    )


def _shrink(layout: Layout, parts: _Parts, has_bar: bool, width: int) -> tuple[_Parts, int]:
    """The parts that fit ``width`` and the bar's cells (0: no bar), by the policy above.

    Each piece is measured once; dropping a piece subtracts its width.
    """
    amb = layout.ambiguous_wide
    glyph = _glyph_cells(layout)
    text = parts.desc + parts.head + parts.info + parts.speed + "".join(parts.metrics)
    plain = text.isascii() and text.isprintable()  # the common case: a cell per character
    if plain and has_bar and width - len(text) - _bar_overhead(layout) >= layout.bar_width * glyph:
        return parts, layout.bar_width  # the whole bar fits: nothing to decide

    def measure(text: str) -> int:
        return len(text) if plain else cell_width(text, ambiguous_wide=amb)

    floor = min(MIN_BAR, layout.bar_width) if has_bar else 0
    overhead = _bar_overhead(layout) if has_bar else 0
    desc_w = measure(parts.desc)
    metric_w = [measure(m) for m in parts.metrics]
    used = desc_w + measure(parts.head + parts.info + parts.speed) + sum(metric_w) + overhead

    def short() -> bool:  # the bar (if any) cannot have its floor
        return width - used < floor * glyph

    metrics = parts.metrics
    while metrics and short():
        used -= metric_w[len(metrics) - 1]
        metrics = metrics[:-1]
    desc, speed, info = parts.desc, parts.speed, parts.info
    if desc and short():
        from .wrap import clip_with_ellipsis  # a description too long for the line

        desc = clip_with_ellipsis(desc, width - (used - desc_w) - floor * glyph, layout)
        used += cell_width(desc, ambiguous_wide=amb) - desc_w
    if speed and short():
        used -= measure(speed)
        speed = ""
    wanted = has_bar
    if has_bar and short():  # below its floor the bar goes: the ETA outlives it
        used -= overhead
        has_bar = False
    if info and width < used:
        used -= measure(info)
        info = ""
        if wanted and width - used - overhead >= floor * glyph:  # room for the bar again
            used += overhead
            has_bar = True
    if (
        metrics is not parts.metrics
        or desc is not parts.desc
        or (speed, info)
        != (
            parts.speed,
            parts.info,
        )
    ):
        parts = _Parts(desc, parts.head, info, metrics, speed)
    return parts, min(layout.bar_width, (width - used) // glyph) if has_bar else 0


def _too_wide(snap: Snapshot, layout: Layout, parts: _Parts, bar: int, width: int) -> bool:
    """Whether the parts drawn as they are would pass ``width`` (a line without a bar can)."""
    line = _assemble(snap, layout, parts, bar if bar >= 1 else None)
    return cell_width(line, ambiguous_wide=layout.ambiguous_wide) > width


def _draw(snap: Snapshot, layout: Layout, parts: _Parts, bar: int, width: int) -> str:
    """The fitted parts as one line, clipped if even the count does not fit."""
    amb = layout.ambiguous_wide
    line = _assemble(snap, layout, parts, bar if bar >= 1 else None)
    if cell_width(line, ambiguous_wide=amb) > width:
        line = clip_cells(line, width, ambiguous_wide=amb)
        if layout.color and "\x1b[" in line and not line.endswith(_RESET):
            line += _RESET
    return line


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
        total = _count(target, layout)
        head = f"{_count(snap.current, layout):>{len(total)}}/{total}"
    # name and value cleaned apart: an escape at the end of a name must not eat the ": "
    enc = layout.encoding
    metrics = tuple(
        (f" - {k}: {v}" if k else f" - {v}")
        if (k + v).isascii() and (k + v).isprintable()  # nothing to clean: the common case
        else f" - {clean_text(k, enc)}: {clean_text(v, enc)}"
        if k
        else f" - {clean_text(v, enc)}"
        for k, v in snap.metrics
    )
    eta, speed = _info(snap, layout)
    return _Parts(desc, head, eta, metrics, speed)


def _count(n: float, layout: Layout) -> str:
    """A step count, scaled as tqdm's ``unit_scale`` asks (see :class:`Layout`)."""
    scale = layout.unit_scale
    if not scale:
        return str(n) if type(n) is int else format_count(n)
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


def _info(snap: Snapshot, layout: Layout) -> tuple[str, str]:
    """The ETA (or the time taken, once finished) and the speed after it, apart."""
    counting_down = snap.target is not None and not snap.final
    if layout.look == "classic":
        if counting_down:
            eta = " - ETA: " + ("?" if snap.eta is None else format_eta(snap.eta))
            # Keras shows no speed while counting down; a download's rate is worth the cells
            if snap.units == "count":
                return eta, ""  # the common live line: no speed formatted to be thrown away
            per_unit = _speed(snap)
            return eta, (f" - {per_unit}" if per_unit else "")
        per_unit = _speed(snap)
        return f" - {format_elapsed(snap.elapsed)}", (f" {per_unit}" if per_unit else "")
    per_unit = _speed(snap)
    if counting_down:
        lead = "?" if snap.eta is None else format_eta(snap.eta)
    else:
        lead = format_elapsed(snap.elapsed)
    return f" {lead}", (f" {per_unit}" if per_unit else "")


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
        if info:  # fitting may have dropped it
            info = f" {_BOLD}{info[1:]}{_RESET}"
    bar = ""
    if cells is not None:
        bar = " " + _bar(snap, layout, cells)
    return parts.desc + head + bar + info + parts.speed + "".join(parts.metrics)


def render_summary(
    snap: Snapshot, width: Optional[int] = None, layout: Optional[Layout] = None
) -> str:
    """The single ``verbose=2`` line: ``N/N - 3s - 25ms/step - loss: 0.1234``.

    With a ``width`` (a terminal's), metrics that would pass it continue on
    indented rows (:func:`wrap_items`), cleaned of anything a terminal would
    act on; without one (a log), it is one line however long.
    """
    layout = layout or Layout()
    parts = _parts(snap, layout)
    head = parts.head.strip() if snap.target is None else parts.head
    line = f"{head} - {format_elapsed(snap.elapsed)}"
    speed = _speed(snap)
    if speed:
        line += " - " + speed
    amb = layout.ambiguous_wide
    if width is None or cell_width(line + "".join(parts.metrics), ambiguous_wide=amb) <= width:
        if layout.encoding is None:
            return line + "".join(parts.metrics)
        # only what the stream can carry: a display that cannot encode it would warn and replace
        return clean_text(line, layout.encoding) + "".join(_clean(parts, layout.encoding).metrics)
    lead = clip_cells(clean_text(line, layout.encoding), width, ambiguous_wide=amb)
    items = _clean(parts, layout.encoding).metrics
    indent = cell_width(clean_text(head, layout.encoding), ambiguous_wide=amb)
    from .wrap import wrap_items

    return "\n".join(wrap_items(lead, items, max(width, 0), indent=indent, layout=layout))


def render_brief(snap: Snapshot) -> str:
    """A nested bar named in its root's log line: description and count, ``batch 13/20``."""
    parts = _parts(snap, Layout())
    return clean_text(parts.desc + parts.head.strip())
