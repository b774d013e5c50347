"""A finished training line never loses a figure: rows that fit, broken only between items.

Pure tests of the layout (``render_line`` for a final snapshot,
``render_summary`` with a width, ``wrap_items``) and of the ``Best epoch``
line through ``epochs()``; the real terminals are in ``test_keras_pty.py``
(Keras) and ``test_examples_training.py`` (the NumPy example).
"""

from __future__ import annotations

import io
import re

import pytest
import wcwidth
from harness import FakeClock, TtyStringIO, screen_of
from hypothesis import example, given, settings
from hypothesis import strategies as st

from progbar import Progbar, epochs
from progbar._core.cells import cell_width, clean_text
from progbar._core.line import TIME_CELLS, WRAP_MIN, Layout, Snapshot, render_line, render_summary
from progbar._core.wrap import wrap_items

KERAS_METRICS = (
    ("accuracy", "0.5234"),
    ("auc", "0.5866"),
    ("loss", "0.7800"),
    ("val_accuracy", "0.5625"),
    ("val_auc", "0.6392"),
    ("val_loss", "0.7283"),
)


def final(metrics: tuple[tuple[str, str], ...] = KERAS_METRICS, **kw: object) -> Snapshot:
    return Snapshot(8, kw.pop("target", 8), 1.0, per_unit=0.002, metrics=metrics, final=True, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("width", "look", "expected"),
    [
        (
            80,
            "classic",
            [
                "8/8 [==============================] - 1s 2ms/step - accuracy: 0.5234",
                "    - auc: 0.5866 - loss: 0.7800 - val_accuracy: 0.5625 - val_auc: 0.6392",
                "    - val_loss: 0.7283",
            ],
        ),
        (
            100,
            "keras3",
            [
                "8/8 ━━━━━━━━━━━━━━━━━━━━ 1s 2ms/step - accuracy: 0.5234 - auc: 0.5866"
                " - loss: 0.7800",
                "    - val_accuracy: 0.5625 - val_auc: 0.6392 - val_loss: 0.7283",
            ],
        ),
        (
            40,
            "classic",
            [
                "8/8 [==================] - 1s 2ms/step",
                "    - accuracy: 0.5234 - auc: 0.5866",
                "    - loss: 0.7800",
                "    - val_accuracy: 0.5625",
                "    - val_auc: 0.6392 - val_loss: 0.7283",
            ],
        ),
    ],
)
def test_final_line_continues_on_indented_rows(width: int, look: str, expected: list[str]) -> None:
    bar = 30 if look == "classic" else 20
    line = render_line(final(), Layout(bar_width=bar, look=look), width)  # type: ignore[arg-type]
    rows = line.split("\n")
    assert [row.rstrip(" ") for row in rows] == expected
    assert all(wcwidth.width(row) == width for row in rows)  # blanks over what live lines left


def test_a_final_line_that_fits_is_the_single_line_it_always_was() -> None:
    snap = final(KERAS_METRICS[:2])
    assert render_line(snap, Layout(), 80) == (
        "8/8 [=========================] - 1s 2ms/step - accuracy: 0.5234 - auc: 0.5866"
    )  # the bar gave up cells so that the line fits, as if its time took TIME_CELLS
    assert len(" - 1s 2ms/step") + 2 == TIME_CELLS  # so the line is 2 cells short of 80
    live = Snapshot(4, 8, 1.0, eta=1.0, metrics=KERAS_METRICS)
    assert "\n" not in render_line(live, Layout(), 80)  # the live line still drops metrics
    assert "val_loss" not in render_line(live, Layout(), 80)
    assert "\n" not in render_line(final(), Layout(), None)  # a log: one long line
    assert "\n" not in render_line(final(), Layout(), WRAP_MIN - 1)  # too narrow to help


@pytest.mark.parametrize("width", [40, 50, 60, 70, 80, 90, 100, 110, 120, 140])
@pytest.mark.parametrize("look", ["classic", "keras3"])
def test_finished_lines_of_one_run_have_bars_of_one_width(width: int, look: str) -> None:
    """Epochs differ in step time and metric values; their finished bars must not.

    Before, the bar of a finished line shrank to fit the metrics' first row, so
    a Keras callback's epochs drew bars of 26, 24, 24 cells at 80 columns
    (the first epoch's step time, ``2s 1ms/step``, is shorter than the rest's).
    """
    runs = [  # as Keras formats figures: four decimals
        (1.9, 0.0012, ("0.4922", "0.7032", "0.5078", "0.7010")),
        (0.2, 0.000661, ("0.5195", "0.6998", "0.5195", "0.6979")),
        (0.1, 0.0000524, ("0.5312", "0.6969", "0.5391", "0.6952")),
    ]
    names = ("accuracy", "loss", "val_accuracy", "val_loss")
    bars = set()
    for elapsed, per_step, values in runs:
        snap = Snapshot(
            8, 8, elapsed, per_unit=per_step, metrics=tuple(zip(names, values)), final=True
        )
        line = render_line(snap, Layout(look=look), width)  # type: ignore[arg-type]
        assert all(wcwidth.width(row) <= width for row in line.split("\n"))
        first = line.split("\n")[0]
        bars.add(len(re.search(r"\[(=*)\]" if look == "classic" else r"(━+)", first).group(1)))  # type: ignore[union-attr]
    assert len(bars) == 1, bars


