"""The ``{bar}`` field of tqdm's ``bar_format``: charsets, the format spec, colours.

``{bar}`` fills the cells left; ``{bar:10}`` asks for 10 cells, ``{bar:-6}``
for 6 fewer than it would get; a last letter picks a charset: ``a`` ASCII
(``" 123456789#"``), ``u`` Unicode blocks, ``b`` blanks. Colours are tqdm's
names (``"green"``) or ``#rrggbb``; an unknown one warns as tqdm does and
draws uncoloured.
"""

from __future__ import annotations

from .. import _hints as t
from .._core.tqdm_look import ASCII_BLOCKS, BLOCKS
from .tqdm_warn import warn_tqdm

__all__ = ["ASCII", "UTF", "MeterBar", "Probe", "bar_charset", "colour_code"]

UTF = BLOCKS
"""tqdm's default charset: a blank, then one to eight eighths of a cell."""
ASCII = ASCII_BLOCKS
"""tqdm's ``ascii=True`` charset."""
BLANK = "  "
"""The bar of a line with no total: nothing to fill."""

COLOURS = {
    "BLACK": "\x1b[30m", "RED": "\x1b[31m", "GREEN": "\x1b[32m", "YELLOW": "\x1b[33m",
    "BLUE": "\x1b[34m", "MAGENTA": "\x1b[35m", "CYAN": "\x1b[36m", "WHITE": "\x1b[37m",
}  # fmt: skip
RESET = "\x1b[0m"


def bar_charset(ascii: t.Union[bool, str, None]) -> str:  # tqdm's name
    """The glyphs for ``ascii=``: True gives ASCII, a string is the charset, else blocks."""
    if ascii is True:
        return ASCII
    return ascii if isinstance(ascii, str) and len(ascii) > 1 else UTF


def colour_code(colour: t.Optional[str], *, warn: bool = True) -> t.Optional[str]:
    """The escape sequence for a colour name or ``#rrggbb``; None (with a warning) if unknown."""
    if not colour:
        return None
    name = str(colour)
    if name.upper() in COLOURS:
        return COLOURS[name.upper()]
    if len(name) == 7 and name[0] == "#":
        try:
            red, green, blue = (int(name[i : i + 2], 16) for i in (1, 3, 5))
        except ValueError:
            pass
        else:
            return f"\x1b[38;2;{red};{green};{blue}m"
    if warn:
        valid = ", ".join(COLOURS)
        warn_tqdm(
            "TqdmWarning", f"Unknown colour ({colour}); valid choices: [hex (#00ff00), {valid}]"
        )
    return None


class Probe:
    """Stands in for ``{bar}`` in a first pass: records whether the format uses it."""

    def __init__(self) -> None:
        self.used = False

    def __format__(self, spec: str) -> str:
        self.used = True
        return ""


class MeterBar:
    """``frac`` of ``cells`` filled to an eighth of a cell (or a tenth, in ASCII)."""

    def __init__(self, frac: float, cells: int, charset: str, colour: t.Optional[str]) -> None:
        self.frac = min(max(frac, 0.0), 1.0)
        self.cells = cells
        self.charset = charset
        self.colour = colour_code(colour, warn=False)

    def __format__(self, spec: str) -> str:
        charset, cells = self.charset, self.cells
        if spec and spec[-1].lower() in "aub":
            charset = {"a": ASCII, "u": UTF, "b": BLANK}[spec[-1].lower()]
            spec = spec[:-1]
        if spec:
            cells = int(spec)
            if cells < 0:
                cells += self.cells
        text = fill(self.frac, max(cells, 0), charset)
        return f"{self.colour}{text}{RESET}" if self.colour and text else text


def fill(frac: float, cells: int, charset: str) -> str:
    """``cells`` glyphs of ``charset`` (blank first, full last) showing ``frac``."""
    steps = len(charset) - 1
    full, part = divmod(int(frac * cells * steps), steps)
    if full >= cells:
        return charset[-1] * cells
    return charset[-1] * full + charset[part] + charset[0] * (cells - full - 1)
