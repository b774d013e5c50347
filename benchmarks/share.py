"""What ``bar.share()`` costs: a worker's ``handle.add(1)``, and the parent's receiving thread.

Two figures, measured in one run:

1. **Per call, in a worker process.** A spawned worker times ``handle.add(1)``
   (the handle of a bar in the parent) against a local ``Progbar.add(1)`` and
   a bare loop, interleaved over many short rounds; the best round of each
   (timeit's rule: the minimum is what other processes disturbed least), and
   the ratio net of the bare loop as ``benchmarks/run.py`` reports per call.
2. **The parent's receiving thread** while workers send a paced 100,000
   updates per second in total: its CPU time (``pthread_getcpuclockid`` of the
   ``progbar-share`` thread) over the wall time, in % of one core; the count
   the bar reached is checked against what the workers sent.

    python benchmarks/share.py           # 2e5 calls x 25 rounds; 100k updates/s for 5 s
    python benchmarks/share.py --quick   # tiny sizes: only proves it runs
"""

from __future__ import annotations

import argparse
import multiprocessing
import platform
import sys
import threading
import time

from progbar import Progbar


def time_calls(handle: object, calls: int, rounds: int) -> dict[str, float]:
    """Best ns per call of the bare loop, ``Progbar.add(1)`` and ``handle.add(1)``."""
    local = Progbar(None, display="silent")
    cases = {
        "bare": None,
        "Progbar.add(1)": local.add,
        "handle.add(1)": handle.add,  # type: ignore[attr-defined]
    }
    samples: dict[str, list[float]] = {name: [] for name in cases}
    names = list(cases)
    for round_ in range(rounds):
        for name in names[round_ % 3 :] + names[: round_ % 3]:  # rotate the order
            add = cases[name]
            start = time.perf_counter()
            if add is None:
                for _ in range(calls):
                    pass
            else:
                for _ in range(calls):
                    add(1)
            samples[name].append((time.perf_counter() - start) / calls * 1e9)
    handle.flush()  # type: ignore[attr-defined]
    return {name: min(values) for name, values in samples.items()}


def per_call_worker(handle: object, calls: int, rounds: int, out: object) -> None:
    out.put(time_calls(handle, calls, rounds))  # type: ignore[attr-defined]


def paced_worker(handle: object, per_second: int, seconds: float) -> None:
    """``add(1)`` at ``per_second`` for ``seconds``, in bursts every 5 ms."""
    burst = max(1, per_second // 200)
    with handle:  # type: ignore[attr-defined]
        start = time.perf_counter()
        for tick in range(int(seconds * 200)):
            for _ in range(burst):
                handle.add(1)  # type: ignore[attr-defined]
            pause = start + (tick + 1) / 200 - time.perf_counter()
            if pause > 0:
                time.sleep(pause)


def receiver_cpu(workers: int, rate: int, seconds: float) -> tuple[float, int, int, float]:
    """(% of a core, count reached, count sent, achieved updates/s) for the receiving thread."""
    context = multiprocessing.get_context("spawn")
    bar = Progbar(None, display="silent")
    handle = bar.share()
    thread = next(t for t in threading.enumerate() if t.name == "progbar-share")
    clock = time.pthread_getcpuclockid(thread.ident)  # type: ignore[arg-type]
    per_worker = rate // workers
    processes = [
        context.Process(target=paced_worker, args=(handle, per_worker, seconds))
        for _ in range(workers)
    ]
    for process in processes:
        process.start()
    while bar.current == 0:  # measure from the first update on, not the workers' start-up
        time.sleep(0.001)
    cpu0, wall0, count0 = time.clock_gettime(clock), time.perf_counter(), bar.current
    for process in processes:
        process.join()
    cpu, wall = time.clock_gettime(clock) - cpu0, time.perf_counter() - wall0
    sent = workers * (per_worker // 200) * int(seconds * 200)
    return 100 * cpu / wall, int(bar.current), sent, (bar.current - count0) / wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, to check it runs")
    args = parser.parse_args(argv)
    calls, rounds, seconds = (20_000, 3, 0.5) if args.quick else (200_000, 25, 5.0)

    print(f"Python {platform.python_version()} ({sys.implementation.name}), {platform.machine()}")
    bar = Progbar(None, display="silent")
    queue = multiprocessing.get_context("spawn").Queue()
    worker = multiprocessing.get_context("spawn").Process(
        target=per_call_worker, args=(bar.share(), calls, rounds, queue)
    )
    worker.start()
    medians = queue.get()
    worker.join()
    bare = medians["bare"]
    net = {name: medians[name] - bare for name in ("Progbar.add(1)", "handle.add(1)")}
    print(f"\n### Per call in a worker process, {calls:,} calls, best of {rounds} rounds\n")
    print("| case | ns/call | net of bare ns | x Progbar.add(1) (net) |")
    print("|---|---:|---:|---:|")
    print(f"| bare `for` loop (no call) | {bare:.1f} | - | - |")
    for name, value in net.items():
        print(
            f"| {name} | {medians[name]:.1f} | {value:.1f} | {value / net['Progbar.add(1)']:.2f} |"
        )
    exact = "yes" if bar.current == calls * rounds else f"no ({bar.current})"
    print(f"\nparent's bar reached the worker's {calls * rounds:,} handle.add(1): {exact}")

    rate = 100_000
    cpu, got, sent, achieved = receiver_cpu(2, rate, seconds)
    print(f"\n### The parent's receiving thread, 2 workers, {rate:,} updates/s for {seconds} s\n")
    print("| updates/s achieved | receiving thread CPU, % of one core | count exact |")
    print("|---:|---:|---|")
    print(f"| {achieved:,.0f} | {cpu:.3f} | {'yes' if got == sent else f'no ({got}/{sent})'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
