"""Capacity units as DynamoDB computes them, and provisioned-throughput token buckets.

Reads: ``ceil(size / 4 KB)`` units (minimum 1), half for eventually
consistent reads, double for transactional ones. Writes: ``ceil(size / 1 KB)``
(minimum 1), double for transactional ones. A :class:`Consumed` collects the
units of one request per table and per index; the API layer renders it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from ..clock import Clock

__all__ = ["read_units", "write_units", "Consumed", "TokenBucket", "BURST_SECONDS"]

BURST_SECONDS = 300.0


def read_units(size: int, *, consistent: bool = True, transactional: bool = False) -> float:
    """Read capacity of ``size`` bytes: 4 KB units, x0.5 eventually consistent, x2 transactional."""
    units = max(1, -(-size // 4096))
    if transactional:
        return float(units * 2)
    return float(units) if consistent else units / 2


def write_units(size: int, *, transactional: bool = False) -> float:
    """Write capacity of ``size`` bytes: 1 KB units (minimum 1), x2 transactional."""
    units = max(1, -(-size // 1024))
    return float(units * 2 if transactional else units)


@dataclass(slots=True)
class Consumed:
    """Units one request consumed on one table: the table's own and each index's."""

    table_name: str
    table: float = 0.0
    read: float = 0.0
    write: float = 0.0
    gsi: dict[str, float] = field(default_factory=dict)
    lsi: dict[str, float] = field(default_factory=dict)
    #: whether the table's own part was touched (a Query on an index reports only the index)
    on_table: bool = True

    @property
    def total(self) -> float:
        """Table plus index units: the ConsumedCapacity ``CapacityUnits``."""
        return self.table + sum(self.gsi.values()) + sum(self.lsi.values())

    def add(self, other: Consumed) -> None:
        """Fold ``other`` (same table) into this one."""
        self.table += other.table
        self.read += other.read
        self.write += other.write
        self.on_table = self.on_table or other.on_table
        for mine, theirs in ((self.gsi, other.gsi), (self.lsi, other.lsi)):
            for name, units in theirs.items():
                mine[name] = mine.get(name, 0.0) + units


class TokenBucket:
    """A per-second token bucket on the clock, keeping up to 300 s of unused capacity as burst.

    ``take(units)`` returns False (and takes nothing) when the bucket cannot
    cover the request; refill is computed lazily from the clock.
    """

    def __init__(self, rate: float, clock: Clock, burst_seconds: float = BURST_SECONDS) -> None:
        self.rate = float(rate)
        self.clock = clock
        self.burst_seconds = burst_seconds
        self.tokens = self.capacity
        self.last = clock.now()
        self._lock = threading.Lock()

    @property
    def capacity(self) -> float:
        """The most tokens the bucket holds: ``burst_seconds`` of its rate."""
        return max(self.rate * self.burst_seconds, self.rate)

    def _refill(self) -> None:
        now = self.clock.now()
        if now > self.last:
            self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
            self.last = now

    def available(self) -> float:
        """Tokens available now (refilled lazily from the clock)."""
        with self._lock:
            self._refill()
            return self.tokens

    def take(self, units: float) -> bool:
        """Consume ``units`` if available (a bucket with some tokens may go negative once)."""
        with self._lock:
            self._refill()
            if self.tokens <= 0:
                return False
            self.tokens -= units
            return True

    def charge(self, units: float) -> None:
        """Consume ``units`` unconditionally (writes that already happened)."""
        with self._lock:
            self._refill()
            self.tokens -= units

    def set_rate(self, rate: float) -> None:
        """Change the rate (UpdateTable), keeping the tokens already earned."""
        with self._lock:
            self._refill()
            self.rate = float(rate)
            self.tokens = min(self.tokens, self.capacity)
