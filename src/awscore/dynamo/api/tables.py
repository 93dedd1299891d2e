"""Control-plane handlers: tables, tags, time to live."""

from __future__ import annotations

from typing import Any

from ...core.registry import RequestContext
from ..errors import PARAM_INVALID, ResourceNotFoundException, ValidationException
from ..schema import IndexSpec
from ..ttl import describe_ttl, update_ttl
from .common import api, backend, unsupported
from .describe import index_description, table_description

__all__: list[str] = []


def _pairs(elements: list[dict[str, Any]] | None, a: str, b: str) -> list[tuple[str, str]]:
    return [(e[a], e[b]) for e in elements or ()]


def _throughput(spec: dict[str, Any] | None) -> tuple[int, int] | None:
    if spec is None:
        return None
    return int(spec["ReadCapacityUnits"]), int(spec["WriteCapacityUnits"])


def _on_demand(spec: dict[str, Any] | None) -> tuple[int | None, int | None] | None:
    if spec is None:
        return None
    return spec.get("MaxReadRequestUnits"), spec.get("MaxWriteRequestUnits")


def _warm(spec: dict[str, Any] | None) -> tuple[int, int] | None:
    if spec is None:
        return None
    return int(spec.get("ReadUnitsPerSecond", 0)), int(spec.get("WriteUnitsPerSecond", 0))


def _index_spec(raw: dict[str, Any]) -> IndexSpec:
    projection = raw.get("Projection") or {}
    return IndexSpec(
        name=raw["IndexName"],
        key_schema=_pairs(raw.get("KeySchema"), "AttributeName", "KeyType"),
        projection_type=projection.get("ProjectionType"),
        non_key_attributes=list(projection["NonKeyAttributes"]) if "NonKeyAttributes" in projection else None,
        provisioned=_throughput(raw.get("ProvisionedThroughput")),
        max_on_demand=_on_demand(raw.get("OnDemandThroughput")),
        warm=_warm(raw.get("WarmThroughput")),
    )


def _index_specs(raw: list[dict[str, Any]] | None) -> list[IndexSpec] | None:
    return None if raw is None else [_index_spec(x) for x in raw]


def _stream_enabled(params: dict[str, Any], creating: bool = False) -> bool | None:
    spec = params.get("StreamSpecification")
    if spec is None:
        return None
    if creating and not spec.get("StreamEnabled") and spec.get("StreamViewType") is not None:
        raise ValidationException(
            PARAM_INVALID + "Table is being created with a stream disabled, UpdateViewType should not be specified"
        )
    return bool(spec.get("StreamEnabled"))


