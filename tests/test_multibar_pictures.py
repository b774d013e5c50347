"""The pictures of several bars in the docs come from real runs of ``scripts/screenshots.py``.

The scenes are run through the script into a temporary folder, and the
SVG is read back: the rows the terminal showed, where each text began.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "screenshots.py"
SVG = "{http://www.w3.org/2000/svg}"
pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals"),
    pytest.mark.slow,
]


def _rows(folder: Path, name: str) -> list[list[tuple[float, str]]]:
    """The picture's rows, top to bottom: ``(x, text)`` of each run of text, left to right."""
    subprocess.run(
        [sys.executable, str(SCRIPT), name, "--out", str(folder)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    root = ET.parse(folder / f"{name}.svg").getroot()
    by_y: dict[float, list[tuple[float, str]]] = {}
    for text in root.find(f"{SVG}g").iter(f"{SVG}text"):
        by_y.setdefault(float(text.get("y", "0")), []).append(
            (float(text.get("x", "0")), text.text or "")
        )
    return [sorted(by_y[y]) for y in sorted(by_y)]


def test_nested_scene_shows_the_inner_bar_indented_below_the_outer(tmp_path: Path) -> None:
    rows = _rows(tmp_path, "nested")
    firsts = [row[0] for row in rows]
    words = [text for _, text in firsts]
    assert words == ["epoch", "epoch", "train"], rows  # a write(), then the two live bars
    (x_epoch, _), (x_train, _) = firsts[1], firsts[2]
    assert x_train > x_epoch


def test_thread_pool_scene_shows_finished_files_above_the_running_ones(tmp_path: Path) -> None:
    rows = _rows(tmp_path, "thread-pool")
    names = [row[0][1] for row in rows]
    assert names == [
        "train-02.tar",
        "train-00.tar",
        "files",
        "train-01.tar",
        "valid.tar",
        "test.tar",
    ]
    finished = [" ".join(text for _, text in row) for row in rows[:2]]
    assert all("ETA" not in line and "MiB/s" in line for line in finished), finished
    assert all("ETA:" in " ".join(text for _, text in row) for row in rows[2:]), rows
