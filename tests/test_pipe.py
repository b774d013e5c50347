"""``progbar pipe``: the bytes go through unchanged, the figures are right, it ends as cat ends."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from harness import run_in_pty

from progbar._cli.copy import copy_fd, method_for, regular_size
from progbar._cli.pipe import parse_size

PIPE = [sys.executable, "-m", "progbar", "pipe"]
RATE = re.compile(r"([\d.]+) (B|KiB|MiB|GiB)/s")
SCALE = {"B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30}


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pipe") / "f"
    path.write_bytes(os.urandom(20 * 1000 * 1000))
    return path


def _rate(line: str) -> float:
    found = RATE.findall(line)
    assert found, line
    value, unit = found[-1]
    return float(value) * SCALE[unit]


@pytest.mark.slow  # progbar pipe as a child process
def test_a_file_goes_through_byte_identical_with_its_size_known(data: Path, tmp_path: Path) -> None:
    out, err = tmp_path / "g", tmp_path / "err"
    with data.open("rb") as f, out.open("wb") as g, err.open("wb") as e:
        subprocess.run(PIPE, stdin=f, stdout=g, stderr=e, check=True)
    assert out.read_bytes() == data.read_bytes()
    lines = err.read_text().splitlines()  # stderr is a file: plain log lines, no \r
    assert lines[-1].startswith("19.1/19.1 MiB [==============================] - ")
    assert "\r" not in err.read_text() and "\x1b" not in err.read_text()
    assert RATE.search(lines[0]) and "/19.1 MiB" in lines[0]  # the total was known at once


@pytest.mark.slow  # a child paced in real time (2 s)
def test_the_rate_shown_is_the_rate_of_the_data(tmp_path: Path) -> None:
    # a producer paced at ~8 MiB/s: what the bar shows must be within 10% of what it measures
    err = tmp_path / "err"
    chunk, count, pause = 256 * 1024, 64, 1 / 32
    with err.open("wb") as e:
        proc = subprocess.Popen(
            [*PIPE, "--size", "16M", "--log-interval", "0.5"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=e,
        )
        assert proc.stdin is not None
        block, done = os.urandom(chunk), []
        for _ in range(count):
            proc.stdin.write(block)
            proc.stdin.flush()
            done.append(time.perf_counter())
            time.sleep(pause)
        proc.stdin.close()
        assert proc.wait(timeout=60) == 0
    # from the second write on the child is reading (the first one only filled the pipe)
    measured = (count - 1) * chunk / (done[-1] - done[0])
    final = err.read_text().splitlines()[-1]
    assert final.startswith("16.0/16.0 MiB [")
    assert abs(_rate(final) / measured - 1) < 0.10, (final, measured)


@pytest.mark.slow  # progbar pipe as a child process
def test_a_pipe_has_no_size_until_the_end_unless_given(data: Path) -> None:
    payload = data.read_bytes()[:3_000_000]
    unknown = subprocess.run(PIPE, input=payload, capture_output=True, check=True)
    assert unknown.stdout == payload
    assert unknown.stderr.decode().splitlines()[-1].startswith("2.9/2.9 MiB [=====")
    given = subprocess.run(
        [*PIPE, "-s", "6M", "--desc", "dump"], input=payload, capture_output=True
    )
    assert given.returncode == 0
    assert given.stderr.decode().splitlines()[-1].startswith("dump 2.9/2.9 MiB [=====")


def test_a_bad_size_is_a_usage_error() -> None:
    result = subprocess.run([*PIPE, "--size", "12 parsecs"], input=b"", capture_output=True)
    assert result.returncode == 2
    assert b"--size: unknown size suffix 'parsecs'" in result.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("512", 512),
        ("1.5k", 1536),
        ("200M", 200 << 20),
        ("2GiB", 2 << 30),
        ("10MB", 10**7),
    ],
)
def test_parse_size(text: str, expected: int) -> None:
    assert parse_size(text) == expected


@pytest.mark.parametrize("text", ["", "M", "-1", "nan", "inf", "1.2.3"])
def test_parse_size_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="size"):
        parse_size(text)


@pytest.mark.parametrize(
    "shape",
    [
        "{tool} < {f} | head -c 10 > /dev/null",  # file into a pipe: sendfile
        "cat {f} | {tool} | head -c 10 > /dev/null",  # pipe to pipe: splice
    ],
)
def test_head_leaving_ends_it_as_it_ends_cat(data: Path, shape: str) -> None:
    tool = " ".join(PIPE) + f" 2> {data}.err"
    script = (
        f"set -o pipefail; {shape.format(tool='cat', f=data)}; echo cat $?; "
        f"{shape.format(tool=tool, f=data)}; echo progbar $?"
    )
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True)
    statuses = dict(line.split() for line in result.stdout.splitlines())
    assert statuses["progbar"] == statuses["cat"] == "141"
    err = Path(f"{data}.err").read_text()
    assert "Traceback" not in err and "Error" not in err and "Warning" not in err
    assert err.endswith("\n")  # the bar's last line is whole


def test_ctrl_c_ends_it_as_it_ends_cat() -> None:
    with subprocess.Popen(
        PIPE, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    ) as proc:
        assert proc.stdin is not None and proc.stderr is not None
        proc.stdin.write(b"x" * 100_000)
        proc.stdin.flush()
        first = proc.stderr.readline()  # the bar has drawn: the copy is running
        proc.send_signal(signal.SIGINT)
        rest = proc.stderr.read()
        assert proc.wait(timeout=30) == -signal.SIGINT  # killed by it, as cat is (130 in a shell)
    assert b"KiB" in first and b"Traceback" not in rest and b"KeyboardInterrupt" not in rest
    assert rest.endswith(b"\n")  # the bar's last line is whole


@pytest.mark.slow  # progbar pipe on a real pty
def test_on_a_terminal_the_bar_is_drawn_in_place(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "g"
    code = f"""
