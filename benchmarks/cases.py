"""The measured loops. Each case takes N and the output stream and returns seconds.

Cases build their bar outside the timed region only where the library's
normal use allows (``Progbar``/``tqdm`` objects are made before the loop);
``track``-style wrappers are timed whole, as users run them.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any, Callable, Optional, TextIO

Case = Callable[[int, TextIO], float]


def keras_progbar() -> Any:
    """Keras 3's own ``Progbar`` class, run without a backend (see ``keras_reference``)."""
    from keras_reference import keras_progbar_class

    return keras_progbar_class()


def _gen(n: int) -> Iterator[int]:
    yield from range(n)


def _timed(fn: Callable[[], None]) -> float:
    """CPU seconds of this process (its threads included) while ``fn`` runs.

    CPU time, not wall time: on a shared machine other jobs took the CPU away
    mid-loop and moved single figures by 20-40 % between runs; a library's own
    threads (rich's refresher, progbar's) still count.
    """
    start = time.process_time()
    fn()
    return time.process_time() - start


# -- loops over N items ---------------------------------------------------


def bare(n: int, out: TextIO) -> float:
    def loop() -> None:
        for _ in range(n):
            pass

    return _timed(loop)


def bare_gen(n: int, out: TextIO) -> float:
    def loop() -> None:
        for _ in _gen(n):
            pass

    return _timed(loop)


def tqdm_iter(n: int, out: TextIO, source: Callable[[int], Any] = range) -> float:
    from tqdm import tqdm

    def loop() -> None:
        for _ in tqdm(source(n), total=n, file=out):
            pass

    return _timed(loop)


def rich_track(n: int, out: TextIO) -> float:
    from rich.console import Console
    from rich.progress import track

    console = Console(file=out)

    def loop() -> None:
        for _ in track(range(n), console=console):
            pass

    return _timed(loop)


def keras_loop(n: int, out: TextIO) -> float:
    bar = keras_progbar()(n)

    def loop() -> None:
        update = bar.update
        for i in range(n):
            update(i + 1)

    return _timed(loop)


def progbar_track(n: int, out: TextIO, source: Callable[[int], Any] = range) -> float:
    import progbar

    def loop() -> None:
        for _ in progbar.track(source(n), total=n, file=out):
            pass

    return _timed(loop)


# -- calls ------------------------------------------------------------------


def tqdm_update(n: int, out: TextIO, total: Optional[int] = None, **options: Any) -> float:
    """``n`` calls of tqdm's ``update(1)``; ``options`` go to ``tqdm`` (the drawn-line case
    passes ``mininterval=0, miniters=1`` so that every call draws)."""
    from tqdm import tqdm

    bar = tqdm(total=n if total is None else total, file=out, **options)

    def loop() -> None:
        update = bar.update
        for _ in range(n):
            update(1)

    seconds = _timed(loop)
    bar.close()
    return seconds


def rich_update(n: int, out: TextIO, advance: bool = False) -> float:
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(file=out)) as progress:
        task = progress.add_task("bench", total=n)

        def loop() -> None:
            if advance:
                step = progress.advance
                for _ in range(n):
                    step(task, 1)
            else:
                update = progress.update
                for i in range(n):
                    update(task, completed=i + 1)

        return _timed(loop)


def keras_update(n: int, out: TextIO) -> float:
    bar = keras_progbar()(n)

    def loop() -> None:
        update = bar.update
        for i in range(n):
            update(i)

    return _timed(loop)


def progbar_update(n: int, out: TextIO) -> float:
    from progbar import Progbar

    with Progbar(n, file=out) as bar:

        def loop() -> None:
            update = bar.update
            for i in range(n):
                update(i)

        return _timed(loop)


def progbar_add(n: int, out: TextIO) -> float:
    from progbar import Progbar

    with Progbar(n, file=out) as bar:

        def loop() -> None:
            add = bar.add
            for _ in range(n):
                add(1)

        return _timed(loop)


# -- urlretrieve hooks --------------------------------------------------------

BLOCK = 8192


def tqdm_hook(n: int, out: TextIO) -> float:
    """The ``TqdmUpTo`` recipe from tqdm's README (tqdm ships no reporthook)."""
    from tqdm import tqdm

    class TqdmUpTo(tqdm):  # type: ignore[type-arg]
        def update_to(self, b: int = 1, bsize: int = 1, tsize: Optional[int] = None) -> None:
            if tsize is not None:
                self.total = tsize
            self.update(b * bsize - self.n)

    with TqdmUpTo(unit="B", unit_scale=True, file=out) as bar:

        def loop() -> None:
            hook, size = bar.update_to, n * BLOCK
            for b in range(n):
                hook(b, BLOCK, size)

        return _timed(loop)


