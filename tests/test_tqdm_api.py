"""``progbar.tqdm``'s tqdm API beyond the constructor: formatters, attributes, protocols, rules.

The static formatters are checked against golden strings and against tqdm's
own (installed for the tests) on the same inputs. Bars run on a fake clock
(``clock=`` becomes tqdm's ``_time``); what a user sees is read from the log
stream, or from a ``pyte`` screen for a terminal.
"""

from __future__ import annotations

import io
import pickle
import warnings
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
import tqdm as real
from harness import FakeClock, TtyStringIO, run_in_pty, screen_of
from hypothesis import given, settings
from hypothesis import strategies as st

import progbar
from progbar._compat.tqdm_class import trange

CLASS = progbar.tqdm
BLOCKS = "\u2588"

METERS = [
    ((0, 1000, 13), {}, "  0%|          | 0/1000 [00:13<?, ?it/s]"),
    ((231, 1000, 392), {}, " 23%|██▎       | 231/1000 [06:32<21:44,  1.70s/it]"),
    ((10000, 1000, 13), {}, "10000it [00:13, 769.23it/s]"),
    ((100000, 1000, 13), {"unit_scale": True, "unit": "iB"}, "100kiB [00:13, 7.69kiB/s]"),
    ((100, 1000, 12), {"ncols": 0, "rate": 7.33}, " 10% 100/1000 [00:12<02:02,  7.33it/s]"),
    ((20, 100, 12), {"ncols": 14, "bar_format": "{l_bar}{bar}|{n_fmt}/{total_fmt}"}, " 20%|▍ |20/100"),  # noqa: E501
    ((3, 10, 1), {"bar_format": "{bar:5a}|{desc}", "prefix": "x"}, "#5   |x"),
    ((3, 10, 1), {"bar_format": "{desc}: {percentage:.0f}|{rate_fmt}", "prefix": ""}, "30| 3.00it/s"),  # noqa: E501
    ((5, 10, 2), {"unit_scale": 1024, "unit": "B"}, " 50%|█████     | 5120/10240 [00:02<00:02, 2560.00B/s]"),  # noqa: E501
    ((5, None, 2), {"postfix": "loss=1"}, "5it [00:02,  2.50it/s, loss=1]"),
    ((0, 1000, 13), {"ncols": 10, "bar_format": "*****\x1b[22m****\x1b[0m***{bar:10}$$"}, "*****\x1b[22m****\x1b[0m*\x1b[0m"),  # noqa: E501
    ((1, 9, 1), {"unit_scale": True, "unit": "B"}, " 11%|█         | 1.00/9.00 [00:01<00:08, 1.00B/s]"),  # noqa: E501
    ((0, 100, 0), {"ncols": 46, "prefix": "日本語"}, "日本語:   0%|         | 0/100 [00:00<?, ?it/s]"),  # noqa: E501
    ((0, 100, 0), {"ncols": 20, "prefix": "日本語"}, "日本語:   0%| | 0/10"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "kwargs", "line"), METERS)
def test_format_meter_golden_and_as_tqdm(args: tuple, kwargs: dict, line: str) -> None:
    assert CLASS.format_meter(*args, **kwargs) == line
    assert real.tqdm.format_meter(*args, **kwargs) == line  # the golden is tqdm's own


@pytest.mark.parametrize(
    ("name", "value", "text"),
    [
        ("format_interval", 60, "01:00"), ("format_interval", 6160, "1:42:40"),
        ("format_interval", -1, "-00:01"), ("format_interval", 0, "00:00"),
        ("format_num", 1337, "1337"), ("format_num", int(1e6), "1e+6"),
        ("format_num", 0.00001234, "1.23e-5"), ("format_num", -0.1234, "-0.123"),
        ("format_sizeof", 9994, "9.99k"), ("format_sizeof", 99499, "99.5k"),
        ("format_sizeof", 999999, "1.00M"), ("format_sizeof", 10**27, "1000.0Y"),
    ],
)  # fmt: skip
def test_scalar_formatters(name: str, value: float, text: str) -> None:
    assert getattr(CLASS, name)(value) == text
    assert getattr(real.tqdm, name)(value) == text


