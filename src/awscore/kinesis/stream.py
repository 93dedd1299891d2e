"""The Kinesis data stream: records, readers, resharding, consumers and settings.

>>> from awscore.kinesis import Stream
>>> from awscore.clock import ManualClock
>>> s = Stream("orders", shard_count=4, clock=ManualClock(1_700_000_000))
>>> r = s.put_record(b"hello", "customer-1")
>>> it = s.get_shard_iterator(r.shard_id, "TRIM_HORIZON")
>>> [rec.data for rec in s.get_records(it).records]
[b'hello']
"""

from __future__ import annotations

import re

from .consumers import ConsumerMixin
from .enums import ALL_METRICS, EncryptionType, MetricsName, StreamMode, parse_enum
from .errors import InvalidArgumentException, LimitExceededException
from .resharding import ReshardMixin
from .writing import WriterMixin

__all__ = ["Stream", "MIN_RETENTION", "MAX_RETENTION", "MAX_TAGS"]

MIN_RETENTION = 24
MAX_RETENTION = 8760
MAX_TAGS = 50
#: a character outside what AWS accepts in tag keys and values (Unicode letters, digits, space, _ . / = + - % @ :)
_TAG_BAD = re.compile("[^\u00c0-\u1fff\u2c00-\ud7ffA-Za-z0-9_./=+\\- @%:]")


