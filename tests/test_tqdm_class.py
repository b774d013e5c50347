"""``progbar.tqdm``: every tqdm keyword and method, one table row each, on real streams.

Bars run on a fake clock (progbar's ``clock=`` passes through ``**kwargs``);
what a user sees is read from the log stream, or from a ``pyte`` screen for
a terminal.
"""

from __future__ import annotations

import inspect
import io
import pickle
import re
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import pytest
from harness import FakeClock, TtyStringIO, screen_of
from tqdm import tqdm as real_tqdm
from tqdm.contrib.concurrent import ensure_lock

import progbar
from progbar import Progbar

CLASS = progbar.tqdm


def _lines(**options: object) -> list[str]:
    """The log lines of a bar counting 10 steps of 0.1 s with ``options``."""
    clock, stream = FakeClock(), io.StringIO()
    options.setdefault("total", 10)
    bar = CLASS(file=stream, display="log", clock=clock, **options)
    for _ in range(10):
        clock.tick(0.1)
        bar.update()
    bar.close()
    return stream.getvalue().splitlines()


def _final(**options: object) -> str:
    return _lines(**options)[-1]


PLAIN = "100%|██████████| 10/10 [00:01<00:00, 10.00it/s]"


@pytest.mark.parametrize(
    ("options", "final"),
    [
        ({}, PLAIN),
        ({"desc": "train"}, "train: " + PLAIN),
        ({"desc": "train: "}, "train: " + PLAIN),  # tqdm's own ": " is not doubled
        ({"total": 20}, " 50%|█████     | 10/20 [00:01<00:01, 10.00it/s]"),
        ({"total": None}, "10it [00:01, 10.00it/s]"),
        ({"ascii": True}, "100%|##########| 10/10 [00:01<00:00, 10.00it/s]"),
        ({"unit": "img"}, "100%|██████████| 10/10 [00:01<00:00, 10.00img/s]"),
        ({"unit_scale": True, "total": 2000}, "  0%|          | 10.0/2.00k [00:01<03:19, 10.0it/s]"),  # noqa: E501
        ({"unit_scale": True, "total": 2048, "unit_divisor": 1024}, "  0%|          | 10.0/2.00k [00:01<03:23, 10.0it/s]"),  # noqa: E501
        ({"unit_scale": 1024, "unit": "B"}, "100%|██████████| 10240/10240 [00:01<00:00, 10240.00B/s]"),  # noqa: E501
        ({"initial": 5, "total": 15}, "100%|██████████| 15/15 [00:01<00:00, 10.00it/s]"),
        ({"postfix": {"loss": 0.30001}}, PLAIN[:-1] + ", loss=0.3]"),
        ({"postfix": "file=a.txt"}, PLAIN[:-1] + ", file=a.txt]"),
        ({"smoothing": 0}, PLAIN),
        ({"mininterval": 0}, PLAIN),
    ],
    ids=lambda v: ",".join(v) if isinstance(v, dict) else None,
)  # fmt: skip
def test_keyword(options: dict[str, object], final: str) -> None:
    """A bar closed short of its total shows the time left, as tqdm's ``close()`` does."""
    assert _final(**options) == final


IGNORED = {
    "dynamic_ncols": True, "position": 2, "write_bytes": True, "lock_args": (False,),
    "leave": True, "name": "huggingface_hub.http_get", "maxinterval": 1.0,
    "colour": "green",  # a log is never coloured
}  # fmt: skip


@pytest.mark.parametrize(("name", "value"), sorted(IGNORED.items()))
def test_ignored_keyword_is_accepted_and_changes_nothing(name: str, value: object) -> None:
    assert _lines(**{name: value}) == _lines()


def test_the_ignored_list_is_the_documented_one() -> None:
    from progbar._compat.tqdm_parts import FOREIGN
    from progbar._compat.tqdm_parts import IGNORED as DOCUMENTED

    assert set(IGNORED) - {"leave", "maxinterval", "colour"} == {*DOCUMENTED, *FOREIGN}
    assert "nrows" not in DOCUMENTED  # honoured as tqdm does since issue 31


def test_nrows_leaves_a_bar_on_a_row_within_it_as_it_is() -> None:
    """A lone bar is at position 0: ``nrows=3`` leaves it drawn as without nrows.

    (Rows at or beyond ``nrows - 1`` are hidden: tests/test_tqdm_api.py.)
    """
    assert _lines(nrows=3) == _lines()


