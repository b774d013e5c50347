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

__all__ = ["StreamWriter", "user_stacklevel", "warn_internal"]

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep  # progbar/


class StreamWriter:
    """Writes to a text stream and survives it: closed, broken pipe, full disk, bad encoding.

    After the first failure it stops writing and warns once, so a progress
    bar can never be the reason a job dies. A stream that only cannot
    encode some characters keeps working, with those characters replaced:
    a bar with ``?`` in it is more use than no bar.

    Args:
        stream: where to write; None (``sys.stdout`` under ``pythonw``)
            writes nothing.
    """

    def __init__(self, stream: Optional[TextIO]) -> None:
        self.stream = stream
        self.broken = stream is None
        self._encoding: Optional[str] = None  # set once the stream refused a character

    def write(self, text: str) -> None:
        """Write and flush ``text``, or do nothing if the stream has failed."""
        if self.broken:
            return
        if self._encoding is not None:
            text = text.encode(self._encoding, "replace").decode(self._encoding, "replace")
        try:
            self.stream.write(text)  # type: ignore[union-attr]  # None is broken from the start
            self.stream.flush()  # type: ignore[union-attr]
        except UnicodeEncodeError as exc:
            self._start_replacing(text, exc)
        except Exception as exc:  # any stream, even a user's odd one: never raise into the loop
            self._fail(exc)

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
        try:
            self.stream.write(codecs_ok)  # type: ignore[union-attr]
            self.stream.flush()  # type: ignore[union-attr]
        except Exception as again:
            self._fail(again)

    def _fail(self, exc: BaseException) -> None:
        self.broken = True
        if isinstance(exc, OSError):
            self._drain()
        _warn(f"progbar: output disabled after a write error: {exc!r}")

    def _drain(self) -> None:
        """Drop bytes of ours still buffered for a dead stream.

        Otherwise the interpreter's final flush of ``sys.stdout`` (or the
        user's ``close()``) would hit the same error again and turn a clean
        ``script | head -1`` into exit status 120. The file descriptor is
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
