"""Shared bars keep every count through absurd values and slow parents (issue 29).

Real processes on both sides: a parent process that shares a bar and is
stopped with ``SIGSTOP`` (the honest way to be "alive but busy"), and worker
processes that unpickle its handle and count.
"""

from __future__ import annotations

import pickle
import signal
import subprocess
import sys
import time

import pytest

from progbar import Progbar

WORKER_ABSURD = """
import pickle, sys
first, second = pickle.loads(sys.stdin.buffer.read())
for bad in (10**400, 1e305, -(10**301)):
    try:
        first.add(bad)
    except ValueError as exc:
        print("refused:", exc)
for _ in range(1000):
    first.add(1)
    second.add(2)
first.flush()
second.flush()
"""


def _wait_for(condition: object, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.01)
    return False


def test_an_absurd_count_is_refused_where_it_is_added_and_the_others_arrive() -> None:
    first = Progbar(None, display="silent")
    second = Progbar(None, display="silent")
    blob = pickle.dumps((first.share(), second.share()))
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", WORKER_ABSURD],
        input=blob,
        capture_output=True,
        timeout=60,
    )
    out = done.stdout.decode()
    assert done.returncode == 0, done.stderr.decode()
    assert "Traceback" not in done.stderr.decode()
    refusals = [line for line in out.splitlines() if line.startswith("refused:")]
    assert len(refusals) == 3, out
    assert all("handle.add(): n must be finite and below 1e300" in line for line in refusals)
    assert _wait_for(lambda: (first.current, second.current) == (1000, 2000))


def test_a_local_handle_refuses_the_same_counts_as_a_local_add() -> None:
    bar = Progbar(None, display="silent")
    handle = bar.share()
    for bad in (10**400, 1e301, -1e301):
        with pytest.raises(ValueError, match=r"below 1e300") as local:
            bar.add(bad)
        with pytest.raises(ValueError, match=r"handle\.add\(\): n must be") as shared:
            handle.add(bad)
        assert type(local.value) is type(shared.value)
    handle.add(5)
    handle.flush()
    assert bar.current == 5


PARENT = """
import pickle, sys, progbar
bar = progbar.Progbar(None, display="silent")
sys.stdout.buffer.write(pickle.dumps(bar.share()).hex().encode() + b"\\n")
sys.stdout.flush()
sys.stdin.readline()  # the test says when every worker has exited
print(bar.current, repr(bar.description), flush=True)
"""

WORKER_COUNT = """
import pickle, sys
handle = pickle.loads(bytes.fromhex(sys.argv[1]))
for _ in range(1000):
    handle.add(1)
"""


@pytest.mark.slow
def test_workers_wait_for_a_parent_stopped_8_seconds_at_their_first_connection() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert parent.stdout is not None and parent.stdin is not None
    try:
        blob = parent.stdout.readline().strip()
        parent.send_signal(signal.SIGSTOP)  # alive, its port open, but nobody answers
        workers = [
            subprocess.Popen([sys.executable, "-c", WORKER_COUNT, blob], stderr=subprocess.PIPE)
            for _ in range(10)
        ]
        time.sleep(8)  # the stop lasts 8 s, longer than any single timeout of the channel
        parent.send_signal(signal.SIGCONT)
        for worker in workers:
            _, err = worker.communicate(timeout=60)
            assert worker.returncode == 0 and not err, err
        parent.stdin.write("go\n")
        parent.stdin.flush()
        count, description = parent.stdout.readline().split(" ", 1)
    finally:
        parent.send_signal(signal.SIGCONT)
        parent.kill()
        parent.communicate()  # reaps it and closes its pipes
    assert int(count) == 10 * 1000
    assert "lost" not in description


WORKER_CORRUPT = """
import pickle, sys
first, second = pickle.loads(sys.stdin.buffer.read())
first.add(1)
first._box.count = 10**400  # what add() refuses, as if a sum had got there: the flusher must cope
for _ in range(1000):
    second.add(1)
"""


def test_a_count_the_flusher_cannot_send_loses_no_other_bars_counts() -> None:
    first = Progbar(None, display="silent")
    second = Progbar(None, display="silent")
    blob = pickle.dumps((first.share(), second.share()))
    done = subprocess.run(
        [sys.executable, "-c", WORKER_CORRUPT], input=blob, capture_output=True, timeout=60
    )
    assert done.returncode == 0
    assert b"Traceback" not in done.stderr, done.stderr.decode()
    assert b"beyond 1e300 was dropped" in done.stderr  # said once, as a warning
    assert _wait_for(lambda: second.current == 1000)
    assert second.description is None


def test_a_worker_that_proved_the_key_and_hung_up_before_its_counts_is_marked() -> None:
    import hashlib
    import hmac
    import socket

    key = b"m" * 32
    bar = Progbar(None, display="silent")
    address = bar.share(key=key).address
    bar_id = hashlib.sha256(b"progbar-share-id" + key).digest()[:16]
    with socket.create_connection(address, timeout=10) as sock:
        greeting = b""
        while len(greeting) < 36:
            greeting += sock.recv(36 - len(greeting))
        sock.sendall(bar_id + hmac.new(key, greeting[4:] + bar_id, hashlib.sha256).digest())
        assert sock.recv(2) == b"OK"
    # a worker connects only to send counts: hanging up before them lost them
    assert _wait_for(lambda: bar.description == "(1 worker lost)")


def test_a_huge_int_onto_a_float_count_is_a_value_error_locally_too() -> None:
    bar = Progbar(None, display="silent")
    bar.add(0.5)  # the count is a float now: adding 10**400 to it overflowed (OverflowError)
    with pytest.raises(ValueError, match="n must be finite and below 1e300"):
        bar.add(10**400)
    assert bar.current == 0.5


@pytest.mark.slow  # waits its real 1 s give-up
def test_a_parent_that_never_answers_is_given_up_on_with_a_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a listener whose kernel accepts the connection but that never sends the challenge
    import socket

    from progbar._share import dial
    from progbar._share.handle import Handle

    monkeypatch.setattr(dial, "GIVE_UP", 1.0)  # the real one is 30 s
    monkeypatch.setattr(dial, "_warned", [])
    with socket.create_server(("127.0.0.1", 0)) as silent:
        handle = Handle(silent.getsockname()[:2], b"g" * 32)
        handle.add(3)
        with pytest.warns(RuntimeWarning, match="counts of this process are lost: no answer"):
            handle.flush()  # waits for the parent, up to the give-up, then stops trying
        handle.add(1)  # a dead channel: the handle counts into the void, quietly
        handle.flush()
