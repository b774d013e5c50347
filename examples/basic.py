"""The basics: a bar with a known total, one with an unknown total, and Keras-style metrics.

python examples/basic.py          # about 3 seconds
python examples/basic.py --fast   # no pauses (used by the test suite)
"""

from __future__ import annotations

import argparse
import math
import time

from progbar import Progbar


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="run without pauses")
    pause = 0.0 if parser.parse_args().fast else 0.01

    # a known total: the bar, the count and an ETA
    bar = Progbar(100, description="resizing images")
    for step in range(1, 101):
        time.sleep(pause)
        bar.update(step)

    # an unknown total: a running count and the time per item
    with Progbar(None, unit_name="line") as bar:
        for _line in range(150):
            time.sleep(pause / 2)
            bar.add(1)

    # metrics, averaged over the steps as Keras does; "lr" is shown as-is
    bar = Progbar(80, stateful_metrics=["lr"])
    for step in range(1, 81):
        time.sleep(pause)
        loss = math.exp(-step / 30)
        bar.update(step, values=[("loss", loss), ("lr", 1e-3 * 0.99**step)])


if __name__ == "__main__":
    main()
