"""Progress you can follow from elsewhere: ``progbar.serve()``, the live web view.

Loaded by the first ``progbar.serve()``, or by the first bar when
``PROGBAR_SERVE`` is set; never by ``import progbar``. Modules: ``registry``
(every bar of the process, weakly held), ``web`` (the HTTP server, its
frames and streams), ``page`` (the one HTML file).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import sys
import threading

from .. import _hints as t
from .._core.checks import show
from .._new_bars import BAR_HOOKS
from .registry import Registry
from .web import WebView

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from .._progbar import Progbar

__all__ = ["WebView", "serve", "serve_from_environment"]

DEFAULT_ADDRESS = ("127.0.0.1", 0)
_lock = threading.Lock()
_running: list[WebView] = []  # this process's server while it runs


def parse_address(value: object, caller: str = "serve()") -> tuple[str, int]:
    """``"HOST:PORT"`` (``"[::1]:PORT"``, ``":PORT"``, ``"PORT"``) or ``(host, port)``, checked.

    >>> parse_address("127.0.0.1:8000"), parse_address("[::1]:0"), parse_address("9000")
    (('127.0.0.1', 8000), ('::1', 0), ('127.0.0.1', 9000))

    Raises:
        TypeError: not a string or a ``(str, int)`` pair.
        ValueError: no port number in 0..65535.
    """
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
        host, port = value
    elif isinstance(value, str):
        text = value.strip()
        host, sep, port_text = text.rpartition(":")
        if not sep:
            host = ""
        host = host.strip("[]") or DEFAULT_ADDRESS[0]
        if not port_text.isdigit():
            raise ValueError(f"{caller} address must be HOST:PORT, got {show(value)}")
        port = int(port_text)
    else:
        raise TypeError(f"{caller} address must be a 'HOST:PORT' string, got {show(value)}")
    if type(port) is not int or not 0 <= port <= 65535:
        raise ValueError(f"{caller} address port must be in 0..65535, got {show(port)}")
    return host, port


def serve(address: t.Union[str, tuple[str, int]] = "127.0.0.1:0") -> WebView:
    """Serve a live web page of every bar of this process, and print its address.

    The page (and ``bars.json``, and the ``events`` stream it reads) is at
    ``server.url``, which holds a random token: a request without it gets
    403. It stops by itself two seconds after the last bar ended (finished or
    closed), or at :meth:`~WebView.stop`; it never keeps the program alive.
    One server per process: a second call returns the running one.

    Args:
        address: ``"HOST:PORT"`` to listen on; the default is a free port on
            127.0.0.1 (this machine only). Another host (``"0.0.0.0:8000"``)
            lets other machines in: anyone holding the URL sees the bars.

    Returns:
        The server: ``server.url`` (token included) and ``server.stop()``.

    Raises:
        TypeError, ValueError: ``address`` is not ``HOST:PORT``.
        OSError: nothing can listen on ``address``.
    """
    host_port = parse_address(address)
    with _lock:
        if _running and not _running[0].stopped:
            return _running[0]
        _running.clear()  # one stopping: its own end unhooks it
        registry = Registry()
        view = WebView(registry, host_port, secrets.token_urlsafe(24), _unhook)
        _running.append(view)
        BAR_HOOKS.append(registry.add)
    _announce(view)
    return view


def _announce(view: WebView) -> None:
    from .._output.printing import write

    with contextlib.suppress(Exception):  # a closed stderr must not stop the serving
        write(f"progbar: the bars of this process are at {view.url}", file=sys.stderr)


def _unhook(view: WebView) -> None:
    """``view`` stopped: new bars are no longer recorded for it."""
    with _lock:
        if view in _running:
            _running.remove(view)
    hook = view.registry.add
    if hook in BAR_HOOKS:
        BAR_HOOKS.remove(hook)


def serve_from_environment(bar: Progbar, value: str) -> None:
    """``PROGBAR_SERVE`` was set when the first bar was made: serve, and show ``bar`` too.

    ``1``/``true`` serve on the default address, ``HOST:PORT`` there;
    ``0``/``false`` do nothing. A bad value warns once; the bar goes on.
    """
    text = value.strip()
    if text.lower() in ("", "0", "false", "no", "off"):
        return
    try:
        view = serve("127.0.0.1:0" if text.lower() in ("1", "true", "yes", "on") else text)
    except Exception as exc:  # the bar being made must not fail for its web view
        import warnings

        with contextlib.suppress(Warning):  # -W error: still not into the user's code
            warnings.warn(f"progbar: PROGBAR_SERVE={value!r}: {exc}", RuntimeWarning, stacklevel=4)
        return
    view.registry.add(bar)


def _stop_at_exit() -> None:
    """The last frame reaches the pages before the interpreter ends."""
    for view in list(_running):
        view.stop(timeout=0.5)


def _after_fork_in_child() -> None:
    global _lock
    _lock = threading.Lock()
    _running.clear()  # its threads stayed in the parent
    BAR_HOOKS[:] = [h for h in BAR_HOOKS if not isinstance(getattr(h, "__self__", None), Registry)]


atexit.register(_stop_at_exit)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
