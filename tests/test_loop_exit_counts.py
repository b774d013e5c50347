"""Leaving a loop early shows the iterations completed, as tqdm and rich count them.

``break``, an exception or Ctrl-C in the body of item 5 (of 10): items 0..4
finished, item 5 did not, so the final line says 5/10 (it said 6/10).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

import pytest
from harness import FakeClock, run_in_pty_interrupted

import progbar


def _gen(n: int) -> Iterator[int]:
    yield from range(n)


def _loop(api: str, source: Iterable[int], out: io.StringIO) -> Iterable[int]:
    options = {"file": out, "display": "log", "clock": FakeClock()}
    if api == "track":
        return progbar.track(source, total=10, **options)
    return progbar.tqdm(source, total=10, **options)


def _last(out: io.StringIO) -> str:
    return out.getvalue().splitlines()[-1]


SOURCES = {
    "range": lambda: range(10),
    "list": lambda: list(range(10)),
    "generator": lambda: _gen(10),
}


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("api", ["track", "tqdm"])
def test_break_at_item_5_shows_5_of_10(api: str, source: str) -> None:
    out = io.StringIO()
    for i in _loop(api, SOURCES[source](), out):
        if i == 5:
            break
    assert " 5/10 [" in _last(out), out.getvalue()


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("api", ["track", "tqdm"])
def test_an_exception_at_item_5_shows_5_of_10(api: str, source: str) -> None:
    out = io.StringIO()
    with pytest.raises(KeyError):
        for i in _loop(api, SOURCES[source](), out):
            if i == 5:
                raise KeyError(i)
    assert " 5/10 [" in _last(out), out.getvalue()


def test_a_source_failing_at_item_5_counts_the_5_it_gave() -> None:
    def failing() -> Iterator[int]:
        yield from range(5)
        raise OSError("gone")

    out = io.StringIO()
    with pytest.raises(OSError, match="gone"):
        for _ in _loop("track", failing(), out):
            pass
    assert " 5/10 [" in _last(out), out.getvalue()


CTRL_C = """
import time, progbar
loop = {loop}
for i in loop:
    if i == 5:
        print("item 5 running", flush=True)
        time.sleep(60)  # Ctrl-C lands here, in the body of item 5
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("api", "loop", "drawn"),
    [
        ("track", "progbar.track(range(10))", b" 5/10 ["),
        ("tqdm", "progbar.tqdm(range(10))", b"| 5/10 ["),
    ],
)
def test_ctrl_c_at_item_5_shows_5_of_10(api: str, loop: str, drawn: bytes) -> None:
    """A real SIGINT on a real pty, once item 5's body runs.

    Not once the bar shows 5/10: tqdm's rules (progbar.tqdm's since issue 31) draw a
    quick loop's count only every mininterval, so 5/10 first shows on the way out.
    """
    run = run_in_pty_interrupted(CTRL_C.format(loop=loop), wait_for=b"item 5 running")
    assert b"KeyboardInterrupt" in run.output
    rows = [row for row in run.lines if "/10" in row]
    assert rows, run.lines
    assert drawn.decode() in rows[-1], run.lines
    assert "6/10" not in run.output.decode(errors="replace"), run.lines
