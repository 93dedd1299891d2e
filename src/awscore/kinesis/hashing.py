"""The one definition of Kinesis's hash space and of routing a key to a shard.

A record's hash key is MD5 of the partition key's UTF-8 bytes read as an
unsigned big-endian 128-bit integer (or its ExplicitHashKey). CreateStream
with N shards splits ``[0, 2**128)`` into ``w = 2**128 // N`` wide ranges, the
last one ending at ``2**128 - 1``.

>>> uniform_ranges(3)[0]
(0, 113427455640312821154458202477256070484)
>>> hash_key("a") < uniform_ranges(3)[0][1]
True
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from hashlib import md5
from typing import Generic, TypeVar

__all__ = ["HASH_SPACE", "MAX_HASH", "hash_key", "uniform_ranges", "Router"]

HASH_SPACE = 1 << 128
MAX_HASH = HASH_SPACE - 1

T = TypeVar("T")


def hash_key(partition_key: str) -> int:
    """MD5 of the key's UTF-8 bytes as an unsigned 128-bit integer. O(len(key))."""
    return int.from_bytes(md5(partition_key.encode("utf-8")).digest(), "big")


def uniform_ranges(n: int) -> list[tuple[int, int]]:
    """AWS's split of the hash space into ``n`` inclusive ranges (CreateStream, UpdateShardCount)."""
    if n < 1:
        raise ValueError("n must be >= 1")
    width = HASH_SPACE // n
    ranges = [(width * i, width * (i + 1) - 1) for i in range(n)]
    ranges[-1] = (ranges[-1][0], MAX_HASH)
    return ranges


class Router(Generic[T]):
    """An immutable snapshot of the open shards sorted by starting hash key.

    Routing is one bisect: O(log n). Resharding builds a new Router and swaps
    it in atomically, so readers never need a lock.
    """

    __slots__ = ("_starts", "_targets")

    def __init__(self, entries: Sequence[tuple[int, T]]) -> None:
        ordered = sorted(entries, key=lambda e: e[0])
        self._starts = [start for start, _ in ordered]
        self._targets = [target for _, target in ordered]

    def route(self, key: int) -> T:
        """The target whose range holds ``key`` (the caller guarantees 0 <= key < 2**128)."""
        return self._targets[bisect_right(self._starts, key) - 1]

    def __len__(self) -> int:
        return len(self._targets)

    def targets(self) -> list[T]:
        """The targets in hash order."""
        return list(self._targets)
