"""The ``"tqdm"`` look and ``unit_scale``, straight from the pure renderer.

The reference is tqdm itself: each golden line is what ``tqdm.format_meter``
prints for the same numbers, computed in the same run, so the look cannot
drift from the one tqdm users know.
"""

from __future__ import annotations

import re

import pytest
import wcwidth
from tqdm import tqdm as real_tqdm

from progbar._core.line import Layout, Snapshot, render_line
from progbar._core.numbers import format_clock, format_short, format_si
from progbar._core.tqdm_look import tqdm_sides

TQDM = Layout(look="tqdm", bar_width=10)


def _snapshot(
    n: float,
    total: float | None,
    elapsed: float,
    rate: float | None,
    desc: str = "",
    postfix: str = "",
) -> Snapshot:
    """The snapshot a bar would hand over for tqdm's ``format_meter`` arguments."""
    eta = (total - n) / rate if total and rate else None
    return Snapshot(
        n,
        total,
        elapsed,
        eta=eta,
        per_unit=1 / rate if rate else None,
        unit_name="it",
        description=desc or None,
        metrics=(("", postfix),) if postfix else (),
    )


# (n, total, elapsed, rate, desc, postfix): rates chosen so 1/(1/rate) rounds as rate does
METERS = [
    (45, 100, 4.2, 10.2, "desc", "loss=0.3"),
    (231, 1000, 392.0, 1 / 1.7, "", ""),
    (0, 100, 0.0, None, "", ""),
    (100, 100, 10.0, 10.0, "x", ""),
    (45, None, 4.0, 10.2, "", ""),
    (45, None, 4.0, 10.2, "reading", "file=a.txt"),
    (1200, 3_400_000, 5.0, 250.25, "", ""),
    (7, 9, 3700.0, 0.25, "slow", ""),
    (5, 0, 1.0, 5.0, "", ""),  # a zero total: tqdm's count-only line
    (120, 100, 2.0, 60.0, "", ""),  # overshot: tqdm drops the total
    (999_999, 1_000_000, 10.0, 99_999.9, "", ""),
    (3, 10, 1.0, 3.0, "done: ", ""),  # a description already ending in ": "
]


@pytest.mark.parametrize("unit_scale", [False, True], ids=["plain", "unit_scale"])
@pytest.mark.parametrize(("n", "total", "elapsed", "rate", "desc", "postfix"), METERS)
def test_line_is_what_tqdm_prints(
    n: float,
    total: float | None,
    elapsed: float,
    rate: float | None,
    desc: str,
    postfix: str,
    unit_scale: bool,
) -> None:
    expected = real_tqdm.format_meter(
        n, total, elapsed, prefix=desc, rate=rate, postfix=postfix, unit_scale=unit_scale
    )
    layout = Layout(look="tqdm", bar_width=10, unit_scale=unit_scale)
    assert render_line(_snapshot(n, total, elapsed, rate, desc, postfix), layout) == expected


@pytest.mark.parametrize("divisor", [1000, 1024])
@pytest.mark.parametrize("scale", [True, 1, 2.5, 1024, 0.001])
def test_unit_scale_and_divisor_are_tqdms(scale: float, divisor: int) -> None:
    expected = real_tqdm.format_meter(
        123_456, 9_000_000, 10.0, rate=12_345.6, unit_scale=scale, unit_divisor=divisor
    )
    # one deliberate difference: a whole count scaled by a float shows as 308640, not 308640.0
    expected = re.sub(r"(\d)\.0(?=[/ ])", r"\1", expected)
    layout = Layout(look="tqdm", bar_width=10, unit_scale=scale, unit_divisor=divisor)
    assert render_line(_snapshot(123_456, 9_000_000, 10.0, 12_345.6), layout) == expected


