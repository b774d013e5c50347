"""Downloads: a ``urlretrieve`` reporthook that drives a Progbar.

The hook only translates urllib's block counts into ``Progbar.update``
calls (``_wrapfile`` does the same for bytes read or written): the rate
and ETA come from the bar's own estimator, and all drawing from its
display, like any other bar.
Failures are never hidden: the bar is closed where it stopped and the
exception goes on to the caller unchanged.
"""

from __future__ import annotations

import math
import os
import sys
import weakref
from typing import TYPE_CHECKING, Any, Optional

from .. import _hints as t
from .._core.checks import check_str
from .._core.closing import Closing
from .._core.options import forwarded_options
from .._progbar import Progbar

if TYPE_CHECKING:  # urllib.request pulls in http, email and ssl: imported on first download
    from types import TracebackType

__all__ = ["ReportHook", "bar_options", "reporthook", "urlretrieve"]


def bar_options(caller: str, options: dict[str, Any]) -> dict[str, Any]:
    """``options`` for the bars to come, checked now so a mistake raises at the user's call.

    The size comes from the transfer, so ``target`` and ``total`` are
    refused; ``units`` defaults to bytes.
    """
    checked = {"units": "bytes", **options}
    refused = {"target": "takes the size from the transfer", "total": "takes the size from it"}
    forwarded_options(f"{caller}()", checked, refused)
    return checked


MAX_SIZE = 2**63 - 1
"""The largest size a server may announce; past it (no file system holds that) it is unknown."""


def _check_block_arg(name: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {value!r} ({type(value).__name__})")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value!r}")
    return value


def _announced(total_size: int) -> Optional[int]:
    """The size the server announced, or None when it gave none or nonsense.

    ``Content-Length`` is untrusted input: urllib passes ``-5`` or a
    400-digit number straight on and downloads fine, so the hook must too.
    """
    if isinstance(total_size, bool) or not isinstance(total_size, int):
        raise TypeError(
            f"total_size must be an int, got {total_size!r} ({type(total_size).__name__})"
        )
    return total_size if 0 < total_size <= MAX_SIZE else None


def _urllib_count() -> Optional[int]:
    """The exact bytes ``urllib.request.urlretrieve`` has saved, when it is the hook's caller.

    urllib reports whole blocks of 8 KiB, and never how much of the last
    one arrived: the count the hook is given cannot tell a finished download
    from one that ends short inside its last block. urllib's own running
    total (its local ``read``, the number it compares with the announced
    size before raising ``ContentTooShortError``) can, so when the caller
    is that very function, its count is used.
    """
    request = sys.modules.get("urllib.request")
    code = getattr(getattr(request, "urlretrieve", None), "__code__", None)
    try:
        frame = sys._getframe(2)  # urllib -> ReportHook.__call__ -> here
    except ValueError:  # called from the top of a stack
        return None
    if code is None or frame.f_code is not code:
        return None
    read = frame.f_locals.get("read")
    return read if type(read) is int else None


