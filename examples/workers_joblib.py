"""joblib workers report item by item into one bar.

python examples/workers_joblib.py          # 2 workers, about 2 seconds
python examples/workers_joblib.py --fast   # no pauses (used by the test suite)

``joblib.Parallel`` runs the tasks in its loky worker processes; the
handle travels with each task, and every item moves the parent's bar.
"""

from __future__ import annotations

import argparse
import time

from joblib import Parallel, delayed

from progbar import Progbar

CHUNKS, PER_CHUNK = 6, 200


def mean_of_squares(handle, chunk: range, pause: float) -> float:
    """A task: one step of the parent's bar per item."""
    total = 0
    for item in handle.track(chunk):
        total += item * item
        time.sleep(pause)
    return total / len(chunk)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="run without pauses")
    pause = 0.0 if parser.parse_args().fast else 0.003
    total = CHUNKS * PER_CHUNK
    chunks = [range(i * PER_CHUNK, (i + 1) * PER_CHUNK) for i in range(CHUNKS)]

    with Progbar(total, description="joblib") as bar:
        task = bar.share().wrap(mean_of_squares)
        means = Parallel(n_jobs=2)(delayed(task)(chunk, pause) for chunk in chunks)
    print(f"joblib: {bar.current:g}/{total} items, means {[round(m) for m in means]}")


if __name__ == "__main__":
    main()
