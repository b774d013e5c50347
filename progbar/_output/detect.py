"""Where is the bar being shown? Reads the environment, decides nothing else.

Everything it inspects is passed in (the stream, an environment mapping,
a modules mapping) so detection is a set of pure functions under test; the
only caller that hands in the real ``os.environ`` and ``sys.modules`` is
``_display.make_display``.
"""

from __future__ import annotations

import os

from .._core.options import DISPLAY_CHOICES, DISPLAY_KINDS

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Literal, Optional

    DisplayKind = Literal["tty", "notebook", "log", "silent", "jsonl", "logging"]

__all__ = [
    "CI_VARIABLES",
    "DISPLAY_CHOICES",
    "DISPLAY_KINDS",
    "choose_display",
    "color_enabled",
    "env_flag",
    "fileno_of",
    "in_ci",
    "in_kernel",
    "is_tty",
    "process_rank",
    "terminal_height",
    "terminal_reflows",
    "terminal_size",
    "terminal_width",
]


CI_VARIABLES = (
    "CI",
    "GITHUB_ACTIONS",
    "GITLAB_CI",
    "TF_BUILD",
    "BUILDKITE",
    "JENKINS_URL",
    "TEAMCITY_VERSION",
)
"""Set by CI services; their log viewers are not terminals, whatever ``isatty`` says."""

_TRUE = frozenset({"1", "true", "yes", "on", "y", "t"})
_FALSE = frozenset({"0", "false", "no", "off", "n", "f"})


def env_flag(environ: Mapping[str, str], name: str) -> Optional[bool]:
    """``environ[name]`` read as a boolean; None when unset or empty.

    ``"0"``, ``"false"``, ``"no"``, ``"off"`` are False (so ``PROGBAR_DISABLE=0``
    does not disable); any other non-empty value is True, because tools like
    ``JENKINS_URL`` or ``TEAMCITY_VERSION`` carry a URL or a version, not a flag.
    """
    value = environ.get(name, "").strip().lower()
    if not value:
        return None
    return value not in _FALSE


def records_path(given: Optional[str], environ: Mapping[str, str]) -> Optional[str]:
    """Where a bar's records go: ``records=``, else ``PROGBAR_RECORDS`` (empty: nowhere)."""
    return given or environ.get("PROGBAR_RECORDS", "").strip() or None


def in_ci(environ: Mapping[str, str]) -> bool:
    """True when any CI service variable says so (``CI=false`` does not)."""
    return any(env_flag(environ, name) for name in CI_VARIABLES)


def choose_display(
    stream: object,
    environ: Mapping[str, str],
    modules: Mapping[str, object],
) -> DisplayKind:
    r"""The display for ``display="auto"``.

    Order: ``PROGBAR_DISPLAY``; a kernel (checked before anything else,
    because ipykernel sets ``TERM=xterm-color`` and ``FORCE_COLOR=1`` as if
    it were a terminal, and because ``JPY_PARENT_PID`` is set for every
    kernel *client*, terminals included, it is not used at all; Spyder's
    kernel gets in-place ``\r`` redraws); then a log for CI, ``TERM=dumb``,
    IDLE and anything that is not a terminal. Keras's
    ``"posix" in sys.modules`` test is true on every Linux box and sends
    carriage returns into log files.
    """
    override = environ.get("PROGBAR_DISPLAY", "").strip().lower()
    for kind in DISPLAY_KINDS:
        if override == kind:
            return kind
    if in_kernel(modules) and _is_kernel_stream(stream, modules):
        # Spyder's console is a qtconsole widget: it honours "\r" in stream
        # output but has no handler for update_display_data (the bar would freeze)
        return "tty" if "spyder_kernels" in modules else "notebook"
    if in_ci(environ) or environ.get("TERM") == "dumb" or _is_idle(stream):
        return "log"
    return "tty" if is_tty(stream) else "log"


def in_kernel(modules: Mapping[str, object]) -> bool:
    """True inside a running IPython kernel (Jupyter, VS Code, Colab, Spyder).

    Only looks at modules already imported: progbar never imports IPython
    itself. IPython imported by a terminal script (or the terminal IPython
    shell) has no kernel attached, and that is not a notebook.
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


def _is_kernel_stream(stream: object, modules: Mapping[str, object]) -> bool:
    """The kernel's own stdout/stderr: a file the user passed still gets plain log lines."""
    if type(stream).__module__.startswith("ipykernel"):
        return True
    sys_module = modules.get("sys")
    own = (getattr(sys_module, "stdout", None), getattr(sys_module, "stderr", None))
    return stream is not None and any(stream is s for s in own)


def _is_idle(stream: object) -> bool:
    r"""IDLE's shell claims ``isatty()`` but its Tk text widget does not honour ``\r``."""
    return type(stream).__module__.startswith("idlelib")