def test_iterable_sets_the_total_and_yields_every_item_in_order() -> None:
    stream, clock = io.StringIO(), FakeClock()
    items = [f"item {k}" for k in range(25)]
    seen = []
    for item in CLASS(items, file=stream, display="log", clock=clock):
        clock.tick(0.1)
        seen.append(item)
    assert seen == items
    assert stream.getvalue().splitlines()[-1].startswith("100%|██████████| 25/25 [")


def test_iteration_left_by_break_closes_at_the_exact_count() -> None:
    stream, clock = io.StringIO(), FakeClock()
    bar = CLASS(range(100), file=stream, display="log", clock=clock)
    for k in bar:
        clock.tick(0.1)
        if k == 41:
            break
    assert bar.n == 41  # completed iterations, as tqdm counts: item 41's body broke
    assert bar.bar.closed
    assert f"| {bar.n}/100 [" in stream.getvalue().splitlines()[-1]


def test_an_iterator_without_len_has_no_total() -> None:
    stream, clock = io.StringIO(), FakeClock()
    for _ in CLASS(iter(range(7)), file=stream, display="log", clock=clock):
        clock.tick(0.5)
    assert stream.getvalue().splitlines()[-1] == "7it [00:03,  2.00it/s]"  # tqdm's {rate:5.2f}


@pytest.mark.parametrize("total", [float("inf")])
def test_an_infinite_total_is_unknown(total: float) -> None:
    assert CLASS(total=total, display="silent").total is None


def test_file_defaults_to_stderr_as_in_tqdm(capsys: pytest.CaptureFixture[str]) -> None:
    with CLASS(total=3, display="log") as bar:
        bar.update(3)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "| 3/3 [" in captured.err


@pytest.mark.parametrize(
    ("disable", "stream", "draws"),
    [
        (False, io.StringIO(), True),
        (True, io.StringIO(), False),
        (True, TtyStringIO(), False),
        (None, io.StringIO(), False),  # tqdm: None means off unless on a terminal
        (None, TtyStringIO(), True),
    ],
    ids=["False", "True", "True-tty", "None-file", "None-tty"],
)
def test_disable(disable: bool | None, stream: io.StringIO, draws: bool) -> None:
    bar = CLASS(total=5, disable=disable, file=stream, clock=FakeClock())
    for _ in range(5):
        bar.update()
    bar.close()
    assert bar.n == (5 if draws else 0)  # as tqdm: a disabled bar does not count
    assert bool(stream.getvalue()) is draws


@pytest.mark.parametrize(("leave", "kept"), [(True, True), (False, False), (None, True)])
def test_leave_on_a_terminal(leave: bool | None, kept: bool) -> None:
    clock, stream = FakeClock(), TtyStringIO()
    for _ in CLASS(range(10), file=stream, display="tty", clock=clock, desc="t", leave=leave):
        clock.tick(0.1)
    row = screen_of(stream.getvalue()).display[0].rstrip()
    assert row.startswith("t: 100%|████") is kept, row
    assert (row == "") is not kept


def test_on_a_terminal_the_bar_fills_the_line() -> None:
    clock, stream = FakeClock(), TtyStringIO()
    for _ in CLASS(range(10), file=stream, display="tty", clock=clock, desc="t"):
        clock.tick(0.1)
    row = screen_of(stream.getvalue(), columns=80).display[0]
    assert row == "t: 100%|" + "█" * 40 + "| 10/10 [00:01<00:00, 10.00it/s]"


# -- methods ------------------------------------------------------------------------------


def _bar(**options: object) -> tuple[progbar.tqdm, TtyStringIO, FakeClock]:
    clock, stream = FakeClock(), TtyStringIO()
    options.setdefault("miniters", 1)
    bar = CLASS(total=10, file=stream, display="tty", clock=clock, mininterval=0, **options)
    return bar, stream, clock


def _row(stream: TtyStringIO) -> str:
    return screen_of(stream.getvalue()).display[0].rstrip()


