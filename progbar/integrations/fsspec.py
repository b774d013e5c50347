"""``progbar.integrations.fsspec``: ``Callback``, fsspec's transfer callback drawing with progbar.

``fs.get(remote, local, recursive=True, callback=Callback())`` (and ``put``,
``cp``, any filesystem): fsspec tells the callback how many paths there are
and hands each a ``branched()`` child that counts its bytes. Here each child
is a bar nested under one :class:`progbar.RollUp` for the whole copy, whose
count and total are the sums of the files' bytes; the paths done so far show
after it (``paths: 3/10``, folders included, as fsspec counts them). Given to
a single-file call (``get_file``), the callback's one bar counts that file.
"""

from __future__ import annotations

import fsspec.callbacks

from .. import _hints as t
from .._core.options import forwarded_options
from .._rollup import Part, RollUp

__all__ = ["Callback"]


class Callback(fsspec.callbacks.Callback):  # type: ignore[misc]
    """An fsspec callback whose bar is a roll-up of one nested bar per file.

    Args:
        size, value, hooks: as fsspec's ``Callback``'s (its hooks still run).
        **options: :class:`progbar.Progbar` arguments for the roll-up bar
            (``description``, ``file``, ``display``...); ``units`` defaults to ``"bytes"``.

    Raises:
        TypeError, ValueError: an invalid option.
    """

    def __init__(
        self,
        size: t.Optional[int] = None,
        value: int = 0,
        hooks: t.Optional[dict[str, t.Callable[..., t.Any]]] = None,
        **options: t.Unpack[t.BarOptions],
    ) -> None:
        options.setdefault("units", "bytes")
        forwarded_options("Callback()", options, {"target": "takes fsspec's size="})
        super().__init__(size, value, hooks)
        self.bar = RollUp(**options)
        self.children = 0  # files branched so far
        self.files = False  # a multi-file copy: size and value count files, not bytes

    def set_size(self, size: t.Optional[int]) -> None:
        """The number of files of a multi-file copy, or the bytes of a single file."""
        self.size = size
        if self.files:
            self.bar.expect(size)
        self.call()

    def absolute_update(self, value: int) -> None:
        """Set the count: paths done in a multi-file copy, else bytes."""
        self.value = value
        self._moved()

    def relative_update(self, inc: int = 1) -> None:
        """Add to the count: paths done in a multi-file copy, else bytes."""
        self.value += inc
        self._moved()

    def wrap(self, iterable: t.Iterable[t.Any]) -> t.Iterator[t.Any]:
        """Iterate fsspec's sync multi-file loop: one step per path, counted before it."""
        self._copying_files()
        yield from super().wrap(iterable)

    def branched(self, path_1: str, path_2: str, **kwargs: t.Any) -> _File:
        """A nested bar for one file, named after its source; its bytes add to the roll-up."""
        self._copying_files()
        self.children += 1
        name = str(path_1).rstrip("/").rsplit("/", 1)[-1] or str(path_1)
        return _File(self.bar, name)

    def _copying_files(self) -> None:
        if not self.files:
            self.files = True
            self.bar.expect(self.size)  # the size fsspec set is a number of files

    def close(self) -> None:
        """End the roll-up's line (leaving a ``with`` block does it too)."""
        self.bar.close()

    def _moved(self) -> None:
        if self.files:  # a multi-file copy counts files here: shown beside the bytes
            done = f"{self.value}/{self.size}" if self.size is not None else str(self.value)
            self.bar.set_postfix(paths=done)
        else:  # a single file: the bytes themselves
            if self.size is not None and self.bar.target != self.size:
                self.bar.target = self.size
            self.bar.update(self.value)
        self.call()


class _File(fsspec.callbacks.Callback):  # type: ignore[misc]
    """The callback of one file: its bar's count and total reach the roll-up.

    The bar is made at the file's first figure, so that a directory (which
    fsspec also branches for, and never sizes) draws nothing.
    """

    def __init__(self, rollup: RollUp, name: str) -> None:
        super().__init__()
        self.rollup, self.name = rollup, name
        self.part: t.Optional[Part] = None

    def _bar(self) -> Part:
        if self.part is None:
            self.part = self.rollup.part(description=self.name)
        return self.part

    def set_size(self, size: t.Optional[int]) -> None:
        self.size = size
        self._bar().target = size

    def absolute_update(self, value: int) -> None:
        self.value = value
        self._bar().update(value)

    def relative_update(self, inc: int = 1) -> None:
        self.value += inc
        self._bar().add(inc)

    def close(self) -> None:
        """End the file's bar; one that never learnt its size totals what it counted."""
        part = self.part
        if part is not None:
            if part.target is None:
                part.target = part.current
            part.close()


t.readable(Callback)  # help() shows their annotations bare
