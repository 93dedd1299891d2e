"""DynamoDB's fixed vocabularies (StrEnums spelled as AWS spells them) and key schemas."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

__all__ = [
    "ScalarType", "KeyType", "ProjectionType", "BillingMode", "TableStatus", "IndexStatus",
    "TableClass", "ReturnValues", "ReturnCapacity", "Select", "KeySchema", "Projection",
    "scalar_type_of",
]


class ScalarType(StrEnum):
    """Key attribute types."""

    S = "S"
    N = "N"
    B = "B"


class KeyType(StrEnum):
    """KeySchema element roles."""
    HASH = "HASH"
    RANGE = "RANGE"


class ProjectionType(StrEnum):
    """What an index projects."""
    ALL = "ALL"
    KEYS_ONLY = "KEYS_ONLY"
    INCLUDE = "INCLUDE"


class BillingMode(StrEnum):
    """On-demand or provisioned capacity."""
    PROVISIONED = "PROVISIONED"
    PAY_PER_REQUEST = "PAY_PER_REQUEST"


class TableStatus(StrEnum):
    """A table's lifecycle states."""
    CREATING = "CREATING"
    UPDATING = "UPDATING"
    DELETING = "DELETING"
    ACTIVE = "ACTIVE"


class IndexStatus(StrEnum):
    """A GSI's lifecycle states."""
    CREATING = "CREATING"
    UPDATING = "UPDATING"
    DELETING = "DELETING"
    ACTIVE = "ACTIVE"


class TableClass(StrEnum):
    """Storage classes (pricing only; behaviour is identical)."""
    STANDARD = "STANDARD"
    STANDARD_INFREQUENT_ACCESS = "STANDARD_INFREQUENT_ACCESS"


class ReturnValues(StrEnum):
    """What a write returns."""
    NONE = "NONE"
    ALL_OLD = "ALL_OLD"
    UPDATED_OLD = "UPDATED_OLD"
    ALL_NEW = "ALL_NEW"
    UPDATED_NEW = "UPDATED_NEW"


class ReturnCapacity(StrEnum):
    """ReturnConsumedCapacity levels."""
    NONE = "NONE"
    TOTAL = "TOTAL"
    INDEXES = "INDEXES"


class Select(StrEnum):
    """What a Query or Scan returns."""
    ALL_ATTRIBUTES = "ALL_ATTRIBUTES"
    ALL_PROJECTED_ATTRIBUTES = "ALL_PROJECTED_ATTRIBUTES"
    SPECIFIC_ATTRIBUTES = "SPECIFIC_ATTRIBUTES"
    COUNT = "COUNT"


def scalar_type_of(value: Any) -> ScalarType | None:
    """The key type of an engine value (S str, N Decimal, B bytes), or None for other types."""
    if isinstance(value, str):
        return ScalarType.S
    if isinstance(value, Decimal):
        return ScalarType.N
    if isinstance(value, bytes):
        return ScalarType.B
    return None


@dataclass(frozen=True, slots=True)
class KeySchema:
    """A partition key and optional sort key, each a name and a scalar type.

    ``hash_extra`` / ``range_extra`` hold a GSI's further partition-key and sort-key
    attributes (AWS's multi-attribute keys: up to four of each; the partition is the
    tuple of the HASH values, sort keys compare left to right); tables and LSIs have none.
    """

    hash_name: str
    hash_type: ScalarType
    range_name: str | None = None
    range_type: ScalarType | None = None
    range_extra: tuple[tuple[str, ScalarType], ...] = ()
    hash_extra: tuple[tuple[str, ScalarType], ...] = ()

    @property
    def hash_names(self) -> tuple[str, ...]:
        """The partition-key attribute names (one, except on a multi-attribute GSI key)."""
        return (self.hash_name, *(n for n, _ in self.hash_extra))

    @property
    def range_names(self) -> tuple[str, ...]:
        """The sort-key attribute names in comparison order (empty without a sort key)."""
        if self.range_name is None:
            return ()
        return (self.range_name, *(n for n, _ in self.range_extra))

    @property
    def names(self) -> tuple[str, ...]:
        """The key attribute names, partition key first."""
        return self.hash_names + self.range_names

    def wire(self) -> list[dict[str, str]]:
        """AWS's KeySchema / Projection shape."""
        out = [{"AttributeName": n, "KeyType": "HASH"} for n in self.hash_names]
        out += [{"AttributeName": n, "KeyType": "RANGE"} for n in self.range_names]
        return out

    def types(self) -> dict[str, ScalarType]:
        """Key attribute name -> type."""
        out = {self.hash_name: self.hash_type}
        out.update(dict(self.hash_extra))
        if self.range_name is not None and self.range_type is not None:
            out[self.range_name] = self.range_type
        out.update(dict(self.range_extra))
        return out


@dataclass(frozen=True, slots=True)
class Projection:
    """What an index stores besides its keys."""

    type: ProjectionType = ProjectionType.ALL
    non_key_attributes: tuple[str, ...] = field(default=())

    def wire(self) -> dict[str, Any]:
        """AWS's KeySchema / Projection shape."""
        out: dict[str, Any] = {"ProjectionType": self.type.value}
        if self.non_key_attributes:
            out["NonKeyAttributes"] = list(self.non_key_attributes)
        return out
