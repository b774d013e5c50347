"""Ray tasks report item by item into one bar, from a real local Ray instance.

python examples/workers_ray.py          # starts Ray on 2 CPUs, about 10 seconds
python examples/workers_ray.py --fast   # no pauses (used by the test suite)

``ray.remote`` takes plain functions, so the task opens ``with handle:``
itself: the block flushes (and waits for the parent) before the task returns.
"""

from __future__ import annotations

import argparse
import time

import ray

from progbar import Progbar

CHUNKS, PER_CHUNK = 4, 250


@ray.remote
def simulate(handle, seed: int, steps: int, pause: float) -> float:
    """A task: a random walk of ``steps`` steps, one step of the parent's bar each."""
    position, state = 0.0, seed
    with handle:
        for _ in handle.track(range(steps)):
            state = (state * 1103515245 + 12345) % 2**31  # a tiny LCG: no numpy needed
            position += 1.0 if (state >> 16) % 2 else -1.0
            time.sleep(pause)
    return position


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="run without pauses")
    pause = 0.0 if parser.parse_args().fast else 0.004
    total = CHUNKS * PER_CHUNK

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        with Progbar(total, description="ray") as bar:
            handle = bar.share()
            ends = ray.get([simulate.remote(handle, s, PER_CHUNK, pause) for s in range(CHUNKS)])
        print(f"ray: {bar.current:g}/{total} steps, final positions {ends}")
    finally:
        ray.shutdown()


if __name__ == "__main__":
    main()
