"""The examples in the library's docstrings run, and print what they claim."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import subprocess
import sys

import pytest

import progbar

MODULES = sorted(m.name for m in pkgutil.walk_packages(progbar.__path__, "progbar."))

HEAVY = {"progbar.integrations.lightning", "progbar.integrations.transformers"}
"""Adapters whose import loads torch: their examples run in a child interpreter, so torch's
threads never share this process with the tests that follow (a signal-driven fuzz test ran
five times slower beside them). Importing torch takes seconds: they are marked slow."""


@pytest.mark.parametrize(
    "name",
    [pytest.param(name, marks=pytest.mark.slow) if name in HEAVY else name for name in MODULES],
)
def test_docstring_examples(name: str) -> None:
    if name in HEAVY:
        code = (
            "import doctest, importlib, sys\n"
            f"module = importlib.import_module({name!r})\n"
            "sys.exit(doctest.testmod(module, optionflags=doctest.ELLIPSIS).failed)\n"
        )
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
        return
    module = importlib.import_module(name)
    failed, _attempted = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failed == 0