@pytest.mark.parametrize(
    ("act", "shown"),
    [
        (lambda b: b.set_description("epoch 2"), "epoch 2:  40%|"),
        (lambda b: b.set_description_str("epoch 2"), "epoch 2:  40%|"),
        (lambda b: b.set_description(None), " 40%|"),
        (lambda b: b.set_postfix(loss=0.30001, acc=0.9), "10.00it/s, acc=0.9, loss=0.3]"),  # sorted
        (lambda b: b.set_postfix(OrderedDict(z=1, a="x "), b=2), "it/s, z=1, a=x, b=2]"),
        (lambda b: b.set_postfix({"lr": 1e-05}), "it/s, lr=1e-5]"),
        (lambda b: b.set_postfix_str("file=a.txt"), "it/s, file=a.txt]"),
        (lambda b: b.set_postfix_str(42), "it/s, 42]"),
    ],
    ids=[
        "desc",
        "desc_str",
        "no-desc",
        "postfix",
        "ordered",
        "short-number",
        "postfix_str",
        "str()",
    ],
)
def test_line_method(act: Callable[[progbar.tqdm], object], shown: str) -> None:
    bar, stream, clock = _bar(desc="epoch 1")
    clock.tick(0.3)
    bar.update(3)
    act(bar)
    clock.tick(0.1)
    bar.update(1)
    assert shown in _row(stream), _row(stream)


@pytest.mark.parametrize(
    ("steps", "n"),
    [([1, 1, 1], 3), ([5], 5), ([2.5, 0.5], 3.0), ([5, -2], 3), ([0, 0], 0), ([10, 5], 15)],
)
def test_update_adds(steps: list[float], n: float) -> None:
    bar, _, clock = _bar()
    for step in steps:
        clock.tick(0.1)
        bar.update(step)
    assert bar.n == n
    bar.refresh()  # the bar underneath is told the count when drawn
    assert bar.bar.current == n


def test_n_total_and_desc_attributes() -> None:
    bar, stream, clock = _bar(desc="d")
    bar.n = 4
    bar.refresh()
    assert (bar.n, bar.total, bar.desc) == (4, 10, "d")
    assert "| 4/10 [" in _row(stream)
    bar.total = 40
    bar.refresh()
    assert bar.total == 40 and "| 4/40 [" in _row(stream)


def test_refresh_and_display_draw_now() -> None:
    clock, stream = FakeClock(), TtyStringIO()
    bar = CLASS(total=10, file=stream, display="tty", clock=clock, mininterval=100)
    bar.update(1)
    bar.update(4)  # inside mininterval: not drawn
    assert "| 0/10 [" in _row(stream)
    bar.refresh()
    assert "| 5/10 [" in _row(stream)
    bar.update(1)
    bar.display()
    assert "| 6/10 [" in _row(stream)


def test_clear_blanks_the_line_until_the_next_draw() -> None:
    bar, stream, clock = _bar()
    bar.update(3)
    bar.clear()
    assert _row(stream) == ""
    clock.tick(1)
    bar.update(1)
    assert "| 4/10 [" in _row(stream)


@pytest.mark.parametrize(("total", "expected"), [(None, 10), (50, 50), (float("inf"), None)])
def test_reset(total: float | None, expected: float | None) -> None:
    bar, stream, clock = _bar()
    clock.tick(3)
    bar.update(7)
    bar.set_postfix(loss=1)
    bar.reset(total)
    assert (bar.n, bar.total, bar.bar.elapsed) == (0, expected, 0.0)
    clock.tick(1)
    bar.update(1)
    assert ", loss=" not in _row(stream)
    assert ("1it [" if expected is None else f"| 1/{expected} [") in _row(stream)


def test_close_is_idempotent_and_disables_like_tqdm() -> None:
    bar, stream, _ = _bar()
    bar.update(4)
    bar.close()
    after = stream.getvalue()
    bar.close()
    assert bar.disable and bar.bar.closed
    assert stream.getvalue() == after


def test_context_manager_closes_also_on_an_exception() -> None:
    bar, _, _ = _bar()
    with pytest.raises(KeyError), bar:
        bar.update(2)
        raise KeyError("boom")
    assert bar.bar.closed and bar.n == 2


@pytest.mark.parametrize(
    ("make", "length"),
    [
        (lambda: CLASS(range(7), display="silent"), 7),
        (lambda: CLASS(total=12, display="silent"), 12),
        (lambda: CLASS([1, 2], total=5, display="silent"), 2),  # tqdm: the iterable's len wins
    ],
)
def test_len(make: Callable[[], progbar.tqdm], length: int) -> None:
    assert len(make()) == length


def test_len_unknown_is_a_type_error_and_bool_is_still_true() -> None:
    bar = CLASS((x for x in [1]), display="silent")
    with pytest.raises(TypeError):
        len(bar)
    assert bool(bar)