def test_unknown_total_final_line_wraps_too() -> None:
    rows = render_line(final(target=None), Layout(), 50).split("\n")
    assert rows[0].startswith("      8/Unknown - 1s 2ms/step")
    assert all(wcwidth.width(row) <= 50 for row in rows)
    assert all(f"{name}: {value}" in "\n".join(rows) for name, value in KERAS_METRICS)


_names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12)
_values = st.from_regex(r"-?[0-9]\.[0-9]{4}(e-0[0-9])?", fullmatch=True)


@settings(max_examples=150, deadline=None)
@given(
    metrics=st.lists(st.tuples(_names, _values), min_size=1, max_size=10).map(tuple),
    width=st.integers(WRAP_MIN, 160),
    look=st.sampled_from(["classic", "keras3"]),
    color=st.booleans(),
    description=st.none() | _names,
)
@example(  # found by hypothesis: a name whose two measures differ
    metrics=(("\U0001f400\U0001f3fb", "0.5000"),),
    width=13,
    look="classic",
    color=False,
    description=None,
)
def test_every_figure_stays_on_some_row_within_the_width(
    metrics: tuple[tuple[str, str], ...],
    width: int,
    look: str,
    color: bool,
    description: str | None,
) -> None:
    layout = Layout(look=look, color=color, bar_width=20)  # type: ignore[arg-type]
    rows = render_line(final(metrics, description=description), layout, width).split("\n")
    plain = [wcwidth.strip_sequences(row) for row in rows]
    assert all(wcwidth.width(row) <= width for row in plain)
    text = "\n".join(plain)
    for name, value in metrics:
        item = f"- {clean_text(name)}: {value}"
        # measured as progbar measures (an emoji with a skin-tone modifier: 4 cells, where
        # wcwidth's grapheme-aware width says 2; terminals differ, the larger is safe)
        if cell_width(item) + 1 <= width:  # an item a row can hold is never cut
            assert item in text, (item, plain)
        elif cell_width(f"\N{HORIZONTAL ELLIPSIS}: {value}") <= width:
            assert f": {value}" in text, (item, plain)  # the name gives way, the figure stays


@pytest.mark.parametrize(
    ("items", "width", "rows"),
    [
        ([" - a: 1.0000", " - b: 2.0000"], 40, ["lead - a: 1.0000 - b: 2.0000"]),
        ([" - a: 1.0000", " - b: 2.0000"], 20, ["lead - a: 1.0000", "   - b: 2.0000"]),
        ([" - a: 1.0000"] * 3, 16, ["lead - a: 1.0000", "   - a: 1.0000", "   - a: 1.0000"]),
        ([" - a_long_name: 1.0000"], 16, ["lead", "- a_lon…: 1.0000"]),  # the name gives way
        ([" - verylong: -1.0000e-05"], 14, ["lead", "…: -1.0000e-05"]),  # all of it
        ([" - x: " + "z" * 30], 16, ["lead", "- x: zzzzzzzzzzz"]),  # a label: clipped
        ([" - a: 1.0000"], None, ["lead - a: 1.0000"]),  # unbounded: one row
    ],
)
def test_wrap_items_breaks_only_between_items(
    items: list[str], width: int | None, rows: list[str]
) -> None:
    assert wrap_items("lead", items, width, indent=2) == rows


def test_wrap_items_clips_a_lead_wider_than_the_width() -> None:
    rows = wrap_items("Best epoch 12/20 (lowest val_loss)", [" - loss: 0.5000"], 20, indent=10)
    assert rows == ["Best epoch 12/20 (lo", "      - loss: 0.5000"]  # indent: at most a quarter
    assert all(wcwidth.width(row) <= 20 for row in rows)


def test_verbose_2_summary_fits_a_given_width() -> None:
    snap = final()
    one = render_summary(snap)
    assert one == render_summary(snap, None) == render_summary(snap, 200)
    assert "\n" not in one
    rows = render_summary(snap, 80).split("\n")
    assert rows == [
        "8/8 - 1s - 2ms/step - accuracy: 0.5234 - auc: 0.5866 - loss: 0.7800",
        "    - val_accuracy: 0.5625 - val_auc: 0.6392 - val_loss: 0.7283",
    ]
    hostile = final((("val_\x1b[31mloss\x1b[0m", "0.1234"), ("x" * 70, "1.0000")))
    rows = render_summary(hostile, 40).split("\n")
    assert "\x1b" not in "".join(rows)
    assert rows[0] == "8/8 - 1s - 2ms/step - val_loss: 0.1234"
    assert all(wcwidth.width(row) <= 40 for row in rows) and rows[-1].endswith(": 1.0000")


