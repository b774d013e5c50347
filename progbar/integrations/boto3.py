"""``progbar.integrations.boto3``: the ``Callback=`` of boto3's transfers, drawing with progbar.

``s3.download_file(bucket, key, path, Callback=callback)`` (and
``upload_file``, ``download_fileobj``, ``copy``...) calls its callback from
s3transfer's worker threads with the bytes each chunk moved, and with a
negative amount when a chunk is retried (its bytes are taken back). The bar
adds them as they come (thread-safe, never losing one); :func:`download`
reads the total from the object's size, :func:`upload` from the file's.
boto3 itself is never imported here: the client is.
"""

from __future__ import annotations

import os

from .. import _hints as t
from .._core.options import forwarded_options
from .._progbar import Progbar

__all__ = ["Callback", "download", "upload"]

NOT_TARGET = {"target": "takes the size as total="}


class Callback:
    """A transfer callback: each call adds its bytes (negative on a retry) to a bar.

    Args:
        total: the bytes to transfer, if known.
        bar: draw on this bar instead of a new one (a :meth:`progbar.RollUp.part`,
            for one bar per object under a total).
        **options: :class:`progbar.Progbar` arguments for a new bar
            (``description``, ``file``...); ``units`` defaults to ``"bytes"``.

    Raises:
        TypeError, ValueError: an invalid option.
    """

    def __init__(
        self,
        total: t.Optional[float] = None,
        *,
        bar: t.Optional[Progbar] = None,
        **options: t.Unpack[t.BarOptions],
    ) -> None:
        if bar is None:
            options.setdefault("units", "bytes")
            forwarded_options("Callback()", options, NOT_TARGET)
            bar = Progbar(total, **options)
        elif options or total is not None:
            raise TypeError("Callback() takes bar= or the options of a new bar, not both")
        self.bar = bar
        self._add = bar.add  # bound once: called for every chunk, from many threads

    def __call__(self, bytes_amount: int) -> None:
        """Add ``bytes_amount`` (negative when s3transfer takes a retried chunk back)."""
        self._add(bytes_amount)

    def close(self) -> None:
        """End the bar's line."""
        self.bar.close()

    def __enter__(self) -> Callback:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def download(client: t.Any, bucket: str, key: str, **options: t.Unpack[t.BarOptions]) -> Callback:
    """A :class:`Callback` for downloading ``s3://bucket/key``: its total is the object's size.

    Asks the object's size (one ``HEAD`` request with ``client``).

    Args:
        client: the boto3 S3 client that will download it.
        bucket: the object's bucket.
        key: the object's key.
        **options: as :class:`Callback`'s; ``description`` defaults to the key's last part.
    """
    options.setdefault("description", key.rsplit("/", 1)[-1] or key)
    size = client.head_object(Bucket=bucket, Key=key)["ContentLength"]
    return Callback(size, **options)


def upload(path: t.Union[str, os.PathLike[str]], **options: t.Unpack[t.BarOptions]) -> Callback:
    """A :class:`Callback` for uploading the file at ``path``: its total is the file's size.

    Args:
        path: the local file.
        **options: as :class:`Callback`'s; ``description`` defaults to the file's name.
    """
    options.setdefault("description", os.path.basename(os.fspath(path)))
    return Callback(os.path.getsize(path), **options)


t.readable(Callback, download, upload)  # help() shows their annotations bare
