"""Dask tasks report item by item into one bar: the local process scheduler and ``distributed``.

python examples/workers_dask.py          # 2 worker processes, a few seconds
python examples/workers_dask.py --fast   # no pauses (used by the test suite)

For a cluster of several machines, share the bar on an interface the
workers can reach, e.g. ``bar.share(address=("0.0.0.0", 5557))``.
"""

from __future__ import annotations

import argparse
import time

import dask
from distributed import Client, LocalCluster

from progbar import Progbar

CHUNKS, PER_CHUNK = 6, 200


def clean(handle, chunk: range, pause: float) -> int:
    """A task: one step of the parent's bar per record kept or dropped."""
    kept = 0
    for record in handle.track(chunk):
        kept += record % 7 != 0
        time.sleep(pause)
    return kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="run without pauses")
    pause = 0.0 if parser.parse_args().fast else 0.003
    total = CHUNKS * PER_CHUNK
    chunks = [range(i * PER_CHUNK, (i + 1) * PER_CHUNK) for i in range(CHUNKS)]

    # dask.delayed on the local multiprocessing scheduler
    with Progbar(total, description="dask processes") as bar:
        task = dask.delayed(bar.share().wrap(clean))
        kept = dask.compute(*[task(c, pause) for c in chunks], scheduler="processes", num_workers=2)
    print(f"dask processes: {bar.current:g}/{total} records, {sum(kept)} kept")

    # dask.distributed: a Client on a LocalCluster (or on your cluster's scheduler)
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
        Progbar(total, description="dask distributed") as bar,
    ):
        futures = client.map(bar.share().wrap(clean), chunks, pause=pause, pure=False)
        kept = client.gather(futures)
    print(f"dask distributed: {bar.current:g}/{total} records, {sum(kept)} kept")


if __name__ == "__main__":
    main()
