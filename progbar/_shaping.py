"""The lines a user shapes, and how a bar ended, as a layout's ``formatter``.

``template=`` draws through :mod:`progbar._core.template`; ``bar_format=``
through tqdm's ``format_meter`` (``progbar._compat.tqdm_format``, the one
tqdm formatter progbar has); a bar that ended ``"failed"`` or
``"cancelled"`` gets a mark after its last line, in colour where colour is
allowed; ``verbose=2``'s summary line is drawn here too, so every line a bar
shows is laid out where the screen lays out the rest. Each formatter is
immutable: a bar that changes state gets a new layout, so a frame already
queued keeps the line it was made with. The wall clock for ``{eta_at}`` is
read here, outside the pure core.
"""

from __future__ import annotations

import time

from . import _hints as t
from ._core.cells import can_encode, cell_width
from ._core.fields import Context
from ._core.line import render_line, render_summary
from ._core.snapshot import Layout, Snapshot

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from ._core.options import Options
    from ._core.template import Template

__all__ = ["STATES", "ending_mark", "ending_state", "line_formatter", "marked"]

STATES = ("running", "done", "failed", "cancelled")
"""What ``bar.state`` may be."""
_MARKS = {"failed": ("\u2717 failed", "x failed", "\x1b[31m"), "cancelled": ("^C cancelled",) * 2
          + ("\x1b[33m",)}  # fmt: skip
_RESET = "\x1b[0m"


def ending_state(exc_type: t.Optional[type[BaseException]], exc: object = None) -> str:
    """The state an exception leaving a bar's block gives it (None: ``"done"``)."""
    if exc_type is None:
        return "done"
    if issubclass(exc_type, KeyboardInterrupt):
        return "cancelled"
    if issubclass(exc_type, (SystemExit, GeneratorExit)):
        code = getattr(exc, "code", None)
        return "done" if code in (None, 0) else "failed"
    return "failed"


class TemplateLine:
    """Draws a compiled template; ``shaped``: a notebook shows the line as it is."""

    shaped = True

    def __init__(self, template: Template, state: str = "running") -> None:
        self.template, self.state = template, state

    def __call__(self, snap: Snapshot, layout: Layout, width: t.Optional[int]) -> str:
        return self.template.render(snap, layout, width, Context(time.time(), self.state))


class BarFormatLine:
    """Draws tqdm's ``bar_format`` with tqdm's ``format_meter``, from progbar's snapshot."""

    shaped = True

    def __init__(self, bar_format: str, state: str = "running") -> None:
        self.bar_format, self.state = bar_format, state

    def __call__(self, snap: Snapshot, layout: Layout, width: t.Optional[int]) -> str:
        from ._compat.tqdm_format import format_meter
        from ._core.cells import clean_text

        enc = layout.encoding
        postfix = ", ".join(f"{clean_text(k, enc)}={clean_text(v, enc)}" if k
                            else clean_text(v, enc) for k, v in snap.metrics)  # fmt: skip
        return format_meter(
            snap.current, snap.target, snap.elapsed, ncols=width,
            prefix=clean_text(snap.description or "", enc),
            ascii=layout.ascii_only or not can_encode("\u2588\u258f", enc),
            unit=clean_text(snap.unit_name, enc), unit_scale=layout.unit_scale,
            rate=1 / snap.per_unit if snap.per_unit else None, bar_format=self.bar_format,
            postfix=postfix, unit_divisor=layout.unit_divisor,
        )  # fmt: skip


class Marked:
    """A failed or cancelled bar's last line: its line, then the mark (tinted if colour is on)."""

    def __init__(self, inner: t.Any, state: str) -> None:
        self.inner, self.state = inner, state
        self.shaped = bool(getattr(inner, "shaped", False))

    def __call__(self, snap: Snapshot, layout: Layout, width: t.Optional[int]) -> str:
        mark, cells = ending_mark(self.state, layout)
        room = None if width is None else max(width - cells, 0)
        if self.inner is None:
            plain = Layout(*(getattr(layout, name) for name in Layout.__slots__[:-1]))
            line = render_line(snap, plain, room)
        else:
            line = self.inner(snap, layout, room)
        return line.rstrip(" ") + mark  # a wrapped line's rows are padded: the mark follows


def ending_mark(state: str, layout: Layout) -> tuple[str, int]:
    """The mark a ``"failed"`` or ``"cancelled"`` line ends with, and the cells it takes.

    Every way a bar's last line is drawn (its look, a template, ``verbose=2``'s
    summary) ends with this one mark, tinted where colour is allowed.
    """
    unicode_mark, ascii_mark, colour = _MARKS[state]
    mark = " " + (unicode_mark if can_encode(unicode_mark, layout.encoding) else ascii_mark)
    return (f"{colour}{mark}{_RESET}" if layout.color else mark), cell_width(mark)


class SummaryLine:
    """``verbose=2``'s one line per bar (:func:`render_summary`): text, no bar to draw."""

    shaped = True

    def __init__(self, state: str = "running") -> None:
        self.state = state

    def __call__(self, snap: Snapshot, layout: Layout, width: t.Optional[int]) -> str:
        return render_summary(snap, width, layout)


def line_formatter(o: Options, state: str) -> t.Any:
    """The formatter a bar's layout gets: its summary, template or bar_format, marked if it failed.

    ``verbose=2`` draws its summary line whatever the template.
    """
    inner: t.Any = None
    if o.verbose == 2:
        inner = SummaryLine(state)
    elif o.template is not None:
        inner = TemplateLine(o.template, state)
    elif o.bar_format is not None:
        inner = BarFormatLine(o.bar_format, state)
    return Marked(inner, state) if state in _MARKS else inner


def marked(layout: Layout) -> str:
    """The state a layout's formatter records (``"running"`` when it has none)."""
    return str(getattr(layout.formatter, "state", "running"))
