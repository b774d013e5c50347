"""Random sequences of calls never raise anything but the documented argument errors.

A model tracks what ``current`` must be after each call; the bar must agree
after every step, whatever the metric values, clock jumps or messages.
Internal drawing errors surface as warnings, which ``-W error`` turns into
failures here.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import operator
import re
from typing import Any

import numpy as np
import pytest
from harness import FakeClock, TtyStringIO, only_new_garbage
from hypothesis import given, settings
from hypothesis import strategies as st

from progbar import Progbar
from progbar._core.line import Layout
from progbar._core.snapshot import Snapshot
from progbar._output.notebook import render_html

finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False)
counts = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12),
    finite,
    st.sampled_from([math.nan, math.inf, -math.inf]),
    st.builds(np.int64, st.integers(min_value=-(2**40), max_value=2**40)),
    st.builds(np.float32, st.floats(width=32, allow_nan=True, allow_infinity=True)),
    st.text(max_size=3),
    st.none(),
    st.booleans(),
)
metric_values = st.one_of(
    st.floats(),  # nan, inf, huge, tiny, negative
    st.integers(),
    st.just(10**400),  # an int far beyond float range
    st.text(max_size=8),
    st.none(),
    st.lists(st.floats(), max_size=4),
    st.builds(np.array, st.lists(st.floats(allow_nan=True), max_size=4)),
    st.builds(np.float64, st.floats()),
)
values = st.one_of(
    st.none(),
    st.lists(st.tuples(st.text(max_size=6), metric_values), max_size=3),
    st.just(7),  # not a list of pairs: refused
)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("update"), counts, values, st.sampled_from([None, True, False])),
        st.tuples(st.just("add"), counts, values),
        st.tuples(st.just("write"), st.text(max_size=20)),
        st.tuples(st.just("close")),
        st.tuples(st.just("tick"), st.floats(min_value=0, max_value=1e4)),
    ),
    max_size=40,
)


def as_count(value: Any) -> int | float | None:
    """What the bar must store for ``value``, or None when it must refuse it."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
        return None
    try:
        return operator.index(value)
    except TypeError:
        number = float(value)
        return number if math.isfinite(number) else None


def values_ok(given_values: Any) -> bool:
    return given_values is None or isinstance(given_values, list)


@settings(max_examples=300, deadline=None)
@given(
    ops=operations,
    display=st.sampled_from(["tty", "log", "silent"]),
    verbose=st.sampled_from([0, 1, 2]),
    target=st.one_of(st.none(), st.integers(min_value=0, max_value=10**6)),
    look=st.sampled_from(["classic", "keras3"]),
)
def test_random_calls_keep_current_consistent(
    ops: list[tuple[Any, ...]], display: str, verbose: int, target: int | None, look: str
) -> None:
    clock = FakeClock()
    stream = TtyStringIO()
    bar = Progbar(
        target, file=stream, display=display, verbose=verbose, interval=0.5, clock=clock, look=look
    )
    model: int | float = 0
    for op in ops:
        kind = op[0]
        if kind == "tick":
            clock.tick(op[1])
        elif kind == "write":
            bar.write(op[1])
        elif kind == "close":
            bar.close()
        else:
            amount = as_count(op[1])
            valid = amount is not None and values_ok(op[2])
            try:
                if kind == "update":
                    bar.update(op[1], values=op[2], finalize=op[3])
                else:
                    bar.add(op[1], values=op[2])
            except (TypeError, ValueError):
                assert not valid, f"{op!r} was refused"
            else:
                assert valid, f"{op!r} was accepted"
                assert amount is not None
                model = amount if kind == "update" else model + amount
        assert bar.current == model
        assert bar.rate is None or bar.rate >= 0
        eta = bar.eta
        assert eta is None or eta >= 0
    bar.close()
    if verbose == 0 or display == "silent":
        written = stream.getvalue()
        assert written.count("\n") == sum(1 for op in ops if op[0] == "write") + sum(
            op[1].count("\n") for op in ops if op[0] == "write"
        )


# -- signals, Ctrl-C and abandoned bars among the moves (issue 19) ---------------------------

hostile_ops = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(min_value=0, max_value=1000), st.booleans()),
        st.tuples(st.just("signal")),  # a real signal whose handler reports progress
        st.tuples(st.just("interrupt"), st.integers(min_value=1, max_value=50)),  # Ctrl-C
        st.tuples(st.just("abandon")),  # another bar, dropped without close()
        st.tuples(st.just("write"), st.text(max_size=10)),
        st.tuples(st.just("tick"), st.floats(min_value=0, max_value=100)),
    ),
    max_size=30,
)


