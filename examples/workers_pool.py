"""Process pools report item by item into one bar: ``concurrent.futures`` and ``multiprocessing``.

python examples/workers_pool.py          # 4 workers, a few seconds
python examples/workers_pool.py --fast   # no pauses (used by the test suite)

Each task handles a chunk of items and counts each one as it goes, so the
bar moves during the tasks, not only when a task's future completes.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import multiprocessing
import time

from progbar import Progbar

CHUNKS, PER_CHUNK = 8, 250


def checksum(handle, chunk: range, pause: float) -> str:
    """A task: hash every item of ``chunk``, one step of the parent's bar each."""
    digest = hashlib.sha256()
    for item in handle.track(chunk):
        digest.update(str(item).encode())
        time.sleep(pause)
    return digest.hexdigest()[:8]


def chunks() -> list[range]:
    return [range(i * PER_CHUNK, (i + 1) * PER_CHUNK) for i in range(CHUNKS)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="run without pauses")
    pause = 0.0 if parser.parse_args().fast else 0.002
    total = CHUNKS * PER_CHUNK

    # concurrent.futures: wrap() passes the handle and flushes when each task returns
    with Progbar(total, description="futures") as bar:
        task = bar.share().wrap(checksum)
        with concurrent.futures.ProcessPoolExecutor(4) as pool:
            sums = list(pool.map(task, chunks(), [pause] * CHUNKS))
    print(f"ProcessPoolExecutor: {bar.current:g}/{total} items, checksums {' '.join(sums)}")

    # multiprocessing.Pool, any start method ("spawn" here, the macOS and Windows default)
    with Progbar(total, description="multiprocessing") as bar:
        task = bar.share().wrap(checksum)
        with multiprocessing.get_context("spawn").Pool(4) as pool:
            sums = pool.starmap(task, [(chunk, pause) for chunk in chunks()])
    print(f"multiprocessing.Pool: {bar.current:g}/{total} items, checksums {' '.join(sums)}")


if __name__ == "__main__":
    main()
