"""The docs build hook that pulls measured tables out of the benchmark READMEs."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

HOOK = Path(__file__).resolve().parent.parent / "docs" / "hooks" / "tables.py"


def load_hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_tables_hook", HOOK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


README = """# Bench

Intro | not a table.

| tool | ns/item |
|---|---:|
| bare | 20 |
| progbar | 29 |

text between

| a | b |
| :-- | --: |
| 1 | 2 |
"""


def test_tables_are_found_in_order_and_prose_pipes_are_not_tables() -> None:
    tables = load_hook().tables_of(README)
    assert tables == [
        "| tool | ns/item |\n|---|---:|\n| bare | 20 |\n| progbar | 29 |",
        "| a | b |\n| :-- | --: |\n| 1 | 2 |",
    ]


def test_marker_is_replaced_by_the_named_table(tmp_path: Path) -> None:
    hook = load_hook()
    (tmp_path / "README.md").write_text(README)
    hook.ROOT = tmp_path
    page = "Before\n\n<!-- table: README.md#2 -->\n\nAfter\n"
    assert hook.on_page_markdown(page) == "Before\n\n| a | b |\n| :-- | --: |\n| 1 | 2 |\n\nAfter\n"


def test_a_missing_table_fails_the_build(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")  # the build fails with mkdocs' own error type
    from mkdocs.exceptions import PluginError

    hook = load_hook()
    (tmp_path / "README.md").write_text(README)
    hook.ROOT = tmp_path
    with pytest.raises(PluginError, match="has 2 table"):
        hook.on_page_markdown("<!-- table: README.md#3 -->")
    with pytest.raises(PluginError, match="does not exist"):
        hook.on_page_markdown("<!-- table: nope.md#1 -->")


def test_a_table_can_be_named_by_the_heading_above_it(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    from mkdocs.exceptions import PluginError

    hook = load_hook()
    readme = "# Intro\n\n" + README.replace("text between", "## Results")
    (tmp_path / "README.md").write_text(readme)
    hook.ROOT = tmp_path
    assert hook.on_page_markdown("<!-- table: README.md#Results -->") == (
        "| a | b |\n| :-- | --: |\n| 1 | 2 |"
    )
    with pytest.raises(PluginError, match="no table under a heading"):
        hook.on_page_markdown("<!-- table: README.md#Nowhere -->")
