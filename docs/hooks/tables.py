"""MkDocs hook: include measured tables from the benchmark READMEs, never a stale copy.

A page writes a marker on a line of its own; at build time the marker
becomes a Markdown table of that file, read from the repository as it is:

* ``<!-- table: benchmarks/README.md#2 -->``: the file's second table;
* ``<!-- table: benchmarks/README.md#Results -->``: the first table after
  the first heading that contains ``Results``.

A missing file, heading or table fails the build, so a renamed README
cannot leave a page silently without its numbers.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NoReturn

ROOT = Path(__file__).resolve().parents[2]
MARKER = re.compile(r"^<!-- table: (?P<path>[^#\s]+)#(?P<which>[^>]+?) -->$", re.M)
RULE = re.compile(r"\|[\s:|-]+\|")


def tables_of(text: str) -> list[str]:
    """The Markdown tables in ``text``: runs of lines starting with ``|``, with a rule row."""
    tables: list[str] = []
    current: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.lstrip().startswith("|"):
            current.append(line.strip())
            continue
        if len(current) >= 2 and RULE.fullmatch(current[1]):
            tables.append("\n".join(current))
        current = []
    return tables


def table_after_heading(text: str, heading: str) -> str | None:
    """The first table after the first Markdown heading containing ``heading``."""
    for match in re.finditer(r"^#+ .*$", text, re.M):
        if heading in match.group(0):
            found = tables_of(text[match.end() :])
            return found[0] if found else None
    return None


def _fail(message: str) -> NoReturn:
    """Stop the build with ``message`` (mkdocs is imported here, so the pure parts need none)."""
    from mkdocs.exceptions import PluginError

    raise PluginError(f"tables hook: {message}")


def _table(match: re.Match[str]) -> str:
    name, which = match.group("path"), match.group("which").strip()
    path = ROOT / name
    if not path.is_file():
        _fail(f"{name} does not exist")
    text = path.read_text(encoding="utf-8")
    if which.isdigit():
        tables = tables_of(text)
        if not 1 <= int(which) <= len(tables):
            _fail(f"{name} has {len(tables)} table(s), not #{which}")
        return tables[int(which) - 1]
    table = table_after_heading(text, which)
    if table is None:
        _fail(f"{name} has no table under a heading with {which!r}")
    return table


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """Replace each table marker with the table it names."""
    return MARKER.sub(_table, markdown)