def test_an_unknown_bar_format_field_fails_at_construction() -> None:
    with pytest.raises(ValueError, match="unknown field 'nope'"):
        CLASS(total=3, bar_format="{nope}", display="silent")


def _log(**options: object) -> tuple[progbar.tqdm, io.StringIO, FakeClock]:
    clock, stream = FakeClock(), io.StringIO()
    bar = CLASS(file=stream, display="log", clock=clock, **options)
    return bar, stream, clock


def test_a_bar_format_without_total_shows_no_total_percentage_or_eta() -> None:
    """huggingface_hub's download bar: the total grows ahead of the bytes and stays hidden."""
    clock, stream = FakeClock(), TtyStringIO()
    fmt = "{desc}: {bar}| {n_fmt:>5}B{postfix:>12}"
    bar = CLASS(total=1000, unit="B", unit_scale=True, desc="Downloading", bar_format=fmt,
                file=stream, display="tty", clock=clock, mininterval=0)  # fmt: skip
    for _ in range(8):
        clock.tick(0.2)
        bar.update(100)
        bar.total = int(bar.n * 1.25)  # grows mid-run: reaching it finishes nothing
        bar.set_postfix_str("800kB/s", refresh=False)
        bar.refresh()
    assert not bar.bar.finished
    bar.close()
    text = stream.getvalue()
    assert "%" not in text and "<" not in text and "/1." not in text
    row = screen_of(text).display[0].rstrip()
    assert row.startswith("Downloading: ") and row.endswith("|   800B   , 800kB/s"), row


def test_custom_fields_from_a_subclass_format_dict() -> None:
    class Timed(CLASS):  # type: ignore[misc,valid-type]
        @property
        def format_dict(self) -> dict[str, object]:
            fields = dict(super().format_dict)
            fields["total_time"] = self.format_interval(fields["elapsed"] * 2) + " in all"
            return fields

    clock, stream = FakeClock(), io.StringIO()
    bar = Timed(total=4, bar_format="{total_time}: {percentage:.0f}%", file=stream,
                display="log", clock=clock)  # fmt: skip
    clock.tick(30)
    bar.update(2)
    bar.close()
    assert stream.getvalue().splitlines()[-1] == "01:00 in all: 50%"


def test_colour_on_a_terminal_and_never_in_a_log() -> None:
    stream = TtyStringIO()
    bar = CLASS(
        total=4, colour="#00ff00", file=stream, display="tty", color=True, clock=FakeClock()
    )
    bar.update(2)
    bar.refresh()
    bar.close()
    assert "\x1b[38;2;0;255;0m" + BLOCKS * 5 in stream.getvalue()
    log, _, _ = _log(total=4, colour="green")
    log.close()
    assert "\x1b" not in log.fp.getvalue()
    with pytest.warns(real.TqdmWarning, match="Unknown colour"):
        CLASS(total=1, colour="charm", display="silent").close()


def test_miniters_mininterval_and_dynamic_miniters() -> None:
    bar, stream, clock = _log(total=10, miniters=2, mininterval=0)
    for _ in range(5):
        clock.tick(0.1)
        bar.update()
    assert [line.split("|")[2].split()[0] for line in stream.getvalue().splitlines()] == [
        "0/10", "2/10", "4/10",
    ]  # fmt: skip
    bar.close()
    dynamic, _, clock = _log(total=100, mininterval=0, smoothing=0)
    clock.tick(1)
    dynamic.update(1)
    dynamic.update(5)
    dynamic.update(2)  # below the 5 seen: not drawn
    assert dynamic.dynamic_miniters and dynamic.miniters == 5
    assert dynamic.last_print_n == 6
    dynamic.close()


