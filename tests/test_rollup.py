"""``progbar.RollUp``: a parent whose count and total are the sums of its parts, exactly.

Parts are counted from many threads (as s3transfer and download pools do),
sized late, or never sized; the parent must hold the exact sums and finish only
when every expected part has.
"""

from __future__ import annotations

import io
import threading

import pytest

import progbar


def _log() -> io.StringIO:
    return io.StringIO()


def test_sums_of_parts_counted_from_many_threads_are_exact() -> None:
    stream = _log()
    sizes = [1000 + 37 * i for i in range(8)]
    with progbar.RollUp(parts=len(sizes), units="bytes", file=stream, display="log") as total:
        parts = [total.part(size, description=f"file {i}") for i, size in enumerate(sizes)]

        def send(part: progbar.Progbar, size: int) -> None:
            for _ in range(size // 7):
                part.add(7)
            part.add(size % 7)
            part.close()

        threads = [threading.Thread(target=send, args=pair) for pair in zip(parts, sizes)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert (total.current, total.target) == (sum(sizes), sum(sizes))
        assert total.finished  # every expected part arrived and the sum is reached
    assert stream.getvalue().splitlines()[-1].startswith("8.8/8.8 KiB [=====")  # 9036 B


def test_the_parent_does_not_finish_while_more_parts_may_come() -> None:
    stream = _log()
    total = progbar.RollUp(file=stream, display="log")
    first = total.part(10)
    first.update(10)
    assert (total.current, total.target) == (10, 10)
    assert not total.finished  # the number of parts is not known: it may grow
    second = total.part(5)
    second.add(5)
    assert (total.current, total.target) == (15, 15) and not total.finished
    total.close()
    assert stream.getvalue().splitlines()[-1].startswith("15/15 [")


def test_an_unsized_part_makes_the_total_unknown_until_it_is_sized() -> None:
    total = progbar.RollUp(display="silent")
    sized, unsized = total.part(10), total.part()
    assert total.target is None
    unsized.target = 30
    assert total.target == 40
    unsized.update(12)  # update() sets: the parent moves by the difference
    unsized.update(20)
    sized.add(3)
    assert total.current == 23
    total.expect(2)
    unsized.update(30)
    sized.add(7)
    assert total.finished


def test_a_fixed_total_is_kept() -> None:
    total = progbar.RollUp(100, display="silent")
    total.part(10).add(10)
    assert (total.current, total.target) == (10, 100)


@pytest.mark.parametrize(
    ("kwargs", "error"), [({"parts": -1}, ValueError), ({"parts": "2"}, TypeError)]
)
def test_bad_arguments(kwargs: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error, match="parts"):
        progbar.RollUp(display="silent", **kwargs)
