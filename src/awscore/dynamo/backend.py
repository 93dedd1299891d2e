"""The DynamoDB state of one account and region: its tables and the control plane.

>>> from awscore.clock import ManualClock
>>> db = DynamoDB(clock=ManualClock(0))
>>> t = db.create_table("orders", [("pk", "HASH")], [("pk", "S")], billing_mode="PAY_PER_REQUEST")
>>> db.list_tables()
['orders']

Status transitions (CREATING -> ACTIVE, index backfills, DELETING) happen
``status_delay`` seconds after the change, evaluated lazily on the clock
(default 0: immediate).
"""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Callable
from typing import Any

from sortedcontainers import SortedDict

from ..clock import Clock, SystemClock
from ..core.defaults import DEFAULT_ACCOUNT, DEFAULT_REGION
from ..core.errors import NotImplementedByAwscore
from ..core.validation import render_value, validation_message
from .capacity import TokenBucket
from .errors import (
    PARAM_INVALID,
    ResourceInUseException,
    ResourceNotFoundException,
    ValidationException,
    not_found,
)
from .indexes import Index, IndexKind
from .model import BillingMode, IndexStatus, ScalarType, TableStatus
from .schema import (
    MAX_GSI,
    MAX_LSI,
    IndexSpec,
    build_key_schema,
    build_projection,
    check_billing,
    check_definitions,
    check_table_class,
    check_unused,
)
from .table import Table, TableMeta

__all__ = ["DynamoDB"]

MAX_TAGS = 50
IN_USE = {
    TableStatus.CREATING: "Table is being created",
    TableStatus.UPDATING: "Table is being updated",
    TableStatus.DELETING: "Table is being deleted",
}


_NAME = re.compile(r"[a-zA-Z0-9_.-]+")


