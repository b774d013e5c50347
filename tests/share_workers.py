"""Worker functions for the ``bar.share()`` tests, in a module of their own.

Spawned and forkserver children import the module that defines their target:
this one imports nothing but the standard library, so each child starts in a
fraction of the time a test module (pytest, hypothesis...) would take.
"""

from __future__ import annotations

import os
import time

STEPS = 4000


def count_steps(handle: object, steps: int = STEPS) -> int:
    """A task: ``steps`` single steps, counted item by item as it goes."""
    for _ in handle.track(range(steps)):  # type: ignore[attr-defined]
        pass
    return os.getpid()


def add_then_exit(handle: object) -> None:
    """A worker that never flushes: its exit must send what it counted."""
    for _ in range(STEPS):
        handle.add(1)  # type: ignore[attr-defined]


def add_inside_with(handle: object) -> None:
    """A worker that counts inside ``with handle:`` (flushed and confirmed on exit)."""
    with handle:  # type: ignore[attr-defined]
        for _ in range(STEPS):
            handle.add(1)  # type: ignore[attr-defined]


def count_until_killed(handle: object) -> None:
    """Busy inside ``with handle:`` for up to a minute, unless killed first."""
    with handle:  # type: ignore[attr-defined]
        for _ in range(60_000):
            handle.add(1)  # type: ignore[attr-defined]
            time.sleep(0.001)


def wait_for(condition: object, seconds: float = 30.0) -> bool:
    """Poll ``condition`` until it holds or ``seconds`` pass (a bound, never a measurement)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.01)
    return False


def counted_task(handle: object, steps: int = STEPS) -> int:
    """A task that flushes before it returns, for engines that take only plain functions (Ray)."""
    with handle:  # type: ignore[attr-defined]
        return count_steps(handle, steps)


def add_from_threads(handle: object, threads: int = 4) -> None:
    """``threads`` threads of one worker, each ``STEPS`` times ``add(1)`` on the same handle."""
    import threading

    def run() -> None:
        for _ in range(STEPS):
            handle.add(1)  # type: ignore[attr-defined]

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    handle.flush()  # type: ignore[attr-defined]
