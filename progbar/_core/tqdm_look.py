"""The ``"tqdm"`` look: tqdm's information density from the same :class:`Snapshot`.

``desc:  45%|████▌     | 45/100 [00:04<00:05, 10.20it/s, loss=0.3]``: the
percentage, a bar of eighth-cell blocks, the count, elapsed<remaining and
the rate, laid out character for character as ``tqdm.format_meter`` does,
so a tqdm user's eye (and their log parsers) find everything where it was.
Pure, like ``line.py``: the line is fitted to the width it is given, the
bar shrinking first.
"""

from __future__ import annotations

import math

from .cells import can_encode, cell_width, clean_text, clip_cells
from .numbers import format_clock, format_count, format_si

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Optional

    from .snapshot import Layout, Snapshot

__all__ = ["UNBOUNDED_BAR", "render_tqdm", "tqdm_sides"]

BLOCKS = " \u258f\u258e\u258d\u258c\u258b\u258a\u2589\u2588"
"""tqdm's Unicode charset: empty, then one to eight eighths of a cell."""
ASCII_BLOCKS = " 123456789#"
"""tqdm's ``ascii=True`` charset, for streams that cannot carry the blocks."""
UNBOUNDED_BAR = 10
"""Bar cells when the width is unknown (a log file): tqdm's own fallback."""
WRAP_MIN = 12
"""Columns below which a finished line's postfix is dropped rather than continued (as line.py)."""
MIN_BAR = 6
"""The bar's floor: it shrinks to this many cells first; below it, it goes altogether."""


class _Meter:
    """The pieces of a tqdm line, cleaned; fitting makes new ones, never edits these."""

    __slots__ = ("bracket", "count", "desc", "frac", "head", "postfix", "rate")

    def __init__(
        self,
        desc: str,
        frac: Optional[float],
        head: str,
        count: str,
        bracket: str,
        postfix: tuple[str, ...],
        rate: str = "",
    ) -> None:
        self.desc = desc  # "desc: " or ""
        self.frac = frac  # None: no total, so no percentage and no bar
        self.head = head  # " 45%|" with a bar, "45it" without
        self.count = count  # "45/100" with a bar, "" without
        self.bracket = bracket  # "[00:04<00:05" (the rate, postfix and "]" come after)
        self.postfix = postfix  # each drawn as ", item"
        self.rate = rate  # ", 10.20it/s"

    def but(
        self,
        *,
        desc: Optional[str] = None,
        postfix: Optional[tuple[str, ...]] = None,
        rate: Optional[str] = None,
    ) -> _Meter:
        """A copy with a shorter description, fewer postfix items or no rate."""
        return _Meter(
            self.desc if desc is None else desc,
            self.frac,
            self.head,
            self.count,
            self.bracket,
            self.postfix if postfix is None else postfix,
            self.rate if rate is None else rate,
        )

    def bare(self) -> _Meter:
        """Without the times, the rate and the postfix: for the narrowest widths."""
        return _Meter(self.desc, self.frac, self.head, self.count, "", ())


