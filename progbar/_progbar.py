"""The Keras-compatible ``Progbar``: the bar state, plus a clock and a screen.

Data flows one way: ``update()``/``add()`` (in ``_core.state``) change the
state; when a count leaves the throttle window, the bar reads its clock and
the state decides whether a draw is due; if so, the bar takes a :class:`Snapshot`
of the state, renders it to a line fitted to its row, and hands the line to
the :class:`~progbar._output.screen.Screen` of its output device, which alone
decides what reaches the stream. Nothing here formats text or writes bytes.
"""

from __future__ import annotations

import os
import sys
import time
from _thread import RLock

from . import _hints as t
from ._core.cells import can_encode
from ._core.checks import check_int, check_number, check_optional_str, check_str
from ._core.closing import Closing
from ._core.line import BAR_GLYPHS
from ._core.numbers import format_value
from ._core.options import check_keywords, parse_options
from ._core.snapshot import Layout, Shown
from ._core.state import Gate
from ._new_bars import BAR_HOOKS
from ._output import owner as _owner  # noqa: F401  # the output owner: exit, excepthook, fork
from ._output.detect import records_path
from ._output.displays import make_display
from ._output.printing import unwrap, write
from ._output.safe_stream import warn_internal
from ._output.screen import screen_for

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from ._core.options import Options
    from ._output.displays import Display
    from ._output.screen import Screen, Slot

__all__ = ["Progbar"]


def _serve_from_environment(bar: Progbar) -> None:
    """The first bar reads ``PROGBAR_SERVE`` (a web view without code changes); later ones don't."""
    try:
        BAR_HOOKS.remove(_serve_from_environment)
    except ValueError:  # another thread's first bar got here first
        return
    import os

    value = os.environ.get("PROGBAR_SERVE")
    if value:
        from ._remote import serve_from_environment

        serve_from_environment(bar, value)


BAR_HOOKS.append(_serve_from_environment)


