"""PutRecord / PutRecords: validation, routing, throttling and ON_DEMAND scaling."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from hashlib import md5
from typing import NamedTuple

from ..core.errors import AWSError, InternalFailure
from ..core.validation import render_value, validation_message
from . import seqnum
from .enums import EncryptionType, StreamMode
from .errors import InvalidArgumentException, ProvisionedThroughputExceededException, ValidationException
from .hashing import MAX_HASH
from .shard import Shard
from .state import StreamBase

__all__ = ["PutResult", "WriterMixin", "MAX_BATCH", "MAX_BATCH_BYTES", "SCALE_WINDOW", "SCALE_BYTES"]

MAX_BATCH = 500
MAX_BATCH_BYTES = 5 * 1024 * 1024
#: ON_DEMAND: a shard that takes more than 500 KB/s averaged over a 60 s window is split
SCALE_WINDOW = 60.0
SCALE_BYTES = 500_000 * 60

Entry = tuple[bytes | str, str] | tuple[bytes | str, str, int | str | None]


class PutResult(NamedTuple):
    """One record's outcome: a shard and sequence number, or an error code and message."""

    shard_id: str | None = None
    sequence_number: int | None = None
    error_code: str | None = None
    error_message: str | None = None

    @property
    def ok(self) -> bool:
        return self.error_code is None