def is_tty(stream: object) -> bool:
    """``stream.isatty()``, False when missing or when the stream is closed."""
    isatty = getattr(stream, "isatty", None)
    if isatty is None:
        return False
    try:
        return bool(isatty())
    except (ValueError, OSError):  # closed at interpreter teardown
        return False


def color_enabled(environ: Mapping[str, str], default: bool) -> bool:
    """Whether a terminal display may use colour.

    The conventions, in CPython's order (``_colorize.can_colorize``): a
    non-empty ``NO_COLOR`` disables; ``FORCE_COLOR`` enables (``FORCE_COLOR=0``
    disables); ``TERM=dumb`` disables; otherwise ``default`` (the look's own
    choice). None of this can make a log file a terminal: logs never get colour.
    """
    if environ.get("NO_COLOR"):
        return False
    forced = env_flag(environ, "FORCE_COLOR")
    if forced is not None:
        return forced
    if environ.get("TERM") == "dumb":
        return False
    return default


def process_rank(environ: Mapping[str, str]) -> Optional[int]:
    """This process's rank in a multi-process job, or None when there is only one process.

    Reads the launchers' conventions in order: torchrun/accelerate
    (``RANK``, then ``LOCAL_RANK``, with ``WORLD_SIZE``), Open MPI
    (``OMPI_COMM_WORLD_RANK``/``_SIZE``), MPICH/Intel MPI (``PMI_RANK``/
    ``PMI_SIZE``) and Slurm (``SLURM_PROCID`` with ``SLURM_NTASKS``). Slurm
    sets ``SLURM_PROCID=0`` for plain one-task jobs too, so its size counts.
    """
    for rank_name, size_name in (
        ("RANK", "WORLD_SIZE"),
        ("LOCAL_RANK", "WORLD_SIZE"),
        ("OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE"),
        ("PMI_RANK", "PMI_SIZE"),
        ("SLURM_PROCID", "SLURM_NTASKS"),
    ):
        rank = _int_env(environ, rank_name)
        if rank is None:
            continue
        size = _int_env(environ, size_name)
        if size is not None and size <= 1:
            return None
        if size is None and rank_name == "SLURM_PROCID":
            continue
        return rank
    return None


def _int_env(environ: Mapping[str, str], name: str) -> Optional[int]:
    value = environ.get(name, "").strip()
    return int(value) if value.isascii() and value.isdigit() else None


def terminal_size(fd: Optional[int]) -> tuple[int, int]:
    """``(columns, rows)`` of the terminal behind ``fd``; ``(0, 0)`` when it has none.

    One cheap ``ioctl``: reading it on every draw is how a resize takes effect.
    """
    if fd is None:
        return (0, 0)
    try:
        size = os.get_terminal_size(fd)
    except (ValueError, OSError):  # not a terminal, or closed
        return (0, 0)
    return (size.columns, size.lines)


def fileno_of(stream: object) -> Optional[int]:
    """The stream's descriptor, or None (a StringIO, a closed file); look it up once.

    ``fileno()`` on a StringIO raises every time it is asked.
    """
    try:
        fd = stream.fileno()  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return None
    return fd if isinstance(fd, int) else None


def terminal_width(fd: Optional[int], environ: Mapping[str, str]) -> int:
    """Columns available on the terminal behind ``fd``.

    The terminal's own size comes first. ``COLUMNS`` fills in when the
    stream has no terminal size (a pipe or a file forced to ``"tty"``) and
    narrows the line when it is smaller; it never widens it past the
    terminal, where the line would wrap. Without either: 80.
    """
    wanted = _int_env(environ, "COLUMNS")
    size = terminal_size(fd)[0]
    if size > 0:
        return min(size, wanted) if wanted else size
    return wanted or 80


def terminal_height(fd: Optional[int], environ: Mapping[str, str]) -> int:
    """Rows of the terminal behind ``fd`` (``LINES`` when it has none; else 24)."""
    return terminal_size(fd)[1] or _int_env(environ, "LINES") or 24


_REFLOWING = {
    "TERM_PROGRAM": ("iTerm.app", "WezTerm", "ghostty", "vscode", "Apple_Terminal", "tmux"),
    "TERM": ("xterm-kitty", "xterm-ghostty", "alacritty", "foot", "wezterm", "tmux-256color"),
}
"""Terminals known to re-wrap their lines when they get narrower."""


def terminal_reflows(environ: Mapping[str, str]) -> bool:
    """Whether the terminal re-wraps long lines when it narrows (tmux, VTE, kitty, ...).

    xterm, the Linux console (and ``pyte``) cut lines instead: a region
    redraw after a resize must count rows differently on the two kinds.
    """
    markers = ("TMUX", "VTE_VERSION", "KITTY_WINDOW_ID", "WT_SESSION", "KONSOLE_VERSION")
    if any(environ.get(name) for name in markers):
        return True
    return any(environ.get(name, "") in values for name, values in _REFLOWING.items())