def test_delay_draws_nothing_before_it_passes() -> None:
    bar, stream, clock = _log(total=4, delay=3, mininterval=0)
    clock.tick(2)
    bar.update()
    assert stream.getvalue() == ""
    clock.tick(2)
    bar.update()
    assert "| 2/4 [" in stream.getvalue()
    bar.close()
    early, stream, _ = _log(total=4, delay=3)
    early.update()
    early.close()
    assert stream.getvalue() == ""  # closed before the delay: never shown


@pytest.mark.slow  # tqdm's monitor thread looks once a real second
def test_the_monitor_sets_miniters_back_after_maxinterval() -> None:
    bar, _, clock = _log(total=1000, miniters=500, mininterval=0.1, maxinterval=10)
    assert type(bar).monitor is not None and type(bar).monitor.report()
    clock.tick(1)
    bar.update(500)
    clock.tick(11)
    for _ in range(100):  # the monitor looks once a second of real time
        if bar.miniters == 1:
            break
        type(bar).monitor.was_killed.wait(0.1)
    assert bar.miniters == 1
    bar.close()


def test_attributes_libraries_set() -> None:
    bar, stream, clock = _log(total=10, desc="a", mininterval=0, miniters=1)
    bar.desc = "changed"
    bar.postfix = "p=1"
    bar.unit = "img"
    clock.tick(1)
    bar.update(2)
    assert (
        stream.getvalue().splitlines()[-1]
        == "changed:  20%|██        | 2/10 [00:01<00:04,  2.00img/s, p=1]"
    )
    bar.set_description("Bye")
    assert bar.desc == "Bye: "
    assert (bar.n, bar.last_print_n, bar.pos, bar.disable) == (2, 2, 0, False)
    assert bar.format_dict["prefix"] == "Bye: " and bar.format_dict["n"] == 2
    bar.close()
    assert bar.disable


def test_protocols() -> None:
    first, second = CLASS(total=3, display="silent"), CLASS(total=3, display="silent")
    assert first < second and second >= first and first != second
    assert hash(first) != hash(second)
    assert str(first) == repr(first) == "  0%|          | 0/3 [00:00<?, ?it/s]"
    assert not CLASS(total=0, display="silent") and not CLASS([], display="silent")
    with pytest.raises(TypeError):
        bool(CLASS(display="silent"))
    assert list(reversed(CLASS([1, 2, 3], display="silent"))) == [3, 2, 1]
    assert 2 in CLASS([1, 2, 3], display="silent")
    assert len(trange(7, display="silent")) == 7
    first.close()
    second.close()


def test_a_disabled_bar_is_walked_not_counted_as_in_tqdm() -> None:
    bar = CLASS(range(5), disable=True)
    assert list(bar) == [0, 1, 2, 3, 4]
    assert bar.n == 0 and str(bar) == "  0%|          | 0/5 [00:00<?, ?it/s]"


def test_unpause_and_reset() -> None:
    bar, stream, clock = _log(total=10, mininterval=0, miniters=1)
    clock.tick(1)
    bar.update()
    clock.tick(100)
    bar.unpause()  # the pause counts in neither elapsed nor the rate
    assert bar.format_dict["elapsed"] == 1
    bar.reset(total=20)
    clock.tick(1)
    bar.update(3)
    assert "| 3/20 [00:01<" in stream.getvalue().splitlines()[-1]
    bar.close()


