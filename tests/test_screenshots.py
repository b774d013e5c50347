"""``scripts/screenshots.py`` really renders what a terminal showed.

One scene is run through the script into a temporary folder; the SVG must
be well-formed and hold the text the terminal showed, in its columns.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "screenshots.py"
pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals"),
    pytest.mark.slow,
]
SVG = "{http://www.w3.org/2000/svg}"


def test_cjk_scene_renders_the_terminal_screen(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(SCRIPT), "cjk-40", "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    root = ET.parse(tmp_path / "cjk-40.svg").getroot()
    texts = [(float(t.get("x", "0")), t.text or "") for t in root.iter(f"{SVG}text")]
    words = [text for _, text in texts]
    assert "120/120" in words  # the finished bars' counts, as separate cells runs
    assert "77/120" in words  # the third bar, still running
    # a 40-column terminal: nothing is placed beyond the 40th cell
    cell, pad = 8.4, 14.0
    assert max(x for x, _ in texts) < pad + 40 * cell
    # wide characters stay two cells apart
    xs = [x for x, text in texts if text in ("下", "载")]
    assert xs == [pad, pad + 2 * cell]


def test_colours_and_bold_come_from_the_terminal(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(SCRIPT), "keras3-look", "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    root = ET.parse(tmp_path / "keras3-look.svg").getroot()
    texts = list(root.iter(f"{SVG}text"))
    green = "#a6e3a1"  # the script's colour for SGR 32, which Keras 3 uses for the done part
    done = [t for t in texts if t.get("fill") == green]
    assert done and all(set(t.text or "") == {"\N{BOX DRAWINGS HEAVY HORIZONTAL}"} for t in done)
    bold = {t.text for t in texts if t.get("font-weight") == "bold"}
    assert "469/469" in bold  # Keras 3 draws the count in bold
    plain = {t.text for t in texts if t.get("font-weight") is None}
    assert "Epoch" in plain
