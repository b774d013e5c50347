"""``progbar.install()`` and a real datasets ``map``: its "Map" bars are progbar's.

datasets draws with its own tqdm subclass, bound at its import. After
``install()`` each ``map`` bar must be a child of the program's ``track()``
loop in one region on a terminal (read back through pyte), and a plain line
ending at the exact count in a log; the mapped data must be unchanged.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from harness import run_in_pty

from progbar._output.detect import CI_VARIABLES

pytest.importorskip("datasets")
pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
ROWS = 1000

PROGRAM = f"""
import progbar
progbar.install()
from datasets import Dataset
data = Dataset.from_dict({{"x": list(range({ROWS}))}})
for epoch in progbar.track(range(2), description="epoch"):
    out = data.map(lambda row: {{"y": row["x"] * 2}})
print("#sum", sum(out["y"]))
"""


def _env(home: Path) -> dict[str, str]:
    env = {name: "" for name in CI_VARIABLES}
    env.update(HF_HOME=str(home), HF_DATASETS_CACHE=str(home / "datasets"))
    return env


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")
def test_map_bars_nest_under_the_loop_in_one_region(tmp_path: Path) -> None:
    run = run_in_pty(PROGRAM, columns=120, rows=10, env=_env(tmp_path))
    lines = [line for line in run.lines if line]
    assert run.returncode == 0, run.output.decode(errors="replace")
    assert lines[-1] == f"#sum {sum(range(ROWS)) * 2}"
    assert lines[-2].startswith("epoch 2/2 [=============================="), lines
    assert len(lines) == 4 and all(
        line.startswith("  Map: 100%|") and f"| {ROWS}/{ROWS} [" in line for line in lines[:2]
    ), lines


def test_map_bars_in_a_log_are_plain_lines(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PROGBAR_", "TQDM_", "HF_"))}
    env.update(_env(tmp_path), PYTHONPATH=str(ROOT))
    log = tmp_path / "out.log"
    with log.open("w") as out:
        result = subprocess.run(
            [sys.executable, "-c", PROGRAM],
            stdout=out, stderr=subprocess.STDOUT, env=env, check=False, timeout=120,
        )  # fmt: skip
    text = log.read_text(encoding="utf-8")
    assert result.returncode == 0, text
    assert "\r" not in text and "\x1b" not in text
    lines = text.splitlines()
    maps = [line for line in lines if line.startswith("Map")]
    assert len(maps) == 2 and all(f"100%|██████████| {ROWS}/{ROWS} [" in line for line in maps)
    assert lines[-1] == f"#sum {sum(range(ROWS)) * 2}"
