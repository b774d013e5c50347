"""``import progbar`` stays cheap: checked by which modules it loads, never by timing it.

Each check runs in a fresh interpreter and looks only at the modules that
appeared in ``sys.modules`` during the statement under test, so whatever the
interpreter or a ``.pth`` file loaded before is not counted against us.
The import time these sets give is measured by ``benchmarks/run.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import progbar

pytestmark = pytest.mark.slow  # the checks import progbar in fresh interpreters (0.1-1.4 s each)

# what made ``import progbar`` cost ~45 ms (typing, dataclasses and its inspect/ast/dis,
# logging, traceback, re, collections...), what it must leave to first use (threading
# is for the ticker of a live bar, urllib for downloads), and the optional heavyweights
HEAVY = (
    "typing",
    "dataclasses",
    "inspect",
    "ast",
    "dis",
    "logging",
    "traceback",
    "re",
    "collections",
    "functools",
    "contextlib",
    "enum",
    "threading",
    "weakref",
    "warnings",
    "asyncio",
    "urllib.request",
    "http.client",
    "importlib.metadata",
    "wcwidth",
    "IPython",
    "ipykernel",
    "colorama",
    "numpy",
    "pandas",
    "tqdm",
)

# the entry points PEP 562 loads on first lookup, and the module behind each
LAZY = {
    "AsyncTracked": "progbar.types",
    "BarOptions": "progbar.types",
    "Epoch": "progbar._training.epoch",
    "Epochs": "progbar._training.loop",
    "FileProgress": "progbar.types",
    "ProgbarLogger": "progbar._training.callback",
    "ReportHook": "progbar.types",
    "RollUp": "progbar._rollup",
    "epochs": "progbar._training.loop",
    "as_completed": "progbar._futures",
    "gather": "progbar._futures",
    "install": "progbar._compat.install",
    "keras_callback": "progbar._training.callback",
    "pandas": "progbar._compat.tqdm_class",
    "redirect_logging": "progbar._output.logging_redirect",
    "reporthook": "progbar._transfer.urlhook",
    "serve": "progbar._remote",
    "tqdm": "progbar._compat.tqdm_class",
    "Tracked": "progbar.types",
    "uninstall": "progbar._compat.install",
    "urlretrieve": "progbar._transfer.urlhook",
    "wrap_file": "progbar._transfer.filewrap",
}


def loaded_by(setup: str, statement: str) -> set[str]:
    """Modules that running ``statement`` (after ``setup``) adds to a fresh interpreter."""
    code = (
        f"import sys, json\n{setup}\n"
        "before = set(sys.modules)\n"
        f"{statement}\n"
        "print(json.dumps(sorted(set(sys.modules) - before)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return set(json.loads(out.stdout))


def test_the_check_sees_heavy_modules() -> None:
    # guards the helper: a broken one would make every test below pass vacuously
    assert {"logging", "threading"} <= loaded_by("", "import logging")


@pytest.mark.parametrize(
    "statement",
    [
        "import progbar",
        "from progbar import Progbar; Progbar(10, display='silent').update(10)",
        "import progbar\nfor _ in progbar.track(range(10), display='silent'): pass",
        "import io, progbar; progbar.Progbar(3, file=io.StringIO(), display='log').update(3)",
    ],
    ids=["import", "Progbar", "track", "log-bar"],
)
def test_import_and_a_plain_bar_load_nothing_heavy(statement: str) -> None:
    new = loaded_by("", statement)
    assert "progbar._progbar" in new  # the statement really ran
    heavy = sorted(new.intersection(HEAVY))
    assert not heavy, f"{statement!r} loaded {heavy}"


def test_rarely_used_entry_points_load_on_first_use() -> None:
    new = loaded_by("", "import progbar")
    eager = sorted(new.intersection(LAZY.values()))
    assert not eager, f"import progbar loaded {eager}"
    assert "progbar._output.notebook" not in new
    assert "progbar._core.tqdm_look" not in new  # loaded by the first tqdm-look line


@pytest.mark.parametrize("name", sorted(LAZY))
def test_from_import_loads_the_lazy_name(name: str) -> None:
    new = loaded_by("import progbar", f"from progbar import {name}")
    assert LAZY[name] in new
    assert getattr(progbar, name).__module__ == LAZY[name]


def test_lazy_names_are_listed_and_unknown_names_still_fail() -> None:
    assert set(LAZY) <= set(dir(progbar))
    assert set(LAZY) <= set(progbar.__all__)
    with pytest.raises(AttributeError, match="no attribute 'Progress'"):
        progbar.Progress  # type: ignore[attr-defined]  # noqa: B018


@pytest.mark.parametrize(
    "statement",
    [
        "import io, progbar\nfor _ in progbar.tqdm(range(3), file=io.StringIO()): pass",
        "import progbar\nprogbar.pandas",  # looked up, not called
        "from progbar import pandas, tqdm",
    ],
    ids=["tqdm-class", "pandas-lookup", "from-import"],
)
def test_the_tqdm_class_imports_neither_tqdm_nor_pandas(statement: str) -> None:
    new = loaded_by("", statement)
    assert "progbar._compat.tqdm_class" in new  # the statement really ran
    assert not {"tqdm", "pandas"} & new, sorted({"tqdm", "pandas"} & new)


def test_pandas_is_imported_only_when_pandas_is_called() -> None:
    new = loaded_by("import progbar", "progbar.pandas(display='silent')")
    assert "pandas" in new
    assert "tqdm" not in new


def test_the_web_view_watch_and_notifications_load_only_when_used() -> None:
    new = loaded_by("", "import io, progbar; progbar.Progbar(3, file=io.StringIO()).update(3)")
    assert "progbar._progbar" in new  # the statement really ran
    unused = {"progbar._remote", "progbar._cli.watch", "progbar._output.notify", "http.server"}
    assert not unused & new, sorted(unused & new)


INTEGRATED = ("tqdm", "keras", "jax", "numpy", "pandas", "joblib", "sklearn", "click", "httpx",
              "requests", "boto3", "botocore", "s3transfer", "fsspec", "huggingface_hub",
              "datasets", "transformers", "torch", "lightning")  # fmt: skip


def test_install_imports_none_of_the_libraries_it_patches() -> None:
    new = loaded_by("", "import progbar\nprogbar.install()\nprogbar.uninstall()")
    assert "progbar._compat.install" in new  # the statement really ran
    assert not {name.split(".")[0] for name in new} & set(INTEGRATED)


@pytest.mark.parametrize(
    "module",
    [
        "progbar.integrations",
        "progbar.integrations.click",
        "progbar.integrations.requests",
        "progbar.integrations.httpx",
        "progbar.integrations.boto3",
        "progbar.integrations.keras",
    ],
)
def test_adapters_that_need_no_library_import_none(module: str) -> None:
    new = loaded_by("import progbar", f"import {module}")
    assert module in new  # the statement really ran
    assert not {name.split(".")[0] for name in new} & set(INTEGRATED)


def test_an_adapter_imports_its_library_only_when_it_is_imported() -> None:
    new = loaded_by("import progbar, progbar.integrations", "import progbar.integrations.fsspec")
    assert "fsspec" in new  # the adapter's own library, and only it
    assert not {name.split(".")[0] for name in new} & (set(INTEGRATED) - {"fsspec"})
