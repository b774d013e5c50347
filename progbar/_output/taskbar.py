r"""Progress in the terminal's tab or taskbar (OSC 9;4), and optionally the ETA in its title.

Windows Terminal, ConEmu, Ghostty, WezTerm, iTerm2 (3.6.6 and later) and
VTE terminals (0.79 and later) draw a progress indicator in the tab or
taskbar when they receive ``ESC ] 9 ; 4 ; state ; percent ST``. Other
terminals may show the sequence, beep, or (older iTerm2) raise a
notification per update, which is what happened when pytest sent it to
everyone; so ``"auto"`` uses an allow-list, as cargo does, and never
sends it off a terminal, in a notebook, under ``TERM=dumb`` or through
tmux or screen (which do not pass it on).

The pure parts (:func:`taskbar_supported`, :func:`osc_progress`,
:class:`RateLimiter`, :func:`weighted_fraction`) decide; a
:class:`TaskbarReporter` turns a fraction into the few bytes to write, at
most 4 times a second, and promises the indicator is cleared at the end.
``taskbar_display`` hooks a reporter onto the terminal display.
"""

from __future__ import annotations

from .._core.cells import clean_text
from .._core.numbers import format_eta
from .detect import env_flag

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Callable, Optional, Union

__all__ = [
    "CLEAR",
    "ERROR",
    "INDETERMINATE",
    "NORMAL",
    "UPDATES_PER_SECOND",
    "RateLimiter",
    "TaskbarReporter",
    "osc_progress",
    "resolve_taskbar",
    "taskbar_supported",
    "weighted_fraction",
]

CLEAR, NORMAL, ERROR, INDETERMINATE = 0, 1, 2, 3
"""OSC 9;4 states: remove the indicator, a percentage, a failure (red), busy without a total."""

PUSH_TITLE = "\x1b[22;0t"
"""xterm: save the window and icon titles on the terminal's title stack."""
POP_TITLE = "\x1b[23;0t"
"""xterm: restore the titles saved by :data:`PUSH_TITLE`."""

_VERSIONED = {"iTerm.app": (3, 6, 6)}
"""``TERM_PROGRAM`` values whose support starts at a version (``TERM_PROGRAM_VERSION``)."""
_ALWAYS = frozenset({"WezTerm", "ghostty"})
_VTE_FIRST = 7900  # VTE 0.79: VTE_VERSION is major * 10000 + minor * 100 + micro


def _version(text: str) -> tuple[int, ...]:
    """``"3.6.6beta2"`` -> ``(3, 6, 6)``: the leading numbers of each dotted part."""
    parts = []
    for part in text.strip().split("."):
        digits = ""
        for char in part:
            if not char.isdigit():
                break
            digits += char
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def _multiplexed(environ: Mapping[str, str]) -> bool:
    """Inside tmux or GNU screen: they swallow (or mangle) OSC 9;4 on its way out."""
    term = environ.get("TERM", "")
    return bool(environ.get("TMUX") or environ.get("STY")) or term.startswith(("screen", "tmux"))


def taskbar_supported(environ: Mapping[str, str], is_tty: bool, in_notebook: bool) -> bool:
    """Whether this terminal is known to show OSC 9;4 progress (the ``"auto"`` decision).

    An allow-list, never a guess: Windows Terminal (``WT_SESSION``), ConEmu
    (``ConEmuANSI=ON``), WezTerm and Ghostty (``TERM_PROGRAM``), iTerm2 from
    3.6.6 (``TERM_PROGRAM_VERSION``) and VTE from 0.79 (``VTE_VERSION >= 7900``).
    Never off a terminal, in a notebook, under ``TERM=dumb``, or inside tmux/screen.

    >>> taskbar_supported({"TERM_PROGRAM": "WezTerm"}, True, False)
    True
    >>> taskbar_supported({"TERM_PROGRAM": "WezTerm", "TMUX": "/tmp/t,1,0"}, True, False)
    False
    """
    if not is_tty or in_notebook or environ.get("TERM") == "dumb" or _multiplexed(environ):
        return False
    program = environ.get("TERM_PROGRAM", "")
    if program in _ALWAYS or environ.get("WT_SESSION"):
        return True
    if environ.get("ConEmuANSI") == "ON":
        return True
    first = _VERSIONED.get(program)
    if first is not None:
        return _version(environ.get("TERM_PROGRAM_VERSION", "")) >= first
    vte = environ.get("VTE_VERSION", "").strip()
    return vte.isascii() and vte.isdigit() and int(vte) >= _VTE_FIRST


def resolve_taskbar(
    option: Union[bool, str], environ: Mapping[str, str], is_tty: bool, in_notebook: bool
) -> bool:
    """Whether to report: True/False force; ``"auto"``: ``PROGBAR_TASKBAR``, then the allow-list."""
    if option is True or option is False:
        return option
    forced = env_flag(environ, "PROGBAR_TASKBAR")
    if forced is not None:
        return forced and is_tty and not in_notebook
    return taskbar_supported(environ, is_tty, in_notebook)


