"""Terminal cell widths and what a stream can show: pure text helpers.

Plain printable ASCII is measured with ``len()``; anything else goes through
``wcwidth`` (imported on first need), which counts CJK as 2, combining marks
as 0, and skips escape codes.

Emoji sequences (flags, skin tones, ZWJ families, keycaps) are drawn 2 cells
wide by terminals that measure whole grapheme clusters, but 4 or 6 by those
that advance per code point (older terminals, ``pyte``), and a keycap or a
``U+FE0F`` emoji the other way round. Nothing tells which kind the user has,
so each such cluster is measured at the wider of the two: a line may end a
cell or two short, but it never wraps on either kind.
User text (descriptions, metric names) is cleaned of control characters and
of anything the output encoding cannot carry *before* it is measured, so a
replaced character is measured as the ``?`` that will really be drawn.
:func:`clean_text` is the one rule for every output: the terminal line, the
log line, the notebook's HTML and plain text, JSON lines and the fields of a
``logging`` record.
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
# inside a description would break the in-place redraw. And the bidirectional
# controls (embeddings, overrides, isolates, the LRM/RLM/ALM marks): in a
# terminal, a browser or a log viewer they reorder what follows them, so a
# description could show the count and the ETA reversed (Trojan Source).
_CONTROLS = "[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
# Code points whose cluster is measured differently by the two kinds of terminal:
# zero-width joiner, emoji presentation selector, regional indicators (flags),
# skin-tone modifiers. Without one of them, both kinds agree with wcwidth.width.
_JOINED = "[\u200d\ufe0f\U0001f1e6-\U0001f1ff\U0001f3fb-\U0001f3ff]"
_compiled: list[re.Pattern[str]] = []  # [escapes, controls, joined], compiled on first need


def cell_width(text: str, *, ambiguous_wide: bool = False) -> int:
    """Columns ``text`` occupies; East Asian ambiguous characters count 2 when asked."""
    if text.isascii() and text.isprintable():
        return len(text)
    import wcwidth

    amb = 2 if ambiguous_wide else 1
    if not _patterns()[2].search(text):
        return int(wcwidth.width(text, ambiguous_width=amb))
    plain = wcwidth.strip_sequences(text) if "\x1b" in text else text
    return sum(_cluster_width(cluster, amb) for cluster in wcwidth.iter_graphemes(plain))


def _cluster_width(cluster: str, amb: int) -> int:
    """Cells of one grapheme cluster on the terminal that draws it wider."""
    import wcwidth

    whole = int(wcwidth.width(cluster, ambiguous_width=amb))
    if len(cluster) == 1:
        return whole
    each = sum(max(int(wcwidth.wcwidth(c, ambiguous_width=amb)), 0) for c in cluster)
    return max(whole, each)


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
    if _patterns()[2].search(text):
        return _clip_clusters(text, width, amb)
    clipped = str(wcwidth.clip(text, 0, width, fillchar="", ambiguous_width=amb))
    # belt and braces: never hand back more than asked, whatever the clipper did
    while clipped and cell_width(clipped, ambiguous_wide=ambiguous_wide) > width:
        clipped = clipped[:-1]
    return clipped


def _clip_clusters(text: str, width: int, amb: int) -> str:
    """:func:`clip_cells` measured as :func:`cell_width` measures emoji sequences.

    Whole clusters are kept or dropped, never split (half a flag is another
    letter), and every escape sequence is kept, so colours stay balanced.
    """
    import wcwidth

    kept: list[str] = []
    used = 0
    full = False
    for segment, is_sequence in wcwidth.iter_sequences(text):
        if is_sequence:
            kept.append(segment)
            continue
        for cluster in () if full else wcwidth.iter_graphemes(segment):
            cells = _cluster_width(cluster, amb)
            if used + cells > width:
                full = True
                break
            kept.append(cluster)
            used += cells
    return "".join(kept)


def clean_text(text: str, encoding: Optional[str] = None) -> str:
    r"""``text`` made safe to draw: no controls or escapes, only what ``encoding`` carries.

    Tabs and newlines become spaces, other controls (bidirectional ones too)
    and escape sequences are dropped, and characters the encoding cannot
    represent become ``?`` (``encoding=None`` means the output takes any Unicode).

    >>> clean_text("\u202eevil\x1b[31m 1/2\u2069\n")
    'evil 1/2 '
    """
    if not (text.isascii() and text.isprintable()):
        escapes, controls, _ = _patterns()
        if "\x1b" in text:
            text = escapes.sub("", text)
        text = controls.sub(_control_replacement, text)
    if encoding is not None and not text.isascii():
        text = text.encode(encoding, errors="replace").decode(encoding, errors="replace")
    return text


def _patterns() -> list[re.Pattern[str]]:
    """The three patterns: ``re`` is imported only once some text is not plain ASCII."""
    if not _compiled:
        import re

        _compiled[:] = [re.compile(_ESCAPES), re.compile(_CONTROLS), re.compile(_JOINED)]
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
