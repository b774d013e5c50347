"""Byte units: the pure formatters, the line layout with ``units=``, and Progbar's option."""

from __future__ import annotations

import doctest
import io
import math

import pytest
from harness import FakeClock

from progbar import Progbar
from progbar._core import numbers as _format
from progbar._core.line import Layout, Snapshot, render_line, render_summary
from progbar._core.numbers import byte_scale, format_byte_pair, format_byte_rate, format_bytes

MiB = 2**20


@pytest.mark.parametrize(
    "func", [byte_scale, format_bytes, format_byte_pair, format_byte_rate], ids=lambda f: f.__name__
)
def test_docstring_examples(func: object) -> None:
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner()
    tests = finder.find(func, globs=vars(_format))
    assert tests and tests[0].examples, "each byte formatter documents an example"
    for test in tests:
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


@pytest.mark.parametrize(
    ("n", "si", "expected"),
    [
        (0, False, "0 B"),
        (1, False, "1 B"),
        (999, False, "999 B"),
        (1000, False, "1.0 KiB"),  # four integer digits would widen the line: next unit
        (1023, False, "1.0 KiB"),
        (1024, False, "1.0 KiB"),
        (1536, False, "1.5 KiB"),
        (999 * 1024, False, "999.0 KiB"),
        (1023.96 * 1024, False, "1.0 MiB"),  # rounds to 1024.0 KiB: moves up, not "1024.0"
        (37036032, False, "35.3 MiB"),
        (87910968, False, "83.8 MiB"),
        (5 * 2**30, False, "5.0 GiB"),
        (3 * 2**40, False, "3.0 TiB"),
        (2**90, False, "1024.0 YiB"),  # past the last unit it keeps growing, never breaks
        (999, True, "999 B"),
        (1000, True, "1.0 kB"),
        (1_500_000, True, "1.5 MB"),
        (87910968, True, "87.9 MB"),
        (999_950, True, "1.0 MB"),
        (2_000_000_000, True, "2.0 GB"),
        (math.nan, False, "nan B"),
        (math.inf, True, "inf B"),
    ],
)
def test_format_bytes(n: float, si: bool, expected: str) -> None:
    assert format_bytes(n, si=si) == expected


@pytest.mark.parametrize(
    ("current", "total", "si", "expected"),
    [
        (37036032, 87910968, False, "35.3/83.8 MiB"),
        (0, 87910968, False, " 0.0/83.8 MiB"),
        (87910968, 87910968, False, "83.8/83.8 MiB"),
        (5 * MiB, 120 * MiB, False, "  5.0/120.0 MiB"),
        (512, 900, False, "512/900 B"),
        (7, 900, False, "  7/900 B"),
        (0, 0, False, "0/0 B"),
        (1_000, 1_500_000, True, "0.0/1.5 MB"),
        (1_500_000, 1_500_000, True, "1.5/1.5 MB"),
        (3 * MiB, 2 * MiB, False, "3.0/2.0 MiB"),  # more than announced: shown, not hidden
        (2000, 900, False, "2.0/0.9 KiB"),  # the unit fits the larger of the two
    ],
)
def test_format_byte_pair(current: float, total: float, si: bool, expected: str) -> None:
    assert format_byte_pair(current, total, si=si) == expected


@pytest.mark.parametrize(
    ("rate", "si", "expected"),
    [
        (2.1 * MiB, False, "2.1 MiB/s"),
        (2_100_000, True, "2.1 MB/s"),
        (80, False, "80 B/s"),
        (0, False, "0 B/s"),
        (950 * 1024, False, "950.0 KiB/s"),
    ],
)
def test_format_byte_rate(rate: float, si: bool, expected: str) -> None:
    assert format_byte_rate(rate, si=si) == expected


