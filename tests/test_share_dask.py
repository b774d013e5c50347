"""``bar.share()`` with Dask: its process scheduler and a real ``LocalCluster`` count exactly.

Dask is started for real, as small as it goes on two cores (two worker
processes, no dashboard), and runs four tasks of 4,000 items each. Skipped
where Dask is not installed (it is in the ``test`` extra; Ray is in
``test_share_ray.py``).
"""

from __future__ import annotations

import os

import pytest
from share_workers import STEPS, count_steps

from progbar import Progbar

TASKS = 4

pytestmark = pytest.mark.slow


def bar_for_tasks() -> Progbar:
    return Progbar(TASKS * STEPS, display="silent")


def test_dask_local_processes_scheduler() -> None:
    dask = pytest.importorskip("dask")
    bar = bar_for_tasks()
    task = dask.delayed(bar.share().wrap(count_steps))
    dask.compute(*[task(STEPS) for _ in range(TASKS)], scheduler="processes", num_workers=2)
    assert bar.current == TASKS * STEPS


def test_dask_distributed_local_cluster() -> None:
    distributed = pytest.importorskip("distributed")
    bar = bar_for_tasks()
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        futures = client.map(bar.share().wrap(count_steps), [STEPS] * TASKS, pure=False)
        pids = client.gather(futures)
        assert bar.current == TASKS * STEPS
    assert os.getpid() not in pids
