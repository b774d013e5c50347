"""What a ``progbar.tqdm`` bar shows: tqdm's attributes, ``format_dict``, and its line.

Two mixins of ``progbar.tqdm``. :class:`State` holds the attributes code
reads and sets (``n``, ``total``, ``desc``, ``postfix``, ``unit``...) over the
:class:`~progbar.Progbar` underneath. :class:`Line` draws a line when the
screen asks: tqdm's own look through progbar's fitted renderer, or, when the
caller shaped it (``bar_format``, ``colour``, ``ncols``, a charset, or a
subclass's ``format_dict``), :func:`format_meter` on ``format_dict`` with the
figures of the snapshot being drawn. Text from outside (``desc``, postfix,
unit) is cleaned of control sequences before it is drawn.
"""

from __future__ import annotations

from _weakref import ref
from numbers import Number

from .. import _hints as t
from .._core.cells import clean_text, clip_cells
from .._core.snapshot import Layout
from .._core.tqdm_look import render_tqdm
from .tqdm_format import format_meter, format_num
from .tqdm_rate import TqdmRate, with_tqdm_eta

__all__ = ["Line", "State"]


class State:
    """tqdm's readable and settable attributes, kept in step with the bar underneath."""

    _bar: t.Any
    n: float  # the count, as tqdm keeps it: the bar underneath is told at each draw
    _desc: str
    _postfix: t.Any
    _time: t.Callable[[], float]
    start_t: float
    ncols: t.Optional[int]
    nrows: t.Optional[int]
    ascii: t.Union[bool, str]
    unit_scale: t.Union[bool, float]
    unit_divisor: float
    initial: float
    bar_format: t.Optional[str]
    colour: t.Optional[str]
    _tqdm_rate: t.Optional[TqdmRate]

    def refresh(self, nolock: bool = False, lock_args: t.Any = None) -> t.Optional[bool]:
        raise NotImplementedError

    @property
    def total(self) -> t.Optional[float]:
        """The expected count, or None; settable (it may grow mid-run, as in tqdm).

        An int when whole, as tqdm keeps it: code does ``range(bar.total)``.
        """
        target = self._bar.target
        return int(target) if target is not None and target == int(target) else target

    @total.setter
    def total(self, value: t.Optional[float]) -> None:
        self._bar.target = None if value == float("inf") else value

    @property
    def desc(self) -> str:
        """The description as tqdm keeps it (``set_description("x")`` makes it ``"x: "``)."""
        return self._desc

    @desc.setter
    def desc(self, value: t.Optional[str]) -> None:
        self._desc = "" if value is None else str(value)
        self._bar.set_description(self._desc or None)

    @property
    def postfix(self) -> t.Any:
        """What follows the rate: tqdm's text, or any object a ``bar_format`` indexes."""
        return self._postfix

    @postfix.setter
    def postfix(self, value: t.Any) -> None:
        self._postfix = value
        self._bar.set_postfix_str("" if value is None else str(value))

    @property
    def unit(self) -> str:
        """The unit counted (``it`` in ``10.00it/s``); settable."""
        return self._bar.unit_name  # type: ignore[no-any-return]

    @unit.setter
    def unit(self, value: str) -> None:
        self._bar.unit_name = str(value)

    def set_description(self, desc: t.Optional[str] = None, refresh: bool = True) -> None:
        """Set the description, drawn as ``desc: ``; ``refresh`` draws now."""
        self.desc = f"{desc}: " if desc else ""
        if refresh:
            self.refresh()

    def set_description_str(self, desc: t.Optional[str] = None, refresh: bool = True) -> None:
        """Set the description as given (tqdm adds no ``": "``)."""
        self.desc = desc or ""
        if refresh:
            self.refresh()

    def set_postfix(
        self,
        ordered_dict: t.Optional[t.Mapping[str, object]] = None,
        refresh: bool = True,
        **kwargs: object,
    ) -> None:
        """Show ``key=value`` pairs after the rate: numbers in ``.3g``, text stripped.

        ``ordered_dict`` keeps its order; keyword values follow, sorted by name.
        """
        pairs = dict(ordered_dict or {})
        pairs.update((key, kwargs[key]) for key in sorted(kwargs))
        self.postfix = ", ".join(f"{key}={_shown(value)}" for key, value in pairs.items())
        if refresh:
            self.refresh()

    def set_postfix_str(self, s: object = "", refresh: bool = True) -> None:
        """Show ``s`` after the rate, as given."""
        self.postfix = str(s)
        if refresh:
            self.refresh()

    def _initial_postfix(self, postfix: t.Any) -> None:
        """The ``postfix=`` keyword: a mapping as ``set_postfix``, anything else as given."""
        self._postfix = None
        if not postfix:
            return
        try:
            self.set_postfix(refresh=False, **postfix)
        except TypeError:  # not a mapping of names (a string, a list): kept as it is
            self.postfix = postfix

    @property
    def format_dict(self) -> dict[str, t.Any]:
        """Tqdm's figures by tqdm's names: ``format_meter(**bar.format_dict)`` draws the line."""
        return {
            "n": self.n, "total": self.total, "elapsed": self._time() - self.start_t,
            "ncols": self.ncols, "nrows": self.nrows, "prefix": self.desc, "ascii": self.ascii,
            "unit": self.unit, "unit_scale": self.unit_scale,
            "rate": self._bar.rate if self._tqdm_rate is None else self._tqdm_rate.rate,
            "bar_format": self.bar_format, "postfix": self.postfix,
            "unit_divisor": self.unit_divisor, "initial": self.initial, "colour": self.colour,
        }  # fmt: skip


