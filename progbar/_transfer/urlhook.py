"""Downloads: a ``urlretrieve`` reporthook that drives a Progbar.

The hook only translates urllib's block counts into ``Progbar.update``
calls (``_wrapfile`` does the same for bytes read or written): the rate
and ETA come from the bar's own estimator, and all drawing from its
display, like any other bar.
Failures are never hidden: the bar is closed where it stopped and the
exception goes on to the caller unchanged.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Optional, Union

from .. import _hints as t
from .._core.checks import check_str
from .._core.closing import Closing
from .._core.options import forwarded_options
from .._progbar import Progbar

if TYPE_CHECKING:  # urllib.request pulls in http, email and ssl: imported on first download
    pass

__all__ = ["ReportHook", "bar_options", "reporthook", "urlretrieve"]

PathArg = Union[str, "os.PathLike[str]", None]


def bar_options(caller: str, options: dict[str, Any]) -> dict[str, Any]:
    """``options`` for the bars to come, checked now so a mistake raises at the user's call.

    The size comes from the transfer, so ``target`` and ``total`` are
    refused; ``units`` defaults to bytes.
    """
    checked = {"units": "bytes", **options}
    refused = {"target": "takes the size from the transfer", "total": "takes the size from it"}
    forwarded_options(f"{caller}()", checked, refused)
    return checked


def _check_block_arg(name: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {value!r} ({type(value).__name__})")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value!r}")
    return value


class ReportHook(Closing):
    """urllib's ``reporthook(block_num, block_size, total_size)`` drawn as a Progbar.

    One hook shows one download. Reusing it for a second download (urllib
    starts again at ``block_num == 0``) raises ``RuntimeError`` unless
    ``reuse=True`` says that is meant, because a hook silently continuing
    the first bar would draw two files as one. Use it as a context manager
    (or call :meth:`close`) so a download of unknown size, or one that fails,
    gets its final line: urllib never tells the hook that it stopped.

    Args:
        reuse: start a fresh bar at each new download instead of raising.
        **options: any Progbar keyword except ``target``; ``units``
            defaults to ``"bytes"`` (``"count"`` keeps Keras's raw numbers).
    """

    def __init__(self, *, reuse: bool = False, **options: Any) -> None:
        if not isinstance(reuse, bool):
            raise TypeError(f"reuse must be a bool, got {reuse!r}")
        self._options = bar_options("reporthook", options)
        self._reuse = reuse
        self.bar: Optional[Progbar] = None
        """The bar of the current (or last) download; None before the first call."""
        self._total: Optional[int] = None
        self._last_block = -1
        self._ended = False  # the bar drew its final line

    def __call__(self, block_num: int, block_size: int, total_size: int) -> None:
        """Take one urllib report: ``block_num`` blocks of ``block_size`` bytes read so far."""
        _check_block_arg("block_num", block_num, 0)
        _check_block_arg("block_size", block_size, 0)
        _check_block_arg("total_size", total_size, -1)
        total = total_size if total_size > 0 else None  # -1 (and 0): no Content-Length
        if self.bar is None or block_num == 0 or block_num < self._last_block:
            self._start(total)
        elif total is not None and total != self._total:  # the latest known size wins
            self._total = total
            self.bar.target = total
        self._last_block = block_num
        if self._ended or self.bar is None:
            return
        count = block_num * block_size
        if self._total is not None:
            count = min(count, self._total)  # the last block is counted whole: clamp it
        self.bar.update(count)
        self._ended = self._total is not None and count >= self._total

    def _start(self, total: Optional[int]) -> None:
        if self.bar is not None:
            if not self._reuse:
                raise RuntimeError(
                    "this reporthook already showed a download; make a fresh "
                    "progbar.reporthook() for each download, or pass reuse=True"
                )
            self.bar.close()
        self.bar = Progbar(total, **self._options)
        self._total = total
        self._ended = False

    def close(self, saved: Optional[int] = None) -> None:
        """End the bar where it stands (complete only if every byte arrived); idempotent.

        Args:
            saved: the exact bytes saved, when the caller knows them. urllib
                only reports whole blocks, so without a size its count is
                rounded up to the block; this puts the last line right.
        """
        if self.bar is not None:
            if saved is not None and not self._ended and saved != self.bar.current:
                self.bar.update(saved, finalize=True)
            self.bar.close()
            self._ended = True


def reporthook(*, reuse: bool = False, **options: Any) -> ReportHook:
    """A progress bar for ``urllib.request.urlretrieve(url, path, reporthook=...)``.

    Args:
        reuse: allow one hook to show several downloads, one bar each.
        **options: Progbar keywords (``description``, ``units``, ``file``, ...).

    Returns:
        A callable hook; also a context manager that closes its bar.
    """
    return ReportHook(reuse=reuse, **options)


def urlretrieve(
    url: str, filename: PathArg = None, data: Optional[bytes] = None, **options: Any
) -> tuple[str, t.HTTPMessage]:
    """``urllib.request.urlretrieve`` with a progress bar; same arguments and return value.

    On any failure (``ContentTooShortError``, ``URLError``, a dropped
    connection, ``KeyboardInterrupt``) the bar is closed where it stopped
    and the exception reaches the caller unchanged.

    Args:
        url: what to download.
        filename: where to save it; None means a temporary file.
        data: a POST body, as for ``urlretrieve``.
        **options: Progbar keywords, as for :func:`reporthook`.
    """
    import urllib.error
    import urllib.request

    check_str("url", url)
    hook = ReportHook(**options)
    try:
        result = urllib.request.urlretrieve(url, filename, hook, data)
    except urllib.error.ContentTooShortError as exc:
        hook.close(_saved_bytes(exc.content[0]))
        raise
    except BaseException:
        # the bar exists only once urllib opened (and truncated) the file: its size is ours
        hook.close(_saved_bytes(filename) if filename else None)
        raise
    hook.close(_saved_bytes(result[0]))
    return result


def _saved_bytes(path: object) -> Optional[int]:
    """The size of the file urllib wrote (it is closed by now), or None if unknown."""
    try:
        return os.stat(path).st_size  # type: ignore[arg-type]  # str or PathLike from urllib
    except (OSError, TypeError, ValueError):
        return None
