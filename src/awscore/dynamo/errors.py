"""DynamoDB's error codes, with AWS's exact message texts.

The shared codes (ValidationException, ResourceNotFoundException, ...) come
from :mod:`awscore.core.errors`; DynamoDB's own codes live here.
"""

from __future__ import annotations

from typing import Any

from ..core.errors import (
    ConflictError,
    InvalidInputError,
    LimitExceededException,
    NotFoundError,
    ResourceInUseException,
    ResourceNotFoundException,
    SerializationException,
    ThrottlingError,
    ThrottlingException,
    ValidationException,
)

__all__ = [
    "ValidationException",
    "SerializationException",
    "ResourceNotFoundException",
    "ResourceInUseException",
    "LimitExceededException",
    "ThrottlingException",
    "ConditionalCheckFailedException",
    "TransactionCanceledException",
    "TransactionConflictException",
    "TransactionInProgressException",
    "IdempotentParameterMismatchException",
    "ProvisionedThroughputExceededException",
    "ItemCollectionSizeLimitExceededException",
    "TableNotFoundException",
    "GlobalTableNotFoundException",
    "ImportNotFoundException",
    "invalid",
    "not_found",
    "CONDITION_FAILED",
    "THROUGHPUT_TABLE",
    "THROUGHPUT_INDEX",
]

CONDITION_FAILED = "The conditional request failed"
THROUGHPUT_TABLE = (
    "The level of configured provisioned throughput for the table was exceeded. "
    "Consider increasing your provisioning level with the UpdateTable API."
)
THROUGHPUT_INDEX = (
    "The level of configured provisioned throughput for one or more global secondary indexes "
    "of the table was exceeded. Consider increasing your provisioning level for the "
    "under-provisioned global secondary indexes with the UpdateTable API"
)


class ConditionalCheckFailedException(ConflictError):
    """A ConditionExpression evaluated to false: "The conditional request failed".

    ``item`` (wire form) is carried as the response's ``Item`` when the caller
    asked for ReturnValuesOnConditionCheckFailure=ALL_OLD and the item exists.
    """

    default_message = CONDITION_FAILED

    def __init__(self, message: str | None = None, *, item: dict[str, Any] | None = None,
                 old_item: dict[str, Any] | None = None) -> None:
        # Recorded against AWS: the body carries the modeled lower-case ``message`` member,
        # except when the old item is returned (then ``Item`` and no ``message``).
        super().__init__(message, extra={"Item": item} if item is not None else None)
        self.body_message = item is None
        #: the engine-typed old item (native callers), when asked for
        self.old_item = old_item


class TransactionCanceledException(ConflictError):
    """A transaction was cancelled; ``reasons`` holds one reason per action, in request order."""

    def __init__(self, reasons: list[dict[str, Any]]) -> None:
        codes = ", ".join(r["Code"] for r in reasons)
        super().__init__(
            f"Transaction cancelled, please refer cancellation reasons for specific reasons [{codes}]",
            extra={"CancellationReasons": reasons},
        )
        self.reasons = reasons


class TransactionConflictException(ConflictError):
    """Another transaction holds the item."""


class TransactionInProgressException(ConflictError):
    """A transaction with the same ClientRequestToken is still running."""


class IdempotentParameterMismatchException(InvalidInputError):
    """A ClientRequestToken was reused with a different request within 10 minutes."""


class ProvisionedThroughputExceededException(ThrottlingError):
    """The table's (or an index's) provisioned throughput is exhausted."""

    default_message = THROUGHPUT_TABLE


class ItemCollectionSizeLimitExceededException(ConflictError):
    """An item collection of a table with LSIs exceeded 10 GB."""


class TableNotFoundException(NotFoundError):
    """Backup/PITR operations name a missing table."""


class ImportNotFoundException(NotFoundError):
    """DescribeImport names an import that does not exist."""


class GlobalTableNotFoundException(NotFoundError):
    """A legacy (2017.11.29) global table that does not exist."""


def invalid(message: str) -> ValidationException:
    """A ValidationException with ``message`` (for ``raise invalid(...)``)."""
    return ValidationException(message)


def not_found(table: str | None = None) -> ResourceNotFoundException:
    """ResourceNotFoundException: data plane text, or the control plane's naming the table."""
    if table is None:
        return ResourceNotFoundException("Requested resource not found")
    return ResourceNotFoundException(f"Requested resource not found: Table: {table} not found")


PARAM_INVALID = "One or more parameter values were invalid: "
