"""Templates: a line a user shapes, ``"{description} {bar} {count}/{target} {eta:>6}"``.

A template is parsed and checked once, when the bar is made (a field
progbar cannot fill is an error naming the call then, not at the first
draw), into a list of literal text and field functions
(:mod:`progbar._core.fields`). Each draw fills the fields, applies their
format specs (Python's: ``{eta:>6}``, ``{description:.20}``), and gives the
bar the cells left over: the bar is the elastic part (``{bar:12}`` fixes
it). An empty field takes its separator with it: the literal before it, or
after it when the field opens the line, if that literal has no letters or
digits (``"{description}: {bar}"`` without a description is ``"{bar}"``).
A bar with no target shows a block bouncing with the elapsed time (the
activity mode), except in the two Keras looks, which show ``N/Unknown``.
The bar's glyphs are the look's (``===>....`` classic, the template
writing any brackets it wants; ``━━━───`` otherwise).
Pure: the wall clock and the finish state arrive in a ``Context``.
"""

from __future__ import annotations

from .cells import cell_width, clip_cells
from .fields import FIELDS, Context
from .template_bar import draw_bar, glyph_cells
from .tqdm_fields import TQDM_LOOK_FIELDS, tqdm_total

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Callable, Optional

    from .fields import Field
    from .snapshot import Layout, Snapshot

__all__ = ["FILL", "NAMED", "Template", "compile_template"]

FILL = 10_000
"""Bar cells of a shaped line when ``width`` is not given: the bar takes the room left."""
UNBOUNDED = 20
"""Bar cells of such a line where the room is unknown (a log)."""

NAMED = {
    "classic": "{description} {counter} {bar} - {timing} - {metrics}",
    "keras3": "{description} {counter} {bar} {timing} - {metrics}",
    "tqdm": "{description}: {percent:>3}%|{bar}| {counter_tqdm} [{elapsed_clock}<{eta_clock}, "
    "{rate_tqdm}, {postfix}]",
    "activity": "{description} {spinner} {count} {unit}s {elapsed} {rate} {metrics}",
}
"""Templates by name. ``classic``, ``keras3`` and ``tqdm`` draw what those looks draw wherever
the line fits (``tests/test_template.py`` renders both ways over a table of snapshots)."""
_TQDM_UNKNOWN = "{description}: {counter_tqdm} [{elapsed_clock}, {rate_tqdm}, {postfix}]"
"""The ``tqdm`` template's line without a total (tqdm's count-only line)."""
_ALL_FIELDS = {**FIELDS, **TQDM_LOOK_FIELDS}

_LOOKS = ("classic", "keras3", "tqdm")  # no bouncing block: the looks show N/Unknown, 45it
_RESET = "\x1b[0m"
_NO_CONTEXT = Context()
TQDM_UNBOUNDED = 10
"""Bar cells of the tqdm look where the room is unknown: tqdm's own fallback."""


