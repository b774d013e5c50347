"""A parent whose shared bar is attacked while real workers count into it.

Run as a script by ``test_share_security.py`` (a fresh interpreter, so the
"one warning per process" rule is observed from the start). It prints one
JSON object: what the bar counted, the warnings the parent raised, and what
each hostile client got back.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import multiprocessing
import os
import socket
import warnings

from share_workers import STEPS, add_inside_with

from progbar import Progbar

KEY = b"0123456789abcdef0123456789abcdef"
WORKERS = 4


def connect(address: tuple[str, int]) -> tuple[socket.socket, bytes]:
    sock = socket.create_connection(address, timeout=10)
    greeting = b""
    while len(greeting) < 36:
        greeting += sock.recv(36 - len(greeting))
    return sock, greeting


def reply_of(sock: socket.socket) -> bytes:
    """Everything the parent sends before hanging up (b"" when it refused at once)."""
    data = b""
    try:
        while chunk := sock.recv(4096):
            data += chunk
    except OSError:
        pass
    sock.close()
    return data


def proof(greeting: bytes, key: bytes) -> bytes:
    bar_id = hashlib.sha256(b"progbar-share-id" + KEY).digest()[:16]
    return bar_id + hmac.new(key, greeting[4:] + bar_id, hashlib.sha256).digest()


def main() -> None:
    result: dict[str, object] = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # Python >= 3.12 warns when forking a process with threads: the warning counted is ours
        warnings.filterwarnings("ignore", "This process .* fork", DeprecationWarning)
        bar = Progbar(None, display="silent")
        handle = bar.share(key=KEY)
        address = handle.address
        silent, _ = connect(address)  # connects, then never says a word
        context = multiprocessing.get_context("fork")
        workers = [context.Process(target=add_inside_with, args=(handle,)) for _ in range(4)]
        for worker in workers:
            worker.start()

        randoms = []  # all at once: the short ones wait out the handshake timeout together
        for size in (1, 47, 48, 49, 4096, 1 << 20):
            sock, _ = connect(address)
            with contextlib.suppress(OSError):  # the parent may hang up amid a megabyte
                sock.sendall(os.urandom(size))
            randoms.append(sock)
        result["random_replies"] = [reply_of(s).decode("latin-1") for s in randoms]

        sock, greeting = connect(address)
        sock.sendall(proof(greeting, b"not the key, not the key, not it"))
        result["wrong_key_reply"] = reply_of(sock).decode("latin-1")

        # a real handle holding the wrong key: refused, and silent in the worker
        impostor = type(handle)(address, b"W" * 32)
        impostor.add(1000)
        impostor.flush()

        # the right key, a valid delta of 5, then bytes that are no frame
        sock, greeting = connect(address)
        sock.sendall(proof(greeting, KEY))
        sock.sendall(b"I" + (5).to_bytes(8, "big") + b"Z" * 9)
        result["garbage_after_key_reply"] = reply_of(sock).decode("latin-1")

        for worker in workers:
            worker.join(60)
        bar.add(100)  # the parent's own loop goes on
        result["current"] = bar.current
        result["expected"] = WORKERS * STEPS + 5 + 100
        silent.close()
        result["description"] = bar.description
    result["warnings"] = [str(w.message) for w in caught]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