def test_ascii_charset_is_tqdms() -> None:
    expected = real_tqdm.format_meter(45, 100, 4.2, rate=10.2, ascii=True)
    assert (
        render_line(
            _snapshot(45, 100, 4.2, 10.2), Layout(look="tqdm", ascii_only=True, bar_width=10)
        )
        == expected
    )
    # a stream that cannot encode the blocks gets the same ASCII bar
    assert (
        render_line(
            _snapshot(45, 100, 4.2, 10.2), Layout(look="tqdm", encoding="cp1252", bar_width=10)
        )
        == expected
    )


def test_metrics_and_postfix_read_as_tqdm_postfix() -> None:
    snap = Snapshot(
        45, 100, 4.2, eta=5.4, per_unit=1 / 10.2, unit_name="it",
        metrics=(("loss", "0.3000"), ("", "lr=0.001")),
    )  # fmt: skip
    assert render_line(snap, TQDM).endswith("[00:04<00:05, 10.20it/s, loss=0.3000, lr=0.001]")


@pytest.mark.parametrize(
    ("snap", "remaining"),
    [
        (Snapshot(100, 100, 10.0, per_unit=0.1, final=True), "<00:00,"),  # done: nothing left
        (Snapshot(40, 100, 10.0, per_unit=0.1, final=True), "<?,"),  # left early by break
        (Snapshot(40, 100, 10.0, eta=None), "<?,"),  # no estimate yet
        (Snapshot(40, 100, 10.0, eta=3723.0), "<1:02:03,"),
    ],
)
def test_remaining_time(snap: Snapshot, remaining: str) -> None:
    assert remaining in render_line(snap, TQDM)


WIDE = Snapshot(
    45, 100, 4.2, eta=5.4, per_unit=0.098, unit_name="it", description="training the model",
    metrics=(("loss", "0.3000"), ("", "acc=0.9")),
)  # fmt: skip


@pytest.mark.parametrize(
    ("width", "line"),
    [
        (
            None,
            "training the model:  45%|████▌     | 45/100 "
            "[00:04<00:05, 10.20it/s, loss=0.3000, acc=0.9]",
        ),
        (80, "training the model:  45%|████     | 45/100 [00:04<00:05, 10.20it/s, loss=0.3000]"),
        (60, "training the ~:  45%|██▋   | 45/100 [00:04<00:05, 10.20it/s]"),
        (45, " 45%|███▏   | 45/100 [00:04<00:05, 10.20it/s]"),
        (30, " 45% 45/100 [00:04<00:05]"),  # the rate, then the bar go before the times
        (24, " 45%|████▉      | 45/100"),  # no times: room for the bar again
        (14, " 45% 45/100"),
        (10, " 45% 45/10"),  # tqdm's no-bar form, then clipped
        (0, ""),
    ],
)
def test_fitting_shrinks_the_bar_then_drops_postfix_description_rate_bar_times(
    width: int | None, line: str
) -> None:
    layout = Layout(look="tqdm", bar_width=1000)
    assert render_line(WIDE, layout, width) == line
    if width is not None:
        assert wcwidth.width(line) <= width


def test_unbounded_width_draws_tqdms_ten_cells_at_most() -> None:
    # a log file has no width: tqdm falls back to a 10-cell bar, and so does the look
    line = render_line(_snapshot(50, 100, 1.0, 50.0), Layout(look="tqdm", bar_width=30))
    assert "|█████     |" in line
    narrow = render_line(_snapshot(50, 100, 1.0, 50.0), Layout(look="tqdm", bar_width=4))
    assert "|██  |" in narrow


def test_ambiguous_wide_blocks_keep_the_bar_width() -> None:
    layout = Layout(look="tqdm", bar_width=8, ambiguous_wide=True)
    for n in range(0, 101, 7):
        line = render_line(_snapshot(n, 100, 1.0, 5.0), layout, 80)
        bar = line.split("|")[1]
        assert wcwidth.width(bar, ambiguous_width=2) == 16, line


