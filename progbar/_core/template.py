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

import math

from .cells import can_encode, cell_width, clip_cells
from .fields import FIELDS, SWEEP, Context

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
    "tqdm": "{description}: {percent:>3}%|{bar}| {count}/{target} [{elapsed}<{eta}, {rate}]",
    "activity": "{description} {spinner} {count} {unit}s {elapsed} {rate} {metrics}",
}
"""Templates by name. ``classic`` and ``keras3`` draw what those looks draw wherever the
line fits (``tests/test_template.py`` renders both ways over a table of snapshots)."""

_KERAS = ("classic", "keras3")  # no bouncing block: Keras shows N/Unknown
_GREEN, _WHITE, _RESET = "\x1b[32m", "\x1b[37m", "\x1b[0m"
_BLOCK = 3  # cells of the bouncing block
_NO_CONTEXT = Context()


class Template:
    """A compiled template: ``render(snap, layout, width, ctx)`` draws one line."""

    __slots__ = ("bounce", "fields", "literals", "parted", "source", "tail")

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
        texts = [*literals, tail]
        # decided once: which literals are separators, and each one with a leading "%" cut
        self.parted = [(text, _separator(text), text[1:] if text.startswith("%") else text)
                       for text in texts]  # fmt: skip

    def render(
        self, snap: Snapshot, layout: Layout, width: Optional[int], ctx: Optional[Context] = None
    ) -> str:
        """The line for ``snap``, at most ``width`` cells (unbounded when None)."""
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
        else:
            rest = cell_width(before + after, ambiguous_wide=layout.ambiguous_wide)
            glyph = 2 if layout.ambiguous_wide and layout.look != "classic" else 1
            cells = min(layout.bar_width, (width - rest - brackets) // glyph)
            fits = True  # the bar was measured into the room: the line is at most width
        if cells < 1:  # no room for a bar: it goes, with one of the spaces around it
            if before.endswith(" ") and after.startswith(" "):
                after = after[1:]
            return before + after, False
        bar = _bar(snap, layout, cells)
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


def _bar(snap: Snapshot, layout: Layout, cells: int) -> str:
    """The bar in the look's glyphs: ``[==>...]`` classic, ``━━━───`` otherwise."""
    target = snap.target
    if target is None:
        return _activity(snap, layout, cells)
    fraction = 1.0 if target <= 0 else snap.current / target
    fraction = 0.0 if math.isnan(fraction) else min(max(fraction, 0.0), 1.0)
    done = int(cells * fraction)
    if layout.look == "classic":
        if done > 0:
            tip = ">" if snap.current < target else "="
            return "[" + "=" * (done - 1) + tip + "." * (cells - done) + "]"
        return "[" + "." * cells + "]"
    full, empty = _glyphs(layout)
    if layout.color:
        empty = empty if full == "=" else full  # Keras 3 tints one glyph
        left = f"{_GREEN}{full * done}{_RESET}" if done else ""
        return left + f"{_WHITE}{empty * (cells - done)}{_RESET}"
    return full * done + empty * (cells - done)


def _glyphs(layout: Layout) -> tuple[str, str]:
    if layout.ascii_only or not can_encode("\u2501\u2500", layout.encoding):
        return ("=", "-")
    return ("\u2501", "\u2500")


def _activity(snap: Snapshot, layout: Layout, cells: int) -> str:
    """A block bouncing across the bar with the elapsed time: the activity mode."""
    block = min(_BLOCK, cells)
    span = cells - block
    phase = (snap.elapsed / SWEEP) % 1.0 if math.isfinite(snap.elapsed) else 0.0
    pos = round(span * (2 * phase if phase < 0.5 else 2 - 2 * phase))  # from the left, and back
    if layout.look == "classic":
        return "[" + "." * pos + "<=>"[:block] + "." * (span - pos) + "]"
    full, empty = _glyphs(layout)
    if layout.color:
        return f"{_WHITE}{empty * pos}{_GREEN}{full * block}{_WHITE}{empty * (span - pos)}{_RESET}"
    return empty * pos + full * block + empty * (span - pos)


def compile_template(source: str, caller: str, argument: str = "template") -> Template:
    """Parse ``source`` (or a name in :data:`NAMED`) once, checking every field and spec.

    Raises:
        TypeError: ``source`` is not a string.
        ValueError: an unknown field, a conversion, a bad format spec, or a
            malformed template, named with ``caller`` and ``argument``.
    """
    if not isinstance(source, str):
        raise TypeError(f"{caller} {argument} must be a string, got {type(source).__name__}")
    text = NAMED.get(source, source)
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
        fields.append((name, spec or "", None if name == "bar" else FIELDS[name]))
    if sum(1 for name, _, _ in fields if name == "bar") > 1:
        raise fail("with more than one {bar}")
    return Template(text, literals, fields, tail, bounce=source not in _KERAS)


def _check_field(
    name: str, spec: str, conversion: Optional[str], fail: Callable[[str], ValueError]
) -> None:
    if name != "bar" and name not in FIELDS:
        known = ", ".join(sorted([*FIELDS, "bar"]))
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
