"""Run tqdm's own test modules with ``progbar.tqdm`` in tqdm's place.

The tests come from the sdist of the installed tqdm version, fetched by pip at
run time into a temporary folder (they are never copied into this
repository). Their ``conftest.py`` is patched so that ``tqdm.tqdm`` and
``tqdm.trange`` are progbar's before any test module imports them; the
modules then run in a child pytest whose JUnit XML gives each test's outcome.

``python tests/tqdm_suite.py [DIR]`` prints the outcomes and the pass counts
(DIR: where to download; a temporary folder by default).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ("tests_tqdm.py", "tests_pandas.py", "tests_synchronisation.py")

PATCH = """\
# --- added by progbar's tests/tqdm_suite.py: progbar.tqdm in tqdm's place ---
import tqdm as _tqdm_package

import progbar
from progbar._compat.tqdm_class import trange as _progbar_trange

_tqdm_package.tqdm = progbar.tqdm
_tqdm_package.trange = _progbar_trange

# tests_pandas.py draws random frames: the same ones at every run. (About one run in 250,
# test_pandas_leave's 1000 draws of 0..99 miss a value: 99 groups, not the 100 it asserts.)
try:
    import numpy.random as _numpy_random

    _numpy_random.seed(31)
except ImportError:
    pass
# --- tqdm's own conftest.py follows ---
"""

INI = """\
[pytest]
python_files = tests_*.py
markers =
    slow
    asyncio
addopts = -p no:cacheprovider -W error
"""
"""tqdm's own pytest options (warnings are errors), less the plugins it needs (timeout, asyncio)."""


class Unreachable(Exception):
    """pip could not fetch the sdist (no package index): the caller skips."""


@dataclass(frozen=True)
class Outcome:
    """One test's result: ``module`` is ``tests_tqdm.py``, ``name`` the test id."""

    module: str
    name: str
    passed: bool
    skipped: bool
    message: str  # the failure's first line (``AssertionError: ...``), "" when it passed

    @property
    def id(self) -> str:
        return f"{self.module}::{self.name}"


def fetch_tests(where: Path) -> Path:
    """Download and unpack the installed tqdm's sdist under ``where``; its ``tests`` folder.

    Raises:
        Unreachable: pip failed (typically: no route to the package index).
    """
    wanted = version("tqdm")
    command = [
        sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
        "--disable-pip-version-check", "-q", f"tqdm=={wanted}", "-d", str(where),
    ]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired as exc:
        raise Unreachable(f"pip download tqdm=={wanted} timed out") from exc
    archives = sorted(where.glob("tqdm-*.tar.gz"))
    if done.returncode or not archives:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-3:])
        raise Unreachable(f"pip download tqdm=={wanted} failed: {tail}")
    with tarfile.open(archives[0]) as archive:
        if hasattr(tarfile, "data_filter"):  # Python 3.12+, and security backports
            archive.extractall(where, filter="data")
        else:
            archive.extractall(where)  # pip's own download from the index
    tests = where / f"tqdm-{wanted}" / "tests"
    conftest = tests / "conftest.py"
    conftest.write_text(PATCH + conftest.read_text(encoding="utf-8"), encoding="utf-8")
    (tests.parent / "pytest.ini").write_text(INI, encoding="utf-8")
    return tests


def run_tests(tests: Path, modules: tuple[str, ...] = MODULES) -> list[Outcome]:
    """Run ``modules`` of tqdm's ``tests`` in a child pytest, with this checkout's progbar."""
    report = tests.parent / "report.xml"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PROGBAR_", "TQDM_"))}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    command = [
        sys.executable, "-m", "pytest", "-q", "-c", str(tests.parent / "pytest.ini"),
        "--rootdir", str(tests.parent), f"--junitxml={report}",
        *(str(tests / module) for module in modules),
    ]  # fmt: skip
    subprocess.run(command, cwd=tests.parent, env=env, capture_output=True, text=True, timeout=900)
    return parse_report(report)


def parse_report(report: Path) -> list[Outcome]:
    """Each test of a JUnit XML report as an :class:`Outcome`.

    A test that failed in its teardown has a second ``<testcase>`` of the
    same name: it counts once, as failed.
    """
    outcomes: dict[str, Outcome] = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        module = case.get("classname", "").rsplit(".", 1)[-1] + ".py"
        bad = case.find("failure")
        if bad is None:
            bad = case.find("error")
        skipped = case.find("skipped") is not None
        message = "" if bad is None else (bad.get("message") or bad.text or "").strip()
        new = Outcome(module, case.get("name", ""), bad is None and not skipped, skipped, message)
        old = outcomes.get(new.id)
        if old is None or (old.passed and not new.passed):
            outcomes[new.id] = new
    return list(outcomes.values())


def counts(outcomes: list[Outcome]) -> dict[str, tuple[int, int]]:
    """Per module: (passed, run); skipped tests are not counted as run."""
    result: dict[str, tuple[int, int]] = {}
    for o in outcomes:
        passed, run = result.get(o.module, (0, 0))
        if not o.skipped:
            result[o.module] = (passed + o.passed, run + 1)
    return result


def main() -> None:
    where = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())
    outcomes = run_tests(fetch_tests(where))
    for o in outcomes:
        state = "pass" if o.passed else "skip" if o.skipped else "FAIL"
        print(f"{state} {o.id} {o.message.splitlines()[0][:150] if o.message else ''}")
    for module, (passed, run) in counts(outcomes).items():
        print(f"{module}: {passed}/{run} pass")


if __name__ == "__main__":
    main()
