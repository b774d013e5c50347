"""Capture while live: ``sys.stdout`` and ``sys.stderr`` text goes above the live rows.

While a region is drawn in place on a terminal, anything else written to
that terminal would land on the bars' rows (``print``, a logging handler,
``warnings``, a traceback), and the next redraw would erase it. So while a
region is live, :func:`engage` puts a :class:`CapturedStream` in place of
``sys.stdout`` and ``sys.stderr`` (and of the streams that logging handlers
made earlier hold), which hands each *whole* line to the screen of its
device, and the screen prints it above the region in the same write as the
redraw. A partial line (``print(..., end="")``, or ``print``'s text before
its newline, which it writes in a second call) waits per thread for its
newline, so lines from several threads are never glued or mixed.

For everything else the proxy is the stream itself: ``fileno()``,
``isatty()``, ``encoding``, ``buffer`` (bytes written there directly are not
captured: see docs/capture.md). Text for a device with no live region goes
straight through. :func:`release` restores everything once no region is live,
writing out any partial line first; the owner calls it at exit too.
``PROGBAR_CAPTURE=0`` or :func:`set_capture` turns capture off for the process.

The proxy never holds its lock while handing lines on: a warning raised
under a screen's lock may write to ``sys.stderr`` again from the same thread.
"""

from __future__ import annotations

import os
import sys
from _thread import RLock, get_ident

from .screen import screens_on

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Optional, TextIO

__all__ = ["CapturedStream", "engage", "engaged", "release", "reset_after_fork", "set_capture"]

_lock = RLock()
_installed: dict[str, CapturedStream] = {}  # "stdout"/"stderr" -> the proxy put in its place
_handlers: list[tuple[object, object]] = []  # (logging handler, the stream it held before)
_setting: list[Optional[bool]] = [None]  # set_capture()'s choice; None: PROGBAR_CAPTURE decides


def set_capture(enabled: bool) -> None:
    """Turn capture on or off for the process (``PROGBAR_CAPTURE=0`` is the same as False).

    Turning it off releases what is captured now; lines written meanwhile
    may then land on a live bar's row, as they would without progbar.

    Args:
        enabled: whether text written while bars are live goes above them.

    Raises:
        TypeError: ``enabled`` is not a bool.
    """
    if not isinstance(enabled, bool):
        raise TypeError(f"set_capture() takes a bool for enabled, got {type(enabled).__name__}")
    _setting[0] = enabled
    if not enabled:
        release()


def _wanted() -> bool:
    setting = _setting[0]
    if setting is not None:
        return setting
    return os.environ.get("PROGBAR_CAPTURE", "1").strip().lower() not in ("0", "false", "no", "off")


class CapturedStream:
    """Stands in for a text stream: whole lines go above the live rows of its device.

    Args:
        original: the stream it stands for (``sys.stdout`` or ``sys.stderr``).
    """

    def __init__(self, original: TextIO, *, active: bool = True) -> None:
        self._original = original
        self._pending: dict[int, str] = {}  # thread -> its partial line
        self._lock = RLock()
        self.active = active  # False once released: a stream held since then passes through

    @property
    def original(self) -> TextIO:
        """The stream this proxy stands for."""
        return self._original

    def write(self, text: str) -> int:
        """Hand whole lines on; keep this thread's partial line until its newline."""
        if not self.active or type(text) is not str:  # released, or the stream's own error
            if self._pending:
                self._release_pending()
            return self._original.write(text)
        me = get_ident()
        with self._lock:
            head, newline, tail = (self._pending.pop(me, "") + text).rpartition("\n")
            if tail:  # after any partial line a signal handler printed meanwhile (reentrant lock)
                self._pending[me] = tail + self._pending.get(me, "")
        if newline:
            self._emit(head)
        return len(text)

    def writelines(self, lines: object) -> None:
        """As ``TextIOBase.writelines``: each piece through :meth:`write`."""
        for line in lines:  # type: ignore[attr-defined]
            self.write(line)

    def flush(self) -> None:
        """Flush the stream, and show this thread's partial line now.

        While rows are live, a partial line flushed on purpose (progress dots,
        a prompt) goes above them as a line of its own, as rich's ``Live``
        does: the cursor belongs to the rows. Text made only of escape
        sequences (a window title, a bell) goes straight through: it draws
        nothing. Other threads' partial lines keep waiting for their newline.
        """
        if not self.active or not self._live():
            self._release_pending()
        else:
            with self._lock:
                text = self._pending.pop(get_ident(), "")
            if text and _draws_nothing(text):
                self._original.write(text)
            elif text:
                self._emit(text)
        try:  # noqa: SIM105  # not contextlib: one import less
            self._original.flush()
        except Exception:  # a closed stream: the user's own writes meet it
            pass

    def _live(self) -> bool:
        return any(s.region_live() for s in screens_on(self._original))

    def _emit(self, text: str) -> None:
        """Lines (without the last newline) above the live rows, or straight through."""
        for screen in screens_on(self._original):
            if screen.write_above(text):
                return
        self._original.write(text + "\n")

    def _release_pending(self) -> None:
        """Write out every thread's partial line (capture ends, or nothing is live)."""
        with self._lock:
            pending, self._pending = self._pending, {}
        for text in pending.values():
            self._original.write(text)

    def _forget_pending(self) -> None:
        """In a forked child: the parent's partial lines are the parent's to write."""
        self._lock = RLock()
        self._pending = {}

    def __getattr__(self, name: str) -> object:
        return getattr(self._original, name)