import os, sys
os.dup2(os.open({str(data)!r}, os.O_RDONLY), 0)
os.dup2(os.open({str(out)!r}, os.O_WRONLY | os.O_CREAT), 1)
from progbar.__main__ import main
raise SystemExit(main(["pipe", "--desc", "copy"]))
"""
    run = run_in_pty(code)
    assert run.returncode == 0
    assert out.read_bytes() == data.read_bytes()
    lines = [line for line in run.lines if line]
    assert len(lines) == 1 and lines[0].startswith("copy 19.1/19.1 MiB [=====")
    assert lines[0].endswith("/s")


# -- the copy loop itself, each method on real descriptors ----------------------------


def _feed(payload: bytes) -> int:
    """The read end of a pipe that a thread fills with ``payload``."""
    read_end, write_end = os.pipe()

    def fill() -> None:
        with os.fdopen(write_end, "wb") as w:
            w.write(payload)

    threading.Thread(target=fill, daemon=True).start()
    return read_end


@pytest.mark.parametrize("method", ["copy_file_range", "sendfile", "splice", "readwrite"])
def test_every_method_copies_exactly(method: str, data: Path, tmp_path: Path) -> None:
    payload = data.read_bytes()[:5_000_000]
    source = tmp_path / "src"
    source.write_bytes(b"skipped" + payload)
    out = tmp_path / "dst"
    reported: list[int] = []
    with out.open("wb") as g:
        if method == "splice":
            src = _feed(payload)
        else:
            src = os.open(source, os.O_RDONLY)
            os.lseek(src, len(b"skipped"), os.SEEK_SET)  # starts where stdin's offset is
            assert regular_size(src) == len(payload)
        try:
            total = copy_fd(src, g.fileno(), reported.append, method)
            if method != "splice":
                assert os.lseek(src, 0, os.SEEK_CUR) == len(b"skipped") + len(payload)
        finally:
            os.close(src)
    assert total == len(payload) == reported[-1]
    assert reported == sorted(reported)
    assert out.read_bytes() == payload


def test_the_method_follows_the_descriptors(data: Path, tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    try:
        with data.open("rb") as f, (tmp_path / "g").open("wb") as g:
            assert method_for(f.fileno(), g.fileno(), "linux") == "copy_file_range"
            assert method_for(f.fileno(), write_end, "linux") == "sendfile"
            assert method_for(read_end, g.fileno(), "linux") == "splice"
            assert method_for(f.fileno(), g.fileno(), "darwin") == "readwrite"
            assert regular_size(read_end) is None
            os.set_blocking(read_end, False)
            assert method_for(read_end, g.fileno(), "linux") == "readwrite"
    finally:
        os.close(read_end)
        os.close(write_end)


@pytest.mark.slow  # progbar pipe as a child process
def test_appending_falls_back_and_still_copies(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "g"
    out.write_bytes(b"head\n")
    with data.open("rb") as f, out.open("ab") as g:  # O_APPEND: the kernel copies refuse it
        subprocess.run(PIPE, stdin=f, stdout=g, stderr=subprocess.DEVNULL, check=True)
    assert out.read_bytes() == b"head\n" + data.read_bytes()


@pytest.mark.slow  # progbar pipe as a child process
@pytest.mark.parametrize(("size", "final"), [("1M", "2.9/2.9 MiB"), ("3000000", "2.9/2.9 MiB")])
def test_a_wrong_or_exact_size_still_ends_at_the_true_total(size: str, final: str) -> None:
    # 1 MiB is reached exactly at a chunk boundary, with more to come: the bar must not stop there
    payload = b"\0" * 3_000_000
    result = subprocess.run([*PIPE, "--size", size], input=payload, capture_output=True, check=True)
    assert result.stdout == payload
    assert result.stderr.decode().splitlines()[-1].startswith(final + " [=====")


@pytest.mark.slow  # progbar pipe as a child process
def test_help_is_plain_text() -> None:
    result = subprocess.run([*PIPE, "--help"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("usage: progbar pipe [-h] [--size BYTES] [--desc TEXT]")
    assert "``" not in result.stdout and "--log-interval SECONDS" in result.stdout


@pytest.mark.slow
def test_the_throughput_benchmark_runs_and_prints_every_row() -> None:
    script = Path(__file__).resolve().parent.parent / "benchmarks" / "pipe.py"
    result = subprocess.run(
        [sys.executable, str(script), "--mib", "2", "--rounds", "1"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    lines = result.stdout.splitlines()
    rows = [line for line in lines if line.startswith("| ") and "GB/s" not in line]
    tools = {"cat", "progbar", "progbar (copy)"} | ({"pv"} if "| pv |" in result.stdout else set())
    assert len(rows) == 3 * len(tools)  # every set-up, every tool
    assert {row.split(" | ")[1] for row in rows} == tools
