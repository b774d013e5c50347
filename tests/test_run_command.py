"""``python -m progbar run``: a script or module that uses tqdm, run with ``install()`` in force.

The script is a real file run in a real child process. Its tqdm bars must be
progbar's (plain lines in a log, one region on a terminal); its arguments,
``__name__``, ``sys.path[0]`` and exit status must be what ``python script.py``
gives it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from harness import run_in_pty

from progbar._output.detect import CI_VARIABLES

pytestmark = pytest.mark.slow  # python -m progbar run as child processes

ROOT = Path(__file__).resolve().parent.parent
NO_CI = {name: "" for name in CI_VARIABLES}

SCRIPT = """
import sys
from tqdm import tqdm

print("#argv", sys.argv, __name__, sys.path[0] == {folder!r}, flush=True)
bar = tqdm(range(300), desc="steps")
for _ in bar:
    pass
print("#drawn by", type(getattr(bar, "bar", bar)).__module__.split(".")[0], flush=True)
sys.exit(int(sys.argv[-1]))
"""


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PROGBAR_", "TQDM_"))}
    env.update(NO_CI, PYTHONPATH=str(ROOT))
    return env


def _write(tmp_path: Path) -> Path:
    folder = tmp_path / "app"
    folder.mkdir()
    script = folder / "job.py"
    script.write_text(SCRIPT.format(folder=str(folder)), encoding="utf-8")
    return script


@pytest.mark.parametrize("form", ["script", "module"])
def test_run_keeps_arguments_and_exit_status_and_draws_progbar_lines(
    tmp_path: Path, form: str
) -> None:
    script = _write(tmp_path)
    target = [str(script)] if form == "script" else ["-m", "job"]
    cwd = script.parent if form == "module" else tmp_path
    log = tmp_path / "out.log"
    with log.open("w") as out:
        result = subprocess.run(
            [sys.executable, "-m", "progbar", "run", *target, "--flag", "value", "3"],
            stdout=out, stderr=subprocess.STDOUT, env=_env(), cwd=cwd, check=False, timeout=60,
        )  # fmt: skip
    text = log.read_text(encoding="utf-8")
    assert result.returncode == 3, text
    assert "\r" not in text and "\x1b" not in text  # tqdm itself writes \r into a file
    lines = text.splitlines()
    assert lines[0] == f"#argv {[str(script), '--flag', 'value', '3']!r} __main__ True", lines
    assert lines[1].startswith("steps:   0%|          | 0/300 ["), lines
    assert lines[-2].startswith("steps: 100%|██████████| 300/300 ["), lines
    assert lines[-1] == "#drawn by progbar"
    assert len(lines) == 4


def test_an_exception_in_the_script_exits_with_status_1_and_its_traceback(tmp_path: Path) -> None:
    script = tmp_path / "boom.py"
    script.write_text("raise RuntimeError('boom from the script')\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "progbar", "run", str(script)],
        capture_output=True, text=True, env=_env(), check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.rstrip().endswith("RuntimeError: boom from the script")


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        ([], 2, "usage: progbar run script.py"),
        (["-m"], 2, "-m needs a module name"),
        (["no-such-file.py"], 2, "can't open file 'no-such-file.py'"),
        (["--help"], 0, "usage: progbar run script.py"),
    ],
)
def test_usage_errors(argv: list[str], status: int, message: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "progbar", "run", *argv],
        capture_output=True, text=True, env=_env(), check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == status
    assert message in result.stdout + result.stderr


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")
def test_run_on_a_terminal_ends_on_progbars_line(tmp_path: Path) -> None:
    script = _write(tmp_path)
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['progbar', 'run', {str(script)!r}, '0']\n"
        "runpy.run_module('progbar', run_name='__main__')\n"
    )
    run = run_in_pty(code, columns=160, rows=6, env=NO_CI)
    assert run.returncode == 0, run.output.decode(errors="replace")
    lines = [line for line in run.lines if line]
    assert lines[0].startswith("#argv"), lines
    assert lines[1].startswith("steps: 100%|███████"), lines
    assert "| 300/300 [" in lines[1]
    assert lines[2:] == ["#drawn by progbar"]
