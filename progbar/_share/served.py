"""What the parent knows about each bar it serves: the bar (weakly) and its lost workers."""

from __future__ import annotations

import weakref

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Optional, Union

    from .._progbar import Progbar

__all__ = ["MAX_WORKERS", "Served", "Worker", "served_workers", "with_lost_mark"]

MAX_WORKERS = 64
"""Workers a bar remembers (for the web view); beyond that the oldest that ended are forgotten."""


class Worker:
    """One worker connection of a shared bar, as the web view lists it: its count and state."""

    __slots__ = ("count", "number", "state")

    def __init__(self, number: int) -> None:
        self.number = number
        self.count: Union[int, float] = 0
        self.state = "idle"  # "busy", "idle", "done" (said goodbye) or "lost" (hung up busy)


class Served:
    """A bar being served: weakly held, so sharing never keeps a finished bar alive."""

    __slots__ = ("bar", "lost", "mark", "workers")

    def __init__(self, bar: Progbar) -> None:
        self.bar = weakref.ref(bar)
        self.lost = 0
        self.mark = ""  # what was last appended to the description
        self.workers: dict[int, Worker] = {}  # by number, oldest first; bounded
        _by_bar[bar] = self

    def joined(self) -> Worker:
        """A worker proved the key: its record (the oldest ended ones make room)."""
        number = max(self.workers, default=0) + 1
        worker = self.workers[number] = Worker(number)
        ended = [n for n, w in self.workers.items() if w.state in ("done", "lost")]
        for n in ended[: max(len(self.workers) - MAX_WORKERS, 0)]:
            del self.workers[n]
        return worker

    def rows(self) -> list[tuple[int, Union[int, float], str]]:
        """``(number, count, state)`` of each remembered worker, oldest first."""
        return [(w.number, w.count, w.state) for w in list(self.workers.values())]

    def add(self, n: Union[int, float]) -> None:
        """Fold ``n`` steps into the bar, through the path of a local update."""
        bar = self.bar()
        if n and bar is not None:
            bar.add(n)

    def worker_lost(self) -> None:
        """Say on the bar that one more worker hung up in the middle of its work."""
        bar = self.bar()
        if bar is None:
            return
        self.lost += 1
        bar.description, self.mark = with_lost_mark(bar.description, self.mark, self.lost)


_by_bar: weakref.WeakKeyDictionary[Progbar, Served] = weakref.WeakKeyDictionary()
"""The record of each bar being served (the last, if it was served twice)."""


def served_workers(bar: Progbar) -> Optional[list[tuple[int, Union[int, float], str]]]:
    """``(number, count, state)`` of each worker of ``bar``, or None if it is not shared.

    Read-only, for the web view (any thread).
    """
    served = _by_bar.get(bar)
    return None if served is None else served.rows()


def with_lost_mark(description: Optional[str], mark: str, lost: int) -> tuple[str, str]:
    """``description`` with its lost-worker mark (``mark``, if still there) updated to ``lost``.

    >>> with_lost_mark("train", "", 1)
    ('train (1 worker lost)', ' (1 worker lost)')
    >>> with_lost_mark("train (1 worker lost)", " (1 worker lost)", 2)
    ('train (2 workers lost)', ' (2 workers lost)')
    >>> with_lost_mark(None, "", 1)
    ('(1 worker lost)', '(1 worker lost)')
    """
    base = description or ""
    if mark and base.endswith(mark):
        base = base[: -len(mark)]
    new = f"({lost} worker{'s' if lost > 1 else ''} lost)"
    new = f"{base} {new}" if base else new
    return new, new[len(base) :]
