"""A real Keras for the tests that run ``model.fit``: which backend, and why it is missing.

Keras 3 needs a backend (TensorFlow, JAX or PyTorch) to ``import keras``;
the test extra installs ``jax[cpu]`` where it installs (Python >= 3.10).
Those tests run Keras in a child process with :func:`keras_env` and skip
with :func:`real_keras_missing`'s reason elsewhere (Python 3.9).
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys

from progbar._output.detect import CI_VARIABLES

KERAS_BACKEND = "jax"
"""The backend real-Keras tests run on: the test extra installs ``jax[cpu]`` (Python >= 3.10)."""


def keras_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """An environment for a child that imports Keras: jax on the CPU, no ``PROGBAR_*`` overrides.

    A ``KERAS_BACKEND`` already set (say, ``torch`` on a developer's machine) is kept.
    """
    source = os.environ if base is None else base
    env = {k: v for k, v in source.items() if not k.startswith("PROGBAR_")}
    for name in CI_VARIABLES:  # a CI run's own variables would make the child's bar a log
        env.pop(name, None)
    env.setdefault("KERAS_BACKEND", KERAS_BACKEND)
    env.setdefault("JAX_PLATFORMS", "cpu")  # no probing for accelerators, no warning about it
    return env


@functools.cache
def real_keras_missing() -> str | None:
    """Why ``import keras`` fails in a child here (no backend installed), or None when it works.

    Asked once per test session: importing Keras and its backend takes seconds.
    """
    check = subprocess.run(
        [sys.executable, "-c", "import keras"],
        env=keras_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if check.returncode == 0:
        return None
    last = (check.stderr.strip().splitlines() or ["no error text"])[-1]
    return (
        f"real Keras cannot be imported here ({last}); the test extra installs keras and "
        "jax[cpu] on Python >= 3.10"
    )
