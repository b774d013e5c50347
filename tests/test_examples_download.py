"""``examples/download.py`` and the ``python -m progbar download`` demo, run for real."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from harness import run_in_pty
from harness.local_server import LocalServer

pytestmark = pytest.mark.slow  # the examples run as child processes against real servers

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "download.py"
FULL_BAR = "[" + "=" * 30 + "]"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROGBAR_")}
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=120, env=env, check=False
    )


def assert_clean(text: str) -> None:
    assert "\r" not in text and "\b" not in text and "\x1b" not in text


def test_the_example_downloads_from_its_own_server() -> None:
    result = run(str(EXAMPLE), "--fast")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Downloading data from http://127.0.0.1:")
    assert lines[-2].startswith(f"12.0/12.0 MiB {FULL_BAR} - ")
    assert lines[-1] == "saved 12582912 bytes, sha256 ok"
    assert_clean(result.stdout)
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("flag", "head"), [("--si", "12.6/12.6 MB"), ("--classic", "12582912/12582912")]
)
def test_the_example_units(flag: str, head: str) -> None:
    result = run(str(EXAMPLE), "--fast", flag)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2].startswith(f"{head} {FULL_BAR} - ")


def test_the_example_downloads_a_url_given_on_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "got.bin"
    with LocalServer(2_000_000, chunked=True, name="model.h5") as server:
        result = run(str(EXAMPLE), server.url, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert hashlib.sha256(out.read_bytes()).hexdigest() == server.sha256
    lines = result.stdout.splitlines()
    assert lines[-2].startswith("  1.9 MiB - ")  # chunked: no size, the running count
    assert lines[-1] == f"saved 2000000 bytes to {out}, sha256 {server.sha256}"


def test_the_example_fails_honestly() -> None:
    result = run(str(EXAMPLE), "--fast", "--fail")
    assert result.returncode == 1
    assert result.stderr.startswith("download incomplete: retrieval incomplete: got only 7549747")
    assert FULL_BAR not in result.stdout and "12.0/12.0" not in result.stdout
    assert result.stdout.splitlines()[-1].startswith(" 7.2/12.0 MiB [================>.")


@pytest.mark.slow
def test_the_example_in_a_real_terminal() -> None:
    code = (
        "import runpy, sys; sys.argv = ['download.py', '--fast']; "
        f"runpy.run_path({str(EXAMPLE)!r}, run_name='__main__')"
    )
    pty_run = run_in_pty(code, columns=60)
    assert pty_run.returncode == 0, pty_run.output
    assert pty_run.lines[1].startswith("12.0/12.0 MiB [=======")
    assert pty_run.lines[1].endswith("MiB/s") and len(pty_run.lines[1]) <= 60
    assert pty_run.lines[2] == "saved 12582912 bytes, sha256 ok"


def test_the_demo_includes_the_download() -> None:
    result = run("-m", "progbar", "download", "--fast")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Downloading data from http://127.0.0.1:")
    assert lines[-1].startswith(f"6.0/6.0 MiB {FULL_BAR} - ")
    assert_clean(result.stdout)
