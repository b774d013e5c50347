"""Only holders of a shared bar's key get in; hostile bytes never crash, stall or miscount.

``share_hostile.py`` runs a real parent in a fresh interpreter: four forked
workers count into its bar while other clients connect and stay silent,
send random bytes, answer the challenge with a wrong key, or send garbage
after a correct answer. The parent keeps serving the workers and counts
exactly what those who proved the key sent, with one warning in all.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from progbar import Progbar

pytestmark = pytest.mark.slow  # real worker processes under attack

TESTS = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def attacked() -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), *sys.path])}
    result = subprocess.run(
        [sys.executable, "-W", "error", str(TESTS / "share_hostile.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    parsed: dict[str, object] = json.loads(result.stdout)
    return parsed


def test_the_count_stays_exact_under_attack(attacked: dict[str, object]) -> None:
    # the 4 x 4,000 of the workers, 5 from the client that proved the key, 100 local
    assert attacked["current"] == attacked["expected"] == 4 * 4000 + 5 + 100
    assert attacked["description"] is None  # refused clients are not lost workers


def test_wrong_keys_and_random_bytes_are_refused(attacked: dict[str, object]) -> None:
    assert attacked["wrong_key_reply"] == ""  # hung up without "OK"
    assert attacked["random_replies"] == [""] * 6
    # the valid client got in ("OK"), and was cut off at the first byte that is no frame
    assert attacked["garbage_after_key_reply"] == "OK"


def test_one_warning_for_all_of_it(attacked: dict[str, object]) -> None:
    warnings = attacked["warnings"]
    assert isinstance(warnings, list) and len(warnings) == 1
    assert "did not prove the bar's key" in warnings[0]


def test_the_challenge_is_an_hmac_of_a_fresh_nonce() -> None:
    # the protocol from outside: a client that proves the key over two connections
    key = os.urandom(32)
    bar = Progbar(None, display="silent")
    address = bar.share(key=key).address
    bar_id = hashlib.sha256(b"progbar-share-id" + key).digest()[:16]
    nonces = []
    for _ in range(2):
        with socket.create_connection(address, timeout=10) as sock:
            greeting = sock.recv(36)
            assert greeting[:4] == b"PBS1"
            nonces.append(greeting[4:])
            digest = hmac.new(key, greeting[4:] + bar_id, hashlib.sha256).digest()
            sock.sendall(bar_id + digest)
            assert sock.recv(2) == b"OK"
            sock.sendall(b"I" + (7).to_bytes(8, "big") + b"S" + (2).to_bytes(8, "big"))
            assert sock.recv(9) == b"S" + (2).to_bytes(8, "big")  # echoed once folded
    assert bar.current == 14
    assert nonces[0] != nonces[1]  # a recorded answer is worthless next time