@pytest.mark.parametrize("smoothing", [0, 0.3, 0.5, 1])
def test_an_explicit_smoothing_gets_tqdms_own_rate(smoothing: float) -> None:
    ours, stream, clock = _log(total=100, mininterval=0, miniters=1, smoothing=smoothing)
    timer, out = FakeClock(), io.StringIO()
    theirs = real.tqdm(total=100, mininterval=0, miniters=1, smoothing=smoothing, file=out)
    theirs._time = timer  # the fake clock tqdm's own tests use
    theirs.start_t = theirs.last_print_t = timer()
    for dt, dn in [(0.01, 1), (0.001, 1), (0.004, 3), (0.02, 2), (0.5, 10)]:
        clock.tick(dt)
        timer.tick(dt)
        ours.update(dn)
        theirs.update(dn)
        assert ours.format_dict["rate"] == theirs.format_dict["rate"]
        # the figures after the bar: count, [elapsed<remaining, rate]
        theirs_line = out.getvalue().split("\r")[-1]
        assert stream.getvalue().splitlines()[-1].split("|")[-1] in theirs_line
    ours.close()
    theirs.close()  # the final line: the run's average rate
    assert stream.getvalue().splitlines()[-1].split("|")[-1] in out.getvalue().split("\r")[-1]


def test_the_default_smoothing_keeps_progbars_estimator() -> None:
    bar, _, clock = _log(total=100, mininterval=0, miniters=1)
    clock.tick(1)
    bar.update(10)
    assert bar.format_dict["rate"] == bar.bar.rate
    bar.close()


def test_a_clock_swapped_after_construction_is_followed_from_the_bars_start() -> None:
    """What tqdm's own tests do (``cpu_timify``): swap ``_time``, set ``start_t`` by it."""
    stream = io.StringIO()
    bar = CLASS(total=10, file=stream, display="log", mininterval=0, miniters=1, delay=3)
    timer = FakeClock(0.0)
    bar._time = timer
    bar.start_t = bar.last_print_t = timer()
    timer.tick(2)
    bar.update()
    assert stream.getvalue() == ""  # the delay counts on the new clock
    timer.tick(2)
    bar.update()
    for _ in range(3):
        timer.tick(0.5)
        bar.update()
    bar.unpause()  # no pause: nothing changes
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith(" 20%|██        | 2/10 [00:04<")
    rates = [line.rsplit(", ", 1)[1] for line in lines[1:]]
    assert rates == [" 2.00it/s]"] * 3  # the new clock's intervals, no offset from before
    bar.close()


def test_nrows_hides_the_rows_beyond_it_until_a_bar_above_ends() -> None:
    stream, clock = io.StringIO(), FakeClock()
    options = {"file": stream, "display": "log", "clock": clock, "mininterval": 0, "miniters": 1}
    one = CLASS(total=4, desc="one", nrows=2, leave=False, **options)
    two = CLASS(total=4, desc="two", nrows=2, **options)  # the last row: says more are hidden
    three = CLASS(total=4, desc="three", nrows=2, **options)  # beyond: not drawn
    for bar in (one, two, three, two, three):
        clock.tick(1)
        bar.update()
    assert stream.getvalue().splitlines() == [
        "one:   0%|          | 0/4 [00:00<?, ?it/s]",
        " ... (more hidden) ...",  # once: a log would get it at every update
        "one:  25%|██▌       | 1/4 [00:01<00:03,  1.00it/s]",
    ]
    one.close()  # as in tqdm, the first hidden bar takes the row that ended
    assert (two.pos, three.pos) == (0, 2)
    clock.tick(1)
    two.update()
    three.close()  # leave=True: its final line, as tqdm draws it at position 0
    lines = stream.getvalue().splitlines()
    assert lines[-2].startswith("two:  75%|███████▌  | 3/4 [00:06<")
    assert lines[-1].startswith("three:  50%|█████     | 2/4 [00:06<")
    two.close()


def test_deprecated_keywords_warn_and_the_bar_goes_on() -> None:
    stream = io.StringIO()
    with pytest.warns(DeprecationWarning, match="nested"):
        bar = CLASS(total=2, nested=True, file=stream, display="log", clock=FakeClock())
    bar.close()
    assert "TqdmDeprecationWarning: `nested` is deprecated" in stream.getvalue()
    gui = CLASS(total=2, gui=True, file=io.StringIO(), display="log", mininterval=0)
    assert not hasattr(gui, "sp")
    with pytest.warns(DeprecationWarning, match="tqdm.gui"):
        gui.update()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gui.update()  # once per bar
    gui.close()


