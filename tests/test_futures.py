"""``progbar.as_completed()`` and ``progbar.gather()`` with real thread pools and event loops.

The bar must count finished work exactly (failures included), end when all of
it has finished, and hand back exactly what the stdlib would.
"""

from __future__ import annotations

import asyncio
import io
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

import progbar

N = 20


def _final(stream: io.StringIO) -> str:
    return stream.getvalue().splitlines()[-1]


def test_as_completed_yields_each_future_once_as_it_finishes() -> None:
    stream = io.StringIO()
    gates = [threading.Event() for _ in range(N)]
    with ThreadPoolExecutor(N) as pool:  # all running, each waiting for its gate
        futures = [pool.submit(lambda i=i: gates[i].wait(10) and i) for i in range(N)]
        order = list(reversed(range(N)))  # finish them last to first
        seen = []
        done = progbar.as_completed(futures, file=stream, display="log", description="jobs")
        gates[order[0]].set()
        for count, future in enumerate(done, 1):
            seen.append(future.result())
            if count < N:
                gates[order[count]].set()
    assert seen == order
    assert _final(stream).startswith(f"jobs {N}/{N} [")


def test_a_failed_future_is_counted_and_raises_where_the_user_asks() -> None:
    stream = io.StringIO()

    def work(i: int) -> int:
        if i == 3:
            raise ValueError("three")
        return i

    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(work, i) for i in range(5)]
        errors = [f.exception() for f in progbar.as_completed(futures, file=stream, display="log")]
    assert sum(isinstance(e, ValueError) for e in errors) == 1
    assert _final(stream).startswith("5/5 [")


def test_as_completed_with_awaitables_counts_each_await() -> None:
    stream = io.StringIO()

    async def job(i: int) -> int:
        await asyncio.sleep(0.001 * (N - i))
        return i

    async def main() -> list[int]:
        results = []
        for next_done in progbar.as_completed([job(i) for i in range(N)], file=stream,
                                              display="log"):  # fmt: skip
            results.append(await next_done)
        return results

    results = asyncio.run(main())
    assert sorted(results) == list(range(N))
    assert _final(stream).startswith(f"{N}/{N} [")


def test_gather_keeps_the_order_and_counts_every_awaitable() -> None:
    stream = io.StringIO()

    async def job(i: int) -> int:
        await asyncio.sleep(0.001 * ((i * 7) % 5))
        if i == 4:
            raise KeyError(i)
        return i * 2

    results = asyncio.run(
        progbar.gather(
            *(job(i) for i in range(N)),
            return_exceptions=True,
            file=stream,
            display="log",
            description="gather",
        )
    )
    assert [r for i, r in enumerate(results) if i != 4] == [2 * i for i in range(N) if i != 4]
    assert isinstance(results[4], KeyError)
    assert _final(stream).startswith(f"gather {N}/{N} [")


def test_gather_raises_the_first_exception_as_asyncio_does() -> None:
    stream = io.StringIO()

    async def fails() -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        asyncio.run(progbar.gather(fails(), file=stream, display="log"))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: progbar.as_completed(42), "as_completed() takes an iterable of futures"),
        (lambda: progbar.as_completed([], target=3), "as_completed() takes the number of tasks"),
        (
            lambda: progbar.as_completed([], colour="red"),
            "as_completed() got an unexpected keyword",
        ),
    ],
)
def test_bad_arguments_name_the_call(call: object, message: str) -> None:
    with pytest.raises(TypeError, match=re.escape(message)):
        call()  # type: ignore[operator]
