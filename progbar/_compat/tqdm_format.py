"""tqdm's static formatters, with tqdm's semantics: ``format_meter`` and its helpers.

Libraries call them on the class (``tqdm.format_sizeof(n)``,
``tqdm.format_interval(s)``, ``tqdm.format_meter(**bar.format_dict)``), so
``progbar.tqdm`` has them, written here from tqdm's documented behaviour and
its tests (nothing is imported from tqdm). Pure: numbers in, a string out.
``format_meter`` also draws ``progbar.tqdm`` lines that use ``bar_format``,
``colour``, ``ncols`` or a custom charset, where the fields, not progbar's
layout, decide what the line holds.
"""

from __future__ import annotations

import math

from .. import _hints as t
from .._core.cells import cell_width
from .tqdm_bar import UTF, MeterBar, Probe, bar_charset

__all__ = ["Formatters", "format_interval", "format_meter", "format_num", "format_sizeof"]

_PREFIXES = ("", "k", "M", "G", "T", "P", "E", "Z")
_RESET = "\x1b[0m"


def format_sizeof(num: float, suffix: str = "", divisor: float = 1000) -> str:
    """``num`` with an SI prefix and three significant figures: ``9.99k``, ``100M``, ``1.0Y``."""
    for prefix in _PREFIXES:
        size = abs(num)
        if size < 999.5:  # what rounds below 1000 stays at this prefix
            decimals = 2 if size < 9.995 else 1 if size < 99.95 else 0
            return f"{num:.{decimals}f}{prefix}{suffix}"
        num /= divisor
    return f"{num:.1f}Y{suffix}"  # beyond yotta: more digits, never a new prefix


def format_interval(seconds: float) -> str:
    """Whole seconds as ``[H:]MM:SS`` (``-`` before negative ones): ``01:00``, ``1:42:40``."""
    sign = "-" if seconds < 0 else ""
    minutes, s = divmod(abs(int(seconds)), 60)
    h, m = divmod(minutes, 60)
    return f"{sign}{h:d}:{m:02d}:{s:02d}" if h else f"{sign}{m:02d}:{s:02d}"


def format_num(n: t.Any) -> str:
    """``n`` in ``.3g`` (``1e+6``, ``-0.123``) when that is shorter than ``str(n)``."""
    short = f"{n:.3g}".replace("e+0", "e+").replace("e-0", "e-")
    plain = str(n)
    return short if len(short) < len(plain) else plain


def format_meter(
    n: float,
    total: t.Optional[float],
    elapsed: float,
    ncols: t.Optional[int] = None,
    prefix: str = "",
    ascii: t.Union[bool, str, None] = False,  # tqdm's name
    unit: str = "it",
    unit_scale: t.Union[bool, float] = False,
    rate: t.Optional[float] = None,
    bar_format: t.Optional[str] = None,
    postfix: t.Any = None,
    unit_divisor: float = 1000,
    initial: float = 0,
    colour: t.Optional[str] = None,
    **extra: t.Any,
) -> str:
    """Tqdm's line: ``desc:  23%|██▎       | 231/1000 [06:32<21:44,  1.70s/it]``.

    ``ncols`` bounds the whole line in cells (the bar takes what is left;
    0 draws no bar), ``bar_format`` chooses the fields (tqdm's names, and
    any ``extra`` keyword as a field of its own), ``rate`` overrides the
    average ``(n - initial) / elapsed``. A total of None or infinity, or one
    the count passed, gives the count-only line ``10000it [00:13, 769.23it/s]``.
    """
    if total and (n >= total + 0.5 or total == math.inf):
        total = None  # passed (float totals are allowed half a unit) or unbounded
    if unit_scale and unit_scale not in (True, 1):  # a factor: scale, then show as is
        total = total * unit_scale if total else total
        n *= unit_scale
        rate = rate * unit_scale if rate else rate
        unit_scale = False
    if rate is None and elapsed:
        rate = (n - initial) / elapsed
    fields = _fields(n, total, elapsed, prefix, bool(unit_scale), rate, unit, unit_divisor)
    postfix = _postfix(postfix)
    fields["r_bar"] += f"{postfix}]"
    fields.update(postfix=postfix, ncols=ncols, unit_divisor=unit_divisor, colour=colour)
    fields.update(extra)
    if total:
        percentage = n / total * 100
        fields["l_bar"] += f"{percentage:3.0f}%|"
        if ncols == 0:
            return str(fields["l_bar"][:-1] + fields["r_bar"][1:])
        if bar_format:
            fields["percentage"] = percentage
            if not prefix:
                bar_format = bar_format.replace("{desc}: ", "")
        charset = bar_charset(ascii)
        return _draw(bar_format or "{l_bar}{bar}{r_bar}", fields, n / total, charset, colour)
    if bar_format:
        fields["l_bar"] += "|"
        fields["percentage"] = 0
        return _draw(bar_format, fields, 0.0, "  ", colour)
    head = f"{prefix}: " if prefix else ""  # tqdm adds it here even after a ": " of its own
    stats = head + f"{fields['n_fmt']}{unit} [{fields['elapsed']}, "
    line = stats + f"{fields['rate_fmt']}{fields['postfix']}]"
    return trim(line, ncols) if ncols else line


