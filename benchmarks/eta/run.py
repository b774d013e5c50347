"""How good is each bar's ETA? A fake-clock benchmark; nothing sleeps.

    python benchmarks/eta/run.py            # all workloads, seeds 0-9
    python benchmarks/eta/run.py --seeds 10-19
    python benchmarks/eta/run.py --quick    # 2 seeds (CI smoke run, a few seconds)

For every (workload, seed) a fresh bar is driven through the trace. Scores,
lower is better, mean over seeds, then a geometric mean over workloads
(values under 0.01 count as 0.01):

  med_err, mean_err  median / mean of |eta - true| / true at the update where
                     progress first reaches 5%, 6%, ..., 95%; "?" counts as 1
  jitter             median over glances at every 1% of the true duration of
                     |d(eta) + d(t)| / d(t): 0 is a clean countdown, 1 frozen
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
from typing import Optional

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(os.path.dirname(HERE))]

from comparators import COMPARATORS  # noqa: E402
from workloads import WORKLOADS, Trace, make  # noqa: E402

FRACTIONS = [k / 100 for k in range(5, 96)]
Reading = tuple[float, float, Optional[float]]  # (time, true remaining, shown eta)


class Clock:
    def __init__(self) -> None:
        self.now = 50_000.0
        self.origin = self.now

    def __call__(self) -> float:
        return self.now


def drive(trace: Trace, make_bar: type) -> tuple[list[Reading], list[Reading]]:
    clock, bar = Clock(), make_bar()
    bar.start(trace.total, clock)
    marks = iter(f * trace.total for f in FRACTIONS)
    mark = next(marks, math.inf)
    glances = iter(f * trace.duration for f in FRACTIONS)
    glance = next(glances, math.inf)
    by_progress: list[Reading] = []
    by_time: list[Reading] = []
    for t, n in zip(trace.t, trace.n):
        while glance < t:
            clock.now = clock.origin + glance
            by_time.append((glance, trace.duration - glance, _finite(bar.eta())))
            glance = next(glances, math.inf)
        clock.now = clock.origin + t
        bar.update(n)
        if n >= mark and n < trace.total:
            by_progress.append((t, trace.duration - t, _finite(bar.eta())))
            while n >= mark:
                mark = next(marks, math.inf)
    return by_progress, by_time


def _finite(x: Optional[float]) -> Optional[float]:
    return None if x is None or not math.isfinite(x) else float(x)


def rel_errors(readings: list[Reading]) -> list[float]:
    return [1.0 if e is None else abs(e - true) / true for _, true, e in readings]


def jitter(readings: list[Reading]) -> float:
    out = [
        abs((e1 - e0) + (t1 - t0)) / (t1 - t0)
        for (t0, _, e0), (t1, _, e1) in zip(readings, readings[1:])
        if e0 is not None and e1 is not None and t1 > t0
    ]
    return statistics.median(out) if out else math.nan


def geomean(xs: list[float]) -> float:
    xs = [max(x, 0.01) for x in xs if not math.isnan(x)]
    return math.exp(statistics.fmean(math.log(x) for x in xs)) if xs else math.nan


def evaluate(seeds: list[int]) -> dict[str, dict[str, dict[str, float]]]:
    """scores[estimator][metric][workload], each the mean over seeds."""
    traces = {(w, s): make(w, s) for w in WORKLOADS for s in seeds}
    scores: dict[str, dict[str, dict[str, float]]] = {}
    for name, cls in COMPARATORS.items():
        per = scores[name] = {"med_err": {}, "mean_err": {}, "jitter": {}}
        for w in WORKLOADS:
            runs = [drive(traces[w, s], cls) for s in seeds]
            per["med_err"][w] = statistics.fmean(statistics.median(rel_errors(p)) for p, _ in runs)
            per["mean_err"][w] = statistics.fmean(statistics.fmean(rel_errors(p)) for p, _ in runs)
            per["jitter"][w] = statistics.fmean(jitter(t) for _, t in runs)
    return scores


def _fmt(x: float) -> str:
    return "n/a" if math.isnan(x) else f"{x:.3f}" if x < 10 else f"{x:.1f}"


def tables(scores: dict[str, dict[str, dict[str, float]]]) -> str:
    names = list(WORKLOADS)
    out = ["| estimator | med_err | mean_err | jitter |", "|---|---:|---:|---:|"]
    for est, per in scores.items():
        cells = [_fmt(geomean(list(per[m].values()))) for m in ("med_err", "mean_err", "jitter")]
        out.append(f"| {est} | " + " | ".join(cells) + " |")
    for metric in ("med_err", "jitter"):
        out += [
            "",
            f"{metric} per workload:",
            "",
            "| estimator | " + " | ".join(names) + " |",
            "|---|" + "---:|" * len(names),
        ]
        for est, per in scores.items():
            out.append(f"| {est} | " + " | ".join(_fmt(per[metric][w]) for w in names) + " |")
    return "\n".join(out)


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="seeds 0-1 only (CI smoke run)")
    ap.add_argument(
        "--seeds", default="10", help="N (seeds 0 to N-1) or A-B, e.g. 10-19 (default 10)"
    )
    args = ap.parse_args(argv)
    first, _, last = args.seeds.partition("-")
    seeds = list(range(int(first), int(last) + 1)) if last else list(range(int(first)))
    if args.quick:
        seeds = [0, 1]
    print(f"ETA benchmark: {len(WORKLOADS)} workloads, seeds {seeds[0]}-{seeds[-1]}\n")
    print(tables(evaluate(seeds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
