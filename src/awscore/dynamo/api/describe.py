"""TableDescription and ConsumedCapacity in AWS's response shapes (fresh dicts every call)."""

from __future__ import annotations

from typing import Any

from ...clock import to_datetime
from ..capacity import Consumed
from ..indexes import Index
from ..model import BillingMode, IndexStatus, ReturnCapacity, TableStatus
from ..table import Table

__all__ = ["table_description", "consumed_wire", "index_description"]


#: every table and GSI starts warm for this many read / write units per second (AWS's default)
WARM_DEFAULT = (12000, 4000)


def _warm(warm: tuple[int, int] | None, provisioned: tuple[int, int] | None = None) -> dict[str, Any]:
    """WarmThroughput: on-demand starts at 12000/4000; a table that was only ever PROVISIONED
    is warm for the most it has ever been provisioned (AWS never lowers it)."""
    base = provisioned if provisioned is not None else WARM_DEFAULT
    r, w = warm or base
    return {"ReadUnitsPerSecond": max(r, base[0]), "WriteUnitsPerSecond": max(w, base[1]), "Status": "ACTIVE"}


def _provisioned_peak(table: Table) -> tuple[int, int] | None:
    """The peak (read, write) units of a table that was never on-demand; None otherwise."""
    meta = table.meta
    if meta.billing_mode is not BillingMode.PROVISIONED or meta.ppr_since is not None:
        return None
    peak = meta.throughput_history.peak
    return max(peak[0], meta.provisioned[0]), max(peak[1], meta.provisioned[1])


def _throughput(rw: tuple[int, int] | None, history: Any = None) -> dict[str, Any]:
    r, w = rw or (0, 0)
    out: dict[str, Any] = {}
    if history is not None:
        if history.last_increase is not None:
            out["LastIncreaseDateTime"] = to_datetime(history.last_increase)
        if history.last_decrease is not None:
            out["LastDecreaseDateTime"] = to_datetime(history.last_decrease)
    out["NumberOfDecreasesToday"] = history.decreases_today() if history is not None else 0
    out["ReadCapacityUnits"] = r
    out["WriteCapacityUnits"] = w
    return out


def _on_demand(mx: tuple[int | None, int | None] | None) -> dict[str, Any] | None:
    if mx is None:
        return None
    out = {}
    if mx[0] is not None:
        out["MaxReadRequestUnits"] = mx[0]
    if mx[1] is not None:
        out["MaxWriteRequestUnits"] = mx[1]
    return out


def index_description(table: Table, index: Index, status: str | None = None) -> dict[str, Any]:
    """One index of a TableDescription (``status`` overrides the reported IndexStatus)."""
    out: dict[str, Any] = {
        "IndexName": index.name,
        "KeySchema": index.schema.wire(),
        "Projection": index.projection.wire(),
    }
    if index.is_global:
        out["IndexStatus"] = status or index.status.value
        if status == "CREATING" and index.backfilling:
            out["Backfilling"] = False  # UpdateTable's answer: backfilling has not started yet
        elif status is None and index.status is IndexStatus.CREATING and index.backfilling:
            out["Backfilling"] = True
        out["ProvisionedThroughput"] = _throughput(index.provisioned)
        od = _on_demand(index.max_on_demand)
        if od is not None:
            out["OnDemandThroughput"] = od
        on_demand = _provisioned_peak(table) is None or index.provisioned is None
        out["WarmThroughput"] = _warm(index.warm, None if on_demand else index.provisioned)
    out["IndexSizeBytes"] = index.store.size
    out["ItemCount"] = index.store.count
    out["IndexArn"] = index.arn
    return out


