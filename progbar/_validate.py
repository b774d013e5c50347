"""Argument checks shared by the public entry points.

Each check raises at the call that received the bad value, naming the
argument and showing the value, so the traceback points at the user's line.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import Optional, TypeVar

__all__ = ["check_choice", "check_int", "check_number", "check_optional_str"]

T = TypeVar("T")


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    # numpy scalars and other real numbers, without importing numpy
    return (
        hasattr(value, "__float__") and not hasattr(value, "__len__") and not isinstance(value, str)
    )


def check_number(
    name: str,
    value: object,
    *,
    minimum: Optional[float] = None,
    allow_none: bool = False,
) -> Optional[float]:
    """``value`` as a finite float >= ``minimum``; None passes only when allowed."""
    if value is None and allow_none:
        return None
    if not _is_number(value):
        expected = "a number or None" if allow_none else "a number"
        raise TypeError(f"{name} must be {expected}, got {value!r} ({type(value).__name__})")
    number = float(value)  # type: ignore[arg-type]
    if math.isnan(number) or math.isinf(number):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if minimum is not None and number < minimum:
        raise ValueError(f"{name} must be >= {minimum:g}, got {value!r}")
    return number


def check_int(name: str, value: object, *, minimum: int) -> int:
    """``value`` as an int >= ``minimum`` (bools are refused)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {value!r} ({type(value).__name__})")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value!r}")
    return value


def check_choice(name: str, value: T, choices: Collection[T]) -> T:
    """``value`` if it is one of ``choices``."""
    if value not in choices:
        options = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {options}, got {value!r}")
    return value


def check_optional_str(name: str, value: object) -> Optional[str]:
    """``value`` if it is a str or None."""
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{name} must be a str or None, got {value!r} ({type(value).__name__})")
    return value