@pytest.mark.parametrize(
    ("snap", "layout", "expected"),
    [
        (
            Snapshot(37036032, 87910968, 20.0, eta=37.0, per_unit=1 / (2.1 * MiB), units="bytes"),
            Layout(bar_width=10),
            "35.3/83.8 MiB [===>......] - ETA: 37s - 2.1 MiB/s",
        ),
        (
            Snapshot(37036032, 87910968, 20.0, eta=37.0, per_unit=1 / 2.1e6, units="bytes_si"),
            Layout(bar_width=10),
            "37.0/87.9 MB [===>......] - ETA: 37s - 2.1 MB/s",
        ),
        (
            Snapshot(0, 87910968, 0.0, units="bytes"),
            Layout(bar_width=10),
            " 0.0/83.8 MiB [..........] - ETA: ?",
        ),
        (
            Snapshot(87910968, 87910968, 12.0, per_unit=12 / 87910968, final=True, units="bytes"),
            Layout(bar_width=10),
            "83.8/83.8 MiB [==========] - 12s 7.0 MiB/s",
        ),
        (
            Snapshot(37036032, None, 3.0, per_unit=1 / (2.1 * MiB), units="bytes"),
            Layout(bar_width=10),
            " 35.3 MiB - 3s 2.1 MiB/s",
        ),
        (
            Snapshot(0, None, 0.0, per_unit=0.0, units="bytes"),
            Layout(bar_width=10),
            "      0 B - 0s",  # no bytes yet: no rate rather than an infinite one
        ),
        (
            Snapshot(37036032, 87910968, 20.0, eta=37.0, per_unit=1 / (2.1 * MiB), units="bytes"),
            Layout(bar_width=10, look="keras3"),
            "35.3/83.8 MiB " + "\u2501" * 4 + "\u2500" * 6 + " 37s 2.1 MiB/s",
        ),
        (  # the Keras look is untouched by default
            Snapshot(37036032, 87910968, 20.0, eta=37.0, per_unit=0.0001),
            Layout(),
            "37036032/87910968 [===========>..................] - ETA: 37s",
        ),
    ],
)
def test_render_line_in_byte_units(snap: Snapshot, layout: Layout, expected: str) -> None:
    assert render_line(snap, layout) == expected


def test_a_narrow_line_shrinks_the_bar_and_keeps_the_byte_count() -> None:
    snap = Snapshot(37036032, 87910968, 20.0, eta=37.0, per_unit=1 / (2.1 * MiB), units="bytes")
    line = render_line(snap, Layout(), 50)
    assert len(line) <= 50
    assert line.startswith("35.3/83.8 MiB [")
    assert line.endswith("] - ETA: 37s - 2.1 MiB/s")


def test_summary_line_shows_the_byte_rate() -> None:
    snap = Snapshot(87910968, 87910968, 12.0, per_unit=12 / 87910968, final=True, units="bytes")
    assert render_summary(snap) == "83.8/83.8 MiB - 12s - 7.0 MiB/s"


def test_progbar_units_option_end_to_end(clock: FakeClock) -> None:
    out = io.StringIO()
    bar = Progbar(
        10 * MiB, units="bytes", file=out, display="log", clock=clock, interval=0, log_interval=0
    )
    for step in range(1, 11):
        clock.tick(0.5)
        bar.update(step * MiB)
    lines = out.getvalue().splitlines()
    # no ETA from the first interval alone (it may be a warm-up); the rate is shown
    assert lines[0] == " 1.0/10.0 MiB [==>...........................] - ETA: ? - 2.0 MiB/s"
    assert lines[1] == " 2.0/10.0 MiB [=====>........................] - ETA: 4s - 2.0 MiB/s"
    assert lines[-1] == "10.0/10.0 MiB [==============================] - 5s 2.0 MiB/s"


def test_progbar_units_default_is_keras_count(clock: FakeClock) -> None:
    out = io.StringIO()
    bar = Progbar(1000, file=out, display="log", clock=clock, interval=0, log_interval=0)
    clock.tick(1)
    bar.update(1000)
    assert out.getvalue() == "1000/1000 [==============================] - 1s 1ms/step\n"


def test_progbar_units_refuses_an_unknown_choice() -> None:
    with pytest.raises(ValueError, match="units"):
        Progbar(10, units="MB")
