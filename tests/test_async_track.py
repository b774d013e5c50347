"""atrack(): the track() bar for ``async for``."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from harness import FakeClock, TtyStringIO, screen_of

import progbar
from progbar import Progbar


async def numbers(n: int, fail_at: int = -1) -> AsyncIterator[int]:
    for i in range(n):
        if i == fail_at:
            raise OSError("stream reset")
        await asyncio.sleep(0)
        yield i


class Sized:
    """An async iterable with a length."""

    def __len__(self) -> int:
        return 7

    def __aiter__(self) -> AsyncIterator[int]:
        return numbers(7)


def line_of(stream: TtyStringIO) -> str:
    lines = [line.rstrip() for line in screen_of(stream.getvalue(), 100).display if line.strip()]
    assert len(lines) == 1, lines
    return lines[0]


def test_yields_exactly_the_items_and_finishes() -> None:
    clock, stream = FakeClock(), TtyStringIO()

    async def main() -> list[int]:
        out = []
        async for i in progbar.atrack(
            numbers(50), total=50, file=stream, display="tty", clock=clock
        ):
            clock.tick(0.02)
            out.append(i)
        return out

    assert asyncio.run(main()) == list(range(50))
    assert line_of(stream) == "50/50 [==============================] - 1s 20ms/step"


def test_total_from_len_and_unknown_otherwise() -> None:
    assert progbar.atrack(Sized(), display="silent").bar.target == 7
    assert progbar.atrack(numbers(3), display="silent").bar.target is None


def test_break_ends_the_bar_at_once_at_the_exact_count() -> None:
    clock, stream = FakeClock(), TtyStringIO()
    tracked = progbar.atrack(numbers(100), total=100, file=stream, display="tty", clock=clock)

    async def main() -> bool:
        async for i in tracked:
            clock.tick(0.01)
            if i == 29:
                break
        return tracked.bar.closed  # before any other task could run

    assert asyncio.run(main())
    assert tracked.bar.current == 29  # items 0..28 completed; the body of 29 broke
    assert line_of(stream).startswith(" 29/100 [=======>.")


def test_exceptions_stop_at_the_exact_count() -> None:
    body = progbar.atrack(numbers(100), display="silent")
    source = progbar.atrack(numbers(100, fail_at=12), display="silent")

    async def fail_in_body() -> None:
        async for i in body:
            if i == 40:
                raise KeyError(i)

    async def fail_in_source() -> None:
        async for _ in source:
            pass

    with pytest.raises(KeyError):
        asyncio.run(fail_in_body())
    with pytest.raises(OSError, match="stream reset"):
        asyncio.run(fail_in_source())
    assert (body.bar.current, body.bar.closed) == (40, True)  # item 40's body raised
    assert (source.bar.current, source.bar.closed) == (12, True)


def test_progbar_atrack_continues_the_count() -> None:
    bar = Progbar(20, display="silent")

    async def main() -> None:
        async for _ in bar.atrack(numbers(4)):
            pass
        async for _ in bar.atrack(Sized()):
            pass

    asyncio.run(main())
    assert bar.current == 11 and not bar.closed
    bar.close()


def test_a_sync_iterable_is_refused() -> None:
    with pytest.raises(TypeError, match="iterable"):
        progbar.atrack([1, 2, 3])  # type: ignore[arg-type]
