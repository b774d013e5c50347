"""Pure scalar formatters: durations, per-unit times, counts and metric values.

These reproduce Keras's ``Progbar`` output character for character where
Keras defines it, so that switching from ``keras.utils.Progbar`` changes
nothing a user would notice in the numbers.
"""

from __future__ import annotations

import math

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Any, Optional

__all__ = [
    "byte_scale",
    "format_byte_pair",
    "format_byte_rate",
    "format_bytes",
    "format_clock",
    "format_count",
    "format_elapsed",
    "format_eta",
    "format_per_unit",
    "format_short",
    "format_si",
    "format_value",
]


def format_eta(seconds: float) -> str:
    """Keras's ETA format.

    >>> format_eta(37.9), format_eta(62), format_eta(3723), format_eta(float("inf"))
    ('37s', '1:02', '1:02:03', '?')
    """
    if not math.isfinite(seconds):  # nothing to count down from: shown as unknown
        return "?"
    if seconds > 3600:
        return "%d:%02d:%02d" % (seconds // 3600, (seconds % 3600) // 60, seconds % 60)
    if seconds > 60:
        return "%d:%02d" % (seconds // 60, seconds % 60)
    return "%ds" % seconds


def format_elapsed(seconds: float) -> str:
    """Elapsed time as Keras prints it on a finished line: whole seconds.

    >>> format_elapsed(12.4)
    '12s'
    """
    return f"{seconds:.0f}s"


def format_per_unit(seconds: float, unit_name: str) -> str:
    """Time per unit as Keras prints it (``s``, ``ms`` or ``us``).

    >>> format_per_unit(0.00014, "step"), format_per_unit(0.025, "step")
    ('140us/step', '25ms/step')
    """
    if seconds >= 1 or seconds == 0:
        return f"{seconds:.0f}s/{unit_name}"
    if seconds >= 1e-3:
        return f"{seconds * 1000.0:.0f}ms/{unit_name}"
    return f"{seconds * 1000000.0:.0f}us/{unit_name}"


def format_count(n: float) -> str:
    """A progress count: integral values without a decimal point.

    >>> format_count(12.0), format_count(2.5)
    ('12', '2.5')
    """
    if n == int(n):
        return str(int(n))
    return f"{n:g}"


def format_value(value: object) -> str:
    """A metric value as Keras prints it: ``%.4f`` above 1e-3, else ``%.4e``.

    Non-finite numbers print as ``nan``/``inf``; anything that is not a
    number prints as its ``str()``, so odd metrics never break the bar.

    >>> format_value(0.12345), format_value(0.0001), format_value("n/a")
    ('0.1235', '1.0000e-04', 'n/a')
    """
    if type(value) is float and -1e300 < value < 1e300:  # the common case, once per draw
        return f"{value:.4f}" if abs(value) > 1e-3 else f"{value:.4e}"
    number = as_number(value)
    if number is None:
        return _text_of(value)
    if math.isnan(number) or math.isinf(number):
        return str(number)
    if abs(number) > 1e-3:
        return f"{number:.4f}"
    return f"{number:.4e}"


def _text_of(value: object) -> str:
    """``str(value)``, or its type name if even that fails: a metric never breaks the bar."""
    try:
        return str(value)
    except Exception:
        return f"<{type(value).__name__}>"


def as_number(value: object) -> Optional[float]:
    """A float for numbers, numpy scalars and array-likes (their mean), else None.

    Never raises: an int too big for a float is ``±inf``, and anything whose
    conversion fails (a broken ``__float__``, a self-containing list) is
    not a number. Only sized containers are averaged, so a generator or an
    endless iterator passed as a metric is shown, not consumed.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _to_float(value)
    if isinstance(value, (str, bytes)):
        return None
    if hasattr(value, "__float__") and not hasattr(value, "__len__"):
        return _to_float(value)
    if not hasattr(value, "__len__"):
        return None
    try:
        return _mean(value)
    except Exception:  # RecursionError, odd containers: show the value as text instead
        return None


def _to_float(value: object) -> Optional[float]:
    try:
        return float(value)  # type: ignore[arg-type]
    except OverflowError:  # an int beyond float range
        return math.inf if value > 0 else -math.inf  # type: ignore[operator]
    except Exception:
        return None


def _mean(value: object) -> Optional[float]:
    """The mean of a (possibly nested) sequence or array of numbers, else None."""
    mean = getattr(value, "mean", None)
    if getattr(value, "size", None) == 0:  # an empty array: numpy's mean() would warn
        return math.nan
    if callable(mean) and hasattr(value, "ravel"):  # numpy and friends: no Python loop
        try:
            return float(mean())
        except Exception:  # e.g. an array of strings: fall through to the item loop
            pass
    flat = getattr(value, "ravel", None)
    items: Any = flat() if callable(flat) else value
    numbers = [as_number(x) for x in items]
    if not numbers:
        return math.nan
    if any(x is None for x in numbers):
        return None
    try:
        return math.fsum(x for x in numbers if x is not None) / len(numbers)
    except OverflowError:  # fsum refuses to overflow; plain sum gives inf instead
        return sum(x for x in numbers if x is not None) / len(numbers)


# -- byte units (downloads, file copies) ---------------------------------------

_BINARY_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB")
_DECIMAL_UNITS = ("B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB")


def byte_scale(n: float, *, si: bool = False) -> tuple[float, str]:
    """The divisor and unit name that show ``n`` bytes with at most three integer digits.

    Binary (IEC, powers of 1024) by default because that is what file
    managers and ``ls -h`` report; ``si`` switches to powers of 1000, as
    disk vendors and network speeds count. A unit is left as soon as its
    *rounded* value would reach 1000, so ``999.96 KiB`` shows as ``1.0 MiB``
    rather than the four-digit ``1000.0 KiB`` that would make a redrawn
    line change width.

    >>> byte_scale(512), byte_scale(37036032), byte_scale(1_500_000, si=True)
    ((1.0, 'B'), (1048576.0, 'MiB'), (1000000.0, 'MB'))
    """
    base = 1000.0 if si else 1024.0
    names = _DECIMAL_UNITS if si else _BINARY_UNITS
    size = abs(n) if math.isfinite(n) else 0.0
    divisor = 1.0
    for name in names[:-1]:
        shown = size / divisor
        if (round(shown) if divisor == 1.0 else round(shown, 1)) < 1000:
            return divisor, name
        divisor *= base
    return divisor, names[-1]


def _scaled(n: float, divisor: float) -> str:
    """``n`` in units of ``divisor``: whole bytes, one decimal for anything larger."""
    if not math.isfinite(n):
        return str(n)
    if divisor == 1.0:
        return f"{n:.0f}"
    return f"{n / divisor:.1f}"


def format_bytes(n: float, *, si: bool = False) -> str:
    """A byte count in the largest unit that keeps it under 1000.

    >>> format_bytes(0), format_bytes(512), format_bytes(37036032), format_bytes(1_500_000, si=True)
    ('0 B', '512 B', '35.3 MiB', '1.5 MB')
    """
    divisor, name = byte_scale(n, si=si)
    return f"{_scaled(n, divisor)} {name}"


def format_byte_pair(current: float, total: float, *, si: bool = False) -> str:
    """``current/total`` bytes in the total's unit, the current padded to the total's width.

    One shared unit reads as a fraction at a glance (``5.2/83.8 MiB``, not
    ``5.2 MiB/83.8 MiB``), and the padding keeps the bar from shifting
    sideways as the count grows, as Keras pads its step counts.

    >>> format_byte_pair(37036032, 87910968), format_byte_pair(5_000_000, 87910968)
    ('35.3/83.8 MiB', ' 4.8/83.8 MiB')
    >>> format_byte_pair(0, 0), format_byte_pair(2_000, 1_500_000, si=True)
    ('0/0 B', '0.0/1.5 MB')
    """
    biggest = max((abs(x) for x in (current, total) if math.isfinite(x)), default=0.0)
    divisor, name = byte_scale(biggest, si=si)
    shown_total = _scaled(total, divisor)
    return f"{_scaled(current, divisor):>{len(shown_total)}}/{shown_total} {name}"


def format_byte_rate(bytes_per_second: float, *, si: bool = False) -> str:
    """A transfer rate: ``2.1 MiB/s``.

    >>> format_byte_rate(2_202_010), format_byte_rate(2_100_000, si=True), format_byte_rate(80)
    ('2.1 MiB/s', '2.1 MB/s', '80 B/s')
    """
    return format_bytes(bytes_per_second, si=si) + "/s"


# -- tqdm's formats (the "tqdm" look and ``unit_scale``) ------------------------


def format_si(n: float, divisor: float = 1000) -> str:
    """A count with an SI prefix, three significant digits, exactly as tqdm scales it.

    >>> format_si(45), format_si(1200), format_si(3_400_000), format_si(1536, 1024)
    ('45.0', '1.20k', '3.40M', '1.50k')
    """
    if not math.isfinite(n):
        return str(n)
    for prefix in ("", "k", "M", "G", "T", "P", "E", "Z"):
        if abs(n) < 999.5:
            if abs(n) < 99.95:
                return f"{n:1.2f}{prefix}" if abs(n) < 9.995 else f"{n:2.1f}{prefix}"
            return f"{n:3.0f}{prefix}"
        n /= divisor
    return f"{n:3.1f}Y"


def format_clock(seconds: float) -> str:
    """``MM:SS``, or ``H:MM:SS`` from an hour on: tqdm's elapsed and remaining times.

    >>> format_clock(4.9), format_clock(75), format_clock(3723)
    ('00:04', '01:15', '1:02:03')
    """
    if not math.isfinite(seconds):
        return "?"
    sign = "-" if seconds < 0 else ""
    minutes, secs = divmod(abs(int(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return (
        f"{sign}{hours:d}:{minutes:02d}:{secs:02d}" if hours else f"{sign}{minutes:02d}:{secs:02d}"
    )


def format_short(value: object) -> str:
    """A postfix value as tqdm's ``set_postfix`` shows it: ``.3g`` when that is shorter.

    Numbers get three significant digits unless their plain text is already
    shorter; text is stripped; anything else shows as its ``str()``.

    >>> format_short(0.30000001), format_short(12), format_short(1e-05), format_short(" ok ")
    ('0.3', '12', '1e-5', 'ok')
    """
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool) or as_number(value) is None or hasattr(value, "__len__"):
        return _text_of(value).strip()  # text, flags, containers: as they print
    try:
        short = f"{value:.3g}".replace("e+0", "e+").replace("e-0", "e-")
    except Exception:  # a number type without float formatting (Fraction): its text
        return _text_of(value).strip()
    plain = _text_of(value)
    return short if len(short) < len(plain) else plain