def table_description(table: Table, *, deleting: bool = False, status: str | None = None,
                      index_status: dict[str, str] | None = None) -> dict[str, Any]:
    """DescribeTable's ``Table`` (DeleteTable's description omits the index lists).

    ``status`` / ``index_status`` override the reported statuses: CreateTable and
    UpdateTable answer with the status the change starts in (CREATING, UPDATING),
    as AWS does, even when the engine's delay makes it ACTIVE at once.
    """
    meta = table.meta
    index_status = index_status or {}
    out: dict[str, Any] = {
        "AttributeDefinitions": [{"AttributeName": n, "AttributeType": t.value}
                                 for n, t in meta.attribute_definitions.items()],
        "TableName": table.name,
        "KeySchema": table.schema.wire(),
        "TableStatus": status or table.status.value,
        "CreationDateTime": to_datetime(table.created),
        "ProvisionedThroughput": _throughput(meta.provisioned, meta.throughput_history),
        "TableSizeBytes": table.store.size,
        "ItemCount": table.store.count,
        "TableArn": table.arn,
        "TableId": meta.table_id,
    }
    if meta.billing_mode is BillingMode.PAY_PER_REQUEST or meta.ppr_since is not None:
        summary_: dict[str, Any] = {"BillingMode": meta.billing_mode.value}
        if status != "CREATING":  # CreateTable's own answer carries no timestamp yet
            summary_["LastUpdateToPayPerRequestDateTime"] = to_datetime(meta.ppr_since or table.created)
        out["BillingModeSummary"] = summary_
    if not deleting and table.status is not TableStatus.DELETING:
        lsis = [index_description(table, ix) for ix in table.indexes.values() if not ix.is_global]
        gsis = [index_description(table, ix, index_status.get(ix.name))
                for ix in table.indexes.values() if ix.is_global]
        if lsis:
            out["LocalSecondaryIndexes"] = lsis
        if gsis:
            out["GlobalSecondaryIndexes"] = gsis
    if meta.table_class is not None:
        summary: dict[str, Any] = {"TableClass": meta.table_class.value}
        if meta.last_update is not None:
            summary["LastUpdateDateTime"] = to_datetime(meta.last_update)
        out["TableClassSummary"] = summary
    out["DeletionProtectionEnabled"] = meta.deletion_protection
    od = _on_demand(meta.max_on_demand)
    if od is not None:
        out["OnDemandThroughput"] = od
    out["WarmThroughput"] = _warm(meta.warm, _provisioned_peak(table))
    if meta.sse and meta.sse.get("Enabled"):
        out["SSEDescription"] = {
            "Status": "ENABLED",
            "SSEType": meta.sse.get("SSEType", "KMS"),
            "KMSMasterKeyArn": meta.sse.get("KMSMasterKeyId")
            or f"arn:aws:kms:{table.region}:{table.account}:key/aws-managed-dynamodb",
        }
    return out


def consumed_wire(consumed: Consumed, mode: str | None, *, transactional: bool = False) -> dict[str, Any] | None:
    """ConsumedCapacity for ReturnConsumedCapacity ``mode`` (None for NONE/absent)."""
    if mode is None or mode == ReturnCapacity.NONE:
        return None
    out: dict[str, Any] = {"TableName": consumed.table_name, "CapacityUnits": consumed.total}
    if transactional:
        out["ReadCapacityUnits"] = consumed.read if consumed.read else 0.0
        out["WriteCapacityUnits"] = consumed.write if consumed.write else 0.0
        if not consumed.read:
            del out["ReadCapacityUnits"]
        if not consumed.write:
            del out["WriteCapacityUnits"]
    if mode == ReturnCapacity.INDEXES:
        if consumed.on_table:
            table_part: dict[str, Any] = {"CapacityUnits": consumed.table}
            if transactional:
                if consumed.read:
                    table_part["ReadCapacityUnits"] = consumed.table
                else:
                    table_part["WriteCapacityUnits"] = consumed.table
            out["Table"] = table_part
        if consumed.gsi:
            out["GlobalSecondaryIndexes"] = {n: {"CapacityUnits": u} for n, u in consumed.gsi.items()}
        if consumed.lsi:
            out["LocalSecondaryIndexes"] = {n: {"CapacityUnits": u} for n, u in consumed.lsi.items()}
    return out