class WriterMixin(StreamBase):
    """Writing records."""

    def put_record(
        self,
        data: bytes | str,
        partition_key: str,
        explicit_hash_key: int | str | None = None,
        sequence_number_for_ordering: str | int | None = None,
    ) -> PutResult:
        """Write one record (AWS ``PutRecord``) and return its shard and sequence number.

        Raises ValidationException (record too large, bad key), InvalidArgumentException
        (ExplicitHashKey out of range, bad SequenceNumberForOrdering),
        ProvisionedThroughputExceededException (throttled, when limits are on),
        ResourceNotFoundException (stream still CREATING). O(log shards).

        >>> from awscore.kinesis import Stream
        >>> Stream("s", shard_count=1).put_record(b"x", "k").shard_id
        'shardId-000000000000'
        """
        ordering = None
        if sequence_number_for_ordering is not None:
            text = str(sequence_number_for_ordering)
            number = seqnum.parse(text)
            parts = seqnum.classify(number) if number is not None else None
            if parts is not None and not parts.ok and parts.version == 3:
                ordering = InternalFailure()  # AWS fails version-3 numbers with a 500 (kinesalite, AWS-verified)
            elif parts is None or not parts.ok or parts.record_secs is None or parts.record_secs > self.clock.now():
                ordering = InvalidArgumentException(
                    f"ExclusiveMinimumSequenceNumber {text} used in PutRecord on stream {self.name} "
                    f"under account {self.account} is invalid.")
        result = self._put([(data, partition_key, explicit_hash_key)], single=True, ordering_error=ordering)[0]
        if not result.ok:
            raise ProvisionedThroughputExceededException(result.error_message)
        return result

    def put_records(self, records: Iterable[Entry]) -> list[PutResult]:
        """Write up to 500 records (AWS ``PutRecords``); one result per record, in order.

        Entries are ``(data, partition_key)`` or ``(data, partition_key, explicit_hash_key)``.
        Oversized records and a batch over 5 MiB fail the whole request
        (ValidationException / InvalidArgumentException ``Records size exceeds 5 MB limit``)
        and store nothing; throttled records fail individually. O(n log shards).
        """
        return self._put(list(records), single=False)

    # -- internals ---------------------------------------------------------------------

    def _prepare(self, entries: Sequence[Entry], single: bool) -> list[tuple[bytes, str, int, int]]:
        """Validate every entry before anything is stored: ``(data, key, hash, size)`` each."""
        if not single and not 1 <= len(entries) <= MAX_BATCH:
            bound = "greater than or equal to 1" if not entries else f"less than or equal to {MAX_BATCH}"
            raise ValidationException(validation_message([
                f"Value '{len(entries)}' at 'records' failed to satisfy constraint: Member must have length {bound}"]))
        limit = self.max_record_size_kib * 1024
        problems: list[str] = []
        prepared: list[tuple[bytes, str, int, int]] = []
        total = 0
        append = prepared.append
        from_bytes = int.from_bytes
        too_big: list[int] = []
        bad_hash: str | None = None
        for i, entry in enumerate(entries, 1):
            data, key = entry[0], entry[1]
            explicit = entry[2] if len(entry) > 2 else None  # type: ignore[misc]
            if type(data) is not bytes:
                data = data.encode() if isinstance(data, str) else bytes(data)
            if type(key) is not str or not 0 < len(key) <= 256:
                problems.append(self._key_problem(key, "" if single else f"records.{i}.member."))
                continue
            if len(data) > limit:  # the request model's own bound on the blob
                prefix = "" if single else f"records.{i}.member."
                problems.append(f"Value {render_value(data)} at '{prefix}data' failed to satisfy constraint: "
                                f"Member must have length less than or equal to {limit}")
                continue
            raw = key.encode()
            size = len(data) + len(raw)
            if size > limit:
                too_big.append(i)
            if explicit is None:
                h = from_bytes(md5(raw).digest(), "big")
            else:
                h = self._explicit_hash(explicit)
                if h < 0 and bad_hash is None:
                    bad_hash = str(explicit)
            total += size
            append((data, key, h, size))
        if problems:
            raise ValidationException(validation_message(problems))
        if bad_hash is not None:
            raise InvalidArgumentException(
                "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. "
                f"Specified value was {bad_hash}")
        if total > MAX_BATCH_BYTES * (2 if limit > 1024 * 1024 else 1):
            raise InvalidArgumentException("Records size exceeds 5 MB limit")
        if too_big:  # data + partition key over the record size: AWS names the data member, without a value
            raise ValidationException(validation_message([
                f"Value at '{'' if single else f'records.{i}.member.'}data' failed to satisfy constraint: "
                f"Member must have length less than or equal to {limit}" for i in too_big]))
        return prepared

    @staticmethod
    def _key_problem(key: object, prefix: str) -> str:
        if key is None:
            return f"Value null at '{prefix}partitionKey' failed to satisfy constraint: Member must not be null"
        bound = "greater than or equal to 1" if not key else "less than or equal to 256"
        return (f"Value {render_value(key)} at '{prefix}partitionKey' failed to satisfy constraint: "
                f"Member must have length {bound}")

    @staticmethod
    def _explicit_hash(value: int | str) -> int:
        """The hash key as an int, or -1 when it is outside ``[0, 2**128-1]`` or not a number."""
        text = str(value)
        number = int(text) if text.isdigit() and text.isascii() else -1
        return number if 0 <= number <= MAX_HASH else -1

    def _put(self, entries: Sequence[Entry], single: bool,
             ordering_error: AWSError | None = None) -> list[PutResult]:
        prepared = self._prepare(entries, single)
        self._settle()
        self._require_exists()
        if ordering_error is not None:  # checked after the hash key, as AWS does
            raise ordering_error
        if self.kms_failure is not None and self.encryption is EncryptionType.KMS:
            raise self.kms_failure
        results: list[PutResult] = []
        hot: list[Shard] = []
        with self._lock:
            now = self.clock.now()
            now_ms = int(now * 1000)
            route = self._router.route
            encrypted = self.encryption is EncryptionType.KMS
            throttle = self.throughput_limits and self.mode is StreamMode.PROVISIONED
            on_demand = self.mode is StreamMode.ON_DEMAND
            for data, key, h, size in prepared:
                shard = route(h)
                if throttle and not shard.throughput.admit_write(size, now):
                    results.append(PutResult(
                        error_code="ProvisionedThroughputExceededException",
                        error_message=f"Rate exceeded for shard {shard.shard_id} in stream {self.name} "
                                      f"under account {self.account}."))
                    continue
                seq = shard.append(data, key, now_ms, encrypted)
                results.append(PutResult(shard.shard_id, seq))
                if on_demand:
                    if now - shard.window_start >= SCALE_WINDOW:
                        shard.window_start, shard.window_bytes = now, 0
                    shard.window_bytes += size
                    if shard.window_bytes > SCALE_BYTES and shard not in hot:
                        hot.append(shard)
        for shard in hot:
            self._auto_split(shard)
        return results

    def _auto_split(self, shard: Shard) -> None:
        """ON_DEMAND scaling: split a hot shard at the middle of its range."""
        if not shard.is_open or shard.end_hash - shard.start_hash < 4 or self._pending:
            return
        shard.window_bytes = 0
        middle = (shard.start_hash + shard.end_hash + 1) // 2
        self._split_now(shard, middle)  # provided by the resharding part
