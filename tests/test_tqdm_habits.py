"""tqdm's keywords and methods on ``Progbar`` and ``track()``, one table row per habit.

Each row runs a real bar on a fake clock and reads back what a user sees: the
last line of a ``"log"`` stream, or a ``pyte`` screen for a terminal.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable

import pytest
from harness import FakeClock, TtyStringIO, screen_of

import progbar
from progbar import Progbar


def _last_line(stream: io.StringIO) -> str:
    return stream.getvalue().rstrip("\n").rsplit("\n", 1)[-1]


def _finished_line(**options: object) -> str:
    """The final log line of a 10-step bar built with ``options``, one step per 0.1 s."""
    clock, stream = FakeClock(), io.StringIO()
    bar = Progbar(file=stream, display="log", clock=clock, **options)  # type: ignore[arg-type]
    for step in range(1, 11):
        clock.tick(0.1)
        bar.update(step)
    bar.close()
    return _last_line(stream)


# -- keywords: the tqdm spelling draws exactly what the progbar spelling draws ----------

SAME_AS = [
    ({"desc": "train", "target": 10}, {"description": "train", "target": 10}),
    ({"total": 10}, {"target": 10}),
    ({"unit": "img", "target": 10}, {"unit_name": "img", "target": 10}),
    ({"position": 3, "target": 10}, {"target": 10}),  # accepted and ignored
    ({"disable": False, "target": 10}, {"target": 10}),
]


@pytest.mark.parametrize(("tqdm_words", "progbar_words"), SAME_AS, ids=lambda d: ",".join(d))
def test_tqdm_keyword_draws_as_its_progbar_name(
    tqdm_words: dict[str, object], progbar_words: dict[str, object]
) -> None:
    assert _finished_line(**tqdm_words) == _finished_line(**progbar_words)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"desc": "train", "target": 10}, "train 10/10 ["),
        ({"total": 10}, "10/10 ["),
        ({"unit": "img", "target": 10}, "100ms/img"),
    ],
)
def test_tqdm_keyword_shows(options: dict[str, object], expected: str) -> None:
    assert expected in _finished_line(**options)


@pytest.mark.parametrize(
    ("call", "line"),
    [
        (
            lambda f, c: progbar.track(range(10), desc="x", file=f, display="log", clock=c),
            "x 10/10 [",
        ),
        (
            lambda f, c: progbar.track(iter(range(10)), total=10, file=f, display="log", clock=c),
            "10/10 [",
        ),
        (lambda f, c: progbar.track(range(10), unit="row", file=f, display="log", clock=c), "/row"),
        (
            lambda f, c: progbar.track(range(10), position=1, file=f, display="log", clock=c),
            "10/10 [",
        ),
    ],
    ids=["desc", "total", "unit", "position"],
)
def test_track_takes_tqdm_keywords(
    call: Callable[[io.StringIO, FakeClock], progbar.track],
    line: str,  # type: ignore[valid-type]
) -> None:
    stream, clock = io.StringIO(), FakeClock()
    for _ in call(stream, clock):
        clock.tick(0.1)
    assert line in _last_line(stream)


@pytest.mark.parametrize("make", ["Progbar", "track"])
def test_disable_draws_nothing_and_keeps_the_count(make: str) -> None:
    stream = TtyStringIO()
    if make == "Progbar":
        bar = Progbar(total=50, disable=True, file=stream)
        for _ in range(50):
            bar.add(1)
        bar.close()
        assert bar.current == 50
    else:
        assert list(progbar.track(range(50), disable=True, file=stream)) == list(range(50))
    assert stream.getvalue() == ""


def _root_and_nested_screens(leave: bool | None) -> tuple[list[str], list[str]]:
    """What a terminal shows after a finished root bar, and after a nested bar finishes."""
    clock = FakeClock()
    root_stream = TtyStringIO()
    root = Progbar(2, file=root_stream, display="tty", clock=clock, leave=leave)
    root.update(1)
    clock.tick(1)
    root.update(2)
    nested_stream = TtyStringIO()
    outer = Progbar(2, file=nested_stream, display="tty", clock=clock)
    outer.update(1)
    inner = Progbar(2, file=nested_stream, display="tty", clock=clock, leave=leave, parent=outer)
    inner.update(1)
    clock.tick(1)
    inner.update(2)
    rows = [line.rstrip() for line in screen_of(root_stream.getvalue()).display[:3]]
    nested = [line.rstrip() for line in screen_of(nested_stream.getvalue()).display[:3]]
    return rows, nested


@pytest.mark.parametrize(
    ("leave", "root_kept", "nested_kept"),
    [(True, True, True), (False, False, False), (None, True, False)],
)
def test_leave(leave: bool | None, root_kept: bool, nested_kept: bool) -> None:
    root, nested = _root_and_nested_screens(leave)
    assert (root[0] == "2/2 [==============================] - 1s 1s/step") is root_kept
    assert (root[0] == "") is not root_kept
    inner_line = [row for row in nested if row.strip().startswith("2/2 [")]
    assert bool(inner_line) is nested_kept, nested
    assert any(row.startswith("1/2 [") for row in nested), nested  # the parent runs on


def _rate_after_a_slowdown(smoothing: float | None) -> float | None:
    """10 steps at 10/s, then 10 steps at 1/s: smoothing decides how much of the past counts."""
    clock = FakeClock()
    bar = Progbar(100, display="silent", clock=clock, smoothing=smoothing, interval=0)
    for step in range(1, 11):
        clock.tick(0.1)
        bar.update(step)
    for step in range(11, 21):
        clock.tick(1.0)
        bar.update(step)
    return bar.rate


def test_smoothing_zero_averages_the_run_and_one_follows_the_latest_speed() -> None:
    averaged, latest = _rate_after_a_slowdown(0), _rate_after_a_slowdown(1)
    assert averaged == pytest.approx(20 / 11, rel=0.05)
    assert latest == pytest.approx(1.0, rel=0.05)


@pytest.mark.parametrize(("value", "message"), [(-0.1, ">= 0"), (1.5, "between 0 and 1")])
def test_smoothing_out_of_range_is_refused(value: float, message: str) -> None:
    with pytest.raises(ValueError, match=f"smoothing must be {message}"):
        Progbar(10, smoothing=value)


@pytest.mark.parametrize(
    ("scale", "head"), [(True, "1.20k/3.40M ["), (2, "2400/6800000 [")], ids=["SI", "factor"]
)
def test_unit_scale_on_progbar(scale: float, head: str) -> None:
    stream = io.StringIO()
    bar = Progbar(3_400_000, unit_scale=scale, file=stream, display="log", clock=FakeClock())
    bar.update(1200)
    bar.close()
    assert _last_line(stream).lstrip().startswith(head)


# -- unknown keywords name the function the user called --------------------------------


async def _drain(iterable: object) -> None:
    async for _ in iterable:  # type: ignore[attr-defined]
        pass


async def _agen() -> object:
    yield 1


def _call_atrack(**kw: object) -> None:
    asyncio.run(_drain(progbar.atrack(_agen(), **kw)))


CALLERS: dict[str, Callable[..., object]] = {
    "track()": lambda **kw: progbar.track(range(3), **kw),
    "atrack()": _call_atrack,
    "Progbar()": lambda **kw: Progbar(3, **kw),
    "tqdm()": lambda **kw: progbar.tqdm(range(3), **kw),
    "pandas()": lambda **kw: progbar.pandas(**kw),
}


@pytest.mark.parametrize(
    ("caller", "keyword", "hint"),
    [
        ("track()", "mininterval", "; progbar's name for it is interval"),
        ("atrack()", "mininterval", "; progbar's name for it is interval"),
        ("Progbar()", "mininterval", "; progbar's name for it is interval"),
        ("track()", "colour", "; progbar's name for it is color"),
        ("Progbar()", "descr", "; progbar's name for it is desc"),
        ("track()", "bogus", ""),
        ("tqdm()", "bogus", ""),
        ("tqdm()", "minintervl", "; did you mean mininterval=?"),
        ("pandas()", "bogus", ""),
    ],
)
def test_unknown_keyword_names_the_function_called(caller: str, keyword: str, hint: str) -> None:
    message = f"{caller} got an unexpected keyword argument {keyword!r}{hint}"
    with pytest.raises(TypeError) as error:
        CALLERS[caller](**{keyword: 1})
    assert str(error.value) == message


def test_an_alias_and_its_name_together_are_refused() -> None:
    with pytest.raises(TypeError, match="both description= and its alias desc="):
        Progbar(3, desc="a", description="b")


# -- methods ------------------------------------------------------------------------------


def _tty_bar(**options: object) -> tuple[Progbar, TtyStringIO, FakeClock]:
    clock, stream = FakeClock(), TtyStringIO()
    bar = Progbar(10, file=stream, display="tty", clock=clock, interval=0, **options)  # type: ignore[arg-type]
    return bar, stream, clock


def _screen_row(stream: TtyStringIO) -> str:
    return screen_of(stream.getvalue()).display[0].rstrip()


@pytest.mark.parametrize(
    ("act", "shown"),
    [
        (lambda b: b.set_description("epoch 2"), "epoch 2  4/10 ["),
        (lambda b: b.set_description(None), " 4/10 ["),
        (lambda b: b.set_postfix(loss=0.25, lr=0.01), " - loss: 0.2500 - lr: 0.0100"),
        (lambda b: b.set_postfix({"b": 2, "a": 1}), " - b: 2.0000 - a: 1.0000"),  # dict order kept
        (lambda b: b.set_postfix_str("file=a.txt"), " - file=a.txt"),
        (lambda b: (b.set_postfix(loss=1.0), b.set_postfix(loss=3.0)), " - loss: 3.0000"),  # latest
        (lambda b: (b.set_postfix(loss=1.0), b.set_postfix_str("x")), "ETA: 6s - x"),  # replaces
    ],
    ids=["desc", "no-desc", "postfix", "postfix-dict", "postfix_str", "latest", "replaced"],
)
def test_line_methods(act: Callable[[Progbar], object], shown: str) -> None:
    bar, stream, clock = _tty_bar(desc="epoch 1")
    clock.tick(1)
    bar.update(3)
    act(bar)
    clock.tick(1)
    bar.update(4)
    row = _screen_row(stream)
    assert shown in row, row
    assert row.endswith(shown) or shown.endswith("[")


def test_postfix_is_never_averaged() -> None:
    bar, stream, clock = _tty_bar()
    for step, loss in enumerate([10.0, 0.0, 0.5], 1):
        clock.tick(1)
        bar.set_postfix(loss=loss)
        bar.update(step)
    assert _screen_row(stream).endswith(" - loss: 0.5000")  # the average would be 3.5000


def test_refresh_draws_now_inside_the_interval() -> None:
    clock, stream = FakeClock(), TtyStringIO()
    bar = Progbar(10, file=stream, display="tty", clock=clock, interval=100)
    bar.update(1)
    bar.update(5)  # inside the interval: not drawn
    assert _screen_row(stream).startswith(" 1/10")
    bar.refresh()
    assert _screen_row(stream).startswith(" 5/10")


def test_clear_blanks_the_line_until_the_next_draw() -> None:
    bar, stream, clock = _tty_bar()
    bar.update(3)
    bar.clear()
    assert _screen_row(stream) == ""
    clock.tick(1)
    bar.update(4)
    assert _screen_row(stream).startswith(" 4/10")


@pytest.mark.parametrize(("new_target", "target"), [(None, 10), (50, 50)])
def test_reset(new_target: float | None, target: float) -> None:
    bar, stream, clock = _tty_bar()
    clock.tick(5)
    bar.update(7, values=[("loss", 1.0)])
    bar.reset(new_target)
    assert (bar.current, bar.target, bar.elapsed, bar.metrics) == (0, target, 0.0, {})
    assert not bar.closed and not bar.finished
    clock.tick(1)
    bar.update(1)
    assert _screen_row(stream).lstrip().startswith(f"1/{target} [")


def test_reset_after_finishing_draws_again() -> None:
    bar, stream, clock = _tty_bar()
    bar.update(10)
    assert bar.finished
    bar.reset()
    clock.tick(1)
    bar.update(2)
    assert not bar.finished
    assert any(row.startswith(" 2/10 [") for row in screen_of(stream.getvalue()).display)


@pytest.mark.parametrize(("target", "length"), [(10, 10), (2.5, 2), (0, 0)])
def test_len_is_the_target(target: float, length: int) -> None:
    assert len(Progbar(target, display="silent")) == length


def test_len_of_an_unknown_target_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="unknown target"):
        len(Progbar(None, display="silent"))
