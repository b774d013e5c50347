"""``progbar.integrations.boto3`` with real boto3 against moto's S3 server on 127.0.0.1.

Multi-part uploads and downloads (small chunk size, several threads): the bar
must count exactly the object's bytes, its total the object's size; a retried
chunk's negative amount must be taken back without losing a byte.
"""

from __future__ import annotations

import io
import json
import random
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("boto3")
pytest.importorskip("moto.server")
import boto3
from boto3.s3.transfer import TransferConfig
from moto.server import ThreadedMotoServer

from progbar.integrations.boto3 import Callback, download, upload

pytestmark = pytest.mark.slow  # real boto3 against moto's server

SIZE = 6 * 1024 * 1024 + 123  # several 1 MiB parts
CONFIG = TransferConfig(multipart_threshold=1024 * 1024, multipart_chunksize=1024 * 1024,
                        max_concurrency=4)  # fmt: skip


@pytest.fixture(scope="module")
def s3() -> Iterator[object]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    client = boto3.client(
        "s3", endpoint_url=f"http://{host}:{port}", region_name="us-east-1",
        aws_access_key_id="testing", aws_secret_access_key="testing",
    )  # fmt: skip
    client.create_bucket(Bucket="bucket")
    yield client
    server.stop()


def _last(stream: io.StringIO) -> dict[str, object]:
    return json.loads(stream.getvalue().splitlines()[-1])


@pytest.mark.slow
def test_upload_then_download_count_every_byte(s3: object, tmp_path: Path) -> None:
    source = tmp_path / "data.bin"
    source.write_bytes(random.Random(5).randbytes(SIZE))
    up = io.StringIO()
    with upload(source, file=up, display="jsonl") as callback:
        s3.upload_file(str(source), "bucket", "dir/data.bin", Callback=callback, Config=CONFIG)  # type: ignore[attr-defined]
    assert {k: _last(up)[k] for k in ("count", "target", "final", "description")} == {
        "count": SIZE, "target": SIZE, "final": True, "description": "data.bin",
    }  # fmt: skip
    down = io.StringIO()
    target = tmp_path / "back.bin"
    with download(s3, "bucket", "dir/data.bin", file=down, display="jsonl") as callback:
        s3.download_file("bucket", "dir/data.bin", str(target), Callback=callback, Config=CONFIG)  # type: ignore[attr-defined]
    assert target.read_bytes() == source.read_bytes()
    assert {k: _last(down)[k] for k in ("count", "target", "final", "description")} == {
        "count": SIZE, "target": SIZE, "final": True, "description": "data.bin",
    }  # fmt: skip


def test_the_log_line_is_clean(s3: object, tmp_path: Path) -> None:
    s3.put_object(Bucket="bucket", Key="small.txt", Body=b"x" * 5000)  # type: ignore[attr-defined]
    stream = io.StringIO()
    with download(s3, "bucket", "small.txt", file=stream, display="log") as callback:
        s3.download_file("bucket", "small.txt", str(tmp_path / "s"), Callback=callback)  # type: ignore[attr-defined]
    assert stream.getvalue().splitlines()[-1].startswith("small.txt 4.9/4.9 KiB [=====")


def test_retries_take_bytes_back_and_threads_lose_none() -> None:
    callback = Callback(1000 * 64, display="silent")

    def send() -> None:
        for _ in range(100):
            callback(64)
        for _ in range(50):
            callback(-64)  # a retried chunk, as s3transfer reports it
        for _ in range(50):
            callback(64)

    threads = [threading.Thread(target=send) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert callback.bar.current == 1000 * 64 and callback.bar.finished


def test_a_part_of_a_roll_up() -> None:
    import progbar

    total = progbar.RollUp(display="silent", units="bytes")
    for name, size in (("a", 10), ("b", 20)):
        with Callback(bar=total.part(size, description=name)) as callback:
            callback(size)
    assert (total.current, total.target) == (30, 30)
    with pytest.raises(TypeError, match="bar= or the options"):
        Callback(bar=total.part(1), description="x")
