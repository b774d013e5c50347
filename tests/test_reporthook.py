"""``progbar.reporthook`` fed synthetic urllib call sequences, under a fake clock."""

from __future__ import annotations

import io
import math
import random

import pytest
from harness import FakeClock

import progbar
from progbar import Progbar
from progbar._transfer.urlhook import ReportHook

BS = 8192  # urllib's block size


def make_hook(clock: FakeClock, **options: object) -> tuple[ReportHook, io.StringIO]:
    """A hook drawing every update as a log line, so each call can be checked."""
    out = io.StringIO()
    hook = progbar.reporthook(
        file=out, display="log", clock=clock, interval=0, log_interval=0, **options
    )
    return hook, out


def feed(hook: ReportHook, clock: FakeClock, calls: list[tuple[int, int, int]]) -> None:
    for call in calls:
        clock.tick(0.25)
        hook(*call)


def test_the_last_block_is_not_drawn_complete_before_the_download_ends(clock: FakeClock) -> None:
    """Block 3 may hold 1 byte or all 3,616 left: only the end of ``with`` tells which."""
    hook, out = make_hook(clock, units="count")
    with hook:
        feed(hook, clock, [(0, BS, 20000), (1, BS, 20000), (2, BS, 20000), (3, BS, 20000)])
        assert hook.bar is not None and hook.bar.current == 16384  # what is sure to be in
        assert "20000/20000" not in out.getvalue()
    assert hook.bar.current == 20000
    lines = out.getvalue().splitlines()
    assert [line.split(" [")[0] for line in lines] == [
        "    0/20000",
        " 8192/20000",
        "16384/20000",
        "16384/20000",
        "20000/20000",
    ]
    assert lines[-1].startswith("20000/20000 [==============================] - 1s")


def test_a_failure_in_the_last_block_is_never_drawn_complete(clock: FakeClock) -> None:
    hook, out = make_hook(clock, units="count")
    with pytest.raises(ConnectionResetError), hook:
        feed(hook, clock, [(0, BS, 20000), (1, BS, 20000), (2, BS, 20000), (3, BS, 20000)])
        raise ConnectionResetError  # the last block was short: the server hung up
    assert "20000/20000" not in out.getvalue()
    assert out.getvalue().splitlines()[-1].startswith("16384/20000 [")


