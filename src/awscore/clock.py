"""The one source of time for every engine.

AWS behaviour that depends on time (retention, TTL, lifecycle, buffering
intervals, iterator expiry, status transitions) reads a :class:`Clock`.
Engines never call ``time.time()`` themselves: a test injects a
:class:`ManualClock` or calls :meth:`SystemClock.advance` and watches the
behaviour happen without sleeping.

>>> clock = ManualClock(1_700_000_000)
>>> clock.advance(60)
>>> clock.now()
1700000060.0
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from typing import Protocol, runtime_checkable

__all__ = ["Clock", "SystemClock", "ManualClock", "to_datetime", "to_epoch"]


@runtime_checkable
class Clock(Protocol):
    """What engines need from a clock: the current epoch time, and a way to move it."""

    def now(self) -> float:
        """Seconds since the Unix epoch, as a float."""
        ...

    def advance(self, seconds: float) -> None:
        """Move time forward by ``seconds`` (never backwards)."""
        ...


def to_datetime(epoch: float) -> datetime:
    """A timezone-aware UTC datetime for an epoch time (what botocore hands its callers)."""
    return datetime.fromtimestamp(epoch, tz=UTC)


def to_epoch(value: datetime | float | int | str) -> float:
    """Epoch seconds from a datetime (naive means UTC), a number, or an ISO-8601 string."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.timestamp()
    if isinstance(value, str):
        return to_epoch(datetime.fromisoformat(value.replace("Z", "+00:00")))
    return float(value)


class _Base:
    def datetime(self) -> datetime:
        """The current time as a timezone-aware UTC datetime."""
        return to_datetime(self.now())  # type: ignore[attr-defined]

    def now_ms(self) -> int:
        """The current time in whole milliseconds since the epoch."""
        return int(self.now() * 1000)  # type: ignore[attr-defined]


class SystemClock(_Base):
    """Real time plus an offset that :meth:`advance` moves forward.

    The default clock of a :class:`awscore.Cloud`: time flows as on the wall,
    and a test can still jump ahead (``cloud.clock.advance(3600)``).
    """

    def __init__(self, offset: float = 0.0) -> None:
        self._offset = float(offset)
        self._lock = threading.Lock()

    def now(self) -> float:
        return time.time() + self._offset

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock only moves forward")
        with self._lock:
            self._offset += seconds

    def sleep(self, seconds: float) -> None:
        """Really wait (for code that must pace itself against wall time)."""
        time.sleep(seconds)

    def __repr__(self) -> str:
        return f"SystemClock(offset={self._offset})"


class ManualClock(_Base):
    """A clock that only moves when told: fully deterministic tests.

    ``ManualClock(start)`` takes epoch seconds or a datetime; by default it
    starts at the real current time, then stands still.
    """

    def __init__(self, start: float | datetime | None = None) -> None:
        self._now = time.time() if start is None else to_epoch(start)
        self._lock = threading.Lock()

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock only moves forward")
        with self._lock:
            self._now += seconds

    def set(self, when: float | datetime) -> None:
        """Jump to an absolute time, which must not be in the past."""
        target = to_epoch(when)
        with self._lock:
            if target < self._now:
                raise ValueError("a clock only moves forward")
            self._now = target

    def sleep(self, seconds: float) -> None:
        """Sleeping on a manual clock advances it instantly."""
        self.advance(seconds)

    def __repr__(self) -> str:
        return f"ManualClock({self._now})"
