"""One width policy for every look and unit (docs/terminal.md), as a table.

Every look x units (count, bytes, tqdm's ``unit_scale``) x content (nothing,
three metrics, a postfix, a long CJK description) x width (30 to 100
columns), live and finished: the line is checked against the policy (the
bar shrinks to its floor first, then metrics/postfix go from a live line,
then the description is clipped, then the rate goes, then the bar, and the
count and ETA are the last), no row is wider than the terminal, and the line
is compared with its golden copy (``tests/width_policy_golden.json``).

``PROGBAR_REGOLDEN=1`` rewrites the golden file from the current renderer
(then read the diff: every changed line must be a policy fix).
"""

from __future__ import annotations

import json
import os
import re

import pytest
import wcwidth

from progbar._core.line import MIN_BAR, render_line
from progbar._core.snapshot import Layout, Snapshot

GOLDEN = os.path.join(os.path.dirname(__file__), "width_policy_golden.json")
WIDTHS = (30, 40, 50, 60, 80, 100)
LOOKS = {"classic": 30, "keras3": 20, "tqdm": 10_000}  # each look's default bar cells
UNITS = ("count", "bytes", "unit_scale")
CJK = "データセットを読み込んでいます長い説明"  # 38 cells
CONTENTS = {
    "plain": ((), None),
    "metrics": ((("loss", "0.1234"), ("acc", "0.9876"), ("val_loss", "0.2345")), None),
    "postfix": ((("lr", "0.001"), ("batch", "32")), None),
    "cjk": ((), CJK),
}
MIB = 1 << 20


def _case(look: str, units: str, content: str, final: bool) -> tuple[Snapshot, Layout]:
    metrics, description = CONTENTS[content]
    current, target, per_unit = 300, 500, 0.04
    if units == "bytes":
        current, target, per_unit = 300 * MIB, 500 * MIB, 1 / (25 * MIB)
    elif units == "unit_scale":
        current, target = 300_000, 500_000
    if final:
        current = target
    snap = Snapshot(
        current, target, 12.0, eta=None if final else 8.0, per_unit=per_unit,
        metrics=metrics, final=final, description=description,
        units="bytes" if units == "bytes" else "count",
    )  # fmt: skip
    layout = Layout(bar_width=LOOKS[look], look=look, unit_scale=units == "unit_scale")  # type: ignore[arg-type]
    return snap, layout


CASES = [
    (look, units, content, final, width)
    for look in LOOKS
    for units in UNITS
    for content in CONTENTS
    for final in (False, True)
    for width in WIDTHS
]


def _key(look: str, units: str, content: str, final: bool, width: int) -> str:
    return f"{look}/{units}/{content}/{'final' if final else 'live'}/{width}"


def _golden() -> dict[str, str]:
    if os.environ.get("PROGBAR_REGOLDEN"):
        lines = {_key(*case): render_line(*_case(*case[:4]), case[4]) for case in CASES}
        with open(GOLDEN, "w", encoding="utf-8") as f:
            json.dump(lines, f, ensure_ascii=False, indent=0, sort_keys=True)
    with open(GOLDEN, encoding="utf-8") as f:
        return json.load(f)  # type: ignore[no-any-return]


_BAR = {
    "classic": re.compile(r" \[([=>.]*)\]"),
    "keras3": re.compile(r" ([━─]+)"),
    "tqdm": re.compile(r"%\|([^|]*)\|"),
}


def _at_floor(snap: Snapshot, layout: Layout, **changes: object) -> int:
    """Cells of the unbounded line for ``snap`` (with ``changes``) and the bar at its floor."""
    fields = {name: getattr(snap, name) for name in Snapshot.__slots__}
    fields.update(changes)
    floor = Layout(
        bar_width=min(MIN_BAR, layout.bar_width), look=layout.look, unit_scale=layout.unit_scale
    )
    return wcwidth.width(render_line(Snapshot(**fields), floor, None))  # type: ignore[arg-type]


def _items(snap: Snapshot, look: str) -> list[str]:
    if look == "tqdm":
        return [f"{name}={value}" for name, value in snap.metrics]
    return [f" - {name}: {value}" for name, value in snap.metrics]


