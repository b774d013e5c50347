r"""A desktop notification when a long job ends, through the terminal (OSC 9, OSC 777, OSC 99).

Terminals that turn an escape sequence into a desktop notification speak
three dialects: OSC 9 (``ESC ] 9 ; text BEL``: iTerm2, WezTerm, ConEmu),
OSC 777 (``ESC ] 777 ; notify ; title ; body BEL``: urxvt, foot, Ghostty)
and OSC 99 (kitty's own, title and body in two parts). Elsewhere the bytes
may show as garbage, so ``"auto"`` uses an allow-list, as the taskbar does
(``taskbar.py``), and never sends anything off a terminal, in a notebook,
under ``TERM=dumb`` or through tmux or screen (which swallow it); ``True``
forces it (through tmux's passthrough when inside tmux). Everything here is
pure: the environment comes in as a mapping, the bytes go out as a string.
"""

from __future__ import annotations

from .._core.cells import clean_text
from .._core.numbers import format_eta
from .detect import env_flag

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Optional, Union

    from .._core.snapshot import Snapshot

__all__ = [
    "DEFAULT_AFTER",
    "message_for",
    "notification",
    "notify_after",
    "notify_dialect",
    "resolve_notify",
]

DEFAULT_AFTER = 60.0
"""Seconds a root bar must have run for its end to be notified (``PROGBAR_NOTIFY_AFTER``)."""
_PROGRAMS = {"iTerm.app": "osc9", "WezTerm": "osc9", "ghostty": "osc777"}
"""``TERM_PROGRAM`` values known to show a notification, and their dialect."""
_TERMS = (("xterm-kitty", "osc99"), ("foot", "osc777"), ("rxvt-unicode", "osc777"))
"""``TERM`` prefixes known to show one (kitty, foot, urxvt), and their dialect."""
_BIDI = dict.fromkeys([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
MAX_TEXT = 200
"""Characters of a title or body at most: a notification is a glance."""


def _multiplexed(environ: Mapping[str, str]) -> bool:
    """Inside tmux or GNU screen: they swallow OSC notifications on their way out."""
    term = environ.get("TERM", "")
    return bool(environ.get("TMUX") or environ.get("STY")) or term.startswith(("screen", "tmux"))


def notify_dialect(environ: Mapping[str, str]) -> Optional[str]:
    """The dialect this terminal is known to show: ``"osc9"``, ``"osc777"``, ``"osc99"`` or None.

    >>> notify_dialect({"TERM_PROGRAM": "iTerm.app"}), notify_dialect({"TERM": "xterm-kitty"})
    ('osc9', 'osc99')
    >>> notify_dialect({"TERM": "xterm-256color"}) is None
    True
    """
    program = _PROGRAMS.get(environ.get("TERM_PROGRAM", ""))
    if program is not None:
        return program
    if environ.get("ConEmuANSI") == "ON":
        return "osc9"
    if environ.get("KITTY_WINDOW_ID"):
        return "osc99"
    term = environ.get("TERM", "")
    for prefix, dialect in _TERMS:
        if term.startswith(prefix):
            return dialect
    return None


def resolve_notify(
    option: Union[bool, str], environ: Mapping[str, str], is_tty: bool, in_notebook: bool
) -> Optional[str]:
    """The dialect to notify in, or None: never off a terminal or in a notebook.

    ``option`` True or False forces (``PROGBAR_NOTIFY`` does the same for
    ``"auto"``); a forced terminal not on the list gets OSC 9, the most common.
    ``"auto"``: the allow-list, and never inside tmux/screen or under ``TERM=dumb``.
    """
    if not is_tty or in_notebook or option is False:
        return None
    forced = True if option is True else env_flag(environ, "PROGBAR_NOTIFY")
    if forced is False:
        return None
    if forced:
        return notify_dialect(environ) or "osc9"
    if environ.get("TERM") == "dumb" or _multiplexed(environ):
        return None
    return notify_dialect(environ)


def notify_after(environ: Mapping[str, str]) -> float:
    """``PROGBAR_NOTIFY_AFTER`` (seconds), or :data:`DEFAULT_AFTER` when unset or not a number."""
    try:
        value = float(environ.get("PROGBAR_NOTIFY_AFTER", ""))
    except ValueError:
        return DEFAULT_AFTER
    return value if value >= 0 else DEFAULT_AFTER


def _clean(text: str, *, separator: bool = False) -> str:
    """Text a terminal shows and never acts on: no controls, escapes, bidi overrides (or ``;``)."""
    text = clean_text(text).translate(_BIDI)
    if separator:
        text = text.replace(";", ",")
    return text[:MAX_TEXT]


def message_for(snap: Snapshot) -> tuple[str, str]:
    """The title and body for a bar that ended: finished, or stopped short of its target.

    >>> from progbar._core.snapshot import Snapshot
    >>> message_for(Snapshot(50, 100, 75.0, None, None, "step", (), True, "train", "count"))
    ('train', 'stopped at 50/100 after 1:15')
    """
    title = snap.description or "progbar"
    done = snap.target is None or snap.current >= snap.target
    total = "" if snap.target is None else f"/{snap.target:g}"
    count = f"{snap.current:g}{total}"
    took = format_eta(snap.elapsed)
    body = f"done: {count} in {took}" if done else f"stopped at {count} after {took}"
    return title, body


def notification(dialect: str, title: str, body: str, *, tmux: bool = False) -> str:
    r"""The bytes that show ``title`` and ``body`` (cleaned) as a notification in ``dialect``.

    >>> notification("osc9", "train", "done: 10/10 in 1:02")
    '\x1b]9;train: done: 10/10 in 1:02\x07'
    >>> notification("osc777", "a;b", "done")
    '\x1b]777;notify;a,b;done\x07'
    """
    if dialect == "osc777":
        out = f"\x1b]777;notify;{_clean(title, separator=True)};{_clean(body, separator=True)}\x07"
    elif dialect == "osc99":
        out = f"\x1b]99;i=progbar:d=0;{_clean(title)}\x1b\\"
        out += f"\x1b]99;i=progbar:p=body;{_clean(body)}\x1b\\"
    else:  # OSC 9: one text; a leading digit would read as a ConEmu or progress command
        text = _clean(f"{title}: {body}")
        out = f"\x1b]9;{'progbar: ' if text[:1].isdigit() else ''}{text}\x07"
    if tmux:  # tmux passes a DCS on to the terminal (with allow-passthrough), its ESCs doubled
        out = "\x1bPtmux;" + out.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    return out
