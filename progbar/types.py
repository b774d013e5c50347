"""The public types of what the entry points return, and of the bar keywords they forward.

A public module (``progbar.types``): a type checker names these types by the
module that defines them (``reveal_type(progbar.track(range(3)))`` is
``progbar.types.Tracked[builtins.int]``), so the module is part of the API.

``track()``, ``atrack()``, ``wrap_file()`` and ``reporthook()`` return
objects of private classes (``_loops``, ``_transfer``) whose constructors
are not part of the API. What a user may rely on is written here as
protocols (``progbar.Tracked`` and friends), so that ``x:
progbar.Tracked[int] = progbar.track(...)`` type-checks while the
implementations stay free to change; the type checker verifies that each
implementation has what its protocol promises.

:class:`BarOptions` is the ``**options`` every such entry point forwards to
:class:`~progbar.Progbar`: its keyword-only arguments, tqdm's aliases
included, minus the total (``target``/``total``), which each entry point
takes its own way. ``tests/test_public_types.py`` checks that it names
exactly those keywords with the types of ``Progbar.__init__``.

Loaded on first use of one of these names (``typing`` with it), never by
``import progbar``. The annotations are strings naming this module's own
globals, so ``typing.get_type_hints`` resolves them without ``_hints``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from types import TracebackType
from typing import Any, Callable, Literal, Optional, Protocol, TextIO, TypedDict, TypeVar, Union

from ._progbar import Progbar

__all__ = ["AsyncTracked", "BarOptions", "FileProgress", "ReportHook", "Tracked"]

PUBLISHED = (*__all__, "DisplayChoice", "DisplayKind", "Look", "Units")
"""The names ``_hints`` takes from here for annotations written ``t.<name>``."""

T_co = TypeVar("T_co", covariant=True)
_Self = TypeVar("_Self")
Look = Literal["classic", "keras3", "tqdm"]
"""The line styles (``_core/options.py`` ``LOOKS``)."""
Units = Literal["count", "bytes", "bytes_si"]
"""How counts read (``UNITS``)."""
DisplayKind = Literal["tty", "notebook", "log", "silent", "jsonl", "logging"]
"""What a bar draws on: ``bar.display`` (``DISPLAY_KINDS``)."""
DisplayChoice = Literal["auto", "tty", "notebook", "log", "silent", "jsonl", "logging"]
"""``display=``: a kind, or ``"auto"`` to detect one (``DISPLAY_CHOICES``)."""


class Tracked(Protocol[T_co]):
    """What :func:`progbar.track` (and ``bar.track()``) returns: iterate it to loop with the bar.

    The first pass yields the items with the bar; a second pass yields them
    again without one, the bar having ended.
    """

    @property
    def bar(self) -> Progbar:
        """The bar the loop advances."""

    def __iter__(self) -> Iterator[T_co]: ...

    def __length_hint__(self) -> int: ...


class AsyncTracked(Protocol[T_co]):
    """What :func:`progbar.atrack` (and ``bar.atrack()``) returns: ``async for`` over it."""

    @property
    def bar(self) -> Progbar:
        """The bar the loop advances."""

    def __aiter__(self) -> AsyncIterator[T_co]: ...


class _WithBlock(Protocol):
    """``with obj:`` gives ``obj`` and closes it on the way out (``_core/closing.py``)."""

    def __enter__(self: _Self) -> _Self: ...

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None: ...


class ReportHook(_WithBlock, Protocol):
    """What :func:`progbar.reporthook` returns: urllib's hook, and a context manager.

    ``hook(block_num, block_size, total_size)`` as ``urlretrieve`` calls it;
    ``with hook:`` (or :meth:`close`) ends the bar where it stands.
    """

    @property
    def bar(self) -> Optional[Progbar]:
        """The bar of the current (or last) download; None before the first call."""

    def __call__(self, block_num: int, block_size: int, total_size: int) -> None:
        """The reporthook call urllib makes: blocks so far, block size, total size (-1: unknown)."""

    def close(self, saved: Optional[int] = None) -> None:
        """End the bar (complete only if every byte arrived); ``saved``: exact bytes, if known."""


class FileProgress(_WithBlock, Protocol):
    """What :func:`progbar.wrap_file` returns: the file, whose reads and writes advance a bar.

    The methods below count what they move; any other attribute is the
    wrapped file's own. Closing the wrapper closes the bar and the file.
    """

    @property
    def bar(self) -> Progbar:
        """The bar the bytes are counted on."""

    @property
    def count(self) -> int:
        """Bytes moved so far (for a text file too: its characters' bytes)."""

    def read(self, size: Optional[int] = None) -> Any:
        """Read as the file does, counting what came."""

    def read1(self, size: int = -1) -> Any:
        """Read at most one buffer's worth, counting what came."""

    def readinto(self, buffer: Any) -> Any:
        """Read into ``buffer``, counting the bytes that came."""

    def readline(self, size: Optional[int] = None) -> Any:
        """Read one line, counting it."""

    def readlines(self, hint: int = -1) -> list[Any]:
        """Read the lines, counting them."""

    def write(self, data: Any) -> Any:
        """Write as the file does, counting what went."""

    def writelines(self, lines: Any) -> None:
        """Write the lines, counting them."""

    def close(self) -> None:
        """End the bar where it stands and close the wrapped file."""

    def __iter__(self) -> Iterator[Any]: ...

    def __getattr__(self, name: str) -> Any: ...


class BarOptions(TypedDict, total=False):
    """The keywords entry points forward to :class:`~progbar.Progbar`; all optional.

    For annotating a function of yours that passes them on:
    ``def fetch(url: str, **options: Unpack[progbar.BarOptions])`` (``Unpack``
    from ``typing`` on Python 3.11+, else ``typing_extensions``).
    """

    width: Optional[int]
    verbose: int
    interval: float
    stateful_metrics: Optional[Iterable[str]]
    stateless_metrics: Optional[Iterable[str]]
    unit_name: str
    file: Optional[TextIO]
    display: DisplayChoice
    clock: Optional[Callable[[], float]]
    description: Optional[str]
    look: Look
    color: Optional[bool]
    log_interval: float
    ambiguous_wide: bool
    all_ranks: bool
    units: Units
    leave: Optional[bool]
    parent: Optional[Progbar]
    smoothing: Optional[float]
    unit_scale: Union[bool, float]
    unit_divisor: float
    taskbar: Union[bool, str]
    title: bool
    notify: Union[bool, str]
    records: Optional[str]
    desc: Optional[str]
    unit: Optional[str]
    disable: Optional[bool]
    position: Optional[int]
    delay: float
    template: Optional[str]
    bar_format: Optional[str]
    summary: bool