def osc_progress(state: int, percent: int = 0) -> str:
    r"""The OSC 9;4 sequence, terminated by ST (``ESC \``).

    >>> osc_progress(NORMAL, 42)
    '\x1b]9;4;1;42\x1b\\'
    """
    if state not in (CLEAR, NORMAL, ERROR, INDETERMINATE):
        raise ValueError(f"osc_progress() state must be 0, 1, 2 or 3, got {state!r}")
    return f"\x1b]9;4;{state};{min(max(int(percent), 0), 100)}\x1b\\"


def osc_title(text: str) -> str:
    """Set the window title (OSC 2), with ``text`` stripped of anything a terminal would act on."""
    return f"\x1b]2;{clean_text(text)}\x1b\\"


UPDATES_PER_SECOND = 4.0
"""Indicator updates a second at most: a tab's percentage needs no more, and each is bytes
on the terminal's stream."""


class RateLimiter:
    """At most ``per_second`` events a second, on the caller's clock (``now`` is passed in)."""

    def __init__(self, per_second: float = UPDATES_PER_SECOND) -> None:
        self._gap = 1.0 / per_second
        self._next = float("-inf")

    def allow(self, now: float) -> bool:
        """True (and the window restarts) when an event may go out at ``now``."""
        if now < self._next:
            return False
        self._next = now + self._gap
        return True


def weighted_fraction(parts: Sequence[tuple[float, Optional[float], str]]) -> Optional[float]:
    """The fraction done across several bars, from ``(current, target, units)`` each.

    Bars counting the same units weigh by their totals (200 MiB of 1 GiB
    is 20% whichever file they are in); bars counting different things
    weigh equally. None when any total is unknown, or there are no bars.

    >>> weighted_fraction([(50, 100, "count"), (0, 300, "count")])
    0.125
    >>> weighted_fraction([(50, 100, "count"), (0, 300, "bytes")])
    0.25
    """
    known = [(max(c, 0.0), t) for c, t, _ in parts if t is not None]
    if not parts or len(known) < len(parts):
        return None
    if len({units for _, _, units in parts}) == 1:
        total = sum(t for _, t in known)
        return min(sum(min(c, t) for c, t in known) / total, 1.0) if total else 1.0
    return sum(min(c / t, 1.0) if t else 1.0 for c, t in known) / len(known)


class TaskbarReporter:
    """Turns progress into OSC 9;4 bytes: rate-limited, deduplicated, always cleared in the end.

    The terminal display calls :meth:`update` after each frame and
    :meth:`clear` when its last bar is gone, and writes what they return
    (an empty string: nothing to send) in the same write as its frame.
    The first update registers an ``atexit`` clear through ``write``, so
    an abandoned bar cannot leave a stale indicator behind, and (with
    ``on_signal``) a clear on ``SIGTERM``, which skips ``atexit``.

    Args:
        write: how the exit-time clear reaches the terminal.
        title: also show the percentage and ETA in the window title,
            saving the title first and restoring it at :meth:`clear`.
        progress: send OSC 9;4 (False: the title alone).
        per_second: updates a second at most (state changes and clears
            are never held back).
        on_signal: how the clear reaches the terminal from a ``SIGTERM``
            handler (see ``taskbar_signal``); None: no handler.
    """

    def __init__(
        self,
        write: Callable[[str], None],
        *,
        title: bool = False,
        progress: bool = True,
        per_second: float = UPDATES_PER_SECOND,
        on_signal: Optional[Callable[[str], None]] = None,
    ) -> None:
        self._write = write
        self._on_signal = on_signal
        self._title = title
        self._progress = progress
        self._limiter = RateLimiter(per_second)
        self._shown: Optional[tuple[int, int]] = None  # (state, percent) on the terminal now
        self._hooked = False

    @property
    def active(self) -> bool:
        """Whether an indicator is up (so a :meth:`clear` is owed)."""
        return self._shown is not None

    def update(
        self,
        fraction: Optional[float],
        now: float,
        state: int = NORMAL,
        eta: Optional[float] = None,
    ) -> str:
        """The bytes that show ``fraction`` (None: indeterminate) at ``now``; "" when held back."""
        if state == NORMAL and fraction is None:
            state = INDETERMINATE
        percent = 0 if fraction is None or state == INDETERMINATE else int(fraction * 100)
        key = (state, min(max(percent, 0), 100))
        if key == self._shown:
            return ""
        changed = self._shown is None or key[0] != self._shown[0]
        if not self._limiter.allow(now) and not changed:
            return ""
        out = osc_progress(*key) if self._progress else ""
        if self._title:
            if self._shown is None:
                out = PUSH_TITLE + out
            label = "..." if state == INDETERMINATE else f"{key[1]}%"
            out += osc_title(label if eta is None else f"{label} ETA {format_eta(eta)}")
        self._shown = key
        if not self._hooked:
            import atexit

            atexit.register(self._at_exit)
            if self._on_signal is not None:
                from .taskbar_signal import clear_on_sigterm

                clear_on_sigterm(self._at_signal)
            self._hooked = True
        return out

    def clear(self) -> str:
        """The bytes that remove the indicator (and restore the title); "" when none is up."""
        if self._shown is None:
            return ""
        self._shown = None
        return (osc_progress(CLEAR) if self._progress else "") + (POP_TITLE if self._title else "")

    def _at_exit(self) -> None:
        text = self.clear()
        if text:
            self._write(text)

    def _at_signal(self) -> None:
        text = self.clear()
        if text and self._on_signal is not None:
            self._on_signal(text)
