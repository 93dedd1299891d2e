"""BatchGetItem and BatchWriteItem handlers."""

from __future__ import annotations

from typing import Any

from ...core.registry import RequestContext
from ..batch import GetRequest, WriteRequest, batch_get, batch_write
from ..errors import ValidationException
from ..types import item_to_wire
from .common import api, backend, capacity_list, compile_params, typed_item
from .items import collection_metrics

__all__: list[str] = []


@api.operation("BatchGetItem")
def batch_get_item(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """BatchGetItem: <= 100 keys, 16 MB; ``Responses`` per table, the rest in ``UnprocessedKeys``."""
    raw_requests = params["RequestItems"]
    if not raw_requests:
        raise ValidationException(
            "1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: "
            "Member must have length greater than or equal to 1"
        )
    requests = {}
    for name, spec in raw_requests.items():
        requests[name] = GetRequest(
            keys=[typed_item(k) for k in spec["Keys"]],
            compiled=compile_params(spec, "BatchGetItem", "projection"),
            consistent=bool(spec.get("ConsistentRead")),
            raw=spec,
        )
    result = batch_get(backend(ctx), requests)
    unprocessed = {}
    for name, positions in result.unprocessed.items():
        entry = {k: v for k, v in raw_requests[name].items() if k != "Keys"}
        entry["Keys"] = [raw_requests[name]["Keys"][i] for i in positions]
        unprocessed[name] = entry
    out: dict[str, Any] = {
        "Responses": {name: [item_to_wire(i) for i in items] for name, items in result.responses.items()},
        "UnprocessedKeys": unprocessed,
    }
    return capacity_list(out, result.consumed, params)


@api.operation("BatchWriteItem")
def batch_write_item(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """BatchWriteItem: 1-25 Put/Delete requests, duplicates refused, ``UnprocessedItems`` always present."""
    raw_requests = params["RequestItems"]
    if not raw_requests:
        raise ValidationException(
            "1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: "
            "Member must have length greater than or equal to 1"
        )
    requests: dict[str, list[WriteRequest]] = {}
    for name, writes in raw_requests.items():
        out_list = []
        for w in writes:
            put, delete = w.get("PutRequest"), w.get("DeleteRequest")
            if (put is None) == (delete is None):
                raise ValidationException(
                    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
                    "the supported datatypes"
                )
            if put is not None:
                out_list.append(WriteRequest(item=typed_item(put["Item"]), raw=w))
            else:
                out_list.append(WriteRequest(key=typed_item(delete["Key"]), raw=w))
        requests[name] = out_list
    db = backend(ctx)
    result = batch_write(db, requests)
    out: dict[str, Any] = {
        "UnprocessedItems": {name: [w.raw for w in ws] for name, ws in result.unprocessed.items()},
    }
    metrics = {}
    for name, writes in requests.items():
        table = db.table(name)
        done = [w for w in writes if w not in result.unprocessed.get(name, ())]
        rows = [m for w in done if (m := collection_metrics(table, w.item or w.key or {}, params)) is not None]
        if rows:
            metrics[name] = rows
    if metrics:
        out["ItemCollectionMetrics"] = metrics
    return capacity_list(out, result.consumed, params)
