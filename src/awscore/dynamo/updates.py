"""UpdateTable: the request rules, index changes, billing and throughput, cooldowns.

Split from :mod:`backend` (which owns the tables); :meth:`DynamoDB.update_table`
delegates here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..clock import to_datetime
from ..core.errors import NotImplementedByAwscore
from .capacity import TokenBucket
from .errors import (
    PARAM_INVALID,
    LimitExceededException,
    ResourceNotFoundException,
    ThrottlingException,
    ValidationException,
)
from .indexes import IndexKind
from .model import BillingMode, IndexStatus, ScalarType, TableStatus
from .schema import MAX_GSI, IndexSpec, check_billing, check_table_class
from .table import Table

if TYPE_CHECKING:
    from .backend import DynamoDB

__all__ = ["update_table", "check_update_request", "check_protection_cooldown"]


def check_update_request(*, billing_mode: Any, provisioned: Any, index_actions: int, table_class: Any,
                          deletion_protection: Any, max_on_demand: Any, warm: Any, stream_enabled: Any,
                          sse: Any) -> None:
    """UpdateTable's request rules: something to do, and the changes that must come alone."""
    present = {
        "billing": billing_mode is not None, "throughput": provisioned is not None,
        "indexes": index_actions > 0, "class": table_class is not None,
        "protection": deletion_protection is not None, "on_demand": max_on_demand is not None,
        "warm": warm is not None, "stream": stream_enabled is not None, "sse": sse is not None,
    }
    if not any(present.values()):
        raise ValidationException(
            "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
            "GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, "
            "ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, OnDemandThroughput, "
            "WarmThroughput or TableClass is required"
        )
    count = sum(present.values())
    for flag, what in (("sse", "Server-Side Encryption modification must be the only operation in the request"),
                       ("class", "TableClass modification must be the only operation in the request"),
                       ("protection", "DeletionProtection modification must be the only operation in the request"),
                       ("warm", "WarmThroughput must be the only operation in the request")):
        if present[flag] and count > 1:
            raise ValidationException(PARAM_INVALID + what)
    if present["on_demand"] and count - present["billing"] > 1:
        raise ValidationException(
            PARAM_INVALID + "OnDemandThroughput can only be combined with BillingMode in an UpdateTable request"
        )


