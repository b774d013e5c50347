"""Locks a signal handler can reach, and the counting that takes no lock (issue 28).

A signal handler runs on the main thread between two bytecodes, so it can land
while that thread holds a lock: one that reports progress and needs the same
lock must find it reentrant, or the program hangs. Here a real signal is raised
at the moment the lock is taken (a hook in the lock's ``__enter__``), so the
handler lands inside the locked section every time, not by luck.

Where ``+=`` takes no lock (``_ATOMIC_ADD``: CPython 3.11+ with the GIL), the
counts must survive threads switching as often as the interpreter allows.
"""

from __future__ import annotations

import io
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType
from typing import Any, Callable, Optional

import pytest

from progbar import Progbar
from progbar._core import state as state_module
from progbar._share import channel

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGUSR1"), reason="needs SIGUSR1")


class Landing:
    """A lock that raises SIGUSR1 right after it is taken: the handler lands inside."""

    def __init__(self, lock: Any) -> None:
        self.lock = lock
        self.landed = 0  # handlers run while the lock was held by this thread
        self.firing = False  # the handler's own locked sections raise no further signal

    def __enter__(self) -> None:
        self.lock.__enter__()
        if self.firing:
            return
        self.firing = True
        try:
            signal.raise_signal(signal.SIGUSR1)  # Python runs the handler before the next line
            self.landed += 1
        except BaseException:  # the watchdog's KeyboardInterrupt: a with never exits it
            self.lock.__exit__(None, None, None)
            raise
        finally:
            self.firing = False

    def __exit__(self, *exc: object) -> None:
        self.lock.__exit__(*exc)


def guarded(body: Callable[[], object], seconds: float = 20.0) -> None:
    """Run ``body`` on the main thread, with a watchdog that fails the test instead of hanging.

    A main thread blocked on a lock wakes only for a real signal: the
    watchdog sends it SIGINT, and the ``KeyboardInterrupt`` ends the wait.
    """
    done = threading.Event()
    hung: list[bool] = []

    def watchdog() -> None:
        if not done.wait(seconds):
            hung.append(True)
            signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)

    guard = threading.Thread(target=watchdog, daemon=True)
    guard.start()
    try:
        body()
    except KeyboardInterrupt:
        if not hung:
            raise
    finally:
        done.set()
        guard.join()
    assert not hung, "deadlock: a signal handler waited for a lock its own thread held"


@pytest.fixture
def on_sigusr1() -> Iterator[Callable[[Callable[[], object]], None]]:
    previous = signal.getsignal(signal.SIGUSR1)

    def install(report: Callable[[], object]) -> None:
        def handler(signum: int, frame: Optional[FrameType]) -> None:
            report()

        signal.signal(signal.SIGUSR1, handler)

    yield install
    signal.signal(signal.SIGUSR1, previous)


def test_a_signal_handler_adding_inside_a_handles_add_neither_hangs_nor_loses_a_count(
    on_sigusr1: Callable[[Callable[[], object]], None],
) -> None:
    bar = Progbar(None, display="silent")
    handle = bar.share()
    box: Any = handle._box
    landing = box.count_lock = Landing(box.count_lock)
    on_sigusr1(lambda: handle.add(1000.0))  # a float: the handler takes the lock too

    def body() -> None:
        for _ in range(10):
            handle.add(0.5)  # a float takes the locked path (an int on a warm box does not)
            with handle:  # __enter__ and __exit__ take the same lock for ``inside``
                pass
        handle.flush()

    try:
        guarded(body)
    finally:
        box.count_lock = landing.lock
    assert landing.landed == 30  # every locked section of the loop had a handler inside it
    assert bar.current == 10 * 0.5 + 30 * 1000.0  # the outer adds and every handler's add


def test_a_signal_handler_flushing_inside_a_push_returns_and_the_counts_follow(
    on_sigusr1: Callable[[Callable[[], object]], None],
) -> None:
    bar = Progbar(None, display="silent")
    handle = bar.share()
    box: Any = handle._box
    landing = box.lock = Landing(box.lock)

    def report() -> None:
        handle.add(7)
        handle.flush()  # inside the outer push: returns at once, the 7 stays in the box

    on_sigusr1(report)

    def body() -> None:
        handle.add(3)
        handle.flush()

    try:
        guarded(body)
    finally:
        box.lock = landing.lock
    assert landing.landed >= 1
    handle.flush()  # the next push carries what the handler counted
    assert bar.current == 10


