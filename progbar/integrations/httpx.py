"""``progbar.integrations.httpx``: a response body read with its bar, sync or async.

``iter_bytes(response)`` and ``aiter_bytes(response)`` are httpx's own with a
bar counting the bytes that came over the wire
(``response.num_bytes_downloaded``): a gzip-encoded body counts its compressed
bytes and has no total, a plain one counts to ``Content-Length``, a resumed
download (``206``, ``Content-Range``) starts at its offset. Use them on a
streamed response (``client.stream("GET", url)``). httpx itself is never
imported here: the response is.
"""

from __future__ import annotations

from .. import _hints as t
from .._core.options import forwarded_options
from .._progbar import Progbar
from ._http import sizes

__all__ = ["aiter_bytes", "iter_bytes"]

NOT_TARGET = {"target": "reads the total from the headers"}


def iter_bytes(
    response: t.Any, chunk_size: t.Optional[int] = None, **options: t.Unpack[t.BarOptions]
) -> t.Iterator[bytes]:
    """Yield ``response.iter_bytes(chunk_size)``, drawing the transfer.

    Args:
        response: an ``httpx.Response`` being streamed.
        chunk_size: as ``iter_bytes``'s.
        **options: :class:`progbar.Progbar` arguments; ``units`` defaults to ``"bytes"``.

    Raises:
        TypeError, ValueError: an invalid option.
    """
    bar, initial = _bar("iter_bytes()", response, options)
    return _chunks(response, chunk_size, bar, initial)


def aiter_bytes(
    response: t.Any, chunk_size: t.Optional[int] = None, **options: t.Unpack[t.BarOptions]
) -> t.AsyncIterator[bytes]:
    """:func:`iter_bytes` for ``async for`` (``httpx.AsyncClient``)."""
    bar, initial = _bar("aiter_bytes()", response, options)
    return _achunks(response, chunk_size, bar, initial)


def _bar(caller: str, response: t.Any, options: t.BarOptions) -> tuple[Progbar, int]:
    options.setdefault("units", "bytes")
    forwarded_options(caller, options, NOT_TARGET)
    initial, total = sizes(response.status_code, response.headers)
    return Progbar(total, **options), initial


def _chunks(
    response: t.Any, size: t.Optional[int], bar: Progbar, initial: int
) -> t.Iterator[bytes]:
    with bar:
        bar.update(initial)
        for chunk in response.iter_bytes(size):
            bar.update(initial + response.num_bytes_downloaded)
            yield chunk
        bar.update(initial + response.num_bytes_downloaded, finalize=bar.target is None or None)


async def _achunks(
    response: t.Any, size: t.Optional[int], bar: Progbar, initial: int
) -> t.AsyncIterator[bytes]:
    with bar:
        bar.update(initial)
        async for chunk in response.aiter_bytes(size):
            bar.update(initial + response.num_bytes_downloaded)
            yield chunk
        bar.update(initial + response.num_bytes_downloaded, finalize=bar.target is None or None)


t.readable(aiter_bytes, iter_bytes)  # help() shows their annotations bare