class Progbar(Gate, Closing):
    """A progress bar with the constructor, methods and output of ``keras.utils.Progbar``.

    Args:
        target: total number of steps expected, or None when unknown.
        width: bar cells wanted (None: 30 for the classic look, 20 for keras3,
            as each Keras draws); the bar shrinks so the whole line fits.
        verbose: 0 silent, 1 live bar, 2 one summary line when finished.
        interval: minimum seconds between redraws.
        stateful_metrics: metric names shown as-is rather than averaged.
        stateless_metrics: metric names averaged (Keras 3); exclusive with the above.
        unit_name: the name of one step in ``25ms/step``.
        file: text stream; None means ``sys.stdout`` when the bar is created.
        display: ``"auto"``, ``"tty"``, ``"notebook"``, ``"log"``, ``"silent"``, or
            progress as data: ``"jsonl"`` (a JSON object per line) or ``"logging"``
            (records on the ``progbar`` logger).
        clock: zero-argument callable returning seconds (default ``time.monotonic``).
            A bar on another clock is refreshed between updates only if the
            clock has a true ``live`` attribute (it follows real time).
        description: a label drawn before the count.
        look: ``"classic"`` (Keras 2, ``[===>...]``) or ``"keras3"`` (``━`` bar).
        color: colour codes on a terminal; None decides from the display.
        log_interval: seconds between lines in ``"log"`` display.
        ambiguous_wide: count East Asian ambiguous characters (``━``, ``…``)
            as two cells, as terminals in CJK locales draw them.
        all_ranks: draw in every process of a distributed job; by default
            only rank 0 draws (``RANK``, ``OMPI_COMM_WORLD_RANK``, ``SLURM_PROCID``...).
        units: how counts read: ``"count"`` (Keras's raw ``37036032/87910968``
            and ``ms/step``), ``"bytes"`` (``35.3/83.8 MiB`` and ``2.1 MiB/s``,
            powers of 1024) or ``"bytes_si"`` (``MB``, powers of 1000).
        leave: keep the finished line on screen; None keeps a root bar's and
            removes a nested bar's (while its parent runs).
        parent: the bar this one is nested under; by default the innermost
            ``track()`` loop running on the same output in this thread.
        smoothing: how fast the rate follows changes of speed (tqdm's meaning):
            0 averages the whole run, towards 1 the latest speed; None: the
            default that measures best.
        unit_scale: tqdm's: True shows counts with SI prefixes (``1.2k``); a
            number multiplies counts first.
        taskbar: progress in the terminal's tab or taskbar (OSC 9;4):
            ``"auto"`` where the terminal is known to show it (see
            ``docs/taskbar.md``), True or False to force it.
        title: show the percentage and ETA in the window title while the
            bar runs (the title is restored after).
        notify: a desktop notification when a root bar that ran a minute or
            more ends (``PROGBAR_NOTIFY_AFTER`` seconds): ``"auto"`` where the
            terminal is known to show it (see ``docs/remote.md``), True or
            False to force it.
        records: a file path: the bar's progress goes there as JSON lines
            (``display="jsonl"``, appended; see ``docs/records.md``) instead
            of being drawn. ``PROGBAR_RECORDS=path`` does the same for every
            bar whose ``display`` is ``"auto"``.
        desc: tqdm's name for ``description``.
        total: tqdm's name for ``target``.
        unit: tqdm's name for ``unit_name``.
        disable: True draws nothing (as ``display="silent"``).
        position: accepted for tqdm code and ignored: bars on one output are
            ordered by the screen they share.
        delay: seconds after which the bar first shows (tqdm's meaning): a
            bar that finishes sooner leaves nothing behind.
        template: the line's shape in progbar's fields, or a named one
            (``"classic"``, ``"keras3"``, ``"tqdm"``, ``"activity"``); see
            ``docs/templates.md``. Checked here: an unknown field raises now.
        bar_format: the line's shape in tqdm's fields (``"{l_bar}{bar}{r_bar}"``).
        summary: print a receipt line when the bar ends: total, elapsed,
            mean rate and :attr:`state`.
        **unknown: refused with a message naming progbar's spelling.

    Raises:
        TypeError: an argument has the wrong type, or a keyword is unknown.
        ValueError: an argument is out of range, or both metric lists are given.
    """

    def __init__(
        self,
        target: t.Optional[float] = None,
        width: t.Optional[int] = None,
        verbose: int = 1,
        interval: float = 0.05,
        stateful_metrics: t.Optional[t.Iterable[str]] = None,
        stateless_metrics: t.Optional[t.Iterable[str]] = None,
        unit_name: str = "step",
        *,
        file: t.Optional[t.TextIO] = None,
        display: t.DisplayChoice = "auto",
        clock: t.Optional[t.Clock] = None,
        description: t.Optional[str] = None,
        look: t.Look = "classic",
        color: t.Optional[bool] = None,
        log_interval: float = 10.0,
        ambiguous_wide: bool = False,
        all_ranks: bool = False,
        units: t.Units = "count",
        leave: t.Optional[bool] = None,
        parent: t.Optional[Progbar] = None,
        smoothing: t.Optional[float] = None,
        unit_scale: t.Union[bool, float] = False,
        unit_divisor: float = 1000,
        taskbar: t.Union[bool, str] = "auto",
        title: bool = False,
        notify: t.Union[bool, str] = "auto",
        records: t.Optional[str] = None,
        desc: t.Optional[str] = None,
        total: t.Optional[float] = None,
        unit: t.Optional[str] = None,
        disable: t.Optional[bool] = False,
        position: t.Optional[int] = None,
        delay: float = 0.0,
        template: t.Optional[str] = None,
        bar_format: t.Optional[str] = None,
        summary: bool = False,
        **unknown: t.NoReturn,
    ) -> None:
        # every keyword as received, the ones the signature lacks included: parse_options checks
        # each against its one definition (DEFAULTS, _core/options.py); none is dropped
        given = {k: v for k, v in locals().items() if k not in ("self", "unknown", "__class__")}
        given.update(unknown)
        check_keywords("Progbar()", unknown)
        if parent is not None and not isinstance(parent, Progbar):
            raise TypeError(f"parent must be a Progbar or None, got {type(parent).__name__}")
        self._setup(parse_options("Progbar()", given))

    def _setup(self, o: Options) -> None:
        self.verbose = o.verbose
        self.unit_name = o.unit_name
        self.description = o.description
        self.units = o.units
        self.unit_scale = o.unit_scale
        self._opts = o
        self._ending: t.Optional[str] = None  # "failed" or "cancelled", once known
        self._clock: t.Clock = o.clock or time.monotonic
        stream = unwrap(sys.stdout if o.file is None else o.file)
        kind, records = o.display, None
        if kind in ("auto", "jsonl"):
            records = records_path(o.records, os.environ if o.display == "auto" else {})
        if records is not None:  # progress as data, in a file of its own
            from ._output.records import records_file

            kind, stream = "jsonl", records_file(records)
        self._file = stream
        display = make_display(
            kind, stream, o.verbose, o.color, o.look,
            all_ranks=o.all_ranks, ambiguous_wide=o.ambiguous_wide,
            taskbar=o.taskbar, title=o.title, notify=o.notify,
        )  # fmt: skip
        self._color = display.color
        self._encoding = display.encoding
        self._layout = self._make_layout(o.width)
        self._interval = o.interval
        start = self._clock()
        self._shows_from = start + o.delay  # delay=: nothing is drawn before this
        # a display that appends (a log) has its lines spaced by the screen, which names the
        # nested bars in its root's line: they must keep their state fresh meanwhile
        self._min_gap = display.min_interval if display.redraws_in_place else 0.0
        super().__init__(
            o.target, start, max(o.interval, self._min_gap),
            o.stateful_metrics, o.stateless_metrics, o.smoothing,
        )  # fmt: skip
        self._lock = RLock()  # drawing; reentrant: a logging handler may write meanwhile
        self._closed = False
        self._drawing = False
        self._screen: t.Optional[Screen] = None
        self._slot: t.Optional[Slot] = None
        self._unwatched: t.Optional[Screen] = None  # a log screen the refresher will watch
        if display.shows_anything:
            self._attach(display, o)
        if BAR_HOOKS:  # after the first bar, empty unless the web view serves
            for hook in tuple(BAR_HOOKS):
                hook(self)

    def _attach(self, display: Display, o: Options) -> None:
        screen = screen_for(display.kind, self._file, lambda: display)
        parent = o.parent._slot if isinstance(o.parent, Progbar) else None
        self._screen, self._slot = screen.attach(
            self, parent, o.leave, o.log_interval,
            summary_only=o.verbose == 2,
        )  # fmt: skip
        screen, slot = self._screen, self._slot
        self._name(slot.ident, None if slot.parent is None else slot.parent.ident)
        live = o.clock is None or bool(getattr(o.clock, "live", False))
        if live and o.verbose == 1 and display.redraws_in_place:
            from ._output import refresher  # threading with the first live terminal bar

            refresher.watch(screen)
        elif live and o.verbose == 1:  # a log's lines come on time too, once the bar runs
            self._unwatched = screen

    def _make_layout(self, width: int) -> Layout:
        o = self._opts
        return Layout(
            bar_width=width,
            look=o.look,
            color=self._color,
            ascii_only=not can_encode(BAR_GLYPHS, self._encoding),
            ambiguous_wide=o.ambiguous_wide,
            encoding=self._encoding,
            unit_scale=o.unit_scale,
            unit_divisor=o.unit_divisor,
            formatter=self._formatter(),
        )

    def _formatter(self) -> t.Any:
        """The layout's formatter: summary, template, bar_format or ending mark; None: the look."""
        o = self._opts
        if o.template is None and o.bar_format is None and self._ending is None and o.verbose != 2:
            return None  # the look draws: no module loaded for shaping
        from ._shaping import line_formatter

        return line_formatter(o, self._ending or "running")

    def _end_as(self, state: str) -> None:
        """The bar ends ``failed`` or ``cancelled``: its last line is marked (before close).

        A bar that already reached its target (its final line is drawn) stays ``"done"``.
        """
        with self._lock:
            if self._ending is None and not self._closed and not self._finished:
                self._ending = state
                self._layout = self._make_layout(self._layout.bar_width)

    def __exit__(
        self,
        exc_type: t.Optional[type[BaseException]],
        exc: t.Optional[BaseException],
        tb: object,
    ) -> None:
        if exc_type is not None:
            from ._shaping import ending_state

            state = ending_state(exc_type, exc)
            if state != "done":
                self._end_as(state)
        self.close()

    @property
    def state(self) -> str:
        """How the bar stands: ``"running"``, ``"done"``, ``"failed"`` or ``"cancelled"``.

        ``"failed"``: an exception left its ``with`` block; ``"cancelled"``: Ctrl-C did.
        """
        if self._ending is not None:
            return self._ending
        return "done" if self._finished or self._closed else "running"

    # -- the Keras API: update() and add() are the state's Gate ----------------------

    def _counted(self, final: bool) -> None:
        """A count left the throttle window: read the clock, let the state decide, draw."""
        now = self._clock()
        if self._decide(now, final).draw:
            self._draw(now, final=final)
        if self._unwatched is not None and not final:
            self._watch_log()

    def _watch_log(self) -> None:
        """A log bar runs: from now on the refresh thread keeps its lines coming.

        A line every ``log_interval`` even while a slow item holds a ``track()``
        chunk or the throttle mispredicts. Only now, not when the bar is made:
        a log bar that finishes at once loads no thread.
        """
        screen, self._unwatched = self._unwatched, None
        if screen is not None:
            from ._output import refresher

            refresher.watch(screen)

    def close(self) -> None:
        """End the line where the bar stands, without claiming completion; idempotent.

        Also runs on any exception or ``KeyboardInterrupt`` inside ``with``,
        so the shell prompt or traceback starts on a clean line. A fault
        while drawing never replaces the exception that is ending the block.
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
            try:
                if not self._finished:
                    self._draw_locked(self._clock(), final=True)
            except Exception as exc:  # a bug or an absurd value: warn once, never raise
                self._disable(exc, quiet=True)  # it may be ending a with block's own exception
            finally:
                screen, slot = self._screen, self._slot
                if screen is not None and slot is not None:
                    screen.drop(slot, keep_line=True)
                self._follow(None)
        if self._opts.summary and self._screen is not None:
            self._receipt()

    def _receipt(self) -> None:
        """``summary=True``: one line after the bar: total, elapsed, mean rate, state."""
        from ._core.fields import render_receipt

        try:
            snap = self._snapshot(self._clock(), True, description=self.description,
                                  unit_name=self.unit_name, units=self.units)  # fmt: skip
            if self.display in ("tty", "notebook", "log"):  # not into a stream of records
                write(render_receipt(snap, self.state), self._file)
        except Exception as exc:  # never raise from close(): it may be ending an exception
            self._disable(exc, quiet=True)

    def write(self, text: str) -> None:
        """Print ``text`` on a line of its own above the bar, then redraw the bar.

        Use it instead of ``print`` while the bar is live (``print`` would land
        on the bar's line). Without a live terminal line it simply writes.

        Args:
            text: the message; a newline is added.
        """
        write(check_str("text", text), self._file)

    def track(self, iterable: t.Iterable[t.T]) -> t.Tracked[t.T]:
        """Advance this bar by one per item of ``iterable``, as :func:`progbar.track` does.

        The count continues from :attr:`current`; the bar is left open when
        the loop ends (it is yours to close), at the exact count consumed.
        """
        from ._loops import Tracked

        return Tracked(iterable, self, owned=False)

    def atrack(self, iterable: t.AsyncIterable[t.T]) -> t.AsyncTracked[t.T]:
        """:meth:`track` for ``async for``."""
        from ._loops import AsyncTracked

        return AsyncTracked(iterable, self, owned=False)

    # -- tqdm's habits -------------------------------------------------------------------

    def set_description(self, text: t.Optional[str] = None) -> None:
        """Change the label drawn before the count; shown at the next redraw."""
        self.description = check_optional_str("text", text)

    def set_postfix(
        self, ordered_dict: t.Optional[t.Mapping[str, object]] = None, **values: object
    ) -> None:
        """Show ``name: value`` after the metrics, as given (never averaged), until changed."""
        pairs = dict(ordered_dict or {}, **values)
        self._set_postfix(
            tuple((str(k), format_value(v)) for k, v in pairs.items()),
            tuple((str(k), _recorded(v)) for k, v in pairs.items()),
        )

    def set_postfix_str(self, text: str = "") -> None:
        """Show ``text`` after the metrics, as given, until changed."""
        check_str("text", text)
        self._set_postfix((("", text),) if text else ())

    def reset(self, target: t.Optional[float] = None) -> None:
        """Start again from 0 (clock, rate, metrics); ``target`` replaces the total if given."""
        new = self.target if target is None else check_number("target", target, minimum=0)
        with self._lock:
            self._reset(self._clock(), new)
            slot = self._slot
            if self._screen is not None and slot is not None and slot.done and not self._closed:
                self._screen, self._slot = self._screen.attach(
                    self, slot.parent, slot.leave, slot.every
                )
                self._name(self._slot.ident, None if slot.parent is None else slot.parent.ident)

    def refresh(self) -> None:
        """Redraw now, whatever the interval."""
        self._draw(self._clock(), final=False, force=True)

    def clear(self) -> None:
        """Blank this bar's row until its next redraw."""
        screen, slot = self._screen, self._slot
        if screen is not None and slot is not None:
            screen.put(slot, Shown("", None, self._layout), final=False, now=self._clock())

    def __len__(self) -> int:
        target = self.target
        if target is None:
            raise TypeError("len() of a Progbar with an unknown target")
        return int(target)

    def __bool__(self) -> bool:
        """Always true, as Keras's bar is: ``if bar:`` must not depend on ``len()``."""
        return True

    def __repr__(self) -> str:
        """``<Progbar 'train' 3/10 running>``: description, count/target, state."""
        current, total = self._seen(), self._target
        done = total is not None and current >= total
        if self._closed:  # closed early (break, an exception) or once finished
            state = "finished" if done else "closed"
        else:
            state = "finished" if self._finished else "running"
        shown = "?" if total is None else _figure(total)
        desc = f" {self.description!r}" if self.description else ""
        return f"<Progbar{desc} {_figure(current)}/{shown} {state}>"

    # -- what the bar knows -----------------------------------------------------------

    @property
    def target(self) -> t.Optional[float]:
        """Total expected, or None; setting it takes effect at the next call (finishing too)."""
        return self._target

    @target.setter
    def target(self, value: t.Optional[float]) -> None:
        self._retarget(check_number("target", value, minimum=0, allow_none=True))

    @property
    def width(self) -> int:
        """Bar cells wanted; setting it applies at the next redraw, as in Keras."""
        return self._layout.bar_width

    @width.setter
    def width(self, value: int) -> None:
        self._layout = self._make_layout(check_int("width", value, minimum=1))

    @property
    def interval(self) -> float:
        """Minimum seconds between redraws; setting it applies at the next call."""
        return self._interval

    @interval.setter
    def interval(self, value: float) -> None:
        self._interval = check_number("interval", value, minimum=0) or 0.0
        self._set_gap(max(self._interval, self._min_gap))

    @property
    def current(self) -> float:
        """The progress reached so far (inside ``track()``: the items finished)."""
        return self._seen()

    @property
    def display(self) -> t.DisplayKind:
        """The kind of display the bar draws on: ``display=`` as resolved, never ``"auto"``.

        One of ``"tty"``, ``"notebook"``, ``"log"``, ``"silent"``, ``"jsonl"``
        or ``"logging"``; ``"silent"`` also when the bar shows nowhere
        (``verbose=0``, ``disable=True``, another rank). Not tqdm's
        ``display()`` method, which ``progbar.tqdm`` keeps under tqdm's name.
        """
        screen = self._screen
        return "silent" if screen is None else screen.display_kind  # type: ignore[return-value]

    @property
    def visible(self) -> bool:
        """Whether the bar shows anywhere (False: silent, ``verbose=0``, disabled, another rank)."""
        return self._screen is not None

    @property
    def finished(self) -> bool:
        """Whether the bar has drawn its final line (it reached its target, or was finalized)."""
        return self._finished

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` has run (directly, by ``with``, or at the end of ``track()``)."""
        return self._closed

    @property
    def metrics(self) -> dict[str, object]:
        """The value of each metric as the line shows it now (averaged or as given), in order."""
        return self._metrics.averages()

    @property
    def rate(self) -> t.Optional[float]:
        """Smoothed steps per second, or None until it can be estimated."""
        return self._rate.rate

    @property
    def eta(self) -> t.Optional[float]:
        """Seconds remaining as the bar shows them now; None without a target or a rate."""
        return self._eta_at(self._clock())

    @property
    def elapsed(self) -> float:
        """Seconds since the bar was created (or reset)."""
        return self._clock() - self._start

    @property
    def parent(self) -> t.Optional[Progbar]:
        """The bar this one is nested under (``parent=``, or the loop it was made in), or None."""
        given = self._opts.parent
        if isinstance(given, Progbar):
            return given
        slot = self._slot
        above = None if slot is None else slot.parent
        bar = None if above is None else above.owner()
        return bar if isinstance(bar, Progbar) else None

    @property
    def clock(self) -> t.Clock:
        """The bar's time source (``time.monotonic`` unless one was given)."""
        return self._clock

    # -- drawing ---------------------------------------------------------------------

    def _draw(self, now: float, *, final: bool, force: bool = False) -> None:
        # not final and another thread is drawing: it shows nearly the same line, skip
        if not self._lock.acquire(blocking=final):
            return
        try:
            if self._closed or self._drawing:  # _drawing: a signal handler inside a draw
                return
            if final or force or now >= self._next_draw:
                self._drawing = True
                screen, slot = self._screen, self._slot
                if (
                    not (final or force)
                    and screen is not None
                    and slot is not None
                    and screen.waiting(slot, now)
                ):
                    self._skip_draw(now)  # the region's next frame shows the last snapshot
                else:
                    self._draw_locked(now, final=final)
        except Exception as exc:  # a bug or an absurd value must not end the user's job
            self._disable(exc)
        finally:
            self._drawing = False
            self._lock.release()

    def _draw_locked(self, now: float, *, final: bool) -> None:
        self._observe(now)
        if now < self._shows_from:  # delay=: not yet; a bar that ends sooner leaves nothing
            if final:
                self._mark_finished()
            else:
                self._skip_draw(now)
            return
        screen, slot = self._screen, self._slot
        if screen is None or slot is None or (self.verbose == 2 and not final):
            if final:
                self._mark_finished()
            return
        snap = self._snapshot(
            now, final, description=self.description, unit_name=self.unit_name, units=self.units
        )
        # the screen lays the line out when a frame shows it (verbose=2: the layout's
        # formatter makes it the summary line, see _formatter)
        screen.draw(slot, snap, self._layout, final=final, now=now)
        # set only now: if an interrupt cut the write short, close() draws it again
        if final:
            self._mark_finished()

    def _disable(self, exc: BaseException, *, quiet: bool = False) -> None:
        """Stop drawing after an internal fault, with one warning; the counts go on.

        ``quiet``: even a warning made an error (``-W error``) must not raise,
        as from ``close()``, where it would replace the exception ending a block.
        """
        screen, slot = self._screen, self._slot
        self._screen = self._slot = None
        if screen is not None and slot is not None:
            screen.drop(slot, keep_line=False)
        try:
            warn_internal(exc)
        except Warning:
            if not quiet:
                raise

    def _refresh(self) -> bool:
        """For the refresh thread: redraw if quiet for a while and not abandoned."""
        if self._finished or self._closed:
            return False
        now = self._clock()
        from ._output import refresher  # loaded: it is the caller

        if now < self._next_draw - self._gap + max(refresher.REFRESH, self._gap):
            return False
        stale = refresher.STALE if self._poll is None else refresher.STALE_LOOP
        if now - self._plan_t > max(stale, 4.0 * self._longest):
            return False  # most likely abandoned: redrawing it would land below later output
        self._draw(now, final=False, force=True)
        return True

    def _catch_up(self) -> None:
        """The program is ending (or an exception is): draw the count reached, once more."""
        if not (self._finished or self._closed):
            self._draw(self._clock(), final=False, force=True)

    def _forked(self) -> None:
        """In a forked child: the screen is the parent's. The bar counts on, silent.

        Its locks may be held by a parent thread that does not exist here:
        new ones, so no call of the child ever waits for them.
        """
        self._lock = RLock()
        self._renew_locks()
        self._screen = self._slot = None

    def suspend(self) -> t.Suspension:
        """Clear this bar's screen (its live rows) and hold its redraws, as :func:`progbar.suspend`.

        Returns:
            a context manager that is also a decorator.
        """
        from ._output.suspending import Suspension

        return Suspension([] if self._screen is None else [self._screen])

    def _loop(self, poll: t.Optional[t.Callable[[], float]]) -> None:
        """A ``track()`` loop starts (``poll`` counts its items) or ends (None)."""
        self._follow(poll)
        screen, slot = self._screen, self._slot
        if screen is not None and slot is not None:
            screen.loop(slot, poll is not None)

    # -- progress from other processes (progbar/_share, loaded on first use) ----

    def share(
        self, *, address: t.Optional[tuple[str, int]] = None, key: t.Optional[bytes] = None
    ) -> t.Handle:
        """A picklable handle that advances this bar from other processes (``handle.add(n)``).

        Workers batch their counts and send them at most every 0.1 s, on
        ``handle.flush()`` and when ``with handle:`` ends; they connect to this
        process on 127.0.0.1 and must prove the bar's secret key.

        Args:
            address: ``(host, port)`` to listen elsewhere than an unused
                loopback port (for workers on other machines).
            key: the secret workers must prove (at least 16 bytes), instead
                of 32 random ones.
        """
        from ._share import share

        return share(self, address=address, key=key)


def _figure(value: float) -> str:
    """A count for a repr: ``3``, ``2.5``, ``1e+06``."""
    if type(value) is int or (
        isinstance(value, float) and value.is_integer() and abs(value) < 1e15
    ):
        return str(int(value))
    return f"{value:.6g}"


def _recorded(value: object) -> object:
    """A postfix value as a record holds it: a plain int or float as given, else its text."""
    kind = type(value)
    return value if kind is int or kind is float else format_value(value)
