"""The throttle table of docs/architecture.md stays true: each name exists, with the value shown.

Every row names where its throttle is defined (``module:Name``, ``module:Name.attr``, or
``module:Callable(param=)`` for a parameter's default) and its value; this test imports
each and compares, so changing a throttle without its row (or the row alone) fails here.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parent.parent / "docs" / "architecture.md"
WHERE = re.compile(r"^`(?P<module>[\w.]+):(?P<name>[\w.]+)(?:\((?P<param>\w+)=\))?`$")


def _rows() -> list[list[str]]:
    """The cells of each row of the table under ``## Throttles``."""
    text = PAGE.read_text(encoding="utf-8")
    section = text.split("## Throttles", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    header, body = rows[0], rows[1:]
    assert [c.strip() for c in header.strip("|").split("|")][:3] == [
        "throttle",
        "value",
        "defined in",
    ]
    return [[c.strip() for c in row.strip("|").split("|")] for row in body]


ROWS = _rows()


def _resolve(where: str) -> object:
    """The value ``where`` names: an attribute path, or a parameter's default."""
    found = WHERE.match(where)
    assert found, f"not module:name or module:Callable(param=): {where}"
    obj: object = importlib.import_module(found["module"])
    for part in found["name"].split("."):
        obj = getattr(obj, part)
    param = found["param"]
    if param is None:
        return obj
    assert callable(obj)
    default = inspect.signature(obj).parameters[param].default
    assert default is not inspect.Parameter.empty, f"{where}: no default"
    return default


def test_the_table_lists_the_throttles_of_every_layer() -> None:
    modules = set()
    for row in ROWS:
        found = WHERE.match(row[2])
        assert found, row[2]
        modules.add(found["module"])
    for layer in ("progbar._core.state", "progbar._output.policy", "progbar._output.refresher"):
        assert layer in modules
    assert len(ROWS) >= 12


@pytest.mark.parametrize("row", ROWS, ids=[row[0] for row in ROWS])
def test_each_throttle_is_defined_where_the_table_says_with_its_value(row: list[str]) -> None:
    value = re.match(r"^`([^`]+)`", row[1])
    assert value, f"the value of {row[0]!r} is not `literal` first: {row[1]}"
    expected = ast.literal_eval(value[1])
    actual = _resolve(row[2])
    assert actual == expected, f"{row[0]}: {row[2]} is {actual!r}, the table says {expected!r}"
    assert type(actual) is not bool


def test_a_wrong_value_in_the_table_would_fail() -> None:
    """The check can fail: a name that does not exist, or a value that differs."""
    with pytest.raises(AttributeError):
        _resolve("`progbar._output.policy:NO_SUCH_THROTTLE`")
    assert _resolve("`progbar._output.policy:FRAME_RATE`") != 11.0
