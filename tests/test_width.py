"""Lines fit the terminal: real pseudo-terminals read back through pyte, and a property test."""

from __future__ import annotations

import re
import unicodedata

import pytest
import wcwidth
from harness import run_in_pty, run_in_pty_resized
from harness.pty import RESIZE_MARK
from hypothesis import given, settings
from hypothesis import strategies as st

from progbar._core.line import Layout, Snapshot, render_line
from progbar._output.detect import CI_VARIABLES

NO_CI = {name: "" for name in CI_VARIABLES}  # the test runner's own CI must not make this a log

DESCRIPTIONS = [
    "训练模型的数据集",  # Chinese: 2 cells each
    "日本語のテキスト処理",  # Japanese
    "🚀 launch 🎉🔥",  # emoji
    "e\u0301te\u0301 cafe\u0301 nai\u0308ve",  # combining marks: 0 cells each
]

BARS = """
import progbar

class Clock:
    now = 0.0
    def __call__(self):
        return self.now

DESCRIPTIONS = {descriptions!r}
METRICS = [("metric_%d" % k, k / 7) for k in range(8)]  # far too many for any width
for i, description in enumerate(DESCRIPTIONS):
    clock = Clock()
    bar = progbar.Progbar(100, description=description, clock=clock, look={look!r})
    for step in range(1, 101):
        clock.now += 0.37
        bar.update(step, METRICS)
    print("#%d" % i)
"""

BAR = re.compile(r"\d+/100 (\[[=>.]+\]|[━─]+)")
COUNT = re.compile(r"\d+/100( |$)")


def _rows_above(lines: list[str], marker: str) -> list[str]:
    """The finished line printed just before ``marker``: its first row and its continuation rows."""
    end = lines.index(marker)
    start = end - 1
    while start > 0 and CONTINUED.match(lines[start]):
        start -= 1
    return lines[start:end]


CONTINUED = re.compile(r"^ *- \S")  # a row carrying more of a finished line's metrics


def _frames(output: bytes) -> list[str]:
    r"""Every piece of text written between two ``\r``/``\n``: each is one drawn line."""
    text = output.decode("utf-8")
    return [frame for frame in re.split(r"[\r\n]", text) if frame]


@pytest.mark.slow
@pytest.mark.parametrize("columns", [20, 40, 80, 200])
def test_no_line_wraps_and_count_stays(columns: int) -> None:
    code = BARS.format(descriptions=DESCRIPTIONS, look="classic")
    run = run_in_pty(code, columns=columns, rows=60, env=NO_CI)
    assert run.returncode == 0, run.output
    bar_frames = [f for f in _frames(run.output) if "/100" in f]
    assert len(bar_frames) > len(DESCRIPTIONS)  # redrawn in place, many times
    for frame in bar_frames:
        assert wcwidth.width(frame) <= columns, frame
        assert COUNT.search(frame), frame  # the count, at every width here
        if columns >= 40:
            assert BAR.search(frame), frame  # and the bar, where its floor fits
    # a line wrapped by the terminal would push later rows down and put a bar row in between:
    # each marker sits right under its bar's rows (the finished line keeps every metric)
    for i, description in enumerate(DESCRIPTIONS):
        rows = _rows_above(run.lines, f"#{i}")
        final = rows[0]
        assert ("100/100 [" if columns >= 40 else "100/100 - ") in final, run.lines
        shown = " ".join(rows)
        values = ["%.4f" % (k / 7) if k else "0.0000e+00" for k in range(8)]
        assert all(f": {value}" in shown for value in values), rows  # every figure stays
        if columns >= 40:  # and its name, where a row can hold it
            assert all(f"metric_{k}: " in shown for k in range(8)), rows
        if columns >= 80:
            # pyte composes a letter and its combining mark into one cell, as terminals do
            shown = unicodedata.normalize("NFC", description)
            assert final.startswith(shown + " 100/100 [=====")
        if columns == 200:
            assert "metric_0: " in final


EMOJI_SEQUENCES = [
    "🇯🇵🇫🇷🇺🇸🇩🇪 flags",  # two regional indicators each: 2 cells, or 4 per code point
    "👍🏽👋🏿🙏🏻 skin tones",  # emoji + modifier: 2 cells, or 4 per code point
    "👨\u200d👩\u200d👧 family, 🏳️\u200d🌈",  # ZWJ sequences: 2 cells, or 6 / 3 per code point
]


def per_code_point_width(text: str) -> int:
    """Cells on a terminal that advances per code point, as pyte does."""
    return sum(max(wcwidth.wcwidth(c), 0) for c in wcwidth.strip_sequences(text))


