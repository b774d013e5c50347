"""``with thing:`` closes it on the way out, exceptions and Ctrl-C included.

Bars, download hooks and wrapped files all end the same way, so the
context-manager protocol is written once here.
"""

from __future__ import annotations

from .. import _hints as t

__all__ = ["Closing"]


class Closing:
    """A mixin: ``__enter__`` returns the object, ``__exit__`` calls its ``close()``."""

    __slots__ = ()

    def close(self) -> None:
        """End whatever the object shows or holds; must be idempotent."""
        raise NotImplementedError

    def __enter__(self) -> t.Self:
        return self

    def __exit__(
        self,
        exc_type: t.Optional[type[BaseException]],
        exc: t.Optional[BaseException],
        tb: t.Optional[t.TracebackType],
    ) -> None:
        self.close()
