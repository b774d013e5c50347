"""``progbar.install()`` and real huggingface_hub, downloading from a local stand-in for the Hub.

``HF_ENDPOINT`` points the client at ``tests/harness/hub_server.py``. huggingface_hub
draws with its own tqdm subclass, bound at its import; after ``install()``
its bars (per-file bytes, "Fetching 2 files") must be progbar's, nested under
the program's ``track()`` loop in one region on a terminal, and its own choice
of ``disable=None`` for its byte bars (none unless on a terminal) must still
hold in a log, where its "Fetching" bar is a plain line.
The files must arrive as served.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from harness import run_in_pty

pytest.importorskip("huggingface_hub")
from harness.hub_server import FILES, HubServer

from progbar._output.detect import CI_VARIABLES

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent

PROGRAM = """
import progbar
progbar.install()
from huggingface_hub import snapshot_download
for repo in progbar.track(["org/model"], description="repos"):
    path = snapshot_download(repo)
print("#snapshot", path)
"""


def _env(hub: HubServer, home: Path) -> dict[str, str]:
    env = {name: "" for name in CI_VARIABLES}
    env.update(HF_ENDPOINT=hub.url, HF_HOME=str(home), HF_HUB_DISABLE_TELEMETRY="1")
    return env


def _check_files(lines: list[str]) -> None:
    snapshot = Path(lines[-1].split(" ", 1)[1])
    assert {p.name: p.read_bytes() for p in snapshot.iterdir()} == FILES


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")
def test_hub_bars_nest_under_the_loop_in_one_region(tmp_path: Path) -> None:
    with HubServer() as hub:
        run = run_in_pty(PROGRAM, columns=250, rows=12, env=_env(hub, tmp_path))
    lines = [line for line in run.lines if line]
    assert run.returncode == 0, run.output.decode(errors="replace")
    snapshot = next(line for line in lines if line.startswith("#snapshot "))
    repos = lines.index(snapshot) - 1
    assert lines[repos].startswith("repos 1/1 [=============================="), lines
    # the hub's bars, nested under the loop (indented); the two it never closes end their
    # lines at exit, after the script's own last line, each at the count it reached
    hub_lines = [line for line in lines if line.startswith("  ")]
    assert len(hub_lines) == len(lines) - 2, lines
    assert hub_lines[0].startswith("  Fetching 2 files: 100%|"), hub_lines
    done, total = hub_lines[0].split("| ")[1].split(" [")[0].split("/")
    assert done == total, hub_lines[0]
    assert all(line.rstrip().endswith("401kB") for line in hub_lines[1:]), hub_lines
    Path(snapshot.split(" ", 1)[1]).exists()
    _check_files([snapshot])


def test_hub_keeps_its_own_no_bar_in_a_log(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PROGBAR_", "TQDM_", "HF_"))}
    log = tmp_path / "out.log"
    with HubServer() as hub, log.open("w") as out:
        env.update(_env(hub, tmp_path / "home"), PYTHONPATH=str(ROOT))
        result = subprocess.run(
            [sys.executable, "-c", PROGRAM],
            stdout=out, stderr=subprocess.STDOUT, env=env, check=False, timeout=120,
        )  # fmt: skip
    text = log.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert result.returncode == 0, lines
    assert "\r" not in text and "\x1b" not in text  # tqdm itself writes \r into a log
    # what huggingface_hub shows without progbar: its file count, not its byte bars
    assert [line.split(" [")[0] for line in lines[:-1]] == [
        "repos 0/1", "Fetching 2 files: 100%|██████████| 2/2", "repos 1/1",
    ], lines  # fmt: skip
    _check_files(lines)
