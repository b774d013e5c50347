"""Where is the bar being shown? Reads the environment, decides nothing else.

Everything it inspects is passed in (the stream, an environment mapping,
a modules mapping) so detection is a pure function under test.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal, Optional, TextIO, get_args

__all__ = [
    "DISPLAY_CHOICES",
    "DisplayKind",
    "choose_display",
    "in_kernel",
    "is_tty",
    "terminal_width",
]

DisplayKind = Literal["tty", "notebook", "log", "silent"]
DISPLAY_CHOICES: tuple[str, ...] = ("auto", *get_args(DisplayKind))


def choose_display(
    stream: object,
    environ: Mapping[str, str],
    modules: Mapping[str, object],
) -> DisplayKind:
    """The display for ``display="auto"``.

    ``PROGBAR_DISPLAY`` overrides the automatic choice. A kernel is checked
    first, because ipykernel sets ``TERM`` and ``FORCE_COLOR`` as if it were
    a terminal. Only a real terminal gets in-place redraws: Keras's
    ``"posix" in sys.modules`` test is true on every Linux box and sends
    carriage returns into log files.
    """
    override = environ.get("PROGBAR_DISPLAY", "").strip().lower()
    if override in get_args(DisplayKind):
        return override  # type: ignore[return-value]
    if in_kernel(modules):
        return "notebook"
    if is_tty(stream) and environ.get("TERM") != "dumb":
        return "tty"
    return "log"


def in_kernel(modules: Mapping[str, object]) -> bool:
    """True inside a running IPython kernel (Jupyter, VS Code, Colab).

    Only looks at modules already imported: progbar never imports IPython
    itself. IPython imported by a terminal script has no kernel attached.
    """
    ipython = modules.get("IPython")
    if ipython is None or "ipykernel" not in modules:
        return False
    get_ipython = getattr(ipython, "get_ipython", None)
    if get_ipython is None:
        return False
    try:
        shell = get_ipython()
    except Exception:  # a half-torn-down interpreter; not a kernel we can use
        return False
    return shell is not None and getattr(shell, "kernel", None) is not None


def is_tty(stream: object) -> bool:
    """``stream.isatty()``, False when missing or when the stream is closed."""
    isatty = getattr(stream, "isatty", None)
    if isatty is None:
        return False
    try:
        return bool(isatty())
    except (ValueError, OSError):  # closed at interpreter teardown
        return False


def terminal_width(stream: Optional[TextIO], environ: Mapping[str, str]) -> int:
    """Columns of the terminal behind ``stream``: its fd, then ``COLUMNS``, then 80."""
    columns = environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        fd = stream.fileno() if stream is not None else -1
        size = os.get_terminal_size(fd).columns
    except (AttributeError, ValueError, OSError):
        size = 0
    return size if size > 0 else 80
