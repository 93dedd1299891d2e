"""Single-item handlers: PutItem, GetItem, UpdateItem, DeleteItem."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...core.registry import RequestContext
from ..errors import ConditionalCheckFailedException, ValidationException
from ..model import ReturnValues
from ..table import Table, WriteResult
from ..types import item_to_wire
from .common import add_capacity, api, backend, compile_params, typed_item, wire_item

__all__ = ["write_response", "return_values", "collection_metrics"]


def return_values(params: dict[str, Any], *, update: bool = False) -> ReturnValues:
    """The request's ReturnValues (AWS's errors: Put/Delete accept NONE or ALL_OLD only)."""
    raw = params.get("ReturnValues")
    if raw is None:
        return ReturnValues.NONE
    try:
        rv = ReturnValues(raw)
    except ValueError:
        rv = None
    if rv is None or (not update and rv not in (ReturnValues.NONE, ReturnValues.ALL_OLD)):
        if not update:
            raise ValidationException("ReturnValues can only be ALL_OLD or NONE")
        raise ValidationException(
            f"1 validation error detected: Value '{raw}' at 'returnValues' failed to satisfy constraint: "
            "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]"
        )
    return rv


def collection_metrics(table: Table, key: dict[str, Any], params: dict[str, Any]) -> dict[str, Any] | None:
    """ItemCollectionMetrics for ReturnItemCollectionMetrics=SIZE on tables with an LSI."""
    if params.get("ReturnItemCollectionMetrics") != "SIZE":
        return None
    if not any(not ix.is_global for ix in table.indexes.values()):
        return None
    h = table.schema.hash_name
    return {"ItemCollectionKey": item_to_wire({h: key[h]}), "SizeEstimateRangeGB": [0.0, 1.0]}


def write_response(table: Table, key: dict[str, Any], params: dict[str, Any],
                   run: Callable[[], WriteResult]) -> dict[str, Any]:
    """Run a write; render Attributes, ConsumedCapacity, metrics; wire-form Item on condition failure."""
    try:
        result = run()
    except ConditionalCheckFailedException as exc:
        if exc.old_item is not None and params.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD":
            raise ConditionalCheckFailedException(item=item_to_wire(exc.old_item)) from None
        raise
    out: dict[str, Any] = {}
    if result.attributes:
        out["Attributes"] = item_to_wire(result.attributes)
    add_capacity(out, result.consumed, params)
    metrics = collection_metrics(table, key, params)
    if metrics is not None:
        out["ItemCollectionMetrics"] = metrics
    return out


@api.operation("PutItem")
def put_item(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """PutItem: replace the whole item; ConditionExpression, ReturnValues NONE or ALL_OLD."""
    rv = return_values(params)
    item = typed_item(params["Item"])
    compiled = compile_params(params, "PutItem", "condition")
    table = backend(ctx).data_table(params["TableName"])
    on_failure = params.get("ReturnValuesOnConditionCheckFailure")
    return write_response(table, item, params, lambda: table.execute_put(
        item, compiled, return_values=rv, return_on_failure=on_failure, fresh=True))


@api.operation("DeleteItem")
def delete_item(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """DeleteItem: a missing item is no error; ConditionExpression, ReturnValues NONE or ALL_OLD."""
    rv = return_values(params)
    key = typed_item(params["Key"])
    compiled = compile_params(params, "DeleteItem", "condition")
    table = backend(ctx).data_table(params["TableName"])
    on_failure = params.get("ReturnValuesOnConditionCheckFailure")
    return write_response(table, key, params, lambda: table.execute_delete(
        key, compiled, return_values=rv, return_on_failure=on_failure))


@api.operation("UpdateItem")
def update_item(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """UpdateItem: UpdateExpression (or legacy AttributeUpdates) merged into the item."""
    rv = return_values(params, update=True)
    key = typed_item(params["Key"])
    compiled = compile_params(params, "UpdateItem", "update", "condition")
    table = backend(ctx).data_table(params["TableName"])
    if compiled is None or getattr(compiled, "update", None) is None:
        from ..exprs import empty_update

        compiled = empty_update(compiled)
    on_failure = params.get("ReturnValuesOnConditionCheckFailure")
    return write_response(table, key, params, lambda: table.execute_update(
        key, compiled, return_values=rv, return_on_failure=on_failure))


@api.operation("GetItem")
def get_item(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """GetItem: the item (projected) or no ``Item`` key; half a unit when eventually consistent."""
    key = typed_item(params["Key"])
    compiled = compile_params(params, "GetItem", "projection")
    table = backend(ctx).data_table(params["TableName"])
    item, consumed = table.execute_get(key, compiled, consistent=bool(params.get("ConsistentRead")),
                                       capacity=params.get("ReturnConsumedCapacity", "NONE") != "NONE")
    out: dict[str, Any] = {}
    if item is not None:
        out["Item"] = wire_item(item)
    return add_capacity(out, consumed, params)
