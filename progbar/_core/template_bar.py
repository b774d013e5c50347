"""A template's bar: the look's glyphs filled to the fraction done, or the activity block.

``===>....`` in the classic look, ``━━━───`` in keras3 (tinted when colour
is on, as Keras 3 tints it), tqdm's eighth-cell blocks in the tqdm look;
with no target, a block that sweeps across and back with the elapsed time
(:data:`~progbar._core.fields.SWEEP` seconds a round). Pure.
"""

from __future__ import annotations

import math

from .cells import can_encode, cell_width
from .fields import SWEEP
from .snapshot import Snapshot
from .tqdm_fields import tqdm_bar

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from .snapshot import Layout

__all__ = ["draw_bar", "glyph_cells"]

_GREEN, _WHITE, _RESET = "\x1b[32m", "\x1b[37m", "\x1b[0m"
_BLOCK = 3  # cells of the bouncing block
_FULL = Snapshot(1, 1, 0.0)  # a bar of one full glyph, to measure it


def glyph_cells(layout: Layout) -> int:
    """Cells one bar glyph takes: ``━`` and tqdm's blocks are East Asian ambiguous."""
    if not layout.ambiguous_wide or layout.look == "classic":
        return 1
    if layout.look == "tqdm":
        return cell_width(tqdm_bar(_FULL, layout, 1), ambiguous_wide=True)
    return 1 if _glyphs(layout)[0] == "=" else 2


def draw_bar(snap: Snapshot, layout: Layout, cells: int) -> str:
    """The bar in the look's glyphs: ``[==>...]`` classic, ``━━━───`` otherwise."""
    target = snap.target
    if layout.look == "tqdm" and target is not None:
        return tqdm_bar(snap, layout, cells)
    if target is None:
        return _activity(snap, layout, cells)
    fraction = 1.0 if target <= 0 else snap.current / target
    fraction = 0.0 if math.isnan(fraction) else min(max(fraction, 0.0), 1.0)
    done = int(cells * fraction)
    if layout.look == "classic":
        if done > 0:
            tip = ">" if snap.current < target else "="
            return "[" + "=" * (done - 1) + tip + "." * (cells - done) + "]"
        return "[" + "." * cells + "]"
    full, empty = _glyphs(layout)
    if layout.color:
        empty = empty if full == "=" else full  # Keras 3 tints one glyph
        left = f"{_GREEN}{full * done}{_RESET}" if done else ""
        return left + f"{_WHITE}{empty * (cells - done)}{_RESET}"
    return full * done + empty * (cells - done)


def _glyphs(layout: Layout) -> tuple[str, str]:
    """Keras 3's full and empty glyphs, or ``=``/``-`` where the stream cannot carry them."""
    if layout.ascii_only or not can_encode("\u2501\u2500", layout.encoding):
        return ("=", "-")
    return ("\u2501", "\u2500")


def _activity(snap: Snapshot, layout: Layout, cells: int) -> str:
    """A block bouncing across the bar with the elapsed time: the activity mode."""
    block = min(_BLOCK, cells)
    span = cells - block
    phase = (snap.elapsed / SWEEP) % 1.0 if math.isfinite(snap.elapsed) else 0.0
    pos = round(span * (2 * phase if phase < 0.5 else 2 - 2 * phase))  # from the left, and back
    if layout.look == "classic":
        return "[" + "." * pos + "<=>"[:block] + "." * (span - pos) + "]"
    full, empty = _glyphs(layout)
    if layout.color:
        return f"{_WHITE}{empty * pos}{_GREEN}{full * block}{_WHITE}{empty * (span - pos)}{_RESET}"
    return empty * pos + full * block + empty * (span - pos)
