"""The speed benchmark's quick mode runs and prints every row (its numbers are not checked)."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

from benchmarks.cases import GROUPS

RUN = pathlib.Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


@pytest.mark.slow
def test_quick_benchmark_prints_every_row() -> None:
    pytest.importorskip("tqdm")
    pytest.importorskip("rich")
    done = subprocess.run(
        [sys.executable, str(RUN), "--quick"], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    report = done.stdout
    for _, (_, _, rows) in GROUPS.items():
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
