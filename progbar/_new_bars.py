"""The hooks every new ``Progbar`` calls: empty unless the web view serves (``progbar._remote``).

A module of its own so that the web view can add its hook without importing
``_progbar`` (which imports the web view when ``PROGBAR_SERVE`` is set).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Any, Callable

__all__ = ["BAR_HOOKS"]

BAR_HOOKS: list[Callable[[Any], None]] = []
"""Called with each new bar, after it is set up; a hook never raises."""
