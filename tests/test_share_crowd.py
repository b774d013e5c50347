"""Strangers without the key cannot take the parent's descriptors, nor its CPU (issue 29).

A real parent process at ``RLIMIT_NOFILE`` 256 (``share_crowded.py``), 300
real connections that never say a word, then a parent that ran out of
descriptors by itself while connections keep coming: the program's own
files still open, the serving thread uses under 5% of a core (its CPU
time over a window, a ratio of times, not a duration), and the workers
that hold the key count exactly.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
WORKER = """
import pickle, sys
handle = pickle.loads(bytes.fromhex(sys.argv[1]))
for _ in range(1000):
    handle.add(1)
"""

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux thread clocks")


class Parent:
    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), *sys.path])}
        self.proc = subprocess.Popen(
            [sys.executable, str(TESTS / "share_crowded.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert self.proc.stdout is not None
        self.blob = self.proc.stdout.readline().strip()
        host, port = __import__("pickle").loads(bytes.fromhex(self.blob)).address
        self.address = (host, port)

    def ask(self, command: str) -> dict[str, object]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        answer: dict[str, object] = json.loads(self.proc.stdout.readline())
        return answer

    def run_workers(self, count: int = 4) -> None:
        workers = [
            subprocess.Popen([sys.executable, "-c", WORKER, self.blob], stderr=subprocess.PIPE)
            for _ in range(count)
        ]
        for worker in workers:
            _, err = worker.communicate(timeout=90)
            assert worker.returncode == 0 and not err, err


def silent_connections(address: tuple[str, int], count: int) -> list[socket.socket]:
    """``count`` connections that never say a word (made without waiting for each)."""
    socks = []
    for _ in range(count):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        sock.connect_ex(address)
        socks.append(sock)
    return socks


@pytest.mark.slow
def test_silent_strangers_cannot_starve_the_parent_of_descriptors_or_cpu() -> None:
    parent = Parent()
    strangers: list[socket.socket] = []
    try:
        strangers += silent_connections(parent.address, 300)
        crowded = parent.ask("measure")
        parent.run_workers()
        filled = parent.ask("fill")  # the program itself used every descriptor left
        strangers += silent_connections(parent.address, 20)
        starved = parent.ask("measure")
        parent.ask("unfill")
        parent.run_workers()
        final = parent.ask("count")
    finally:
        for sock in strangers:
            with contextlib.suppress(OSError):
                sock.close()
        parent.proc.kill()
        parent.proc.communicate()
    assert crowded["open"] == "ok"
    assert crowded["cpu"] < 0.05, crowded  # CPU seconds per second of the window
    assert filled["error"] == 24  # EMFILE: the shortage was real
    assert starved["cpu"] < 0.05, starved
    assert final == {"current": 8 * 1000, "description": None}
