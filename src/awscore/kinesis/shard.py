"""A shard: a hash-key range, its lineage, and its records in sequence order.

Records are kept in parallel arrays (sequence numbers, arrival times in ms,
data, partition keys), so finding a start position, by sequence number or by
timestamp, is a bisect, and appending is O(1) whatever the shard holds.
Records older than the retention are cut off lazily by moving ``head``;
the arrays are compacted once most of them are dead.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import NamedTuple

from . import seqnum
from .throughput import ShardThroughput

__all__ = ["Record", "Shard", "shard_id_of", "parse_shard_index"]


#: the largest shard index AWS parses (a Java int)
MAX_SHARD_INDEX = 2**31 - 1


def shard_id_of(index: int) -> str:
    """``shardId-`` + 12-digit zero-padded index."""
    return f"shardId-{index:012d}"


def parse_shard_index(text: str) -> int | None:
    """AWS's lenient parse: the number after the last ``-`` (``shard-1`` -> 1), else ``None``.

    Indices above 2**31 - 1 do not parse (AWS answers ``Could not find shard <id>`` for them).
    """
    tail = text.rsplit("-", 1)[-1]
    if not tail.isdigit() or not tail.isascii() or len(tail) > 18:
        return None
    index = int(tail)
    return index if index <= MAX_SHARD_INDEX else None


class Record(NamedTuple):
    """One record as read back: typed values (int sequence number, ms arrival time)."""

    sequence_number: int
    arrival_ms: int
    data: bytes
    partition_key: str
    encrypted: bool = False


@dataclass(eq=False, slots=True)
class Shard:
    """One shard. Mutated only under its stream's lock."""

    index: int
    start_hash: int
    end_hash: int
    created_at: float
    create_secs: int
    parent_id: str | None = None
    adjacent_parent_id: str | None = None
    closed_at: float | None = None
    ending_sequence: int | None = None
    children: list[str] = field(default_factory=list)
    seqs: list[int] = field(default_factory=list)
    arrivals: list[int] = field(default_factory=list)
    data: list[bytes] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    encrypted: list[bool] = field(default_factory=list)
    head: int = 0
    counter: int = 0
    throughput: ShardThroughput = field(default_factory=ShardThroughput)
    window_start: float = 0.0
    window_bytes: int = 0
    _high: int = 0
    _low: int = 0
    shard_id: str = ""

    def __post_init__(self) -> None:
        self._high, self._low = seqnum.shard_prefix(self.create_secs, self.index)
        self.shard_id = shard_id_of(self.index)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def starting_sequence(self) -> int:
        """The number below every record of the shard (sequence index 0)."""
        return seqnum.encode(self.create_secs, self.index, 0, self.create_secs)

    def last_sequence(self) -> int:
        """The newest record's number, or the starting number when empty."""
        return self.seqs[-1] if len(self.seqs) > self.head else self.starting_sequence

    def __len__(self) -> int:
        """Live (untrimmed) records."""
        return len(self.seqs) - self.head

    # -- writing -----------------------------------------------------------------

    def append(self, data: bytes, key: str, arrival_ms: int, encrypted: bool) -> int:
        """Store a record and return its sequence number. O(1)."""
        arrivals = self.arrivals
        if arrivals and arrival_ms < arrivals[-1]:
            arrival_ms = arrivals[-1]  # arrival times never go backwards within a shard
        n = self.counter = self.counter + 1
        seq = ((self._high | n) << 80) | (((arrival_ms // 1000) & 0xFFFFFFFFF) << 36) | self._low
        self.seqs.append(seq)
        arrivals.append(arrival_ms)
        self.data.append(data)
        self.keys.append(key)
        self.encrypted.append(encrypted)
        return seq

    def close(self, now: float) -> None:
        """Close the shard: no more writes; its ending number is above all of its records."""
        self.closed_at = now
        secs = max(int(now), self.arrivals[-1] // 1000 if self.arrivals else 0)
        self.ending_sequence = seqnum.encode(self.create_secs, self.index, seqnum.END_SEQ_INDEX, secs)

    # -- retention -----------------------------------------------------------------

    def trim(self, horizon_ms: int) -> None:
        """Forget records that arrived before ``horizon_ms``. O(log n) amortised."""
        if self.head < len(self.arrivals) and self.arrivals[self.head] < horizon_ms:
            self.head = bisect_left(self.arrivals, horizon_ms, self.head)
        if self.head > 1024 and self.head * 2 > len(self.seqs):
            cut = self.head
            del self.seqs[:cut], self.arrivals[:cut], self.data[:cut], self.keys[:cut], self.encrypted[:cut]
            self.head = 0

    def newest_arrival_ms(self) -> int | None:
        return self.arrivals[-1] if len(self.arrivals) > self.head else None

    # -- reading -------------------------------------------------------------------

    def position_index(self, seq: int, inclusive: bool) -> int:
        """Index of the first live record at (or after, when not inclusive) ``seq``. O(log n)."""
        find = bisect_left if inclusive else bisect_right
        return max(find(self.seqs, seq), self.head)

    def timestamp_index(self, ms: int) -> int:
        """Index of the first live record that arrived at or after ``ms``. O(log n)."""
        return max(bisect_left(self.arrivals, ms), self.head)

    def read(self, start: int, limit: int, max_bytes: int) -> list[Record]:
        """Up to ``limit`` records from index ``start``, at most ``max_bytes`` of data (at least one)."""
        stop = min(len(self.seqs), start + limit)
        out: list[Record] = []
        total = 0
        seqs, arrivals, data, keys, enc = self.seqs, self.arrivals, self.data, self.keys, self.encrypted
        for i in range(start, stop):
            blob = data[i]
            total += len(blob) + len(keys[i])
            if total > max_bytes and out:
                break
            out.append(Record(seqs[i], arrivals[i], blob, keys[i], enc[i]))
        return out

    # -- invariants --------------------------------------------------------------

    def _check(self) -> None:
        assert self.start_hash <= self.end_hash
        assert 0 <= self.head <= len(self.seqs)
        n = len(self.seqs)
        assert len(self.arrivals) == len(self.data) == len(self.keys) == len(self.encrypted) == n
        assert all(self.seqs[i] < self.seqs[i + 1] for i in range(n - 1)), "sequence numbers not increasing"
        assert all(self.arrivals[i] <= self.arrivals[i + 1] for i in range(n - 1))
        if n:
            assert self.seqs[0] > self.starting_sequence
        if self.ending_sequence is not None and n:
            assert self.seqs[-1] < self.ending_sequence
