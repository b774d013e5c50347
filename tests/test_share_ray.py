"""``bar.share()`` with Ray: a real local Ray instance counts exactly into the parent's bar.

Ray is started for real, as small as it goes on two cores (``num_cpus=2``,
no dashboard), and runs four tasks of 4,000 items each. Skipped where Ray is
not installed (it is in the ``test`` extra where it installs).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from share_workers import STEPS, counted_task

from progbar import Progbar

TASKS = 4
TESTS = str(Path(__file__).resolve().parent)

pytestmark = pytest.mark.slow


@pytest.fixture
def ray_instance(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    ray = pytest.importorskip("ray")
    # Ray's workers are started by its own daemons: they find share_workers through this
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([TESTS, os.environ.get("PYTHONPATH", "")]))
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        yield ray
    finally:
        ray.shutdown()


def test_ray(ray_instance: object) -> None:
    ray = ray_instance
    bar = Progbar(TASKS * STEPS, display="silent")
    handle = bar.share()
    remote = ray.remote(counted_task)  # type: ignore[attr-defined]
    pids = ray.get([remote.remote(handle, STEPS) for _ in range(TASKS)])  # type: ignore[attr-defined]
    assert bar.current == TASKS * STEPS
    assert os.getpid() not in pids
