"""Terminal cell widths and what a stream can show: pure text helpers.

Plain printable ASCII is measured with ``len()``; anything else goes through
``wcwidth`` (imported on first need), which counts CJK as 2, combining marks
as 0, emoji sequences as the terminal draws them, and skips escape codes.
User text (descriptions, metric names) is cleaned of control characters and
of anything the output encoding cannot carry *before* it is measured, so a
replaced character is measured as the ``?`` that will really be drawn.
"""

from __future__ import annotations

import codecs

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    import re
    from typing import Optional

__all__ = [
    "can_encode",
    "cell_width",
    "clean_text",
    "clip_cells",
    "stream_encoding",
]

# CSI and OSC sequences in user text: a description must not move the cursor
# or recolour the line, and a log must never carry escapes at all.
_ESCAPES = r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?"
# C0/C1 controls and the Unicode line/paragraph separators: a "\r" or "\n"
# inside a description would break the in-place redraw.
_CONTROLS = "[\x00-\x1f\x7f-\x9f\u2028\u2029]"
_compiled: list[re.Pattern[str]] = []  # [escapes, controls], compiled on first need


def cell_width(text: str, *, ambiguous_wide: bool = False) -> int:
    """Columns ``text`` occupies; East Asian ambiguous characters count 2 when asked."""
    if text.isascii() and text.isprintable():
        return len(text)
    import wcwidth

    return int(wcwidth.width(text, ambiguous_width=2 if ambiguous_wide else 1))


def clip_cells(text: str, width: int, *, ambiguous_wide: bool = False) -> str:
    """The longest prefix of ``text`` that fits ``width`` columns.

    A wide character (or a whole grapheme cluster) that would straddle the
    edge is dropped rather than split; escape sequences are kept so colours
    stay balanced.
    """
    if width <= 0:
        return ""
    if text.isascii() and text.isprintable():
        return text[:width]
    import wcwidth

    amb = 2 if ambiguous_wide else 1
    clipped = str(wcwidth.clip(text, 0, width, fillchar="", ambiguous_width=amb))
    # belt and braces: never hand back more than asked, whatever the clipper did
    while clipped and cell_width(clipped, ambiguous_wide=ambiguous_wide) > width:
        clipped = clipped[:-1]
    return clipped


def clean_text(text: str, encoding: Optional[str] = None) -> str:
    """``text`` made safe to draw: no controls or escapes, only what ``encoding`` carries.

    Tabs and newlines become spaces, other controls and escape sequences are
    dropped, and characters the encoding cannot represent become ``?``
    (``encoding=None`` means the output takes any Unicode).
    """
    if not (text.isascii() and text.isprintable()):
        escapes, controls = _patterns()
        if "\x1b" in text:
            text = escapes.sub("", text)
        text = controls.sub(_control_replacement, text)
    if encoding is not None and not text.isascii():
        text = text.encode(encoding, errors="replace").decode(encoding, errors="replace")
    return text


def _patterns() -> list[re.Pattern[str]]:
    """The two patterns: ``re`` is imported only once some text is not plain ASCII."""
    if not _compiled:
        import re

        _compiled[:] = [re.compile(_ESCAPES), re.compile(_CONTROLS)]
    return _compiled


def _control_replacement(match: re.Match[str]) -> str:
    return " " if match.group() in "\t\n\r\v\f\x85\u2028\u2029" else ""


def can_encode(text: str, encoding: Optional[str]) -> bool:
    """Whether ``encoding`` (None: any Unicode) can carry every character of ``text``."""
    if encoding is None:
        return True
    try:
        text.encode(encoding)
    except (UnicodeError, LookupError):
        return False
    return True


def stream_encoding(stream: object) -> Optional[str]:
    """The codec a text stream encodes with, or None when it takes any Unicode.

    UTF codecs and streams without an encoding (``io.StringIO``) give None,
    so the common case costs nothing per draw. An unknown codec name is
    treated as ASCII: better plain glyphs than an exception.
    """
    encoding = getattr(stream, "encoding", None)
    if not isinstance(encoding, str) or not encoding:
        return None
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return "ascii"
    return None if name.startswith("utf") else name
