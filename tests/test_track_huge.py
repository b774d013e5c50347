"""``track`` over more items than ``sys.maxsize``: a plain ``for`` copes, so track must too."""

from __future__ import annotations

import sys

import pytest

import progbar


class Huge:
    """A sized container larger than ``len()`` can report (``len(Huge())`` overflows)."""

    def __len__(self) -> int:
        return 10**20

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(range(3))


@pytest.mark.parametrize(
    ("iterable", "size"),
    [
        (range(10**20), 10**20),
        (range(2**63), 2**63),
        (range(-5, 2**70, 3), (2**70 + 5 + 2) // 3),
        (range(2**66, 0, -7), -(-(2**66) // 7)),
        (Huge(), 10**20),
    ],
    ids=["10**20", "2**63", "stepped", "backwards", "__len__"],
)
def test_a_size_past_maxsize_is_the_exact_total(iterable: object, size: int) -> None:
    with pytest.raises(OverflowError):
        len(iterable)  # type: ignore[arg-type]  # why it needs care: len() cannot say it
    assert size > sys.maxsize
    bar = progbar.track(iterable, display="silent").bar  # type: ignore[call-overload]
    assert bar.target == float(size)  # Progbar keeps its target as a float


def test_a_broken_huge_len_is_an_unknown_total() -> None:
    class Liar:
        def __len__(self) -> object:
            return 2.5

        def __iter__(self):  # type: ignore[no-untyped-def]
            return iter(())

    assert progbar.track(Liar(), display="silent").bar.target is None


@pytest.mark.parametrize("size", [2**63, 10**20])
def test_looping_over_a_huge_range_counts_exactly(size: int) -> None:
    tracked = progbar.track(range(size), display="silent")
    for i in tracked:
        if i == 99_999:
            break
    assert tracked.bar.current == 99_999  # item 99_999's body broke: not completed
