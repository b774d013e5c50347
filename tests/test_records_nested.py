"""Records are data: every bar's own series, exact values, wall-clock times, linked ids.

A nested run (an outer ``track()`` loop with an inner bar per item) as
``display="jsonl"`` and as ``display="logging"``: each bar has its own
records, metric values arrive exactly as given (ints stay ints), ``time``
is the wall clock, and ``id``/``parent`` link each inner bar to the outer.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time

import pytest
from harness import ROOT, Collect, FakeClock

import progbar
from progbar import Progbar

LOSS = 0.123456789
OUTER, INNER = 3, 4


def _nested_run(clock: FakeClock, **options: object) -> None:
    """An outer loop of 3 items, each running an inner bar of 4 steps at 0.4 s a step."""
    for _ in progbar.track(
        range(OUTER), description="outer", clock=clock, log_interval=1, **options
    ):  # type: ignore[arg-type]
        inner = Progbar(INNER, description="inner", clock=clock, log_interval=1, **options)  # type: ignore[arg-type]
        for step in range(1, INNER + 1):
            clock.tick(0.4)
            inner.update(step, values=[("loss", LOSS), ("batch", 32)])
        inner.close()


def _check_series(records: list[dict[str, object]], before: float, after: float) -> None:
    ids = {r["id"] for r in records}
    roots = [r for r in records if r["parent"] is None]
    assert {r["description"] for r in roots} == {"outer"}
    (outer_id,) = {r["id"] for r in roots}
    inner_ids = ids - {outer_id}
    assert len(inner_ids) == OUTER, ids  # every inner bar has records of its own
    for bar_id in ids:
        series = [r for r in records if r["id"] == bar_id]
        assert series[-1]["final"] is True and sum(bool(r["final"]) for r in series) == 1
        assert len({r["parent"] for r in series}) == 1  # a bar keeps its parent
        times = [r["time"] for r in series]
        assert times == sorted(times)  # type: ignore[type-var]
        # each record is fresh: the count or the elapsed time moved since the previous one
        moves = [(r["count"], r["elapsed"]) for r in series]
        assert all(a != b for a, b in zip(moves, moves[1:])), moves
    for r in records:
        assert before <= r["time"] <= after  # type: ignore[operator]  # the wall clock
        if r["id"] in inner_ids:
            assert r["parent"] == outer_id and r["description"] == "inner"
            assert r["metrics"] == {"loss": LOSS, "batch": 32}  # exact, the int an int
            assert type(r["metrics"]["batch"]) is int  # type: ignore[index]
    inner_finals = [r for r in records if r["id"] in inner_ids and r["final"]]
    assert [r["count"] for r in inner_finals] == [INNER] * OUTER
    assert len([r for r in records if r["id"] in inner_ids and not r["final"]]) >= OUTER


def test_jsonl_records_of_a_nested_run(clock: FakeClock) -> None:
    out = io.StringIO()
    before = time.time()
    _nested_run(clock, file=out, display="jsonl")
    after = time.time()
    lines = out.getvalue().splitlines()
    records = [json.loads(line) for line in lines]  # every line parses
    assert all(isinstance(r, dict) for r in records)
    _check_series(records, before, after)


FIELDS = ("time", "id", "parent", "count", "target", "elapsed", "metrics", "final", "description")


def test_logging_records_of_a_nested_run(clock: FakeClock, handler: Collect) -> None:
    before = time.time()
    _nested_run(clock, file=io.StringIO(), display="logging")
    after = time.time()
    records = [{name: getattr(r, name) for name in FIELDS} for r in handler.records]
    _check_series(records, before, after)
    assert all(r.getMessage() for r in handler.records)  # the plain line is the message


def test_a_postfix_keeps_its_numbers(clock: FakeClock) -> None:
    out = io.StringIO()
    bar = Progbar(2, file=out, display="jsonl", clock=clock)
    bar.set_postfix(lr=1e-7, epoch=3, tag="warm")
    bar.update(2)
    (record,) = [json.loads(line) for line in out.getvalue().splitlines()]
    assert record["metrics"] == {"lr": 1e-7, "epoch": 3, "tag": "warm"}
    assert type(record["metrics"]["epoch"]) is int


def test_an_average_of_ints_is_a_float_unless_whole(clock: FakeClock) -> None:
    out = io.StringIO()
    bar = Progbar(2, file=out, display="jsonl", clock=clock, log_interval=0)
    bar.update(1, values=[("n", 2), ("k", 2)])
    clock.tick(1)
    bar.update(2, values=[("n", 3), ("k", 2)])
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert records[-1]["metrics"] == {"n": 2.5, "k": 2}
    assert type(records[-1]["metrics"]["k"]) is int


def test_records_keyword_writes_a_file_of_its_own(tmp_path: object, clock: FakeClock) -> None:
    path = os.path.join(str(tmp_path), "run.jsonl")
    stdout = io.StringIO()
    bar = Progbar(3, file=stdout, records=path, clock=clock)
    for step in range(1, 4):
        clock.tick(1)
        bar.update(step, values=[("loss", LOSS)])
    assert bar.display == "jsonl" and stdout.getvalue() == ""
    with open(path, encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    assert records[-1]["final"] and records[-1]["metrics"] == {"loss": LOSS}


def test_records_keyword_refuses_another_display(tmp_path: object) -> None:
    with pytest.raises(ValueError, match=r"Progbar\(\): records="):
        Progbar(3, display="tty", records=os.path.join(str(tmp_path), "x"))
    with pytest.raises(TypeError, match="records must be a file path"):
        Progbar(3, records=3)  # type: ignore[arg-type]


def test_progbar_records_environment_variable(tmp_path: object) -> None:
    """``PROGBAR_RECORDS=path``: the program's prints stay on stdout, the records go to the file."""
    path = os.path.join(str(tmp_path), "records.jsonl")
    code = "import progbar\nfor i in progbar.track(range(5)):\n    print('item', i)\n"
    env = {**os.environ, "PYTHONPATH": ROOT, "PROGBAR_RECORDS": path}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.splitlines() == [f"item {i}" for i in range(5)]
    with open(path, encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    assert records[-1]["count"] == 5 and records[-1]["final"] is True
