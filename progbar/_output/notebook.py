r"""The bar in a Jupyter/IPython kernel: one output, updated in place.

Uses IPython's display protocol only: ``display(data, display_id=True)``
once, then ``update_display`` with the same id. The frontend replaces the
output, so a saved notebook holds just the final bar, and nothing goes to
the kernel's stdout (no ``\r`` spam, no ipywidgets, which need a frontend
extension and leave "Loading widget..." in saved files). IPython is
imported only when this display is built, which only happens inside a
running kernel.
"""

from __future__ import annotations

import contextlib
import html
import math
import warnings
from collections.abc import Sequence
from typing import Any, Optional, Protocol

from .._core.cells import clean_text
from .._core.line import _parts
from .._core.snapshot import Layout, Shown, Snapshot
from .safe_stream import user_stacklevel

__all__ = ["MIN_INTERVAL", "IPythonPublisher", "NotebookDisplay", "render_html"]

MIN_INTERVAL = 0.1
"""Seconds between updates at least: 10 messages/s is smooth and far below
the kernel's IOPub rate limit (1000 msgs/s by default), even for a fast loop."""

MIMEBundle = dict[str, str]


class Publisher(Protocol):
    """How display data reaches the frontend (IPython's functions, or a test recorder)."""

    def display(self, data: MIMEBundle) -> str:
        """Show ``data`` as a new output; return its display id."""

    def update(self, data: MIMEBundle, display_id: str) -> None:
        """Replace the output ``display_id`` with ``data``."""


class IPythonPublisher:
    """The real thing: ``IPython.display`` inside the running kernel."""

    def __init__(self) -> None:
        from IPython import display as ipython_display

        # untyped functions, held as Any so strict typing stays quiet about them
        self._display: Any = ipython_display.display
        self._update: Any = ipython_display.update_display

    def display(self, data: MIMEBundle) -> str:
        """``display(data, raw=True, display_id=True)``: a new output with a fresh id."""
        handle: Any = self._display(data, raw=True, display_id=True)
        return str(handle.display_id)

    def update(self, data: MIMEBundle, display_id: str) -> None:
        """``update_display``: an ``update_display_data`` message for the same id."""
        self._update(data, raw=True, display_id=display_id)


class NotebookDisplay:
    """Carries ``text/plain`` (the terminal line) and ``text/html`` (a real progress bar)."""

    color = False
    encoding: Optional[str] = None
    min_interval = MIN_INTERVAL
    kind = "notebook"
    redraws_in_place = True
    shows_anything = True

    def __init__(self, look: str = "classic", publisher: Optional[Publisher] = None) -> None:
        self._publisher = publisher
        self._layout = Layout(look=look)  # type: ignore[arg-type]
        self._display_id: Optional[str] = None
        self._last: Optional[MIMEBundle] = None
        self._broken = False
        self._kept: list[Shown] = []  # finished lines that stay in the cell's output

    def width(self) -> Optional[int]:
        """Unbounded: the output area wraps or scrolls, it has no column count."""
        return None

    def height(self) -> Optional[int]:
        """Unbounded: the output area grows with its rows."""
        return None

    def frame(self, above: Sequence[Shown], rows: Sequence[Shown]) -> None:
        """Publish every line kept so far plus the live rows, as one output updated in place."""
        self._kept.extend(above)
        shown = [*self._kept, *rows]
        data = {
            "text/plain": "\n".join("  " * s.depth + _clean_rows(s.line) for s in shown),
            "text/html": "".join(render_html(s.snap, s.layout or self._layout, s.line, s.depth)
                                 for s in shown),
        }  # fmt: skip
        if self._broken or data == self._last:
            return  # an identical frame is not worth an IOPub message
        try:
            if self._publisher is None:
                self._publisher = IPythonPublisher()
            if self._display_id is None:
                self._display_id = self._publisher.display(data)
            else:
                self._publisher.update(data, self._display_id)
        except Exception as exc:  # the kernel is going away: never break the user's loop
            self._broken = True
            with contextlib.suppress(Warning):  # warnings made errors: still never raise
                message = f"progbar: notebook display disabled: {exc!r}"
                warnings.warn(message, RuntimeWarning, stacklevel=user_stacklevel(2))
            return
        self._last = data

    def region_ended(self) -> None:
        """Nothing to do: the output stays as its last update left it."""

    def close(self) -> None:
        """Nothing to release: the output stays as its last update left it."""


def render_html(snap: Optional[Snapshot], layout: Layout, line: str, depth: int = 0) -> str:
    """The HTML form of a line: count, a ``<progress>`` element, then the same text.

    Pure. Without a snapshot (a summary line), or for a line whose layout's
    ``formatter`` says it is ``shaped`` (``progbar.tqdm``'s ``bar_format``,
    which may hide the total), it is the escaped text alone. An unknown
    total shows an indeterminate ``<progress>`` while running.
    """
    style = "font-family:monospace;white-space:pre" + (
        f";margin-left:{2 * depth}ch" if depth else ""
    )
    if snap is None or getattr(layout.formatter, "shaped", False):
        return f'<div class="progbar" style="{style}">{html.escape(_clean_rows(line))}</div>'
    parts = _parts(snap, layout)
    bar = _progress_element(snap)
    before = clean_text(parts.desc + parts.head)
    after = clean_text(parts.info + parts.speed + "".join(parts.metrics))
    text = html.escape(before) + bar + html.escape(after)
    ending = getattr(layout.formatter, "state", None)
    if ending in _ENDINGS:  # a failed or cancelled bar: its mark, tinted
        text += _ENDINGS[ending]
    return f'<div class="progbar" style="{style}">{text}</div>'


_ENDINGS = {
    "failed": ' <span style="color:#c62828">\u2717 failed</span>',
    "cancelled": ' <span style="color:#ef6c00">^C cancelled</span>',
}


def _clean_rows(text: str) -> str:
    """``text`` cleaned as every output is (a browser acts on bidi controls), rows kept apart."""
    return "\n".join(clean_text(row) for row in text.split("\n"))


def _progress_element(snap: Snapshot) -> str:
    style = ' style="width:20em;vertical-align:middle"'
    target = snap.target
    if target is None:
        return "" if snap.final else f" <progress{style}></progress>"
    current = float(snap.current)
    if target <= 0:
        value, maximum = 1.0, 1.0
    else:
        value = min(max(current, 0.0), target) if math.isfinite(current) else 0.0
        maximum = target
    return f' <progress value="{_number(value)}" max="{_number(maximum)}"{style}></progress>'


def _number(x: float) -> str:
    """An HTML floating-point number, exact for whole counts (``87910968``, not ``8.8e+07``)."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))
