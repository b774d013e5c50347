"""Every bar of the process while the web view serves: held weakly, read through public properties.

``Progbar`` calls the hook in ``progbar._progbar.BAR_HOOKS`` for each new bar;
the web view puts :meth:`Registry.add` there while it serves and takes it
out when it stops, so a program that never serves pays one empty-list test
per bar. The view of a bar is built from its public, read-only properties
(``current``, ``target``, ``rate``, ``eta``, ``finished``, ``parent``...),
never from the output layer, and only by the server's thread.
"""

from __future__ import annotations

import contextlib
import math
import sys
import threading
import weakref

from .._core.cells import clean_text

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Optional

    from .._progbar import Progbar

__all__ = ["MAX_BARS", "Registry"]

MAX_BARS = 1000
"""Bars listed at most: a program making bars in a loop must not grow the page without end."""


_BIDI = dict.fromkeys([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
"""Bidirectional controls: they would reorder what the page shows around them."""


def _text(text: str) -> str:
    """Outside text as the page may show it: no controls, escapes or bidi overrides."""
    return clean_text(text).translate(_BIDI)


def _number(value: object) -> Optional[float]:
    """A finite number for JSON (NaN and infinity are not JSON), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value if math.isfinite(value) else None


def _metric(value: object) -> object:
    """A metric as JSON carries it: a finite number, else its text."""
    number = _number(value)
    return number if number is not None else _text(str(value))


def _workers(bar: Progbar) -> Optional[list[dict[str, object]]]:
    """What the parent knows of the workers of a shared bar; None when it is not shared.

    Looked up only when ``share()`` has loaded its server: serving never starts one.
    """
    shared = sys.modules.get("progbar._share.served")
    if shared is None:
        return None
    rows = shared.served_workers(bar)
    if rows is None:
        return None
    return [{"worker": n, "count": _number(count), "state": state} for n, count, state in rows]


class Registry:
    """Bars by a serial number, weakly held; the order they were made in is the order shown."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._bars: dict[int, weakref.ReferenceType[Progbar]] = {}
        self._ids: weakref.WeakKeyDictionary[Progbar, int] = weakref.WeakKeyDictionary()
        self._rows: dict[int, dict[str, object]] = {}  # the last state read of each bar
        self._next = 0
        self.seen = False  # whether any bar was ever added

    def add(self, bar: Progbar) -> None:
        """Record a new bar (the hook ``Progbar`` calls); never raises into the bar's maker."""
        try:
            with self._lock:
                if bar in self._ids:
                    return
                self._next += 1
                self._bars[self._next] = weakref.ref(bar)
                self._ids[bar] = self._next
                self.seen = True
                while len(self._bars) > MAX_BARS:  # the oldest go first
                    oldest = next(iter(self._bars))
                    del self._bars[oldest]
                    self._rows.pop(oldest, None)
        except Exception:  # a bar that cannot be weakly referenced, say: it is simply not shown
            pass

    def live(self) -> list[tuple[int, Progbar]]:
        """The bars still alive, by serial number."""
        with self._lock:
            pairs = [(n, ref()) for n, ref in self._bars.items()]
        return [(n, bar) for n, bar in pairs if bar is not None]

    def all_ended(self) -> bool:
        """Whether bars were seen and every one is finished, closed or gone."""
        return self.seen and all(bar.finished or bar.closed for _, bar in self.live())

    def view(self) -> list[dict[str, object]]:
        """The bars as JSON-ready records: in creation order, each naming its parent's ``id``.

        A bar that ended is read once more and then shown as it ended; a bar
        the program dropped keeps the last state read (the server reads four
        times a second), marked closed.
        """
        with self._lock:
            pairs = [(n, ref()) for n, ref in self._bars.items()]
        ids = {id(bar): n for n, bar in pairs if bar is not None}
        rows = []
        for n, bar in pairs:
            row = self._rows.get(n)
            if bar is not None and (row is None or not (row["finished"] or row["closed"])):
                with contextlib.suppress(Exception):  # read while it changes: the last state stands
                    row = self._rows[n] = _row(n, bar, ids)
            elif bar is None and row is not None and not (row["finished"] or row["closed"]):
                row = self._rows[n] = dict(row, closed=True)
            if row is not None:
                rows.append(row)
        return rows


def _row(n: int, bar: Progbar, ids: dict[int, int]) -> dict[str, object]:
    parent = bar.parent
    return {
        "id": n,
        "parent": None if parent is None else ids.get(id(parent)),
        "description": None if bar.description is None else _text(bar.description),
        "count": _number(bar.current),
        "target": _number(bar.target),
        "rate": _number(bar.rate),
        "eta": _number(bar.eta),
        "elapsed": _number(bar.elapsed),
        "unit_name": _text(bar.unit_name),
        "units": bar.units,
        "metrics": {_text(str(k)): _metric(v) for k, v in bar.metrics.items()},
        "finished": bar.finished,
        "closed": bar.closed,
        "workers": _workers(bar),
    }