class ReportHook(Closing):
    """urllib's ``reporthook(block_num, block_size, total_size)`` drawn as a Progbar.

    One hook shows one download. Reusing it for a second download (urllib
    starts again at ``block_num == 0``) raises ``RuntimeError`` unless
    ``reuse=True`` says that is meant, because a hook silently continuing
    the first bar would draw two files as one.

    A download is drawn complete only when every byte is known to be in:
    called by ``urllib.request.urlretrieve``, the hook reads urllib's exact
    count; called by other code, the last block (whose size the arguments
    do not tell) is counted only once the ``with`` block ends without an
    error. urllib never tells the hook that it stopped, so the line of a
    download of unknown size (or of one that failed) is finished when the
    hook is closed: by ``with``, by :meth:`close`, or when the hook is
    dropped, as a hook passed inline is once ``urlretrieve`` returns.

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
        self._last_block_in = False  # the block that reaches the size arrived, its length unknown
        # the fast path: the arguments of the last full call, and the first block it skips to
        self._block_size = 0
        self._total_size: object = None
        self._fast_end = 0

    def __call__(self, block_num: int, block_size: int, total_size: int) -> None:
        """Take one urllib report: ``block_num`` blocks of ``block_size`` bytes read so far."""
        if (
            type(block_num) is int
            and self._last_block < block_num < self._fast_end
            and block_size is self._block_size
            and total_size is self._total_size
        ):
            # the common call: the very size objects of the last full call (urllib passes
            # its two locals), and a count the bar would only store (see _plan_fast); the
            # bar reads it through _bytes_in. Any other call is checked in full.
            self._last_block = block_num
            return
        self._settle()
        _check_block_arg("block_num", block_num, 0)
        _check_block_arg("block_size", block_size, 0)
        total = _announced(total_size)
        if self.bar is None or block_num == 0 or block_num < self._last_block:
            self._start(total)
        elif total is not None and total != self._total:  # the latest known size wins
            self._total = total
            self.bar.target = total
        self._last_block = block_num
        if self._ended or self.bar is None:
            return
        exact = _urllib_count()
        count = block_num * block_size if exact is None else exact
        if self._total is not None and count >= self._total:
            if exact is None:  # the last block is counted whole: how much of it came is unknown
                self._last_block_in = True
                count = min((block_num - 1) * block_size, self._total - 1)
            else:
                count = self._total
        done = self._total is not None and count >= self._total
        self.bar.update(count)  # finalizes itself exactly when done: count reached the size
        self._ended = done
        if not done and count == block_num * block_size:  # the count the fast path computes
            self._plan_fast(block_size, total_size)

    def _plan_fast(self, block_size: int, total_size: int) -> None:
        """Let the next calls with these sizes only store their block while the bar would.

        The bar stores any count below its :meth:`~BarState._quiet_below`
        without reading the clock; the blocks whose bytes stay below it are
        exactly those calls. Those never reach the size, so the last block's
        questions (how much of it came) are always asked by a full call.
        """
        bar = self.bar
        if bar is None or block_size <= 0:
            return
        limit = bar._quiet_below()
        if not limit > 0:  # -inf: the bar looks at its clock at every call (interval 0)
            return
        if type(limit) is not int:
            limit = math.ceil(limit) if limit < math.inf else MAX_SIZE
        self._block_size, self._total_size = block_size, total_size
        self._fast_end = -(-limit // block_size)  # blocks b with b * block_size < limit

    def _settle(self) -> None:
        """End the fast path until planned again, handing its count to the bar first."""
        if self._fast_end:
            count = self._bytes_in()
            self._fast_end = 0
            bar = self.bar
            if count and bar is not None and not bar.closed:
                bar.update(count)  # still below the bar's quiet limit: only stored

    def _bytes_in(self) -> float:
        """For the bar's draws: bytes of the last block the fast path stored (0: none)."""
        block = self._last_block
        return block * self._block_size if block < self._fast_end else 0

    def _start(self, total: Optional[int]) -> None:
        if self.bar is not None:
            if not self._reuse:
                raise RuntimeError(
                    "this reporthook already showed a download; make a fresh "
                    "progbar.reporthook() for each download, or pass reuse=True"
                )
            self.bar.close()
        self.bar = Progbar(total, **self._options)
        ref = weakref.ref(self)  # the bar must not keep a dropped hook alive (see __del__)

        def bytes_in() -> float:
            hook = ref()
            return 0 if hook is None else hook._bytes_in()

        self.bar._follow(bytes_in)
        self._total = total
        self._ended = False
        self._last_block_in = False

    def close(self, saved: Optional[int] = None) -> None:
        """End the bar where it stands (complete only if every byte arrived); idempotent.

        Args:
            saved: the exact bytes saved, when the caller knows them. urllib
                only reports whole blocks, so without a size its count is
                rounded up to the block; this puts the last line right.
        """
        self._settle()
        if self.bar is not None:
            if saved is not None and not self._ended and saved != self.bar.current:
                self.bar.update(saved, finalize=True)
            self.bar.close()
            self._ended = True

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        """Close; a ``with`` block that ran to its end without an error saw every byte arrive."""
        if exc_type is None and self._last_block_in and not self._ended:
            self.close(self._total)
        else:
            self.close()

    def __del__(self) -> None:
        """A hook passed inline is dropped when ``urlretrieve`` returns: end its line then."""
        try:
            if not self._ended and self.bar is not None:
                self.close()
        except Exception:  # at interpreter shutdown, or a half-made hook: nothing to end
            pass


def reporthook(*, reuse: bool = False, **options: t.Unpack[t.BarOptions]) -> t.ReportHook:
    """A progress bar for ``urllib.request.urlretrieve(url, path, reporthook=...)``.

    Args:
        reuse: allow one hook to show several downloads, one bar each.
        **options: Progbar keywords (``description``, ``units``, ``file``, ...).

    Returns:
        A callable hook; also a context manager that closes its bar.
    """
    return ReportHook(reuse=reuse, **options)


def urlretrieve(
    url: str,
    filename: t.Union[str, t.PathLike[str], None] = None,
    data: t.Optional[bytes] = None,
    **options: t.Unpack[t.BarOptions],
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
        # the bound method: CPython calls it faster than an object with __call__
        result = urllib.request.urlretrieve(url, filename, hook.__call__, data)
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
