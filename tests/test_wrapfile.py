"""``progbar.wrap_file`` on real files and real ``http.client`` responses."""

from __future__ import annotations

import hashlib
import http.client
import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from harness import FakeClock
from harness.local_server import LocalServer

import progbar

MiB = 2**20
FULL_BAR = "[" + "=" * 30 + "]"


def log_options(out: io.StringIO, **extra: Any) -> dict[str, Any]:
    return {"file": out, "display": "log", "interval": 0, "log_interval": 0, **extra}


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "source.bin"
    path.write_bytes(bytes(range(256)) * (3 * MiB // 256))
    return path


def test_copyfileobj_reading_a_file(source: Path, tmp_path: Path) -> None:
    out = io.StringIO()
    with open(source, "rb") as src, open(tmp_path / "copy.bin", "wb") as dst:
        shutil.copyfileobj(progbar.wrap_file(src, **log_options(out)), dst)
    assert (tmp_path / "copy.bin").read_bytes() == source.read_bytes()
    lines = out.getvalue().splitlines()
    assert lines[-1].startswith(f"3.0/3.0 MiB {FULL_BAR} - ")  # the size came from the file
    assert sum(FULL_BAR in line for line in lines) == 1


def test_copyfileobj_writing_a_file(source: Path, tmp_path: Path) -> None:
    out = io.StringIO()
    size = source.stat().st_size
    with open(source, "rb") as src:
        with progbar.wrap_file(open(tmp_path / "copy.bin", "wb"), size, **log_options(out)) as dst:
            shutil.copyfileobj(src, dst)
        assert dst.closed  # closing the wrapper closed the file
    assert (tmp_path / "copy.bin").read_bytes() == source.read_bytes()
    assert out.getvalue().splitlines()[-1].startswith(f"3.0/3.0 MiB {FULL_BAR} - ")


def test_the_size_left_from_the_current_position(source: Path) -> None:
    with open(source, "rb") as src:
        src.seek(MiB)
        wrapped = progbar.wrap_file(src, display="silent")
        assert wrapped.bar.target == 2 * MiB
        assert len(wrapped.read()) == 2 * MiB
        assert wrapped.count == 2 * MiB


@pytest.fixture
def response_from() -> Iterator[Any]:
    connections: list[http.client.HTTPConnection] = []

    def get(server: LocalServer) -> http.client.HTTPResponse:
        parts = urlsplit(server.url)
        conn = http.client.HTTPConnection(parts.hostname or "", parts.port)
        connections.append(conn)
        conn.request("GET", parts.path)
        return conn.getresponse()

    yield get
    for conn in connections:
        conn.close()


def test_an_http_client_response_with_content_length(response_from: Any) -> None:
    out = io.StringIO()
    with LocalServer(1_500_000, rate=6 * MiB, chunk=4096) as server:
        sink = io.BytesIO()
        with progbar.wrap_file(response_from(server), **log_options(out)) as body:
            shutil.copyfileobj(body, sink)
    assert hashlib.sha256(sink.getvalue()).hexdigest() == server.sha256
    lines = out.getvalue().splitlines()
    assert re.match(r"0\.\d/1\.4 MiB \[>?\.+\] - ETA: ", lines[0])  # drawn from the first read
    assert lines[-1].startswith(f"1.4/1.4 MiB {FULL_BAR} - ")
    assert "\r" not in out.getvalue()


def test_an_http_client_chunked_response(response_from: Any) -> None:
    out = io.StringIO()
    with LocalServer(1_500_000, chunked=True) as server:
        sink = io.BytesIO()
        body = progbar.wrap_file(response_from(server), units="bytes_si", **log_options(out))
        shutil.copyfileobj(body, sink)  # no close: end of file ends the bar
    assert sink.getvalue() == server.payload
    assert re.fullmatch(r"   1\.5 MB - \d+s [\d.]+ [kMG]B/s", out.getvalue().splitlines()[-1])


def test_readinto_readline_and_iteration_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "lines.txt"
    path.write_bytes(b"".join(b"line %03d\n" % i for i in range(100)))  # 9 bytes a line
    with progbar.wrap_file(open(path, "rb"), display="silent") as f:
        buffer = bytearray(90)
        assert f.readinto(buffer) == 90
        assert f.readline() == b"line 010\n"
        assert f.read1(9) == b"line 011\n"
        rest = list(f)
        assert len(rest) == 88 and f.count == 900
        assert f.bar.current == 900 and f.name == str(path)


def test_a_text_file_counts_its_bytes(tmp_path: Path) -> None:
    path = tmp_path / "text.txt"
    path.write_text("héllo\n" * 10, encoding="utf-8")  # 60 characters, 70 bytes
    out = io.StringIO()
    with progbar.wrap_file(open(path, encoding="utf-8"), **log_options(out, units="count")) as f:
        assert f.readlines() == ["héllo\n"] * 10
    assert out.getvalue().splitlines()[-1].startswith(f"70/70 {FULL_BAR} - ")


def test_an_exception_closes_the_bar_where_it_stopped(source: Path, clock: FakeClock) -> None:
    out = io.StringIO()
    src = open(source, "rb")  # noqa: SIM115  # the wrapper closes it: that is under test
    with (
        pytest.raises(OSError, match="disk full"),
        progbar.wrap_file(src, **log_options(out, clock=clock)) as f,
    ):
        clock.tick(1)
        f.read(MiB)
        raise OSError("disk full")
    assert f.closed
    assert out.getvalue().splitlines()[-1] == (
        "1.0/3.0 MiB [=========>....................] - 1s 1.0 MiB/s"
    )


def test_reading_past_the_given_total_redraws_nothing(source: Path) -> None:
    out = io.StringIO()
    with progbar.wrap_file(open(source, "rb"), MiB, **log_options(out)) as f:
        while f.read(MiB):
            pass
    assert f.count == 3 * MiB
    assert len(out.getvalue().splitlines()) == 1  # finished once; later reads draw nothing
    assert out.getvalue().startswith(f"1.0/1.0 MiB {FULL_BAR} - ")


@pytest.mark.parametrize(
    ("args", "options", "error", "name"),
    [
        ((object(),), {}, TypeError, "fileobj"),
        ((io.BytesIO(), -1), {}, ValueError, "total"),
        ((io.BytesIO(), "10"), {}, TypeError, "total"),
        ((io.BytesIO(),), {"target": 10}, TypeError, "target"),
        ((io.BytesIO(),), {"units": "kB"}, ValueError, "units"),
    ],
)
def test_bad_arguments_name_themselves(
    args: tuple[Any, ...], options: dict[str, Any], error: type[Exception], name: str
) -> None:
    with pytest.raises(error, match=name):
        progbar.wrap_file(*args, **options)