# -- the Best epoch line -------------------------------------------------------------------

HOSTILE = {
    "loss": 0.5,
    "weird\x1b]0;owned\x07\x1b[2Jname": 1.0,
    "note": "a\r\nb\x1b[1A\x9b2K",
}


def best_line_run(stream: io.StringIO, **options: object) -> str:
    clock = FakeClock()
    for epoch in epochs(2, 2, file=stream, clock=clock, best="val_loss", **options):  # type: ignore[arg-type]
        for step in (1, 2):
            clock.tick(0.1)
            epoch.update(step, {k: v for k, v in HOSTILE.items() if k != "note"})
        epoch.end(val_loss=1.0 / epoch.number, val_accuracy=0.5, note=HOSTILE["note"])
    return stream.getvalue()


@pytest.mark.parametrize("display", ["log", "tty"])
def test_best_epoch_line_never_carries_controls_or_escapes(display: str) -> None:
    stream = TtyStringIO() if display == "tty" else io.StringIO()
    text = best_line_run(stream, display=display, verbose=1 if display == "tty" else 2)
    best = text[text.index("Best epoch") :]
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", best), repr(best)  # "\n" only
    assert "weirdname: 1.0000" in best and "note: a  b2K" in best


def test_best_epoch_line_fits_the_terminal_and_keeps_every_figure() -> None:
    stream = TtyStringIO()
    text = best_line_run(stream, display="tty")
    best = text[text.index("Best epoch") :].rstrip("\n").split("\n")
    assert len(best) > 1  # 80 columns cannot hold it all
    assert all(wcwidth.width(row) <= 80 for row in best)
    assert best[0].startswith("Best epoch 2/2 (lowest val_loss) - loss: 0.5000")
    assert all(row.startswith("           - ") for row in best[1:])
    shown = "\n".join(best)
    for item in ("weirdname: 1.0000", "val_loss: 0.5000", "val_accuracy: 0.5000", "note: a"):
        assert item in shown
    screen = [line.rstrip() for line in screen_of(text, columns=80, rows=20).display]
    assert screen[screen.index(best[0].rstrip()) + 1 :][: len(best) - 1] == [
        row.rstrip() for row in best[1:]
    ]


def test_best_epoch_line_in_a_log_is_one_line() -> None:
    text = best_line_run(io.StringIO(), verbose=2)
    best = [line for line in text.splitlines() if line.startswith("Best epoch")]
    assert len(best) == 1 and best[0].endswith(" - val_accuracy: 0.5000 - note: a  b2K")


def test_a_wrapped_final_line_above_a_live_bar_leaves_no_stale_text() -> None:
    """Its rows overwrite the region's old rows (a longer live line): each blanks its own end."""
    stream, clock = TtyStringIO(), FakeClock()
    metrics = [(f"metric_{k}", k / 7) for k in range(8)]
    first = Progbar(10, clock=clock, interval=0, file=stream, display="tty")
    second = Progbar(10, clock=clock, interval=0, file=stream, display="tty", description="x" * 40)
    for step in range(1, 11):
        clock.tick(0.1)
        second.update(min(step, 9), metrics)
        first.update(step, metrics)
    second.update(10, metrics)
    rows = [line.rstrip() for line in screen_of(stream.getvalue(), columns=80, rows=12).display]
    finished = [row for row in rows if row]
    item = r"- metric_\d: [0-9.e+-]+"
    first_row = rf"(x+\N{{HORIZONTAL ELLIPSIS}}? )?10/10 \[=+\] - 1s \d+ms/step( {item})*"
    for row in finished:  # whole rows of ours and nothing after them
        assert re.fullmatch(first_row, row) or re.fullmatch(rf" +{item}( {item})*", row), rows
    assert len([row for row in finished if "10/10 [" in row]) == 2
    shown = "\n".join(finished)
    assert all(shown.count(f"metric_{k}: ") == 2 for k in range(8)), rows


VERBOSE_2 = """
import progbar
names = ["loss", "accuracy", "precision", "recall", "val_loss", "val_accuracy", "val_recall"]
bar = progbar.Progbar(10, verbose=2)
for step in range(1, 11):
    bar.update(step, [(name, 0.5 + step / 100) for name in names])
print("end")
"""


@pytest.mark.slow
def test_verbose_2_line_on_a_terminal_fits_it_and_keeps_every_figure() -> None:
    from harness import run_in_pty

    run = run_in_pty(VERBOSE_2, columns=60, rows=12)
    assert run.returncode == 0, run.output[-500:]
    lines = [line for line in run.lines if line]
    assert lines[-1] == "end"
    for name in ("loss", "accuracy", "precision", "recall", "val_loss", "val_accuracy"):
        # whole on one screen line: never broken by the terminal's own wrap
        assert any(f" {name}: 0.5550" in line for line in lines), (name, lines)
    assert all(len(line) <= 60 for line in run.lines)
    assert len(lines) > 2  # it did need more than one row at 60 columns
    assert b"\x1b[" not in run.output  # one summary line: nothing redrawn in place