def test_iterating_a_bar_made_without_an_iterable_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="without an iterable"):
        iter(CLASS(total=3, display="silent")).__next__()


def test_write_goes_above_the_live_bar() -> None:
    bar, stream, clock = _bar()
    clock.tick(0.1)
    bar.update(3)
    CLASS.write("hello", file=stream)
    rows = [r.rstrip() for r in screen_of(stream.getvalue()).display[:2]]
    assert rows[0] == "hello"
    assert "| 3/10 [" in rows[1]


def test_format_dict_and_repr() -> None:
    bar, _, clock = _bar(desc="d", unit="img")
    clock.tick(1)
    bar.update(4)
    info = bar.format_dict
    assert (info["n"], info["total"], info["prefix"], info["unit"]) == (4, 10, "d", "img")
    assert info["elapsed"] == 1.0
    assert (
        repr(bar) == "d:  40%|####      | 4/10 [00:01<00:01,  4.00img/s]"
    )  # tqdm: no UTF encoding
    assert isinstance(bar.bar, Progbar)


def test_lock_round_trips_through_tqdms_own_helper_and_pickles() -> None:
    lock = CLASS.get_lock()
    assert CLASS.get_lock() is lock
    with ensure_lock(CLASS) as shared:  # what thread_map and process_map do
        assert shared is lock
        with shared:
            pass
    copy = pickle.loads(pickle.dumps(lock))  # ProcessPoolExecutor's initargs
    assert copy.acquire() and copy.acquire(False)
    copy.release()
    copy.release()
    other = object()
    CLASS.set_lock(other)
    try:
        assert CLASS.get_lock() is other
    finally:
        CLASS.set_lock(lock)


def test_a_subclass_has_its_own_lock_once_set() -> None:
    class Mine(CLASS):  # type: ignore[misc,valid-type]
        pass

    lock = object()
    Mine.set_lock(lock)
    assert Mine.get_lock() is lock
    assert CLASS.get_lock() is not lock


# -- the contract against tqdm itself ----------------------------------------------------

TQDM_PARAMETERS = [
    name
    for name, parameter in inspect.signature(real_tqdm.__init__).parameters.items()
    if name != "self" and parameter.kind is not inspect.Parameter.VAR_KEYWORD
]


def test_the_constructor_takes_every_tqdm_keyword_with_tqdms_default() -> None:
    ours = inspect.signature(CLASS.__init__).parameters
    theirs = inspect.signature(real_tqdm.__init__).parameters
    assert len(TQDM_PARAMETERS) > 20  # guards the listing itself
    for name in TQDM_PARAMETERS:
        assert name in ours, name
        assert ours[name].default == theirs[name].default, name


def test_the_from_tqdm_page_has_a_row_for_every_tqdm_keyword() -> None:
    page = (Path(__file__).resolve().parent.parent / "docs" / "from-tqdm.md").read_text()
    rows = set(re.findall(r"^\| `(\w+)` \|", page, re.M))
    assert set(TQDM_PARAMETERS) <= rows, sorted(set(TQDM_PARAMETERS) - rows)


@pytest.mark.parametrize(
    "method",
    [
        "update", "close", "set_description", "set_description_str", "set_postfix",
        "set_postfix_str", "refresh", "clear", "reset", "write", "get_lock", "set_lock",
        "display", "unpause", "pandas", "__iter__", "__len__", "__enter__",
    ],
)  # fmt: skip
def test_every_method_libraries_call_takes_tqdms_arguments(method: str) -> None:
    ours = inspect.signature(getattr(CLASS, method)).parameters
    theirs = inspect.signature(getattr(real_tqdm, method)).parameters
    for name, parameter in theirs.items():
        if parameter.kind in (inspect.Parameter.VAR_KEYWORD, inspect.Parameter.VAR_POSITIONAL):
            continue
        assert name in ours, f"{method}() lacks {name}="


class UnicodeStringIO(io.StringIO):
    """A StringIO that declares UTF-8, as tqdm's own tests' ``UnicodeIO`` does."""

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "U8"


