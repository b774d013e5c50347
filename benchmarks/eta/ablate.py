"""Each design choice of the ETA estimator, switched off one at a time, on both suites.

    python benchmarks/eta/ablate.py --shared /work/shared/eta          # seeds 0-9, ~5 min
    python benchmarks/eta/ablate.py --shared /work/shared/eta --against 490a624

Drives the real ``Progbar`` (``display="silent"``) through this benchmark's
workloads and the shared yardstick's (its ``harness`` and ``workloads``
modules), with ``RateEstimator`` swapped for a variant: a keyword argument or
a module constant of ``progbar._core.rate`` changed. Prints one row per
variant: geometric means of med_err / mean_err / jitter on each suite, and
the workloads whose med_err moved by more than 5 % against the final
estimator. ``--against REV`` adds the estimator of a git revision.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import math
import os
import statistics
import subprocess
import sys
import tempfile
from typing import Any, Callable

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

VARIANTS: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("final", {}, {}),
    ("no time averages", {"GAMMAS": ()}, {}),
    ("a first stall never forgiven", {"HANG": math.inf}, {}),
    ("any first stall forgiven", {"HANG": 0.0}, {}),
    ("first interval always skipped", {"WARM": 0.0}, {}),
    ("switch after any judgement", {"MIN_JUDGED": 0}, {}),
    ("handicap 0.05", {}, {"handicap": 0.05}),
    ("handicap 0.2", {}, {"handicap": 0.2}),
    ("horizon 0.25", {}, {"horizon": 0.25}),
    ("horizon 1.0", {}, {"horizon": 1.0}),
]


def _load(name: str, path: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _gm(xs: list[float]) -> float:
    return math.exp(statistics.fmean(math.log(max(x, 0.01)) for x in xs))


class Suites:
    """Both suites' traces, loaded once; ``score(factory)`` runs every trace."""

    def __init__(self, shared: str, seeds: list[int]) -> None:
        sys.path[:0] = [shared, ROOT]
        import harness  # the shared yardstick's modules
        import workloads as shared_workloads

        self.harness = harness
        del sys.modules["workloads"]
        sys.path.insert(0, HERE)
        self.run = _load("eta_run", os.path.join(HERE, "run.py"))  # this benchmark's
        sys.modules["workloads"] = shared_workloads
        specs = shared_workloads.get_specs("public")
        self.shared = {s.name: [s.make(seed) for seed in seeds] for s in specs}
        self.own = {w: [self.run.make(w, seed) for seed in seeds] for w in self.run.WORKLOADS}

    def score(self, factory: Callable[..., Any]) -> dict[str, dict[str, float]]:
        import progbar
        import progbar._progbar as bar_module

        bar_module.RateEstimator = factory  # type: ignore[attr-defined]
        h, out = self.harness, {}
        adapter = h.ClockInjectedAdapter(
            "progbar",
            make=lambda total, clock: progbar.Progbar(total, clock=clock, display="silent"),
            update=lambda bar, n, dn: bar.update(n),
            eta=lambda bar: bar.eta,
        )
        for name, traces in self.shared.items():
            runs = [h.run_one(w, adapter) for w in traces]
            out["S:" + name] = {
                m: statistics.fmean(h.METRICS[k][1](r) for r in runs)
                for m, k in (("med", "med_err"), ("mean", "mean_err"), ("jit", "jitter"))
            }
        from comparators import ProgbarBar

        for name, traces in self.own.items():
            runs = [self.run.drive(w, ProgbarBar) for w in traces]
            out["P:" + name] = {
                "med": statistics.fmean(statistics.median(self.run.rel_errors(p)) for p, _ in runs),
                "mean": statistics.fmean(statistics.fmean(self.run.rel_errors(p)) for p, _ in runs),
                "jit": statistics.fmean(self.run.jitter(t) for _, t in runs),
            }
        return out


def _row(label: str, res: dict[str, dict[str, float]], base: dict[str, dict[str, float]]) -> str:
    cells = [
        f"{_gm([v[m] for k, v in res.items() if k[0] == suite]):.4f}"
        for suite in "SP"
        for m in ("med", "mean", "jit")
    ]
    moved = [
        f"{k[0]} {k[2:]} {base[k]['med']:.3f} -> {v['med']:.3f}"
        for k, v in res.items()
        if abs(max(v["med"], 0.01) / max(base[k]["med"], 0.01) - 1) > 0.05
    ]
    return f"| {label} | " + " | ".join(cells) + " | " + ", ".join(moved) + " |"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--shared", required=True, help="folder of the shared ETA yardstick")
    ap.add_argument("--seeds", default="0-9", help="A-B (default 0-9)")
    ap.add_argument("--against", help="a git revision whose estimator is added as a row")
    args = ap.parse_args(argv)
    first, _, last = args.seeds.partition("-")
    suites = Suites(args.shared, list(range(int(first), int(last or first) + 1)))
    from progbar._core import rate

    print("| variant | S med | S mean | S jitter | P med | P mean | P jitter | med_err moved |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    base: dict[str, dict[str, float]] = {}
    for label, constants, kwargs in VARIANTS:
        saved = {k: getattr(rate, k) for k in constants}
        for k, v in constants.items():
            setattr(rate, k, v)
        try:
            res = suites.score(functools.partial(rate.RateEstimator, **kwargs))
        finally:
            for k, v in saved.items():
                setattr(rate, k, v)
        base = base or res
        print(_row(label, res, base), flush=True)
    if args.against:
        source = subprocess.run(
            ["git", "show", f"{args.against}:progbar/_core/rate.py"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "rate_then.py")
            with open(path, "w", encoding="utf-8") as f:
                f.write(source)
            then = _load("rate_then", path)
            print(_row(f"estimator at {args.against}", suites.score(then.RateEstimator), base))
    return 0


if __name__ == "__main__":
    sys.exit(main())
