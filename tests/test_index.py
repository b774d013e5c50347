"""``tests/README.md`` says where each module is tested and what each test file covers.

The index is read as the tables it is: a module added under ``progbar/``, or
a file added under ``tests/``, fails here until it has its row, and a row
whose file is gone fails too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
INDEX = TESTS / "README.md"
ROW = re.compile(r"^\| `([^`]+)` \|(.*)\|$")


def _rows(heading: str) -> dict[str, str]:
    """The rows of the table under ``## heading``: first cell (unquoted) to the rest."""
    text = INDEX.read_text(encoding="utf-8")
    section = text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return {m[1]: m[2] for m in map(ROW.match, section.splitlines()) if m}


def _check(listed: set[str], present: set[str], what: str) -> None:
    missing, stale = sorted(present - listed), sorted(listed - present)
    assert not missing, f"{what} missing from tests/README.md (add a row): {missing}"
    assert not stale, f"rows of tests/README.md for files that do not exist: {stale}"


def test_every_module_under_progbar_has_a_row_naming_existing_test_files() -> None:
    rows = _rows("Where each module is tested")
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "progbar").rglob("*.py")}
    _check(set(rows), modules, "modules")
    for module, cell in rows.items():
        named = re.findall(r"`([^`]+)`", cell)
        assert named, f"{module}: no test file named"
        absent = [name for name in named if not (TESTS / name).is_file()]
        assert not absent, f"{module}: no such test file {absent}"


def test_every_test_file_has_a_one_line_summary() -> None:
    rows = _rows("What each test file covers")
    _check(set(rows), {p.name for p in TESTS.glob("test_*.py")}, "test files")
    assert all(cell.strip() for cell in rows.values())


def test_every_helper_of_the_tests_is_in_the_harness_table() -> None:
    rows = _rows("The harness")
    helpers = {
        p.relative_to(TESTS).as_posix()
        for p in TESTS.rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and not p.name.startswith("test_")
        and p.name != "README.md"
    }
    _check(set(rows), helpers, "helper files")


@pytest.mark.parametrize("heading", ["The harness", "Where each module is tested"])
def test_the_index_tables_are_found(heading: str) -> None:
    """A renamed heading or a broken row format must not make the checks above vacuous."""
    assert len(_rows(heading)) >= 10


def test_ci_and_the_readme_run_every_test_the_slow_ones_included() -> None:
    """The fast run is chosen on the command line: nothing deselects tests by default."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    addopts = re.search(r"^addopts = (.*)$", pyproject, re.M)
    assert addopts is not None and "-m" not in addopts[1].split(), addopts
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert ".venv/bin/python -m pytest" in ci  # the whole suite, no -m
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    whole = "\n# 2. install the test extras and run the whole test suite\n"
    assert readme.split(whole, 1)[1].split("\n", 1)[0].endswith("&& .venv/bin/python -m pytest")
    assert '-m pytest -m "not slow"' in readme  # and the fast run is documented
