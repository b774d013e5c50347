"""The ETA benchmark's quick mode runs and reports every estimator (numbers not checked)."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import pathlib

RUN = pathlib.Path(__file__).resolve().parent.parent / "benchmarks" / "eta" / "run.py"


def test_quick_benchmark_prints_a_table_with_every_estimator() -> None:
    spec = importlib.util.spec_from_file_location("eta_benchmark_run", RUN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert module.main(["--quick"]) == 0
    table = out.getvalue()
    assert "| estimator | med_err | mean_err | jitter |" in table
    for name in ("progbar", "tqdm", "rich", "keras-style"):
        assert f"| {name} |" in table
