"""``progbar.install()`` and real tqdm: bars of modules that bound tqdm first draw through progbar.

The child processes run as a user runs them: a library module binds ``tqdm``
at import, the program calls ``install()`` afterwards and loops in ``track()``.
On a pseudo-terminal (read back through pyte, frame by frame) the tqdm bars
are children in progbar's one region; into a file they are plain log lines.
tqdm's ``TQDM_*`` defaults, read by tqdm at import, still hold.
"""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pyte
import pytest
import tqdm.asyncio
import tqdm.auto
import tqdm.std
from harness import run_in_pty

import progbar
from progbar._output.detect import CI_VARIABLES

ROOT = Path(__file__).resolve().parent.parent
NO_CI = {name: "" for name in CI_VARIABLES}

LIBRARY = """
from tqdm import tqdm  # bound before install(), as libraries do

def work(n, desc):
    total = 0
    for i in tqdm(range(n), desc=desc):
        total += i
    return total
"""

PROGRAM = """
import sys
sys.path.insert(0, {folder!r})
import lib_tqdm
import progbar
progbar.install()
for epoch in progbar.track(range(3), description="epoch"):
    assert lib_tqdm.work(200, f"files {{epoch}}") == sum(range(200))
print("#end")
"""


def _program(tmp_path: Path) -> str:
    (tmp_path / "lib_tqdm.py").write_text(LIBRARY, encoding="utf-8")
    return PROGRAM.format(folder=str(tmp_path))


def _child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PROGBAR_", "TQDM_"))}
    env.update(NO_CI, PYTHONPATH=str(ROOT), **extra)
    return env


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")
def test_tqdm_bars_bound_before_install_are_children_in_one_region(tmp_path: Path) -> None:
    run = run_in_pty(_program(tmp_path), columns=80, rows=12, env=NO_CI)
    assert run.returncode == 0, run.output.decode(errors="replace")
    assert [line for line in run.lines if line] == [
        *(line for line in run.lines if line.startswith("  files ")),
        "epoch 3/3 [==============================] - " + run.lines[3].split("] - ")[1],
        "#end",
    ]
    finals = [line for line in run.lines if line.startswith("  files ")]
    assert [line.split(":")[0] for line in finals] == ["  files 0", "  files 1", "  files 2"]
    assert all("100%|" in line and "| 200/200 [" in line for line in finals), finals
    # every frame: one epoch row at the bottom of the region, the tqdm rows indented above or
    # below it, never a second copy of a row (tqdm drawing on its own would leave one)
    screen = pyte.Screen(80, 12)
    stream = pyte.ByteStream(screen)
    frames = run.output.split(b"\x1b[?2026l")
    assert len(frames) >= 2
    for frame in frames:
        stream.feed(frame + b"\x1b[?2026l")
        rows = [line.rstrip() for line in screen.display if line.strip()]
        assert sum(row.startswith("epoch") for row in rows) <= 1, rows
        assert all(row.startswith(("epoch", "  files", "#end")) for row in rows), rows


@pytest.mark.slow
def test_tqdm_bars_into_a_log_file_are_plain_lines(tmp_path: Path) -> None:
    log = tmp_path / "out.log"
    with log.open("w") as out:  # stdout and stderr: one file, as `> log 2>&1`
        result = subprocess.run(
            [sys.executable, "-c", _program(tmp_path)],
            stdout=out, stderr=subprocess.STDOUT, env=_child_env(), check=False, timeout=120,
        )  # fmt: skip
    text = log.read_text(encoding="utf-8")
    assert result.returncode == 0, text
    for control in ("\r", "\b", "\x1b"):
        assert control not in text
    lines = text.splitlines()
    assert lines[0].startswith("epoch 0/3 ["), lines
    files = [line for line in lines if line.startswith("files ")]
    assert [line.split(":")[0] for line in files] == ["files 0", "files 1", "files 2"]
    assert all("| 200/200 [" in line for line in files), files  # one final line per bar
    assert lines[-2].startswith("epoch 3/3 [=============================="), lines
    assert lines[-1] == "#end"


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True, text=True, env=_child_env(**env), check=False, timeout=120,
    )  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("disable", ["1", ""])
