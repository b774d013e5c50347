"""Speed benchmark: bare loop, tqdm, rich, a Keras-style loop and progbar, side by side.

    python benchmarks/run.py            # full run (a few minutes on 2 cores)
    python benchmarks/run.py --quick    # tiny N, one round: proves it works (CI)

Every library is measured in the same run, in the same worker process, in
rounds whose order rotates, and each figure is the median over the rounds.
One worker writes to a real pseudo-terminal (the parent reads and discards
what it shows), another to a regular file. Import times are medians over
fresh interpreters. See README.md for the method and the committed results.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

# a script (`python benchmarks/run.py`): its own folder is first on sys.path
from cases import GROUPS, REFERENCES
from ptys import open_terminal
from region import region_table

HERE = Path(__file__).resolve().parent


def run_worker(
    output: str, sizes: dict[str, int], rounds: int, only: str = ""
) -> dict[str, list[float]]:
    """One worker process writing its bars to ``output`` ("pty" or "file")."""
    with tempfile.TemporaryDirectory() as tmp:
        result = Path(tmp) / "result.json"
        cmd = [
            sys.executable,
            str(HERE / "worker.py"),
            str(result),
            json.dumps(sizes),
            str(rounds),
            only,
        ]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PROGBAR_")}
        env.update({"TERM": "xterm-256color", "COLUMNS": "100", "PYTHONHASHSEED": "0"})
        if output == "pty":
            # sized (on a 0 x 0 pty tqdm measured 3 us a "drawn" line: it drew no bar),
            # with the 100 columns COLUMNS also says
            master, slave, reader = open_terminal(100, 24)
            proc = subprocess.run(cmd, stdout=slave, stderr=slave, env=env, check=False)
            os.close(slave)
            reader.join(timeout=10)
            os.close(master)
        else:
            with open(Path(tmp) / "out.log", "w") as out:
                proc = subprocess.run(cmd, stdout=out, stderr=out, env=env, check=False)
        if proc.returncode != 0 or not result.exists():
            raise RuntimeError(f"{output} worker failed with exit code {proc.returncode}")
        timings: dict[str, list[float]] = json.loads(result.read_text())
        return timings


IMPORTS = {
    "bare interpreter": "pass",
    "import progbar": "import progbar",
    "import progbar + Progbar(10, display='silent')": (
        "from progbar import Progbar; Progbar(10, display='silent')"
    ),
    "import progbar + a terminal bar drawn": (
        "import os; from progbar import Progbar\n"
        "with open(os.devnull, 'w') as f: Progbar(10, display='tty', file=f).update(10)"
    ),
    "import tqdm": "import tqdm",
    "import rich.progress": "import rich.progress",
}
"""What each fresh interpreter runs; the terminal bar also starts the ticker thread."""


def import_times(repeats: int) -> dict[str, float]:
    """Median wall time (ms) of fresh interpreters running each import."""
    codes = IMPORTS
    # once with bytecode writing allowed, as pip's install leaves it: under
    # PYTHONDONTWRITEBYTECODE an editable progbar would be compiled on every run
    # while tqdm and rich load their installed .pyc files
    warm = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for code in codes.values():
        subprocess.run([sys.executable, "-c", code], check=True, env=warm)
    samples: dict[str, list[float]] = {name: [] for name in codes}
    for _ in range(repeats):
        for name, code in codes.items():  # interleaved, so drift hits all alike
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            samples[name].append((time.perf_counter() - start) * 1e3)
    return {name: statistics.median(values) for name, values in samples.items()}


def print_import_table(repeats: int) -> None:
    print("\n### import time (median of fresh interpreters)\n")
    times = import_times(repeats)
    bare = times["bare interpreter"]
    print("| import | ms | above bare interpreter ms | ximport tqdm (above bare) |")
    print("|---|---:|---:|---:|")
    tqdm_net = times["import tqdm"] - bare
    for name, ms in times.items():
        net = ms - bare
        share = f"{net / tqdm_net:.2f}" if name != "bare interpreter" and tqdm_net > 0 else "-"
        print(f"| {name} | {ms:.1f} | {net:.1f} | {share} |")


def memory(n: int) -> dict[str, float]:
    """Peak traced memory (KiB) of progbar.track and of the bare loop over ``n`` items."""
    code = (
        "import sys, tracemalloc, progbar\n"
        "n = int(sys.argv[1])\n"
        "def peak(make):\n"
        "    tracemalloc.start(); it = make()\n"
        "    for _ in it: pass\n"
        "    p = tracemalloc.get_traced_memory()[1]; tracemalloc.stop(); return p / 1024\n"
        "for _ in progbar.track(range(10), display='silent'): pass  # loads what track loads\n"
        "small = peak(lambda: progbar.track(range(1000), display='silent'))\n"
        "large = peak(lambda: progbar.track(range(n), display='silent'))\n"
        "bare = peak(lambda: range(n))\n"
        "print(small, large, bare)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(n)], capture_output=True, text=True, check=True
    )
    small, large, bare = (float(x) for x in out.stdout.split())
    return {"track 1e3 items": small, f"track {n:.0e} items": large, f"bare {n:.0e}": bare}


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> str:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "unknown"
    libs = ", ".join(f"{n} {_version(n)}" for n in ("progbar", "tqdm", "rich", "keras"))
    return (
        f"- machine: {os.cpu_count()} CPUs (`nproc`), {cpu}, {platform.system()} "
        f"{platform.release()}\n- Python {platform.python_version()} "
        f"({platform.python_implementation()})\n- {libs}"
    )


def _ratios(med: dict[str, float], key: str, refs: tuple[str, str, str], kind: str) -> list[str]:
    """xbare (loops only), xtqdm, xkeras; calls are compared net of their bare loop."""
    bare_key, tqdm_key, keras_key = refs
    if key == bare_key:
        return ["-", "-", "-"]
    bare = med.get(bare_key)
    offset = bare if kind == "call" and bare is not None else 0.0
    value = med[key] - offset

    def over(ref: str) -> str:
        base = med.get(ref)
        return "-" if base is None or base - offset <= 0 else f"{value / (base - offset):.2f}"

    x_bare = f"{med[key] / bare:.2f}" if kind == "loop" and bare else "-"
    return [x_bare, over(tqdm_key), over(keras_key)]


def table(timings: dict[str, dict[str, list[float]]], sizes: dict[str, int], only: str = "") -> str:
    """Markdown tables: medians in ns per item/call and the ratios the goals are stated in."""
    out = []
    for group, (title, kind, rows) in GROUPS.items():
        if not any(key.startswith(only) for key, _ in rows):
            continue  # ``--only``: a group with none of the cases run
        out.append(f"\n### {title.format(**{k: f'{v:,}' for k, v in sizes.items()})}\n")
        head, rule = "| case |", "|---|"
        for output in timings:
            head += f" {output} ns | xbare | xtqdm | xkeras |"
            rule += "---:|---:|---:|---:|"
        out += [head, rule]
        for key, label in rows:
            line = f"| {label} |"
            for results in timings.values():
                med = {k: statistics.median(v) for k, v in results.items() if v}
                if key not in med:
                    line += " skipped | - | - | - |"
                    continue
                cells = [f"{med[key]:.1f}", *_ratios(med, key, REFERENCES[group], kind)]
                line += " " + " | ".join(cells) + " |"
            out.append(line)
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny N, one round (CI)")
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--imports", action="store_true", help="only the import times")
    parser.add_argument("--only", default="", help="only the cases whose key starts with this")
    args = parser.parse_args(argv)
    if args.quick:
        sizes = {"N1": 2_000, "N2": 5_000, "calls": 2_000, "draws": 200}
        rounds, imports, mem_n = args.rounds or 1, 2, 10_000
    else:
        sizes = {"N1": 1_000_000, "N2": 10_000_000, "calls": 1_000_000, "draws": 20_000}
        rounds, imports, mem_n = args.rounds or 5, 20, 10_000_000
    if args.imports:
        print(machine())
        print(f"- {imports} fresh interpreters each; medians; `python benchmarks/run.py --imports`")
        print_import_table(imports)
        return 0
    timings = {output: run_worker(output, sizes, rounds, args.only) for output in ("pty", "file")}
    if args.only:  # a subset of the cases (``--only draw/``): their tables alone
        print(machine())
        print(f"- {rounds} round(s); medians; `python benchmarks/run.py --only {args.only}`")
        print(table(timings, sizes, args.only))
        return 0
    print("## Results\n")
    print(machine())
    command = "python benchmarks/run.py" + (" --quick" if args.quick else "")
    print(f"- {rounds} round(s); medians; `{command}`")
    print(table(timings, sizes))
    print(region_table(0.5 if args.quick else 4.0, rounds))
    print_import_table(imports)
    print("\n### memory over the loop (tracemalloc peak, KiB)\n")
    print("| loop | peak KiB |")
    print("|---|---:|")
    for name, kib in memory(mem_n).items():
        print(f"| {name} | {kib:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
