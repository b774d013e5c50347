"""The ETA benchmark's quick mode runs and reports every estimator (numbers not checked)."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

RUN = pathlib.Path(__file__).resolve().parent.parent / "benchmarks" / "eta" / "run.py"


@pytest.mark.slow
def test_quick_benchmark_prints_a_table_with_every_estimator() -> None:
    done = subprocess.run(
        [sys.executable, str(RUN), "--quick"], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    table = done.stdout
    assert "| estimator | med_err | mean_err | jitter |" in table
    for name in ("progbar", "tqdm", "rich", "keras-style"):
        assert f"| {name} |" in table
