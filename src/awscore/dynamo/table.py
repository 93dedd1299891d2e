"""A DynamoDB table: sorted storage, its indexes, and the single-item operations.

>>> from awscore.dynamo import Table
>>> t = Table("orders", partition_key="customer", sort_key=("n", "N"))
>>> t.put_item({"customer": "ann", "n": 1, "amount": 12.5})
>>> t.get_item({"customer": "ann", "n": 1})["amount"]
Decimal('12.5')

Every operation holds the table's lock while it reads or changes state, so
concurrent writers never lose an update or tear an item. Stored items are
never mutated in place (a write stores a new dict), so readers copy outside
the lock. Writes are planned (keys, sizes, index keys validated), checked
(conditions) and only then applied: a failed write leaves no trace.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from ..clock import Clock, SystemClock
from ..core.defaults import DEFAULT_ACCOUNT, DEFAULT_REGION
from . import exprs
from .capacity import BURST_SECONDS, Consumed, TokenBucket, read_units, write_units
from .errors import (
    THROUGHPUT_INDEX,
    THROUGHPUT_TABLE,
    ConditionalCheckFailedException,
    ProvisionedThroughputExceededException,
    ThrottlingException,
    ValidationException,
    not_found,
)
from .indexes import Index, IndexKind
from .keys import item_key, request_key
from .model import (
    BillingMode,
    IndexStatus,
    KeySchema,
    ReturnValues,
    ScalarType,
    TableClass,
    TableStatus,
)
from .storage import SortedStore
from .types import check_item_size, copy_item, from_python

__all__ = ["Table", "WritePlan", "WriteResult"]

ON_DEMAND_THROTTLED = "Throughput exceeds the maximum OnDemandThroughput configured on table or index"
PUT_RETURN_VALUES = (ReturnValues.NONE, ReturnValues.ALL_OLD)


@dataclass(slots=True)
class WritePlan:
    """A validated write not yet applied: where, the item before and after."""

    table: Table
    pk: Any
    sort: tuple[Any, ...]
    old: dict[str, Any] | None
    new: dict[str, Any] | None  # None: delete
    size: int = 0
    old_size: int = 0
    changed: Any = None
    noop: bool = False


@dataclass(slots=True)
class WriteResult:
    """What a write returns: the requested attributes and the capacity consumed."""

    attributes: dict[str, Any] | None
    consumed: Consumed


def _key_spec(spec: str | tuple[str, str] | None) -> tuple[str, ScalarType] | None:
    if spec is None:
        return None
    if isinstance(spec, str):
        return spec, ScalarType.S
    name, typ = spec
    return name, ScalarType(typ)


def _native_values(values: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if values is None else {k: from_python(v) for k, v in values.items()}


@dataclass
class ThroughputHistory:
    """When provisioned throughput last went up and down (DescribeTable reports it)."""

    last_increase: float | None = None
    last_decrease: float | None = None
    decrease_days: list[float] = field(default_factory=list)
    clock: Clock | None = None

    #: the highest (read, write) units ever provisioned: a PROVISIONED table's warm throughput
    peak: tuple[int, int] = (0, 0)

    def record(self, old: tuple[int, int], new: tuple[int, int], now: float) -> None:
        """Note a change of provisioned (read, write) units at ``now``."""
        self.peak = (max(self.peak[0], old[0], new[0]), max(self.peak[1], old[1], new[1]))
        if any(n > o for n, o in zip(new, old)):
            self.last_increase = now
        if any(n < o for n, o in zip(new, old)):
            self.last_decrease = now
            self.decrease_days.append(now)

    def decreases_today(self) -> int:
        """Decreases since midnight UTC of the clock's current day."""
        if self.clock is None or not self.decrease_days:
            return 0
        now = self.clock.now()
        midnight = now - now % 86400
        return sum(1 for t in self.decrease_days if t >= midnight)


