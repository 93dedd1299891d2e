"""Shard iterators and pagination tokens: opaque, tamper-evident, time-stamped.

An iterator is an immutable position in one shard of one stream incarnation:
``(stream, incarnation, shard index, sequence number, inclusive)`` plus the
time it was issued. It is rendered as URL-safe base64 with a keyed BLAKE2
tag, so anything edited or made up reads as ``Invalid ShardIterator.``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from ..clock import to_datetime

__all__ = ["Position", "IteratorToken", "encode_iterator", "decode_iterator", "encode_token",
           "decode_token", "java_utc", "ITERATOR_TTL"]

#: iterators and NextTokens expire after 5 minutes of clock time
ITERATOR_TTL = 300.0
_KEY = b"awscore-kinesis-iterator-v1"


@dataclass(frozen=True, slots=True)
class Position:
    """Where the next read starts: at ``seq`` when ``inclusive``, else just after it."""

    seq: int
    inclusive: bool = False


@dataclass(frozen=True, slots=True)
class IteratorToken:
    stream: str
    incarnation: int
    shard_index: int
    position: Position
    issued_ms: int


def _sign(body: bytes) -> bytes:
    return hashlib.blake2b(body, key=_KEY, digest_size=12).digest()


def _pack(payload: Any) -> str:
    body = json.dumps(payload, separators=(",", ":")).encode()
    return base64.b64encode(_sign(body) + body).decode()


def _unpack(token: str) -> Any:
    try:
        raw = base64.b64decode(token.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return None
    tag, body = raw[:12], raw[12:]
    if len(raw) <= 12 or _sign(body) != tag:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


def encode_iterator(token: IteratorToken) -> str:
    """The opaque string handed to callers."""
    p = token.position
    return _pack(["I", token.issued_ms, token.stream, token.incarnation, token.shard_index, str(p.seq),
                  int(p.inclusive)])


def decode_iterator(text: str) -> IteratorToken | None:
    """The iterator behind ``text``, or ``None`` when it is not one of ours."""
    data = _unpack(text) if isinstance(text, str) else None
    if not isinstance(data, list) or len(data) != 7 or data[0] != "I":
        return None
    _, issued, stream, incarnation, shard_index, seq, inclusive = data
    return IteratorToken(stream, incarnation, shard_index, Position(int(seq), bool(inclusive)), issued)


def encode_token(kind: str, issued_ms: int, **fields: Any) -> str:
    """A NextToken of ``kind`` carrying ``fields``."""
    return _pack({"k": kind, "t": issued_ms, **fields})


def decode_token(kind: str, text: str) -> dict[str, Any] | None:
    """The fields of a NextToken of ``kind``, or ``None``."""
    data = _unpack(text) if isinstance(text, str) else None
    if not isinstance(data, dict) or data.get("k") != kind:
        return None
    return data


def java_utc(ms: int) -> str:
    """Java's ``Date.toString()`` in UTC: ``Thu Jan 22 01:22:02 UTC 2015``."""
    return to_datetime(ms / 1000).strftime("%a %b %d %H:%M:%S UTC %Y")