@pytest.mark.slow
@pytest.mark.parametrize("look", ["classic", "keras3"])
@pytest.mark.parametrize("columns", [31, 40, 80])
def test_emoji_sequences_never_wrap_on_either_kind_of_terminal(columns: int, look: str) -> None:
    """pyte draws a flag in 4 cells, a cluster-aware terminal in 2: no line wraps on either."""
    code = BARS.format(descriptions=EMOJI_SEQUENCES, look=look)
    run = run_in_pty(code, columns=columns, rows=60, env=NO_CI)  # every row stays on screen
    assert run.returncode == 0, run.output
    frames = [f for f in _frames(run.output) if "/100" in f]
    assert len(frames) > len(EMOJI_SEQUENCES)
    for frame in frames:
        assert per_code_point_width(frame) <= columns, frame
        assert wcwidth.width(frame) <= columns, frame
        assert BAR.search(wcwidth.strip_sequences(frame)), frame
    # a wrapped row would split a bar's line: right above each marker are its finished line's
    # first row (the count and bar) and only whole continuation rows of its metrics
    for i in range(3):
        rows = _rows_above(run.lines, f"#{i}")
        # (pyte keeps only the first code point of a ZWJ sequence's row: rows[0] may be short)
        assert rows[0] and not CONTINUED.match(rows[0]), run.lines
        assert all(CONTINUED.match(r) for r in rows[1:]), run.lines
    assert all(per_code_point_width(line) <= columns for line in run.lines)
    if columns >= 80:  # room for the whole description: it is kept whole
        assert "🇯🇵🇫🇷🇺🇸🇩🇪 flags" in run.output.decode()


@pytest.mark.slow
def test_keras3_colour_bar_fits_forty_columns() -> None:
    code = BARS.format(descriptions=DESCRIPTIONS, look="keras3")
    run = run_in_pty(code, columns=40, rows=60, env=NO_CI)
    assert b"\x1b[32m" in run.output  # coloured, on a real terminal
    frames = [f for f in _frames(run.output) if "/100" in f]
    assert frames
    for frame in frames:
        assert wcwidth.width(frame) <= 40, frame
        assert BAR.search(wcwidth.strip_sequences(frame)), frame
    for i in range(4):
        assert "100/100 " in _rows_above(run.lines, f"#{i}")[0], run.lines


@pytest.mark.slow
def test_resize_from_80_to_40_columns_mid_run() -> None:
    code = """
    import progbar

    class Clock:
        now = 0.0
        def __call__(self):
            return self.now

    clock = Clock()
    bar = progbar.Progbar(100, description="训练 résumé", clock=clock)
    for step in range(1, 101):
        clock.now += 0.5
        bar.update(step, [("loss", 0.25), ("accuracy", 0.75), ("val_loss", 0.5)])
        if step == 40:
            resize_point()
    print("#end")
    """
    run, mark = run_in_pty_resized(code, columns=80, new_columns=40, rows=6, env=NO_CI)
    assert run.returncode == 0, run.output
    assert mark > 0
    before = [f for f in _frames(run.output[:mark]) if "/100" in f]
    after = [f for f in _frames(run.output[mark + len(RESIZE_MARK) :]) if "/100" in f]
    assert before and after
    assert max(wcwidth.width(f) for f in before) > 40  # the wide terminal was used
    for frame in after:
        assert wcwidth.width(frame) <= 40, frame
        assert BAR.search(frame), frame
    rows = _rows_above(run.lines, "#end")
    assert rows[0] == run.lines[0] and "100/100 [" in rows[0], run.lines
    assert all(name in " ".join(rows) for name in ("loss: ", "accuracy: ", "val_loss: "))


# -- the layout property ------------------------------------------------------------

# any text at all: controls, escapes, combining marks, wide and ambiguous characters,
# and emoji sequences (flags, skin tones, ZWJ) that the two kinds of terminal measure apart
_emoji_parts = st.sampled_from(
    [
        "\U0001f1ef",
        "\U0001f1f5",
        "\U0001f44d",
        "\U0001f3fd",
        "\u200d",
        "\ufe0f",
        "\u20e3",
        "1",
        "👨",
    ]
)
_text = st.text(max_size=40) | st.lists(_emoji_parts | st.text(max_size=2), max_size=20).map(
    "".join
)
_snapshots = st.builds(
    Snapshot,
    current=st.integers(0, 10**9) | st.floats(0, 1e12, allow_nan=False),
    target=st.none() | st.integers(0, 10**9),
    elapsed=st.floats(0, 1e7, allow_nan=False),
    eta=st.none() | st.floats(0, 1e7, allow_nan=False),
    per_unit=st.none() | st.floats(0, 1e4, allow_nan=False),
    unit_name=_text,
    metrics=st.lists(st.tuples(_text, _text), max_size=6).map(tuple),
    final=st.booleans(),
    description=st.none() | _text,
    units=st.just("count"),
)
_layouts = st.builds(
    Layout,
    bar_width=st.integers(1, 60),
    look=st.sampled_from(["classic", "keras3", "tqdm"]),
    color=st.booleans(),
    ascii_only=st.booleans(),
    ambiguous_wide=st.booleans(),
    encoding=st.sampled_from([None, "ascii", "cp1252", "latin-1"]),
    unit_scale=st.sampled_from([False, True, 0.5, 512]),
    unit_divisor=st.sampled_from([1000, 1024]),
)


