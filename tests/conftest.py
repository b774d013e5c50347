"""Shared test fixtures: a fake clock, a fake terminal stream, the logger's records, a kernel.

The helpers behind them (and the real-pty runner) live in the ``harness``
package next to this file; tests import them from there.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

import pytest
from harness import Collect, FakeClock, TtyStringIO
from harness.notebook import Kernel, started_kernel
from hypothesis import settings

# CI must be reproducible: the same examples every run (a failure found there is
# replayed exactly); local runs keep exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", max_examples=5000, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def tty_stream() -> TtyStringIO:
    return TtyStringIO()


@pytest.fixture
def handler() -> Iterator[Collect]:
    """The records of the ``progbar`` logger during the test, at INFO and above."""
    logger = logging.getLogger("progbar")
    collect, level = Collect(), logger.level
    logger.addHandler(collect)
    logger.setLevel(logging.INFO)
    try:
        yield collect
    finally:
        logger.removeHandler(collect)
        logger.setLevel(level)


@pytest.fixture(scope="module")
def kernel() -> Iterator[Kernel]:
    """A real ipykernel, started once for the module's tests, that looks as a kernel does inside.

    Terminal-ish variables and maybe CI: progbar must still draw its one
    notebook output there.
    """
    pytest.importorskip("jupyter_client")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROGBAR_")}
    env.update(
        {"TERM": "xterm-color", "FORCE_COLOR": "1", "CI": "true", "JUPYTER_PLATFORM_DIRS": "1"}
    )
    with started_kernel(env, "progbar-test") as started:
        yield started
