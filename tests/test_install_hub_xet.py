"""``progbar.install()`` and a real Xet download: huggingface_hub and hf_xet, a local Hub and CAS.

huggingface_hub draws a Xet download as two bars. Its "downloading bytes"
bar counts the bytes on the network, whose number it cannot know ahead: it
keeps ``total`` about 1.25x ahead of what has arrived, hides it with
``bar_format="{desc}: {bar}| {n_fmt:>5}B{postfix:>12}"``, sets its rate with
``set_postfix_str`` and ends with ``total = n``. Through progbar no frame of
that bar may show a total, a percentage or a remaining time. Here nothing is
replayed: ``hf_hub_download`` asks ``tests/harness/xet_server.py`` for the file's
metadata and a read token, and hf_xet's own client asks its CAS for the
file's reconstruction and fetches the xorb ranges, paced so that several
frames are drawn. The file must arrive as served.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from harness import run_in_pty

pytest.importorskip("huggingface_hub")
pytest.importorskip("hf_xet")
from harness.xet_server import DATA, NAME, XORBS, XetHubServer
from tqdm import tqdm

from progbar._output.detect import CI_VARIABLES

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# the bytes on the network: the file's chunks with their 8-byte headers, as hf_xet counts them
TRANSFERRED = tqdm.format_sizeof(sum(len(xorb) for _, xorb, _, _ in XORBS))
SIZE = tqdm.format_sizeof(len(DATA))

PROGRAM = f"""
import progbar
progbar.install()
from huggingface_hub import hf_hub_download
print("#path", hf_hub_download("org/model", {NAME!r}))
"""


def _env(hub: XetHubServer, home: Path) -> dict[str, str]:
    env = {name: "" for name in CI_VARIABLES}
    env.update(HF_ENDPOINT=hub.url, HF_HOME=str(home), HF_HUB_DISABLE_TELEMETRY="1")
    # hf_xet's chunk cache starts empty; switches the caller's shell may hold are off
    env.update(HF_XET_CACHE=str(home / "xet"), HF_HUB_DISABLE_XET="", HF_HUB_OFFLINE="")
    env.update(HF_HUB_DISABLE_PROGRESS_BARS="")
    return env


def _check_file(output: str) -> None:
    found = re.search(r"#path (\S+)", output)  # from the bytes written: a screen wraps a long path
    assert found is not None, output
    assert Path(found[1]).read_bytes() == DATA


def _check_transfer_frames(frames: list[str]) -> None:
    """Every drawn state of the transfer bar: bytes and a rate, never a total, percentage or ETA."""
    assert frames, "the transfer bar was never drawn"
    for frame in frames:
        assert "%" not in frame and "<" not in frame and "ETA" not in frame, frame
        assert not re.search(r"B\s*/\s*[\d.]", frame), frame  # no "n / total"
        assert re.search(r"\|\s*[\d.]+[kMG]?B(,|\s*$)", frame), frame  # the bytes, then a rate


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")
def test_xet_download_bar_never_shows_its_hidden_total_on_a_terminal(tmp_path: Path) -> None:
    with XetHubServer() as hub:
        run = run_in_pty(PROGRAM, columns=120, rows=8, env=_env(hub, tmp_path))
    lines = [line.rstrip() for line in run.lines if line.strip()]
    assert run.returncode == 0, run.output.decode(errors="replace")
    output = ESCAPE.sub("", run.output.decode(errors="replace"))
    _check_file(output)
    frames = [part for part in re.split(r"[\r\n]", output) if "downloading bytes" in part]
    _check_transfer_frames(frames)
    counts = {re.findall(r"\|\s*([\d.]+[kMG]?B)", frame)[-1] for frame in frames}
    assert len(counts) >= 3, frames  # drawn as the bytes came, not only at the start and end
    shown = next(line for line in lines if line.startswith(f"{NAME}: downloading bytes: "))
    assert re.search(rf"\| {TRANSFERRED:>5}B, +[\d.]+[kM]?B/s$", shown), lines  # all, no total
    rebuilt = next(line for line in lines if line.startswith(f"{NAME}: reconstructing file: "))
    # the other bar's template asks for its total: shown
    assert "100%|" in rebuilt and f"{SIZE:>5}B / {SIZE:>5}B" in rebuilt, lines


def test_xet_download_bar_never_shows_its_hidden_total_in_a_log(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PROGBAR_", "TQDM_", "HF_"))}
    # TQDM_POSITION=-1: huggingface_hub's switch that keeps its bars on off a terminal;
    # TQDM_MININTERVAL: tqdm's default interval, which progbar's log lines follow
    env.update(PYTHONPATH=str(ROOT), TQDM_POSITION="-1", TQDM_MININTERVAL="0.15")
    log = tmp_path / "out.log"
    with XetHubServer() as hub, log.open("w") as out:
        env.update(_env(hub, tmp_path / "home"))
        result = subprocess.run(
            [sys.executable, "-c", PROGRAM],
            stdout=out, stderr=subprocess.STDOUT, env=env, check=False, timeout=120,
        )  # fmt: skip
    text = log.read_text()
    assert result.returncode == 0, text
    assert "\r" not in text and "\x1b" not in text, text
    _check_file(text)
    lines = text.splitlines()
    transfer = [line for line in lines if "downloading bytes" in line]
    _check_transfer_frames(transfer)
    assert len(transfer) >= 3, lines  # periodic lines while the bytes come, and the last
    last = f"{NAME}: downloading bytes: ██████████| {TRANSFERRED:>5}B"
    assert transfer[-1].startswith(last), lines
