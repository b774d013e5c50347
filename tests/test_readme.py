"""The README's copies of measured tables are the benchmark READMEs' tables, verbatim.

The README is read on GitHub and PyPI, where the docs build hook cannot
run, so it keeps a copy under each ``<!-- table: PATH#WHICH -->`` marker;
this test fails as soon as a benchmark is re-run and the copy is stale.
"""

from __future__ import annotations

import re
from pathlib import Path

from docs.hooks import tables as hook  # read only: test_docs_hooks.py loads its own copies

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"^<!-- table: (?P<path>[^#\s]+)#(?P<which>[^>]+?) -->\n", re.M)


def copies_in_readme() -> list[tuple[str, str, str]]:
    """``(path, which, table)`` for each marker in README.md and the table just below it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = []
    for match in MARKER.finditer(text):
        lines = []
        for line in text[match.end() :].splitlines():
            if not line.startswith("|"):
                break
            lines.append(line)
        found.append((match.group("path"), match.group("which"), "\n".join(lines)))
    return found


def test_readme_has_measured_tables() -> None:
    assert copies_in_readme(), "README.md has no <!-- table: ... --> copies"


def test_readme_tables_match_their_sources() -> None:
    for path, which, table in copies_in_readme():
        source = (ROOT / path).read_text(encoding="utf-8")
        if which.isdigit():
            expected = hook.tables_of(source)[int(which) - 1]
        else:
            expected = hook.table_after_heading(source, which)
        assert table == expected, f"README.md's copy of {path}#{which} is stale"
