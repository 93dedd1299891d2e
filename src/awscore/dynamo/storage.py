"""Sorted, partitioned item storage: one per table and one per index.

A :class:`SortedStore` maps a partition-key value to a ``SortedDict`` of its
entries, ordered by a *sort tuple* (for a table ``(sort_key,)``; for an index
``(index_sort_key, table_hash, table_sort)`` so that ties on the index key
are ordered by the table key). A second ``SortedDict`` keeps the partitions
in hash order for Scan and parallel-scan segments.

Costs: get/put/delete O(log n); a Query reads only its partition,
O(log n + returned); a Scan page O(log p + returned).

The store holds no lock: its owner (the :class:`~awscore.dynamo.table.Table`)
serialises access. Stored items are never mutated in place; writes replace them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sortedcontainers import SortedDict

from .keys import partition_token

__all__ = ["SortedStore", "TOP", "Entry"]

Entry = tuple[Any, tuple[Any, ...], dict[str, Any]]  # (partition value, sort tuple, item)


class _Top:
    """Compares greater than every key value: an inclusive upper bound inside sort tuples."""

    __slots__ = ()

    def __lt__(self, other: object) -> bool:
        return False

    def __le__(self, other: object) -> bool:
        return other is self

    def __gt__(self, other: object) -> bool:
        return other is not self

    def __ge__(self, other: object) -> bool:
        return True

    def __eq__(self, other: object) -> bool:
        return other is self

    def __hash__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "TOP"


TOP = _Top()


class SortedStore:
    """Items partitioned by hash value, each partition sorted by sort tuple."""

    __slots__ = ("_parts", "_order", "_sizes", "count", "size")

    def __init__(self) -> None:
        self._parts: dict[Any, SortedDict] = {}
        self._sizes: dict[tuple[Any, tuple[Any, ...]], int] = {}
        self._order: SortedDict = SortedDict()  # partition_token -> partition value
        self.count = 0
        self.size = 0

    def __len__(self) -> int:
        return self.count

    def get(self, pk: Any, sort: tuple[Any, ...]) -> dict[str, Any] | None:
        """The entry at ``(pk, sort)``, or None. O(1) + O(log m)."""
        part = self._parts.get(pk)
        return None if part is None else part.get(sort)

    def put(self, pk: Any, sort: tuple[Any, ...], item: dict[str, Any], size: int = 0) -> dict[str, Any] | None:
        """Store ``item`` at ``(pk, sort)``; returns the entry it replaced. O(log n)."""
        part = self._parts.get(pk)
        if part is None:
            part = self._parts[pk] = SortedDict()
            self._order[partition_token(pk)] = pk
        old = part.get(sort)
        part[sort] = item
        previous = self._sizes.get((pk, sort), 0)
        self._sizes[(pk, sort)] = size
        if old is None:
            self.count += 1
        self.size += size - previous
        return old

    def size_of(self, pk: Any, sort: tuple[Any, ...]) -> int:
        """The recorded size of the entry at ``(pk, sort)`` (0 if absent). O(1)."""
        return self._sizes.get((pk, sort), 0)

    def delete(self, pk: Any, sort: tuple[Any, ...]) -> dict[str, Any] | None:
        """Remove and return the entry at ``(pk, sort)`` (None if absent). O(log n)."""
        part = self._parts.get(pk)
        if part is None:
            return None
        old = part.pop(sort, None)
        if old is not None:
            self.count -= 1
            self.size -= self._sizes.pop((pk, sort), 0)
            if not part:
                del self._parts[pk]
                del self._order[partition_token(pk)]
        return old

    def partition(self, pk: Any) -> SortedDict | None:
        """The sorted entries of one partition (do not mutate)."""
        return self._parts.get(pk)

    def query(self, pk: Any, lo: tuple[Any, ...] | None, hi: tuple[Any, ...] | None,
              inclusive: tuple[bool, bool] = (True, True), reverse: bool = False
              ) -> Iterator[tuple[dict[str, Any], int]]:
        """``(item, size)`` of partition ``pk``'s entries with sort tuples in ``[lo, hi]``, lazily. O(log m + k)."""
        part = self._parts.get(pk)
        if part is None:
            return iter(())
        keys = part.irange(lo, hi, inclusive=inclusive, reverse=reverse)
        sizes = self._sizes
        return ((part[k], sizes[(pk, k)]) for k in keys)

    def scan(self, start: tuple[int, bytes] | None = None, start_sort: tuple[Any, ...] | None = None,
             token_range: tuple[int, int] | None = None) -> Iterator[Entry]:
        """Entries in scan order (partition hash order, then sort order), lazily.

        ``start``/``start_sort`` resume strictly after that entry;
        ``token_range = (lo, hi)`` limits to partitions with ``lo <= hash < hi``.
        """
        lo_tok: Any = None
        hi_tok: Any = None
        if token_range is not None:
            lo_tok, hi_tok = (token_range[0], b""), (token_range[1], b"")
        if start is not None:
            lo_tok = start if lo_tok is None or start > lo_tok else lo_tok
        for tok in self._order.irange(lo_tok, hi_tok, inclusive=(True, False)):
            pk = self._order[tok]
            part = self._parts[pk]
            if start is not None and tok == start and start_sort is not None:
                keys = part.irange(start_sort, None, inclusive=(False, True))
            elif start is not None and tok == start:
                continue  # resuming after a hash-only item: the partition is done
            else:
                keys = iter(part)
            for k in keys:
                yield pk, k, part[k]

    def items(self) -> Iterator[Entry]:
        """Every entry, in scan order."""
        return self.scan()

    def clear(self) -> None:
        """Remove every entry."""
        self._parts.clear()
        self._order.clear()
        self._sizes.clear()
        self.count = 0
        self.size = 0

    def _check(self) -> None:
        """Assert the internal invariants (used by stress tests)."""
        assert len(self._parts) == len(self._order)
        assert sum(len(p) for p in self._parts.values()) == self.count == len(self._sizes)
        assert sum(self._sizes.values()) == self.size
        for tok, pk in self._order.items():
            assert partition_token(pk) == tok and self._parts[pk]