@api.operation("CreateTable")
def create_table(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """CreateTable: key schema, attribute definitions, indexes, billing, class, protection, tags."""
    unsupported(params, "ResourcePolicy", "GlobalTableSourceArn", "VectorIndexes",
                "GlobalTableSettingsReplicationMode")
    table = backend(ctx).create_table(
        params["TableName"],
        _pairs(params.get("KeySchema"), "AttributeName", "KeyType"),
        _pairs(params.get("AttributeDefinitions"), "AttributeName", "AttributeType"),
        billing_mode=params.get("BillingMode"),
        provisioned=_throughput(params.get("ProvisionedThroughput")),
        global_indexes=_index_specs(params.get("GlobalSecondaryIndexes")),
        local_indexes=_index_specs(params.get("LocalSecondaryIndexes")),
        table_class=params.get("TableClass"),
        deletion_protection=bool(params.get("DeletionProtectionEnabled", False)),
        tags={t["Key"]: t["Value"] for t in params.get("Tags") or ()},
        max_on_demand=_on_demand(params.get("OnDemandThroughput")),
        warm=_warm(params.get("WarmThroughput")),
        sse=dict(params["SSESpecification"]) if params.get("SSESpecification") else None,
        stream_enabled=bool(_stream_enabled(params, creating=True)),
    )
    creating = {name: "CREATING" for name, ix in table.indexes.items() if ix.is_global}
    desc = table_description(table, status="CREATING", index_status=creating)
    # CreateTable's answer carries WarmThroughput only where the request set it
    if params.get("WarmThroughput") is None:
        desc.pop("WarmThroughput", None)
    sent = {g["IndexName"] for g in params.get("GlobalSecondaryIndexes") or () if g.get("WarmThroughput")}
    for index in desc.get("GlobalSecondaryIndexes", ()):
        if index["IndexName"] not in sent:
            index.pop("WarmThroughput", None)
    return {"TableDescription": desc}


@api.operation("DescribeTable")
def describe_table(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """DescribeTable: ResourceNotFoundException "Requested resource not found: Table: X not found"."""
    return {"Table": table_description(backend(ctx).table(params["TableName"], control=True))}


@api.operation("ListTables")
def list_tables(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """ListTables: names in order, ``Limit`` (1-100) per page, ``LastEvaluatedTableName``."""
    limit = params.get("Limit", 100)
    db = backend(ctx)
    names = db.list_tables(params.get("ExclusiveStartTableName"), limit)
    out: dict[str, Any] = {"TableNames": names}
    if names and len(names) == limit:  # a full page names its last table, even when none follow (no look-ahead)
        out["LastEvaluatedTableName"] = names[-1]
    return out


@api.operation("UpdateTable")
def update_table(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """UpdateTable: billing/throughput, one GSI Create/Update/Delete, table class, deletion protection."""
    unsupported(params, "ReplicaUpdates", "GlobalTableWitnessUpdates", "MultiRegionConsistency",
                "VectorIndexUpdates", "GlobalTableSettingsReplicationMode")
    create = delete = None
    updates: list[IndexSpec] = []
    actions = params.get("GlobalSecondaryIndexUpdates")
    if actions is not None and not actions:
        raise ValidationException(PARAM_INVALID + "List of GlobalSecondaryIndexUpdates is empty")
    actions = actions or []
    named: set[str] = set()
    for action in actions:
        kinds = [k for k in ("Create", "Update", "Delete") if action.get(k) is not None]
        if not kinds:
            raise ValidationException(
                PARAM_INVALID + "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
                "GlobalSecondaryIndexUpdate.Delete must not be null"
            )
        if len(kinds) > 1:
            raise ValidationException(
                PARAM_INVALID + "Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object"
            )
        target = action[kinds[0]]["IndexName"]
        if target in named:
            raise ValidationException(
                PARAM_INVALID + "Only one global secondary index update per index is allowed simultaneously. "
                f"Index: {target}"
            )
        named.add(target)
    for action in actions:
        if "Create" in action:
            create = _index_spec(action["Create"])
        elif "Update" in action:
            raw = action["Update"]
            updates.append(IndexSpec(raw["IndexName"], [], provisioned=_throughput(raw.get("ProvisionedThroughput")),
                                     max_on_demand=_on_demand(raw.get("OnDemandThroughput")),
                                     warm=_warm(raw.get("WarmThroughput"))))
        elif "Delete" in action:
            delete = action["Delete"]["IndexName"]
    db = backend(ctx)
    before = db.table(params["TableName"], control=True)
    old_billing = before.meta.billing_mode
    old_throughput = table_description(before)["ProvisionedThroughput"]
    dropped = None
    if delete is not None:
        try:
            dropped = db.table(params["TableName"], control=True).indexes.get(delete)
        except ResourceNotFoundException:
            pass  # update_table raises it with its own checks first
    table = db.update_table(
        params["TableName"],
        attribute_definitions=_pairs(params.get("AttributeDefinitions"), "AttributeName", "AttributeType"),
        billing_mode=params.get("BillingMode"),
        provisioned=_throughput(params.get("ProvisionedThroughput")),
        create_index=create,
        update_indexes=updates,
        delete_index=delete,
        index_actions=sum(1 for a in actions if "Create" in a or "Delete" in a),
        table_class=params.get("TableClass"),
        deletion_protection=params.get("DeletionProtectionEnabled"),
        max_on_demand=_on_demand(params.get("OnDemandThroughput")),
        warm=_warm(params.get("WarmThroughput")),
        stream_enabled=_stream_enabled(params),
        sse=dict(params["SSESpecification"]) if params.get("SSESpecification") else None,
    )
    changing = any(params.get(p) is not None for p in (
        "BillingMode", "ProvisionedThroughput", "TableClass", "OnDemandThroughput", "SSESpecification"))
    index_status = {}
    if create is not None:
        index_status[create.name] = "CREATING"
    for u in updates:
        index_status[u.name] = "UPDATING"
    if delete is not None:
        index_status[delete] = "DELETING"
    # GSI throughput updates alone leave the table ACTIVE (only the indexes show UPDATING)
    status = "UPDATING" if changing or create is not None or delete is not None else None
    out = table_description(table, status=status, index_status=index_status)
    if table.meta.billing_mode is not old_billing:
        if "BillingModeSummary" in out:  # the switch has only started: no timestamp yet
            out["BillingModeSummary"].pop("LastUpdateToPayPerRequestDateTime", None)
    elif params.get("ProvisionedThroughput") is not None:
        out["ProvisionedThroughput"] = old_throughput  # AWS answers a throughput change with the old values
    if dropped is not None and delete not in table.indexes:  # gone at once (zero delay): shown DELETING
        out.setdefault("GlobalSecondaryIndexes", []).append(index_description(table, dropped, "DELETING"))
    return {"TableDescription": out}


@api.operation("DeleteTable")
def delete_table(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """DeleteTable: refused while deletion protection is on; answers with status DELETING."""
    table = backend(ctx).delete_table(params["TableName"])
    return {"TableDescription": table_description(table, deleting=True)}


@api.operation("TagResource")
def tag_resource(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """TagResource: add or replace tags on a table (by ARN)."""
    backend(ctx).tag(params["ResourceArn"], [(t["Key"], t["Value"]) for t in params["Tags"]])
    return {}


@api.operation("UntagResource")
def untag_resource(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """UntagResource: remove tag keys from a table (missing keys are ignored)."""
    backend(ctx).untag(params["ResourceArn"], list(params["TagKeys"]))
    return {}


@api.operation("ListTagsOfResource")
def list_tags_of_resource(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """ListTagsOfResource: a table's tags, in the order they were set."""
    tags = backend(ctx).tags(params["ResourceArn"])
    return {"Tags": [{"Key": k, "Value": v} for k, v in tags.items()]}


@api.operation("UpdateTimeToLive")
def update_time_to_live(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """UpdateTimeToLive: enable/disable TTL on an attribute (AWS's "already enabled" checks)."""
    spec = params["TimeToLiveSpecification"]
    db = backend(ctx)
    table = db.table(params["TableName"])
    update_ttl(table, spec["AttributeName"], bool(spec["Enabled"]), db.status_delay, db.ttl_change_interval)
    return {"TimeToLiveSpecification": {"AttributeName": spec["AttributeName"], "Enabled": bool(spec["Enabled"])}}


@api.operation("DescribeTimeToLive")
def describe_time_to_live(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """DescribeTimeToLive: ENABLING/ENABLED/DISABLING/DISABLED and the attribute; DISABLED when never set."""
    table = backend(ctx).table(params["TableName"])
    return {"TimeToLiveDescription": describe_ttl(table)}