def render_tqdm(snap: Snapshot, layout: Layout, width: Optional[int] = None) -> str:
    """The tqdm-style line for ``snap``, at most ``width`` cells (unbounded when None).

    The width policy of every look (``docs/terminal.md``): running out of
    space, the bar shrinks first (down to :data:`MIN_BAR`), then postfix
    items go from the end (a finished line's continue on rows below), then
    the description is clipped, then the rate goes, then the bar goes
    altogether, then the times; only then is the line clipped: the count and
    the time left stay while anything else can go.
    """
    meter = _meter(snap, layout)
    charset = _charset(layout)
    if width is None:
        return _assemble(meter, charset, min(layout.bar_width, UNBOUNDED_BAR))
    width = max(width, 0)
    amb = layout.ambiguous_wide

    glyph = cell_width(charset[-1], ambiguous_wide=amb)

    def room(m: _Meter) -> int:
        """Cells left for the bar once everything else is drawn."""
        one = cell_width(_assemble(m, charset, 1), ambiguous_wide=amb)  # with a 1-glyph bar
        return width - one + glyph

    def cells(m: _Meter) -> int:
        return min(layout.bar_width, room(m) // glyph)

    floor = min(MIN_BAR, layout.bar_width) if meter.frac is not None else 0

    def short(m: _Meter) -> bool:  # the bar (if any) cannot have its floor
        return cells(m) < floor if m.frac is not None else room(m) < 0

    full = meter.postfix
    while meter.postfix and short(meter):
        meter = meter.but(postfix=meter.postfix[:-1])
    if meter.desc and short(meter):
        keep = room(meter.but(desc="")) - floor * glyph  # cells the description may take
        meter = meter.but(desc=_clip(meter.desc, keep, amb))
    if meter.rate and short(meter):
        meter = meter.but(rate="")
    # below its floor the bar goes (0 cells: tqdm's barless ``45% 45/100`` form)
    bar = 0 if meter.frac is None or short(meter) else cells(meter)
    line = _assemble(meter, charset, bar)
    if meter.bracket and cell_width(line, ambiguous_wide=amb) > width:
        meter = meter.bare()  # then the times, which may leave room for the bar again
        line = _assemble(meter, charset, 0 if meter.frac is None or short(meter) else cells(meter))
    if cell_width(line, ambiguous_wide=amb) > width:
        line = clip_cells(line, width, ambiguous_wide=amb)
    dropped = full[len(meter.postfix) :]
    if snap.final and dropped and width >= WRAP_MIN:
        return _continued(line, dropped, width, layout)
    return line


def _continued(line: str, items: tuple[str, ...], width: int, layout: Layout) -> str:
    """A finished line keeps its postfix: the items it cannot hold go on rows below."""
    from .wrap import wrap_items

    rows = wrap_items(line, [f" {item}" for item in items], width, indent=2, layout=layout)
    amb = layout.ambiguous_wide
    return "\n".join(row + " " * (width - cell_width(row, ambiguous_wide=amb)) for row in rows)


def tqdm_sides(snap: Snapshot, layout: Layout) -> tuple[str, str]:
    """The text left and right of the bar, for a display that draws the bar itself (HTML).

    ``("desc:  45%", "45/100 [00:04<00:05, 10.20it/s]")``; with no total there
    is no bar: ``("", "45it [00:04, 10.20it/s]")``.
    """
    meter = _meter(snap, layout)
    if meter.frac is None:
        return "", _assemble(meter, _charset(layout), 0)
    return meter.desc + meter.head[:-1], meter.count + _tail(meter)


def _clip(desc: str, room: int, amb: bool) -> str:
    """``desc: `` cut to ``room`` cells with a ``~``, or nothing when it cannot show a letter."""
    text = desc[:-2]  # without its ": "
    if room < 4:
        return ""
    return clip_cells(text, room - 3, ambiguous_wide=amb) + "~: "


def _charset(layout: Layout) -> tuple[str, ...]:
    """The glyphs for empty, each eighth, full; every one the same number of cells."""
    if layout.ascii_only or not can_encode(BLOCKS, layout.encoding):
        return tuple(ASCII_BLOCKS)
    if layout.ambiguous_wide:  # the blocks take two cells there: so must the blanks
        return ("  ", *BLOCKS[1:])
    return tuple(BLOCKS)


def _bar(frac: float, cells: int, charset: tuple[str, ...]) -> str:
    """``cells`` glyphs filled to ``frac``, to an eighth of a cell (tqdm's ``Bar``)."""
    steps = len(charset) - 1
    full, part = divmod(int(min(max(frac, 0.0), 1.0) * cells * steps), steps)
    if full >= cells:
        return charset[-1] * cells
    return charset[-1] * full + charset[part] + charset[0] * (cells - full - 1)


def _tail(meter: _Meter) -> str:
    """`` [00:04<00:05, 10.20it/s, postfix]``, or nothing once fitting dropped the times."""
    postfix = "".join(", " + item for item in meter.postfix)
    return f" {meter.bracket}{meter.rate}{postfix}]" if meter.bracket else ""


def _assemble(meter: _Meter, charset: tuple[str, ...], cells: int) -> str:
    """The line; ``cells < 1`` draws no bar at all (tqdm's ``ncols=0`` form: `` 45% 45/100``)."""
    tail = _tail(meter)
    if meter.frac is None:
        return f"{meter.desc}{meter.head}{tail}"
    if cells < 1:
        return f"{meter.desc}{meter.head[:-1]} {meter.count}{tail}"
    return f"{meter.desc}{meter.head}{_bar(meter.frac, cells, charset)}| {meter.count}{tail}"


def _meter(snap: Snapshot, layout: Layout) -> _Meter:
    scale = layout.unit_scale
    si = bool(scale) and scale == 1  # True, or 1: SI prefixes; another number multiplies
    factor = float(scale) if scale and not si else 1.0
    n, total = snap.current * factor, snap.target
    if total is not None:
        total *= factor
        if n >= total + 0.5 or math.isinf(total):  # overshot: tqdm drops the total
            total = None
    per_unit = snap.per_unit
    rate = factor / per_unit if per_unit and per_unit > 0 else None
    unit = clean_text(snap.unit_name, layout.encoding)

    def count(x: float) -> str:
        return format_si(x, layout.unit_divisor) if si else format_count(x)

    desc = clean_text(snap.description or "", layout.encoding)
    if desc and not desc.endswith(": "):
        desc += ": "
    # metrics as tqdm's postfix; a nameless one is set_postfix_str's text, shown as given
    postfix = tuple(
        clean_text(f"{name}={text}" if name else text, layout.encoding)
        for name, text in snap.metrics
    )
    rate_text = _rate(rate, unit, si)
    elapsed = format_clock(snap.elapsed)
    if not total:  # None or 0: tqdm's count-only line
        return _Meter(desc, None, count(n) + unit, "", f"[{elapsed}", postfix, f", {rate_text}")
    frac = n / total
    bracket = f"[{elapsed}<{_remaining(snap)}"
    return _Meter(
        desc,
        frac,
        f"{frac * 100:3.0f}%|",
        f"{count(n)}/{count(total)}",
        bracket,
        postfix,
        f", {rate_text}",
    )


def _remaining(snap: Snapshot) -> str:
    """Time left: the estimate while running, ``00:00`` once done, ``?`` when unknown."""
    if snap.final and snap.target is not None and snap.current >= snap.target:
        return format_clock(0)
    return "?" if snap.eta is None else format_clock(snap.eta)


def _rate(rate: Optional[float], unit: str, si: bool) -> str:
    """``10.20it/s``, or `` 2.50s/it`` when one unit takes over a second, as tqdm picks."""
    if not rate:
        return f"?{unit}/s"
    inverse = 1 / rate
    if inverse > 1:
        return (format_si(inverse) if si else f"{inverse:5.2f}") + f"s/{unit}"
    return (format_si(rate) if si else f"{rate:5.2f}") + f"{unit}/s"
