"""Real consumers of ``tqdm_class=``: tqdm's own ``thread_map``/``process_map``, and pandas.

The libraries are the real ones, run as a user runs them: in a fresh
interpreter on a pseudo-terminal (read back through ``pyte``), with stderr
sent to a file, and in-process with a subclass that remembers its bars so the
final count can be read exactly.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pandas as pd
import pytest
from harness import run_in_pty
from tqdm.contrib.concurrent import process_map, thread_map

import progbar
from progbar._output.detect import CI_VARIABLES

NO_CI = {name: "" for name in CI_VARIABLES}  # the test runner's own CI must not make it a log
ROOT = Path(__file__).resolve().parent.parent
N = 1000

MAPS = {
    "thread_map": "from tqdm.contrib.concurrent import thread_map as run\nfn = lambda x: x * 2",
    "process_map": "from tqdm.contrib.concurrent import process_map as run\nfn = abs",
}
SCRIPT = """
import progbar
{imports}
if __name__ == "__main__":
    out = run(fn, range(-{n} // 2, {n} // 2), tqdm_class=progbar.tqdm, desc="work", max_workers=2)
    assert out == [fn(x) for x in range(-{n} // 2, {n} // 2)], "wrong results"
    print("#end")
"""


class Recording(progbar.tqdm):  # type: ignore[misc,valid-type]
    """progbar.tqdm that keeps every bar it makes, to read their counts afterwards."""

    made: ClassVar[list[progbar.tqdm]] = []

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        Recording.made.append(self)


@pytest.fixture
def recording() -> type[Recording]:
    Recording.made = []
    return Recording


def _script(kind: str) -> str:
    return SCRIPT.format(imports=MAPS[kind], n=N)


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(MAPS))
def test_map_on_a_terminal_ends_on_one_clean_line(kind: str) -> None:
    run = run_in_pty(_script(kind), columns=100, rows=10, env=NO_CI)
    assert run.returncode == 0, run.output.decode(errors="replace")
    lines = [line for line in run.lines if line]
    assert lines[-1] == "#end", lines
    assert len(lines) == 2, lines  # the finished bar, and nothing else left on the screen
    assert lines[0].startswith("work: 100%|" + "█" * 10), lines
    assert f"| {N}/{N} [" in lines[0]
    assert lines[0].endswith("it/s]"), lines


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(MAPS))
def test_map_into_a_file_writes_plain_lines_ending_on_the_final_count(
    kind: str, tmp_path: Path
) -> None:
    log = tmp_path / "stderr.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROGBAR_")}
    env["PYTHONPATH"] = str(ROOT)
    with log.open("w") as stderr:
        result = subprocess.run(
            [sys.executable, "-c", _script(kind)],
            stdout=subprocess.PIPE,
            stderr=stderr,
            env=env,
            check=False,
            timeout=120,
        )
    text = log.read_text(encoding="utf-8")
    assert result.returncode == 0, text
    assert result.stdout.decode().strip() == "#end"
    for control in ("\r", "\b", "\x1b"):
        assert control not in text
    lines = text.splitlines()
    assert text.endswith("\n")
    assert lines[-1].startswith(f"work: 100%|██████████| {N}/{N} ["), lines
    assert sum(f"{N}/{N}" in line for line in lines) == 1  # the final line, once


def _double(x: int) -> int:
    return 2 * x


@pytest.mark.parametrize("map_", [thread_map, process_map], ids=["thread_map", "process_map"])
def test_map_final_count_is_exact(map_: object, recording: type[Recording]) -> None:
    stream = io.StringIO()
    out = map_(  # type: ignore[operator]
        _double, range(N), tqdm_class=recording, file=stream, display="log", max_workers=2
    )
    assert out == [2 * x for x in range(N)]
    (bar,) = recording.made
    assert (bar.n, bar.total) == (N, N)  # exact: a count arriving after close still counts
    assert bar.bar.closed
    # tqdm's _executor_map closes its bar when the last result is in, and a worker's
    # done-callback (its update()) can come just after: the final line may show N - 1
    last = stream.getvalue().splitlines()[-1]
    assert last.startswith((f"100%|██████████| {N}/{N} [", f"100%|█████████▉| {N - 1}/{N} [")), last


# -- pandas -------------------------------------------------------------------------------

ROWS = 10_000


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame({"a": range(ROWS), "b": [k % 7 for k in range(ROWS)]})


def _row_sum(row: pd.Series) -> int:
    return int(row["a"] + row["b"])


CASES = [
    ("DataFrame.progress_apply axis=1", lambda df: df.apply(_row_sum, axis=1), lambda df: df.progress_apply(_row_sum, axis=1), ROWS),  # noqa: E501
    ("DataFrame.progress_apply axis='columns'", lambda df: df.apply(_row_sum, axis="columns"), lambda df: df.progress_apply(_row_sum, axis="columns"), ROWS),  # noqa: E501
    ("DataFrame.progress_apply axis 1 positional", lambda df: df.apply(_row_sum, 1), lambda df: df.progress_apply(_row_sum, 1), ROWS),  # noqa: E501
    ("empty DataFrame.progress_apply", lambda df: df.head(0).apply(_row_sum, axis=1), lambda df: df.head(0).progress_apply(_row_sum, axis=1), 0),  # noqa: E501
    ("DataFrame.progress_apply columns", lambda df: df.apply(sum), lambda df: df.progress_apply(sum), 2),  # noqa: E501
    ("Series.progress_apply", lambda df: df["a"].apply(str), lambda df: df["a"].progress_apply(str), ROWS),  # noqa: E501
    ("Series.progress_map", lambda df: df["a"].map(abs), lambda df: df["a"].progress_map(abs), ROWS),  # noqa: E501
    ("DataFrame.progress_applymap", lambda df: df.map(abs), lambda df: df.progress_applymap(abs), 2 * ROWS),  # noqa: E501
    # tqdm's count: a step per column, made when the column's last cell was mapped
    ("DataFrame.progress_map", lambda df: df.map(abs), lambda df: df.progress_map(abs), 2),
    ("empty DataFrame.progress_map", lambda df: df.head(0).map(abs), lambda df: df.head(0).progress_map(abs), 0),  # noqa: E501
    # missing cells are never passed to func: a step per cell present
    ("DataFrame.progress_map na_action", lambda df: df.where(df["b"] > 0).map(abs, na_action="ignore"), lambda df: df.where(df["b"] > 0).progress_map(abs, na_action="ignore"), 2 * (ROWS - 1429)),  # noqa: E501
    ("SeriesGroupBy.progress_apply", lambda df: df.groupby("b")["a"].apply(sum), lambda df: df.groupby("b")["a"].progress_apply(sum), 7),  # noqa: E501
    ("DataFrameGroupBy.progress_apply", lambda df: df.groupby("b").apply(len, include_groups=False), lambda df: df.groupby("b").progress_apply(len, include_groups=False), 7),  # noqa: E501
]  # fmt: skip


@pytest.mark.parametrize(("name", "plain", "progress", "count"), CASES, ids=[c[0] for c in CASES])
def test_pandas_progress_methods_match_pandas_and_count_exactly(
    name: str,
    plain: object,
    progress: object,
    count: int,
    frame: pd.DataFrame,
    recording: type[Recording],
) -> None:
    stream = io.StringIO()
    progbar.pandas(tqdm_class=recording, file=stream, display="log", desc="rows")
    expected = plain(frame)  # type: ignore[operator]
    result = progress(frame)  # type: ignore[operator]
    assert result.equals(expected)
    (bar,) = recording.made
    assert (bar.n, bar.total) == (count, count)
    assert bar.bar.closed
    final = f"rows: 100%|██████████| {count}/{count} [" if count else "rows: 0it ["
    assert stream.getvalue().splitlines()[-1].startswith(final)


def test_dataframe_progress_map_counts_a_column_once_all_its_cells_are_mapped(
    recording: type[Recording],
) -> None:
    progbar.pandas(tqdm_class=recording, display="silent")
    seen: list[float] = []

    def note(value: int) -> int:
        seen.append(recording.made[0].n)
        return value

    pd.DataFrame({"a": range(4), "b": range(4), "c": range(4)}).progress_map(note)
    assert seen == [0] * 4 + [1] * 4 + [2] * 4  # never 100% before the last column ends
    assert (recording.made[0].n, recording.made[0].total) == (3, 3)


def test_a_mapping_passed_to_progress_map_is_pandas_own(
    frame: pd.DataFrame, recording: type[Recording]
) -> None:
    progbar.pandas(tqdm_class=recording, display="silent")
    mapping = {k: -k for k in range(ROWS)}
    assert frame["a"].progress_map(mapping).equals(frame["a"].map(mapping))
    assert recording.made == []  # nothing to count: pandas maps it itself


def test_an_exception_in_func_reaches_the_caller_and_the_bar_closes(
    frame: pd.DataFrame, recording: type[Recording]
) -> None:
    def fails_at_100(value: int) -> int:
        if value == 100:
            raise ArithmeticError("row 100")
        return value

    progbar.pandas(tqdm_class=recording, display="silent")
    with pytest.raises(ArithmeticError, match="row 100"):
        frame["a"].progress_apply(fails_at_100)
    (bar,) = recording.made
    assert bar.n == 100 and bar.bar.closed


def test_the_default_class_is_progbar_tqdm_on_stderr(
    frame: pd.DataFrame, capsys: pytest.CaptureFixture[str]
) -> None:
    progbar.tqdm.pandas(display="log")  # tqdm.pandas()'s spelling
    small = frame.head(50)
    assert small["a"].progress_apply(abs).equals(small["a"].apply(abs))
    err = capsys.readouterr().err
    assert err.splitlines()[-1].startswith("100%|██████████| 50/50 [")


@pytest.mark.parametrize("bad", [42, "progbar.tqdm"])
def test_pandas_refuses_a_tqdm_class_that_is_not_a_class(bad: object) -> None:
    with pytest.raises(TypeError, match=r"^pandas\(\) takes a class as tqdm_class"):
        progbar.pandas(tqdm_class=bad)  # type: ignore[arg-type]


@pytest.mark.slow
def test_nested_tqdm_loops_on_a_terminal_leave_only_what_tqdm_leaves() -> None:
    code = """
    import progbar
    for epoch in progbar.tqdm(range(3), desc="epochs"):
        for step in progbar.tqdm(range(50), desc="steps", leave=False):
            pass
        progbar.tqdm.write(f"epoch {epoch} done")
    print("#end")
    """
    run = run_in_pty(code, columns=90, rows=12, env=NO_CI)
    assert run.returncode == 0, run.output.decode(errors="replace")
    lines = [line for line in run.lines if line]
    assert lines[:3] == ["epoch 0 done", "epoch 1 done", "epoch 2 done"], lines
    assert lines[3].startswith("epochs: 100%|████") and "| 3/3 [" in lines[3], lines
    assert lines[4:] == ["#end"], lines  # the inner bars (leave=False) are gone


@pytest.mark.slow  # 300 real thread pools: 5-18 s
def test_thread_map_loses_no_count_in_300_runs(recording: type[Recording]) -> None:
    """thread_map counts from its workers' threads: 1 run in 200 or 300 ended at 999 of 1,000
    before update() took a lock (found by CI); 300 runs catch that about 3 times in 4."""
    for _ in range(300):
        recording.made = []
        thread_map(_double, range(N), tqdm_class=recording, file=io.StringIO(), display="log")
        (bar,) = recording.made
        assert bar.n == N
