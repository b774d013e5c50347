"""tqdm's warnings, raised by ``progbar.tqdm`` where tqdm raises them.

Code written for tqdm filters or catches ``tqdm.TqdmWarning`` and
``tqdm.TqdmDeprecationWarning``: when tqdm is already imported (the only
way such code can name them), those very classes are used; otherwise
progbar's own, of the same names and bases. tqdm is never imported here.
"""

from __future__ import annotations

import sys
import warnings
from contextlib import suppress

from .. import _hints as t

__all__ = ["TqdmDeprecationWarning", "TqdmWarning", "announce", "warn_tqdm"]


class TqdmWarning(Warning):
    """tqdm's base warning, when tqdm itself is not loaded."""


class TqdmDeprecationWarning(TqdmWarning, DeprecationWarning):
    """tqdm's deprecation warning, when tqdm itself is not loaded."""


_OWN = {"TqdmWarning": TqdmWarning, "TqdmDeprecationWarning": TqdmDeprecationWarning}


def category(kind: str) -> type[Warning]:
    """Tqdm's class named ``kind`` if tqdm is loaded, else progbar's."""
    std = sys.modules.get("tqdm.std")
    found = getattr(std, kind, None)
    if isinstance(found, type) and issubclass(found, Warning):
        return found
    return _OWN[kind]


def warn_tqdm(kind: str, message: str, stacklevel: int = 3) -> None:
    """Warn with tqdm's category ``kind`` (``"TqdmWarning"``, ``"TqdmDeprecationWarning"``)."""
    warnings.warn(message, category(kind), stacklevel=stacklevel)


def announce(kind: str, message: str, file: t.Optional[t.TextIO], stacklevel: int = 4) -> None:
    """As tqdm: print ``Kind: message`` on the bar's stream, then warn.

    tqdm writes its deprecation notices to the bar's file, where the user
    sees them even when warnings are hidden; they go above any live bars.
    """
    from .._output.printing import write

    with suppress(Exception):  # a closed or broken stream: the warning below still tells
        write(f"\n{kind}: {message.rstrip()}", file or sys.stderr)
    warn_tqdm(kind, message, stacklevel)
