"""``python -m progbar``: see the bar in a few seconds.

Runs short demos on the real terminal (or log, if stdout is redirected):
a plain loop, a Keras-style training epoch with metrics, and a file
download from a local throttled HTTP server (no internet needed).
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import time
from collections.abc import Sequence
from typing import Callable, Optional

from ._progbar import Progbar


def _demo_loop(speed: float) -> None:
    print("A loop of 200 steps:")
    bar = Progbar(200, description="processing")
    for step in range(1, 201):
        time.sleep(0.01 * speed)
        bar.update(step)


def _demo_training(speed: float) -> None:
    print("Epoch 1/1")
    rng = random.Random(0)
    bar = Progbar(120, stateful_metrics=["lr"])
    for step in range(1, 121):
        time.sleep(0.015 * speed)
        loss = 0.7 * math.exp(-step / 50) + 0.05 * rng.random()
        bar.update(step, values=[("loss", loss), ("accuracy", 1 - loss / 2), ("lr", 1e-3)])


def _demo_download(speed: float) -> None:
    """A Keras-style weights download from a local throttled server: no internet needed."""
    import tempfile

    from ._demo.server import LocalServer
    from ._transfer.urlhook import urlretrieve

    rate = 3 * 2**20 / speed if speed else None  # 6 MiB at 3 MiB/s: about two seconds
    with LocalServer(6 * 2**20, rate=rate, chunk=32 * 1024, name="weights.h5") as server:
        print(f"Downloading data from {server.url}")
        with tempfile.TemporaryDirectory() as tmp:
            urlretrieve(server.url, os.path.join(tmp, "weights.h5"))


DEMOS: dict[str, Callable[[float], None]] = {
    "loop": _demo_loop,
    "training": _demo_training,
    "download": _demo_download,
}


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the demos named on the command line (all by default)."""
    parser = argparse.ArgumentParser(prog="python -m progbar", description=__doc__)
    parser.add_argument("demos", nargs="*", help=f"any of: {', '.join(DEMOS)} (default: all)")
    parser.add_argument("--fast", action="store_true", help="run without pauses")
    args = parser.parse_args(argv)
    names = [n for n in args.demos if n != "demo"] or list(DEMOS)
    unknown = [n for n in names if n not in DEMOS]
    if unknown:
        parser.error(f"unknown demo {unknown[0]!r}; choose from {', '.join(DEMOS)}")
    try:
        for name in names:
            DEMOS[name](0.0 if args.fast else 1.0)
    except BrokenPipeError:  # `python -m progbar | head -1`: the reader left, not an error
        # point stdout at devnull so the interpreter's final flush cannot fail again
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
