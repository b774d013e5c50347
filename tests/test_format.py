from __future__ import annotations

import math

import numpy as np
import pytest

from progbar._core.numbers import (
    as_number,
    format_count,
    format_elapsed,
    format_eta,
    format_per_unit,
    format_value,
)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0s"),
        (37.9, "37s"),
        (60, "60s"),
        (62, "1:02"),
        (3600, "60:00"),
        (3723, "1:02:03"),
        (90061, "25:01:01"),
    ],
)
def test_eta_formats_like_keras(seconds: float, text: str) -> None:
    assert format_eta(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0.0, "0s/step"),
        (2.0, "2s/step"),
        (1.0, "1s/step"),
        (0.025, "25ms/step"),
        (0.001, "1ms/step"),
        (0.00014, "140us/step"),
        (0.0000004, "0us/step"),
    ],
)
def test_per_unit_time_picks_s_ms_us(seconds: float, text: str) -> None:
    assert format_per_unit(seconds, "step") == text


def test_per_unit_uses_unit_name() -> None:
    assert format_per_unit(0.5, "sample") == "500ms/sample"


@pytest.mark.parametrize(("seconds", "text"), [(12.4, "12s"), (12.6, "13s"), (0.2, "0s")])
def test_elapsed_is_whole_seconds(seconds: float, text: str) -> None:
    assert format_elapsed(seconds) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.12345, "0.1235"),
        (1.5, "1.5000"),
        (-2.0, "-2.0000"),
        (0.001, "1.0000e-03"),
        (0.0011, "0.0011"),
        (0.0, "0.0000e+00"),
        (-0.0001, "-1.0000e-04"),
        (123456.789, "123456.7890"),
        (7, "7.0000"),
        (np.float32(0.25), "0.2500"),
        (np.array(1.0), "1.0000"),
        ([0.0, 1.0, 2.0], "1.0000"),
        (np.array([[1.0, 3.0]]), "2.0000"),
        (float("nan"), "nan"),
        (float("inf"), "inf"),
        (float("-inf"), "-inf"),
        ("n/a", "n/a"),
    ],
)
def test_metric_values_format_like_keras(value: object, text: str) -> None:
    assert format_value(value) == text


def test_unconvertible_values_print_as_themselves() -> None:
    assert format_value(None) == "None"
    assert format_value(["a", "b"]) == "['a', 'b']"
    assert as_number(object()) is None
    assert math.isnan(as_number([]) or 0.0)


@pytest.mark.parametrize(("n", "text"), [(12, "12"), (12.0, "12"), (2.5, "2.5"), (0, "0")])
def test_counts_drop_integral_decimals(n: float, text: str) -> None:
    assert format_count(n) == text