def _fields(
    n: float,
    total: t.Optional[float],
    elapsed: float,
    prefix: str,
    si: bool,
    rate: t.Optional[float],
    unit: str,
    divisor: float,
) -> dict[str, t.Any]:
    """Every field ``bar_format`` may name but the bar and the postfix (``r_bar`` waits for it)."""
    inverse = 1 / rate if rate else None
    rate_noinv_fmt = (_number(rate, si) if rate else "?") + f"{unit}/s"
    rate_inv_fmt = (_number(inverse, si) if inverse else "?") + f"s/{unit}"
    slow = bool(inverse and inverse > 1)
    n_fmt = format_sizeof(n, divisor=divisor) if si else str(n)
    if total is None:
        total_fmt = "?"
    else:
        total_fmt = format_sizeof(total, divisor=divisor) if si else str(total)
    remaining = (total - n) / rate if rate and total else 0
    remaining_fmt = format_interval(remaining) if rate else "?"
    elapsed_fmt = format_interval(elapsed)
    rate_fmt = rate_inv_fmt if slow else rate_noinv_fmt
    return {
        "n": n, "n_fmt": n_fmt, "total": total, "total_fmt": total_fmt,
        "elapsed": elapsed_fmt, "elapsed_s": elapsed, "desc": prefix or "", "unit": unit,
        "rate": inverse if slow else rate, "rate_fmt": rate_fmt, "rate_noinv": rate,
        "rate_noinv_fmt": rate_noinv_fmt, "rate_inv": inverse, "rate_inv_fmt": rate_inv_fmt,
        "remaining": remaining_fmt, "remaining_s": remaining,
        "eta": _eta(remaining if rate and total else None),
        "l_bar": (prefix if prefix.endswith(": ") else prefix + ": ") if prefix else "",
        "r_bar": f"| {n_fmt}/{total_fmt} [{elapsed_fmt}<{remaining_fmt}, {rate_fmt}",
    }  # fmt: skip


def _number(x: float, si: bool) -> str:
    return format_sizeof(x) if si else f"{x:5.2f}"


def _postfix(postfix: t.Any) -> t.Any:
    """``", " + postfix`` for text; any other object (a list, a dict) as given."""
    if not postfix:
        return ""
    return ", " + postfix if isinstance(postfix, str) else postfix


def _eta(remaining: t.Optional[float]) -> t.Any:
    """The local date and time the bar should finish (the epoch when unknown)."""
    from datetime import datetime, timedelta, timezone

    if remaining is None:
        return datetime.fromtimestamp(0, timezone.utc)
    try:
        return datetime.now() + timedelta(seconds=remaining)
    except OverflowError:
        return datetime.max


def _draw(
    bar_format: str, fields: dict[str, t.Any], frac: float, charset: str, colour: t.Optional[str]
) -> str:
    """``bar_format`` filled; ``{bar}`` takes the cells ``ncols`` leaves, else 10."""
    ncols = fields["ncols"]
    probe = Probe()
    without = bar_format.format(bar=probe, **fields)
    if not probe.used:
        return trim(without, ncols) if ncols else without
    cells = max(1, ncols - cell_width(without)) if ncols else 10
    bar = MeterBar(frac, cells, charset or UTF, colour)
    line = bar_format.format(bar=bar, **fields)
    return trim(line, ncols) if ncols else line


def trim(line: str, cells: int) -> str:
    """``line`` cut to ``cells`` columns, escape sequences kept; a reset added if it has any."""
    if line.isascii() and "\x1b" not in line:
        return line[:cells]
    import re

    out, used = [], 0
    for token in re.findall(r"\x1b\[[;\d]*[A-Za-z]|.", line, flags=re.S):
        width = 0 if token.startswith("\x1b") else cell_width(token)
        if used + width > cells:
            break
        out.append(token)
        used += width
    text = "".join(out)
    if "\x1b" in line and "\x1b" in text and not text.endswith(_RESET):
        text += _RESET  # whatever was cut, the colours end with the line
    return text


class Formatters:
    """tqdm's static methods, as ``progbar.tqdm`` carries them (a mixin)."""

    format_sizeof = staticmethod(format_sizeof)
    format_interval = staticmethod(format_interval)
    format_num = staticmethod(format_num)
    format_meter = staticmethod(format_meter)
