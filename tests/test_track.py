"""track(): exactly the items, lazily; exact counts on break/exceptions; a live display."""

from __future__ import annotations

import collections
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Callable

import pytest
from harness import FakeClock, ScreenReader, TtyStringIO, run_in_pty, screen_of

import progbar
from progbar import Progbar
from progbar._loops import _exact_types
from progbar._output import refresher as _ticker


def _gen(n: int) -> Iterator[int]:
    yield from range(n)


KINDS: dict[str, Callable[[], Any]] = {
    "range": lambda: range(53),
    "list": lambda: [f"item{i}" for i in range(53)],
    "tuple": lambda: tuple(range(53)),
    "str": lambda: "progress bars, 日本語 too",
    "bytes": lambda: bytes(range(40)),
    "dict": lambda: {f"k{i}": i for i in range(53)},
    "dict.items": lambda: {f"k{i}": i for i in range(53)}.items(),
    "set": lambda: set(range(53)),
    "deque": lambda: collections.deque(range(53)),
    "generator": lambda: _gen(53),
    "genexpr": lambda: (i * i for i in range(53)),
    "zip": lambda: zip(range(53), "abcdefghij" * 6),
    "enumerate": lambda: enumerate("abcdefghijklmnop"),
    "map": lambda: map(str, range(53)),
    "iter(list)": lambda: iter(list(range(53))),
    "reversed": lambda: reversed(range(53)),
    "empty list": lambda: [],
    "empty generator": lambda: _gen(0),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_yields_exactly_the_items_in_order(kind: str) -> None:
    expected = list(KINDS[kind]())
    tracked = progbar.track(KINDS[kind](), display="silent")
    assert list(tracked) == expected
    assert tracked.bar.current == len(expected)
    assert tracked.bar.closed


@pytest.mark.parametrize(
    ("kind", "target"),
    [("range", 53), ("list", 53), ("dict.items", 53), ("generator", None), ("zip", None)],
)
def test_total_comes_from_len_or_length_hint(kind: str, target: object) -> None:
    assert progbar.track(KINDS[kind](), display="silent").bar.target == target


def test_total_from_length_hint() -> None:
    assert progbar.track(iter([1, 2, 3]), display="silent").bar.target == 3


def test_a_file_yields_its_lines(tmp_path: Path) -> None:
    path = tmp_path / "lines.txt"
    path.write_text("".join(f"line {i}\n" for i in range(1000)))
    with path.open() as f:
        tracked = progbar.track(f, display="silent")
        lines = list(tracked)
    assert lines == [f"line {i}\n" for i in range(1000)]
    assert tracked.bar.target is None and tracked.bar.current == 1000


@pytest.mark.parametrize("kind", ["range", "generator"])
def test_items_are_pulled_lazily_one_at_a_time(kind: str) -> None:
    log: list[str] = []

    def source() -> Iterator[int]:
        for i in range(300):
            log.append(f"pull {i}")
            yield i

    items = source() if kind == "generator" else range(300)
    for i in progbar.track(items, display="silent"):
        if kind == "generator":
            assert log[-1] == f"pull {i}"  # nothing was read ahead of the loop
        log.append(f"body {i}")
    if kind == "generator":
        assert log == [f"{what} {i}" for i in range(300) for what in ("pull", "body")]


def _bar_line(stream: TtyStringIO) -> str:
    lines = [line.rstrip() for line in screen_of(stream.getvalue(), 100).display if line.strip()]
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize("kind", ["range", "list", "generator", "zip", "dict"])
def test_break_stops_at_the_exact_count_without_claiming_completion(kind: str) -> None:
    clock, stream = FakeClock(), TtyStringIO()
    source = {
        "range": lambda: range(100),
        "list": lambda: list(range(100)),
        "generator": lambda: _gen(100),
        "zip": lambda: zip(range(100), range(100)),
        "dict": lambda: dict.fromkeys(range(100)),
    }[kind]()
    tracked = progbar.track(source, total=100, file=stream, display="tty", clock=clock)
    for seen, _ in enumerate(tracked, 1):
        clock.tick(0.01)
        if seen == 37:
            break
    # the 37th item's body did not finish: 36 completed iterations, as tqdm and rich count
    assert tracked.bar.current == 36 and tracked.bar.closed
    line = _bar_line(stream)
    assert line.startswith(" 36/100 [=========>...."), line
    assert "ETA" not in line


@pytest.mark.parametrize("kind", ["range", "generator"])
def test_an_exception_in_the_body_stops_at_the_exact_count(kind: str) -> None:
    clock, stream = FakeClock(), TtyStringIO()
    source = range(100) if kind == "range" else _gen(100)
    tracked = progbar.track(source, total=100, file=stream, display="tty", clock=clock)
    with pytest.raises(ZeroDivisionError):
        for i in tracked:
            clock.tick(0.01)
            if i == 63:
                print(1 / 0)
    assert tracked.bar.current == 63 and tracked.bar.closed  # items 0..62 completed
    assert _bar_line(stream).startswith(" 63/100 [")


def test_an_exception_from_the_source_counts_only_the_items_it_gave() -> None:
    def failing() -> Iterator[int]:
        yield from range(20)
        raise OSError("disk gone")

    tracked = progbar.track(failing(), display="silent")
    with pytest.raises(OSError, match="disk gone"):
        for _ in tracked:
            pass
    assert tracked.bar.current == 20 and tracked.bar.closed


def test_a_generator_without_length_ends_with_the_unknown_line() -> None:
    clock, stream = FakeClock(), TtyStringIO()
    for _ in progbar.track(_gen(120), file=stream, display="tty", clock=clock):
        clock.tick(0.025)
    assert re.fullmatch(r" +120/Unknown - 3s 25ms/step", _bar_line(stream))


def test_total_overrides_len() -> None:
    clock, stream = FakeClock(), TtyStringIO()
    tracked = progbar.track(range(10), total=40, file=stream, display="tty", clock=clock, width=20)
    for _ in tracked:
        clock.tick(0.1)
    assert tracked.bar.target == 40
    assert _bar_line(stream).startswith("10/40 [====>...............] - 1s 100ms/step")


def test_the_final_line_after_exhaustion() -> None:
    clock, stream = FakeClock(), TtyStringIO()
    for _ in progbar.track(range(100), file=stream, display="tty", clock=clock):
        clock.tick(0.1)
    assert stream.getvalue().endswith("\n")
    assert _bar_line(stream) == "100/100 [==============================] - 10s 100ms/step"


def test_the_bar_shows_the_start_before_the_first_item() -> None:
    stream = TtyStringIO()
    iterator = iter(progbar.track(range(10), file=stream, display="tty", clock=FakeClock()))
    assert _bar_line(stream).startswith(" 0/10 [...")
    assert list(iterator) == list(range(10))


def test_chunks_grow_so_the_clock_is_read_rarely() -> None:
    reads = 0

    def clock() -> float:  # 1 us per item read back
        nonlocal reads
        reads += 1
        return 1000.0 + reads * 1e-6

    for kind in (range(200_000), _gen(200_000)):
        reads = 0
        assert sum(1 for _ in progbar.track(kind, display="silent", clock=clock)) == 200_000
        assert reads < 500, reads


def test_an_item_slower_than_the_interval_still_gets_a_redraw() -> None:
    clock, stream = FakeClock(), TtyStringIO()
    tracked = progbar.track(_gen(10_000), total=10_000, file=stream, display="tty", clock=clock)
    for i in tracked:
        clock.tick(1e-5)  # fast items: chunks grow to thousands of items
        if i == 6_000:  # then one item takes 3 s, in the middle of a chunk
            clock.tick(3.0)
            before = _bar_line(stream)
            assert tracked.bar._refresh()  # what the refresh thread asks of a quiet bar
            after = _bar_line(stream)
            assert tracked.bar.current == 6_000  # exact inside the loop, not a chunk behind
            break
    assert not before.startswith("6000/10000"), before
    assert after.startswith(" 6000/10000 ["), after  # items 1..6000 are done, 6001 runs
    assert after != before


def test_the_refresher_redraws_only_quiet_live_bars(tty_stream: TtyStringIO) -> None:
    clock = FakeClock()
    bar = Progbar(100, file=tty_stream, display="tty", clock=clock)
    bar.update(10)
    drawn = tty_stream.getvalue()
    clock.tick(0.1)
    assert not bar._refresh()  # drew just now
    assert tty_stream.getvalue() == drawn
    clock.tick(3)
    assert bar._refresh()  # quiet for 3 s: elapsed and ETA move on
    assert tty_stream.getvalue() != drawn and bar.current == 10
    bar.close()
    closed = tty_stream.getvalue()
    clock.tick(3)
    assert not bar._refresh()  # never a write after close
    assert tty_stream.getvalue() == closed


class LiveClock(FakeClock):
    live = True  # follows real time: the refresh thread may redraw with it


@pytest.mark.parametrize(
    ("options", "watched"),
    [
        ({"display": "tty"}, True),
        ({"display": "log"}, True),  # its lines come every log_interval, even mid-chunk
        ({"display": "jsonl"}, True),
        ({"display": "silent"}, False),
        ({"display": "tty", "verbose": 2}, False),
        ({"display": "tty", "verbose": 0}, False),
        ({"display": "tty", "clock": FakeClock()}, False),
        ({"display": "tty", "clock": LiveClock()}, True),
    ],
)
def test_only_shown_bars_on_a_real_clock_are_watched(
    options: dict[str, Any], watched: bool
) -> None:
    before = {id(s) for s in _ticker.watched()}
    bar = Progbar(10, file=TtyStringIO(), **options)
    bar.update(1)  # a log is watched once it runs, not when it is made
    try:
        added = {id(s) for s in _ticker.watched()} - before
        assert bool(added) is watched
    finally:
        bar.close()


def test_the_refresher_forgets_closed_bars_and_its_thread_stops() -> None:
    stream = TtyStringIO()
    bar = Progbar(10, file=stream, display="tty")
    thread = _ticker.running()
    assert thread is not None and thread.daemon
    bar.close()
    _ticker.tick()
    assert not any(s.display is None for s in _ticker.watched())
    thread.join(timeout=30)
    assert not thread.is_alive() or _ticker.watched()  # only other live screens keep it


def test_nested_bars_on_one_terminal_are_one_region() -> None:
    clock, stream = FakeClock(), TtyStringIO()
    outer = Progbar(3, file=stream, display="tty", clock=clock, description="outer")
    inner = Progbar(100, file=stream, display="tty", clock=clock, parent=outer)
    outer.update(1)
    clock.tick(1)
    inner.update(5)
    clock.tick(3)
    assert inner._refresh() and outer._refresh()
    screen = screen_of(stream.getvalue())
    assert screen.display[0].startswith("outer 1/3 [")
    assert screen.display[1].startswith("    5/100 [")  # indented below its parent
    inner.close()
    outer.close()


def test_an_abandoned_update_bar_goes_stale(tty_stream: TtyStringIO) -> None:
    clock = FakeClock()
    bar = Progbar(100, file=tty_stream, display="tty", clock=clock)
    bar.update(1)
    clock.tick(1)
    assert bar._refresh()
    clock.tick(_ticker.STALE + 1)
    assert not bar._refresh()  # left alone: it would land below whatever came after


def test_progbar_track_continues_the_count_and_leaves_the_bar_open() -> None:
    bar = Progbar(30, display="silent")
    assert list(bar.track(range(10))) == list(range(10))
    assert bar.current == 10 and not bar.closed
    for i in bar.track(_gen(20)):
        if i == 4:
            break
    assert bar.current == 14 and not bar.closed  # items 0..3 of the second loop completed
    bar.close()


def test_a_second_pass_yields_the_items_without_a_bar() -> None:
    stream = TtyStringIO()
    tracked = progbar.track([1, 2, 3], file=stream, display="tty", clock=FakeClock())
    assert list(tracked) == [1, 2, 3]
    drawn = stream.getvalue()
    assert list(tracked) == [1, 2, 3]
    assert stream.getvalue() == drawn


def test_exact_iterators_are_the_ones_with_exact_length_hints() -> None:
    assert type(iter([])) in _exact_types() and type(iter(range(3))) in _exact_types()
    assert type(iter(_gen(1))) not in _exact_types()
    assert type(zip()) not in _exact_types()


def test_bad_arguments_name_themselves() -> None:
    with pytest.raises(TypeError, match="iterable"):
        progbar.track(5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"total|target"):
        progbar.track([1], total=-1)
    with pytest.raises(TypeError, match="width"):
        progbar.track([1], width="wide")


def test_update_skips_the_clock_when_no_draw_can_be_due() -> None:
    reads = 0

    def clock() -> float:
        nonlocal reads
        reads += 1
        return 1000.0 + reads * 1e-6

    bar = Progbar(None, display="silent", clock=clock)
    for i in range(1, 100_001):
        bar.update(i)
    assert bar.current == 100_000
    assert reads < 1_000, reads
    for _ in range(100_000):
        bar.add(1)
    assert bar.current == 200_000 and reads < 2_000, reads
    with pytest.raises(TypeError, match="current"):
        bar.update(True)  # the throttled path still refuses what update() refuses


def test_throttled_updates_still_draw_when_due_and_finish(tty_stream: TtyStringIO) -> None:
    clock = FakeClock()
    bar = Progbar(1000, file=tty_stream, display="tty", clock=clock, width=10)
    terminal = ScreenReader(tty_stream, 100)  # reads on where it stopped: no quadratic replay
    for i in range(1, 1001):
        clock.tick(0.001)
        bar.update(i)
        (line,) = terminal.rows()
        shown = int(line.split("/")[0])
        assert i - 50 <= shown <= i  # drawn at least once per 0.05 s interval
    assert re.fullmatch(r"1000/1000 \[=+\] - 1s (1ms|1000us)/step", _bar_line(tty_stream))
    bar.update(200)  # going back (a retry) is shown at the next draw
    clock.tick(0.1)
    bar.update(201)
    assert bar.current == 201


NESTED = """
import time
import progbar
for epoch in progbar.track(range(3), description="epochs", interval=0.01):
    for batch in progbar.track(range(40), description="batch", interval=0.01):
        time.sleep(0.002)
print("done")
"""


@pytest.mark.slow
def test_nested_loops_stay_readable_in_a_terminal() -> None:
    run = run_in_pty(NESTED, columns=70, rows=12)
    assert run.returncode == 0, run.output[-500:]
    lines = [line for line in run.lines if line]
    # the nested bars shared one region with their parent and went away with it; only the
    # root's finished line stays (leave=None), as tqdm's leave=False would leave it
    expected = [r"epochs 3/3 \[=+\] - \d+s \d+ms/step", "done"]
    assert b"epochs 1/3" in run.output and b"\x1b[?2026h" in run.output  # both rows drawn live
    assert len(lines) == len(expected), lines
    for line, pattern in zip(lines, expected):
        assert re.fullmatch(pattern, line), (line, pattern)
