"""The state every part of a :class:`~awscore.kinesis.Stream` shares, and its clockwork.

Time-driven changes (CREATING -> ACTIVE, a reshard taking effect, UPDATING ->
ACTIVE) are queued with the clock time at which they happen and applied
lazily by :meth:`StreamBase._settle` whenever the stream is read or changed.
"""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..clock import Clock, SystemClock
from ..core.defaults import DEFAULT_ACCOUNT, DEFAULT_REGION
from ..core.validation import render_value, validation_message
from .enums import EncryptionType, MetricsName, StreamMode, StreamStatus, parse_enum
from .errors import (
    InvalidArgumentException,
    ResourceNotFoundException,
    ValidationException,
    not_active,
    stream_not_found,
)
from .hashing import Router, uniform_ranges
from .shard import Shard, parse_shard_index, shard_id_of

if TYPE_CHECKING:
    from .consumers import Consumer

__all__ = ["StreamBase", "default_mode", "DEFAULT_ACCOUNT", "DEFAULT_REGION", "ON_DEMAND_SHARDS"]

ON_DEMAND_SHARDS = 4
NAME_PATTERN = re.compile(r"[a-zA-Z0-9_.-]+")

def default_mode(shard_count: int | None) -> StreamMode:
    """CreateStream's mode when none is given: PROVISIONED with a shard count, else ON_DEMAND."""
    return StreamMode.ON_DEMAND if shard_count is None else StreamMode.PROVISIONED


#: ``limit_hook(additional_open_shards)`` raises LimitExceededException when the account quota would be passed
LimitHook = Callable[[int], None]