def table_name(ref: str, member: str = "tableName") -> str:
    """The table name of a TableName parameter (a name or a table ARN), checked as AWS checks it.

    Names are 3-255 characters of ``[a-zA-Z0-9_.-]``; a bad name is a ValidationException,
    never ResourceNotFoundException.
    """
    if ref.startswith("arn:"):
        parts = ref.split(":", 5)
        if len(parts) == 6 and parts[2] == "dynamodb" and parts[5].startswith("table/"):
            ref = parts[5][len("table/"):].split("/", 1)[0]
    problems = []  # AWS lists the length constraint before the pattern (recorded against AWS)
    if len(ref) < 3:
        problems.append(f"Value {render_value(ref)} at '{member}' failed to satisfy constraint: "
                        "Member must have length greater than or equal to 3")
    if len(ref) > 255:
        problems.append(f"Value {render_value(ref)} at '{member}' failed to satisfy constraint: "
                        "Member must have length less than or equal to 255")
    if not _NAME.fullmatch(ref):
        problems.append(f"Value {render_value(ref)} at '{member}' failed to satisfy constraint: "
                        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
    if problems:
        raise ValidationException(validation_message(problems))
    return ref


def _check_tags(tags: list[tuple[str, str]]) -> None:
    for key, _ in tags:
        if key.startswith("aws:"):
            raise ValidationException(f"Tag Key cannot be prefixed with aws:, Key: {key}")
    if len({k for k, _ in tags}) > MAX_TAGS:
        raise ValidationException("Number of Tags exceed the current limit for the provided ResourceArn")


class DynamoDB:
    """Tables of one account and region, sharing one clock.

    ``status_delay`` seconds pass between a control-plane change and ACTIVE;
    ``throttling`` (default on) makes provisioned tables throttle on token buckets.
    """

    def __init__(self, clock: Clock | None = None, account: str = DEFAULT_ACCOUNT,
                 region: str = DEFAULT_REGION, *, status_delay: float = 0.0, throttling: bool = True,
                 ttl_change_interval: float = 1800.0, s3: Callable[[], Any] | None = None) -> None:
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.account = account
        self.region = region
        self.status_delay = status_delay
        #: UpdateTimeToLive refuses a second change within this many seconds (0: never)
        self.ttl_change_interval = ttl_change_interval
        #: UpdateTable throttles a second deletion-protection change within this many seconds
        self.protection_cooldown = 15.0
        #: None: expired items stay until run_ttl_sweeper(); a number: data-plane calls sweep
        #: items expired at least that many seconds ago (AWS: typically within 48 hours)
        self.ttl_delay: float | None = None
        self._throttling = throttling
        self._tables: SortedDict = SortedDict()
        self._deleting: set[str] = set()
        self._lock = threading.RLock()
        #: TransactWriteItems idempotency: token -> (expires_at, request digest, result)
        self.tokens: dict[str, tuple[float, str, Any]] = {}
        self.tokens_running: set[str] = set()
        #: ImportTable jobs by ARN, and where imports read from (the cloud's S3 store)
        self.imports: dict[str, Any] = {}
        self.s3 = s3
        self.token_lock = threading.Lock()

    @property
    def throttling(self) -> bool:
        """Whether provisioned (and on-demand maximum) throughput is enforced (on by default: a new
        table starts with a full 300-second burst bucket, as DynamoDB retains unused capacity)."""
        return self._throttling

    @throttling.setter
    def throttling(self, on: bool) -> None:
        with self._lock:
            self._throttling = on
            for table in self._tables.values():
                table.throttling = on

    # -- lookup --------------------------------------------------------------------

    def _sweep_deleted(self) -> None:
        if not self._deleting:
            return
        now = self.clock.now()
        for name in list(self._deleting):
            table = self._tables.get(name)
            if table is None or now >= table.ready_at:
                self._tables.pop(name, None)
                self._deleting.discard(name)

    def table(self, name: str, *, control: bool = False) -> Table:
        """The table called ``name``; ResourceNotFoundException (control plane names the table). O(log n)."""
        if self._deleting:
            with self._lock:
                self._sweep_deleted()
        table = self._tables.get(name)
        if table is None:
            name = table_name(name)
            table = self._tables.get(name)
        if table is None:
            raise not_found(name if control else None)
        table.refresh()
        return table

    def data_table(self, name: str) -> Table:
        """A table for a data-plane call: must exist and not be CREATING/DELETING.

        With ``ttl_delay`` set, items expired for that long are swept first (lazily, on the clock).
        """
        table = self.table(name)
        table.require_active()
        if self.ttl_delay is not None and table.ttl_heap and table.meta.ttl_enabled:
            from .ttl import sweep

            if table.ttl_heap[0][0] <= self.clock.now() - self.ttl_delay:
                sweep(table, grace=self.ttl_delay)
        return table

    def table_by_arn(self, arn: str) -> Table:
        """The table a tagging call names by ARN (AWS's texts, including its "ResourcArn")."""
        prefix = f"arn:aws:dynamodb:{self.region}:{self.account}:table/"
        name = arn[len(prefix):] if arn.startswith(prefix) else ""
        if not name or "/" in name:
            if arn.startswith("arn:"):
                raise ResourceNotFoundException(f"Requested resource not found: ResourcArn: {arn} not found")
            raise ValidationException(f"Invalid TableArn: Invalid ResourceArn provided as input {arn}")
        try:
            return self.table(name, control=True)
        except (ResourceNotFoundException, ValidationException):
            raise ResourceNotFoundException(f"Requested resource not found: ResourcArn: {arn} not found") from None

    def list_tables(self, start: str | None = None, limit: int = 100) -> list[str]:
        """Table names in order, after ``start``, at most ``limit``. O(log n + limit)."""
        with self._lock:
            self._sweep_deleted()
            names = self._tables.irange(start, None, inclusive=(False, True)) if start else iter(self._tables)
            out = []
            for name in names:
                out.append(name)
                if len(out) >= limit:
                    break
            return out

    # -- create ----------------------------------------------------------------------

    def create_table(
        self,
        name: str,
        key_schema: list[tuple[str, str]],
        attribute_definitions: list[tuple[str, str]],
        *,
        billing_mode: str | None = None,
        provisioned: tuple[int, int] | None = None,
        global_indexes: list[IndexSpec] | None = None,
        local_indexes: list[IndexSpec] | None = None,
        table_class: str | None = None,
        deletion_protection: bool = False,
        tags: dict[str, str] | None = None,
        max_on_demand: tuple[int | None, int | None] | None = None,
        warm: tuple[int, int] | None = None,
        sse: dict[str, Any] | None = None,
        stream_enabled: bool = False,
    ) -> Table:
        """CreateTable: validate the declarations, then add a CREATING (or ACTIVE) table.

        Raises ValidationException for bad declarations, ResourceInUseException
        when the name is taken.
        """
        if stream_enabled:
            raise NotImplementedByAwscore("awscore does not implement DynamoDB Streams (StreamSpecification)")
        name = table_name(name)
        _check_tags(list((tags or {}).items()))
        tclass = check_table_class(table_class)
        defs = check_definitions(attribute_definitions)
        schema = build_key_schema(key_schema, defs)
        billing = check_billing(billing_mode, provisioned)
        for given, what in ((global_indexes, "GlobalSecondaryIndexes"), (local_indexes, "LocalSecondaryIndexes")):
            if given is not None and not given:
                raise ValidationException(PARAM_INVALID + f"List of {what} is empty")
        gsis = list(global_indexes or ())
        lsis = list(local_indexes or ())
        if len(gsis) > MAX_GSI:
            raise ValidationException(
                PARAM_INVALID + f"GlobalSecondaryIndex count exceeds the per-table limit of {MAX_GSI}"
            )
        if len(lsis) > MAX_LSI:
            raise ValidationException(
                PARAM_INVALID + f"Number of LocalSecondaryIndexes exceeds per-table limit of {MAX_LSI}"
            )
        now = self.clock.now()
        arn = f"arn:aws:dynamodb:{self.region}:{self.account}:table/{name}"
        seen: set[str] = set()
        used = set(schema.names)
        indexes: list[Index] = []
        for spec in lsis:
            if schema.range_name is None:
                raise ValidationException(
                    PARAM_INVALID + "Table KeySchema does not have a range key, which is required when "
                    "specifying a LocalSecondaryIndex"
                )
            index = self.build_index(spec, IndexKind.LOCAL, schema, defs, arn, billing, seen)
            if index.schema.hash_name != schema.hash_name:
                raise ValidationException(
                    PARAM_INVALID + "Index KeySchema does not have the same leading hash key as table "
                    f"KeySchema for index: {spec.name}. index hash key: {index.schema.hash_name}, "
                    f"table hash key: {schema.hash_name}"
                )
            if index.schema.range_name is None:
                raise ValidationException(
                    PARAM_INVALID + f"Index KeySchema does not have a range key for index: {spec.name}"
                )
            indexes.append(index)
            used |= set(index.schema.names)
        for spec in gsis:
            index = self.build_index(spec, IndexKind.GLOBAL, schema, defs, arn, billing, seen)
            indexes.append(index)
            used |= set(index.schema.names)
        check_unused(defs, used, bool(indexes))
        meta = TableMeta(
            billing_mode=billing,
            provisioned=provisioned or (0, 0),
            max_on_demand=max_on_demand,
            warm=warm,
            table_class=tclass,
            deletion_protection=deletion_protection,
            attribute_definitions=defs,
            tags=dict(tags or {}),
            sse=sse,
            table_id=str(uuid.uuid4()),
            ppr_since=now if billing is BillingMode.PAY_PER_REQUEST else None,
        )
        table = Table(name, schema=schema, clock=self.clock, account=self.account, region=self.region,
                      throttling=self.throttling, meta=meta)
        for index in indexes:
            index.status = IndexStatus.ACTIVE
            table.indexes[index.name] = index
        with self._lock:
            self._sweep_deleted()
            if name in self._tables:
                raise ResourceInUseException(f"Table already exists: {name}")
            if self.status_delay > 0:
                table.status = TableStatus.CREATING
                table.ready_at = now + self.status_delay
                for index in indexes:
                    if index.is_global:  # created with its table: ACTIVE together with it
                        index.status = IndexStatus.CREATING
                        index.ready_at = table.ready_at
                table.mark_pending()
            self._tables[name] = table
        return table

    def build_index(self, spec: IndexSpec, kind: IndexKind, table_schema: Any, defs: dict[str, ScalarType],
                     arn: str, billing: BillingMode, seen: set[str]) -> Index:
        if spec.name in seen:
            raise ValidationException(PARAM_INVALID + f"Duplicate index name: {spec.name}")
        seen.add(spec.name)
        schema = build_key_schema(spec.key_schema, defs, spec.name, multi=kind is IndexKind.GLOBAL)
        projection = build_projection(spec)
        provisioned = None
        if kind is IndexKind.GLOBAL:
            if billing is BillingMode.PROVISIONED and spec.provisioned is None:
                raise ValidationException(
                    PARAM_INVALID + f"ProvisionedThroughput is not specified for index: {spec.name}"
                )
            if billing is BillingMode.PAY_PER_REQUEST and spec.provisioned is not None:
                raise ValidationException(
                    PARAM_INVALID + f"ProvisionedThroughput should not be specified for index: {spec.name} "
                    "when BillingMode is PAY_PER_REQUEST"
                )
            provisioned = spec.provisioned
        index = Index(spec.name, kind, schema, table_schema, projection, provisioned=provisioned,
                      max_on_demand=spec.max_on_demand, warm=spec.warm, arn=f"{arn}/index/{spec.name}")
        if provisioned is not None:
            index.read_bucket = TokenBucket(provisioned[0], self.clock)
            index.write_bucket = TokenBucket(provisioned[1], self.clock)
        return index

    # -- update ------------------------------------------------------------------------

    def require_idle(self, table: Table) -> None:
        """ResourceInUseException while the table is CREATING, UPDATING or DELETING."""
        if table.status is not TableStatus.ACTIVE:
            raise ResourceInUseException(
                f"Attempt to change a resource which is still in use: {IN_USE[table.status]}: {table.name}"
            )

    def update_table(self, name: str, **changes: Any) -> Table:
        """UpdateTable: billing/throughput, GSI create/update/delete, class, protection (see :mod:`updates`)."""
        from .updates import update_table

        return update_table(self, name, **changes)

    # -- delete ------------------------------------------------------------------------------

    def delete_table(self, name: str) -> Table:
        """DeleteTable: the table goes DELETING (gone after ``status_delay``)."""
        table = self.table(name, control=True)
        with table.lock:
            if table.meta.deletion_protection:
                raise ValidationException(
                    "Resource cannot be deleted as it is currently protected against deletion. "
                    "Disable deletion protection first."
                )
            self.require_idle(table)
            table.status = TableStatus.DELETING
            table.ready_at = self.clock.now() + self.status_delay
        with self._lock:
            if self.status_delay <= 0:
                self._tables.pop(name, None)
            else:
                self._deleting.add(name)
        return table

    # -- time to live ---------------------------------------------------------------------------

    def run_ttl_sweeper(self) -> int:
        """Delete every expired item of every table now (AWS does this lazily, within days)."""
        from .ttl import sweep

        with self._lock:
            tables = list(self._tables.values())
        return sum(sweep(t) for t in tables)

    # -- tags ----------------------------------------------------------------------------------

    def tag(self, arn: str, tags: list[tuple[str, str]]) -> None:
        """TagResource: add or replace tags (at most 50 per table, no ``aws:`` keys)."""
        if not tags:
            raise ValidationException("Atleast one Tag needs to be provided as Input.")
        table = self.table_by_arn(arn)
        _check_tags(tags)
        with table.lock:
            merged = dict(table.meta.tags)
            merged.update(tags)
            if len(merged) > MAX_TAGS:
                raise ValidationException("Number of Tags exceed the current limit for the provided ResourceArn")
            table.meta.tags = merged

    def untag(self, arn: str, keys: list[str]) -> None:
        """UntagResource: remove tag keys (unknown keys are ignored)."""
        if not keys:
            raise ValidationException("Atleast one Tag Key needs to be provided as Input.")
        table = self.table_by_arn(arn)
        with table.lock:
            for k in keys:
                table.meta.tags.pop(k, None)

    def tags(self, arn: str) -> dict[str, str]:
        """ListTagsOfResource: the table's tags, in the order they were set."""
        return dict(self.table_by_arn(arn).meta.tags)
