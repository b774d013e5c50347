"""Golden lines for every Keras format case, straight from the pure renderer."""

from __future__ import annotations

import pytest

from progbar._core.line import Layout, Snapshot, render_line, render_summary

CLASSIC = Layout()


@pytest.mark.parametrize(
    ("snap", "line"),
    [
        (
            Snapshot(37036032, 87910968, 5.0, eta=37.4),
            "37036032/87910968 [===========>..................] - ETA: 37s",
        ),
        (
            Snapshot(87910968, 87910968, 12.3, per_unit=0.00014, final=True),
            "87910968/87910968 [==============================] - 12s 140us/step",
        ),
        (Snapshot(120, None, 3.1, per_unit=0.025), "    120/Unknown - 3s 25ms/step"),
        (Snapshot(5, 100, 1.0, eta=62.0), "  5/100 [>" + "." * 29 + "] - ETA: 1:02"),
        (
            Snapshot(50, 100, 1.0, eta=3723.0),
            " 50/100 [==============>...............] - ETA: 1:02:03",
        ),
        (Snapshot(0, 100, 0.0, eta=None), "  0/100 [..............................] - ETA: ?"),
        (Snapshot(1, 3, 2.0, eta=4.0), "1/3 [=========>....................] - ETA: 4s"),
        (
            Snapshot(3, 3, 2.6, per_unit=2.0, unit_name="epoch", final=True),
            "3/3 [==============================] - 3s 2s/epoch",
        ),
        (
            Snapshot(30, 30, 0.4, per_unit=0.0131, final=True, metrics=(("loss", "0.1234"),)),
            "30/30 [==============================] - 0s 13ms/step - loss: 0.1234",
        ),
        (
            Snapshot(10, 30, 1.0, eta=2.0, metrics=(("loss", "0.1234"), ("lr", "1.0000e-03"))),
            "10/30 [=========>....................] - ETA: 2s - loss: 0.1234 - lr: 1.0000e-03",
        ),
        (
            Snapshot(0, 0, 0.0, per_unit=0.0, final=True),
            "0/0 [==============================] - 0s 0s/step",
        ),
        (
            Snapshot(7, 5, 1.0, per_unit=0.2, final=True),
            "7/5 [==============================] - 1s 200ms/step",
        ),
    ],
)
def test_classic_lines_match_keras(snap: Snapshot, line: str) -> None:
    assert render_line(snap, CLASSIC) == line


def test_unfinished_bar_closed_early_keeps_its_tip() -> None:
    # a loop left by break: the elapsed time is shown, but the bar does not claim 100%
    line = render_line(Snapshot(45, 100, 3.0, per_unit=0.066, final=True), CLASSIC)
    assert line == " 45/100 [" + "=" * 12 + ">" + "." * 17 + "] - 3s 66ms/step"


def test_description_goes_first() -> None:
    line = render_line(Snapshot(1, 2, 0.0, eta=1.0, description="下载"), Layout(bar_width=4))
    assert line == "下载 1/2 [=>..] - ETA: 1s"


@pytest.mark.parametrize(
    ("snap", "line"),
    [
        (
            Snapshot(3, 3, 1.2, per_unit=0.4, final=True, metrics=(("loss", "0.5000"),)),
            "3/3 - 1s - 400ms/step - loss: 0.5000",
        ),
        (Snapshot(120, None, 3.0, per_unit=0.025, final=True), "120/Unknown - 3s - 25ms/step"),
    ],
)
def test_verbose_two_summary(snap: Snapshot, line: str) -> None:
    assert render_summary(snap) == line


def test_keras3_look_without_colour() -> None:
    layout = Layout(bar_width=10, look="keras3")
    line = render_line(Snapshot(3, 10, 1.0, eta=5.0, per_unit=0.5), layout)
    assert line == " 3/10 " + "━" * 3 + "─" * 7 + " 5s 500ms/step"


def test_keras3_look_with_colour_matches_keras_codes() -> None:
    layout = Layout(bar_width=4, look="keras3", color=True)
    line = render_line(Snapshot(2, 4, 1.0, eta=5.0, per_unit=0.5), layout)
    assert line == (
        "\x1b[1m2/4\x1b[0m \x1b[32m━━\x1b[0m\x1b[37m━━\x1b[0m \x1b[1m5s\x1b[0m 500ms/step"
    )


@pytest.mark.parametrize("width", [80, 60, 45, 40, 30, 20, 12, 5, 1, 0])
def test_line_fits_width_and_shrinks_bar_first(width: int) -> None:
    import wcwidth

    snap = Snapshot(
        12,
        100,
        3.0,
        eta=62.0,
        metrics=(("loss", "0.1234"), ("accuracy", "0.9000")),
        description="训练 🚀",
    )
    line = render_line(snap, CLASSIC, width)
    assert wcwidth.width(line) <= width
    if width >= 45:  # enough room for count, a minimal bar and the ETA
        assert "12/100 [" in line
        assert "ETA: 1:02" in line


def test_metrics_dropped_before_the_bar_disappears() -> None:
    snap = Snapshot(12, 100, 3.0, eta=62.0, metrics=(("loss", "0.1234"), ("accuracy", "0.9000")))
    line = render_line(snap, CLASSIC, 50)
    assert line == " 12/100 [>" + "." * 12 + "] - ETA: 1:02 - loss: 0.1234"
    # one cell less and the bar shrinks again rather than losing the remaining metric
    assert (
        render_line(snap, CLASSIC, 49) == " 12/100 [>" + "." * 11 + "] - ETA: 1:02 - loss: 0.1234"
    )
