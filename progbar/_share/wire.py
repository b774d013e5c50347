"""The wire protocol between a shared bar and its workers: bytes in, bytes out, no sockets.

A connection starts with a challenge, as ``multiprocessing.connection``'s
``authkey`` does: the parent sends ``MAGIC + nonce``; the worker answers with
the bar id and ``HMAC-SHA256(key, nonce + bar id)``, so the key itself never
crosses the wire and a recorded answer is useless on the next connection.
The parent replies ``OK`` to a worker that proved the key and hangs up on
anyone else. After that the worker sends fixed 9-byte frames (a kind byte
and 8 bytes): no pickle, so even a peer holding the key cannot run code in
the parent.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import struct

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from typing import Optional, Union

__all__ = [
    "ANSWER_SIZE",
    "CHALLENGE_SIZE",
    "FRAME_SIZE",
    "OK",
    "Frame",
    "answer",
    "bar_id_for",
    "challenge",
    "decode",
    "encode_bye",
    "encode_delta",
    "encode_sync",
    "read_answer",
]

MAGIC = b"PBS1"  # progbar share, version 1
NONCE_SIZE = 32
ID_SIZE = 16
DIGEST_SIZE = 32
CHALLENGE_SIZE = len(MAGIC) + NONCE_SIZE
ANSWER_SIZE = ID_SIZE + DIGEST_SIZE
OK = b"OK"  # the parent accepted the answer; also the reply to a sync frame
FRAME_SIZE = 9

_INT = struct.Struct("!cq")
_FLOAT = struct.Struct("!cd")

# frame kinds: an int or float delta, a sync request (echoed back once folded) and the
# clean goodbye
DELTA_INT, DELTA_FLOAT, SYNC, BYE = b"I", b"F", b"S", b"B"

Frame = tuple[bytes, "Union[int, float]"]


def bar_id_for(key: bytes) -> bytes:
    """The public id of the bar whose secret is ``key`` (it reveals nothing about the key)."""
    return hashlib.sha256(b"progbar-share-id" + key).digest()[:ID_SIZE]


def challenge(nonce: bytes) -> bytes:
    """The parent's first bytes on a new connection."""
    return MAGIC + nonce


def answer(greeting: bytes, key: bytes) -> Optional[bytes]:
    """The worker's reply to ``greeting``, or None when it is not a progbar parent's."""
    if len(greeting) != CHALLENGE_SIZE or not greeting.startswith(MAGIC):
        return None
    bar_id = bar_id_for(key)
    nonce = greeting[len(MAGIC) :]
    return bar_id + hmac.new(key, nonce + bar_id, hashlib.sha256).digest()


def read_answer(data: bytes, nonce: bytes, keys: dict[bytes, bytes]) -> Optional[bytes]:
    """The bar id that ``data`` proves to hold the key of, or None.

    Args:
        data: the worker's ``ANSWER_SIZE`` bytes.
        nonce: what this connection was challenged with.
        keys: bar id -> secret key, for every bar served.
    """
    bar_id, digest = data[:ID_SIZE], data[ID_SIZE:ANSWER_SIZE]
    key = keys.get(bar_id)
    if key is None or len(digest) != DIGEST_SIZE:
        return None
    expected = hmac.new(key, nonce + bar_id, hashlib.sha256).digest()
    return bar_id if hmac.compare_digest(digest, expected) else None


def encode_delta(n: Union[int, float]) -> bytes:
    """A frame advancing the bar by ``n`` (ints travel exactly, up to 2**63)."""
    if type(n) is int and -(2**63) <= n < 2**63:
        return _INT.pack(DELTA_INT, n)
    return _FLOAT.pack(DELTA_FLOAT, float(n))


def encode_sync(seq: int, inside: bool) -> bytes:
    """A frame asking the parent to confirm it folded everything sent before it.

    The parent echoes the frame back; ``seq`` tells a late echo (of a flush
    that timed out) from the one awaited, and the low bit says whether the
    worker is still inside ``with handle:`` (busy, so hanging up would lose work).
    """
    return _INT.pack(SYNC, (seq % 2**61) * 2 + (1 if inside else 0))


def encode_bye() -> bytes:
    """The frame a worker sends when it leaves cleanly."""
    return _INT.pack(BYE, 0)


def decode(frame: bytes) -> Optional[Frame]:
    """``(kind, value)`` of one ``FRAME_SIZE``-byte frame, or None when it is malformed."""
    kind = frame[:1]
    if kind == DELTA_FLOAT:
        value: Union[int, float] = _FLOAT.unpack(frame)[1]
        return (kind, value) if math.isfinite(value) else None
    if kind in (DELTA_INT, SYNC, BYE):
        return kind, _INT.unpack(frame)[1]
    return None