class StreamBase:
    """Attributes and helpers shared by the writer, reader, resharding and consumer parts."""

    def __init__(
        self,
        name: str,
        shard_count: int | None = None,
        *,
        mode: StreamMode | str | None = None,
        clock: Clock | None = None,
        account: str = DEFAULT_ACCOUNT,
        region: str = DEFAULT_REGION,
        retention_hours: int = 24,
        max_record_size_kib: int = 1024,
        status_delay: float = 0.0,
        throughput_limits: bool = False,
        tags: dict[str, str] | None = None,
        limit_hook: LimitHook | None = None,
    ) -> None:
        if not isinstance(name, str) or not 1 <= len(name) <= 128 or not NAME_PATTERN.fullmatch(name):
            raise ValidationException(validation_message([
                f"Value {render_value(name)} at 'streamName' failed to satisfy constraint: "
                "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"]))
        self.mode = default_mode(shard_count) if mode is None else parse_enum(
            StreamMode, mode, "streamModeDetails.streamMode")
        if self.mode is StreamMode.ON_DEMAND:
            if shard_count is not None:
                raise InvalidArgumentException(
                    "ShardCount must not be specified when the stream mode is ON_DEMAND")  # [verify]
            shard_count = ON_DEMAND_SHARDS
        elif shard_count is None:
            raise ValidationException("1 validation error detected: Value null at 'shardCount' failed to "
                                      "satisfy constraint: Member must not be null")
        if not isinstance(shard_count, int) or shard_count < 1:
            raise ValidationException(validation_message([
                f"Value {render_value(shard_count)} at 'shardCount' failed to satisfy constraint: "
                "Member must have value greater than or equal to 1"]))
        self.name = name
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.account = account
        self.region = region
        self.arn = f"arn:aws:kinesis:{region}:{account}:stream/{name}"
        self.retention_hours = retention_hours
        self.max_record_size_kib = max_record_size_kib
        self.status_delay = float(status_delay)
        self.throughput_limits = throughput_limits
        self.tags: dict[str, str] = dict(tags or {})
        self.encryption = EncryptionType.NONE
        self.key_id: str | None = None
        #: set to a KMS* error (e.g. ``KMSDisabledException(...)``) to make writes to an encrypted stream fail
        self.kms_failure: Exception | None = None
        self.shard_level_metrics: list[MetricsName] = []
        self.limit_hook = limit_hook
        self.consumers: dict[str, Consumer] = {}
        self._lock = threading.RLock()
        now = self.clock.now()
        self.created_at = now
        #: tells apart two streams of the same name, even re-created at the same instant
        #: (iterators and NextTokens of a deleted stream stay invalid)
        self.incarnation = uuid.uuid4().int >> 66
        self._ready_at = now + self.status_delay
        self._deleting = False
        self._pending: list[tuple[float, Callable[[float], None]]] = []
        self._scalings: list[float] = []
        self._mode_switches: list[float] = []
        self.shards: dict[int, Shard] = {}
        self._next_index = 0
        secs = int(now)
        for start, end in uniform_ranges(shard_count):
            self._new_shard(start, end, now, secs)
        self._reroute()

    # -- shards ------------------------------------------------------------------------

    def _new_shard(self, start: int, end: int, now: float, create_secs: int,
                   parent: str | None = None, adjacent: str | None = None) -> Shard:
        shard = Shard(self._next_index, start, end, now, create_secs, parent, adjacent, window_start=now)
        self.shards[shard.index] = shard
        self._next_index += 1
        return shard

    def _reroute(self) -> None:
        self._router: Router[Shard] = Router([(s.start_hash, s) for s in self.shards.values() if s.is_open])

    def open_shards(self) -> list[Shard]:
        """The open shards in hash order."""
        self._settle()
        return self._router.targets()

    def _find_shard(self, shard_id: str) -> Shard | None:
        index = parse_shard_index(shard_id) if isinstance(shard_id, str) else None
        return None if index is None else self.shards.get(index)

    @staticmethod
    def _display_id(shard_id: str) -> str:
        index = parse_shard_index(shard_id) if isinstance(shard_id, str) else None
        return shard_id if index is None else shard_id_of(index)

    # -- time -------------------------------------------------------------------------

    def _schedule(self, action: Callable[[float], None], delay: float | None = None) -> None:
        """Run ``action(effective_time)`` now (delay 0) or lazily once the clock passes the delay."""
        at = self.clock.now() + (self.status_delay if delay is None else delay)
        self._pending.append((at, action))
        self._settle()

    def _settle(self) -> None:
        """Apply every queued change whose time has come (in order)."""
        if not self._pending:
            return
        now = self.clock.now()
        with self._lock:
            while self._pending and self._pending[0][0] <= now:
                at, action = self._pending.pop(0)
                action(at)

    @property
    def status(self) -> StreamStatus:
        """CREATING, ACTIVE, UPDATING or DELETING, as of the clock's now."""
        self._settle()
        if self._deleting:
            return StreamStatus.DELETING
        if self.clock.now() < self._ready_at:
            return StreamStatus.CREATING
        if self._pending:
            return StreamStatus.UPDATING
        return StreamStatus.ACTIVE

    def _require_exists(self) -> None:
        """Data-plane calls on a CREATING stream fail as if it did not exist."""
        if self.clock.now() < self._ready_at:
            raise stream_not_found(self.name, self.account)

    def _require_active(self) -> None:
        status = self.status
        if status is not StreamStatus.ACTIVE:
            raise not_active(self.name, self.account, status.value)

    def _require_provisioned(self) -> None:
        if self.mode is StreamMode.ON_DEMAND:
            raise ValidationException(
                f"Request is invalid. Stream {self.name} under account {self.account} is in On-Demand mode.")

    def _shard_for_write(self, shard_id: str) -> Shard:
        shard = self._find_shard(shard_id)
        if shard is None:
            raise ResourceNotFoundException(
                f"Could not find shard {self._display_id(shard_id)} in stream {self.name} "
                f"under account {self.account}.")
        return shard

    def retention_horizon_ms(self) -> int:
        """Records that arrived before this instant (ms) are gone."""
        return int((self.clock.now() - self.retention_hours * 3600) * 1000)

    def is_expired(self, shard: Shard) -> bool:
        """A closed shard whose every record is past retention (no longer listed)."""
        return shard.closed_at is not None and shard.closed_at * 1000 < self.retention_horizon_ms()

    # -- invariants -------------------------------------------------------------------

    def _check(self) -> None:
        """Assert every internal invariant (used by the stress and state-machine tests)."""
        with self._lock:
            open_shards = sorted((s for s in self.shards.values() if s.is_open), key=lambda s: s.start_hash)
            assert open_shards, "a stream always has an open shard"
            assert open_shards[0].start_hash == 0
            assert open_shards[-1].end_hash == (1 << 128) - 1
            for a, b in zip(open_shards, open_shards[1:]):
                assert a.end_hash + 1 == b.start_hash, "open shards must tile the hash space"
            assert self._router.targets() == open_shards
            for shard in self.shards.values():
                shard._check()
                assert shard.index < self._next_index
                for parent_id in (shard.parent_id, shard.adjacent_parent_id):
                    if parent_id is None:
                        continue
                    parent = self._find_shard(parent_id)
                    assert parent is not None and not parent.is_open
                    assert shard.shard_id in parent.children
                    assert shard.create_secs > parent.create_secs
                    if parent.seqs and shard.seqs:
                        assert shard.seqs[0] > parent.seqs[-1]
                for child_id in shard.children:
                    child = self._find_shard(child_id)
                    assert child is not None and shard.shard_id in (child.parent_id, child.adjacent_parent_id)
                if shard.children:
                    kids = sorted((self._find_shard(c) for c in shard.children), key=lambda s: s.start_hash)
                    assert kids[0].start_hash <= shard.start_hash and kids[-1].end_hash >= shard.end_hash

    def _split_now(self, shard: Shard, key: int) -> None:  # pragma: no cover - see ReshardMixin
        raise NotImplementedError
