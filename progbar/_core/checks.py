"""Argument checks shared by the public entry points.

Each check raises at the call that received the bad value, naming the
argument and showing the value, so the traceback points at the user's line
instead of at a ``TypeError`` deep inside the renderer minutes later.
Numbers from numpy (``np.int64``, ``np.float32``) are accepted wherever
Python numbers are, without importing numpy.
"""

from __future__ import annotations

import math
import operator

# collections.abc's very classes, from the module it re-exports: it is loaded at startup (os
# imports it), while ``import collections.abc`` loads all of collections (~3 ms of our import)
from _collections_abc import Iterable

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    import reprlib
    from collections.abc import Collection
    from typing import Optional, TypeVar, Union

    T = TypeVar("T")

__all__ = [
    "check_bool",
    "check_choice",
    "check_count",
    "check_int",
    "check_names",
    "check_number",
    "check_optional_str",
    "check_pairs",
    "check_str",
    "check_stream",
]

_repr: list[reprlib.Repr] = []  # built on the first error message


def show(value: object) -> str:
    """A short ``repr`` of ``value`` for an error message (a huge array stays one line)."""
    if not _repr:
        import reprlib

        short = reprlib.Repr()
        short.maxstring = 60
        short.maxother = 60
        _repr.append(short)
    return f"{_repr[0].repr(value)} ({type(value).__name__})"


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    # numpy scalars, Decimal, Fraction: real numbers without importing numpy;
    # strings, bytes and arrays (which have __len__) are not
    return (
        hasattr(value, "__float__")
        and not hasattr(value, "__len__")
        and not isinstance(value, (str, bytes, complex))
        and not _is_numpy_bool(value)
    )


def _is_numpy_bool(value: object) -> bool:
    """``numpy.bool_`` (named ``numpy.bool`` in numpy 2), without importing numpy."""
    kind = type(value)
    return kind.__module__ == "numpy" and kind.__name__ in ("bool_", "bool")


def _as_float(name: str, value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError) as exc:
        raise TypeError(f"{name} must be a number, got {show(value)}") from exc


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
        raise TypeError(f"{name} must be {expected}, got {show(value)}")
    number = _as_float(name, value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {show(value)}")
    if minimum is not None and number < minimum:
        raise ValueError(f"{name} must be >= {minimum:g}, got {show(value)}")
    return number


def check_count(name: str, value: object) -> Union[int, float]:
    """A progress amount: an int kept exact (numpy ints too), else a finite float.

    The bar's hot path lets plain ``int`` and finite ``float`` through
    itself; this is the slow path for everything else.
    """
    if not _is_number(value):
        raise TypeError(f"{name} must be a number, got {show(value)}")
    try:
        return operator.index(value)  # type: ignore[arg-type]  # np.int64 -> exact int
    except TypeError:
        pass
    number = _as_float(name, value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {show(value)}")
    return number


def check_int(name: str, value: object, *, minimum: int) -> int:
    """``value`` as an int >= ``minimum`` (numpy ints accepted, bools and floats refused)."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an int, got {show(value)}")
    try:
        number = operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(f"{name} must be an int, got {show(value)}") from None
    if number < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {show(value)}")
    return number


def check_choice(name: str, value: object, choices: Collection[T]) -> T:
    """``value`` if it is one of ``choices``: TypeError for the wrong kind, ValueError else.

    For integer choices, ints of any kind are accepted (and ``True`` means 1,
    as it does for Keras's ``verbose``), and returned as a plain int.
    """
    options = ", ".join(repr(c) for c in choices)
    if all(isinstance(c, int) for c in choices):
        try:
            value = operator.index(value)  # type: ignore[arg-type]
        except TypeError:
            raise TypeError(f"{name} must be one of {options}, got {show(value)}") from None
    elif all(isinstance(c, str) for c in choices) and not isinstance(value, str):
        raise TypeError(f"{name} must be one of {options}, got {show(value)}")
    if value not in choices:
        raise ValueError(f"{name} must be one of {options}, got {show(value)}")
    return value  # type: ignore[return-value]


def check_str(name: str, value: object) -> str:
    """``value`` if it is a str."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {show(value)}")
    return value


def check_optional_str(name: str, value: object) -> Optional[str]:
    """``value`` if it is a str or None."""
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{name} must be a str or None, got {show(value)}")
    return value


def check_bool(name: str, value: object, *, allow_none: bool = False) -> Optional[bool]:
    """``value`` if it is a bool (numpy's too), or None when allowed."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool):
        return value
    if _is_numpy_bool(value):
        return bool(value)
    expected = "a bool or None" if allow_none else "a bool"
    raise TypeError(f"{name} must be {expected}, got {show(value)}")


def check_names(name: str, value: object) -> Optional[frozenset[str]]:
    """None, or an iterable of metric names (a bare str is refused: it would be its letters)."""
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be an iterable of str or None, got {show(value)}")
    names = list(value)
    for item in names:
        if not isinstance(item, str):
            raise TypeError(f"{name} must contain only str, got {show(item)} in {show(value)}")
    return frozenset(names)


def check_pairs(name: str, value: object) -> list[tuple[str, object]]:
    """Keras's ``values``: an iterable of ``(name, value)`` pairs, read once into a list."""
    pairs: list[tuple[str, object]] = []
    try:
        for entry in value:  # type: ignore[attr-defined]
            if isinstance(entry, (str, bytes)):  # "ab" would unpack into a pair of letters
                raise TypeError(entry)
            key, item = entry
            pairs.append((key, item))
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} must be a list of (name, value) pairs, got {show(value)}"
        ) from None
    return pairs


def check_stream(name: str, value: object) -> None:
    """``value`` must be None or have a callable ``write`` (a text stream)."""
    if value is not None and not callable(getattr(value, "write", None)):
        raise TypeError(f"{name} must be a text stream with write(), or None, got {show(value)}")
