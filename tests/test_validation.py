"""Every bad argument is refused at the call that got it, naming the argument and the value."""

from __future__ import annotations

import io
import logging
import math
from collections.abc import AsyncIterator
from typing import Any, Callable

import numpy as np
import pytest
from harness import FakeClock

import progbar
from progbar import Progbar

NAN, INF = math.nan, math.inf


class NoWrite:
    def __repr__(self) -> str:
        return "NoWrite()"


def make(**kwargs: Any) -> Progbar:
    kwargs.setdefault("target", 10)
    kwargs.setdefault("display", "silent")
    return Progbar(**kwargs)


def live_bar() -> Progbar:
    return Progbar(10, file=io.StringIO(), display="log", clock=FakeClock())


# (label, call, exception type, argument name, value as it must appear in the message)
BAD_CALLS: list[tuple[str, Callable[[], object], type[Exception], str, str]] = [
    ("target str", lambda: make(target="10"), TypeError, "target", "'10'"),
    ("target list", lambda: make(target=[10]), TypeError, "target", "[10]"),
    ("target bool", lambda: make(target=True), TypeError, "target", "True"),
    ("target negative", lambda: make(target=-1), ValueError, "target", "-1"),
    ("target nan", lambda: make(target=NAN), ValueError, "target", "nan"),
    ("target inf", lambda: make(target=INF), ValueError, "target", "inf"),
    ("target -inf", lambda: make(target=-INF), ValueError, "target", "-inf"),
    ("target numpy nan", lambda: make(target=np.float64("nan")), ValueError, "target", "nan"),
    ("width zero", lambda: make(width=0), ValueError, "width", "0"),
    ("width negative", lambda: make(width=-3), ValueError, "width", "-3"),
    ("width float", lambda: make(width=2.5), TypeError, "width", "2.5"),
    ("width str", lambda: make(width="30"), TypeError, "width", "'30'"),
    ("width bool", lambda: make(width=True), TypeError, "width", "True"),
    ("width str", lambda: make(width="30"), TypeError, "width", "'30'"),
    ("verbose 3", lambda: make(verbose=3), ValueError, "verbose", "3"),
    ("verbose -1", lambda: make(verbose=-1), ValueError, "verbose", "-1"),
    ("verbose str", lambda: make(verbose="1"), TypeError, "verbose", "'1'"),
    ("verbose float", lambda: make(verbose=1.0), TypeError, "verbose", "1.0"),
    ("verbose None", lambda: make(verbose=None), TypeError, "verbose", "None"),
    ("interval negative", lambda: make(interval=-0.1), ValueError, "interval", "-0.1"),
    ("interval nan", lambda: make(interval=NAN), ValueError, "interval", "nan"),
    ("interval inf", lambda: make(interval=INF), ValueError, "interval", "inf"),
    ("interval str", lambda: make(interval="fast"), TypeError, "interval", "'fast'"),
    ("interval None", lambda: make(interval=None), TypeError, "interval", "None"),
    ("display unknown", lambda: make(display="fancy"), ValueError, "display", "'fancy'"),
    ("display int", lambda: make(display=1), TypeError, "display", "1"),
    ("display None", lambda: make(display=None), TypeError, "display", "None"),
    ("unit_name int", lambda: make(unit_name=5), TypeError, "unit_name", "5"),
    ("unit_name None", lambda: make(unit_name=None), TypeError, "unit_name", "None"),
    ("description int", lambda: make(description=5), TypeError, "description", "5"),
    ("look unknown", lambda: make(look="round"), ValueError, "look", "'round'"),
    ("color str", lambda: make(color="yes"), TypeError, "color", "'yes'"),
    ("log_interval negative", lambda: make(log_interval=-1), ValueError, "log_interval", "-1"),
    ("clock not callable", lambda: make(clock=5), TypeError, "clock", "5"),
    ("file without write", lambda: make(file=NoWrite()), TypeError, "file", "NoWrite()"),
    ("file a path", lambda: make(file="out.txt"), TypeError, "file", "'out.txt'"),
    (
        "stateful a str",
        lambda: make(stateful_metrics="loss"),
        TypeError,
        "stateful_metrics",
        "'loss'",
    ),
    ("stateful not str", lambda: make(stateful_metrics=[1]), TypeError, "stateful_metrics", "1"),
    ("stateful int", lambda: make(stateful_metrics=5), TypeError, "stateful_metrics", "5"),
    (
        "stateless a str",
        lambda: make(stateless_metrics="acc"),
        TypeError,
        "stateless_metrics",
        "'acc'",
    ),
    ("units unknown", lambda: make(units="furlongs"), ValueError, "units", "'furlongs'"),
    ("ambiguous_wide str", lambda: make(ambiguous_wide="no"), TypeError, "ambiguous_wide", "'no'"),
    ("all_ranks int", lambda: make(all_ranks=2), TypeError, "all_ranks", "2"),
    ("update str", lambda: live_bar().update("5"), TypeError, "current", "'5'"),
    ("update None", lambda: live_bar().update(None), TypeError, "current", "None"),
    ("update list", lambda: live_bar().update([5]), TypeError, "current", "[5]"),
    ("update bool", lambda: live_bar().update(True), TypeError, "current", "True"),
    ("update object", lambda: live_bar().update(NoWrite()), TypeError, "current", "NoWrite()"),
    ("update nan", lambda: live_bar().update(NAN), ValueError, "current", "nan"),
    ("update inf", lambda: live_bar().update(INF), ValueError, "current", "inf"),
    (
        "update numpy inf",
        lambda: live_bar().update(np.float32("inf")),
        ValueError,
        "current",
        "inf",
    ),
    ("update values int", lambda: live_bar().update(1, values=5), TypeError, "values", "5"),
    ("update values flat", lambda: live_bar().update(1, [1, 2]), TypeError, "values", "[1, 2]"),
    (
        "update values dict of pairs",
        lambda: live_bar().update(1, {"loss": 1, "acc": "x"}.keys()),
        TypeError,
        "values",
        "dict_keys",
    ),
    (
        "update finalize str",
        lambda: live_bar().update(1, finalize="yes"),
        TypeError,
        "finalize",
        "'yes'",
    ),
    ("add str", lambda: live_bar().add("1"), TypeError, "n", "'1'"),
    ("add None", lambda: live_bar().add(None), TypeError, "n", "None"),
    ("add nan", lambda: live_bar().add(NAN), ValueError, "n", "nan"),
    ("add values", lambda: live_bar().add(1, values=[3]), TypeError, "values", "[3]"),
    ("bar.write int", lambda: live_bar().write(5), TypeError, "text", "5"),
    ("write int", lambda: progbar.write(5), TypeError, "text", "5"),
    ("write end", lambda: progbar.write("x", end=None), TypeError, "end", "None"),
    ("write file", lambda: progbar.write("x", file=NoWrite()), TypeError, "file", "NoWrite()"),
    (
        "redirect loggers",
        lambda: progbar.redirect_logging([5]).__enter__(),
        TypeError,
        "loggers",
        "5",
    ),
    (
        "redirect stdout",
        lambda: progbar.redirect_logging(stdout="yes").__enter__(),
        TypeError,
        "stdout",
        "'yes'",
    ),
    (
        "reporthook block_num",
        lambda: progbar.reporthook(display="silent")("1", 1, 10),
        TypeError,
        "block_num",
        "'1'",
    ),
    (
        "reporthook block_size",
        lambda: progbar.reporthook(display="silent")(1, -1, 10),
        ValueError,
        "block_size",
        "-1",
    ),
    (
        "reporthook total_size",
        lambda: progbar.reporthook(display="silent")(0, 1, 1.5),
        TypeError,
        "total_size",
        "1.5",
    ),
    (
        "reporthook display",
        lambda: progbar.reporthook(display="fancy"),
        ValueError,
        "display",
        "'fancy'",
    ),
    ("urlretrieve url", lambda: progbar.urlretrieve(5), TypeError, "url", "5"),
    ("track not iterable", lambda: progbar.track(5), TypeError, "iterable", "5"),
    ("track total str", lambda: progbar.track([1], total="x"), TypeError, "total", "'x'"),
    ("track total negative", lambda: progbar.track([1], total=-1), ValueError, "total", "-1"),
    ("track total nan", lambda: progbar.track([1], total=NAN), ValueError, "total", "nan"),
    ("track target", lambda: progbar.track([1], target=3), TypeError, "target", "3"),
    ("track width", lambda: progbar.track([1], width=0), ValueError, "width", "0"),
    ("track display", lambda: progbar.track([1], display=2), TypeError, "display", "2"),
    ("atrack not async", lambda: progbar.atrack([1]), TypeError, "iterable", "[1]"),
    ("atrack total", lambda: progbar.atrack(agen(), total="x"), TypeError, "total", "'x'"),
    ("wrap_file object", lambda: progbar.wrap_file(5), TypeError, "fileobj", "5"),
    (
        "wrap_file total",
        lambda: progbar.wrap_file(io.BytesIO(), total=-2),
        ValueError,
        "total",
        "-2",
    ),
    ("epochs count", lambda: progbar.epochs("3"), TypeError, "count", "'3'"),
    ("epochs steps", lambda: progbar.epochs(3, -1), ValueError, "steps", "-1"),
    ("epochs verbose", lambda: progbar.epochs(3, verbose=5), ValueError, "verbose", "5"),
]


