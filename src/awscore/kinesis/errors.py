"""Kinesis's own error codes (the shared ones come from :mod:`awscore.core.errors`).

Messages are AWS's exact texts; the helpers below build the ones that are
reused across operations.
"""

from __future__ import annotations

from ..core.errors import (
    AWSError,
    ConflictError,
    InvalidArgumentException,
    LimitExceededException,
    ResourceInUseException,
    ResourceNotFoundException,
    ThrottlingError,
    ValidationException,
)

__all__ = [
    "InvalidArgumentException", "LimitExceededException", "ResourceInUseException",
    "ResourceNotFoundException", "ValidationException", "ExpiredIteratorException",
    "ExpiredNextTokenException", "ProvisionedThroughputExceededException", "KMSDisabledException",
    "KMSNotFoundException", "KMSAccessDeniedException", "KMSInvalidStateException", "KMSOptInRequired",
    "KMSThrottlingException", "stream_not_found", "shard_not_found", "not_active",
]


class ExpiredIteratorException(InvalidArgumentException):
    """The shard iterator is older than 5 minutes."""

    code = "ExpiredIteratorException"


class ExpiredNextTokenException(InvalidArgumentException):
    """The pagination token is older than 5 minutes."""

    code = "ExpiredNextTokenException"


class ProvisionedThroughputExceededException(ThrottlingError):
    """A shard's read or write throughput was exceeded."""


class KMSDisabledException(AWSError):
    """The KMS key is disabled."""


class KMSNotFoundException(AWSError):
    """The KMS key was not found."""


class KMSAccessDeniedException(AWSError):
    """Access to the KMS key was denied."""


class KMSInvalidStateException(ConflictError):
    """The KMS key is not in a valid state."""


class KMSOptInRequired(AWSError):
    """The account is not subscribed to KMS."""


class KMSThrottlingException(ThrottlingError):
    """KMS throttled the request."""


def stream_not_found(name: str, account: str) -> ResourceNotFoundException:
    """``Stream <s> under account <a> not found.``"""
    return ResourceNotFoundException(f"Stream {name} under account {account} not found.")


def shard_not_found(shard_id: str, name: str, account: str) -> ResourceNotFoundException:
    """GetShardIterator/GetRecords' text for an unknown shard (or stream)."""
    return ResourceNotFoundException(f"Shard {shard_id} in stream {name} under account {account} does not exist")


def not_active(name: str, account: str, status: str) -> ResourceInUseException:
    """``Stream <s> under account <a> not ACTIVE, instead in state <STATE>``."""
    return ResourceInUseException(f"Stream {name} under account {account} not ACTIVE, instead in state {status}")