def test_a_signal_handler_adding_inside_a_bars_add_neither_hangs_nor_loses_a_count(
    on_sigusr1: Callable[[Callable[[], object]], None],
) -> None:
    bar = Progbar(100_000, display="silent")
    landing = Landing(bar._count_lock)
    bar._count_lock = landing  # type: ignore[assignment]
    on_sigusr1(lambda: bar.add(1, values=[("loss", 1.0)]))  # the handler takes the lock too

    def body() -> None:
        for _ in range(20):
            bar.add(0.5, values=[("loss", 2.0)])  # values: the locked path

    guarded(body)
    assert landing.landed == 20  # every outer add had a handler inside its locked section
    assert bar.current == 20 * 0.5 + 20 * 1


@pytest.fixture
def switch_often() -> Iterator[None]:
    """Threads switch as often as the interpreter can (every few bytecodes)."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(previous)


class Counting:
    """A lock that counts how often it is taken."""

    def __init__(self, lock: Any) -> None:
        self.lock, self.taken = lock, 0

    def __enter__(self) -> None:
        self.lock.__enter__()
        self.taken += 1

    def __exit__(self, *exc: object) -> None:
        self.lock.__exit__(*exc)


def count_from_threads(add: Callable[[int], None], threads: int = 8, each: int = 20_000) -> int:
    start = threading.Barrier(threads)

    def work() -> None:
        start.wait()
        for _ in range(each):
            add(1)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return threads * each


def test_lock_free_adds_of_a_bar_lose_nothing_when_threads_switch_constantly(
    switch_often: None,
) -> None:
    bar = Progbar(None, display="silent")
    lock = Counting(bar._count_lock)
    bar._count_lock = lock  # type: ignore[assignment]
    sent = count_from_threads(bar.add)
    assert bar.current == sent
    if state_module._ATOMIC_ADD:  # the counts above went through the bare ``+=``
        assert lock.taken == 0


def test_lock_free_adds_of_a_shared_handle_lose_nothing_when_threads_switch_constantly(
    switch_often: None,
) -> None:
    bar = Progbar(None, display="silent")
    handle = bar.share()
    handle.add(0.5)  # the first add warms the box: from here, ints add without a lock
    box: Any = handle._box
    assert box.warm == channel.ATOMIC_ADD
    lock = box.count_lock = Counting(box.count_lock)
    sent = count_from_threads(handle.add)
    handle.flush()
    assert bar.current == sent + 0.5
    if channel.ATOMIC_ADD:  # the counts above went through the bare ``+=``
        assert lock.taken == 0


def test_a_forked_childs_box_starts_cold_without_swapping_its_class() -> None:
    bar = Progbar(None, display="silent")
    handle = bar.share()
    handle.add(1)
    box: Any = handle._box
    assert type(box) is channel.Box and box.warm == channel.ATOMIC_ADD
    box.reset()  # what the fork handler does in a child
    assert type(box) is channel.Box and box.warm is False
    handle.add(1)  # the locked path warms it again
    assert box.warm == channel.ATOMIC_ADD and box.count == 1


def test_a_signal_handler_adding_to_a_roll_up_inside_its_add_loses_nothing(
    on_sigusr1: Callable[[Callable[[], object]], None],
) -> None:
    from progbar import RollUp

    rollup = RollUp(parts=2, display="silent")
    first, second = rollup.part(10), rollup.part(10)
    landing = Landing(rollup._count_lock)
    rollup._count_lock = landing  # type: ignore[assignment]
    on_sigusr1(lambda: second.add(0.5))  # lands inside the roll-up's own add of the first part

    def body() -> None:
        for _ in range(20):
            first.add(0.5)

    guarded(body)
    assert landing.landed == 20
    assert (first.current, second.current, rollup.current) == (10, 10, 20)
    assert rollup.finished  # both parts in and their sum reached: the roll-up ends


def test_parts_adding_from_threads_lose_nothing_in_their_roll_up(switch_often: None) -> None:
    from progbar import RollUp

    rollup = RollUp(display="silent")
    parts = [rollup.part() for _ in range(4)]
    done = threading.Barrier(4)

    def work(part: Any) -> None:
        done.wait()
        for _ in range(5_000):
            part.add(1)

    workers = [threading.Thread(target=work, args=(part,)) for part in parts]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert [part.current for part in parts] == [5_000] * 4
    assert rollup.current == 20_000


def test_a_signal_handler_printing_inside_a_captured_print_keeps_its_text(
    on_sigusr1: Callable[[Callable[[], object]], None],
) -> None:
    import io

    from progbar._output.capture import CapturedStream

    class Pending(dict):  # type: ignore[type-arg]
        """The proxy's partial lines; the signal lands right after the outer write took its own."""

        landed = 0

        def pop(self, *args: Any) -> Any:
            value = super().pop(*args)
            if not Pending.landed:
                Pending.landed += 1
                signal.raise_signal(signal.SIGUSR1)  # inside the proxy's lock, between pop and set
            return value

    original = io.StringIO()
    proxy = CapturedStream(original)
    proxy._pending = Pending()
    on_sigusr1(lambda: proxy.write("handler "))  # a partial line of its own

    guarded(lambda: proxy.write("main "))
    proxy.write("end\n")
    assert Pending.landed == 1
    assert original.getvalue() == "main handler end\n"  # nothing lost, in the order written


