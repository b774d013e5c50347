"""``progbar.integrations.click.progressbar`` inside real click commands, run by click's CliRunner.

The drop-in must behave as ``click.progressbar`` does for the command (items,
``pos``, ``finished``, the ``with`` rule) and draw progbar's clean lines with
exact counts and totals.
"""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from progbar.integrations.click import progressbar


@click.command()
@click.argument("n", type=int)
def work(n: int) -> None:
    def show(item: int | None) -> str | None:
        return None if item is None else f"item {item}"

    with progressbar(range(n), label="Work", item_show_func=show) as bar:
        total = sum(bar)
    click.echo(f"#total {total} {bar.pos} {bar.finished}")
    with progressbar(length=1000, label="Bytes") as bar:
        for _ in range(10):
            bar.update(100)
    click.echo(f"#bytes {bar.pos} {bar.length} {bar.finished}")
    with progressbar(iter(range(5)), label="Unsized") as bar:  # no length: counted to the end
        assert list(bar) == list(range(5))
    click.echo(f"#unsized {bar.pos} {bar.length}")


def test_a_click_command_draws_clean_lines_with_exact_counts() -> None:
    result = CliRunner().invoke(work, ["50"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "\r" not in result.output and "\x1b" not in result.output
    assert [line for line in lines if line.startswith("#")] == [
        "#total 1225 50 True", "#bytes 1000 1000 True", "#unsized 5 5",
    ]  # fmt: skip
    finals = [line for line in lines if "[=====" in line and "ETA" not in line]
    assert [line.split(" [")[0] for line in finals] == [
        "Work 50/50",
        "Bytes 1000/1000",
        "Unsized 5/5",
    ]
    assert finals[0].endswith(" - item 49"), finals


def test_the_same_rules_as_click() -> None:
    with pytest.raises(TypeError, match="iterable or a length"):
        progressbar()
    bar = progressbar(range(3), display="silent")
    with pytest.raises(RuntimeError, match="with block"):
        iter(bar)
    with bar:
        assert next(bar) == 0  # click's next(): the generator over the same iterator
        assert list(bar) == [1, 2]
    hidden = progressbar(length=3, hidden=True)
    assert hidden.bar.display == "silent"
