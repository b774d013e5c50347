"""The ranks of a multi-process job on one machine count into rank 0's bar.

python examples/workers_ranks.py          # launches 3 ranks as torchrun would, a few seconds
python examples/workers_ranks.py --fast   # no pauses (used by the test suite)

Only rank 0 draws (progbar's rule for distributed jobs). It shares its bar
and publishes the handle in a file that only this user can read; the other
ranks load it and add their steps. No collective operation is involved, so
a rank that is slow or dies never blocks the bar (a dead one is marked).
"""

from __future__ import annotations

import argparse
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from progbar import Progbar

WORLD_SIZE, STEPS = 3, 200


def publish(handle: object, folder: Path) -> None:
    """Rank 0: write the handle where the other ranks look, atomically."""
    partial = folder / "bar.handle.partial"
    partial.write_bytes(pickle.dumps(handle))
    partial.replace(folder / "bar.handle")


def wait_for_handle(folder: Path, seconds: float = 60.0) -> object:
    """Ranks > 0: the handle rank 0 published (the folder must be yours alone: it is unpickled)."""
    deadline = time.monotonic() + seconds
    while not (folder / "bar.handle").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("rank 0 published no progress bar handle")
        time.sleep(0.01)
    return pickle.loads((folder / "bar.handle").read_bytes())


def train(rank: int, folder: Path, pause: float) -> None:
    """What every rank runs: rank 0 owns the bar, every rank (0 included) adds to it."""
    bar = None
    if rank == 0:
        bar = Progbar(WORLD_SIZE * STEPS, description=f"{WORLD_SIZE} ranks")
        handle = bar.share()
        publish(handle, folder)
    else:
        handle = wait_for_handle(folder)
    with handle:
        for _step in range(STEPS):
            time.sleep(pause)  # forward, backward, optimizer step...
            handle.add(1)
    if bar is not None:  # rank 0 waits for the others' last steps, without a collective
        deadline = time.monotonic() + 60
        while bar.current < WORLD_SIZE * STEPS and time.monotonic() < deadline:
            time.sleep(0.01)
        bar.close()
        print(f"rank 0 counted {bar.current:g}/{WORLD_SIZE * STEPS} steps of {WORLD_SIZE} ranks")


def launch(argv: list[str]) -> int:
    """What torchrun does here: start WORLD_SIZE copies of this script, RANK set in each."""
    with tempfile.TemporaryDirectory(prefix="progbar-ranks-") as folder:  # mode 0700
        ranks = [
            subprocess.Popen(
                [sys.executable, __file__, *argv],
                env={**os.environ, "RANK": str(r), "WORLD_SIZE": str(WORLD_SIZE)},
                stdin=subprocess.DEVNULL,
                cwd=folder,
            )
            for r in range(WORLD_SIZE)
        ]
        return max(rank.wait(120) for rank in ranks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="run without pauses")
    pause = 0.0 if parser.parse_args().fast else 0.01
    if "RANK" not in os.environ:
        return launch(sys.argv[1:])
    train(int(os.environ["RANK"]), Path.cwd(), pause)
    return 0


if __name__ == "__main__":
    sys.exit(main())