def keras_hook(n: int, out: TextIO) -> float:
    """What ``keras.utils.get_file`` does: ``Progbar.update(block_num * block_size)``."""
    bar = keras_progbar()(n * BLOCK)

    def loop() -> None:
        update = bar.update
        for b in range(n):
            update(b * BLOCK)

    return _timed(loop)


def progbar_hook(n: int, out: TextIO, bound: bool = False) -> float:
    """``reporthook()`` called as urllib calls it; ``bound``: the bound ``__call__``, as
    ``progbar.urlretrieve`` hands it to urllib (a bound method is called faster than an
    object with ``__call__``, whose call builds an argument tuple on CPython)."""
    import progbar

    hook = progbar.reporthook(file=out)
    call = hook.__call__ if bound else hook

    def loop() -> None:
        size = n * BLOCK  # as urllib does: the same two size objects at every call
        for b in range(n):
            call(b, BLOCK, size)

    seconds = _timed(loop)
    hook.close()
    return seconds


class _Stores:
    """The floor: a method, and an object's ``__call__``, that only store their argument."""

    def store(self, value: int) -> None:
        self.value = value

    def __call__(self, block_num: int, block_size: int, total_size: int) -> None:
        self.value = block_num


def floor_call(n: int, out: TextIO) -> float:
    def loop() -> None:
        store = _Stores().store
        for i in range(n):
            store(i)

    return _timed(loop)


def floor_hook(n: int, out: TextIO) -> float:
    def loop() -> None:
        hook, size = _Stores(), n * BLOCK
        for b in range(n):
            hook(b, BLOCK, size)

    return _timed(loop)


# -- what run.py measures and how it compares ---------------------------------

# -- drawn lines: every call draws (interval 0), one line per call --------------------

METRICS = [("loss", 0.2345), ("accuracy", 0.9123), ("lr", 0.001)]


def keras_draw(n: int, out: TextIO, metrics: bool = False) -> float:
    bar = keras_progbar()(n * 2, interval=0)
    values = METRICS if metrics else None

    def loop() -> None:
        update = bar.update
        for i in range(n):
            update(i + 1, values)

    return _timed(loop)


EVERY_FIELD = (
    "{description} {spinner} {counter} {percent}% {bar} {count}/{target} {elapsed} {eta} "
    "{eta_at} {rate} {per_step} {speed} {timing} {unit} {state} - {metrics} ({postfix})"
)
"""A template naming every field progbar has."""


def progbar_draw(n: int, out: TextIO, metrics: bool = False, **options: object) -> float:
    import progbar

    bar = progbar.Progbar(n * 2, file=out, interval=0, **options)  # type: ignore[arg-type]
    values = METRICS if metrics else None

    def loop() -> None:
        update = bar.update
        for i in range(n):
            update(i + 1, values)

    seconds = _timed(loop)
    bar.close()
    return seconds


