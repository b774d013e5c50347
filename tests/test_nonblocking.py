"""A full non-blocking stdout is a pause, not a failure: nothing of the user's is ever lost.

Another process on the same terminal (or the program itself) may set
``O_NONBLOCK`` on the descriptor; a slow reader then makes writes fail with
``EAGAIN`` for a moment. These tests produce that for real: a pipe filled to
the brim that nobody reads while the loop runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

STEPS = 200
HALF = STEPS // 2

CHILD = textwrap.dedent(
    f"""
    import fcntl, os, sys
    from progbar import Progbar

    flags = fcntl.fcntl(1, fcntl.F_GETFL)
    fcntl.fcntl(1, fcntl.F_SETFL, flags | os.O_NONBLOCK)
    filled = 0
    while True:                       # fill the pipe: the parent reads nothing yet
        try:
            filled += os.write(1, b"f" * 512)
        except BlockingIOError:
            break
    print(f"filled {{filled}}", file=sys.stderr, flush=True)
    bar = Progbar({STEPS}, log_interval=0, interval=0)   # a pipe: a log line per update
    for i in range(1, {HALF} + 1):
        print(f"user line {{i}}")      # the program's own output, buffered by Python
        bar.update(i)                 # every write meets EAGAIN: the pipe is full
    print(f"blocked until {{bar.current}}", file=sys.stderr, flush=True)
    sys.stdin.readline()              # the parent starts reading now
    fcntl.fcntl(1, fcntl.F_SETFL, flags)   # blocking again, as the other process leaves it
    for i in range({HALF} + 1, {STEPS} + 1):
        print(f"user line {{i}}")
        bar.update(i)                 # the display is still alive
    bar.close()
    print("user done")
    """
)


@pytest.mark.slow
def test_full_nonblocking_pipe_loses_none_of_the_users_output() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROGBAR_")}
    env.pop("PYTHONUNBUFFERED", None)
    child = subprocess.Popen(
        [sys.executable, "-W", "error", "-c", CHILD],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert child.stdin is not None and child.stdout is not None and child.stderr is not None
    filled = int(child.stderr.readline().split()[1])
    loop_line = child.stderr.readline().decode()
    child.stdin.write(b"go\n")
    child.stdin.close()
    output = b""
    while chunk := os.read(child.stdout.fileno(), 997):  # a slow reader: small reads
        output += chunk
    errors = child.stderr.read().decode()
    child.stdout.close()
    child.stderr.close()
    assert child.wait(timeout=60) == 0, errors
    assert loop_line == f"blocked until {HALF}\n", loop_line + errors
    assert "Traceback" not in errors and "Exception ignored" not in errors, errors
    assert "output disabled" not in errors  # a full pipe is not a dead one
    assert output[:filled] == b"f" * filled
    lines = output[filled:].decode().splitlines()
    users = [line for line in lines if line.startswith("user")]
    assert users == [f"user line {i}" for i in range(1, STEPS + 1)] + ["user done"]
    bars = [line for line in lines if not line.startswith("user")]
    # once the stream takes bytes again, every frame is drawn: the display stayed alive
    assert [line.split()[0] for line in bars[-HALF:]] == [
        f"{i}/{STEPS}" for i in range(HALF + 1, STEPS + 1)
    ]
