"""``bar.share()`` through process pools: items counted inside tasks reach the parent exactly.

``ProcessPoolExecutor`` and ``multiprocessing.Pool`` under each start method,
and joblib (its default loky backend): real pools, real workers, no mocks.
A task's counts are in the bar by the time its result is back (``wrap``
flushes and waits for the parent's confirmation).
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os

import pytest
from share_workers import STEPS, count_steps

from progbar import Progbar

WORKERS = 4
METHODS = [
    m for m in ("fork", "spawn", "forkserver") if m in multiprocessing.get_all_start_methods()
]

# forking a multi-threaded pytest is what these tests do on purpose (Python >= 3.12 warns)
pytestmark = [
    pytest.mark.slow,  # real process pools, joblib and loky
    pytest.mark.filterwarnings("ignore:This process .* fork:DeprecationWarning"),
]


def silent_bar() -> Progbar:
    return Progbar(WORKERS * STEPS, display="silent")


@pytest.mark.parametrize("method", METHODS)
def test_process_pool_executor_counts_items_inside_tasks(method: str) -> None:
    bar = silent_bar()
    context = multiprocessing.get_context(method)
    with concurrent.futures.ProcessPoolExecutor(WORKERS, mp_context=context) as pool:
        task = bar.share().wrap(count_steps)
        pids = list(pool.map(task, [STEPS] * WORKERS))
        # every task's counts are in the bar when its result is back, pool still running
        assert bar.current == WORKERS * STEPS
    assert all(pid != os.getpid() for pid in pids)


@pytest.mark.parametrize("method", METHODS)
def test_multiprocessing_pool(method: str) -> None:
    bar = silent_bar()
    task = bar.share().wrap(count_steps)
    with multiprocessing.get_context(method).Pool(WORKERS) as pool:
        for _ in pool.imap_unordered(task, [STEPS] * WORKERS):
            pass
        assert bar.current == WORKERS * STEPS


@pytest.mark.parametrize("backend", ["loky", "multiprocessing"])
def test_joblib(backend: str) -> None:
    joblib = pytest.importorskip("joblib")
    bar = silent_bar()
    task = bar.share().wrap(count_steps)
    parallel = joblib.Parallel(n_jobs=WORKERS, backend=backend)
    parallel(joblib.delayed(task)(STEPS) for _ in range(WORKERS))
    assert bar.current == WORKERS * STEPS
