"""The figures a page prints are the figures its code prints.

For the pages below, every ``python`` block followed directly by a ``text``
block is run (``PROGBAR_DISPLAY=log``, as ``test_docs_code`` runs them) and
its output compared with that block, line by line. Only what depends on the
machine's speed is masked: durations (``0s``, ``2us/step``); counts, bars,
metric values and the ETA's presence are compared as printed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = ["logs.md"]
PAIR = re.compile(
    r"^```python[^\n]*\n(?P<code>.*?)^```\s*\n```text\n(?P<text>.*?)^```", re.S | re.M
)
TIMES = re.compile(r"(?<![\w.])\d+(\.\d+)?(us|ms|s)(/step)?\b|\d+:\d\d(:\d\d)?")


def _masked(text: str) -> list[str]:
    return [TIMES.sub("<t>", line.rstrip()) for line in text.strip("\n").splitlines()]


def _pairs(page: str) -> list[tuple[str, str]]:
    source = (DOCS / page).read_text(encoding="utf-8")
    return [(m.group("code"), m.group("text")) for m in PAIR.finditer(source)]


def test_the_pairs_are_found() -> None:
    assert len(_pairs("logs.md")) >= 2  # a broken regex would check nothing
    assert _masked("100/100 - 0s - 2us/step - loss: 0.0519") == [
        "100/100 - <t> - <t> - loss: 0.0519"
    ]


@pytest.mark.parametrize(
    ("page", "number"), [(page, i) for page in PAGES for i in range(len(_pairs(page)))]
)
def test_printed_figures_match_the_code(page: str, number: int, tmp_path: Path) -> None:
    code, text = _pairs(page)[number]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROGBAR_")}
    env["PROGBAR_DISPLAY"] = "log"
    env["PYTHONPATH"] = str(DOCS.parent)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert _masked(result.stdout) == _masked(text)


ROOT = DOCS.parent


@pytest.mark.parametrize("page", ["workers.md", "pipe.md", "records.md"])
def test_every_guide_is_linked_from_the_readme_and_the_index(page: str) -> None:
    assert f"](docs/{page})" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"]({page})" in (DOCS / "index.md").read_text(encoding="utf-8")


def test_the_api_page_reads_without_the_site() -> None:
    """Outside mkdocs, ``:::`` directives show nothing: every public name has readable text."""
    import progbar

    text = (DOCS / "api.md").read_text(encoding="utf-8")
    readable = "\n".join(
        line
        for line in text.splitlines()
        if not line.startswith(":::") and not line.startswith("    ")  # directives, options
    )
    for name in progbar.__all__:
        assert re.search(rf"^\| `{re.escape(name)}` \| .+ \| .+ \|$", readable, re.M), name
