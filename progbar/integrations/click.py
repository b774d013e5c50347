"""``progbar.integrations.click``: ``progressbar()``, a drop-in for ``click.progressbar``.

Change the import and a click command's bar is progbar's: a live line on a
terminal, plain lines in a log or CI (where click's own prints only the
label), the ETA of progbar's estimator. Same arguments, same object: a ``with``
block, iterating it, ``update(n_steps, current_item)``, ``pos``, ``length``,
``finished``. click is not imported: the drop-in needs nothing from it.
"""

from __future__ import annotations

from .. import _hints as t
from .._progbar import Progbar

__all__ = ["ProgressBar", "progressbar"]

IGNORED = (
    "show_eta", "show_percent", "show_pos", "fill_char", "empty_char", "bar_template",
    "info_sep", "update_min_steps",
)  # fmt: skip
"""click's drawing options, accepted and ignored: progbar's line shows the count, the
percentage bar and the ETA, and redraws at most every ``interval`` seconds."""


def progressbar(
    iterable: t.Optional[t.Iterable[t.Any]] = None,
    length: t.Optional[int] = None,
    label: t.Optional[str] = None,
    hidden: bool = False,
    show_eta: bool = True,
    show_percent: t.Optional[bool] = None,
    show_pos: bool = False,
    item_show_func: t.Optional[t.Callable[[t.Any], t.Optional[str]]] = None,
    fill_char: str = "#",
    empty_char: str = "-",
    bar_template: str = "%(label)s  [%(bar)s]  %(info)s",
    info_sep: str = "  ",
    width: int = 36,
    file: t.Optional[t.TextIO] = None,
    color: t.Optional[bool] = None,
    update_min_steps: int = 1,
    **options: t.Any,
) -> ProgressBar:
    """``click.progressbar``'s signature, drawing a :class:`progbar.Progbar`.

    ``iterable``, ``length``, ``label`` (the description), ``hidden``,
    ``item_show_func`` (shown after the count), ``file`` (default stdout) and
    ``color`` mean what they mean in click; ``width=0`` fills the line. The
    other drawing options (:data:`IGNORED`) are accepted and ignored.
    ``options`` are progbar's own (``display``, ``interval``...).

    Raises:
        TypeError: neither ``iterable`` nor ``length``, as click; or a bad option.
    """
    if iterable is None and length is None:
        raise TypeError("progressbar() needs an iterable or a length")
    if length is None:
        from operator import length_hint

        length = length_hint(iterable, -1)
        length = None if length == -1 else length
    bar = Progbar(
        length,
        description=label or None,
        file=file,
        color=color,
        width=10_000 if width == 0 else width,
        display="silent" if hidden else options.pop("display", "auto"),
        **options,
    )
    items = range(length or 0) if iterable is None else iterable
    return ProgressBar(bar, items, item_show_func)


class ProgressBar:
    """What :func:`progressbar` returns: click's ``ProgressBar`` methods over a progbar bar."""

    def __init__(
        self,
        bar: Progbar,
        iterable: t.Iterable[t.Any],
        item_show_func: t.Optional[t.Callable[[t.Any], t.Optional[str]]],
    ) -> None:
        self.bar = bar
        self.iter = iter(iterable)
        self.item_show_func = item_show_func
        self.current_item: t.Any = None
        self.entered = False
        self.finished = False

    @property
    def pos(self) -> int:
        """Steps done so far."""
        return int(self.bar.current)

    @property
    def length(self) -> t.Optional[int]:
        """The number of steps, or None when unknown."""
        target = self.bar.target
        return None if target is None else int(target)

    @property
    def label(self) -> str:
        """The label drawn before the bar."""
        return self.bar.description or ""

    def __enter__(self) -> ProgressBar:
        self.entered = True
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.bar.close()

    def __iter__(self) -> t.Iterator[t.Any]:
        if not self.entered:
            raise RuntimeError("You need to use progress bars in a with block.")
        return self.generator()

    def __next__(self) -> t.Any:
        return next(iter(self))

    def generator(self) -> t.Iterator[t.Any]:
        """Yield the items, counting each once the block that used it returns (as click)."""
        if not self.entered:
            raise RuntimeError("You need to use progress bars in a with block.")
        for item in self.iter:
            self._show(item)
            yield item
            self.bar.add(1)
        self.finish()

    def update(self, n_steps: int, current_item: t.Any = None) -> None:
        """Advance by ``n_steps``; ``current_item`` is what ``item_show_func`` shows."""
        if current_item is not None:
            self._show(current_item)
        self.bar.add(n_steps)
        length = self.length
        if length is not None and self.pos >= length:
            self.finished = True

    def finish(self) -> None:
        """Mark the bar finished: its count is the total from now on."""
        self.finished = True
        self.current_item = None
        if self.bar.target is None:
            self.bar.target = self.bar.current
        self.bar.update(self.bar.current)

    def render_progress(self) -> None:
        """Redraw now."""
        self.bar.refresh()

    def render_finish(self) -> None:
        """End the bar's line (what leaving the ``with`` block does)."""
        self.bar.close()

    def _show(self, item: t.Any) -> None:
        self.current_item = item
        if self.item_show_func is not None:
            text = self.item_show_func(item)
            self.bar.set_postfix_str("" if text is None else str(text))


t.readable(ProgressBar, progressbar)  # help() shows their annotations bare
