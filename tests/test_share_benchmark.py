"""``benchmarks/share.py --quick`` runs and prints both of its tables (numbers not checked)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "share.py"


@pytest.mark.slow
def test_quick_share_benchmark_prints_its_tables() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH), "--quick"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = result.stdout
    for row in ("| Progbar.add(1) |", "| handle.add(1) |", "| bare `for` loop (no call) |"):
        assert row in report
    assert "handle.add(1): yes" in report  # the worker's calls all reached the parent's bar
    assert report.rstrip().endswith("| yes |")  # the receiving-thread run counted exactly
