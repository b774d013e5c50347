"""The examples in the library's docstrings run, and print what they claim."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import progbar

MODULES = sorted(m.name for m in pkgutil.walk_packages(progbar.__path__, "progbar."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    failed, _attempted = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failed == 0
