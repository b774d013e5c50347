"""Pure scalar formatters: durations, per-unit times, counts and metric values.

These reproduce Keras's ``Progbar`` output character for character where
Keras defines it, so that switching from ``keras.utils.Progbar`` changes
nothing a user would notice in the numbers.
"""

from __future__ import annotations

import math
from typing import Any, Optional

__all__ = ["format_count", "format_elapsed", "format_eta", "format_per_unit", "format_value"]


def format_eta(seconds: float) -> str:
    """Keras's ETA format.

    >>> format_eta(37.9), format_eta(62), format_eta(3723)
    ('37s', '1:02', '1:02:03')
    """
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
    number = as_number(value)
    if number is None:
        return str(value)
    if math.isnan(number) or math.isinf(number):
        return str(number)
    if abs(number) > 1e-3:
        return f"{number:.4f}"
    return f"{number:.4e}"


def as_number(value: object) -> Optional[float]:
    """A float for numbers, numpy scalars and array-likes (their mean), else None."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, (str, bytes)):
        return None
    if hasattr(value, "__float__") and not hasattr(value, "__len__"):
        try:
            return float(value)  # type: ignore[arg-type,unused-ignore]  # __float__ checked above
        except (TypeError, ValueError):
            return None
    return _mean(value)


def _mean(value: object) -> Optional[float]:
    """The mean of a (possibly nested) sequence or array of numbers, else None."""
    flat = getattr(value, "ravel", None)
    items: Any = flat() if callable(flat) else value
    try:
        numbers = [as_number(x) for x in items]
    except TypeError:  # not iterable
        return None
    if not numbers:
        return math.nan
    if any(x is None for x in numbers):
        return None
    return math.fsum(x for x in numbers if x is not None) / len(numbers)