def test_user_text_never_reaches_the_terminal_as_controls() -> None:
    snap = Snapshot(
        1, 2, 0.0, unit_name="i\x1b[2Jt", description="x\x1b]0;title\x07",
        metrics=(("", "a=\r\nb"),),
    )  # fmt: skip
    line = render_line(snap, TQDM)
    assert "\x1b" not in line and "\r" not in line and "\n" not in line


@pytest.mark.parametrize(
    ("look", "line"),
    [
        ("classic", "1.20k/3.40M [" + "." * 30 + "] - ETA: 5s"),
        ("keras3", "1.20k/3.40M " + "─" * 30 + " 5s"),
    ],
)
def test_unit_scale_counts_in_the_keras_looks(look: str, line: str) -> None:
    layout = Layout(look=look, unit_scale=True)  # type: ignore[arg-type]
    assert render_line(Snapshot(1200, 3_400_000, 1.0, eta=5.0), layout) == line


@pytest.mark.parametrize(
    ("scale", "divisor", "head"),
    [
        (False, 1000, "1536/2048"),
        (True, 1000, "1.54k/2.05k"),
        (True, 1024, "1.50k/2.00k"),
        (0.5, 1000, " 768/1024"),  # a number multiplies the counts
    ],
)
def test_unit_scale_count_head(scale: float, divisor: int, head: str) -> None:
    layout = Layout(unit_scale=scale, unit_divisor=divisor)
    assert render_line(Snapshot(1536, 2048, 1.0, eta=1.0), layout).startswith(head + " [")


# -- the formatters, against tqdm's own ---------------------------------------------


@pytest.mark.parametrize(
    "n",
    [
        0,
        1,
        9.994,
        9.996,
        45,
        99.94,
        99.96,
        999.4,
        999.6,
        1200,
        3.4e6,
        12_345_678,
        1e24,
        5e27,
        -1500,
    ],
)
@pytest.mark.parametrize("divisor", [1000, 1024])
def test_format_si_is_tqdms_format_sizeof(n: float, divisor: int) -> None:
    assert format_si(n, divisor) == real_tqdm.format_sizeof(n, divisor=divisor)


@pytest.mark.parametrize("seconds", [0, 4.9, 59.99, 60, 75, 3599, 3600, 3723, 86_400 * 3, -5])
def test_format_clock_is_tqdms_format_interval(seconds: float) -> None:
    assert format_clock(seconds) == real_tqdm.format_interval(seconds)


def test_format_clock_of_infinity_is_unknown() -> None:
    assert format_clock(float("inf")) == "?"


@pytest.mark.parametrize("value", [0.30000001, 12, 1e-05, 123456789, 2.5, -0.000123, 1e100, 0])
def test_format_short_is_tqdms_format_num(value: float) -> None:
    assert format_short(value) == real_tqdm.format_num(value)


@pytest.mark.parametrize(
    ("value", "text"),
    [(" ok ", "ok"), (True, "True"), ([1, 2], "[1, 2]"), (None, "None"), (10**400, str(10**400))],
)
def test_format_short_of_other_values_is_their_text(value: object, text: str) -> None:
    assert format_short(value) == text


@pytest.mark.parametrize(
    ("snap", "sides"),
    [
        (
            _snapshot(45, 100, 4.2, 10.2, "desc", "loss=0.3"),
            ("desc:  45%", "45/100 [00:04<00:05, 10.20it/s, loss=0.3]"),
        ),
        (_snapshot(45, None, 4.0, 10.2), ("", "45it [00:04, 10.20it/s]")),
        (_snapshot(-150, 100, 1.0, None), ("-150%", "-150/100 [00:01<?, ?it/s]")),
    ],
)
def test_sides_are_the_line_without_its_bar(snap: Snapshot, sides: tuple[str, str]) -> None:
    assert tqdm_sides(snap, TQDM) == sides
    if snap.target is not None:  # the line is the two sides around the bar
        left, right = sides
        line = render_line(snap, TQDM)
        assert line.startswith(left + "|") and line.endswith("| " + right)