def test_write_external_write_mode_and_wrapattr() -> None:
    stream = io.StringIO()
    CLASS.write("hello", file=stream)
    del CLASS._lock  # tqdm's helpers delete it: it is made again
    with CLASS.external_write_mode(file=stream):
        stream.write("raw\n")
    assert stream.getvalue() == "hello\nraw\n"
    assert pickle.loads(pickle.dumps(CLASS.get_lock())) is not None
    out, target = io.StringIO(), io.StringIO()
    with CLASS.wrapattr(target, "write", file=out, display="log") as wrapped:
        wrapped.write("a twenty-char string")
    assert target.getvalue() == "a twenty-char string"
    assert out.getvalue().splitlines()[-1].startswith("20.0B [")
    assert len(CLASS._instances) == 0


def test_pandas_rolling_expanding_and_a_total_for_one_call() -> None:
    stream = io.StringIO()
    CLASS.pandas(file=stream, display="log", total=123)
    series = pd.Series(range(100))
    series.progress_apply(lambda x: x)
    assert "| 100/123 [" in stream.getvalue()
    rolled = series.rolling(10).progress_apply(lambda x: 1, raw=True)
    assert rolled.equals(series.rolling(10).apply(lambda x: 1, raw=True))
    assert stream.getvalue().splitlines()[-1].startswith("91it [")  # 100 - 10 + 1 windows
    series.expanding(10).progress_apply(lambda x: 2, raw=True)
    assert stream.getvalue().splitlines()[-1].startswith("91it [")


def test_a_refused_bar_format_leaves_no_live_bar() -> None:
    stream = TtyStringIO()
    with pytest.raises(ValueError, match="bar_format"):
        CLASS(total=3, bar_format="{l_bar}{oops}", file=stream, display="tty")
    assert len(CLASS._instances) == 0
    bar = CLASS(total=1, file=stream, display="tty", clock=FakeClock())
    bar.update()
    bar.close()  # the next bar on the same terminal draws as usual
    assert screen_of(stream.getvalue()).display[0].startswith("100%|")


def test_a_notebook_shows_a_shaped_line_as_it_is() -> None:
    """The notebook's HTML draws its own <progress>: not for a bar_format that hides the total."""
    from progbar._core.snapshot import Layout, Snapshot
    from progbar._output.notebook import render_html

    snap = Snapshot(800, 1000, 1.0)
    shaped = CLASS(total=1000, bar_format="{desc}: {bar}| {n_fmt:>5}B", display="silent")
    plain = CLASS(total=1000, display="silent")
    for bar, html in ((shaped, "no <progress"), (plain, "<progress")):
        layout = Layout(look="tqdm", formatter=bar._formatter())
        page = render_html(snap, layout, layout.formatter(snap, layout, None))
        assert ("<progress" in page) is (html == "<progress"), page
        bar.close()
    assert "1000" not in render_html(snap, Layout(formatter=shaped._formatter()), "|  800B")


@settings(max_examples=300, deadline=None)
@given(
    n=st.integers(0, 10**7) | st.floats(0, 1e7),
    total=st.none() | st.integers(1, 10**7) | st.just(float("inf")),
    elapsed=st.floats(0, 1e6),
    ncols=st.none() | st.integers(0, 120),
    prefix=st.sampled_from(["", "desc", "x: ", "日本語"]),
    scale=st.sampled_from([False, True, 1024]),
    fmt=st.sampled_from([None, "{l_bar}{bar}{r_bar}", "{desc}: {bar}| {n_fmt:>5}B{postfix:>12}",
                         "{percentage:.1f}%|{bar:8a}|{remaining}{rate_inv_fmt}"]),
    postfix=st.sampled_from([None, "", "loss=0.3"]),
)  # fmt: skip
def test_format_meter_is_tqdms(**case: object) -> None:
    """Whatever the figures, the line is tqdm's own, byte for byte."""
    n, total, fmt = case["n"], case["total"], case["fmt"]
    if total not in (None, float("inf")) and total < n < total + 0.5:  # type: ignore[operator]
        return  # tqdm warns there (its bar clamps); progbar.tqdm warns before drawing instead
    options = {"ncols": case["ncols"], "prefix": case["prefix"], "unit_scale": case["scale"],
               "bar_format": fmt, "postfix": case["postfix"]}  # fmt: skip
    assert _outcome(CLASS.format_meter, n, total, case["elapsed"], options) == _outcome(
        real.tqdm.format_meter, n, total, case["elapsed"], options
    )


