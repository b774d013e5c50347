"""Windows consoles: wrap the one output stream with colorama, lazily.

Called at the first draw of a terminal display, never at import: tqdm runs
``colorama.init()`` when it is imported, which rewraps ``sys.stdout`` for
the whole process before the user could redirect anything. Here only the
bar's own stream is wrapped, and only on win32.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Optional, TextIO

__all__ = ["wrap_stream"]


def wrap_stream(stream: TextIO, platform: Optional[str] = None) -> TextIO:
    """``stream`` ready for ANSI output on this platform.

    On win32, ``colorama.AnsiToWin32`` turns on VT processing when the
    console supports it (Windows 10+) and otherwise translates colour codes
    into console API calls. Elsewhere, or without colorama, the stream is
    returned unchanged.

    Args:
        stream: the text stream the bar draws on.
        platform: ``sys.platform`` by default; tests pass ``"win32"``.
    """
    if (platform or sys.platform) != "win32":
        return stream
    import importlib  # here: only win32 gets this far

    try:
        colorama = importlib.import_module("colorama")  # untyped, and absent off Windows
    except ImportError:  # a broken install; plain output beats no output
        return stream
    try:
        wrapped: TextIO = colorama.AnsiToWin32(stream).stream
    except Exception:  # colorama probing a closed or odd stream: keep the original
        return stream
    return wrapped
