"""``display="jsonl"`` and ``display="logging"``: progress as data, at the log display's cadence."""

from __future__ import annotations

import io
import json
import logging
import math
import subprocess
import sys

import pytest
from harness import Collect, FakeClock

from progbar import Progbar
from progbar._core.snapshot import Snapshot
from progbar._output.records import record_fields

FIELDS = {
    "time",
    "id",
    "parent",
    "count",
    "target",
    "rate",
    "eta",
    "elapsed",
    "metrics",
    "final",
    "description",
    "units",
    "unit_name",
    "state",
}


def _refuse(constant: str) -> None:
    raise ValueError(f"not JSON: {constant}")


def _run(bar: Progbar, clock: FakeClock, steps: int = 50, dt: float = 0.1) -> None:
    for i in range(1, steps + 1):
        clock.tick(dt)
        bar.update(i, values=[("loss", 1.0 / i)])


def test_jsonl_lines_parse_and_hold_the_figures(clock: FakeClock) -> None:
    stream = io.StringIO()
    bar = Progbar(50, file=stream, display="jsonl", clock=clock, log_interval=1.0)
    _run(bar, clock)
    lines = stream.getvalue().splitlines()
    records = [json.loads(line, parse_constant=_refuse) for line in lines]  # strict JSON
    assert all(set(r) == FIELDS for r in records)
    # the log display's cadence: the first draw, one a second over 5 s, and the final one
    assert [r["count"] for r in records] == [1, 11, 21, 31, 41, 50]
    assert [r["final"] for r in records] == [False] * 5 + [True]
    first, last = records[1], records[-1]
    assert first["target"] == 50 and first["elapsed"] == pytest.approx(1.1)
    assert first["rate"] == pytest.approx(10.0)  # 1 / per_unit: steps per second
    assert first["eta"] == pytest.approx(3.9, abs=0.2)
    assert first["metrics"] == {"loss": pytest.approx(sum(1 / i for i in range(1, 12)) / 11, 1e-9)}
    assert last["eta"] is None and last["elapsed"] == pytest.approx(5.0)
    assert last["units"] == "count" and last["unit_name"] == "step"


def test_jsonl_for_bytes_unknown_totals_and_odd_metrics(clock: FakeClock) -> None:
    stream = io.StringIO()
    bar = Progbar(
        None, file=stream, display="jsonl", clock=clock, units="bytes", description="weights.h5"
    )
    clock.tick(0.5)
    bar.update(1 << 20, values=[("lr", float("nan")), ("tag", "warm-up")])
    clock.tick(0.5)
    bar.update(2 << 20, finalize=True)
    records = [json.loads(line, parse_constant=_refuse) for line in stream.getvalue().splitlines()]
    assert records[0]["target"] is None and records[0]["count"] == 1 << 20
    assert records[0]["metrics"]["lr"] == "nan"  # NaN is not JSON: kept as the line shows it
    assert records[-1]["final"] and records[-1]["description"] == "weights.h5"
    assert records[-1]["units"] == "bytes" and records[-1]["rate"] == pytest.approx(2 << 20, 0.2)


def test_verbose_2_emits_only_the_final_record(clock: FakeClock) -> None:
    stream = io.StringIO()
    bar = Progbar(50, file=stream, display="jsonl", clock=clock, verbose=2)
    _run(bar, clock)
    (line,) = stream.getvalue().splitlines()
    assert json.loads(line)["final"] is True


def test_logging_records_reach_a_handler_with_the_documented_fields(
    clock: FakeClock, handler: Collect
) -> None:
    stream = io.StringIO()
    bar = Progbar(
        50, file=stream, display="logging", clock=clock, log_interval=1.0, description="train"
    )
    _run(bar, clock)
    assert stream.getvalue() == ""  # the records go to logging, not to the bar's stream
    records = handler.records
    assert [r.count for r in records] == [1, 11, 21, 31, 41, 50]  # type: ignore[attr-defined]
    for record in records:
        assert record.name == "progbar" and record.levelno == logging.INFO
        assert set(vars(record)) >= FIELDS
        assert record.getMessage().startswith("train ")  # the plain line, as a log shows it
        assert "\x1b" not in record.getMessage() and "\r" not in record.getMessage()
    last = records[-1]
    assert last.final is True and last.target == 50  # type: ignore[attr-defined]
    assert last.getMessage().startswith("train 50/50 [==============================]")
    assert math.isclose(last.rate, 10.0, rel_tol=1e-6)  # type: ignore[attr-defined]
    assert set(last.metrics) == {"loss"}  # type: ignore[attr-defined]


def test_a_failing_handler_never_breaks_the_loop(clock: FakeClock) -> None:
    class Broken(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            raise OSError("disk full")

        def handleError(self, record: logging.LogRecord) -> None:
            raise RuntimeError("and so is the error handler")

    logger = logging.getLogger("progbar")
    broken, level = Broken(), logger.level
    logger.addHandler(broken)
    logger.setLevel(logging.INFO)
    try:
        bar = Progbar(10, display="logging", clock=clock)
        with pytest.warns(RuntimeWarning, match="progbar"):
            _run(bar, clock, steps=10, dt=1.0)
        assert bar.current == 10 and bar.finished
    finally:
        logger.removeHandler(broken)
        logger.setLevel(level)


def test_record_fields_derive_the_rate_from_seconds_per_unit() -> None:
    snap = Snapshot(
        5, 10, 2.5, eta=2.5, per_unit=0.5,
        metrics=(("acc", "0.5000"), ("", "x")), values=(("acc", 0.5), ("", "x")),
    )  # fmt: skip
    fields = record_fields(snap, now=1.5)
    assert fields["rate"] == 2.0 and fields["time"] == 1.5
    assert fields["metrics"] == {"acc": 0.5, "postfix": "x"}
    assert record_fields(Snapshot(0, None, 0.0))["rate"] is None


def test_json_and_logging_are_imported_only_for_these_displays() -> None:
    code = """
import io, sys
from progbar import Progbar
Progbar(3, file=io.StringIO(), display="log").update(3)
Progbar(3, file=io.StringIO(), display="tty").update(3)
print("json" in sys.modules, "logging" in sys.modules)
Progbar(3, file=io.StringIO(), display="jsonl").update(3)
print("json" in sys.modules, "logging" in sys.modules)
Progbar(3, file=io.StringIO(), display="logging").update(3)
print("json" in sys.modules, "logging" in sys.modules)
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == ["False False", "True False", "True True"]


def test_progbar_display_in_the_environment_chooses_them() -> None:
    code = "from progbar import Progbar\nbar = Progbar(3)\nbar.update(3)\nprint(bar.display)"
    for kind in ("jsonl", "logging"):
        result = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PROGBAR_DISPLAY": kind, "PATH": "/usr/bin:/bin"},
        )
        *records, display = result.stdout.splitlines()
        assert display == kind
        if kind == "jsonl":
            assert json.loads(records[-1])["count"] == 3
        else:
            assert records == []  # no handler configured: logging drops INFO, as it does
