"""The speed benchmark's quick mode runs and prints every row (its numbers are not checked)."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import pathlib
import sys

import pytest

BENCH = pathlib.Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.mark.slow
def test_quick_benchmark_prints_every_row() -> None:
    pytest.importorskip("tqdm")
    pytest.importorskip("rich")
    spec = importlib.util.spec_from_file_location("speed_benchmark_run", BENCH / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            assert module.main(["--quick"]) == 0
    finally:
        sys.path.remove(str(BENCH))  # run.py puts its folder first to import cases.py
    report = out.getvalue()
    for _, (_, _, rows) in module.GROUPS.items():
        for _, label in rows:
            row = next(
                (line for line in report.splitlines() if line.startswith(f"| {label} |")), None
            )
            assert row is not None, label
            assert row.count("|") == 10, row  # pty and file columns, each filled or "skipped"
    for name in ("bare interpreter", "import progbar", "import tqdm", "import rich.progress"):
        assert f"| {name} |" in report
    assert "| track 1e3 items |" in report
    assert "Python 3." in report and "CPUs" in report