def _draws_nothing(text: str) -> bool:
    """Whether ``text`` is only escape sequences and controls (nothing lands on a cell)."""
    import re  # only a flushed partial line under live rows comes here

    bare = re.sub(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|.)", "", text)
    return not any(ch.isprintable() for ch in bare)


def engaged() -> bool:
    """Whether ``sys.stdout``/``sys.stderr`` are captured now."""
    return bool(_installed)


def engage() -> None:
    """Capture ``sys.stdout``, ``sys.stderr`` and console logging handlers holding them.

    Called at the start of every region: idempotent, and a stream put in
    place since the last call (``contextlib.redirect_stdout``) is captured too.
    """
    if not _wanted():
        return
    with _lock:
        took = False
        for name in ("stdout", "stderr"):
            stream = getattr(sys, name)
            if stream is None or isinstance(stream, CapturedStream):
                continue  # not there, or ours already
            proxy = CapturedStream(stream)  # a stream put there since (redirect_stdout): it too
            setattr(sys, name, proxy)
            _installed[name] = proxy
            took = True
        if took:
            _take_handlers()


def release() -> None:
    """Put the real streams back (where nobody replaced ours since), partial lines written."""
    with _lock:
        installed = dict(_installed)
        _installed.clear()
        handlers = list(_handlers)
        _handlers.clear()
    for handler, stream in handlers:
        if isinstance(getattr(handler, "stream", None), CapturedStream):
            _set_stream(handler, stream)
    for name, proxy in installed.items():
        proxy.active = False
        if getattr(sys, name) is proxy:
            setattr(sys, name, proxy.original)
        try:  # noqa: SIM105  # not contextlib: this may run at interpreter exit
            proxy._release_pending()
        except Exception:  # a closed stream: nothing more to write
            pass


def reset_after_fork() -> None:
    """In a forked child: fresh locks, and the parent's partial lines dropped."""
    global _lock
    _lock = RLock()
    for proxy in _installed.values():
        proxy._forget_pending()
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if isinstance(stream, CapturedStream) and stream not in _installed.values():
            stream._forget_pending()


def _take_handlers() -> None:
    """Logging handlers made before the bars hold the real stream: point them at the proxy."""
    logging = sys.modules.get("logging")
    if logging is None:  # never imported: no handler can exist
        return
    originals = {id(p.original): p for p in _installed.values()}
    if not originals:
        return
    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    handlers = [h for lg in loggers for h in getattr(lg, "handlers", ())]
    if logging.lastResort is not None:
        handlers.append(logging.lastResort)
    for handler in handlers:
        stream = getattr(handler, "stream", None)
        proxy = originals.get(id(stream))
        if proxy is not None and isinstance(handler, logging.StreamHandler):
            _set_stream(handler, proxy)
            _handlers.append((handler, stream))


def _set_stream(handler: object, stream: object) -> None:
    """``handler.setStream(stream)``, which takes the handler's lock; never raises."""
    try:  # noqa: SIM105  # not contextlib: one import less
        handler.setStream(stream)  # type: ignore[attr-defined]
    except Exception:  # a handler that refuses: it keeps its stream
        pass
