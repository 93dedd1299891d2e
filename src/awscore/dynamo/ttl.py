"""Time to live: the setting, and the lazy sweeper that deletes expired items on the clock.

As in AWS, expiry is not instant: an expired item stays readable (Get, Query,
Scan, Update) until a sweep removes it. :func:`sweep` is that sweeper; call
it (or :meth:`DynamoDB.run_ttl_sweeper`) after advancing the clock.

An item expires when its TTL attribute is a number (epoch seconds) that is
not in the future and not more than five years in the past; a missing or
non-number attribute never expires.
"""

from __future__ import annotations

import heapq
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .errors import ValidationException
from .model import TableStatus

if TYPE_CHECKING:
    from .table import Table

__all__ = ["update_ttl", "describe_ttl", "sweep", "track", "rebuild", "is_expired", "FIVE_YEARS"]

FIVE_YEARS = 5 * 365 * 86400


CHANGE_INTERVAL = 1800.0  # AWS: about 30 minutes (invisible in DescribeTimeToLive)


def update_ttl(table: Table, attribute: str, enabled: bool, delay: float = 0.0,
               interval: float = CHANGE_INTERVAL) -> None:
    """UpdateTimeToLive: enable on ``attribute`` or disable.

    ValidationException for no-op changes, and for a second change within
    ``interval`` seconds (AWS: about 30 minutes) of the last one.
    """
    with table.lock:
        meta = table.meta
        now = table.clock.now()
        if enabled:
            if meta.ttl_enabled:
                raise ValidationException("TimeToLive is already enabled")
        else:
            if not meta.ttl_enabled:
                raise ValidationException("TimeToLive is already disabled")
            if meta.ttl_attribute != attribute:
                raise ValidationException(
                    "TimeToLive is active on a different AttributeName: current AttributeName is "
                    f"{meta.ttl_attribute}"
                )
        if meta.ttl_modified_at is not None and now - meta.ttl_modified_at < interval:
            raise ValidationException("Time to live has been modified multiple times within a fixed interval")
        meta.ttl_enabled = enabled
        meta.ttl_attribute = attribute
        meta.ttl_changed_at = now + delay
        meta.ttl_modified_at = now
    rebuild(table)


def describe_ttl(table: Table) -> dict[str, Any]:
    """DescribeTimeToLive's description: ENABLING/ENABLED/DISABLING/DISABLED (+ AttributeName).

    A table still CREATING or DELETING cannot be asked (ValidationException).
    """
    table.refresh()
    if table.status in (TableStatus.CREATING, TableStatus.DELETING):
        raise ValidationException(
            f"Cannot describe time to live while table is in {table.status} state: "
            f"Current table state is {table.status}"
        )
    meta = table.meta
    if meta.ttl_attribute is None:
        return {"TimeToLiveStatus": "DISABLED"}
    settled = meta.ttl_changed_at is None or table.clock.now() >= meta.ttl_changed_at
    if meta.ttl_enabled:
        return {"TimeToLiveStatus": "ENABLED" if settled else "ENABLING", "AttributeName": meta.ttl_attribute}
    if settled:
        return {"TimeToLiveStatus": "DISABLED"}
    return {"TimeToLiveStatus": "DISABLING", "AttributeName": meta.ttl_attribute}


def is_expired(item: dict[str, Any], attribute: str, now: float) -> bool:
    """Whether ``item`` is due for TTL deletion at epoch ``now``."""
    value = item.get(attribute)
    if not isinstance(value, Decimal):
        return False
    return now - FIVE_YEARS <= value <= now


def track(table: Table, pk: Any, sort: tuple[Any, ...], item: dict[str, Any]) -> None:
    """Remember when a written item expires (a heap of ``(expiry, pk, sort)``). O(log n)."""
    attribute = table.meta.ttl_attribute
    value = item.get(attribute) if attribute is not None else None
    if isinstance(value, Decimal):
        heapq.heappush(table.ttl_heap, (float(value), pk, sort))
        if len(table.ttl_heap) > 2 * len(table.store) + 1024:
            rebuild(table)  # drop the stale entries of rewritten items (amortised O(log n))


def rebuild(table: Table) -> None:
    """Index every item's expiry (when TTL is enabled). O(n log n)."""
    with table.lock:
        table.ttl_heap = []
        if table.meta.ttl_enabled:
            for pk, sort, item in table.store.items():
                track(table, pk, sort, item)


def sweep(table: Table, *, grace: float = 0.0) -> int:
    """Delete the items that expired at least ``grace`` seconds ago (table and indexes, no capacity).

    Pops the expiry heap up to ``now - grace`` and deletes an item only if it
    still carries that expiry. Returns how many were deleted. O(k log n) for k due entries.
    """
    meta = table.meta
    if not meta.ttl_enabled or meta.ttl_attribute is None:
        return 0
    now = table.clock.now()
    cutoff = now - grace
    attribute = meta.ttl_attribute
    deleted = 0
    from .table import WritePlan

    with table.lock:
        heap = table.ttl_heap
        while heap and heap[0][0] <= cutoff:
            expiry, pk, sort = heapq.heappop(heap)
            item = table.store.get(pk, sort)
            if item is None or not is_expired(item, attribute, now):
                continue
            value = item[attribute]
            if float(value) != expiry:
                continue  # rewritten with another expiry: its own heap entry decides
            table.apply(WritePlan(table, pk, sort, item, None, 0, table.store.size_of(pk, sort)))
            deleted += 1
        meta.ttl_deleted += deleted
    return deleted