def update_table(
    db: DynamoDB,
    name: str,
    *,
    attribute_definitions: list[tuple[str, str]] | None = None,
    billing_mode: str | None = None,
    provisioned: tuple[int, int] | None = None,
    create_index: IndexSpec | None = None,
    update_indexes: list[IndexSpec] | None = None,
    delete_index: str | None = None,
    index_actions: int = 0,
    table_class: str | None = None,
    deletion_protection: bool | None = None,
    max_on_demand: tuple[int | None, int | None] | None = None,
    warm: tuple[int, int] | None = None,
    stream_enabled: bool | None = None,
    sse: dict[str, Any] | None = None,
) -> Table:
    """UpdateTable: billing/throughput, GSI create/update/delete, class, protection.

    Every rule is checked before anything changes (ValidationException,
    LimitExceededException, ResourceInUseException, ResourceNotFoundException,
    ThrottlingException for the deletion-protection cooldown); the table then
    goes UPDATING for ``db.status_delay`` seconds when something substantial changed.
    """
    if stream_enabled:
        raise NotImplementedByAwscore("awscore does not implement DynamoDB Streams (StreamSpecification)")
    check_update_request(billing_mode=billing_mode, provisioned=provisioned,
                               index_actions=index_actions or sum(
                                   x is not None for x in (create_index, delete_index)) + len(update_indexes or ()),
                               table_class=table_class, deletion_protection=deletion_protection,
                               max_on_demand=max_on_demand, warm=warm, stream_enabled=stream_enabled, sse=sse)
    table = db.table(name, control=True)
    with table.lock:
        if deletion_protection is None or table.status is not TableStatus.UPDATING:
            db.require_idle(table)  # a deletion-protection change is accepted while UPDATING
        tclass = check_table_class(table_class)
        if deletion_protection is not None:
            check_protection_cooldown(db, table)
        if index_actions > 1:
            raise LimitExceededException(
                "Subscriber limit exceeded: Only 1 online index can be created or deleted "
                "simultaneously per table"
            )
        meta = table.meta
        if sse is not None and sse.get("Enabled") is False and not (meta.sse and meta.sse.get("Enabled")):
            raise ValidationException(PARAM_INVALID + "Table is already encrypted by default")
        billing = BillingMode(billing_mode) if billing_mode is not None else meta.billing_mode
        if billing_mode is not None or provisioned is not None:
            if billing is BillingMode.PAY_PER_REQUEST and provisioned is not None:
                check_billing(billing.value, provisioned)
            if billing is BillingMode.PROVISIONED and provisioned is None:  # even when already PROVISIONED
                raise ValidationException(
                    PARAM_INVALID + "ProvisionedThroughput must be specified when BillingMode is PROVISIONED"
                )
            if provisioned is not None and billing is meta.billing_mode and provisioned == meta.provisioned:
                r, w = provisioned
                raise ValidationException(
                    "The provisioned throughput for the table will not change. The requested value equals "
                    f"the current value. Current ReadCapacityUnits provisioned for the table: {r}. Requested "
                    f"ReadCapacityUnits: {r}. Current WriteCapacityUnits provisioned for the table: {w}. "
                    f"Requested WriteCapacityUnits: {w}. Refer to the Amazon DynamoDB Developer Guide for "
                    "current limits and how to request higher limits."
                )
        defs = dict(meta.attribute_definitions)
        if attribute_definitions:
            for attr, typ in attribute_definitions:
                if attr in defs and defs[attr] != typ:
                    raise ValidationException(
                        PARAM_INVALID + f"Cannot change the type of attribute {attr} which is used as a key"
                    )
                defs[attr] = ScalarType(typ)
        new_index = None
        if create_index is not None:
            if create_index.name in table.indexes:
                raise ValidationException("Attempting to create an index which already exists")
            if sum(ix.is_global for ix in table.indexes.values()) >= MAX_GSI:
                raise LimitExceededException(
                    PARAM_INVALID + f"GlobalSecondaryIndex count exceeds the per-table limit of {MAX_GSI}"
                )
            if any(attr not in defs for attr, _ in create_index.key_schema):
                raise ValidationException(
                    PARAM_INVALID + f"AttributeDefinitions is not specified for index: {create_index.name}"
                )
            if billing is BillingMode.PROVISIONED and create_index.provisioned is None:
                raise ValidationException(
                    PARAM_INVALID + f"ProvisionedThroughput must be specified for index: {create_index.name}"
                )
            if billing is BillingMode.PAY_PER_REQUEST and create_index.provisioned is not None:
                raise ValidationException(
                    PARAM_INVALID + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for "
                    f"index: {create_index.name} when BillingMode is PAY_PER_REQUEST"
                )
            new_index = db.build_index(create_index, IndexKind.GLOBAL, table.schema, defs,
                                          table.arn, billing, set())
        updates = list(update_indexes or ())
        targets = [("delete", delete_index)] + [("update", u.name) for u in updates]
        for verb, target in targets:
            if target is None:
                continue
            ix = table.indexes.get(target)
            if ix is None:
                raise index_not_found(table.name, target)
            if not ix.is_global:
                raise ValidationException(f"Cannot {verb} an index that is not a GlobalSecondaryIndex: {target}")
        for u in updates:
            if u.provisioned is not None and billing is BillingMode.PAY_PER_REQUEST:
                raise ValidationException(
                    PARAM_INVALID + f"The only Updates for index: {u.name} when TableThroughputMode "
                    "is PAY_PER_REQUEST can be to OnDemandThroughput, WarmThroughput"
                )
        # -- everything checked: apply --------------------------------------------------
        now = db.clock.now()
        changed = False
        if billing is not meta.billing_mode or provisioned is not None:
            if billing is BillingMode.PAY_PER_REQUEST and meta.billing_mode is not billing:
                meta.ppr_since = now
            meta.billing_mode = billing
            before = meta.provisioned
            meta.provisioned = provisioned if billing is BillingMode.PROVISIONED and provisioned \
                else (meta.provisioned if billing is BillingMode.PROVISIONED else (0, 0))
            if billing is BillingMode.PROVISIONED and before != (0, 0):
                meta.throughput_history.record(before, meta.provisioned, now)
            table.reset_buckets()
            changed = True
        if max_on_demand is not None:
            meta.max_on_demand = max_on_demand
            table.reset_buckets()
            changed = True
        if warm is not None:
            meta.warm = warm
        if tclass is not None:
            meta.table_class = tclass
            changed = True
        if deletion_protection is not None:
            meta.deletion_protection = deletion_protection
            meta.protection_changed_at = now
        if sse is not None:
            meta.sse = sse
        if new_index is not None:
            meta.attribute_definitions = defs
            new_index.backfilling = True
            if db.status_delay > 0:
                new_index.status = IndexStatus.CREATING
                new_index.ready_at = now + db.status_delay
                table.mark_pending()
            table.add_index(new_index)
        if delete_index is not None:
            if db.status_delay > 0:
                table.indexes[delete_index].status = IndexStatus.DELETING
                table.indexes[delete_index].ready_at = now + db.status_delay
                table.mark_pending()
            else:
                del table.indexes[delete_index]
            used = set(table.schema.names)
            for ix in table.indexes.values():
                if ix.status is not IndexStatus.DELETING:
                    used |= set(ix.schema.names)
            meta.attribute_definitions = {k: v for k, v in meta.attribute_definitions.items() if k in used}
        for update_index in updates:
            ix = table.indexes[update_index.name]
            if update_index.provisioned is not None:
                ix.provisioned = update_index.provisioned
                if ix.read_bucket is None:
                    ix.read_bucket = TokenBucket(ix.provisioned[0], db.clock)
                    ix.write_bucket = TokenBucket(ix.provisioned[1], db.clock)
                else:
                    ix.read_bucket.set_rate(ix.provisioned[0])
                    assert ix.write_bucket is not None
                    ix.write_bucket.set_rate(ix.provisioned[1])
            if update_index.max_on_demand is not None:
                ix.max_on_demand = update_index.max_on_demand
            if update_index.warm is not None:
                ix.warm = update_index.warm
        meta.last_update = now
        if changed and db.status_delay > 0:
            table.status = TableStatus.UPDATING
            table.ready_at = now + db.status_delay
            table.mark_pending()
    return table


def check_protection_cooldown(db: DynamoDB, table: Table) -> None:
    """A second deletion-protection change within 15 s is throttled, naming when to retry.

    Through boto3 the SDK's own retries (modelled by the adapter on the clock) outlast
    the 15 s with the default DynamoDB policy, as against AWS.
    """
    last = table.meta.protection_changed_at
    if last is None or db.protection_cooldown <= 0:
        return
    retry_at = last + db.protection_cooldown
    if db.clock.now() < retry_at:
        stamp = to_datetime(retry_at).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]  # AWS prints no zone here
        raise ThrottlingException(
            f"Deletion protection setting for table {table.name} modified within the previous "
            f"{int(db.protection_cooldown * 1000)} milliseconds. Please try again after {stamp}"
        )


def index_not_found(table: str, index: str) -> ResourceNotFoundException:
    """ResourceNotFoundException for an index UpdateTable names but the table lacks."""
    return ResourceNotFoundException(f"Requested resource not found: Index: {index} not found for table: {table}")
