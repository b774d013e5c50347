"""Throughput of ``progbar pipe`` against ``cat`` and ``pv``, in one run.

    python benchmarks/pipe.py               # 200 MiB of random bytes, 5 rounds
    python benchmarks/pipe.py --mib 20 --rounds 1    # quick

Every tool copies the same file in three set-ups: file to file (``X < f > g``),
file to pipe (``X < f | cat``) and pipe to pipe (``cat f | X | cat``).
Its stderr is a real pseudo-terminal that a thread reads and discards, so the
bars are drawn as a user would see them (``pv`` only draws on a terminal).
Rounds rotate the order of the tools; each figure is the best wall time of
the whole command line over the rounds (startup included: it is what a user
waits for), with the throughput in GB/s (1e9 bytes) and the ratio to ``cat``.
``progbar (copy)`` is the same command timed from inside, around the pipe's
``main()`` only (bar creation and drawing included, interpreter start and
imports not): the rate a long transfer runs at.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ptys import open_terminal

SETUPS = {
    "file to file": "{tool} < {src} > {dst}",
    "file to pipe": "{tool} < {src} | cat > /dev/null",
    "pipe to pipe": "cat {src} | {tool} | cat > /dev/null",
}


_INNER = """
import time
from progbar._cli.pipe import main
start = time.perf_counter()
main([])
with open({out!r}, "a") as f:
    f.write(f"{{time.perf_counter() - start}}\\n")
"""
"""The pipe, timed around ``main()`` only: it appends its seconds to a file."""


def _timed(command: str, tty: int) -> float:
    start = time.perf_counter()
    subprocess.run(["bash", "-o", "pipefail", "-c", command], stderr=tty, check=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mib", type=int, default=200, help="size of the test file (MiB)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    timer = Path(tempfile.mkdtemp()) / "copy-seconds"
    inner = f"{sys.executable} -c {shlex.quote(_INNER.format(out=str(timer)))}"
    tools = {"cat": "cat", "progbar": f"{sys.executable} -m progbar pipe", "progbar (copy)": inner}
    if shutil.which("pv"):
        tools["pv"] = "pv -f"  # -f: draw even if it doubts the terminal
    _master, slave, _ = open_terminal(80, 24)
    best: dict[tuple[str, str], float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp, "f"), Path(tmp, "g")
        with open(src, "wb") as out:
            for _ in range(args.mib):
                out.write(os.urandom(1 << 20))
        size = src.stat().st_size
        for r in range(args.rounds):
            names = list(tools)[r % len(tools) :] + list(tools)[: r % len(tools)]
            for setup, shape in SETUPS.items():
                for name in names:
                    command = shape.format(tool=tools[name], src=src, dst=dst)
                    seconds = _timed(command, slave)
                    if name == "progbar (copy)":
                        seconds = float(timer.read_text().split()[-1])
                    best[setup, name] = min(best.get((setup, name), seconds), seconds)
                    same = setup != "file to file" or src.read_bytes() == dst.read_bytes()
                    if not same:
                        raise SystemExit(f"{name}: the copy differs from the source")
    os.close(slave)
    print(f"{args.mib} MiB, best of {args.rounds} rounds; stderr is a pseudo-terminal")
    print()
    print("| set-up | tool | seconds | GB/s | x cat |")
    print("|---|---|---|---|---|")
    for setup in SETUPS:
        cat = best[setup, "cat"]
        for name in tools:
            s = best[setup, name]
            print(f"| {setup} | {name} | {s:.3f} | {size / s / 1e9:.2f} | {s / cat:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
