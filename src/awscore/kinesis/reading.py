"""GetShardIterator / GetRecords and shard listing filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..clock import to_epoch
from ..core.errors import SerializationException
from . import seqnum
from .enums import ShardFilterType, ShardIteratorType, StreamMode, parse_enum
from .errors import (
    ExpiredIteratorException,
    InvalidArgumentException,
    ProvisionedThroughputExceededException,
    ResourceNotFoundException,
    ValidationException,
    shard_not_found,
)
from .iterators import ITERATOR_TTL, IteratorToken, Position, decode_iterator, encode_iterator, java_utc
from .shard import Record, Shard, parse_shard_index
from .state import StreamBase

__all__ = ["ChildShard", "GetRecordsResult", "ReaderMixin", "check_token_age", "epoch_of", "MAX_GET_RECORDS", "MAX_GET_BYTES"]

MAX_GET_RECORDS = 10_000
MAX_GET_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ChildShard:
    """A child of a closed shard, as reported at the shard's end."""

    shard_id: str
    parent_shards: tuple[str, ...]
    start_hash: int
    end_hash: int


@dataclass(frozen=True, slots=True)
class GetRecordsResult:
    """What GetRecords returns: records, the next iterator (None at a closed shard's end), lag, children."""

    records: list[Record]
    next_iterator: str | None
    millis_behind_latest: int
    child_shards: list[ChildShard] | None = None


def epoch_of(value: datetime | float | int | str) -> float:
    """Epoch seconds of a timestamp parameter; SerializationException when it is not one."""
    try:
        return to_epoch(value)
    except (TypeError, ValueError, OverflowError, OSError):
        raise SerializationException(f"Unable to parse timestamp value {value!r}") from None


def _ms(value: datetime | float | int | str) -> int:
    return int(epoch_of(value) * 1000)


def check_token_age(token: IteratorToken, now_ms: int) -> None:
    """Raise ExpiredIteratorException when the iterator is older than 5 minutes."""
    if now_ms - token.issued_ms > ITERATOR_TTL * 1000:
        raise ExpiredIteratorException(
            f"Iterator expired. The iterator was created at time {java_utc(token.issued_ms)} while right "
            f"now it is {java_utc(now_ms)} which is further in the future than the tolerated delay of "
            "300000 milliseconds.")


