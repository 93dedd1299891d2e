"""BatchGetItem and BatchWriteItem over the tables of one :class:`DynamoDB`.

Batches are not atomic across items, but every request is validated before
anything is written: a bad key, item or duplicate rejects the whole batch.
Throttled items (provisioned tables, throttling on) come back unprocessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .capacity import Consumed, read_units
from .errors import ProvisionedThroughputExceededException, ValidationException
from .table import Table, WritePlan
from .types import copy_item, item_size

if TYPE_CHECKING:
    from .backend import DynamoDB

__all__ = ["GetRequest", "WriteRequest", "batch_get", "batch_write", "MAX_GET_KEYS", "MAX_WRITES",
           "MAX_GET_BYTES"]

MAX_GET_KEYS = 100
MAX_WRITES = 25
MAX_GET_BYTES = 16 * 1024 * 1024
DUPLICATES = "Provided list of item keys contains duplicates"


@dataclass
class GetRequest:
    """The keys to read from one table, with its projection and consistency."""

    keys: list[dict[str, Any]]
    compiled: Any = None
    consistent: bool = False
    raw: Any = None  # the caller's request entry, echoed back in UnprocessedKeys


@dataclass
class WriteRequest:
    """One PutRequest (``item``) or DeleteRequest (``key``)."""

    item: dict[str, Any] | None = None
    key: dict[str, Any] | None = None
    raw: Any = None


@dataclass
class BatchGetResult:
    """BatchGetItem's outcome: items per table, unprocessed key positions, capacity."""
    responses: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    unprocessed: dict[str, list[int]] = field(default_factory=dict)  # table -> indexes into its keys
    consumed: list[Consumed] = field(default_factory=list)


def batch_get(db: DynamoDB, requests: dict[str, GetRequest]) -> BatchGetResult:
    """BatchGetItem: up to 100 keys, 16 MB of items; the rest in ``unprocessed``."""
    if sum(len(r.keys) for r in requests.values()) > MAX_GET_KEYS:
        raise ValidationException("Too many items requested for the BatchGetItem call")
    located: dict[str, tuple[Table, list[tuple[Any, tuple[Any, ...]]]]] = {}
    for name, request in requests.items():
        table = db.data_table(name)
        positions = [table.locate(key) for key in request.keys]
        if len(set(positions)) != len(positions):
            raise ValidationException(DUPLICATES)
        located[name] = (table, positions)
    result = BatchGetResult()
    total = 0
    for name, (table, positions) in located.items():
        request = requests[name]
        consumed = Consumed(table.name)
        items: list[dict[str, Any]] = []
        projection = getattr(request.compiled, "projection", None)
        for i, (h, sort) in enumerate(positions):
            if total > MAX_GET_BYTES:
                result.unprocessed.setdefault(name, []).append(i)
                continue
            try:
                table.admit(False)
            except ProvisionedThroughputExceededException:
                result.unprocessed.setdefault(name, []).append(i)
                continue
            with table.lock:
                item = table.store.get(h, sort)
            size = item_size(item) if item is not None else 0
            units = read_units(size, consistent=request.consistent)
            consumed.table += units
            consumed.read += units
            if item is not None:
                total += size
                if projection is not None:
                    from . import exprs

                    item = exprs.project(projection, item)
                items.append(copy_item(item))
        table.charge(consumed)
        result.responses[name] = items
        result.consumed.append(consumed)
    if result.unprocessed and not any(result.responses.values()) and all(
            len(v) == len(requests[k].keys) for k, v in result.unprocessed.items()) and db.throttling:
        raise ProvisionedThroughputExceededException()
    return result


@dataclass
class BatchWriteResult:
    """BatchWriteItem's outcome: unprocessed requests per table, capacity."""
    unprocessed: dict[str, list[WriteRequest]] = field(default_factory=dict)
    consumed: list[Consumed] = field(default_factory=list)


def batch_write(db: DynamoDB, requests: dict[str, list[WriteRequest]]) -> BatchWriteResult:
    """BatchWriteItem: 1-25 puts/deletes, all validated before any is written."""
    if sum(len(r) for r in requests.values()) > MAX_WRITES:
        raise ValidationException("Too many items requested for the BatchWriteItem call")
    tables: dict[str, Table] = {}
    for name, writes in requests.items():
        table = db.data_table(name)
        tables[name] = table
        seen = set()
        for w in writes:
            if w.item is not None:
                plan = table.plan_put(w.item, batch=True)
            else:
                assert w.key is not None
                plan = table.plan_delete(w.key)
            if (plan.pk, plan.sort) in seen:
                raise ValidationException(DUPLICATES)
            seen.add((plan.pk, plan.sort))
    result = BatchWriteResult()
    processed_any = False
    for name, writes in requests.items():
        table = tables[name]
        consumed = Consumed(table.name)
        for w in writes:
            with table.lock:
                plan: WritePlan = table.plan_put(copy_item(w.item)) if w.item is not None \
                    else table.plan_delete(w.key or {})
                try:
                    table.admit(True)
                    table.admit_indexes(plan)  # only the GSIs this write touches
                except ProvisionedThroughputExceededException:
                    result.unprocessed.setdefault(name, []).append(w)
                    continue
                one = table.apply(plan)
            table.charge(one)
            consumed.add(one)
            processed_any = True
        result.consumed.append(consumed)
    if result.unprocessed and not processed_any:
        raise ProvisionedThroughputExceededException()
    return result