class Stream(WriterMixin, ReshardMixin, ConsumerMixin):
    """One Kinesis data stream. ``Stream("orders", shard_count=4)`` works without a Cloud.

    Build options: ``mode`` (PROVISIONED, or ON_DEMAND: 4 shards, auto-split; the default is
    PROVISIONED with a ``shard_count`` and ON_DEMAND without one), ``clock``
    (default: a SystemClock), ``account``/``region`` (ARNs, messages),
    ``retention_hours``, ``max_record_size_kib``, ``status_delay`` (seconds spent
    CREATING/UPDATING, default 0) and ``throughput_limits`` (per-shard token buckets).
    """

    # -- retention ------------------------------------------------------------------------

    def _check_retention_bounds(self, hours: int) -> None:
        if hours < MIN_RETENTION:
            raise InvalidArgumentException(
                f"Minimum allowed retention period is {MIN_RETENTION} hours. Requested retention period "
                f"({hours} hours) is too short.")
        if hours > MAX_RETENTION:
            raise InvalidArgumentException(
                f"Maximum allowed retention period is {MAX_RETENTION} hours. Requested retention period "
                f"({hours} hours) is too long.")

    def increase_retention(self, hours: int) -> None:
        """AWS ``IncreaseStreamRetentionPeriod`` (24..8760, not below the current value).

        Never brings back records that already expired.
        """
        self._check_retention_bounds(hours)
        with self._lock:
            if hours < self.retention_hours:
                raise InvalidArgumentException(
                    f"Requested retention period ({hours} hours) for stream {self.name} can not be shorter than "
                    f"existing retention period ({self.retention_hours} hours). Use DecreaseRetentionPeriod API.")
            self._trim_all()
            self.retention_hours = hours

    def decrease_retention(self, hours: int) -> None:
        """AWS ``DecreaseStreamRetentionPeriod``; older records become unreadable at once."""
        self._check_retention_bounds(hours)
        with self._lock:
            if hours > self.retention_hours:
                raise InvalidArgumentException(
                    f"Requested retention period ({hours} hours) for stream {self.name} can not be longer than "
                    f"existing retention period ({self.retention_hours} hours). Use IncreaseRetentionPeriod API.")
            self.retention_hours = hours
            self._trim_all()

    def _trim_all(self) -> None:
        horizon = self.retention_horizon_ms()
        for shard in self.shards.values():
            shard.trim(horizon)

    # -- tags -----------------------------------------------------------------------------

    def _check_tag_text(self, texts: list[str], verb: str) -> None:
        """AWS's two character checks on tag keys/values: outside the allowed set, then ``%``."""
        if any(_TAG_BAD.search(t) for t in texts):
            raise InvalidArgumentException(
                "Some tags contain invalid characters. Valid characters: "
                "Unicode letters, digits, white space, _ . / = + - % @ :.")
        if any("%" in t for t in texts):
            raise InvalidArgumentException(
                f"Failed to {verb} stream {self.name} under account {self.account} because some tags contained "
                "illegal characters. The allowed characters are Unicode letters, white-spaces, "
                "'_',',','/','=','+','-','@',':'.")

    def add_tags(self, tags: dict[str, str]) -> None:
        """Add or overwrite tags (at most 50 per stream).

        Raises InvalidArgumentException for characters AWS refuses and past 50 tags.
        """
        self._check_tag_text([*tags, *tags.values()], "add tags to")
        with self._lock:
            merged = {**self.tags, **tags}
            if len(merged) > MAX_TAGS:
                raise InvalidArgumentException(
                    f"Failed to add tags to stream {self.name} under account {self.account} because a given stream "
                    "cannot have more than 10 tags associated with it.")  # AWS's text says 10, the quota is 50
            self.tags = merged

    def remove_tags(self, keys: list[str]) -> None:
        """Remove tags by key (absent keys are ignored); keys are character-checked as AWS does."""
        self._check_tag_text(list(keys), "remove tags from")
        with self._lock:
            for key in keys:
                self.tags.pop(key, None)

    # -- encryption, monitoring, mode -------------------------------------------------------

    def start_encryption(self, key_id: str, encryption_type: EncryptionType | str = EncryptionType.KMS) -> None:
        """AWS ``StartStreamEncryption``: UPDATING, then records are written with KMS."""
        kind = parse_enum(EncryptionType, encryption_type, "encryptionType")
        if kind is not EncryptionType.KMS:
            raise InvalidArgumentException(f"Encryption type {kind.value} is not supported for starting encryption.")
        self._require_active()

        def apply(at: float) -> None:
            self.encryption, self.key_id = EncryptionType.KMS, key_id

        self._schedule(apply)

    def stop_encryption(self, key_id: str, encryption_type: EncryptionType | str = EncryptionType.KMS) -> None:
        """AWS ``StopStreamEncryption``: UPDATING, then records are written unencrypted."""
        parse_enum(EncryptionType, encryption_type, "encryptionType")
        self._require_active()

        def apply(at: float) -> None:
            self.encryption, self.key_id = EncryptionType.NONE, None

        self._schedule(apply)

    def enable_monitoring(self, metrics: list[MetricsName | str]) -> tuple[list[MetricsName], list[MetricsName]]:
        """AWS ``EnableEnhancedMonitoring``: (current, desired) shard-level metrics; ``ALL`` expands."""
        wanted = self._expand(metrics)
        with self._lock:
            current = list(self.shard_level_metrics)
            self.shard_level_metrics = [m for m in ALL_METRICS if m in set(current) | set(wanted)]
            return current, list(self.shard_level_metrics)

    def disable_monitoring(self, metrics: list[MetricsName | str]) -> tuple[list[MetricsName], list[MetricsName]]:
        """AWS ``DisableEnhancedMonitoring``: (current, desired)."""
        dropped = set(self._expand(metrics))
        with self._lock:
            current = list(self.shard_level_metrics)
            self.shard_level_metrics = [m for m in current if m not in dropped]
            return current, list(self.shard_level_metrics)

    @staticmethod
    def _expand(metrics: list[MetricsName | str]) -> list[MetricsName]:
        names = [parse_enum(MetricsName, m, "shardLevelMetrics") for m in metrics]
        return list(ALL_METRICS) if MetricsName.ALL in names else names

    def update_mode(self, mode: StreamMode | str) -> None:
        """AWS ``UpdateStreamMode``: UPDATING, then the new capacity mode (ON_DEMAND keeps the shards)."""
        new = parse_enum(StreamMode, mode, "streamModeDetails.streamMode")
        self._require_active()
        if new is self.mode:
            raise InvalidArgumentException(  # [verify] message
                f"Stream {self.name} under account {self.account} is already in {new.value} mode.")
        now = self.clock.now()
        self._mode_switches = [t for t in self._mode_switches if t > now - 86400]
        if len(self._mode_switches) >= 2:
            raise LimitExceededException(  # [verify] message
                f"Stream {self.name} under account {self.account} has exceeded the limit of 2 capacity mode "
                "switches in a rolling 24-hour period.")
        self._mode_switches.append(now)

        def apply(at: float) -> None:
            self.mode = new

        self._schedule(apply)

    def set_max_record_size(self, kib: int) -> None:
        """AWS ``UpdateMaxRecordSize`` (1024..10240 KiB)."""
        if not 1024 <= kib <= 10240:
            raise InvalidArgumentException(
                f"MaxRecordSizeInKiB must be between 1024 and 10240. Requested: {kib}")  # [verify]
        self._require_active()
        self.max_record_size_kib = kib
