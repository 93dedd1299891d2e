"""Kinesis's fixed vocabularies, spelled as AWS spells them on the wire."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from ..core.errors import ValidationException

__all__ = [
    "StreamMode", "StreamStatus", "ShardIteratorType", "ShardFilterType", "EncryptionType",
    "ConsumerStatus", "ScalingType", "MetricsName", "ALL_METRICS", "parse_enum",
]

E = TypeVar("E", bound=StrEnum)


def parse_enum(cls: type[E], value: object, member: str) -> E:
    """``value`` as a member of ``cls``; ValidationException in AWS's enum format otherwise."""
    try:
        return cls(value)  # type: ignore[arg-type]
    except ValueError:
        allowed = ", ".join(m.value for m in cls)
        raise ValidationException(
            f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: "
            f"Member must satisfy enum value set: [{allowed}]") from None


class StreamMode(StrEnum):
    PROVISIONED = "PROVISIONED"
    ON_DEMAND = "ON_DEMAND"


class StreamStatus(StrEnum):
    CREATING = "CREATING"
    DELETING = "DELETING"
    ACTIVE = "ACTIVE"
    UPDATING = "UPDATING"


class ShardIteratorType(StrEnum):
    # Declared in the order AWS lists them in its enum-violation message (not the model's order).
    AFTER_SEQUENCE_NUMBER = "AFTER_SEQUENCE_NUMBER"
    LATEST = "LATEST"
    AT_TIMESTAMP = "AT_TIMESTAMP"
    AT_SEQUENCE_NUMBER = "AT_SEQUENCE_NUMBER"
    TRIM_HORIZON = "TRIM_HORIZON"


class ShardFilterType(StrEnum):
    AFTER_SHARD_ID = "AFTER_SHARD_ID"
    AT_TRIM_HORIZON = "AT_TRIM_HORIZON"
    FROM_TRIM_HORIZON = "FROM_TRIM_HORIZON"
    AT_LATEST = "AT_LATEST"
    AT_TIMESTAMP = "AT_TIMESTAMP"
    FROM_TIMESTAMP = "FROM_TIMESTAMP"


class EncryptionType(StrEnum):
    NONE = "NONE"
    KMS = "KMS"


class ConsumerStatus(StrEnum):
    CREATING = "CREATING"
    DELETING = "DELETING"
    ACTIVE = "ACTIVE"


class ScalingType(StrEnum):
    UNIFORM_SCALING = "UNIFORM_SCALING"


class MetricsName(StrEnum):
    IncomingBytes = "IncomingBytes"
    IncomingRecords = "IncomingRecords"
    OutgoingBytes = "OutgoingBytes"
    OutgoingRecords = "OutgoingRecords"
    WriteProvisionedThroughputExceeded = "WriteProvisionedThroughputExceeded"
    ReadProvisionedThroughputExceeded = "ReadProvisionedThroughputExceeded"
    IteratorAgeMilliseconds = "IteratorAgeMilliseconds"
    ALL = "ALL"


#: what ``ALL`` expands to, in AWS's order
ALL_METRICS: tuple[MetricsName, ...] = tuple(m for m in MetricsName if m is not MetricsName.ALL)
