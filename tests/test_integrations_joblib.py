"""``progbar.integrations.joblib.progress()`` with real joblib and scikit-learn's ``GridSearchCV``.

One bar per ``Parallel`` call, counting finished fits exactly with ``n_jobs=1``
(joblib's sequential path) and ``n_jobs=-1`` (loky worker processes), its total
the number of fits; the search's result is the one it gives without a bar.
"""

from __future__ import annotations

import io

import pytest

pytest.importorskip("joblib")  # the test extra installs it on Python >= 3.10
pytest.importorskip("sklearn")
import joblib
import joblib.parallel
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV

from progbar.integrations.joblib import progress

GRID = {"C": [0.01, 0.1, 1, 10]}
FOLDS = 3


def _search(n_jobs: int) -> GridSearchCV:
    return GridSearchCV(LogisticRegression(max_iter=200), GRID, cv=FOLDS, n_jobs=n_jobs)


DATA = make_classification(n_samples=120, random_state=0)


@pytest.fixture(scope="module")
def plain() -> GridSearchCV:
    """The search without a bar (n_jobs does not change its result)."""
    return _search(1).fit(*DATA)


@pytest.mark.slow
@pytest.mark.parametrize("n_jobs", [1, -1])
def test_grid_search_draws_one_bar_counting_every_fit(n_jobs: int, plain: GridSearchCV) -> None:
    stream = io.StringIO()
    with progress(description="search", file=stream, display="log"):
        searched = _search(n_jobs).fit(*DATA)
    assert searched.best_params_ == plain.best_params_
    scores = list(searched.cv_results_["mean_test_score"])
    assert scores == pytest.approx(list(plain.cv_results_["mean_test_score"]))
    fits = len(GRID["C"]) * FOLDS
    lines = stream.getvalue().splitlines()
    assert lines[-1].startswith(f"search {fits}/{fits} [=============================="), lines
    assert lines[-1].endswith("/task"), lines
    assert all(line.startswith("search ") for line in lines)  # one bar: the search's fits


def test_a_list_of_tasks_has_its_total_at_once_and_the_patch_is_undone() -> None:
    original = joblib.parallel.Parallel.__dict__["__call__"]
    stream = io.StringIO()
    with progress(file=stream, display="log", description="squares"):
        assert joblib.Parallel(n_jobs=1)(joblib.delayed(abs)(-i) for i in range(7)) == list(
            range(7)
        )
        assert joblib.Parallel(n_jobs=2, backend="threading")(
            [joblib.delayed(abs)(-i) for i in range(9)]
        ) == list(range(9))
    assert joblib.parallel.Parallel.__dict__["__call__"] is original
    finals = [line for line in stream.getvalue().splitlines() if "[====" in line]
    assert [line.split(" [")[0] for line in finals] == ["squares 7/7", "squares 9/9"]


def test_a_failing_task_ends_the_bar_and_raises_as_joblib_does() -> None:
    stream = io.StringIO()

    def fail(i: int) -> int:
        if i == 2:
            raise ValueError("task 2")
        return i

    with progress(file=stream, display="log"), pytest.raises(ValueError, match="task 2"):
        joblib.Parallel(n_jobs=1)(joblib.delayed(fail)(i) for i in range(5))
    last = stream.getvalue().splitlines()[-1]
    assert last.lstrip().startswith("2/Unknown - "), last  # two finished; the total was never known


def test_as_a_decorator() -> None:
    stream = io.StringIO()

    @progress(file=stream, display="log")
    def run() -> list[int]:
        return joblib.Parallel(n_jobs=1)(joblib.delayed(abs)(i) for i in range(3))

    assert run() == [0, 1, 2]
    assert stream.getvalue().splitlines()[-1].startswith("3/3 [")


def test_bad_options_name_the_call() -> None:
    with pytest.raises(TypeError, match=r"progress\(\)"):
        progress(colour="red")