@pytest.mark.parametrize(
    ("stream", "ascii", "glyphs"),
    [(io.StringIO(), True, ["7%|6", "13%|#3", "20%|##"]), (UnicodeStringIO(), False, ["7%|▋", "13%|█▎", "20%|██"])],  # noqa: E501
    ids=["ascii", "unicode"],
)  # fmt: skip
def test_tqdms_ascii_and_unicode_bar_tests_hold_line_by_line_in_a_log(
    stream: io.StringIO, ascii: bool, glyphs: list[str]
) -> None:
    """tqdm's ``test_ascii_bar``/``test_unicode_bar`` split a file at ``\\r``: a log has lines."""
    with progbar.tqdm(total=15, file=stream, ascii=ascii, mininterval=0, miniters=1) as t:
        for _ in range(3):
            t.update()
    lines = stream.getvalue().splitlines()
    assert "\r" not in stream.getvalue()
    assert [glyph in line for glyph, line in zip(glyphs, lines[1:4])] == [True] * 3, lines


def test_a_log_gets_the_line_at_the_total_before_close() -> None:
    """As tqdm draws it: a tqdm bar only ends at ``close()``, and its total may still grow."""
    stream, clock = io.StringIO(), FakeClock()
    bar = CLASS(total=2, file=stream, display="log", clock=clock, mininterval=0, miniters=1)
    clock.tick(1)
    bar.update(2)
    assert "| 2/2 [" in stream.getvalue()
    bar.total = 4
    clock.tick(1)
    bar.update(1)
    bar.close()
    assert stream.getvalue().splitlines()[-1].startswith(" 75%|███████▌  | 3/4 ["), (
        stream.getvalue()
    )


def _renamed_in_a_log(refresh: bool) -> list[str]:
    """A bar made, then named (``bar = tqdm(...); bar.set_description(...)``), then 25 s
    of steps that set a new description each (the loss, as training loops do)."""
    clock, stream = FakeClock(), io.StringIO()
    bar = CLASS(total=300, desc="start", file=stream, display="log", clock=clock)
    bar.set_description("a.bin", refresh=refresh)
    for step in range(250):
        clock.tick(0.1)
        bar.set_description(f"loss {step}", refresh=refresh)
        bar.update()
    bar.close()
    return [line.split("|")[0] for line in stream.getvalue().splitlines()]


def test_a_log_shows_the_first_new_description_at_once_and_later_ones_at_its_interval() -> None:
    """The line a bar writes when made comes before its caller could name it: the first new
    name gets a line at once, and from then on a name set at every step writes no more lines
    than the log's interval (10 s) allows."""
    assert _renamed_in_a_log(refresh=True) == [
        "start:   0%", "a.bin:   0%", "loss 99:  33%", "loss 199:  66%", "loss 249:  83%",
    ]  # fmt: skip


def test_a_description_set_without_refresh_waits_for_the_next_draw() -> None:
    """``refresh=False``: no line at once; the first draw tqdm would make (an update past
    ``mininterval``) shows the new name, as a terminal would."""
    assert _renamed_in_a_log(refresh=False) == [
        "start:   0%", "loss 0:   0%", "loss 100:  34%", "loss 200:  67%", "loss 249:  83%",
    ]  # fmt: skip


def test_a_name_set_and_taken_back_before_any_draw_never_reaches_the_log() -> None:
    """tqdm's ``test_set_description``: ``refresh=False`` names are seen only if drawn."""
    stream = io.StringIO()
    with CLASS(desc="Hello", file=stream, display="log") as bar:
        bar.set_description_str("World", False)
        bar.set_description(None, False)
    assert "World" not in stream.getvalue()
    with CLASS(desc="Hello", file=stream, display="log") as bar:
        bar.set_description_str("World")
        bar.set_description("Bye")
    assert [line.split(" ")[0] for line in stream.getvalue().splitlines()[2:]] == [
        "Hello:", "World:", "Bye:"
    ]  # fmt: skip


def test_renaming_a_nested_bar_adds_no_line_to_a_log() -> None:
    """A nested bar's name shows on its parent's periodic line: epochs renamed at their start
    (one inner bar each) must not write a parent's line per epoch."""
    clock, stream = FakeClock(), io.StringIO()
    for epoch in CLASS(range(3), desc="outer", file=stream, display="log", clock=clock):
        inner = CLASS(total=5, file=stream, display="log", clock=clock)
        inner.set_description(f"epoch {epoch}")
        for _ in range(5):
            clock.tick(0.1)
            inner.update()
        inner.close()
    assert [line.split("|")[0] for line in stream.getvalue().splitlines()] == [
        "outer:   0%", "epoch 0: 100%", "epoch 1: 100%", "epoch 2: 100%", "outer: 100%",
    ]  # fmt: skip
