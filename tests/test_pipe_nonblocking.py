"""``progbar pipe`` with a non-blocking stdin or stdout copies every byte, as ``cat`` must.

``O_NONBLOCK`` lives on the open file description, which the producer (or a
shell) shares with progbar: it can be set before progbar starts or in the
middle of the copy. Either way "no data now" must never be taken for the end
of the input, nor "no room now" for a write error. Real pipes, a real
``progbar pipe`` process, a producer writing in bursts with pauses between.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # progbar pipe run as child processes

PIPE = [sys.executable, "-m", "progbar", "pipe", "--log-interval", "0"]
BURST, BURSTS = 10_000, 30  # 300,000 bytes, as in the report of the fault


def _payload() -> bytes:
    return os.urandom(BURST * BURSTS)


def _wait_until(condition: object, seconds: float = 30.0) -> None:
    """Poll ``condition`` (a bound on the wait, never a measurement)."""
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


@pytest.mark.parametrize("when", ["before", "midway"])
def test_a_non_blocking_stdin_fed_in_bursts_is_copied_whole(when: str, tmp_path: Path) -> None:
    payload, out, err = _payload(), tmp_path / "out", tmp_path / "err"
    read_end, write_end = os.pipe()  # the test keeps read_end: the description progbar reads
    if when == "before":
        os.set_blocking(read_end, False)
    with out.open("wb") as o, err.open("wb") as e:
        proc = subprocess.Popen(PIPE, stdin=read_end, stdout=o, stderr=e)
    try:
        for index in range(BURSTS):
            os.write(write_end, payload[index * BURST : (index + 1) * BURST])
            if index == 0 and when == "midway":  # the copy has started, blocking (splice)
                _wait_until(lambda: out.stat().st_size >= BURST)
                os.set_blocking(read_end, False)
            time.sleep(0.01)  # the pipe runs dry between bursts
    finally:
        os.close(write_end)
    assert proc.wait(timeout=60) == 0, err.read_text()
    os.close(read_end)
    assert hashlib.sha256(out.read_bytes()).hexdigest() == hashlib.sha256(payload).hexdigest()
    assert err.read_text().splitlines()[-1].startswith("293.0/293.0 KiB"), err.read_text()


@pytest.mark.parametrize("when", ["before", "midway"])
def test_a_non_blocking_stdout_read_in_bursts_gets_every_byte(when: str, tmp_path: Path) -> None:
    payload, source, err = _payload() * 10, tmp_path / "in", tmp_path / "err"
    source.write_bytes(payload)
    read_end, write_end = os.pipe()
    if when == "before":
        os.set_blocking(write_end, False)  # progbar's stdout shares this open file description
    with source.open("rb") as i, err.open("wb") as e:
        proc = subprocess.Popen(PIPE, stdin=i, stdout=write_end, stderr=e)
    received = bytearray()
    with os.fdopen(write_end, "wb", buffering=0) as keep:  # a copy of the description, to flip
        first = os.read(read_end, BURST)
        received += first
        if when == "midway":  # the copy has started on a blocking pipe (sendfile)
            os.set_blocking(keep.fileno(), False)
    while True:
        time.sleep(0.002)  # a slow reader: the pipe fills up between reads
        chunk = os.read(read_end, 65536)
        if not chunk:
            break
        received += chunk
    os.close(read_end)
    assert proc.wait(timeout=60) == 0, err.read_text()
    assert hashlib.sha256(bytes(received)).hexdigest() == hashlib.sha256(payload).hexdigest()
