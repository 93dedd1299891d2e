"""Per-shard token buckets on the injected clock.

A provisioned shard accepts 1 MiB/s or 1,000 records/s of writes and serves
2 MiB/s over 5 GetRecords calls/s. Buckets hold one second of capacity and
refill continuously as the clock moves; reads are charged after the fact, so
a 10 MiB read leaves a debt that blocks reads for the next 5 seconds, as AWS
does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["TokenBucket", "ShardThroughput", "MIB"]

MIB = 1024 * 1024


@dataclass(slots=True)
class TokenBucket:
    """``rate`` tokens per second, at most ``capacity`` banked; may go into debt via :meth:`charge`."""

    rate: float
    capacity: float
    tokens: float = 0.0
    last: float | None = None

    def _refill(self, now: float) -> None:
        if self.last is None:
            self.tokens, self.last = self.capacity, now
        elif now > self.last:
            self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
            self.last = now

    def available(self, now: float) -> float:
        self._refill(now)
        return self.tokens

    def take(self, amount: float, now: float) -> bool:
        """Take ``amount`` tokens if they are all there. O(1)."""
        self._refill(now)
        if self.tokens >= amount:
            self.tokens -= amount
            return True
        return False

    def charge(self, amount: float, now: float) -> None:
        """Take ``amount`` unconditionally (the balance may go negative)."""
        self._refill(now)
        self.tokens -= amount


@dataclass(slots=True)
class ShardThroughput:
    """The four buckets of one provisioned shard."""

    write_bytes: TokenBucket = field(default_factory=lambda: TokenBucket(MIB, MIB))
    write_records: TokenBucket = field(default_factory=lambda: TokenBucket(1000, 1000))
    read_bytes: TokenBucket = field(default_factory=lambda: TokenBucket(2 * MIB, 2 * MIB))
    read_calls: TokenBucket = field(default_factory=lambda: TokenBucket(5, 5))

    def admit_write(self, size: int, now: float) -> bool:
        """Whether one record of ``size`` bytes (data + key) may be written now."""
        if self.write_bytes.available(now) < size or self.write_records.available(now) < 1:
            return False
        self.write_bytes.take(size, now)
        self.write_records.take(1, now)
        return True

    def admit_read(self, now: float) -> bool:
        """Whether a GetRecords call may run now (a call token and no byte debt)."""
        if self.read_bytes.available(now) <= 0:
            return False
        return self.read_calls.take(1, now)
