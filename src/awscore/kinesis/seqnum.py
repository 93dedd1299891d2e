"""Sequence numbers in AWS's 56-digit layout.

As hex (47 nibbles, reverse-engineered by kinesalite and matching AWS's
published samples)::

    2 | shardCreateSecs(9) | shardIndex & 0xf (1) | seqIndex(16) | 00 | recordSecs(9) | shardIndex(8) | 2

Numbers are ordered first by shard creation time, so a child shard's numbers
exceed its parents'; within a shard by the per-shard sequence index. The
shard index and both times can be decoded back.

>>> n = 49546986683135544286507457936321625675700192471156785154
>>> decode(n)
SeqParts(shard_create_secs=1421279230, shard_index=0, seq_index=469, record_secs=1421279386)
>>> encode(1421279230, 0, 469, 1421279386) == n
True
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["SeqParts", "Classified", "encode", "decode", "classify", "parse", "END_SEQ_INDEX", "shard_prefix"]

END_SEQ_INDEX = 0x7FFFFFFFFFFFFFFF
_M36 = (1 << 36) - 1
_M32 = (1 << 32) - 1
_M64 = (1 << 64) - 1


class SeqParts(NamedTuple):
    shard_create_secs: int
    shard_index: int
    seq_index: int
    record_secs: int


def shard_prefix(shard_create_secs: int, shard_index: int) -> tuple[int, int]:
    """The constant high and low parts of every number of one shard (for fast encoding)."""
    high = ((2 << 40) | ((shard_create_secs & _M36) << 4) | (shard_index & 0xF)) << 64
    low = ((shard_index & _M32) << 4) | 2
    return high, low


def encode(shard_create_secs: int, shard_index: int, seq_index: int, record_secs: int) -> int:
    """The sequence number of the given parts."""
    high, low = shard_prefix(shard_create_secs, shard_index)
    return ((high | (seq_index & _M64)) << 80) | ((record_secs & _M36) << 36) | low


def decode(number: int) -> SeqParts | None:
    """The parts of ``number``, or ``None`` when it is not in AWS's layout."""
    if number >> 184 != 2 or number & 0xF != 2 or (number >> 72) & 0xFF:
        return None
    shard_index = (number >> 4) & _M32
    if (number >> 144) & 0xF != shard_index & 0xF:
        return None
    return SeqParts((number >> 148) & _M36, shard_index, (number >> 80) & _M64, (number >> 36) & _M36)


def parse(text: str) -> int | None:
    """A decimal sequence-number string as an int, or ``None`` when it is not one."""
    if not text or not text.isdigit() or not text.isascii() or len(text) > 129:
        return None
    return int(text)


_P124 = 1 << 124
_P129 = 1 << 129
_P185 = 1 << 185
_V12_END = 3 << 184
#: Version-0 numbers whose creation seconds reach this do not parse (AWS: "is invalid.").
_V0_MAX_SECS = 16025175000


class Classified(NamedTuple):
    """How AWS reads a caller's sequence number (layouts reverse-engineered by kinesalite).

    ``version`` is 0 (legacy 32-nibble layout), 1 or 2 (the 47-nibble layouts, 2 being the
    one awscore writes). ``ok`` is False when AWS cannot parse the number at all; then
    only ``version`` is meaningful (PutRecord answers InternalFailure for version 3).
    ``shown`` is the number as AWS echoes it in "did not come from this stream".
    """

    ok: bool
    version: int
    shard_create_secs: int = 0
    shard_index: int = 0
    record_secs: int | None = None
    shown: int = 0


def classify(number: int) -> Classified:
    """Read ``number`` as AWS does: small numbers are version 0 (offset by 2^124),
    numbers just above 2^185 carry their version in the last nibble.

    >>> classify(5).shard_index, classify(5).version
    (5, 0)
    >>> classify(int("2" + "0" * 45 + "1", 16)).ok
    True
    >>> classify(int("2" + "0" * 45 + "3", 16))
    Classified(ok=False, version=3, shard_create_secs=0, shard_index=0, record_secs=None, shown=0)
    """
    if number < _P124:
        number += _P124
    h = format(number, "x")
    if number < _P129:
        secs = int(h[1:10], 16)
        if secs >= _V0_MAX_SECS:
            return Classified(False, 0)
        return Classified(True, 0, secs, int(h[28:32], 16), None, int("1" + h[1:32], 16))
    if not _P185 < number < _V12_END:
        return Classified(False, -1)
    version = number & 0xF
    if version == 2:
        if h[11] > "7" or h[38] > "7":
            return Classified(False, 2)
        return Classified(True, 2, int(h[1:10], 16), int(h[38:46], 16), int(h[29:38], 16), number)
    if version == 1:
        return Classified(True, 1, int(h[1:10], 16), int(h[38:46], 16), int(h[13:22], 16), number)
    return Classified(False, version)
