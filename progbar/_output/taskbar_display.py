"""The terminal display, reporting its root bars to the tab/taskbar (see ``taskbar``).

After each frame the root rows of the region (nested bars do not count) are
reported to a :class:`~progbar._output.taskbar.TaskbarReporter`; when the
last bar of the screen is gone the indicator is cleared (an exception or
Ctrl-C closes the bar, which ends its row), and the reporter's exit hook
clears it for a bar nobody closed.
"""

from __future__ import annotations

import time

from .safe_stream import writer_for
from .taskbar import TaskbarReporter, resolve_taskbar, weighted_fraction
from .taskbar_signal import raw_writer

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any, Callable, TextIO, Union

    from .._core.snapshot import Shown, Snapshot
    from .displays import Display

__all__ = ["TaskbarDisplay", "with_taskbar"]


def _root_parts(rows: Sequence[Shown]) -> list[Snapshot]:
    return [s.snap for s in rows if s.depth == 0 and s.snap is not None]


class TaskbarDisplay:
    """A terminal display that also reports its root bars to a :class:`TaskbarReporter`.

    Everything else is the wrapped display's. The sequence goes to the same
    stream right after the frame, under the screen's lock (the screen calls
    :meth:`frame` holding it), so it never lands inside a line.
    """

    def __init__(
        self,
        inner: Display,
        stream: TextIO,
        *,
        title: bool = False,
        progress: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.inner = inner
        self._out = writer_for(stream)
        signal_write = raw_writer(stream, self._out.write)  # never the stream's lock
        self.reporter = TaskbarReporter(
            self._out.write, title=title, progress=progress, on_signal=signal_write
        )
        self._clock = clock

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)  # kind, color, encoding, width(), height()...

    def frame(self, above: Sequence[Shown], rows: Sequence[Shown]) -> None:
        """Draw as the wrapped display, then report the root rows (or clear when all ended)."""
        self.inner.frame(above, rows)
        self._report(_root_parts(rows), ended=False)  # a frame without rows is only a pause

    def region_ended(self) -> None:
        """The screen's last bar is gone: clear the indicator (the screen tells; we never ask)."""
        self.inner.region_ended()
        self._report((), ended=True)

    def _report(self, roots: Sequence[Snapshot], *, ended: bool) -> None:
        if not roots:
            text = self.reporter.clear() if ended else ""
        else:
            parts = [(s.current, s.target, s.units) for s in roots]
            etas = [s.eta for s in roots if s.eta is not None]
            text = self.reporter.update(
                weighted_fraction(parts), self._clock(), eta=max(etas) if etas else None
            )
        if text:
            self._out.write(text)

    def close(self) -> None:
        """Clear the indicator, then close the wrapped display."""
        text = self.reporter.clear()
        if text:
            self._out.write(text)
        self.inner.close()


def with_taskbar(
    terminal: Display,
    stream: TextIO,
    environ: Mapping[str, str],
    in_notebook: bool,
    taskbar: Union[bool, str],
    title: bool,
) -> Display:
    """``terminal``, reporting to the tab/taskbar when ``taskbar`` resolves on (or ``title``)."""
    from .detect import is_tty

    on = resolve_taskbar(taskbar, environ, is_tty(stream), in_notebook)
    title = title and is_tty(stream) and not in_notebook
    if not (on or title):
        return terminal
    return TaskbarDisplay(terminal, stream, title=title, progress=on)
