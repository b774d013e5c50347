"""Progress from other processes: ``bar.share()`` and the handle workers count with.

Loaded on the first ``share()``, never by ``import progbar``: sockets,
threads and ``hmac`` cost nothing to programs that do not share a bar.
Modules: ``wire`` (the bytes), ``server`` (the parent's thread), ``served``
(the parent's record of each bar), ``channel`` (the worker's batching and
connection), ``handle`` (the picklable object users hold).
"""

from __future__ import annotations

import os
import weakref

from .._core.checks import show
from .channel import box_for
from .handle import Handle, Task
from .server import server

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Optional, Union

    from .._progbar import Progbar

__all__ = ["Handle", "Task", "share"]

LOOPBACK = ("127.0.0.1", 0)
_keys: weakref.WeakKeyDictionary[Progbar, bytes] = weakref.WeakKeyDictionary()
"""The key each shared bar was first shared with (a bar that is gone frees its entry)."""


def share(
    bar: Progbar, *, address: Optional[tuple[str, int]] = None, key: Optional[bytes] = None
) -> Handle:
    """Serve ``bar`` to other processes and return the handle they advance it with.

    Args:
        bar: the bar that worker counts fold into.
        address: ``(host, port)`` to listen on; None is an unused port on
            127.0.0.1 (only this machine). Give a public interface and port
            explicitly for workers on other machines (a Dask or Ray cluster).
        key: the secret a worker must prove (at least 16 bytes); None draws 32
            random bytes. One key serves one bar.

    Raises:
        TypeError: ``address`` or ``key`` has the wrong type.
        ValueError: ``key`` is too short or already serves another bar.
        OSError: nothing can listen on ``address``.
    """
    address = _check_address(address)
    if key is None:  # sharing again reuses the key: one box per worker, one entry served
        key = _keys.get(bar) or os.urandom(32)
    elif not isinstance(key, bytes):
        raise TypeError(f"share(): key must be bytes, got {show(key)}")
    elif len(key) < 16:
        raise ValueError(f"share(): key must be at least 16 bytes, got {len(key)}")
    advertised = server().serve(bar, key, address)
    _keys.setdefault(bar, key)
    add = weakref.WeakMethod(bar.add)  # the handle must not keep the bar alive

    def fold(n: Union[int, float]) -> None:  # the parent's own handle adds directly
        method = add()
        if method is not None:
            method(n)

    return Handle._attached(box_for(advertised, key, local=fold))


def _check_address(address: object) -> tuple[str, int]:
    if address is None:
        return LOOPBACK
    if (
        not isinstance(address, tuple)
        or len(address) != 2
        or not isinstance(address[0], str)
        or type(address[1]) is not int
    ):
        raise TypeError(f"share(): address must be a (host, port) tuple, got {show(address)}")
    if not 0 <= address[1] <= 65535:
        raise ValueError(f"share(): address port must be in 0..65535, got {address[1]}")
    return address
