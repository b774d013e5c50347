"""``bar.share()``: real worker processes advance the parent's bar, exactly.

The tests start real processes (``multiprocessing`` under each start method,
a parent that exits, a worker killed with SIGKILL) and read the count the
parent's bar reached: no mocks. Pools are in ``test_share_pools.py``, Dask
and Ray in ``test_share_dask.py`` and ``test_share_ray.py``, hostile clients in
``test_share_security.py``.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import time

import pytest
from share_workers import (
    STEPS,
    add_from_threads,
    add_inside_with,
    add_then_exit,
    count_until_killed,
    wait_for,
)

from progbar import Progbar

WORKERS = 4
METHODS = [
    m for m in ("fork", "spawn", "forkserver") if m in multiprocessing.get_all_start_methods()
]

# forking a multi-threaded pytest is what these tests do on purpose (Python >= 3.12 warns)
pytestmark = pytest.mark.filterwarnings("ignore:This process .* fork:DeprecationWarning")


def silent_bar(target: float | None = WORKERS * STEPS) -> Progbar:
    return Progbar(target, display="silent")


@pytest.mark.slow  # real worker processes
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("worker", [add_then_exit, add_inside_with])
def test_processes_give_the_exact_count(method: str, worker: object) -> None:
    bar = silent_bar()
    handle = bar.share()
    context = multiprocessing.get_context(method)
    processes = [context.Process(target=worker, args=(handle,)) for _ in range(WORKERS)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
        assert process.exitcode == 0
    assert bar.current == WORKERS * STEPS
    assert bar.description is None  # every worker left cleanly: nothing marked lost


def test_threads_of_one_worker_lose_no_count() -> None:
    bar = silent_bar()
    process = multiprocessing.get_context("spawn").Process(
        target=add_from_threads, args=(bar.share(), WORKERS)
    )
    process.start()
    process.join(60)
    assert process.exitcode == 0
    assert bar.current == WORKERS * STEPS


@pytest.mark.slow  # a real worker, killed
def test_a_worker_killed_mid_run_is_marked_and_the_parent_finishes() -> None:
    bar = Progbar(None, display="silent", description="train")
    handle = bar.share()
    context = multiprocessing.get_context("spawn")
    good = context.Process(target=add_inside_with, args=(handle,))
    doomed = context.Process(target=count_until_killed, args=(handle,))
    good.start()
    doomed.start()
    good.join(60)
    assert wait_for(lambda: bar.current > STEPS)  # the doomed one has reported
    os.kill(doomed.pid, signal.SIGKILL)  # type: ignore[arg-type]
    doomed.join(60)
    for _ in range(1000):  # the parent's own loop goes on, undisturbed
        bar.add(1)
    bar.close()
    assert wait_for(lambda: bar.description == "train (1 worker lost)")
    assert bar.current > STEPS + 1000  # what the lost worker sent before dying stays counted


def test_the_parents_own_handle_adds_directly() -> None:
    bar = silent_bar(None)
    with bar.share() as handle:
        for _ in range(1000):
            handle.add(1)
        handle.add(0.5)
    assert bar.current == 1000.5


@pytest.mark.slow  # real forked children
@pytest.mark.skipif("fork" not in METHODS, reason="needs the fork start method")
def test_children_forked_after_the_parent_counted_start_afresh() -> None:
    bar = silent_bar(None)
    handle = bar.share()
    for _ in range(100):
        handle.add(1)  # the parent's own batch, maybe unsent when it forks
    context = multiprocessing.get_context("fork")
    children = [context.Process(target=add_then_exit, args=(handle,)) for _ in range(2)]
    for child in children:
        child.start()
    for child in children:
        child.join(60)
        assert child.exitcode == 0
    handle.flush()
    assert bar.current == 100 + 2 * STEPS  # no count of the parent's sent twice


def test_a_handle_pickles_without_revealing_its_key() -> None:
    key = b"k" * 32
    handle = silent_bar().share(key=key)
    again = pickle.loads(pickle.dumps(handle))
    assert again.address == handle.address
    assert handle.address[0] == "127.0.0.1"
    assert "k" * 8 not in repr(handle) and repr(handle).startswith("<progbar share handle")


@pytest.mark.slow  # real worker processes
def test_a_worker_whose_parent_is_gone_counts_into_the_void() -> None:
    # a real parent process shares a bar, hands the pickled handle over and exits
    code = (
        "import pickle, sys, progbar\n"
        "bar = progbar.Progbar(10, display='silent')\n"
        "sys.stdout.buffer.write(pickle.dumps(bar.share()))"
    )
    blob = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True).stdout
    handle = pickle.loads(blob)
    with handle:
        for _ in range(100):
            handle.add(1)  # no exception, no hang: the parent is gone
    handle.flush()


@pytest.mark.slow  # real worker processes
def test_a_worker_whose_parent_dies_mid_run_carries_on() -> None:
    code = (
        "import os, pickle, sys, progbar\n"
        "bar = progbar.Progbar(None, display='silent')\n"
        "sys.stdout.buffer.write(pickle.dumps(bar.share())); sys.stdout.flush(); os.close(1)\n"
        "sys.stdin.readline()\n"
        "print(int(bar.current), file=sys.stderr); os._exit(0)"
    )
    with subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as parent:
        assert parent.stdout is not None and parent.stdin is not None
        handle = pickle.loads(parent.stdout.read())
        for _ in range(10):
            handle.add(1)
        handle.flush()  # connected, and confirmed: the parent has 10
        parent.stdin.write(b"die\n")
        parent.stdin.close()
        assert parent.wait(30) == 0
        assert parent.stderr is not None and parent.stderr.read().strip() == b"10"
    with handle:  # the parent is gone: counting goes on, into the void
        for _ in range(1000):
            handle.add(1)
    handle.flush()


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"address": "127.0.0.1"}, TypeError, "share(): address must be a (host, port) tuple"),
        ({"address": ("127.0.0.1", 70000)}, ValueError, "share(): address port"),
        ({"key": "secret"}, TypeError, "share(): key must be bytes"),
        ({"key": b"short"}, ValueError, "share(): key must be at least 16 bytes"),
        ({"adress": None}, TypeError, "adress"),
    ],
)
def test_bad_options_are_named(options: dict[str, object], error: type, message: str) -> None:
    with pytest.raises(error) as raised:
        silent_bar().share(**options)
    assert message in str(raised.value)


def test_sharing_again_gives_the_same_handle() -> None:
    bar = silent_bar()
    assert pickle.dumps(bar.share()) == pickle.dumps(bar.share())
    assert pickle.dumps(silent_bar().share()) != pickle.dumps(bar.share())


def test_a_key_serves_one_bar() -> None:
    first = silent_bar()
    first.share(key=b"x" * 32)
    with pytest.raises(ValueError, match="already used by another bar"):
        silent_bar().share(key=b"x" * 32)


@pytest.mark.parametrize(("n", "error"), [("1", TypeError), (float("nan"), ValueError)])
def test_bad_counts_are_named(n: object, error: type) -> None:
    handle = silent_bar().share()
    with pytest.raises(error, match=r"handle\.add\(\): n must be"):
        handle.add(n)  # type: ignore[arg-type]


def test_import_progbar_loads_no_networking() -> None:
    code = (
        "import sys; before = set(sys.modules); import progbar; "
        "print(sorted(set(sys.modules) - before))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(eval(out.stdout))
    assert "progbar" in loaded  # the check looks at the right set
    heavy = {"socket", "selectors", "hmac", "multiprocessing", "threading", "progbar._share"}
    assert not heavy & loaded


@pytest.mark.slow
def test_a_flush_finds_its_echo_after_stale_and_split_ones() -> None:
    # a parent speaking the protocol by hand: before the awaited echo it sends the echo
    # of an older flush (as after a timed-out wait), then the right one in two pieces
    import hashlib
    import hmac
    import socket
    import threading

    key = b"s" * 32
    bar_id = hashlib.sha256(b"progbar-share-id" + key).digest()[:16]
    listener = socket.create_server(("127.0.0.1", 0))
    received: list[bytes] = []
    real_echo_sent = threading.Event()

    def parent() -> None:
        conn, _ = listener.accept()
        with conn:
            nonce = os.urandom(32)
            conn.sendall(b"PBS1" + nonce)
            answer = conn.recv(48)
            assert answer == bar_id + hmac.new(key, nonce + bar_id, hashlib.sha256).digest()
            conn.sendall(b"OK")
            data = b""
            while len(data) < 18:  # a delta frame, then the sync frame
                data += conn.recv(18 - len(data))
            received.append(data)
            sync = data[9:]
            stale = b"S" + (0).to_bytes(8, "big")
            conn.sendall(stale + sync[:4])
            time.sleep(0.2)  # a worker that took the stale echo for its own returns by now
            real_echo_sent.set()
            conn.sendall(sync[4:])
            conn.recv(9)  # the goodbye, or end of stream

    server = threading.Thread(target=parent, daemon=True)
    server.start()
    handle = pickle.loads(pickle.dumps(silent_bar().share()))  # any handle's class
    worker_handle = type(handle)(listener.getsockname()[:2], key)
    with worker_handle:
        worker_handle.add(3)
    assert real_echo_sent.is_set()  # the flush waited for its own echo
    assert received and received[0][:9] == b"I" + (3).to_bytes(8, "big")
    assert received[0][9:10] == b"S"
    listener.close()
