"""TransactWriteItems and TransactGetItems handlers."""

from __future__ import annotations

from typing import Any

from ...core.registry import RequestContext
from ..errors import TransactionCanceledException, ValidationException
from ..transactions import TxAction, TxGet, TxKind, request_digest, transact_get, transact_write
from ..types import item_to_wire
from .common import api, backend, capacity_list, compile_params, typed_item
from .items import collection_metrics

__all__: list[str] = []

_KINDS = {"Put": TxKind.PUT, "Update": TxKind.UPDATE, "Delete": TxKind.DELETE, "ConditionCheck": TxKind.CHECK}
_EXPRS = {TxKind.PUT: ("condition",), TxKind.DELETE: ("condition",), TxKind.CHECK: ("condition",),
          TxKind.UPDATE: ("update", "condition")}


def _action(raw: dict[str, Any]) -> TxAction:
    present = [k for k in _KINDS if raw.get(k) is not None]
    if len(present) != 1:
        raise ValidationException("TransactItems can only contain one of Check, Put, Update or Delete")
    kind = _KINDS[present[0]]
    spec = raw[present[0]]
    on_failure = spec.get("ReturnValuesOnConditionCheckFailure")
    if on_failure is not None and on_failure not in ("ALL_OLD", "NONE"):
        raise ValidationException(
            f"1 validation error detected: Value '{on_failure}' at "
            "'transactItems.1.member.returnValuesOnConditionCheckFailure' failed to satisfy constraint: "
            "Member must satisfy enum value set: [ALL_OLD, NONE]"
        )
    compiled = compile_params(spec, "TransactWriteItems", *_EXPRS[kind])
    if kind is TxKind.CHECK and getattr(compiled, "condition", None) is None:
        raise ValidationException("The ConditionExpression parameter is required for a ConditionCheck")
    return TxAction(
        kind=kind,
        table=spec["TableName"],
        item=typed_item(spec["Item"]) if kind is TxKind.PUT else None,
        key=typed_item(spec["Key"]) if kind is not TxKind.PUT else None,
        compiled=compiled,
        return_on_failure=on_failure,
    )


def _wire_reasons(exc: TransactionCanceledException) -> TransactionCanceledException:
    reasons = []
    for r in exc.reasons:
        r = dict(r)
        if r.get("Item") is not None:
            r["Item"] = item_to_wire(r["Item"])
        reasons.append(r)
    return TransactionCanceledException(reasons)


@api.operation("TransactWriteItems")
def transact_write_items(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """TransactWriteItems: up to 100 Put/Update/Delete/ConditionCheck actions, all or nothing."""
    actions = [_action(raw) for raw in params["TransactItems"]]
    token = params.get("ClientRequestToken")
    digest = request_digest(params["TransactItems"]) if token is not None else None
    db = backend(ctx)
    try:
        result = transact_write(db, actions, token, digest)
    except TransactionCanceledException as exc:
        raise _wire_reasons(exc) from None
    out: dict[str, Any] = {}
    metrics: dict[str, list[dict[str, Any]]] = {}
    for action in actions:
        if action.kind is TxKind.CHECK:
            continue
        row = collection_metrics(db.table(action.table), action.item or action.key or {}, params)
        if row is not None:
            metrics.setdefault(action.table, []).append(row)
    if metrics:
        out["ItemCollectionMetrics"] = metrics
    return capacity_list(out, result.consumed, params, transactional=True)


@api.operation("TransactGetItems")
def transact_get_items(ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    """TransactGetItems: up to 100 Gets read as one snapshot; ``Responses`` positional."""
    gets = []
    for raw in params["TransactItems"]:
        spec = raw.get("Get")
        if spec is None:
            raise ValidationException("TransactItems can only contain Get requests in TransactGetItems")
        gets.append(TxGet(spec["TableName"], typed_item(spec["Key"]),
                          compile_params(spec, "TransactGetItems", "projection")))
    items, consumed = transact_get(backend(ctx), gets)
    out: dict[str, Any] = {"Responses": [{"Item": item_to_wire(i)} if i is not None else {} for i in items]}
    return capacity_list(out, consumed, params, transactional=True)