@settings(max_examples=400, deadline=None)
@given(snap=_snapshots, layout=_layouts, width=st.integers(0, 220))
def test_rendered_width_never_exceeds_the_width(snap: Snapshot, layout: Layout, width: int) -> None:
    line = render_line(snap, layout, width)
    amb = 2 if layout.ambiguous_wide else 1
    rows = line.split("\n")  # a finished line may continue on more rows, each within the width
    assert len(rows) == 1 or snap.final
    for row in rows:
        assert wcwidth.width(row, ambiguous_width=amb) <= width  # a cluster-aware terminal
        plain = wcwidth.strip_sequences(row)
        per_code_point = sum(max(wcwidth.wcwidth(c, ambiguous_width=amb), 0) for c in plain)
        assert per_code_point <= width  # a terminal that advances per code point (pyte)
        assert not re.search("[\x00-\x1f\x7f-\x9f]", plain)  # no user control reaches it
    if layout.encoding is not None:
        line.encode(layout.encoding)  # would raise if the fallback missed a character
    if not layout.color:
        assert "\x1b" not in line


@pytest.mark.parametrize("width", [20, 40, 80, 200])
@pytest.mark.parametrize("description", DESCRIPTIONS)
def test_layout_keeps_count_and_eta_and_never_splits_a_wide_character(
    width: int, description: str
) -> None:
    metrics = tuple((f"metric_{k}", "0.1234") for k in range(8))
    snap = Snapshot(37, 100, 9.0, eta=15.0, metrics=metrics, description=description)
    line = render_line(snap, Layout(), width)
    assert wcwidth.width(line) <= width
    assert " 37/100" in line and " - ETA: 15s" in line, line  # the last to go
    if width >= 28:  # the bar at its floor (6 cells) fits beside the count and the ETA
        assert re.search(r" 37/100 \[=+>\.+\]", line), line
    else:  # it goes before the ETA does
        assert "[" not in line, line
    desc = line.split(" 37/100")[0].rstrip(" ")
    if desc:  # kept whole or cut at a character boundary, with an ellipsis
        assert desc == description or (
            desc.endswith("\N{HORIZONTAL ELLIPSIS}") and description.startswith(desc[:-1])
        )


def test_ambiguous_wide_glyphs_take_two_cells() -> None:
    snap = Snapshot(5, 10, 1.0, eta=1.0)
    narrow = render_line(snap, Layout(look="keras3", bar_width=10), 40)
    wide = render_line(snap, Layout(look="keras3", bar_width=10, ambiguous_wide=True), 24)
    assert narrow.count("━") + narrow.count("─") == 10
    assert wcwidth.width(wide, ambiguous_width=2) <= 24
    # 24 columns: " 5/10" + " " + " 1s" leave 15 cells, so 7 double-width glyphs
    assert wide.count("━") + wide.count("─") == 7


def test_description_clipped_with_ascii_dots_when_the_ellipsis_cannot_be_encoded() -> None:
    snap = Snapshot(5, 10, 1.0, eta=1.0, description="a rather long description")
    line = render_line(snap, Layout(encoding="ascii"), 36)
    assert line == "a rather...  5/10 [==>...] - ETA: 1s"
    assert (
        render_line(snap, Layout(), 36)
        == "a rather l\N{HORIZONTAL ELLIPSIS}  5/10 [==>...] - ETA: 1s"
    )


def test_the_bar_goes_before_the_eta() -> None:
    snap = Snapshot(50, 100, 1.0, eta=3723.0)
    assert render_line(snap, Layout(), 31) == " 50/100 [==>...] - ETA: 1:02:03"  # at its floor
    assert render_line(snap, Layout(), 30) == " 50/100 - ETA: 1:02:03"  # below it: no bar
    assert render_line(snap, Layout(), 22) == " 50/100 - ETA: 1:02:03"
    assert render_line(snap, Layout(), 21) == " 50/100 [====>......]"  # no ETA: the bar again
    assert render_line(snap, Layout(), 15) == " 50/100"
    assert render_line(snap, Layout(), 6) == " 50/10"  # the count is the last to go


def test_terminal_padding_measures_ambiguous_glyphs_like_the_layout() -> None:
    from harness import TtyStringIO

    from progbar._core.snapshot import Shown
    from progbar._output.displays import TerminalDisplay

    stream = TtyStringIO()
    display = TerminalDisplay(stream, {"COLUMNS": "40"}, color=False, ambiguous_wide=True)
    display.width()
    display.frame([], [Shown("━━━━ 1/2", None, None)])  # 12 cells where ━ is drawn double-width
    display.frame([], [Shown("2/2", None, None)])
    assert stream.getvalue() == "\r━━━━ 1/2" + "\r2/2" + " " * 9
