"""Rows for a line that must keep every item: pure, like the rest of ``_core``.

A finished epoch line, a ``verbose=2`` line on a terminal and the
``Best epoch`` line may carry more metrics than one row holds. Dropping
them (what a live line does to stay on one row) would lose the figures the
user reads afterwards, and letting the terminal wrap would cut a number in
two; so the items continue on indented rows, broken only between items.
"""

from __future__ import annotations

from .cells import can_encode, cell_width, clip_cells
from .snapshot import Layout

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Optional

__all__ = ["clip_with_ellipsis", "wrap_items"]


def wrap_items(
    lead: str,
    items: Sequence[str],
    width: Optional[int],
    *,
    indent: int = 4,
    layout: Optional[Layout] = None,
) -> list[str]:
    """``lead`` followed by ``items`` (``" - name: value"``), in rows of at most ``width`` cells.

    Items are never split: a row breaks only between two of them, and the
    next row starts ``indent`` blanks in. An item too wide for any row loses
    cells from its *name* (with an ellipsis) before its value. A ``lead``
    wider than ``width`` is clipped; unbounded ``width`` gives a single row.
    """
    layout = layout or Layout()
    amb = layout.ambiguous_wide
    if width is None:
        return [lead + "".join(items)]
    indent = max(min(indent, width // 4), 0)
    used = cell_width(lead, ambiguous_wide=amb)
    if used > width:  # never the caller's intent: a row wider than the width wraps mid-word
        lead = clip_cells(lead, width, ambiguous_wide=amb)
        used = cell_width(lead, ambiguous_wide=amb)
    rows, row = [], lead
    for item in items:
        cells = cell_width(item, ambiguous_wide=amb)
        if used + cells > width and used > indent:
            rows.append(row)
            row, used = " " * indent, indent
        if used + cells > width:  # alone on its row and still too wide: use the indent too
            row, used = "", 0
            item = _squeeze(item, width, layout)
            cells = cell_width(item, ambiguous_wide=amb)
        row, used = row + item, used + cells
    rows.append(row)
    return rows


def _squeeze(item: str, room: int, layout: Layout) -> str:
    """``" - name: value"`` in ``room`` cells, giving up the least telling parts first.

    The leading blank goes first (at a row's start it only indents), then
    the end of the name (an ellipsis marks the cut), then the whole name;
    only a value wider than the row itself is clipped.
    """
    amb = layout.ambiguous_wide
    body = item.lstrip(" ")
    for whole in (item, body):
        if cell_width(whole, ambiguous_wide=amb) <= room:
            return whole
    name, sep, value = body.rpartition(": ")
    if sep and name.startswith("- "):
        tail = sep + value
        keep = room - cell_width(tail, ambiguous_wide=amb) - 2  # cells for the name and "…"
        short = clip_with_ellipsis(name[2:], keep + 1, layout).rstrip(" ") if keep > 0 else ""
        if short:
            return "- " + short + tail
        dots = _ellipsis(layout).rstrip(" ")
        if cell_width(dots + tail, ambiguous_wide=amb) <= room:
            return dots + tail
    return clip_cells(body, room, ambiguous_wide=amb)


def _ellipsis(layout: Layout) -> str:
    """``"… "``, or ``"... "`` where the output encoding cannot carry the ellipsis."""
    return (
        "\N{HORIZONTAL ELLIPSIS} "
        if can_encode("\N{HORIZONTAL ELLIPSIS}", layout.encoding)
        else "... "
    )


def clip_with_ellipsis(desc: str, room: int, layout: Layout) -> str:
    """``desc`` (a description, a metric name) cut to ``room`` cells with an ellipsis, or nothing.

    Never splits a wide character or a grapheme cluster (``clip_cells``).
    """
    ellipsis = _ellipsis(layout)
    text = desc.rstrip(" ")
    keep = room - cell_width(ellipsis, ambiguous_wide=layout.ambiguous_wide)
    clipped = clip_cells(text, keep, ambiguous_wide=layout.ambiguous_wide) if keep > 0 else ""
    return clipped + ellipsis if clipped else ""