@only_new_garbage()  # each "abandon" scans only the examples' objects: 0.5 s each late in the suite
@settings(max_examples=150, deadline=None)
@given(ops=hostile_ops, display=st.sampled_from(["tty", "log"]))
def test_signals_interrupts_and_abandoned_bars_never_hang_or_lose_counts(
    ops: list[tuple[Any, ...]], display: str
) -> None:
    import gc
    import os
    import signal

    from progbar._output.screen import live_screens

    clock, stream = FakeClock(), TtyStringIO()
    bar = Progbar(None, file=stream, display=display, interval=0, clock=clock)
    model = [0]

    def report(signum: int, frame: object) -> None:  # progress reported from a handler
        bar.add(1, values=[("from_signal", 1.0)])
        model[0] += 1

    def ctrl_c(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    def stuck(signum: int, frame: object) -> None:
        raise AssertionError("a call hung: a lock was left held")

    old = [signal.signal(s, h) for s, h in ((signal.SIGUSR1, report), (signal.SIGUSR2, ctrl_c))]
    old_alarm = signal.signal(signal.SIGALRM, stuck)
    signal.setitimer(signal.ITIMER_REAL, 30)  # a deadlock fails here instead of hanging CI
    screens = len(live_screens())
    try:
        for op in ops:
            kind = op[0]
            if kind == "add":
                bar.add(op[1], values=[("loss", 0.5)] if op[2] else None)
                model[0] += op[1]
            elif kind == "signal":
                os.kill(os.getpid(), signal.SIGUSR1)  # handled before the next line
            elif kind == "interrupt":
                before = bar.current
                try:
                    os.kill(os.getpid(), signal.SIGUSR2)
                    for _ in range(op[1]):
                        bar.add(1, values=[("loss", 0.5)])
                except KeyboardInterrupt:  # a loop that catches Ctrl-C and goes on
                    pass
                model[0] += bar.current - before  # whatever ran before the interrupt counted
                assert 0 <= bar.current - before <= op[1]
            elif kind == "abandon":
                other = Progbar(10, file=stream, display=display, clock=clock)
                other.update(3)
                del other
                gc.collect()
            elif kind == "write":
                bar.write(op[1])
            else:
                clock.tick(op[1])
            assert bar.current == model[0]
            bar.update(bar.current, values=[("after", 1.0)])  # the bar still takes everything
        assert len(live_screens()) <= screens + 1  # abandoned bars leave no screen behind
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old_alarm)
        for s, h in zip((signal.SIGUSR1, signal.SIGUSR2), old):
            signal.signal(s, h)
        bar.close()


# -- text from outside, and counts for a shared bar (issue 29) ---------------------------------

HOSTILE_PIECES = [
    "\x1b[31m", "\x1b]8;;http://x.test/\x07", "\x1b]2;title\x1b\\", "\x1b", "\r", "\n", "\t",
    "\x9b", "\x00", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
    "\u2068", "\u2069", "\u200e", "\u200f", "\u061c", "\u2028", "<b>", "&amp;", "日本",
]  # fmt: skip
hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=3)), max_size=8
).map("".join)
ACTS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]")


@settings(max_examples=150, deadline=None)
@given(
    description=hostile_text,
    name=hostile_text,
    value=hostile_text,
    unit=hostile_text,
    look=st.sampled_from(["classic", "keras3", "tqdm"]),
)
def test_outside_text_is_inert_in_every_output(
    description: str, name: str, value: str, unit: str, look: str
) -> None:
    clock, stream = FakeClock(), TtyStringIO()
    jsonl = io.StringIO()
    bars = [
        Progbar(4, file=stream, description=description, unit_name=unit, clock=clock, look=look),
        Progbar(
            4, file=jsonl, display="jsonl", description=description, unit_name=unit, clock=clock
        ),
    ]
    for step in range(1, 5):
        clock.tick(1.0)
        for bar in bars:
            bar.update(step, values=[(name, value)])
    for bar in bars:
        bar.close()
    drawn = ANSI_OWN.sub("", stream.getvalue())  # the bar's own sequences: cursor, colour
    assert not ACTS.search(drawn.replace("\n", "").replace("\r", "")), ascii(drawn)
    for line in jsonl.getvalue().splitlines():
        fields = json.loads(line)
        texts = [fields["description"] or "", fields["unit_name"], *fields["metrics"]]
        texts += [v for v in fields["metrics"].values() if isinstance(v, str)]
        assert not any(ACTS.search(text) for text in texts), fields
    snap = Snapshot(2, 4, 1.0, description=description, metrics=((name, value),), unit_name=unit)
    assert not ACTS.search(render_html(snap, Layout(look=look), "")), "notebook HTML"


ANSI_OWN = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")  # what the terminal display itself writes
shared_counts = st.one_of(
    counts,
    st.sampled_from([10**400, -(10**400), 10**300, 1e300, 1e301, -1e305, 2**63, 9.9e299]),
    st.floats(allow_nan=True, allow_infinity=True),
)


@settings(max_examples=300, deadline=None)
@given(values=st.lists(shared_counts, max_size=12))
def test_a_handle_refuses_exactly_what_a_local_add_refuses(values: list[Any]) -> None:
    # each value as the first count of a local bar (the local one also refuses totals past 1e300)
    shared = Progbar(None, display="silent")
    handle = shared.share()
    model: Any = 0
    scale = 0.0  # the magnitude of what was accepted: the float rounding of a split sum
    for value in values:
        refused: list[type] = []
        for add in (Progbar(None, display="silent").add, handle.add):
            try:
                add(value)
            except (TypeError, ValueError) as exc:
                refused.append(type(exc))
        assert len(refused) in (0, 2) and len(set(refused)) <= 1, (value, refused)
        if not refused:
            model += as_count(value)
            scale += abs(float(as_count(value) or 0))
    with contextlib.suppress(ValueError):  # a sum past 1e300 is the bar's to refuse
        handle.flush()  # the parent's own handle: folded at once
    if abs(model) < 1e300:  # the flusher may have split the sum: float rounding differs
        assert shared.current == pytest.approx(model, rel=1e-12, abs=1e-12 * scale)
