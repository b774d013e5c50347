"""A terminal display that notifies when a long root bar ends (see ``notify``).

It wraps the terminal display (under the taskbar's, when there is one) and
looks at what the screen hands it: a root row whose snapshot is final, after
at least the threshold on the bar's own clock, gets one notification, written
to the same stream right after the frame, under the screen's lock (the
screen calls :meth:`frame` holding it), so it never lands inside a line.
"""

from __future__ import annotations

from .notify import message_for, notification, notify_after, resolve_notify
from .safe_stream import StreamWriter

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any, TextIO, Union

    from .._core.snapshot import Shown, Snapshot
    from .displays import Display

__all__ = ["NotifyDisplay", "with_notify"]

_REMEMBERED = 16
"""Final snapshots remembered (so a line shown twice notifies once)."""


class NotifyDisplay:
    """Everything is the wrapped display's; root bars that ended after ``after`` seconds notify."""

    def __init__(
        self, inner: Display, stream: TextIO, dialect: str, after: float, *, tmux: bool
    ) -> None:
        self.inner = inner
        self._out = StreamWriter(stream)
        self._dialect = dialect
        self._after = after
        self._tmux = tmux
        self._sent: list[Snapshot] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)  # kind, color, encoding, width(), height()...

    def frame(self, above: Sequence[Shown], rows: Sequence[Shown]) -> None:
        """Draw as the wrapped display, then notify for each root bar that ended."""
        self.inner.frame(above, rows)
        self._check([s.snap for s in (*above, *rows) if s.depth == 0 and s.snap is not None])

    def _check(self, snaps: Sequence[Snapshot]) -> None:
        for snap in snaps:
            if not snap.final or snap.elapsed < self._after:
                continue
            if any(snap is sent for sent in self._sent):
                continue
            self._sent = [*self._sent[-_REMEMBERED + 1 :], snap]
            title, body = message_for(snap)
            self._out.write(notification(self._dialect, title, body, tmux=self._tmux))

    def region_ended(self) -> None:
        """As the wrapped display: the notification, if any, went with the last frame."""
        self.inner.region_ended()

    def close(self) -> None:
        """Close the wrapped display."""
        self.inner.close()


def with_notify(
    terminal: Display,
    stream: TextIO,
    environ: Mapping[str, str],
    in_notebook: bool,
    notify: Union[bool, str],
) -> Display:
    """``terminal``, notifying the end of long root bars when ``notify`` resolves on."""
    from .detect import is_tty

    dialect = resolve_notify(notify, environ, is_tty(stream), in_notebook)
    if dialect is None:
        return terminal
    tmux = bool(environ.get("TMUX"))
    return NotifyDisplay(terminal, stream, dialect, notify_after(environ), tmux=tmux)
