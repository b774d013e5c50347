"""``with thing:`` closes it on the way out, exceptions and Ctrl-C included.

Bars, download hooks and wrapped files all end the same way, so the
context-manager protocol is written once here.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from types import TracebackType
    from typing import Optional, TypeVar

    Self = TypeVar("Self", bound="Closing")

__all__ = ["Closing"]


class Closing:
    """A mixin: ``__enter__`` returns the object, ``__exit__`` calls its ``close()``."""

    __slots__ = ()

    def close(self) -> None:
        """End whatever the object shows or holds; must be idempotent."""
        raise NotImplementedError

    def __enter__(self: Self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()
