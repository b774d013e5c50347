"""Templates: golden lines per field, widths, alignment, the looks as templates, bar_format.

The pure parts (compile, render) are checked line by line; ``Progbar(template=...)``
and ``Progbar(bar_format=...)`` run on a fake clock and are read back from the stream.
"""

from __future__ import annotations

import io
import re
import time

import pytest
from harness import FakeClock, TtyStringIO, screen_of

import progbar
from progbar import Progbar
from progbar._core.fields import Context, render_receipt, wall_clock
from progbar._core.line import render_line
from progbar._core.snapshot import Layout, Snapshot
from progbar._core.template import NAMED, compile_template

RUNNING = Snapshot(3, 10, 1.0, eta=2.5, per_unit=0.3, description="train")
BYTES = Snapshot(3 << 20, 10 << 20, 1.0, eta=2.5, per_unit=1e-6, units="bytes")
UNKNOWN = Snapshot(5, None, 2.0, per_unit=0.4)
METRICS = Snapshot(10, 10, 3.0, per_unit=0.3, final=True, metrics=(("loss", "0.1234"), ("", "ok")))
PLAIN = Layout(bar_width=10, look="keras3")


def draw(template: str, snap: Snapshot, width: int | None = None, **ctx: object) -> str:
    return compile_template(template, "test()").render(snap, PLAIN, width, Context(**ctx))  # type: ignore[arg-type]


FIELD_GOLDENS = [
    ("{description}", RUNNING, "train"),
    ("{count}", RUNNING, "3"),
    ("{target}", RUNNING, "10"),
    ("{counter}", RUNNING, " 3/10"),
    ("{counter}", UNKNOWN, "      5/Unknown"),
    ("{count}/{target}", BYTES, "3.0 MiB/10.0 MiB"),
    ("{percent}%", RUNNING, "30%"),
    ("{elapsed}", RUNNING, "1s"),
    ("{eta}", RUNNING, "2s"),
    ("{rate}", RUNNING, "3.33 step/s"),
    ("{rate}", BYTES, "976.6 KiB/s"),
    ("{per_step}", RUNNING, "300ms/step"),
    ("{speed}", BYTES, "976.6 KiB/s"),
    ("{timing}", RUNNING, "2s 300ms/step"),
    ("{timing}", METRICS, "3s 300ms/step"),
    ("{metrics}", METRICS, "loss: 0.1234 - ok"),
    ("{postfix}", METRICS, "loss=0.1234, ok"),
    ("{unit}", RUNNING, "step"),
    ("{state}", RUNNING, "running"),
    ("{spinner}", RUNNING, "\u2827"),  # elapsed 1.0 s at 7 frames a second: frame 7
    ("{bar}", RUNNING, "\u2501\u2501\u2501" + "\u2500" * 7),
    ("[{bar:4}]", RUNNING, "[\u2501\u2500\u2500\u2500]"),
]


@pytest.mark.parametrize(("template", "snap", "line"), FIELD_GOLDENS)
def test_each_field(template: str, snap: Snapshot, line: str) -> None:
    assert draw(template, snap) == line


def test_eta_at_is_the_local_clock_time_with_the_day_when_not_today() -> None:
    noon = time.mktime((2026, 12, 7, 12, 0, 0, 0, 0, -1))
    assert draw("{eta_at}", RUNNING, wall=noon) == "12:00"  # 2.5 s later, same minute
    later = Snapshot(3, 10, 1.0, eta=13 * 3600.0, per_unit=0.3)
    assert (
        draw("{eta_at}", later, wall=noon)
        == time.strftime("%a", time.localtime(noon + 13 * 3600)) + " 01:00"
    )
    assert draw("{eta_at}", RUNNING) == ""  # no wall clock given: nothing to point at
    assert wall_clock(noon, noon) == "12:00"


WIDTH_GOLDENS = [
    ("{eta:>6}|", "    2s|"),
    ("{eta:<6}|", "2s    |"),
    ("{eta:^6}|", "  2s  |"),
    ("{description:.3}|", "tra|"),
    ("{count:*>4}", "***3"),
]


@pytest.mark.parametrize(("template", "line"), WIDTH_GOLDENS)
def test_widths_and_alignment(template: str, line: str) -> None:
    assert draw(template, RUNNING) == line


def test_the_bar_takes_the_width_left_over() -> None:
    layout = Layout(bar_width=10_000, look="keras3")
    template = compile_template("{description} {bar} {count}/{target}", "test()")
    for width in (20, 40, 80):
        line = template.render(RUNNING, layout, width)
        assert len(line) == width, line
        assert line.startswith("train \u2501") and line.endswith(" 3/10")
    assert template.render(RUNNING, layout, 8) == "train 3/"  # no room for a bar: clipped


