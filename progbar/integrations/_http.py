"""What an HTTP response's headers say about its body's bar: the start and the total.

Shared by the requests and httpx wrappers. The bar counts bytes as they come
over the wire, so the total is ``Content-Length`` only when the body is not
encoded (a gzip body's decoded size is unknown until the end); a ``206`` reply
to a resumed download starts at its ``Content-Range`` offset, out of the whole
file's size.
"""

from __future__ import annotations

from .. import _hints as t

__all__ = ["sizes"]


def sizes(status: int, headers: t.Mapping[str, str]) -> tuple[int, t.Optional[int]]:
    """``(initial, total)`` for a response's bar (total None when unknown)."""
    encoding = headers.get("content-encoding", "identity").strip().lower()
    length = _int(headers.get("content-length"))
    plain = encoding in ("", "identity")
    if status == 206:
        start, size = _content_range(headers.get("content-range", ""))
        if start is not None:  # the whole file's size, when the server says it
            return start, size if plain else None
    return 0, length if plain else None


def _content_range(value: str) -> tuple[t.Optional[int], t.Optional[int]]:
    """``bytes 100-199/1000`` -> (100, 1000); ``bytes 100-199/*`` -> (100, None)."""
    unit, _, rest = value.strip().partition(" ")
    if unit.lower() != "bytes" or "-" not in rest:
        return None, None
    span, _, size = rest.partition("/")
    return _int(span.partition("-")[0]), _int(size)


def _int(value: t.Optional[str]) -> t.Optional[int]:
    try:
        number = int(str(value).strip())
    except ValueError:
        return None
    return number if number >= 0 else None