def test_tqdm_disable_from_the_environment_still_holds(disable: str) -> None:
    code = """
        import sys
        import progbar
        from tqdm import tqdm
        progbar.install()
        bar = tqdm(range(100), file=sys.stderr)
        assert sum(bar) == 4950
        print(bar.bar.display)
    """
    result = _run(code, **({"TQDM_DISABLE": disable} if disable else {}))
    assert result.returncode == 0, result.stderr
    if disable:
        assert (result.stdout, result.stderr) == ("silent\n", "")
    else:
        assert result.stdout == "log\n"
        assert result.stderr.splitlines()[-1].startswith("100%|██████████| 100/100 [")


@pytest.mark.slow
def test_tqdm_mininterval_from_the_environment_sets_the_redraw_interval() -> None:
    code = """
        import io
        import progbar
        from tqdm import tqdm
        progbar.install()
        bar = tqdm(total=5, file=io.StringIO())
        given = tqdm(total=5, file=io.StringIO(), mininterval=0.5)  # a keyword beats the default
        print(bar.mininterval, bar.bar.interval, given.bar.interval)
    """
    result = _run(code, TQDM_MININTERVAL="7.5")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["7.5", "7.5", "0.5"]


@pytest.mark.slow
def test_install_before_tqdm_is_imported_patches_it_on_import() -> None:
    code = """
        import sys, io
        import progbar
        progbar.install()
        assert "tqdm" not in sys.modules
        from tqdm.auto import tqdm
        bar = tqdm(total=3, file=io.StringIO())
        bar.update(3)
        print(type(bar.bar).__name__, bar.n)
    """
    result = _run(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["TqdmBar", "3"]


@pytest.fixture
def installed() -> object:
    with progbar.install() as handle:
        yield handle
    assert not progbar._compat.install.installed()


def test_uninstall_puts_tqdm_back_exactly() -> None:
    before = dict(vars(tqdm.std.tqdm))
    with progbar.install():
        assert vars(tqdm.std.tqdm)["update"] is not before["update"]
        assert tqdm.std.tqdm.monitor_interval == 0
    assert dict(vars(tqdm.std.tqdm)) == before


def test_subclasses_draw_through_progbar_and_count_exactly(installed: object) -> None:
    stream = io.StringIO()

    class Library(tqdm.std.tqdm):  # as huggingface_hub's: its own __init__, then tqdm's
        def __init__(self, *args: object, name: object = None, **kwargs: object) -> None:
            self.name = name
            super().__init__(*args, **kwargs)

    for cls in (tqdm.std.tqdm, tqdm.auto.tqdm, Library):
        bar = cls(total=1000, desc="d", file=stream, unit="B", unit_scale=True)
        for _ in range(10):
            bar.set_postfix(loss=0.5)
            bar.update(100)
        bar.close()
        assert (bar.n, bar.total, bar.desc) == (1000, 1000, "d")
        assert bar.bar.closed and bar.bar.finished
    lines = stream.getvalue().splitlines()
    assert lines[-1].startswith("d: 100%|██████████| 1.00k/1.00k [00:00<00:00, "), lines
    assert lines[-1].endswith("B/s, loss=0.5]"), lines
    assert len(lines) == 3 * 2  # the log display's first and final line of each bar


def test_asyncio_bars_iterate_asynchronously(installed: object) -> None:
    stream = io.StringIO()

    async def numbers() -> object:
        for i in range(5):
            yield i

    async def main() -> list[int]:
        return [i async for i in tqdm.asyncio.tqdm(numbers(), total=5, file=stream)]

    assert asyncio.run(main()) == list(range(5))
    assert stream.getvalue().splitlines()[-1].startswith("100%|██████████| 5/5 [")


def test_bars_across_install_and_uninstall_keep_counting() -> None:
    stream = io.StringIO()
    before = tqdm.std.tqdm(total=4, file=stream, mininterval=0)
    with progbar.install():
        during = tqdm.std.tqdm(total=4, file=stream)
        before.update(2)  # tqdm's own bar: tqdm's own update
        during.update(2)
        assert not hasattr(before, "bar") and before.n == 2
    during.update(1)  # closed by uninstall(): ignored, never an error
    before.update(2)
    assert (before.n, during.n, during.total) == (4, 2, 4)
    before.close()
    during.close()


def test_tqdm_attributes_code_reads_are_there(installed: object) -> None:
    stream = io.StringIO()
    bar = tqdm.std.tqdm(total=3, file=stream, mininterval=0)  # drawn at once, as tqdm would
    bar.update(2)
    assert bar.fp is stream and bar.last_print_n == 2 and bar.start_t > 0
    assert (bar.ncols, bar.bar_format, bar.position, bar.gui) == (None, None, None, False)
    with pytest.raises(AttributeError, match="no_such_thing"):
        bar.no_such_thing  # noqa: B018
    bar.close()


@pytest.mark.slow
def test_a_bad_argument_raises_once_and_nothing_at_collection(installed: object) -> None:
    import gc

    with pytest.raises(TypeError):
        tqdm.std.tqdm(range(2), io.StringIO())  # tqdm's second argument is desc, a str
    gc.collect()  # tqdm's __del__ runs close() on the half-made bar: nothing to do


def test_tqdms_own_helpers_draw_through_progbar(installed: object) -> None:
    pandas = pytest.importorskip("pandas")
    from tqdm.contrib.concurrent import thread_map

    stream = io.StringIO()
    assert thread_map(abs, range(-50, 50), file=stream, max_workers=2)[:2] == [50, 49]
    tqdm.std.tqdm.pandas(file=stream, desc="rows")
    frame = pandas.DataFrame({"a": range(40)})
    assert frame.progress_apply(lambda row: row, axis=1).shape == (40, 1)
    tqdm.std.tqdm.write("between the bars", file=stream)
    lines = stream.getvalue().splitlines()
    assert lines[-1] == "between the bars"
    assert lines[-2].startswith("rows: 100%|██████████| 40/40 [")
    assert "100/100 [" in "\n".join(lines[:-2])


def test_only_the_with_that_installed_uninstalls() -> None:
    from progbar._compat.install import installed

    outer = progbar.install()
    try:
        with progbar.install():  # already in force: this block changes nothing
            assert installed()
        assert installed()
    finally:
        progbar.uninstall()
    assert not installed()
    progbar.uninstall()  # not in force: nothing to do
    with pytest.raises(TypeError, match="install\\(\\) takes a bool as tqdm"):
        progbar.install(tqdm="yes")  # type: ignore[arg-type]
    assert repr(outer) == "<progbar.install(): uninstalled>"


def test_tqdm_rich_draws_through_progbar(installed: object) -> None:
    pytest.importorskip("rich")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tqdm.rich warns that it is experimental
        import tqdm.rich

    stream = io.StringIO()
    bar = tqdm.rich.tqdm(total=5, file=stream, desc="rich", options={"transient": True})
    bar.update(5)
    bar.close()
    assert bar.bar.finished
    assert stream.getvalue().splitlines()[-1].startswith("rich: 100%|██████████| 5/5 [")


def test_a_keyword_of_a_newer_tqdm_is_dropped_not_an_error() -> None:
    original = tqdm.std.tqdm.__dict__["__init__"]

    def newer(
        self: object, iterable: object = None, *, sparkles: bool = False, **kwargs: object
    ) -> None:
        original.__get__(self)(iterable, **kwargs)  # a tqdm release with one more keyword

    tqdm.std.tqdm.__init__ = newer  # type: ignore[method-assign]
    try:
        with progbar.install():
            bar = tqdm.std.tqdm(range(3), sparkles=True, file=io.StringIO())
            assert list(bar) == [0, 1, 2]
            with pytest.raises(TypeError, match="glitter"):
                tqdm.std.tqdm(range(3), glitter=True)  # unknown to every tqdm: tqdm raises too
    finally:
        tqdm.std.tqdm.__init__ = original  # type: ignore[method-assign]


def test_the_keras_adapter_leaves_tqdm_alone() -> None:
    from progbar.integrations import keras as keras_adapter

    before = dict(vars(tqdm.std.tqdm))
    with keras_adapter.install():
        assert dict(vars(tqdm.std.tqdm)) == before  # tqdm untouched: Keras only
        assert progbar._compat.install.installed()
    assert not progbar._compat.install.installed()
