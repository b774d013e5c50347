"""What a live region of 50 bars costs: CPU share of one core, drawn on a real terminal.

Each case runs in its own process on a pseudo-terminal of 100 x 60 cells (all
50 rows fit), for a fixed wall time: 50 bars, each updated 500 times a second
(a loop updates every bar every 2 ms, sleeping in between), every library
drawing with its defaults (progbar: a draw per bar every 50 ms, frames capped
at 20 a second; tqdm: ``position=i``; rich: one ``Progress`` with 50 tasks).
The figure is ``process_time / wall time`` of the whole process (drawing
threads included); the same loop calling a function that does nothing is
measured in the same run, and what each library adds is the difference. 50
silent progbar bars (counting and estimating, drawing nothing) show what the
bars cost before any drawing.

Usage: ``python benchmarks/region.py [SECONDS] [ROUNDS]`` prints a Markdown table.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys

from ptys import open_terminal

BARS = 50
COLUMNS, ROWS = 100, 60

CHILD = (
    r"""
import sys, time
kind, seconds = sys.argv[1], float(sys.argv[2])
BARS = %d

def make():
    if kind == "bare":
        return [lambda i: None] * BARS, lambda: None
    if kind == "progbar":
        import progbar
        bars = [progbar.Progbar(10**9, file=sys.stdout) for _ in range(BARS)]
        return [b.update for b in bars], lambda: [b.close() for b in bars]
    if kind == "silent":
        import progbar
        bars = [progbar.Progbar(10**9, display="silent") for _ in range(BARS)]
        return [b.update for b in bars], lambda: [b.close() for b in bars]
    if kind == "tqdm":
        from tqdm import tqdm
        bars = [tqdm(total=10**9, position=i, file=sys.stdout) for i in range(BARS)]
        def setter(bar):
            return lambda i: bar.update(i - bar.n)
        return [setter(b) for b in bars], lambda: [b.close() for b in bars]
    if kind == "rich":
        from rich.progress import Progress
        progress = Progress()
        progress.start()
        tasks = [progress.add_task(str(i), total=10**9) for i in range(BARS)]
        def setter(task):
            return lambda i: progress.update(task, completed=i)
        return [setter(t) for t in tasks], progress.stop
    raise SystemExit(kind)

updates, stop = make()
start, cpu0, i = time.perf_counter(), time.process_time(), 0
due = start
while due - start < seconds:  # 500 rounds a second, whatever a round costs
    i += 1
    for update in updates:
        update(i)
    due += 0.002
    pause = due - time.perf_counter()
    if pause > 0:
        time.sleep(pause)
share = (time.process_time() - cpu0) / (time.perf_counter() - start)
stop()
sys.stderr.write(f"RESULT {share} {i}\n")
"""
    % BARS
)


def cpu_share(kind: str, seconds: float) -> float:
    """CPU time over wall time of one child driving ``kind``'s 50 bars on a sized pty."""
    master, slave, reader = open_terminal(COLUMNS, ROWS)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PROGBAR_", "COLUMNS"))}
    env["TERM"] = "xterm-256color"
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, kind, str(seconds)],
        stdin=slave,
        stdout=slave,
        stderr=subprocess.PIPE,
        env=env,
        check=False,
        text=True,
    )
    os.close(slave)
    reader.join(timeout=10)
    os.close(master)
    results = [line for line in proc.stderr.splitlines() if line.startswith("RESULT ")]
    if proc.returncode != 0 or not results:
        raise RuntimeError(f"{kind} region failed ({proc.returncode}): {proc.stderr[-500:]}")
    return float(results[-1].split()[1])


KINDS = {
    "bare": "the loop alone (50 calls of a function that does nothing)",
    "silent": "50 silent progbar bars (counting and estimating, drawing nothing)",
    "progbar": "progbar: 50 bars in one region",
    "tqdm": "tqdm: 50 bars, `position=i`",
    "rich": "rich: one `Progress`, 50 tasks",
}


def measure(seconds: float, rounds: int) -> dict[str, float]:
    """Median CPU share per kind; kinds interleaved in each round, so drift hits all alike."""
    samples: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for _ in range(rounds):
        for kind in KINDS:
            try:
                samples[kind].append(cpu_share(kind, seconds))
            except RuntimeError:
                if kind in ("bare", "silent", "progbar"):
                    raise
    return {kind: statistics.median(v) for kind, v in samples.items() if v}


def region_table(seconds: float, rounds: int) -> str:
    shares = measure(seconds, rounds)
    bare = shares["bare"]
    lines = [
        f"\n### A live region of {BARS} bars ({seconds:g} s a case, {rounds} round(s), medians)\n",
        "| case | CPU, % of one core | above the loop alone, % |",
        "|---|---:|---:|",
    ]
    for kind, label in KINDS.items():
        if kind in shares:
            above = "-" if kind == "bare" else f"{100 * (shares[kind] - bare):.1f}"
            lines.append(f"| {label} | {100 * shares[kind]:.1f} | {above} |")
    return "\n".join(lines)


if __name__ == "__main__":
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 4.0
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    print(region_table(seconds, rounds))