async def _items() -> AsyncIterator[int]:
    yield 1


def agen() -> AsyncIterator[int]:
    return _items()


@pytest.mark.parametrize(
    ("call", "error", "name", "shown"),
    [pytest.param(*case[1:], id=case[0]) for case in BAD_CALLS],
)
def test_bad_argument_is_refused_naming_it_and_its_value(
    call: Callable[[], object], error: type[Exception], name: str, shown: str
) -> None:
    with pytest.raises(error) as info:
        call()
    message = str(info.value)
    assert type(info.value) is error or issubclass(type(info.value), error)
    assert name in message, message
    assert shown in message, message


def test_both_metric_lists_is_a_value_error_naming_both() -> None:
    with pytest.raises(ValueError, match=r"stateful_metrics.*stateless_metrics"):
        make(stateful_metrics=["a"], stateless_metrics=["b"])


def test_a_refused_update_leaves_the_bar_as_it_was() -> None:
    bar = live_bar()
    bar.update(4, values=[("loss", 1.0)])
    for bad in ("5", NAN, None):
        with pytest.raises((TypeError, ValueError)):
            bar.update(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        bar.add(1, values=7)  # type: ignore[arg-type]
    assert bar.current == 4


@pytest.mark.parametrize(
    ("kwargs", "attribute", "expected"),
    [
        ({"target": np.int64(12)}, "target", 12),
        ({"target": 12.0}, "target", 12),
        ({"target": None}, "target", None),
        ({"target": 0}, "target", 0),
        ({"width": np.int32(7)}, "width", 7),
        ({"verbose": True}, "verbose", 1),  # Keras code passes booleans
        ({"verbose": np.int64(2)}, "verbose", 2),
        ({"interval": 0}, "interval", 0),
        ({"unit_name": ""}, "unit_name", ""),
        ({"stateful_metrics": ("lr",)}, "width", 30),
        ({"stateful_metrics": (n for n in ["lr"])}, "width", 30),
    ],
)
def test_good_arguments_of_other_types_are_accepted(
    kwargs: dict[str, Any], attribute: str, expected: object
) -> None:
    bar = make(**kwargs)
    assert getattr(bar, attribute) == expected


def test_numpy_and_exact_counts_are_accepted() -> None:
    bar = live_bar()
    bar.update(np.int64(3))
    assert bar.current == 3 and type(bar.current) is int  # exact, not a float
    bar.add(np.float32(0.5))
    assert bar.current == 3.5
    bar.update(2**62 + 1)
    assert bar.current == 2**62 + 1  # ints are never rounded through float
    bar.update(1, finalize=np.bool_(False))
    assert bar.current == 1


def test_going_backwards_is_allowed_and_shown(clock: FakeClock) -> None:
    out = io.StringIO()
    bar = Progbar(10, file=out, display="log", log_interval=0, interval=0, clock=clock)
    for step in (3, 6, 2, 5):  # a retry from 6 back to 2
        clock.tick(1.0)
        bar.update(step)
    assert bar.current == 5
    shown = [line.split("/")[0].strip() for line in out.getvalue().splitlines()]
    assert shown == ["3", "6", "2", "5"]
    assert bar.rate is not None and bar.rate > 0


def test_values_may_be_any_iterable_of_pairs() -> None:
    bar = live_bar()
    bar.update(1, values=iter([("loss", 0.5)]))
    bar.add(1, values=(("loss", 1.5),))
    bar.update(2, values=[])
    bar.close()


def test_redirect_logging_refuses_before_touching_anything() -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    with pytest.raises(TypeError), progbar.redirect_logging([root, "not a logger"]):  # type: ignore[list-item]
        pass  # pragma: no cover
    assert root.handlers == before