def _shown(value: object) -> str:
    if isinstance(value, Number):
        return format_num(value)
    return value.strip() if isinstance(value, str) else str(value)


MORE_HIDDEN = " ... (more hidden) ..."
"""What the last of tqdm's ``nrows`` rows shows in place of its bar."""


class Line(State):
    """The line of a ``progbar.tqdm`` bar, drawn when its screen asks."""

    _message: t.Optional[str]
    _ascii_given: t.Union[bool, str, None]
    pos: int

    def _row(self) -> int:
        """Where ``nrows`` puts the bar: 0 drawn, 1 the last row (saying more are hidden), 2 hidden.

        The row is the bar's ``pos``; without an explicit ``nrows`` every bar
        is drawn (progbar's screen summarises rows beyond a terminal's height).
        """
        nrows = self.nrows
        if not nrows:
            return 0
        pos = abs(self.pos)
        return 0 if pos < nrows - 1 else 1 if pos == nrows - 1 else 2

    def _formatter(self) -> LineOf:
        """What the bar's layout calls to draw."""
        return LineOf(self)

    def _shaped(self, layout: t.Optional[Layout] = None) -> bool:
        """Whether the caller shaped the line (then format_meter draws it, not progbar's look)."""
        return bool(
            self.bar_format
            or (self.colour and (layout is None or layout.color))
            or self.ncols is not None
            or isinstance(self.ascii, str)
            or type(self).format_dict is not State.format_dict
        )

    def _line(self, snap: t.Any, layout: Layout, width: t.Optional[int]) -> str:
        amb = layout.ambiguous_wide
        message = self._message
        if message is None and not snap.final and self._row():  # tqdm ends at position 0
            message = MORE_HIDDEN
        if message is not None:  # display(msg) / sp(msg): the message in the bar's place
            text = clean_text(message, layout.encoding)
            return text if width is None else clip_cells(text, width, ambiguous_wide=amb)
        if self._tqdm_rate is not None:  # an explicit smoothing: tqdm's own rate
            snap = self._tqdm_rate.shown(snap, self.initial, self._time() - self.start_t)
        else:  # progbar's rate, with tqdm's rule for the time left
            snap = with_tqdm_eta(snap)
        if not self._shaped(layout):
            ascii_only = layout.ascii_only or self._ascii_given is True
            look = Layout(
                layout.bar_width, "tqdm", False, ascii_only, amb, layout.encoding,
                self.unit_scale, self.unit_divisor,
            )  # fmt: skip
            return render_tqdm(snap, look, width)
        return format_meter(**self._fields(snap, layout, width))

    def _fields(self, snap: t.Any, layout: Layout, width: t.Optional[int]) -> dict[str, t.Any]:
        """``format_dict`` with the snapshot's figures, cleaned text and the room there is."""
        fields = dict(self.format_dict)
        per_unit = snap.per_unit
        fields.update(
            n=snap.current,
            elapsed=snap.elapsed,
            rate=1 / per_unit if per_unit else None,
            prefix=clean_text(str(fields.get("prefix") or ""), layout.encoding),
            unit=clean_text(str(fields.get("unit", "it")), layout.encoding),
        )
        if isinstance(fields.get("postfix"), str):
            fields["postfix"] = clean_text(fields["postfix"], layout.encoding)
        given = fields.get("ncols")
        sizes = [size for size in (given, width) if size is not None]
        fields["ncols"] = min(sizes) if sizes else None
        fields["colour"] = self.colour if layout.color else None
        if self._ascii_given is None:  # guessed: the glyphs the stream can carry
            fields["ascii"] = layout.ascii_only
        return fields

    def _check_format(self) -> None:
        """A ``bar_format`` naming a field that does not exist fails now, not at the first draw."""
        if not self.bar_format:
            return
        try:
            format_meter(**self.format_dict)
        except KeyError as exc:
            raise ValueError(
                f"tqdm() got a bar_format with an unknown field {exc}: {self.bar_format!r}"
            ) from None


class LineOf:
    """A layout's ``formatter`` for one ``progbar.tqdm`` bar (held weakly: no cycle).

    ``shaped`` tells a display that draws its own bar (the notebook's HTML)
    to show the line as it is: a ``bar_format`` may hide the total.
    """

    def __init__(self, owner: Line) -> None:
        self._owner = ref(owner)

    def __call__(self, snap: t.Any, layout: Layout, width: t.Optional[int]) -> str:
        owner = self._owner()
        if owner is None:
            return render_tqdm(snap, layout, width)
        return owner._line(snap, layout, width)

    @property
    def shaped(self) -> bool:
        owner = self._owner()
        return owner is not None and owner._shaped()

    @property
    def hidden(self) -> bool:
        """Beyond tqdm's ``nrows``: the bar's row is neither drawn nor redrawn."""
        owner = self._owner()
        return owner is not None and owner._row() == 2