def test_an_empty_field_takes_its_separator() -> None:
    assert draw("{description}: {count}", UNKNOWN) == "5"
    assert draw("{count}/{target} {percent}% {eta}", UNKNOWN) == "5"
    assert draw("{count} - {eta} - {elapsed}", UNKNOWN) == "5 - 2s"


def test_unknown_total_bounces_a_block_that_moves_with_time() -> None:
    frames = {draw("{bar}", Snapshot(5, None, t / 10)) for t in range(20)}
    assert len(frames) > 5
    assert all(len(f) == 10 and f.count("\u2501") == 3 for f in frames)


SNAPSHOTS = [
    RUNNING, BYTES, UNKNOWN, METRICS,
    Snapshot(0, 10, 0.0),
    Snapshot(10, 10, 3.0, per_unit=0.3, final=True),
    Snapshot(5, None, 2.0, per_unit=0.4, final=True, description="x"),
    Snapshot(3, 10, 1.0, metrics=(("a", "1"), ("", "x")), description="d"),
    Snapshot(7.5, 10, 1.0, eta=90.0, per_unit=0.3),
    Snapshot(3 << 20, None, 1.0, per_unit=1e-6, units="bytes_si"),
    Snapshot(12, 10, 4.0, eta=0.0, per_unit=0.3),
]  # fmt: skip


@pytest.mark.parametrize("look", ["classic", "keras3", "tqdm"])
@pytest.mark.parametrize("snap", SNAPSHOTS)
@pytest.mark.parametrize("width", [None, 100, 200])
def test_the_looks_are_templates(look: str, snap: Snapshot, width: int | None) -> None:
    """The named template draws what the look's own code draws, wherever the line fits."""
    bar_width = {"classic": 30, "keras3": 20, "tqdm": 10_000}[look]
    for scale in (False, True):
        layout = Layout(bar_width=bar_width, look=look, unit_scale=scale)  # type: ignore[arg-type]
        template = compile_template(look, "test()")
        assert template.render(snap, layout, width) == render_line(snap, layout, width)


def test_the_tqdm_and_activity_templates_by_their_golden_lines() -> None:
    layout = Layout(bar_width=10_000, look="tqdm")
    tqdm = compile_template("tqdm", "test()")
    assert tqdm.render(RUNNING, layout, None) == (
        "train:  30%|\u2588\u2588\u2588       | 3/10 [00:01<00:02,  3.33step/s]"
    )
    assert tqdm.render(UNKNOWN, layout, None) == "5step [00:02,  2.50step/s]"
    rest = "| 10/10 [00:03<00:00,  3.33step/s, loss=0.1234, ok]"  # 51 cells, and "100%|": 5
    assert tqdm.render(METRICS, layout, 70) == "100%|" + "\u2588" * 14 + rest
    activity = compile_template("activity", "test()").render(UNKNOWN, layout, None)
    assert activity == "\u283c 5 steps 2s 2.50 step/s"
    assert set(NAMED) == {"classic", "keras3", "tqdm", "activity"}


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{nope}", r"Progbar\(\) got a template with an unknown field \{nope\}"),
        ("{eta!r}", "conversion"),
        ("{eta:d}", "format spec"),
        ("{bar:x}", "cells"),
        ("{bar}{bar}", "more than one"),
        ("{eta", "does not parse"),
    ],
)
def test_a_bad_template_fails_at_construction(template: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Progbar(10, template=template, display="silent")


def test_track_and_bar_format_name_their_call() -> None:
    with pytest.raises(ValueError, match=r"track\(\) got a template with an unknown field"):
        progbar.track(range(3), template="{count} {nope}", display="silent")
    with pytest.raises(
        ValueError, match=r"Progbar\(\) got a bar_format with an unknown field \{oops\}"
    ):
        Progbar(10, bar_format="{l_bar}{oops}", display="silent")
    with pytest.raises(TypeError, match="template must be a string"):
        Progbar(10, template=3, display="silent")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="both template= and bar_format="):
        Progbar(10, template="{bar}", bar_format="{bar}", display="silent")


def test_progbar_with_a_template_on_a_terminal() -> None:
    clock, stream = FakeClock(), TtyStringIO()
    bar = Progbar(10, template="{description}: {bar} {count}/{target} {eta:>3}", description="dl",
                  display="tty", file=stream, clock=clock, interval=0, look="keras3")  # fmt: skip
    for i in range(1, 11):
        clock.tick(0.5)
        bar.update(i)
    bar.close()
    row = screen_of(stream.getvalue()).display[0]
    assert row == "dl: " + "\u2501" * 70 + " 10/10"  # the bar fills the row; no ETA once done


