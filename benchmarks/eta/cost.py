"""CPU cost of the ETA estimator per drawn frame, against a git revision's.

    python benchmarks/eta/cost.py --against 490a624

``observe`` + ``eta`` is what a drawn frame asks of the estimator (a bar
draws at most every ``interval``; ``update()`` alone never calls it). Both
estimators run the same 2 000 intervals, alternated in one process, timed in
CPU time (``time.process_time``) so that other processes on a shared machine
disturb the figures less; best and median of 15 repeats, in microseconds.
Then the same for a whole drawn ``Progbar.update``, the estimator swapped in.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from typing import Any, Callable

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STEPS = 2000


def _load(name: str, path: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _frames(cls: Any) -> Callable[[], None]:
    def run() -> None:
        est, n, t = cls(0.0), 0.0, 0.0
        for i in range(STEPS):
            n, t = n + 1, t + 0.1 * (1.3 if i % 7 == 0 else 0.9)
            est.observe(n, t)
            est.eta(5000 - n, t + 0.01)

    return run


def _draws(cls: Any) -> Callable[[], None]:
    """Drawn updates of a real Progbar (log display to a StringIO) using ``cls``."""
    import io

    import progbar
    import progbar._progbar as bar_module

    class Clock:
        now = 0.0

        def __call__(self) -> float:
            return self.now

    def run() -> None:
        bar_module.RateEstimator = cls  # type: ignore[attr-defined]
        clock = Clock()
        bar = progbar.Progbar(
            10**6, clock=clock, display="log", file=io.StringIO(), log_interval=0, interval=0
        )
        for i in range(1, STEPS // 2 + 1):
            clock.now += 0.1 * (1.3 if i % 7 == 0 else 0.9)
            bar.update(i)

    return run


def _table(title: str, times: dict[str, list[float]]) -> None:
    print(f"\n{title}\n\n| estimator | best (us) | median (us) |\n|---|---:|---:|")
    for label, values in times.items():
        print(f"| {label} | {min(values):.2f} | {statistics.median(values):.2f} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--against", required=True, help="git revision of the estimator to compare")
    args = ap.parse_args(argv)
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
        sys.path.insert(0, ROOT)
        from progbar._core import rate as now

        for title, make, per in (
            ("observe + eta, per frame", _frames, STEPS),
            ("Progbar.update with a draw (display='log', interval=0)", _draws, STEPS // 2),
        ):
            times: dict[str, list[float]] = {args.against: [], "this tree": []}
            for _ in range(15):
                for label, module in (("this tree", now), (args.against, then)):
                    timer = timeit.Timer(make(module.RateEstimator), timer=time.process_time)
                    times[label].append(timer.timeit(number=5) / (5 * per) * 1e6)
            _table(title, times)
    return 0


if __name__ == "__main__":
    sys.exit(main())
