"""The log display: plain periodic lines for files, pipes and CI logs.

Its own module so that the record displays (``records``), which are log
displays that emit records, can extend it without importing the factory.
"""

from __future__ import annotations

from .._core.cells import clean_text, stream_encoding
from .._core.snapshot import Shown
from .safe_stream import writer_for

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Optional, TextIO

__all__ = ["LogDisplay"]


class LogDisplay:
    r"""Plain lines for files and pipes: no ``\r``, no escapes, a line every few seconds."""

    kind = "log"
    color = False
    min_interval = 0.0  # a bar draws as it likes: the screen's log spaces the lines it writes
    redraws_in_place = False
    shows_anything = True

    def __init__(self, stream: TextIO) -> None:
        self._out = writer_for(stream)
        self.encoding = stream_encoding(stream)

    def width(self) -> Optional[int]:
        """Unbounded: a log line may be as long as it needs."""
        return None

    def height(self) -> Optional[int]:
        """Unbounded: a log only appends."""
        return None

    def frame(self, above: Sequence[Shown], rows: Sequence[Shown]) -> None:
        """Append the lines above, stripped of anything a log must not hold; rows are not kept."""
        text = "".join(
            "".join(clean_text(row, self.encoding) + "\n" for row in s.line.split("\n"))
            for s in above
        )  # row by row: a wrapped line keeps its rows
        if text:
            self._out.write(text)

    def region_ended(self) -> None:
        """Nothing to end: every line was appended whole."""

    def close(self) -> None:
        """Nothing is held open."""
