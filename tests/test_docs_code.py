"""Every ``python`` code block in ``docs/`` and the README runs, as the docs promise.

Blocks are run in a fresh interpreter (one per page, each block in its own
namespace, in a temporary folder) with ``PROGBAR_DISPLAY=log``. A block that
cannot run here (it needs the internet, a GPU, a kernel) is marked in the
page source by an HTML comment on the line just before it::

    <!-- not run: needs the internet -->
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
BLOCK = re.compile(r"(?P<before>[^\n]*)\n```python[^\n]*\n(?P<code>.*?)^```", re.S | re.M)

RUNNER = r"""
import sys, traceback
blocks = {blocks!r}
for number, code in blocks:
    try:
        exec(compile(code, f"<{page} block {{number}}>", "exec"), {{"__name__": "__main__"}})
    except BaseException:
        print(f"BLOCK {{number}} FAILED", file=sys.stderr)
        traceback.print_exc()
        sys.exit(1)
"""


def python_blocks(page: Path) -> list[tuple[int, str]]:
    """``(number, code)`` of the page's runnable blocks, numbered from 1 in page order."""
    found = []
    for number, match in enumerate(BLOCK.finditer(page.read_text(encoding="utf-8")), 1):
        if not match.group("before").strip().startswith("<!-- not run"):
            found.append((number, match.group("code")))
    return found


README = DOCS.parent / "README.md"
PAGES = [*sorted(p for p in DOCS.rglob("*.md") if python_blocks(p)), README]


def test_the_block_finder_finds_blocks() -> None:
    # guards the regex: if it stopped matching, the test below would check nothing
    assert len(PAGES) >= 2
    assert any("Progbar(" in code for _, code in python_blocks(DOCS / "index.md"))


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS.parent)))
def test_code_blocks_run(page: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROGBAR_")}
    env["PROGBAR_DISPLAY"] = "log"
    code = RUNNER.format(blocks=python_blocks(page), page=page.name)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
