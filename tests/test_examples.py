"""Every script in ``examples/`` runs, in its fast mode, with no network and no GPU.

Each example is run as a user would run it (``python examples/NAME.py``),
with stdout piped, so it also shows that the bars write clean log lines
when the output is not a terminal. ``FAST_MODE`` says how each example is
made quick; an example not listed there gets ``--fast``.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import keras_backend
import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))

# extra command-line arguments and environment per example, when not just --fast
FAST_MODE: dict[str, tuple[list[str], dict[str, str]]] = {
    "train_keras.py": (["--fast"], {"JAX_PLATFORMS": "cpu"}),  # no accelerator probing
}

# third-party modules an example may need that are not in the test extra everywhere
OPTIONAL = ("torch", "jax", "tensorflow", "keras", "joblib", "dask", "distributed", "ray")


def needs_missing_module(script: Path) -> str | None:
    """The optional module ``script`` imports that is not installed here, if any."""
    source = script.read_text(encoding="utf-8")
    for module in OPTIONAL:
        imported = re.search(rf"^\s*(?:import|from)\s+{module}\b", source, re.M)
        if imported and importlib.util.find_spec(module) is None:
            return module
    return None


def test_there_are_examples() -> None:
    assert SCRIPTS, "examples/ has no scripts"


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_example_runs_in_fast_mode(script: Path, tmp_path: Path) -> None:
    missing = needs_missing_module(script)
    if missing:
        pytest.skip(f"{script.name} needs {missing}, which is not installed")
    if script.name == "train_keras.py" and keras_backend.real_keras_missing():
        pytest.skip(f"{script.name}: {keras_backend.real_keras_missing()}")
    args, extra_env = FAST_MODE.get(script.name, (["--fast"], {}))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROGBAR_")}
    env.update(extra_env)
    result = subprocess.run(
        [sys.executable, str(script), *args],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip(), "the example printed nothing"
    # stdout is a pipe: the bars must have chosen plain log lines
    assert "\r" not in result.stdout and "\x1b" not in result.stdout