def _check_live(snap: Snapshot, layout: Layout, width: int, line: str) -> None:
    look = layout.look
    items = _items(snap, look)
    kept = [item for item in items if item in line]
    assert kept == items[: len(kept)], line  # metrics go from the end
    count = "300/500" if snap.units == "count" and not layout.unit_scale else None
    if count:
        assert count in line, line  # the count is always there at these widths
    eta = {"classic": " - ETA: 8s", "keras3": " 8s", "tqdm": "<00:08"}[look]
    speed = {"classic": " - 25.0 MiB/s", "keras3": "/s", "tqdm": "/s"}.get(look, "")
    has_speed = snap.units == "bytes" or look != "classic"
    bar = _BAR[look].search(line)
    desc_full = bool(snap.description) and line.startswith(snap.description or "")
    if len(kept) < len(items):  # a metric went: with the bar at its floor it could not stay
        assert _at_floor(snap, layout, metrics=snap.metrics[: len(kept) + 1]) > width, line
    if snap.description and not desc_full:  # clipped: every metric went first
        assert not kept, line
        assert _at_floor(snap, layout, metrics=()) > width, line
    if has_speed and (speed not in line if look != "keras3" else "/s" not in line):
        assert not kept and not desc_full, line  # the rate goes after them
    if bar is None:  # the bar goes after the rate, metrics and description
        assert not kept and not desc_full, line
        if has_speed and eta in line:
            assert "/s" not in line and "/step" not in line, line
    if eta not in line:  # the ETA is the last but the count
        assert not kept and not (snap.description and snap.description[:1] in line), line
        assert "/s" not in line and "/step" not in line, line
    elif bar is not None:  # the ETA and a bar: the bar is at least its floor
        cells = len(bar.group(1))
        assert cells >= min(MIN_BAR, layout.bar_width), line


@pytest.mark.parametrize(
    ("look", "units", "content", "final", "width"), CASES, ids=[_key(*case) for case in CASES]
)
def test_width_policy_table(look: str, units: str, content: str, final: bool, width: int) -> None:
    snap, layout = _case(look, units, content, final)
    line = render_line(snap, layout, width)
    rows = line.split("\n")
    for row in rows:
        assert wcwidth.width(row) <= width, line  # never wider than the terminal
    if final:  # a finished line keeps every metric, continued on rows below
        text = " ".join(rows)
        for name, value in snap.metrics:
            assert name in text and value in text, line
    else:
        assert len(rows) == 1, line
        _check_live(snap, layout, width, line)
    assert line == _golden()[_key(look, units, content, final, width)]


def test_the_issue_cases() -> None:
    """The lines the issue met: a byte bar at 40-50 columns, tqdm's postfix at 80."""
    snap, layout = _case("classic", "bytes", "plain", False)
    line = render_line(snap, layout, 40)
    assert line == "300.0/500.0 MiB [======>.....] - ETA: 8s"  # the ETA stays, the bar shrinks
    snap, layout = _case("tqdm", "count", "postfix", False)
    line = render_line(snap, layout, 80)
    assert line.endswith(", lr=0.001, batch=32]")  # the postfix stays, the bar shrinks


VERBOSE_2 = """
import progbar
for epoch in progbar.epochs(2, steps=5, verbose=2):
    for _ in range(5):
        epoch.add(loss=0.25, accuracy=0.75, val_something=0.5)
"""


@pytest.mark.slow
def test_verbose_2_on_a_narrow_terminal_keeps_its_summary_line() -> None:
    """A summary too wide for 30 columns continues on rows: never redrawn as a wrapped bar."""
    from harness import run_in_pty

    run = run_in_pty(VERBOSE_2, columns=30, rows=14)
    lines = [line for line in run.lines if line.strip()]
    summaries = [line for line in lines if line.startswith("5/5")]
    assert len(summaries) == 2, lines  # one summary line per epoch
    assert all(re.fullmatch(r"5/5 - \d+s - \d+(us|ms|s)/step", s) for s in summaries), lines
    assert not any("[" in line or "━" in line for line in lines), lines  # no bar at all
    assert all(len(line) <= 30 for line in lines)
    assert lines.count("    - val_something: 0.5000") == 2, lines  # every metric, per epoch