class Template:
    """A compiled template: ``render(snap, layout, width, ctx)`` draws one line."""

    __slots__ = ("bounce", "fields", "literals", "parted", "source", "tail", "unknown")

    def __init__(
        self,
        source: str,
        literals: list[str],
        fields: list[tuple[str, str, Optional[Field]]],
        tail: str,
        bounce: bool,
    ) -> None:
        self.source = source
        self.literals = literals  # literals[i] comes before fields[i]
        self.fields = fields  # (name, spec, function); function None: the bar
        self.tail = tail  # the text after the last field
        self.bounce = bounce
        self.unknown: Optional[Template] = None  # tqdm's: the line without a total
        texts = [*literals, tail]
        # decided once: which literals are separators, and each one with a leading "%" cut
        self.parted = [(text, _separator(text), text[1:] if text.startswith("%") else text)
                       for text in texts]  # fmt: skip

    def render(
        self, snap: Snapshot, layout: Layout, width: Optional[int], ctx: Optional[Context] = None
    ) -> str:
        """The line for ``snap``, at most ``width`` cells (unbounded when None)."""
        if self.unknown is not None and tqdm_total(snap, layout) is None:
            return self.unknown.render(snap, layout, width, ctx)
        ctx = ctx or _NO_CONTEXT
        values: list[str] = []
        bar_at = -1
        for _name, spec, fill in self.fields:
            if fill is None:
                bar_at = len(values)
                values.append("\0" if self._has_bar(snap) else "")
                continue
            value = fill(snap, layout, ctx)
            values.append(format(value, spec) if value and spec else value)
        line = "".join(self._join(values) if "" in values else self._zip(values))
        amb = layout.ambiguous_wide
        if bar_at >= 0 and values[bar_at]:
            line, fits = self._bar_in(line, snap, layout, width, self.fields[bar_at][1])
            if fits:
                return line
        if width is not None and cell_width(line, ambiguous_wide=amb) > width:
            line = _clip(line, max(width, 0), amb)
            if layout.color and "\x1b[" in line and not line.endswith(_RESET):
                line += _RESET
        return line

    def _has_bar(self, snap: Snapshot) -> bool:
        return snap.target is not None or (self.bounce and not snap.final)

    def _zip(self, values: list[str]) -> list[str]:
        """Literals and values in order: every field has something to show."""
        out = []
        for literal, value in zip(self.literals, values):
            out.append(literal)
            out.append(value)
        out.append(self.tail)
        return out

    def _join(self, values: list[str]) -> list[str]:
        """Literals and values in order, each empty field's separator dropped."""
        parted = self.parted
        dropped = [False] * len(parted)
        unsigned = [False] * len(parted)  # a "%" after an empty field goes with it
        shown = False  # a field before this one showed something
        for i, value in enumerate(values):
            if value:
                shown = True
                continue
            if shown:
                dropped[i] = dropped[i] or parted[i][1]
            else:
                dropped[i + 1] = parted[i + 1][1]
            unsigned[i + 1] = True
        out = []
        for i, value in enumerate(values):
            text, _, cut = parted[i]
            out.append("" if dropped[i] else cut if unsigned[i] else text)
            out.append(value)
        text, _, cut = parted[-1]
        out.append("" if dropped[-1] else cut if unsigned[-1] else text)
        return out

    def _bar_in(
        self, line: str, snap: Snapshot, layout: Layout, width: Optional[int], spec: str
    ) -> tuple[str, bool]:
        """``line`` with the bar in the cells left over, and whether it surely fits ``width``."""
        before, _, after = line.partition("\0")
        brackets = 2 if layout.look == "classic" and not self.bounce else 0
        fits = False
        if spec:
            cells = int(spec)
        elif width is None:
            cells = layout.bar_width if layout.bar_width < FILL else UNBOUNDED
            if layout.look == "tqdm":  # tqdm's own fallback width
                cells = min(layout.bar_width, TQDM_UNBOUNDED)
        else:
            rest = cell_width(before + after, ambiguous_wide=layout.ambiguous_wide)
            glyph = glyph_cells(layout)
            cells = min(layout.bar_width, (width - rest - brackets) // glyph)
            fits = True  # the bar was measured into the room: the line is at most width
        if cells < 1:  # no room for a bar: it goes, with one of the spaces around it
            if before.endswith(" ") and after.startswith(" "):
                after = after[1:]
            return before + after, False
        bar = draw_bar(snap, layout, cells)
        if layout.look == "classic" and self.bounce:  # a user's template: its own brackets
            bar = bar[1:-1]
        return before + bar + after, fits


def _clip(line: str, width: int, amb: bool) -> str:
    """``line`` cut to ``width`` cells; a slice when every character takes exactly one cell.

    The usual wide line is ASCII plus a few glyphs (the bar's, a spinner's): measuring each
    distinct one is far cheaper than walking the whole line grapheme by grapheme.
    """
    if "\x1b" not in line:
        wide = [ch for ch in set(line) if not ch.isascii()]  # a set first: few distinct ones
        if all(ch.isprintable() and cell_width(ch, ambiguous_wide=amb) == 1 for ch in wide):
            return line[:width]  # no zero-width or double-width character to get wrong
    return clip_cells(line, width, ambiguous_wide=amb)


def _separator(literal: str) -> bool:
    """Text that only separates fields (spaces, punctuation): it goes with an empty field."""
    return not any(ch.isalnum() for ch in literal)


def compile_template(source: str, caller: str, argument: str = "template") -> Template:
    """Parse ``source`` (or a name in :data:`NAMED`) once, checking every field and spec.

    Raises:
        TypeError: ``source`` is not a string.
        ValueError: an unknown field, a conversion, a bad format spec, or a
            malformed template, named with ``caller`` and ``argument``.
    """
    if not isinstance(source, str):
        raise TypeError(f"{caller} {argument} must be a string, got {type(source).__name__}")
    template = _compile(NAMED.get(source, source), source, caller, argument)
    if source == "tqdm":
        template.unknown = _compile(_TQDM_UNKNOWN, source, caller, argument)
    return template


def _compile(text: str, source: str, caller: str, argument: str) -> Template:
    """One template's text parsed; errors quote ``source``, as the user wrote it."""
    import string  # once per bar made with a template

    def fail(why: str) -> ValueError:
        return ValueError(f"{caller} got a {argument} {why}: {source!r}")

    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise fail(f"that does not parse ({exc})") from None
    literals: list[str] = []
    fields: list[tuple[str, str, Optional[Field]]] = []
    tail = ""
    for literal, name, spec, conversion in parsed:
        if name is None:
            tail = literal
            continue
        _check_field(name, spec or "", conversion, fail)
        literals.append(literal)
        fields.append((name, spec or "", None if name == "bar" else _ALL_FIELDS[name]))
    if sum(1 for name, _, _ in fields if name == "bar") > 1:
        raise fail("with more than one {bar}")
    return Template(text, literals, fields, tail, bounce=source not in _LOOKS)


def _check_field(
    name: str, spec: str, conversion: Optional[str], fail: Callable[[str], ValueError]
) -> None:
    if name != "bar" and name not in _ALL_FIELDS:
        known = ", ".join(sorted([*_ALL_FIELDS, "bar"]))
        raise fail(f"with an unknown field {{{name}}} (the fields are {known})")
    if conversion or "{" in spec:
        raise fail(f"with a conversion or nested field in {{{name}}}")
    if name == "bar":
        if spec and not (spec.isdigit() and int(spec) > 0):
            raise fail("whose {bar} spec is not a number of cells (as in {bar:20})")
        return
    try:
        format("text", spec)
    except ValueError as exc:
        raise fail(f"with a format spec for {{{name}}} that text cannot take ({exc})") from None