class ReaderMixin(StreamBase):
    """Reading records."""

    def get_shard_iterator(
        self,
        shard_id: str,
        iterator_type: ShardIteratorType | str,
        starting_sequence_number: str | int | None = None,
        timestamp: datetime | float | str | None = None,
    ) -> str:
        """An iterator into ``shard_id`` (AWS ``GetShardIterator``); valid for 5 minutes of clock time.

        Raises InvalidArgumentException (type/argument mismatch, foreign or malformed
        sequence number, future timestamp) and ResourceNotFoundException (unknown shard,
        stream still CREATING). O(log n) in the shard's size.
        """
        index = parse_shard_index(shard_id) if isinstance(shard_id, str) else None
        if index is None:
            raise ResourceNotFoundException(
                f"Could not find shard {shard_id} in stream {self.name} under account {self.account}.")
        self._settle()
        self._require_exists()
        shard = self.shards.get(index)
        if shard is None or self.is_expired(shard):
            raise shard_not_found(self._display_id(shard_id), self.name, self.account)
        kind = parse_enum(ShardIteratorType, iterator_type, "shardIteratorType")
        needs_seq = kind in (ShardIteratorType.AT_SEQUENCE_NUMBER, ShardIteratorType.AFTER_SEQUENCE_NUMBER)
        if needs_seq != (starting_sequence_number is not None) and kind is not ShardIteratorType.AT_TIMESTAMP:
            tail = "and also a StartingSequenceNumber." if not needs_seq else "and no StartingSequenceNumber."
            raise InvalidArgumentException(
                "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber "
                "or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. "
                f"Request specified {kind.value} {tail}")
        if kind is ShardIteratorType.AT_TIMESTAMP and timestamp is None:
            raise InvalidArgumentException(
                "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. "
                "Current request has no timestamp parameter.")
        with self._lock:
            shard.trim(self.retention_horizon_ms())
            position = self._position(shard, kind, starting_sequence_number, timestamp)
        return self._iterator(shard, position)

    def _iterator(self, shard: Shard, position: Position) -> str:
        return encode_iterator(IteratorToken(self.name, self.incarnation, shard.index, position,
                                             self.clock.now_ms()))  # type: ignore[attr-defined]

    def _position(self, shard: Shard, kind: ShardIteratorType, seq_text: str | int | None,
                  timestamp: datetime | float | str | None) -> Position:
        if kind is ShardIteratorType.TRIM_HORIZON:
            return Position(shard.starting_sequence)
        if kind is ShardIteratorType.LATEST:
            return Position(shard.last_sequence())
        if kind is ShardIteratorType.AT_TIMESTAMP:
            ms = _ms(timestamp)  # type: ignore[arg-type]
            now_ms = int(self.clock.now() * 1000)
            if ms > now_ms:
                raise InvalidArgumentException(
                    "The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. "
                    f"timestampInMillis: {ms}, currentTimestampInMillis: {now_ms}")
            i = shard.timestamp_index(ms)
            if i <= shard.head:
                return Position(shard.starting_sequence)
            return Position(shard.seqs[i - 1])
        text = str(seq_text)
        number = seqnum.parse(text)
        parts = seqnum.classify(number) if number is not None else None
        where = f"used in GetShardIterator on shard {shard.shard_id} in stream {self.name} under account {self.account}"
        if parts is None or not parts.ok:
            raise InvalidArgumentException(f"StartingSequenceNumber {text} {where} is invalid.")
        if parts.shard_index != shard.index:
            raise InvalidArgumentException(
                f"Invalid StartingSequenceNumber. It encodes shardId-{parts.shard_index:012d}, "
                f"while it was used in a call to a shard with {shard.shard_id}")
        if parts.version != 2 or parts.shard_create_secs != shard.create_secs:
            raise InvalidArgumentException(
                f"StartingSequenceNumber {parts.shown} {where} is invalid because it did not come from this stream.")
        return Position(number, kind is ShardIteratorType.AT_SEQUENCE_NUMBER)  # type: ignore[arg-type]

    def get_records(self, shard_iterator: str, limit: int | None = None) -> GetRecordsResult:
        """Read from an iterator (AWS ``GetRecords``): up to ``limit`` (<= 10,000) records and 10 MiB.

        Returns a fresh ``next_iterator`` every time, or ``None`` with ``child_shards``
        once a closed shard is drained. Raises InvalidArgumentException (``Invalid
        ShardIterator.``), ExpiredIteratorException (older than 5 minutes),
        ResourceNotFoundException (stream or shard gone),
        ProvisionedThroughputExceededException (limits on). Finding the start is a bisect.
        """
        token = decode_iterator(shard_iterator)
        if token is None:
            raise InvalidArgumentException("Invalid ShardIterator.")
        check_token_age(token, int(self.clock.now() * 1000))
        shard = self.shards.get(token.shard_index)
        # AWS's iterators name the stream and shard, not the incarnation: one issued before the
        # stream was deleted and re-created reads the new shard of that index (kinesalite, AWS-checked)
        if token.stream != self.name or shard is None:
            raise shard_not_found(f"shardId-{token.shard_index:012d}", token.stream, self.account)
        return self._read(shard, token.position, limit)

    def _read(self, shard: Shard, position: Position, limit: int | None,
              max_bytes: int = MAX_GET_BYTES, throttle: bool = True) -> GetRecordsResult:
        if limit is None:
            limit = MAX_GET_RECORDS
        if not 1 <= limit <= MAX_GET_RECORDS:
            raise ValidationException(
                f"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: "
                f"Member must have value {'less' if limit > 1 else 'greater'} than or equal to "
                f"{MAX_GET_RECORDS if limit > 1 else 1}")
        self._settle()
        now = self.clock.now()
        with self._lock:
            limited = throttle and self.throughput_limits and self.mode is StreamMode.PROVISIONED
            if limited and not shard.throughput.admit_read(now):
                raise ProvisionedThroughputExceededException(
                    f"Rate exceeded for shard {shard.shard_id} in stream {self.name} under account {self.account}.")
            shard.trim(self.retention_horizon_ms())
            start = shard.position_index(position.seq, position.inclusive)
            records = shard.read(start, limit, max_bytes)
            end = start + len(records)
            if limited:
                shard.throughput.read_bytes.charge(sum(len(r.data) + len(r.partition_key) for r in records), now)
            caught_up = end >= len(shard.seqs)
            # how far behind the clock the reader is: the age of the last record returned
            # (of the next unread one when nothing was returned); 0 once caught up
            basis = shard.arrivals[end - 1] if records else (shard.arrivals[end] if not caught_up else 0)
            behind = 0 if caught_up else max(0, int(now * 1000) - basis)
            if records:
                position = Position(records[-1].sequence_number)
            if caught_up and not shard.is_open:
                return GetRecordsResult(records, None, behind, self.child_shards(shard))
            return GetRecordsResult(records, self._iterator(shard, position), behind)

    def child_shards(self, shard: Shard) -> list[ChildShard]:
        """The children of a closed shard, with their parents and ranges."""
        out = []
        for child_id in shard.children:
            child = self._find_shard(child_id)
            assert child is not None
            parents = tuple(p for p in (child.parent_id, child.adjacent_parent_id) if p is not None)
            out.append(ChildShard(child.shard_id, parents, child.start_hash, child.end_hash))
        return out

    # -- listing --------------------------------------------------------------------------

    def list_shards(
        self,
        filter_type: ShardFilterType | str | None = None,
        *,
        shard_id: str | None = None,
        timestamp: datetime | float | str | None = None,
        exclusive_start_shard_id: str | None = None,
    ) -> list[Shard]:
        """The non-expired shards matching a ShardFilter, by shard id (AWS ``ListShards`` without paging)."""
        self._settle()
        kind = (parse_enum(ShardFilterType, filter_type, "shardFilter.type") if filter_type is not None
                else ShardFilterType.FROM_TRIM_HORIZON)
        with self._lock:
            shards = [s for s in self.shards.values() if not self.is_expired(s)]
        horizon = max(self.retention_horizon_ms() / 1000, self.created_at)
        after = exclusive_start_shard_id
        if kind is ShardFilterType.AFTER_SHARD_ID:
            if shard_id is None:
                raise InvalidArgumentException("Must specify ShardId when ShardFilter type is AFTER_SHARD_ID.")
            after = shard_id  # [verify] message
        if after is not None:
            index = self._find_index(after)
            shards = [s for s in shards if s.index > index]
        if kind in (ShardFilterType.AT_TIMESTAMP, ShardFilterType.FROM_TIMESTAMP):
            if timestamp is None:
                raise InvalidArgumentException(
                    f"Must specify Timestamp when ShardFilter type is {kind.value}.")  # [verify] message
            t = max(epoch_of(timestamp), horizon)
            if kind is ShardFilterType.AT_TIMESTAMP:
                shards = [s for s in shards if s.created_at <= t and (s.closed_at is None or s.closed_at >= t)]
            else:
                shards = [s for s in shards if s.closed_at is None or s.closed_at >= t]
        elif kind is ShardFilterType.AT_TRIM_HORIZON:
            shards = [s for s in shards if s.created_at <= horizon and (s.closed_at is None or s.closed_at >= horizon)]
        elif kind is ShardFilterType.AT_LATEST:
            shards = [s for s in shards if s.is_open]
        return shards

    def _find_index(self, shard_id: str) -> int:
        index = parse_shard_index(shard_id)
        return -1 if index is None else index