def _outcome(meter: Callable[..., str], *args: Any) -> object:
    """The line, or the kind of exception (tqdm overflows on a denormal rate: so must we)."""
    *figures, options = args
    try:
        return meter(*figures, **options)
    except ArithmeticError as exc:
        return type(exc)


PTY_SCRIPT = """
import time
from progbar import tqdm
for i in tqdm(range(3), desc="outer", colour="green"):
    for j in tqdm(range(20), desc="inner", leave=False):
        time.sleep(0.002)
fmt = "{desc}: {bar}| {n_fmt:>5}B{postfix:>12}"
with tqdm(total=1000, unit="B", unit_scale=True, desc="dl", bar_format=fmt) as bar:
    for k in range(10):
        bar.update(100)
        bar.total = int(bar.n * 1.25)
        time.sleep(0.005)
    bar.total = bar.n
print("#end")
"""


@pytest.mark.slow
@pytest.mark.parametrize("no_color", ["", "1"])
def test_on_a_real_terminal(no_color: str) -> None:
    """Nested loops leave the outer bar; colour= colours it unless NO_COLOR; no total shown."""
    run = run_in_pty(PTY_SCRIPT, columns=60, rows=8, env={"NO_COLOR": no_color})
    assert run.returncode == 0, run.output.decode(errors="replace")
    lines = [line for line in run.lines if line]
    assert lines[0].startswith("outer: 100%|████") and lines[0].endswith("it/s]"), lines
    assert lines[1] == "dl: " + "█" * 36 + "| 1.00kB", lines
    assert lines[2:] == ["#end"], lines
    assert (b"\x1b[32m" in run.output) is not no_color
    assert b"%" not in run.output[run.output.index(b"dl: ") :]  # no draw showed a percentage


NROWS_SCRIPT = """
import os, sys, time
from progbar import tqdm

def mark():  # an invisible title change: where the test cuts the output
    sys.stderr.flush()
    os.write(2, b"\\x1b]0;mark\\x07")

kwargs = {"nrows": 2, "mininterval": 0, "miniters": 1}
one = tqdm(total=4, desc="one", leave=False, **kwargs)
two = tqdm(total=4, desc="two", **kwargs)
three = tqdm(total=4, desc="three", **kwargs)
for bar in (one, two, three, two, three):
    bar.update()
time.sleep(0.5)  # the refresh thread redraws quiet bars meanwhile: never a hidden one
mark()
one.close()
two.update()
time.sleep(0.5)
mark()
three.close()
two.close()
"""


@pytest.mark.slow
def test_nrows_on_a_real_terminal() -> None:
    run = run_in_pty(NROWS_SCRIPT, columns=60, rows=8)
    assert run.returncode == 0, run.output.decode(errors="replace")
    first, second, _ = run.output.split(b"\x1b]0;mark\x07")

    def rows(output: bytes) -> list[str]:
        shown = screen_of(output.decode(), 60, 8).display
        return [line.split("|")[0].rstrip() for line in shown if line.strip()]

    assert rows(first) == ["one:  25%", " ... (more hidden) ..."]
    assert rows(first + second) == ["two:  75%"]  # the hidden row took the ended one's place
    assert [row.split(":")[0] for row in rows(run.output)] == ["three", "two"]
