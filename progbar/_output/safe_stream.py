"""Writing to a stream that may fail: closed, broken pipe, full disk, bad encoding.

A progress bar must never be the reason a job dies, so every byte the
library writes goes through :class:`StreamWriter`.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Optional, TextIO

__all__ = [
    "StreamWriter",
    "reset_writers_after_fork",
    "user_stacklevel",
    "warn_internal",
    "writer_for",
]

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep  # progbar/

TRANSIENT_WAIT = 0.05
"""Seconds a frame waits for a full non-blocking stream before it is skipped."""


class StreamWriter:
    """Writes to a text stream and survives it: closed, broken pipe, full disk, bad encoding.

    A permanent failure (a closed stream, a broken pipe, a full disk) stops
    the writing and warns once, so a progress bar can never be the reason a
    job dies. A stream that is only momentarily full (a non-blocking pipe or
    terminal answering ``EAGAIN``) is waited for briefly, then the frame is
    skipped and drawing goes on once the stream takes bytes again: a later
    frame redraws the whole line anyway. A stream that only cannot encode
    some characters keeps working, with those characters replaced: a bar
    with ``?`` in it is more use than no bar.

    The user's own buffered output is flushed before each frame is written,
    so the bytes a failure leaves behind are known to be ours alone; only
    those are ever dropped (see :meth:`_drain`).

    Args:
        stream: where to write; None (``sys.stdout`` under ``pythonw``)
            writes nothing.
    """

    def __init__(self, stream: Optional[TextIO]) -> None:
        self.stream = stream
        self.broken = stream is None
        self._encoding: Optional[str] = None  # set once the stream refused a character
        self._blocked = False  # the stream answered EAGAIN and has not taken bytes since

    def write(self, text: str) -> None:
        """Write and flush ``text``; skip it while the stream is full; nothing once it failed."""
        if self.broken:
            return
        if self._encoding is not None:
            text = text.encode(self._encoding, "replace").decode(self._encoding, "replace")
        # the user's own buffered bytes go first: a failure now is theirs, and never drained
        if self._flush(ours=False):
            self._put(text)

    def _put(self, text: str) -> None:
        try:
            self.stream.write(text)  # type: ignore[union-attr]  # None is broken from the start
        except UnicodeEncodeError as exc:
            if self._encoding is None:
                self._start_replacing(text, exc)
            else:  # refused even the replaced text: a stream that lies about its encoding
                self._fail(exc, ours=True)
            return
        except BlockingIOError:  # full: what was taken stays buffered and goes out later
            self._blocked = True
            return
        except Exception as exc:  # any stream, even a user's odd one: never raise into the loop
            if not _transient(exc):
                self._fail(exc, ours=True)
            return
        self._flush(ours=True)

    def _flush(self, *, ours: bool) -> bool:
        """Flush the stream; True once it took everything.

        ``EAGAIN`` is not a failure: the bytes stay in Python's buffer. The
        first time in a row, the stream is given a moment to take them; after
        that each frame only tries once, so a stalled reader never slows the
        loop down.
        """
        waited = self._blocked
        while True:
            try:
                self.stream.flush()  # type: ignore[union-attr]
            except BlockingIOError:
                if waited or not self._wait_writable():
                    self._blocked = True
                    return False
                waited = True
                continue
            except Exception as exc:  # closed, broken pipe, full disk, a user's odd stream
                if not _transient(exc):
                    self._fail(exc, ours=ours)
                return False
            self._blocked = False
            return True

    def _wait_writable(self) -> bool:
        """Wait up to :data:`TRANSIENT_WAIT` seconds for the descriptor to take bytes."""
        try:
            import select  # only a full non-blocking stream comes here

            fd = self.stream.fileno()  # type: ignore[union-attr]
            return bool(select.select([], [fd], [], TRANSIENT_WAIT)[1])
        except Exception:  # no descriptor, or select refuses it: do not wait
            return False

    def _start_replacing(self, text: str, exc: UnicodeEncodeError) -> None:
        """Switch to replacing what the stream cannot encode, warn once, and retry."""
        self._encoding = getattr(self.stream, "encoding", None) or exc.encoding or "ascii"
        _warn(
            f"progbar: the output stream cannot encode {exc.object[exc.start : exc.end]!r} "
            f"({self._encoding}); such characters are shown as '?'"
        )
        try:
            codecs_ok = text.encode(self._encoding, "replace").decode(self._encoding, "replace")
        except LookupError:  # an encoding name Python does not know
            self._encoding = "ascii"
            codecs_ok = text.encode("ascii", "replace").decode("ascii")
        self._put(codecs_ok)

    def _fail(self, exc: BaseException, *, ours: bool) -> None:
        self.broken = True
        if ours and isinstance(exc, OSError):
            self._drain()
        _warn(f"progbar: output disabled after a write error: {exc!r}")

    def _drain(self) -> None:
        """Drop bytes of ours still buffered for a dead stream.

        Otherwise the interpreter's final flush of ``sys.stdout`` (or the
        user's ``close()``) would hit the same error again and turn a clean
        ``script | head -1`` into exit status 120. Only called when the
        buffer was flushed empty just before our frame went in, so the bytes
        dropped are the frame's and never the user's. The file descriptor is
        pointed at ``os.devnull`` only for that one flush and then restored,
        so the user's own later writes behave exactly as without progbar.
        """
        stream = self.stream
        try:
            stream.flush()  # type: ignore[union-attr]
            return  # nothing was left behind
        except Exception:  # still failing: drain below
            pass
        try:
            fd = stream.fileno()  # type: ignore[union-attr]
            saved = os.dup(fd)
        except Exception:  # no descriptor (a Python-level stream): nothing more we can do
            return
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(null, fd)
            finally:
                os.close(null)
            try:  # noqa: SIM105  # not contextlib: nothing to import here, even at shutdown
                stream.flush()  # type: ignore[union-attr]
            except Exception:  # the bytes are dropped, as intended
                pass
        except OSError:
            pass
        finally:
            try:  # noqa: SIM105
                os.dup2(saved, fd)
            except OSError:
                pass
            os.close(saved)


def _transient(exc: BaseException) -> bool:
    """Whether a write error passes: this frame is skipped, the next one is written.

    A stream error is permanent only when it is: a broken pipe, a closed
    file, a full disk. Python's "reentrant call" (a signal handler drawing
    while the main thread is inside a write to a slow terminal), ``EAGAIN``
    and ``EINTR`` say only "not now": treating them as permanent would
    silence the program's own later output.
    """
    if isinstance(exc, (BlockingIOError, InterruptedError)):
        return True
    if isinstance(exc, RuntimeError):
        return "reentrant" in str(exc)
    import errno

    return isinstance(exc, OSError) and exc.errno in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EINTR)


_writers: dict[int, tuple[object, StreamWriter]] = {}  # id(stream) -> (weak ref, its writer)


def writer_for(stream: Optional[TextIO]) -> StreamWriter:
    """The one writer of ``stream``: every display, ``write()`` and header shares it.

    One writer per stream means one judgement of it: once it failed for good,
    nothing of ours writes to it again, whoever asks. Held weakly: a writer
    lives as long as its stream.
    """
    if stream is None:
        return StreamWriter(None)
    key = id(stream)
    held = _writers.get(key)
    if held is not None and held[0]() is stream:  # type: ignore[operator]
        return held[1]
    writer = StreamWriter(stream)
    from _weakref import ref

    try:
        weak = ref(stream, lambda _, key=key, held=_writers: held.pop(key, None))  # type: ignore[misc]
    except TypeError:  # a stream that takes no weak reference: its own writer each time
        return writer
    _writers[key] = (weak, writer)
    return writer


def reset_writers_after_fork() -> None:
    """In a forked child: writers hold no lock, but a child judges its streams afresh."""
    _writers.clear()


def warn_internal(exc: BaseException) -> None:
    """Report an error inside progbar's own drawing, which then stops drawing.

    Unlike a stream fault this is a bug (or an absurd value), so the warning
    names where it happened and is not suppressed: under ``-W error`` it
    raises, so test suites still see it.
    """
    import traceback  # here, not at import: it pulls in linecache and tokenize
    import warnings

    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    warnings.warn(
        f"progbar: display disabled after an internal error{where}: {exc!r}",
        RuntimeWarning,
        stacklevel=user_stacklevel(2),
    )


def _warn(message: str) -> None:
    """Warn at the user's line; never raise, even when warnings are made errors."""
    try:
        import warnings  # here, as on every rare path: import progbar stays cheap

        warnings.warn(message, RuntimeWarning, stacklevel=user_stacklevel(2))
    except (Warning, ImportError):  # -W error, or an import at interpreter shutdown
        pass


def user_stacklevel(start: int = 1) -> int:
    """The ``stacklevel`` that points a warning at the first frame outside progbar.

    Args:
        start: where to start looking, as a stacklevel seen by the caller
            (1 = the caller itself, 2 = its caller).
    """
    level = start
    frame = sys._getframe(start)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    return level