def progbar_region(n: int, out: TextIO, bars: int = 50) -> float:
    """One update (interval 0: a draw) of a bar in a region of ``bars`` bars, per update.

    Frames are capped at 20 a second, so most of these draws are never laid out;
    ``region.py`` measures what a live region costs in CPU time."""
    import progbar

    region = [progbar.Progbar(n * 2, file=out, interval=0) for _ in range(bars)]

    def loop() -> None:
        for i in range(n // bars + 1):
            for bar in region:
                bar.update(i + 1)

    seconds = _timed(loop)
    for bar in region:
        bar.close()
    return seconds * n / ((n // bars + 1) * bars)  # per update


CASES: dict[str, tuple[str, Case]] = {
    # key: (size name, case)
    "loop1/bare": ("N1", bare),
    "loop1/tqdm": ("N1", tqdm_iter),
    "loop1/rich": ("N1", rich_track),
    "loop1/keras": ("N1", keras_loop),
    "loop1/progbar": ("N1", progbar_track),
    "loop1/bare-gen": ("N1", bare_gen),
    "loop1/tqdm-gen": ("N1", lambda n, out: tqdm_iter(n, out, _gen)),
    "loop1/progbar-gen": ("N1", lambda n, out: progbar_track(n, out, _gen)),
    "loop2/bare": ("N2", bare),
    "loop2/tqdm": ("N2", tqdm_iter),
    "loop2/rich": ("N2", rich_track),
    "loop2/keras": ("N2", keras_loop),
    "loop2/progbar": ("N2", progbar_track),
    "call/bare": ("calls", bare),
    "call/tqdm": ("calls", tqdm_update),
    "call/rich-update": ("calls", rich_update),
    "call/rich-advance": ("calls", lambda n, out: rich_update(n, out, advance=True)),
    "call/keras": ("calls", keras_update),
    "call/progbar-update": ("calls", progbar_update),
    "call/progbar-add": ("calls", progbar_add),
    "call/floor": ("calls", floor_call),
    "draw/bare": ("draws", bare),
    "draw/tqdm": (
        "draws",
        lambda n, out: tqdm_update(n, out, total=n * 2, mininterval=0, miniters=1),
    ),
    "draw/keras": ("draws", keras_draw),
    "draw/keras-3": ("draws", lambda n, out: keras_draw(n, out, metrics=True)),
    "draw/progbar": ("draws", progbar_draw),
    "draw/progbar-3": ("draws", lambda n, out: progbar_draw(n, out, metrics=True)),
    "draw/progbar-classic-t": ("draws", lambda n, out: progbar_draw(n, out, template="classic")),
    "draw/progbar-every": ("draws", lambda n, out: progbar_draw(n, out, template=EVERY_FIELD)),
    "draw/progbar-every-3": (
        "draws",
        lambda n, out: progbar_draw(n, out, metrics=True, template=EVERY_FIELD),
    ),
    "draw/region50": ("draws", progbar_region),
    "hook/bare": ("calls", bare),
    "hook/tqdm": ("calls", tqdm_hook),
    "hook/keras": ("calls", keras_hook),
    "hook/progbar": ("calls", progbar_hook),
    "hook/progbar-bound": ("calls", lambda n, out: progbar_hook(n, out, bound=True)),
    "hook/floor": ("calls", floor_hook),
}

LOOP_ROWS = [
    ("bare", "bare `for` loop over range(N)"),
    ("tqdm", "tqdm(range(N))"),
    ("rich", "rich.progress.track(range(N))"),
    ("keras", "Keras 3 Progbar.update(i) per item"),
    ("progbar", "progbar.track(range(N))"),
]
GROUPS: dict[str, tuple[str, str, list[tuple[str, str]]]] = {
    # group: (title, kind, [(case key, label)])
    "loop1": (
        "Per item, empty loop body, N = {N1}",
        "loop",
        [(f"loop1/{k}", v) for k, v in LOOP_ROWS]
        + [
            ("loop1/bare-gen", "bare loop over a generator"),
            ("loop1/tqdm-gen", "tqdm(generator)"),
            ("loop1/progbar-gen", "progbar.track(generator)"),
        ],
    ),
    "loop2": (
        "Per item, empty loop body, N = {N2}",
        "loop",
        [(f"loop2/{k}", v) for k, v in LOOP_ROWS],
    ),
    "call": (
        "Per call, {calls} calls (x: net of the bare loop that makes the calls)",
        "call",
        [
            ("call/bare", "bare `for` loop (no call)"),
            ("call/tqdm", "tqdm.update(1)"),
            ("call/rich-update", "rich Progress.update(task, completed=i)"),
            ("call/rich-advance", "rich Progress.advance(task, 1)"),
            ("call/keras", "Keras 3 Progbar.update(i)"),
            ("call/progbar-update", "progbar Progbar.update(i)"),
            ("call/progbar-add", "progbar Progbar.add(1)"),
            ("call/floor", "floor: a method that only stores its argument"),
        ],
    ),
    "draw": (
        "One drawn line per call (interval 0), {draws} calls",
        "loop",
        [
            ("draw/bare", "bare `for` loop (no call)"),
            ("draw/tqdm", "tqdm.update(1), mininterval=0"),
            ("draw/keras", "Keras 3 Progbar.update(i), interval=0"),
            ("draw/keras-3", "Keras 3, with 3 metrics"),
            ("draw/progbar", "progbar Progbar.update(i), interval=0"),
            ("draw/progbar-3", "progbar, with 3 metrics"),
            ("draw/progbar-classic-t", "progbar, template='classic'"),
            ("draw/progbar-every", "progbar, a template with every field"),
            ("draw/progbar-every-3", "progbar, a template with every field, 3 metrics"),
            ("draw/region50", "progbar, one update of a bar in a 50-bar region (frames capped)"),
        ],
    ),
    "hook": (
        "urlretrieve reporthook per call, {calls} calls (x: net of the bare loop)",
        "call",
        [
            ("hook/bare", "bare `for` loop (no call)"),
            ("hook/tqdm", "tqdm README's TqdmUpTo.update_to"),
            ("hook/keras", "Keras get_file style: Progbar.update(b * bs)"),
            ("hook/progbar", "progbar.reporthook()"),
            ("hook/progbar-bound", "its bound `__call__`, as progbar.urlretrieve passes it"),
            ("hook/floor", "floor: an object whose `__call__` only stores an argument"),
        ],
    ),
}
# group: (bare key, tqdm key, keras key) the ratios are taken against
REFERENCES = {
    "loop1": ("loop1/bare", "loop1/tqdm", "loop1/keras"),
    "loop2": ("loop2/bare", "loop2/tqdm", "loop2/keras"),
    "call": ("call/bare", "call/tqdm", "call/keras"),
    "draw": ("draw/bare", "draw/tqdm", "draw/keras"),
    "hook": ("hook/bare", "hook/tqdm", "hook/keras"),
}