def test_track_with_a_template_in_a_log() -> None:
    stream = io.StringIO()
    items = list(progbar.track(range(4), template="{count}/{target} [{bar:4}]", file=stream,
                               display="log"))  # fmt: skip
    assert items == [0, 1, 2, 3]
    assert stream.getvalue().splitlines()[-1] == "4/4 [====]"  # the classic look's glyphs


def test_summary_receipt() -> None:
    clock, stream = FakeClock(), io.StringIO()
    with Progbar(
        8, display="log", file=stream, clock=clock, summary=True, description="fit"
    ) as bar:
        for i in range(1, 9):
            clock.tick(0.25)
            bar.update(i)
    assert stream.getvalue().splitlines()[-1] == "fit: done - 8 steps in 2s (4.00 step/s)"
    snap = Snapshot(3 << 20, None, 2.0, units="bytes")
    assert render_receipt(snap, "cancelled") == "cancelled - 3.0 MiB in 2s (1.5 MiB/s)"


def test_no_summary_in_a_stream_of_records() -> None:
    stream = io.StringIO()
    with Progbar(2, display="jsonl", file=stream, summary=True) as bar:
        bar.update(2)
    assert all(line.startswith("{") for line in stream.getvalue().splitlines())


XET_FORMAT = "{desc}: {bar}| {n_fmt:>5}B{postfix:>12}"


def test_progbar_bar_format_xet_replay_shows_no_total_until_asked() -> None:
    """huggingface_hub's Xet download: the total grows ahead of the bytes, hidden by bar_format."""
    clock, stream = FakeClock(), TtyStringIO()
    bar = Progbar(bar_format=XET_FORMAT, unit_scale=True, description="Downloading",
                  file=stream, display="tty", clock=clock, interval=0)  # fmt: skip
    for n in range(100, 900, 100):
        clock.tick(0.2)
        bar.target = int(n * 1.25)  # grows ahead of what has arrived
        bar.update(n)
        bar.set_postfix_str("800kB/s")
        bar.refresh()
    assert not bar.finished
    bar.target = 800  # the download is complete: total = n
    bar.update(800)
    bar.close()
    text = stream.getvalue()
    assert "%" not in text and "<" not in text and "/1" not in text and "ETA" not in text
    row = screen_of(text).display[0].rstrip()
    assert row.startswith("Downloading: \u2588") and row.endswith("|   800B   , 800kB/s"), row


HF_XET_SCRIPT = """
import logging, types
import progbar
from huggingface_hub.utils._xet_progress_reporting import XetDownloadProgressReporter

reporter = XetDownloadProgressReporter(reconstruction_desc="model.bin", total=1_000_000,
                                       log_level=logging.INFO, tqdm_class=progbar.tqdm)
done = transfer = 0
for step in range(1, 9):  # hf_xet's group reports: the bytes on the network outrun the file size
    done, transfer = step * 100_000, step * 150_000
    reporter.update_progress(types.SimpleNamespace(
        total_bytes=1_000_000, total_bytes_completed=done, total_bytes_completion_rate=2e6,
        total_transfer_bytes_completed=transfer, total_transfer_bytes_completion_rate=3e6))
reporter.close()
print("#end")
"""


@pytest.mark.slow
def test_real_huggingface_hub_xet_reporter_through_progbar_tqdm() -> None:
    """huggingface_hub's own Xet reporter: its transfer bar never shows its made-up total."""
    pytest.importorskip("huggingface_hub.utils._xet_progress_reporting")
    from harness import run_in_pty

    run = run_in_pty(HF_XET_SCRIPT, columns=100, rows=8)
    assert run.returncode == 0, run.output.decode(errors="replace")
    output = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", run.output.decode(errors="replace"))
    transfer = [part for part in re.split(r"[\r\n]", output) if "Downloading bytes" in part]
    assert len(transfer) >= 2, output  # each draw of the transfer bar, none showing a total
    assert not any("%" in part or "<" in part or "B /" in part for part in transfer), transfer
    lines = [line for line in run.lines if line]
    shown = next(line for line in lines if line.startswith("Downloading bytes: "))
    assert shown.endswith("| 1.20MB, 3.00MB/s"), lines  # the bytes that came, no total
    model = next(line for line in lines if line.startswith("model.bin: "))
    assert "|  800kB / 1.00MB, 2.00MB/s" in model, lines  # the other bar asks for its total: shown
    assert lines[-1] == "#end"
