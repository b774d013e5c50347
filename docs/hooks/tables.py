"""MkDocs hook: include measured tables from the benchmark READMEs, never a stale copy.

A page writes ``<!-- table: benchmarks/README.md#1 -->`` on a line of its
own; at build time that line becomes the first Markdown table of that file
(``#2`` the second, and so on), read from the repository as it is. A
missing file or table fails the build, so a renamed README cannot leave a
page silently without its numbers.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
MARKER = re.compile(r"^<!-- table: (?P<path>[^#\s]+)#(?P<index>\d+) -->$", re.M)


def tables_of(text: str) -> list[str]:
    """The Markdown tables in ``text``: runs of lines starting with ``|``, with a rule row."""
    tables, current = [], []
    for line in [*text.splitlines(), ""]:
        if line.lstrip().startswith("|"):
            current.append(line.strip())
            continue
        if len(current) >= 2 and re.fullmatch(r"\|[\s:|-]+\|", current[1]):
            tables.append("\n".join(current))
        current = []
    return tables


def _table(match: re.Match[str]) -> str:
    path = ROOT / match.group("path")
    if not path.is_file():
        raise PluginError(f"tables hook: {match.group('path')} does not exist")
    tables = tables_of(path.read_text(encoding="utf-8"))
    index = int(match.group("index"))
    if not 1 <= index <= len(tables):
        raise PluginError(f"tables hook: {match.group('path')} has {len(tables)} table(s)")
    return tables[index - 1]


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """Replace each table marker with the table it names."""
    return MARKER.sub(_table, markdown)
