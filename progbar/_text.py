"""Terminal cell widths: how many columns a string occupies on screen.

Plain printable ASCII is measured with ``len()``; anything else goes through
``wcwidth`` (imported on first need), which counts CJK as 2, combining marks
as 0, emoji sequences as the terminal draws them, and skips escape codes.
"""

from __future__ import annotations

__all__ = ["cell_width", "clip_cells"]


def cell_width(text: str, *, ambiguous_wide: bool = False) -> int:
    """Columns ``text`` occupies; East Asian ambiguous characters count 2 when asked."""
    if text.isascii() and text.isprintable():
        return len(text)
    import wcwidth

    return int(wcwidth.width(text, ambiguous_width=2 if ambiguous_wide else 1))


def clip_cells(text: str, width: int, *, ambiguous_wide: bool = False) -> str:
    """The longest prefix of ``text`` that fits ``width`` columns.

    A wide character that would straddle the edge is dropped rather than
    split; escape sequences are kept so colours stay balanced.
    """
    if width <= 0:
        return ""
    if text.isascii() and text.isprintable():
        return text[:width]
    import wcwidth

    amb = 2 if ambiguous_wide else 1
    return str(wcwidth.clip(text, 0, width, fillchar="", ambiguous_width=amb))
