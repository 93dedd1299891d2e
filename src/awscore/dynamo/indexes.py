"""Secondary indexes: each a :class:`SortedStore` of projected entries, kept in step with its table.

An entry's sort tuple is ``(index_range?, table_hash, table_range?)``: the
index key first, then the table key, so entries that tie on the index key
have a stable order and ``LastEvaluatedKey`` (index key + table key) is a
precise resume point.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .capacity import TokenBucket
from .keys import index_key
from .model import IndexStatus, KeySchema, Projection, ProjectionType
from .storage import SortedStore
from .types import item_size

__all__ = ["IndexKind", "Index"]


class IndexKind(StrEnum):
    """Global or local, spelled as DescribeTable's list names."""
    GLOBAL = "GlobalSecondaryIndexes"
    LOCAL = "LocalSecondaryIndexes"


@dataclass(eq=False)
class Index:
    """A GSI or LSI: its key schema, projection, status and sorted entries."""

    name: str
    kind: IndexKind
    schema: KeySchema
    table_schema: KeySchema
    projection: Projection
    status: IndexStatus = IndexStatus.ACTIVE
    ready_at: float = 0.0
    provisioned: tuple[int, int] | None = None
    max_on_demand: tuple[int | None, int | None] | None = None
    warm: tuple[int, int] | None = None
    arn: str = ""
    #: added to an existing table (UpdateTable): backfilled while CREATING
    backfilling: bool = False
    store: SortedStore = field(default_factory=SortedStore)
    read_bucket: TokenBucket | None = None
    write_bucket: TokenBucket | None = None

    @property
    def is_global(self) -> bool:
        """Whether this is a GSI."""
        return self.kind is IndexKind.GLOBAL

    @property
    def key_names(self) -> set[str]:
        """Index key plus table key: what every entry carries."""
        return set(self.schema.names) | set(self.table_schema.names)

    def projected_names(self) -> set[str] | None:
        """Attributes an entry holds, or None for ALL."""
        if self.projection.type is ProjectionType.ALL:
            return None
        names = self.key_names
        if self.projection.type is ProjectionType.INCLUDE:
            names |= set(self.projection.non_key_attributes)
        return names

    def project(self, item: dict[str, Any]) -> dict[str, Any]:
        """The index entry for a full table item."""
        names = self.projected_names()
        if names is None:
            return item
        return {k: v for k, v in item.items() if k in names}

    def locate(self, item: dict[str, Any]) -> tuple[Any, tuple[Any, ...]] | None:
        """``(partition, sort tuple)`` of ``item`` in this index; None if sparse. Raises on bad types."""
        key = index_key(self.schema, self.name, item)
        if key is None:
            return None
        ih, ir = key
        ts = self.table_schema
        th = item[ts.hash_name]
        sort: tuple[Any, ...] = (th,) if ts.range_name is None else (th, item[ts.range_name])
        if self.schema.range_extra:
            sort = (*ir, *sort)
        elif self.schema.range_name is not None:
            sort = (ir, *sort)
        return ih, sort

    def sort_tuple(self, key: dict[str, Any]) -> tuple[Any, tuple[Any, ...]]:
        """``(partition, sort tuple)`` for a LastEvaluatedKey-shaped key (already validated)."""
        located = self.locate(key)
        assert located is not None
        return located

    def replace(self, old: dict[str, Any] | None, new: dict[str, Any] | None,
                new_size: int | None = None) -> float:
        """Move an item's entry from ``old`` to ``new``; returns the index's write units.

        Units follow AWS: a new entry costs its size in 1 KB units, a key change
        2 (delete + put), a projected attribute change 1, nothing otherwise.
        ``new_size`` is the full item's size (reused when the projection is ALL).
        """
        old_loc = self.locate(old) if old is not None else None
        new_loc = self.locate(new) if new is not None else None
        old_entry = self.store.get(*old_loc) if old_loc is not None else None
        new_entry = self.project(new) if new_loc is not None and new is not None else None
        size = 0
        if new_entry is not None:
            all_ = new_size is not None and self.projection.type is ProjectionType.ALL
            size = new_size if all_ else item_size(new_entry)  # type: ignore[assignment]
        units = 0.0
        if old_loc is not None and old_entry is not None:
            if new_loc == old_loc and new_entry is not None:
                if new_entry == old_entry:
                    return 0.0
                self.store.put(*new_loc, new_entry, size)
                return float(max(1, -(-size // 1024)))
            self.store.delete(*old_loc)
            units += 1.0
        if new_loc is not None and new_entry is not None:
            self.store.put(*new_loc, new_entry, size)
            units += float(max(1, -(-size // 1024)))
        return units
