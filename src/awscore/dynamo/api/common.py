"""The DynamoDB operation table and helpers shared by the handlers."""

from __future__ import annotations

from typing import Any

from ...core.errors import NotImplementedByAwscore
from ...core.registry import RequestContext, ServiceAPI
from ...core.validation import Validator
from .. import exprs
from ..backend import DynamoDB, table_name
from ..capacity import Consumed
from ..errors import ValidationException
from ..shapes import OPERATIONS, SHAPES
from ..types import item_from_wire, item_to_wire
from .describe import consumed_wire

__all__ = ["api", "backend", "unsupported", "typed_item", "wire_item", "compile_params",
           "add_capacity", "capacity_list"]

# AWS answers a bad TableClass with its own message (the engine raises it), not the enum check.
_SHAPES = dict(SHAPES)
_SHAPES["TableClass"] = ("string", {})
# AWS lists these enums in its own (Java) order, not botocore's.
_SHAPES["Select"] = ("string", {"enum": ["SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"]})
_SHAPES["ReturnValue"] = ("string", {"enum": ["ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"]})
_SHAPES["ScalarAttributeType"] = ("string", {"enum": ["B", "N", "S"]})

# Items and keys are checked by the engine (types.item_from_wire: names, values, sizes) in
# one pass, so the request validator does not walk them a second time.
api = ServiceAPI("dynamodb", validator=Validator(
    _SHAPES, OPERATIONS, opaque={"AttributeValue", "PutItemInputAttributeMap", "Key"}))


def backend(ctx: RequestContext) -> DynamoDB:
    """The DynamoDB state of the caller's account and region."""
    return ctx.backend  # type: ignore[no-any-return]


def unsupported(params: dict[str, Any], *names: str) -> None:
    """Fail loudly on parameters awscore does not implement."""
    for name in names:
        if params.get(name) not in (None, [], {}):
            raise NotImplementedByAwscore(f"awscore's DynamoDB does not implement the {name} parameter")


def typed_item(wire: Any) -> dict[str, Any]:
    """A wire item/key as typed values (AWS's errors for malformed AttributeValues)."""
    return item_from_wire(wire)


def wire_item(item: dict[str, Any] | None) -> dict[str, Any] | None:
    """A typed item in wire form, or None."""
    return None if item is None else item_to_wire(item)


_EXPRESSION_PARAMS = {
    "condition": "ConditionExpression",
    "filter": "FilterExpression",
    "key_condition": "KeyConditionExpression",
    "update": "UpdateExpression",
    "projection": "ProjectionExpression",
}


def compile_params(params: dict[str, Any], operation: str, *kinds: str) -> Any:
    """Compile the request's expressions (or legacy parameters) together; None when there are none.

    Legacy parameters (Expected, AttributesToGet, KeyConditions, ...) and a request
    carrying placeholders without expressions go through the legacy translator,
    which also refuses mixing legacy and expression parameters with AWS's text.
    A malformed TableName is reported first, as AWS does (recorded: before an invalid value).
    """
    if isinstance(params.get("TableName"), str):
        table_name(params["TableName"])
    given = {kind: params.get(_EXPRESSION_PARAMS[kind]) for kind in kinds}
    names = params.get("ExpressionAttributeNames")
    values = params.get("ExpressionAttributeValues")
    has_exprs = any(v is not None for v in given.values())
    has_legacy = any(params.get(p) is not None for p in exprs.LEGACY_PARAMS)
    if has_legacy or (not has_exprs and (names is not None or values is not None)):
        compiled = exprs.legacy_params(params, operation)
        if not has_legacy:
            if names is not None:
                raise ValidationException("ExpressionAttributeNames can only be specified when using expressions")
            if values is not None:
                raise ValidationException(
                    "ExpressionAttributeValues can only be specified when using expressions: "
                    f"{_EXPRESSION_PARAMS[kinds[0]]} is null"
                )
        return compiled
    if not has_exprs:
        return None
    return exprs.compile_request(names=names, values=values, **given)


def add_capacity(out: dict[str, Any], consumed: Consumed, params: dict[str, Any], *,
                 transactional: bool = False) -> dict[str, Any]:
    """Put ConsumedCapacity into ``out`` when the request asked for it."""
    wire = consumed_wire(consumed, params.get("ReturnConsumedCapacity"), transactional=transactional)
    if wire is not None:
        out["ConsumedCapacity"] = wire
    return out


def capacity_list(out: dict[str, Any], consumed: list[Consumed], params: dict[str, Any], *,
                  transactional: bool = False) -> dict[str, Any]:
    """Batch/transaction ConsumedCapacity: a list, one entry per table."""
    mode = params.get("ReturnConsumedCapacity")
    if mode is None or mode == "NONE":
        return out
    out["ConsumedCapacity"] = [consumed_wire(c, mode, transactional=transactional) for c in consumed]
    return out