def test_overshoot_in_bytes_ends_at_the_exact_size(clock: FakeClock) -> None:
    hook, out = make_hook(clock)
    size = 1_500_000
    with hook:
        feed(hook, clock, [(n, BS, size) for n in range(-(-size // BS) + 1)])
    last = out.getvalue().splitlines()[-1]
    assert last.startswith("1.4/1.4 MiB [==============================] - ")
    assert last.endswith(" KiB/s")  # 1.4 MiB over 46 fake seconds


def test_a_call_after_the_bar_finished_draws_nothing_more(clock: FakeClock) -> None:
    hook, out = make_hook(clock, units="count")
    with hook:
        feed(hook, clock, [(0, BS, 100), (1, BS, 100), (2, BS, 100)])
    assert out.getvalue().count("100/100") == 1
    hook(2, BS, 100)
    hook.close()
    assert out.getvalue().count("100/100") == 1


@pytest.mark.parametrize("unknown", [-1, 0])
def test_no_content_length_shows_the_running_byte_count(clock: FakeClock, unknown: int) -> None:
    hook, out = make_hook(clock)
    feed(hook, clock, [(n, 1000, unknown) for n in range(4)])
    assert hook.bar is not None and hook.bar.target is None
    hook.close()
    lines = out.getvalue().splitlines()
    assert lines[0] == "      0 B - 0s"
    assert lines[2] == "  2.0 KiB - 0s 3.9 KiB/s"  # 2000 B in 0.5 s
    assert lines[-1] == "  2.9 KiB - 1s 3.9 KiB/s"  # closed: the same count, the line ended
    assert "[" not in out.getvalue()  # no bar without a size


def test_no_content_length_in_the_keras_look(clock: FakeClock) -> None:
    hook, out = make_hook(clock, units="count")
    feed(hook, clock, [(0, BS, -1), (1, BS, -1)])
    hook.close()
    assert out.getvalue().splitlines()[-1].startswith("   8192/Unknown - 0s")


def test_the_first_call_has_block_num_zero(clock: FakeClock) -> None:
    hook, out = make_hook(clock)
    assert hook.bar is None  # nothing drawn before urllib reports
    assert out.getvalue() == ""
    hook(0, BS, 87910968)
    assert hook.bar is not None and hook.bar.current == 0 and hook.bar.target == 87910968
    assert out.getvalue() == " 0.0/83.8 MiB [..............................] - ETA: ?\n"


def test_a_size_that_appears_later_gives_the_bar_a_target(clock: FakeClock) -> None:
    hook, out = make_hook(clock)
    feed(hook, clock, [(0, 1000, -1), (1, 1000, -1), (2, 1000, 5000), (3, 1000, 5000)])
    assert hook.bar is not None and hook.bar.target == 5000
    lines = out.getvalue().splitlines()
    assert lines[1].startswith("  1.0 KiB")
    assert lines[2].startswith("2.0/4.9 KiB [")


def test_the_latest_size_wins_and_a_lost_size_is_kept(clock: FakeClock) -> None:
    hook, out = make_hook(clock, units="count")
    with hook:
        feed(hook, clock, [(0, 1000, 9000), (1, 1000, 4500), (2, 1000, -1), (5, 1000, -1)])
    assert hook.bar is not None and hook.bar.target == 4500
    assert hook.bar.current == 4500  # 5000 clamped to the newer, smaller size
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("   0/9000 [")
    assert lines[-1].startswith("4500/4500 [==============================]")


def test_a_second_download_needs_explicit_reuse(clock: FakeClock) -> None:
    hook, _ = make_hook(clock)
    feed(hook, clock, [(0, BS, 10000), (1, BS, 10000), (2, BS, 10000)])
    with pytest.raises(RuntimeError, match=r"fresh progbar\.reporthook"):
        hook(0, BS, 10000)


def test_reuse_gives_each_download_its_own_bar(clock: FakeClock) -> None:
    hook, out = make_hook(clock, reuse=True, units="count")
    feed(hook, clock, [(0, BS, 10000), (1, BS, 10000)])  # stopped half way
    first = hook.bar
    with hook:
        feed(hook, clock, [(0, BS, 5000), (1, BS, 5000)])
    assert hook.bar is not first and hook.bar is not None and hook.bar.current == 5000
    lines = out.getvalue().splitlines()
    assert lines[1].startswith(" 8192/10000 [")
    assert lines[2].startswith(" 8192/10000 [") and "ETA" not in lines[2]  # closed where it was
    assert lines[-1].startswith("5000/5000 [==============================]")


def test_a_fresh_hook_per_download_needs_no_reuse(clock: FakeClock) -> None:
    for size in (10000, 5000):
        hook, out = make_hook(clock, units="count")
        with hook:
            feed(hook, clock, [(0, BS, size), (1, BS, size), (2, BS, size)])
        assert out.getvalue().splitlines()[-1].startswith(f"{size}/{size} [=====")


def test_exit_on_an_exception_closes_the_bar_where_it_stopped(clock: FakeClock) -> None:
    hook, out = make_hook(clock)
    with pytest.raises(ConnectionResetError), hook:
        feed(hook, clock, [(0, BS, 10 * BS), (1, BS, 10 * BS), (2, BS, 10 * BS)])
        raise ConnectionResetError
    last = out.getvalue().splitlines()[-1]
    assert last == "16.0/80.0 KiB [=====>........................] - 0s 32.0 KiB/s"
    assert "80.0/80.0" not in out.getvalue()


@pytest.mark.parametrize(
    ("args", "error", "name"),
    [
        (("1", BS, 100), TypeError, "block_num"),
        ((1.0, BS, 100), TypeError, "block_num"),
        ((-1, BS, 100), ValueError, "block_num"),
        ((1, None, 100), TypeError, "block_size"),
        ((1, -5, 100), ValueError, "block_size"),
        ((1, BS, "100"), TypeError, "total_size"),
        ((1, BS, True), TypeError, "total_size"),
    ],
)
def test_bad_calls_name_the_argument(
    clock: FakeClock, args: tuple[object, object, object], error: type[Exception], name: str
) -> None:
    hook, _ = make_hook(clock)
    with pytest.raises(error, match=name):
        hook(*args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "error", "name"),
    [
        ({"target": 10}, TypeError, "target"),
        ({"units": "MB"}, ValueError, "units"),
        ({"display": "fancy"}, ValueError, "display"),
        ({"width": 0}, ValueError, "width"),
        ({"colour": True}, TypeError, "colour"),
        ({"reuse": "yes"}, TypeError, "reuse"),
    ],
)
def test_bad_options_raise_when_the_hook_is_made(
    options: dict[str, object], error: type[Exception], name: str
) -> None:
    with pytest.raises(error, match=name):
        progbar.reporthook(**options)  # type: ignore[arg-type]


def test_making_a_hook_draws_nothing() -> None:
    out = io.StringIO()
    progbar.reporthook(file=out, display="log")
    assert out.getvalue() == ""


def bursty_calls(seed: int) -> list[tuple[float, int]]:
    """(seconds since the last call, block_num): bursts of blocks 0.3 ms apart, long gaps.

    Shaped like the ``bursty_download`` workload of the ETA yardstick:
    ~16 MiB, bursts of about 48 blocks, log-normal gaps (median 0.25 s).
    """
    rng = random.Random(seed)
    calls: list[tuple[float, int]] = [(0.5, 0)]
    blocks = -(-SIZE // BS)
    block = 0
    while block < blocks:
        burst = 1 + int(rng.expovariate(1 / 47))
        gap = rng.lognormvariate(math.log(0.25), 1.0)
        for i in range(min(burst, blocks - block)):
            block += 1
            calls.append(((gap if i == 0 else 0.0) + rng.expovariate(1 / 0.0003), block))
    return calls


SIZE = 16 * 2**20 + 4321


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_rate_and_eta_come_from_the_bar_estimator(seed: int) -> None:
    """The hook adds no estimator of its own: a plain Progbar fed the same counts agrees."""
    clock = FakeClock()
    hook = progbar.reporthook(display="silent", clock=clock)
    plain: Progbar | None = None
    with hook:
        for wait, block in bursty_calls(seed):
            clock.tick(wait)
            hook(block, BS, SIZE)
            if plain is None:
                plain = Progbar(SIZE, display="silent", clock=clock)
            plain.update(block * BS if block * BS < SIZE else (block - 1) * BS)  # sure bytes
            assert hook.bar is not None
            assert (hook.bar.rate, hook.bar.eta) == (plain.rate, plain.eta)
    assert hook.bar is not None and hook.bar.current == SIZE


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_bursty_arrivals_do_not_make_the_eta_jump(seed: int) -> None:
    """Glancing four times in each gap, the ETA never moves by more than 3x.

    A rate taken from the latest blocks alone swings by about 25x here
    (8 KiB per 0.3 ms inside a burst, against ~1 MiB/s on average).
    """
    clock = FakeClock()
    hook = progbar.reporthook(display="silent", clock=clock)
    glances: list[float] = []
    for wait, block in bursty_calls(seed):
        for _ in range(4 if wait > 0.01 else 0):
            clock.tick(wait / 4)
            eta = hook.bar.eta if hook.bar is not None else None
            if eta is not None and 0.1 < hook.bar.current / SIZE < 0.95:  # type: ignore[union-attr]
                glances.append(eta)
        clock.tick(0 if wait > 0.01 else wait)
        hook(block, BS, SIZE)
    assert len(glances) > 100
    ratios = [b / a for a, b in zip(glances, glances[1:]) if a > 0]
    assert max(ratios) < 3.0 and min(ratios) > 1 / 3.0


@pytest.mark.parametrize("nonsense", [-5, -1, 0, 2**63, 10**400])
def test_a_nonsense_size_is_an_unknown_size(clock: FakeClock, nonsense: int) -> None:
    hook, out = make_hook(clock)
    with hook:
        feed(hook, clock, [(0, 1000, nonsense), (1, 1000, nonsense), (2, 1000, nonsense)])
    assert hook.bar is not None and hook.bar.target is None
    assert out.getvalue().splitlines()[-1] == "  2.0 KiB - 0s 3.9 KiB/s"


def test_a_hook_dropped_without_close_ends_its_line(clock: FakeClock) -> None:
    hook, out = make_hook(clock)
    feed(hook, clock, [(0, 1000, -1), (1, 1000, -1), (2, 1000, -1)])
    before = out.getvalue()
    del hook  # what happens to a hook passed inline once urlretrieve returns
    ended = out.getvalue()[len(before) :]
    assert ended == "  2.0 KiB - 0s 3.9 KiB/s\n"


# -- the fast path: a common call is a type test and a store ------------------------------


class CountingClock(FakeClock):
    """A fake clock that counts its reads: a call that took the fast path reads none."""

    def __init__(self) -> None:
        super().__init__()
        self.reads = 0

    def __call__(self) -> float:
        self.reads += 1
        return self.now


def twin_hooks(**options: object) -> tuple[ReportHook, CountingClock, ReportHook, CountingClock]:
    """A hook that may skip the clock, and one drawn at every call (interval 0) that never can."""
    fast_clock, full_clock = CountingClock(), CountingClock()
    fast = progbar.reporthook(display="log", file=io.StringIO(), clock=fast_clock, **options)
    full = progbar.reporthook(
        display="log", file=io.StringIO(), clock=full_clock, interval=0, **options
    )
    return fast, fast_clock, full, full_clock


def call_both(hooks: tuple[ReportHook, ReportHook], *args: object) -> object:
    """The same call on both hooks: both raise the same error or both count the same."""
    outcomes = []
    for hook in hooks:
        try:
            hook(*args)  # type: ignore[arg-type]
            outcomes.append(None)
        except (TypeError, ValueError, RuntimeError) as exc:
            outcomes.append((type(exc), str(exc)))
    assert outcomes[0] == outcomes[1], args
    fast, full = hooks
    assert (fast.bar is None) == (full.bar is None)
    if fast.bar is not None and full.bar is not None:
        assert fast.bar.current == full.bar.current, args
    return outcomes[0]


def test_a_steady_download_skips_the_bar_yet_every_count_is_exact(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fast, fast_clock, full, full_clock = twin_hooks(units="count")
    size = 400 * BS + 17
    call_both((fast, full), 0, BS, size)
    assert fast.bar is not None
    bar_calls = []
    real_update = fast.bar.update

    def counted(*args: object, **kwargs: object) -> None:
        bar_calls.append(args)
        real_update(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fast.bar, "update", counted)
    for block in range(1, 400):
        fast_clock.tick(0.0001)
        full_clock.tick(0.0001)
        call_both((fast, full), block, BS, size)
        assert fast.bar.current == block * BS  # read through the hook between its bar calls
    assert full_clock.reads >= 400
    assert fast_clock.reads < 40
    assert len(bar_calls) < 40  # most calls only stored their block: no call into the bar
    fast.close(size)
    full.close(size)
    assert fast.bar.current == full.bar.current == size
    assert fast.bar.finished


def test_the_fast_path_agrees_with_the_full_call_on_random_call_sequences() -> None:
    """Resets, new sizes, equal but new size objects, bad types: same outcome, same count."""
    rng = random.Random(1729)
    for _ in range(30):
        fast, fast_clock, full, full_clock = twin_hooks(reuse=True, units="count")
        block, size, total = 0, BS, rng.choice([-1, 0, 10**6, 3 * 10**6])
        fast_reads_before = fast_clock.reads
        calls = 0
        for _ in range(300):
            step = rng.random()
            if step < 0.02:
                block = 0  # a new download through the same hook (reuse=True)
            elif step < 0.04:
                size = rng.choice([BS, 1024, 1])  # a caller that changes its block size
            elif step < 0.06:
                total = rng.choice([-1, 2 * 10**6, int(str(total))])  # a new size, or a copy
            elif step < 0.08:
                bad = rng.choice([True, 2.0, "3", None, -1])
                outcome = call_both((fast, full), bad, size, total)
                assert outcome is not None  # refused by both, whatever the fast path held
                continue
            else:
                block += rng.choice([1, 1, 1, 2])
            for c in (fast_clock, full_clock):
                c.tick(rng.choice([0.0001, 0.0001, 0.3]))
            call_both((fast, full), block, size, total)
            calls += 1
        assert fast_clock.reads - fast_reads_before < calls  # the fast path was taken
        fast.close()
        full.close()
        assert fast.bar is not None and full.bar is not None
        assert fast.bar.current == full.bar.current


def test_a_hook_dropped_after_fast_calls_ends_its_line_at_the_last_count() -> None:
    """The blocks only the fast path stored reach the bar's final line (nothing is lost)."""
    out = io.StringIO()
    clock = FakeClock()
    hook = progbar.reporthook(display="log", file=out, clock=clock, units="count")
    for block in range(300):
        clock.tick(0.0001)
        hook(block, BS, -1)  # no size: the line ends only when the hook goes
    del hook
    assert out.getvalue().splitlines()[-1].startswith(f"{299 * BS}/Unknown - ")
