"""What ``_hints.readable`` (bare annotations in ``help()``) adds to ``import progbar``.

``progbar/__init__.py`` runs it once on ``Progbar``, ``track``, ``atrack``
and ``write``. This times that call (best of many, on annotation strings put
back to plain ``str`` before each) and, in the same run, ``import progbar`` in
fresh interpreters, and prints the ratio.

    python benchmarks/readable.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

import progbar
from progbar import _hints

EAGER = (progbar.Progbar, progbar.atrack, progbar.track, progbar.write)


def _annotation_dicts() -> list[dict[str, object]]:
    found = []
    for obj in EAGER:
        members = (
            [m for k in obj.__mro__[:-1] for m in vars(k).values()]
            if isinstance(obj, type)
            else [obj]
        )
        for member in members:
            function = getattr(member, "__func__", getattr(member, "fget", member))
            if hasattr(function, "__code__") and function.__annotations__:
                found.append(function.__annotations__)
    return found


def readable_seconds(rounds: int = 300) -> float:
    dicts = _annotation_dicts()
    best = float("inf")
    for _ in range(rounds):
        for hints in dicts:
            for name, value in hints.items():
                hints[name] = str(value)
        start = time.perf_counter()
        _hints.readable(*EAGER)
        best = min(best, time.perf_counter() - start)
    return best


def import_seconds(repeats: int = 20) -> float:
    """Median ``import progbar`` above a bare interpreter, fresh interpreters, interleaved."""
    bare, full = [], []
    for _ in range(repeats):
        for code, into in (("pass", bare), ("import progbar", full)):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            into.append(time.perf_counter() - start)
    return statistics.median(full) - statistics.median(bare)


if __name__ == "__main__":
    spent = readable_seconds()
    imported = import_seconds()
    print(f"readable() on the eager names: {spent * 1e6:.1f} us (best of 300)")
    print(f"import progbar above a bare interpreter: {imported * 1e3:.1f} ms (median of 20)")
    print(f"ratio: {spent / imported:.2%} of import progbar")
