"""The records the renderer takes: a :class:`Snapshot` of the bar and the :class:`Layout`.

Frozen value objects, so a snapshot handed to a display can never change
under it, and equal snapshots compare (and hash) equal.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Callable, Literal, Optional, Union

    Look = Literal["classic", "keras3", "tqdm"]
    Units = Literal["count", "bytes", "bytes_si"]

__all__ = ["Layout", "Shown", "Snapshot"]


_SETTERS: dict[type, tuple[Callable[[object, object], None], ...]] = {}


class _Frozen:
    """A frozen record, as ``@dataclass(frozen=True)`` makes one: fields, ``==``, hash, repr.

    Written out because importing ``dataclasses`` (which imports ``inspect``,
    ``ast`` and ``dis``) cost ``import progbar`` about 10 ms, more than all the rest.
    """

    __slots__: tuple[str, ...] = ()

    def __init_subclass__(cls) -> None:
        # each field's slot descriptor, looked up once: a snapshot is made at every draw
        _SETTERS[cls] = tuple(cls.__dict__[name].__set__ for name in cls.__slots__)

    def _fill(self, *values: object) -> None:
        for setter, value in zip(_SETTERS[type(self)], values):
            setter(self, value)

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r} of a frozen {type(self).__name__}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r} of a frozen {type(self).__name__}")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return type(self), self._values()  # copy and pickle rebuild it: __setattr__ refuses

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"


class Snapshot(_Frozen):
    """Everything one line shows, already decided; the renderer only lays it out.

    Snapshots carry values, lines carry text: ``metrics`` holds the text the
    line shows, ``values`` the same metrics as numbers (as given, or their
    exact average) for records; ``bar_id`` and ``parent_id`` name the bar and
    the bar it is nested under, on its screen (None when it shows nowhere).
    """

    __slots__ = (  # noqa: RUF023  # in constructor order: _fill() pairs them with the arguments
        "current",
        "target",
        "elapsed",
        "eta",
        "per_unit",
        "unit_name",
        "metrics",
        "final",
        "description",
        "units",
        "values",
        "bar_id",
        "parent_id",
    )
    current: float
    target: Optional[float]
    elapsed: float
    eta: Optional[float]
    per_unit: Optional[float]
    unit_name: str
    metrics: tuple[tuple[str, str], ...]
    final: bool
    description: Optional[str]
    units: Units
    values: tuple[tuple[str, object], ...]
    bar_id: Optional[str]
    parent_id: Optional[str]

    def __init__(
        self,
        current: float,
        target: Optional[float],
        elapsed: float,
        eta: Optional[float] = None,
        per_unit: Optional[float] = None,
        unit_name: str = "step",
        metrics: tuple[tuple[str, str], ...] = (),
        final: bool = False,
        description: Optional[str] = None,
        units: Units = "count",
        values: tuple[tuple[str, object], ...] = (),
        bar_id: Optional[str] = None,
        parent_id: Optional[str] = None,
    ) -> None:
        self._fill(
            current,
            target,
            elapsed,
            eta,
            per_unit,
            unit_name,
            metrics,
            final,
            description,
            units,
            values,
            bar_id,
            parent_id,
        )


class Layout(_Frozen):
    """How lines look: the style, the wanted bar cells, colour and glyph set.

    ``ascii_only`` swaps the ``━``/``─`` glyphs for ``=``/``-``; ``encoding``
    (None: any Unicode) is the codec every character must survive, so text it
    cannot carry becomes ``?`` *before* it is measured; ``ambiguous_wide``
    counts East Asian ambiguous characters (``━``, ``…``) as two cells, as
    terminals in CJK locales draw them. ``unit_scale`` is tqdm's: True (or
    1) shows counts with SI prefixes (``1.20k``, ``3.40M``) in powers of
    ``unit_divisor``; any other non-zero number multiplies the counts and the
    rate instead (``unit_scale=512`` with ``unit="B"`` counts 512-byte
    blocks as bytes); False or 0 leaves them alone. ``formatter``, when
    given, draws the line instead of the look (``render_line`` calls it with
    the snapshot, this layout and the width): ``progbar.tqdm`` draws its
    ``bar_format`` that way (its formatter's ``shaped`` tells the notebook's
    HTML to show that line as it is).
    """

    __slots__ = (  # noqa: RUF023  # in constructor order, as Snapshot's
        "bar_width",
        "look",
        "color",
        "ascii_only",
        "ambiguous_wide",
        "encoding",
        "unit_scale",
        "unit_divisor",
        "formatter",
    )
    bar_width: int
    look: Look
    color: bool
    ascii_only: bool
    ambiguous_wide: bool
    encoding: Optional[str]
    unit_scale: Union[bool, float]
    unit_divisor: float
    formatter: Optional[Callable[[Snapshot, Layout, Optional[int]], str]]

    def __init__(
        self,
        bar_width: int = 30,
        look: Look = "classic",
        color: bool = False,
        ascii_only: bool = False,
        ambiguous_wide: bool = False,
        encoding: Optional[str] = None,
        unit_scale: Union[bool, float] = False,
        unit_divisor: float = 1000,
        formatter: Optional[Callable[[Snapshot, Layout, Optional[int]], str]] = None,
    ) -> None:
        self._fill(
            bar_width,
            look,
            color,
            ascii_only,
            ambiguous_wide,
            encoding,
            unit_scale,
            unit_divisor,
            formatter,
        )


class Shown:
    """One line as a display gets it: the text, what it came from, and its nesting depth.

    The bar fills in the first three; its screen sets ``depth`` when it places the line.
    """

    __slots__ = ("depth", "layout", "line", "snap")

    def __init__(
        self, line: str, snap: Optional[Snapshot], layout: Optional[Layout], depth: int = 0
    ) -> None:
        self.line, self.snap, self.layout, self.depth = line, snap, layout, depth
