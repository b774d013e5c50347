"""``progbar.integrations.requests``: a response body read with its bar.

``for chunk in iter_content(requests.get(url, stream=True)):`` is
``response.iter_content()`` with a bar counting the bytes that came over the
wire (``response.raw.tell()``): a gzip-encoded body counts its compressed
bytes and has no total (its decoded size is unknown), a plain one counts to
``Content-Length``, a resumed download (``206``, ``Content-Range``) starts at
its offset. requests itself is never imported here: the response is.
"""

from __future__ import annotations

from .. import _hints as t
from .._core.options import forwarded_options
from .._progbar import Progbar
from ._http import sizes

__all__ = ["iter_content"]


def iter_content(
    response: t.Any, chunk_size: t.Optional[int] = 64 * 1024, **options: t.Unpack[t.BarOptions]
) -> t.Iterator[bytes]:
    """Yield ``response.iter_content(chunk_size)``, drawing the transfer.

    Args:
        response: a ``requests.Response`` made with ``stream=True``.
        chunk_size: as ``iter_content``'s.
        **options: :class:`progbar.Progbar` arguments (``description``, ``file``...);
            ``units`` defaults to ``"bytes"``.

    Raises:
        TypeError, ValueError: an invalid option.
    """
    options.setdefault("units", "bytes")
    forwarded_options("iter_content()", options, {"target": "reads the total from the headers"})
    initial, total = sizes(response.status_code, response.headers)
    return _chunks(response, chunk_size, Progbar(total, **options), initial)


def _chunks(
    response: t.Any, size: t.Optional[int], bar: Progbar, initial: int
) -> t.Iterator[bytes]:
    raw = response.raw
    with bar:
        bar.update(initial)
        for chunk in response.iter_content(size):
            bar.update(initial + raw.tell())
            yield chunk
        bar.update(initial + raw.tell(), finalize=bar.target is None or None)


t.readable(iter_content)  # help() shows their annotations bare