def _locks_a_handler_can_reach() -> list[tuple[str, Any]]:
    from progbar import RollUp
    from progbar._output import capture, owner, refresher, screen

    bar = Progbar(None, display="silent")
    handle: Any = bar.share()
    rollup = RollUp(display="silent")
    proxy = capture.CapturedStream(sys.__stdout__)  # type: ignore[arg-type]
    made = Progbar(None, file=io.StringIO())._screen  # a real screen (a log's), left registered
    assert made is not None
    return [
        ("Progbar._lock", bar._lock),
        ("BarState._count_lock", bar._count_lock),
        ("Screen.lock", made.lock),
        ("screen._lock", screen._lock),
        ("owner._lock", owner._lock),
        ("capture._lock", capture._lock),
        ("CapturedStream._lock", proxy._lock),
        ("refresher._lock", refresher._lock),
        ("Box.count_lock", handle._box.count_lock),
        ("Box.lock", handle._box.lock),
        ("channel._registry_lock", channel._registry_lock),
        ("RollUp._sum_lock", rollup._sum_lock),
    ]


def test_every_lock_a_signal_handler_can_reach_is_reentrant() -> None:
    """The lock table of docs/architecture.md: each of these is taken twice by one thread."""
    for name, lock in _locks_a_handler_can_reach():
        assert lock.acquire(blocking=False), name
        try:
            again = lock.acquire(blocking=False)  # a plain Lock refuses its own holder
            assert again, f"{name} is not reentrant"
            lock.release()
        finally:
            lock.release()


def test_a_logging_handler_waiting_for_a_thread_that_draws_does_not_deadlock() -> None:
    """``redirect_logging()`` runs the user's handler between redraws, holding no screen lock.

    Before, ``beside()`` held every screen lock of the device while the
    handler ran: a handler waiting for a thread that draws a bar on the same
    terminal (a queue, a flush, a worker) waited for ever.
    """
    import logging

    from harness import TtyStringIO, screen_of

    import progbar

    tty = TtyStringIO()
    main = Progbar(10, file=tty, display="tty", interval=0, description="main")
    main.update(1)
    other = Progbar(10, file=tty, display="tty", interval=0, description="other")
    drawn = threading.Event()

    class WaitsForADraw(logging.StreamHandler):  # type: ignore[type-arg]
        def emit(self, record: logging.LogRecord) -> None:
            worker = threading.Thread(target=lambda: (other.update(5), drawn.set()), daemon=True)
            worker.start()
            drawn.wait()  # the watchdog ends this wait if it never comes
            super().emit(record)

    logger = logging.getLogger("progbar-test-beside")
    logger.propagate = False
    logger.addHandler(WaitsForADraw(tty))
    try:
        with progbar.redirect_logging([logger]):
            guarded(lambda: logger.warning("a record"))
    finally:
        logger.handlers.clear()
    main.update(2)
    rows = [row.rstrip() for row in screen_of(tty.getvalue()).display if row.strip()]
    assert rows[0] == "a record", rows  # above the region, which came back below it
    assert any(row.startswith("other  5/10") for row in rows), rows
    other.close()
    main.close()
