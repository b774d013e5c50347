"""Copy one file descriptor to another as fast as the kernel allows, reporting the count.

No Python objects per byte: ``os.copy_file_range`` between regular files
(the file system may share the blocks), ``os.sendfile`` from a regular file, ``os.splice``
when either side is a pipe (Linux), else ``readinto`` a fixed buffer and
``os.write`` from it. The fast paths fall back to the plain loop when the
kernel refuses them (``EINVAL``: a descriptor of a kind it cannot use).

Either descriptor may be non-blocking, and may become so in the middle of
the copy (the flag lives on the open file description, which a producer or
a shell shares): "no data now" (``EAGAIN``, a ``None`` read) is never taken
for the end of the input; the loop waits with ``poll`` until a side is ready.
Only a read of 0 bytes is the end.
"""

from __future__ import annotations

import errno
import os
import select
import stat
import sys
from contextlib import suppress

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Callable, Optional

__all__ = ["BUFFER", "copy_fd", "method_for", "regular_size"]

BUFFER = 1 << 20
"""Bytes per read and per kernel call: large enough that the bar costs nothing per chunk."""
_KERNEL_CHUNK = 8 << 20
_FALLBACK = frozenset({errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV, errno.EBADF})


def regular_size(fd: int) -> Optional[int]:
    """Bytes left to read from ``fd`` when it is a regular file, else None (pipes, terminals)."""
    try:
        info = os.fstat(fd)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    try:
        position = os.lseek(fd, 0, os.SEEK_CUR)
    except OSError:
        position = 0
    return max(info.st_size - position, 0)


def _kind(fd: int) -> str:
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        return "other"
    if stat.S_ISREG(mode):
        return "file"
    return "pipe" if stat.S_ISFIFO(mode) else "other"


def method_for(src: int, dst: int, platform: Optional[str] = None) -> str:
    """The fastest copy these descriptors allow.

    One of ``"copy_file_range"``, ``"sendfile"``, ``"splice"`` or ``"readwrite"``.
    """
    if (platform or sys.platform) != "linux" or not (os.get_blocking(src) and os.get_blocking(dst)):
        return "readwrite"  # a non-blocking side would make the kernel calls spin on EAGAIN
    if _kind(src) == "file" and _kind(dst) == "file" and hasattr(os, "copy_file_range"):
        return "copy_file_range"
    if _kind(src) == "file" and hasattr(os, "sendfile"):
        return "sendfile"
    if "pipe" in (_kind(src), _kind(dst)) and hasattr(os, "splice"):
        return "splice"
    return "readwrite"


def grow_pipes(*fds: int) -> None:
    """Ask for 1 MiB pipe buffers (Linux): 16 times fewer kernel calls than the default 64 KiB."""
    import fcntl

    setsz = getattr(fcntl, "F_SETPIPE_SZ", None)
    for fd in fds:
        if setsz is not None and _kind(fd) == "pipe":
            with suppress(OSError):  # above /proc/sys/fs/pipe-max-size: keep the default
                fcntl.fcntl(fd, setsz, BUFFER)


def wait_ready(src: int, dst: int) -> None:
    """Block until ``src`` has data (or its end) and ``dst`` has room: after ``EAGAIN``, never spin.

    Both sides are waited for, one after the other: an ``EAGAIN`` from
    ``splice`` does not say which side was not ready. A regular file is
    always ready; a side that failed (hung up, error) is ready too, so the
    next call reports the end or the error instead of waiting for ever.
    """
    _wait_one(src, readable=True)
    _wait_one(dst, readable=False)


def _wait_one(fd: int, readable: bool) -> None:
    poll = getattr(select, "poll", None)
    if poll is None:  # Windows: no non-blocking pipes to wait for there
        return
    poller = poll()
    poller.register(fd, select.POLLIN if readable else select.POLLOUT)
    poller.poll()  # POLLHUP/POLLERR/POLLNVAL also end the wait


def copy_fd(src: int, dst: int, report: Callable[[int], None], method: Optional[str] = None) -> int:
    """Copy ``src`` to ``dst`` until end of file; ``report(total)`` after each chunk.

    Returns the bytes copied. Errors (``BrokenPipeError`` when the reader
    left, ``OSError`` for a disk or device fault) propagate to the caller,
    after ``report`` has seen every byte that went through.
    """
    method = method or method_for(src, dst)
    done: Optional[int] = None
    if method in ("sendfile", "copy_file_range"):
        done = _from_file(src, dst, report, method)
    elif method == "splice":
        done = _splice(src, dst, report)
    return _readwrite(src, dst, report) if done is None else done


def _from_file(src: int, dst: int, report: Callable[[int], None], method: str) -> Optional[int]:
    """None when the kernel refuses before the first byte (the caller falls back)."""
    try:
        offset = os.lseek(src, 0, os.SEEK_CUR)
    except OSError:
        return None
    start, total = offset, 0
    while True:
        try:
            if method == "sendfile":
                sent = os.sendfile(dst, src, offset, _KERNEL_CHUNK)
            else:  # the destination's own offset moves, as with write()
                sent = os.copy_file_range(src, dst, _KERNEL_CHUNK, offset)
        except BlockingIOError:  # a non-blocking destination is full: wait, then go on
            wait_ready(src, dst)
            continue
        except OSError as exc:
            if total == 0 and exc.errno in _FALLBACK:
                if method == "copy_file_range":  # another file system: sendfile still works
                    return _from_file(src, dst, report, "sendfile")
                return None
            raise
        if sent == 0:
            break
        offset += sent
        total += sent
        report(total)
    os.lseek(src, start + total, os.SEEK_SET)  # leave the offset where a read() would
    return total


def _splice(src: int, dst: int, report: Callable[[int], None]) -> Optional[int]:
    total = 0
    while True:
        try:
            moved = os.splice(src, dst, BUFFER)
        except BlockingIOError:  # no data now, or no room now: neither is the end
            wait_ready(src, dst)
            continue
        except OSError as exc:
            if total == 0 and exc.errno in _FALLBACK:
                return None
            raise
        if moved == 0:
            return total
        total += moved
        report(total)


def _readwrite(src: int, dst: int, report: Callable[[int], None]) -> int:
    total = 0
    buffer = bytearray(BUFFER)
    view = memoryview(buffer)
    with open(src, "rb", buffering=0, closefd=False) as reader:
        while True:
            got = reader.readinto(buffer)
            if got is None:  # a non-blocking input with nothing in it yet: not the end
                wait_ready(src, dst)
                continue
            if not got:
                return total
            _write_all(dst, view[:got])
            total += got
            report(total)


def _write_all(dst: int, data: memoryview) -> None:
    done = 0
    while done < len(data):
        try:
            done += os.write(dst, data[done:])
        except BlockingIOError:  # a non-blocking output that is full: wait for room
            _wait_one(dst, readable=False)
