"""The demos ``python -m progbar`` runs: a loop, a training epoch, a download.

Each takes a speed factor (0 runs without pauses, for tests) and draws on
the real ``sys.stdout``, so a redirected run shows the log display.
"""

from __future__ import annotations

import math
import os
import random
import time

from .._progbar import Progbar

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Callable

__all__ = ["DEMOS", "demo_download", "demo_loop", "demo_training"]


def demo_loop(speed: float) -> None:
    """A plain loop of 200 steps with a description."""
    print("A loop of 200 steps:")
    bar = Progbar(200, description="processing")
    for step in range(1, 201):
        time.sleep(0.01 * speed)
        bar.update(step)


def demo_training(speed: float) -> None:
    """One Keras-style epoch: averaged loss and accuracy, a stateful learning rate."""
    print("Epoch 1/1")
    rng = random.Random(0)
    bar = Progbar(120, stateful_metrics=["lr"])
    for step in range(1, 121):
        time.sleep(0.015 * speed)
        loss = 0.7 * math.exp(-step / 50) + 0.05 * rng.random()
        bar.update(step, values=[("loss", loss), ("accuracy", 1 - loss / 2), ("lr", 1e-3)])


def demo_download(speed: float) -> None:
    """A Keras-style weights download from a local throttled server: no internet needed."""
    import tempfile

    from .._transfer.urlhook import urlretrieve
    from .server import LocalServer

    rate = 3 * 2**20 / speed if speed else None  # 6 MiB at 3 MiB/s: about two seconds
    with LocalServer(6 * 2**20, rate=rate, chunk=32 * 1024, name="weights.h5") as server:
        print(f"Downloading data from {server.url}")
        with tempfile.TemporaryDirectory() as tmp:
            urlretrieve(server.url, os.path.join(tmp, "weights.h5"))


DEMOS: dict[str, Callable[[float], None]] = {
    "loop": demo_loop,
    "training": demo_training,
    "download": demo_download,
}
"""Demo name -> the function that runs it, in the order ``python -m progbar`` runs them."""
