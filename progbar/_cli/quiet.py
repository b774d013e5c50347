"""End a command the way ``cat`` ends: killed by the signal, with no traceback.

``cat big | head -1`` leaves ``cat`` killed by SIGPIPE (status 141 under
``set -o pipefail``) and prints nothing; Ctrl-C leaves it killed by SIGINT
(130). Python instead prints a ``BrokenPipeError`` or ``KeyboardInterrupt``
traceback and exits 1. These helpers restore the shell's view of it.
"""

from __future__ import annotations

import os
import signal
import sys
from contextlib import contextmanager

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import NoReturn

__all__ = ["die_of", "exit_like_cat"]


def die_of(name: str) -> NoReturn:
    """Kill this process with signal ``name`` (``"SIGPIPE"``, ``"SIGINT"``) at its default action.

    The parent shell then sees what it sees for ``cat``: 141 or 130, and
    no message. Where the signal does not exist (Windows), exit 1.
    """
    try:  # stdout may hold unwritten bytes for a reader that left: drop them
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    number = getattr(signal, name, None)
    if number is not None:
        signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)
    raise SystemExit(130 if name == "SIGINT" else 1)


@contextmanager
def exit_like_cat() -> Iterator[None]:
    """Run a command that writes to stdout: a reader that leaves, or Ctrl-C, ends it quietly.

    SIGPIPE gets its default action back for the duration, so the first
    write after the reader left ends the process at once, as it ends
    ``cat``, before progbar's own stream guard could warn about it.
    """
    sigpipe = getattr(signal, "SIGPIPE", None)
    if sigpipe is not None:
        signal.signal(sigpipe, signal.SIG_DFL)
    try:
        yield
    except BrokenPipeError:  # no SIGPIPE (Windows)
        die_of("SIGPIPE")
    except KeyboardInterrupt:
        die_of("SIGINT")
