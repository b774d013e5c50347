"""``progbar.suspend()``: clear the live rows and hold every redraw, for ``input()`` and friends.

A prompt (``input()``, ``getpass``), a debugger or a subprocess with its own
interface needs the terminal to itself: while suspended, each live region is
blanked, nothing is redrawn (not by the bars, not by the refresh thread),
and text written to ``sys.stdout``/``sys.stderr`` goes straight through, so
the prompt and the typed answer stay as typed. Bars keep counting
meanwhile; the region comes back, at its latest counts, when the last
suspension ends. Suspensions nest, and work from any thread.
"""

from __future__ import annotations

from .. import _hints as t
from .screen import live_screens

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Any, Optional

    from .screen import Screen

__all__ = ["Suspension", "suspend"]


class Suspension:
    """A context manager and decorator (a class: ``contextlib`` costs an import).

    Args:
        screens: the screens to suspend (a bar's own), or None for every screen
            live when the block starts.
    """

    def __init__(self, screens: t.Optional[t.Iterable[t.Any]] = None) -> None:
        self._only: Optional[list[Screen]] = None if screens is None else list(screens)
        self._held: list[list[Screen]] = []  # per nested entry: the screens it suspended

    def __enter__(self) -> None:
        screens = self._only if self._only is not None else live_screens()
        held = []
        try:
            for screen in screens:
                screen.suspend()
                held.append(screen)
        finally:
            self._held.append(held)

    def __exit__(
        self,
        exc_type: t.Optional[type[BaseException]],
        exc: t.Optional[BaseException],
        tb: t.Optional[t.TracebackType],
    ) -> None:
        for screen in self._held.pop() if self._held else ():
            try:  # noqa: SIM105  # a display fault must not replace the block's own exception
                screen.resume()
            except Exception:
                pass

    def __call__(self, func: t.Callable[..., t.R]) -> t.Callable[..., t.R]:
        """As a decorator: each call of ``func`` runs suspended."""
        import functools

        @functools.wraps(func)
        def suspended(*args: Any, **kwargs: Any) -> Any:
            with Suspension(self._only):
                return func(*args, **kwargs)

        return suspended


def suspend() -> t.Suspension:
    """Clear every live bar's rows and hold all redraws until the block (or call) ends.

    Use it around ``input()``, ``getpass.getpass()``, ``breakpoint()`` or a
    subprocess that draws its own interface. Bars keep counting meanwhile and
    come back at their latest counts. Also a decorator: ``@progbar.suspend()``.

    Returns:
        a context manager that is also a decorator.
    """
    return Suspension()