@dataclass(eq=False)
class TableMeta:
    """Control-plane settings of a table, as DescribeTable reports them."""

    billing_mode: BillingMode = BillingMode.PAY_PER_REQUEST
    provisioned: tuple[int, int] = (0, 0)
    max_on_demand: tuple[int | None, int | None] | None = None
    warm: tuple[int, int] | None = None
    table_class: TableClass | None = None
    deletion_protection: bool = False
    attribute_definitions: dict[str, ScalarType] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    sse: dict[str, Any] | None = None
    last_update: float | None = None
    ttl_attribute: str | None = None
    ttl_enabled: bool = False
    ttl_changed_at: float | None = None
    ttl_modified_at: float | None = None
    protection_changed_at: float | None = None
    ppr_since: float | None = None  # when the table last switched to PAY_PER_REQUEST
    pitr: Any = None  # backups.Pitr once UpdateContinuousBackups was called
    throughput_history: ThroughputHistory = field(default_factory=ThroughputHistory)
    ttl_deleted: int = 0
    table_id: str = ""


class Table:
    """One DynamoDB table: items in DynamoDB's key order, indexes, capacity and a lock.

    ``partition_key`` / ``sort_key`` are a name (type S) or ``(name, "S"|"N"|"B")``.
    Build tables directly for native use, or through
    :class:`~awscore.dynamo.backend.DynamoDB` (what boto3 calls reach).
    """

    def __init__(
        self,
        name: str,
        partition_key: str | tuple[str, str] = "pk",
        sort_key: str | tuple[str, str] | None = None,
        *,
        schema: KeySchema | None = None,
        clock: Clock | None = None,
        account: str = DEFAULT_ACCOUNT,
        region: str = DEFAULT_REGION,
        throttling: bool = True,
        meta: TableMeta | None = None,
    ) -> None:
        if schema is None:
            h = _key_spec(partition_key)
            r = _key_spec(sort_key)
            assert h is not None
            schema = KeySchema(h[0], h[1], r[0] if r else None, r[1] if r else None)
        self.name = name
        self.schema = schema
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.account = account
        self.region = region
        self.arn = f"arn:aws:dynamodb:{region}:{account}:table/{name}"
        self.meta = meta if meta is not None else TableMeta()
        self.meta.throughput_history.clock = self.clock
        if not self.meta.attribute_definitions:
            self.meta.attribute_definitions = schema.types()
        self.store = SortedStore()
        self.indexes: dict[str, Index] = {}
        self.lock = threading.RLock()
        self.created = self.clock.now()
        self.status = TableStatus.ACTIVE
        self.ready_at = self.created
        self._pending = False
        #: TTL expiries of written items: a heap of (epoch, partition, sort tuple)
        self.ttl_heap: list[tuple[float, Any, tuple[Any, ...]]] = []
        self.throttling = throttling
        self.read_bucket: TokenBucket | None = None
        self.write_bucket: TokenBucket | None = None
        self.reset_buckets()

    def __repr__(self) -> str:
        return f"Table({self.name!r}, items={len(self.store)})"

    def __len__(self) -> int:
        return len(self.store)

    # -- lifecycle --------------------------------------------------------------

    def mark_pending(self) -> None:
        """Note that a status transition is scheduled (checked by :meth:`refresh`)."""
        self._pending = True

    def refresh(self) -> None:
        """Apply status transitions due by now (CREATING/UPDATING -> ACTIVE, index backfills). O(1) when idle."""
        if not self._pending:
            return
        now = self.clock.now()
        with self.lock:
            pending = False
            if self.status in (TableStatus.CREATING, TableStatus.UPDATING):
                if now >= self.ready_at:
                    self.status = TableStatus.ACTIVE
                else:
                    pending = True
            for name, index in list(self.indexes.items()):
                if index.status is IndexStatus.CREATING:
                    if now >= index.ready_at:
                        index.status = IndexStatus.ACTIVE
                    else:
                        pending = True
                elif index.status is IndexStatus.DELETING:
                    if now >= index.ready_at:
                        del self.indexes[name]
                    else:
                        pending = True
            self._pending = pending

    def require_active(self) -> None:
        """Data-plane calls on a table still being created: ResourceNotFoundException."""
        self.refresh()
        if self.status is TableStatus.CREATING or self.status is TableStatus.DELETING:
            raise not_found()

    def add_index(self, index: Index) -> None:
        """Attach ``index`` and backfill it from the table's items (under the lock). O(n log n)."""
        with self.lock:
            for _pk, _sort, item in self.store.items():
                index.replace(None, item)
            self.indexes[index.name] = index

    def add_global_index(self, name: str, partition_key: str | tuple[str, str],
                         sort_key: str | tuple[str, str] | None = None, *, projection: str = "ALL",
                         non_key_attributes: tuple[str, ...] = ()) -> Index:
        """Native: add (and backfill) a global secondary index; query it with ``index=name``.

        >>> t = Table("users", partition_key="id")
        >>> t.put_item({"id": "u1", "email": "a@x.io"})
        >>> _ = t.add_global_index("by_email", "email")
        >>> [u["id"] for u in t.query("email = :e", values={":e": "a@x.io"}, index="by_email")]
        ['u1']
        """
        from .schema import IndexSpec, build_projection

        h = _key_spec(partition_key)
        r = _key_spec(sort_key)
        assert h is not None
        if name in self.indexes:
            raise ValidationException(
                f"One or more parameter values were invalid: Attempting to create an index which already exists: {name}"
            )
        schema = KeySchema(h[0], h[1], r[0] if r else None, r[1] if r else None)
        spec = IndexSpec(name, [], projection, list(non_key_attributes) if non_key_attributes else None)
        index = Index(name, IndexKind.GLOBAL, schema, self.schema, build_projection(spec),
                      arn=f"{self.arn}/index/{name}")
        for attr, typ in schema.types().items():
            self.meta.attribute_definitions.setdefault(attr, typ)
        self.add_index(index)
        return index

    def reset_buckets(self) -> None:
        """(Re)build the token buckets: provisioned throughput (300 s burst) or on-demand maximums."""
        meta = self.meta
        if meta.billing_mode is BillingMode.PROVISIONED:
            r, w = meta.provisioned
            if self.read_bucket is None or self.read_bucket.burst_seconds != BURST_SECONDS:
                self.read_bucket = TokenBucket(r, self.clock)
                self.write_bucket = TokenBucket(w, self.clock)
            else:
                self.read_bucket.set_rate(r)
                assert self.write_bucket is not None
                self.write_bucket.set_rate(w)
        elif meta.max_on_demand is not None:
            r_max, w_max = meta.max_on_demand
            self.read_bucket = TokenBucket(r_max, self.clock, burst_seconds=1) if r_max else None
            self.write_bucket = TokenBucket(w_max, self.clock, burst_seconds=1) if w_max else None
        else:
            self.read_bucket = self.write_bucket = None

    def _throttled(self, index: bool = False) -> Exception:
        if self.meta.billing_mode is BillingMode.PAY_PER_REQUEST:
            return ThrottlingException(ON_DEMAND_THROTTLED)
        return ProvisionedThroughputExceededException(THROUGHPUT_INDEX if index else THROUGHPUT_TABLE)

    # -- keys -------------------------------------------------------------------

    def sort_of(self, h: Any, r: Any) -> tuple[Any, ...]:
        """The sort tuple of a table key (empty for a hash-only table)."""
        return () if self.schema.range_name is None else (r,)

    def key_of(self, item: dict[str, Any]) -> dict[str, Any]:
        """The primary-key attributes of ``item``."""
        return {n: item[n] for n in self.schema.names}

    def locate(self, key: dict[str, Any]) -> tuple[Any, tuple[Any, ...]]:
        """``(partition, sort tuple)`` of a ``Key`` parameter (AWS's key checks)."""
        h, r = request_key(self.schema, key)
        return h, self.sort_of(h, r)

    # -- throttling ---------------------------------------------------------------

    def admit(self, write: bool, index: Index | None = None, indexes: bool = False) -> None:
        """Refuse the request when the bucket it draws on is empty (provisioned + throttling on)."""
        if not self.throttling:
            return
        if index is not None and index.is_global:
            bucket = index.write_bucket if write else index.read_bucket
            if bucket is not None and bucket.available() <= 0:
                raise self._throttled(index=True)
            return
        bucket = self.write_bucket if write else self.read_bucket
        if bucket is not None and bucket.available() <= 0:
            raise self._throttled()
        if write and indexes:
            for ix in self.indexes.values():
                if ix.is_global and ix.write_bucket is not None and ix.write_bucket.available() <= 0:
                    raise self._throttled(index=True)

    def admit_indexes(self, plan: WritePlan) -> None:
        """Refuse a planned write when a GSI it writes (old or new entry) has no capacity left.

        A write that does not touch an index never draws on that index's bucket.
        """
        if not self.throttling:
            return
        for ix in self.indexes.values():
            if not ix.is_global or ix.write_bucket is None or ix.write_bucket.available() > 0:
                continue
            if (plan.old is not None and ix.locate(plan.old) is not None) or \
                    (plan.new is not None and ix.locate(plan.new) is not None):
                raise self._throttled(index=True)

    def charge(self, consumed: Consumed, index: Index | None = None) -> None:
        """Draw the consumed units from the buckets."""
        if not self.throttling:
            return
        if index is not None and index.is_global:
            bucket = index.read_bucket
            if bucket is not None:
                bucket.charge(consumed.total)
            return
        if index is not None:  # an LSI draws on its table's read capacity
            if self.read_bucket is not None:
                self.read_bucket.charge(consumed.total)
            return
        if consumed.write and self.write_bucket is not None:
            self.write_bucket.charge(consumed.table)
            for name, units in consumed.gsi.items():
                ix = self.indexes.get(name)
                if ix is not None and ix.write_bucket is not None:
                    ix.write_bucket.charge(units)
        elif consumed.read and self.read_bucket is not None:
            self.read_bucket.charge(consumed.table)

    # -- planning writes ------------------------------------------------------------

    def plan_put(self, item: dict[str, Any], batch: bool = False) -> WritePlan:
        """Validate a whole-item write (keys, 400 KB, index keys); nothing is changed.

        ``batch``: BatchWriteItem's wording for a missing or mistyped key.
        """
        h, r = item_key(self.schema, item, generic=batch)
        size = check_item_size(item)
        for index in self.indexes.values():
            index.locate(item)
        sort = self.sort_of(h, r)
        old = self.store.get(h, sort)
        return WritePlan(self, h, sort, old, item, size, self.store.size_of(h, sort))

    def plan_delete(self, key: dict[str, Any]) -> WritePlan:
        """Locate the item a DeleteItem names; nothing is changed."""
        h, sort = self.locate(key)
        old = self.store.get(h, sort)
        return WritePlan(self, h, sort, old, None, 0, self.store.size_of(h, sort))

    def plan_update(self, key: dict[str, Any], update: Any) -> WritePlan:
        """Apply a compiled UpdateExpression to a copy of the item; validate the result."""
        h, sort = self.locate(key)
        if self.indexes:
            index_keys = {n for ix in self.indexes.values() for n in ix.schema.names}
            for action in update.actions():
                top = action.path.elements[0]
                if len(action.path.elements) > 1 and top in index_keys:
                    raise ValidationException(
                        "Key attributes must be scalars; list random access '[]' and map lookup '.' are not "
                        f"allowed: IndexKey: {top}"
                    )
        old = self.store.get(h, sort)
        new, changed = exprs.apply_update(update, old, key)
        if new is None and not update.actions():
            new = copy_item(key)  # UpdateItem with nothing to update still creates the item (its key)
        old_size = self.store.size_of(h, sort)
        plan = WritePlan(self, h, sort, old, new, 0, old_size, changed)
        if new is None:
            plan.noop = True  # only REMOVE/DELETE on a missing item: nothing is created
            plan.new = None
            return plan
        plan.size = check_item_size(new, update=True)
        for index in self.indexes.values():
            index.locate(new)
        return plan

    def check(self, plan: WritePlan, condition: Any, return_on_failure: str | None = None) -> None:
        """Evaluate ``condition`` against the current item; ConditionalCheckFailedException if false."""
        if condition is None:
            return
        if not exprs.evaluate(condition, plan.old if plan.old is not None else {}):
            old = plan.old if return_on_failure == ReturnValues.ALL_OLD else None
            raise ConditionalCheckFailedException(old_item=copy_item(old) if old is not None else None)

    def _checked(self, plan: WritePlan, compiled: Any, return_on_failure: str | None) -> None:
        """:meth:`check`, charging the write units of a failed condition (AWS bills those too)."""
        try:
            self.check(plan, getattr(compiled, "condition", None), return_on_failure)
        except ConditionalCheckFailedException:
            if self.throttling:
                consumed = Consumed(self.name)
                consumed.table = consumed.write = write_units(max(plan.size, plan.old_size))
                self.charge(consumed)
            raise

    def apply(self, plan: WritePlan, transactional: bool = False) -> Consumed:
        """Carry out a checked plan (caller holds the lock); returns the write capacity."""
        consumed = Consumed(self.name)
        units = write_units(max(plan.size, plan.old_size), transactional=transactional)
        consumed.table = consumed.write = units
        if plan.noop:
            return consumed
        if plan.new is None:
            if plan.old is not None:
                self.store.delete(plan.pk, plan.sort)
        else:
            self.store.put(plan.pk, plan.sort, plan.new, plan.size)
            if self.meta.ttl_enabled:
                from .ttl import track

                track(self, plan.pk, plan.sort, plan.new)
        for index in self.indexes.values():
            if index.status is IndexStatus.DELETING:
                continue
            index_units = index.replace(plan.old, plan.new, plan.size)
            if index_units:  # an index write costs the same inside a transaction (only the table arm doubles)
                bucket = consumed.gsi if index.kind is IndexKind.GLOBAL else consumed.lsi
                bucket[index.name] = bucket.get(index.name, 0.0) + index_units
                consumed.write += index_units
        return consumed

    # -- single-item operations (typed values) -------------------------------------------

    def execute_put(self, item: dict[str, Any], compiled: Any = None, *,
                    return_values: ReturnValues = ReturnValues.NONE,
                    return_on_failure: str | None = None, fresh: bool = False) -> WriteResult:
        """PutItem on typed values. Raises ValidationException, ConditionalCheckFailedException.

        ``fresh=True`` hands over ``item`` (not aliased by the caller), saving a copy.
        """
        if return_values not in PUT_RETURN_VALUES:
            raise ValidationException("ReturnValues can only be ALL_OLD or NONE")
        self.require_active()
        if not fresh:
            item = copy_item(item)
        with self.lock:
            self.admit(True)
            plan = self.plan_put(item)
            self.admit_indexes(plan)
            self._checked(plan, compiled, return_on_failure)
            consumed = self.apply(plan)
            self.charge(consumed)
        attrs = plan.old if return_values is ReturnValues.ALL_OLD else None
        return WriteResult(copy_item(attrs) if attrs is not None else None, consumed)

    def execute_delete(self, key: dict[str, Any], compiled: Any = None, *,
                       return_values: ReturnValues = ReturnValues.NONE,
                       return_on_failure: str | None = None) -> WriteResult:
        """DeleteItem on typed values (a missing item is fine and costs 1 WCU)."""
        if return_values not in PUT_RETURN_VALUES:
            raise ValidationException("ReturnValues can only be ALL_OLD or NONE")
        self.require_active()
        with self.lock:
            self.admit(True)
            plan = self.plan_delete(key)
            self.admit_indexes(plan)
            self._checked(plan, compiled, return_on_failure)
            consumed = self.apply(plan)
            self.charge(consumed)
        attrs = plan.old if return_values is ReturnValues.ALL_OLD else None
        return WriteResult(copy_item(attrs) if attrs is not None else None, consumed)

    def execute_update(self, key: dict[str, Any], compiled: Any, *,
                       return_values: ReturnValues = ReturnValues.NONE,
                       return_on_failure: str | None = None) -> WriteResult:
        """UpdateItem on typed values: compiled ``update`` (+ optional ``condition``)."""
        self.require_active()
        with self.lock:
            self.admit(True)
            plan = self.plan_update(key, compiled.update)
            self.admit_indexes(plan)
            self._checked(plan, compiled, return_on_failure)
            consumed = self.apply(plan)
            self.charge(consumed)
        return WriteResult(self._update_return(plan, return_values), consumed)

    def _update_return(self, plan: WritePlan, rv: ReturnValues) -> dict[str, Any] | None:
        if rv is ReturnValues.NONE:
            return None
        if rv is ReturnValues.ALL_OLD:
            return copy_item(plan.old) if plan.old else None
        if plan.new is None:
            return None
        if rv is ReturnValues.ALL_NEW:
            return copy_item(plan.new)
        if rv is ReturnValues.UPDATED_OLD:
            return exprs.updated_values(plan.changed, plan.old) if plan.old is not None else None
        paths = [p for p in plan.changed if p.elements[0] not in self.schema.names]
        out = exprs.updated_values(paths, plan.new)
        return copy_item(out) if out else None

    def execute_get(self, key: dict[str, Any], compiled: Any = None, *, consistent: bool = False,
                    capacity: bool = True) -> tuple[dict[str, Any] | None, Consumed]:
        """GetItem on typed values: the (projected) item or None, and the read capacity.

        ``capacity=False`` skips sizing the item when nobody reads the units (no throttling).
        """
        self.require_active()
        h, sort = self.locate(key)
        self.admit(False)
        with self.lock:
            item = self.store.get(h, sort)
            size = self.store.size_of(h, sort)
        consumed = Consumed(self.name)
        if capacity or self.throttling:
            consumed.table = consumed.read = read_units(size, consistent=consistent)
            self.charge(consumed)
        if item is None:
            return None, consumed
        projection = getattr(compiled, "projection", None)
        if projection is not None:
            return copy_item(exprs.project(projection, item)), consumed
        return copy_item(item), consumed

    # -- native, Pythonic API ---------------------------------------------------------------

    def _compile(self, names: dict[str, str] | None, values: dict[str, Any] | None, **exprs_: Any) -> Any:
        return exprs.compile_request(names=names, values=_native_values(values), typed=True, **exprs_)

    def put_item(self, item: dict[str, Any], *, condition: str | None = None,
                 names: dict[str, str] | None = None, values: dict[str, Any] | None = None,
                 return_old: bool = False) -> dict[str, Any] | None:
        """Store ``item`` (Python values; ints/floats become Decimal), replacing any old one.

        Returns the old item when ``return_old``. Raises ConditionalCheckFailedException
        when ``condition`` is false, ValidationException for bad keys or sizes. O(log n).
        """
        compiled = self._compile(names, values, condition=condition)
        rv = ReturnValues.ALL_OLD if return_old else ReturnValues.NONE
        return self.execute_put(from_python(item), compiled, return_values=rv, fresh=True).attributes

    def get_item(self, key: dict[str, Any], *, projection: str | None = None,
                 names: dict[str, str] | None = None, consistent: bool = True) -> dict[str, Any] | None:
        """The item with primary key ``key`` (a fresh copy), or None. O(log n)."""
        compiled = self._compile(names, None, projection=projection)
        return self.execute_get(from_python(key), compiled, consistent=consistent, capacity=False)[0]

    def delete_item(self, key: dict[str, Any], *, condition: str | None = None,
                    names: dict[str, str] | None = None, values: dict[str, Any] | None = None,
                    return_old: bool = False) -> dict[str, Any] | None:
        """Delete the item at ``key`` (no error if missing); the old item when ``return_old``."""
        compiled = self._compile(names, values, condition=condition)
        rv = ReturnValues.ALL_OLD if return_old else ReturnValues.NONE
        return self.execute_delete(from_python(key), compiled, return_values=rv).attributes

    def update_item(self, key: dict[str, Any], update: str, *, condition: str | None = None,
                    names: dict[str, str] | None = None, values: dict[str, Any] | None = None,
                    return_values: str = "ALL_NEW") -> dict[str, Any] | None:
        """Apply UpdateExpression ``update`` to the item at ``key`` (creating it if needed).

        Returns the attributes selected by ``return_values`` (ALL_NEW by default).
        """
        compiled = self._compile(names, values, update=update, condition=condition)
        return self.execute_update(from_python(key), compiled,
                                   return_values=ReturnValues(return_values)).attributes

    def query(self, key_condition: str, **kwargs: Any) -> list[dict[str, Any]]:
        """All items matching ``key_condition`` (following pages); see :func:`query.query_all`."""
        from .query import query_all

        return query_all(self, key_condition, **kwargs)

    def scan(self, **kwargs: Any) -> list[dict[str, Any]]:
        """All items (optionally filtered), following pages; see :func:`query.scan_all`."""
        from .query import scan_all

        return scan_all(self, **kwargs)

    def _check(self) -> None:
        """Assert the invariants: sorted stores consistent, every index entry matches its item."""
        with self.lock:
            self.store._check()
            for index in self.indexes.values():
                index.store._check()
                expected = {}
                for _, _, item in self.store.items():
                    loc = index.locate(item)
                    if loc is not None:
                        expected[(loc[0], loc[1])] = index.project(item)
                actual = {(pk, sort): entry for pk, sort, entry in index.store.items()}
                assert actual == expected, f"index {index.name} out of step"

    def items(self) -> list[dict[str, Any]]:
        """Every item, in scan order (fresh copies)."""
        with self.lock:
            entries = list(self.store.items())
        return [copy_item(item) for _, _, item in entries]
