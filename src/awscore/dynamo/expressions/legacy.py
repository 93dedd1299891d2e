"""Legacy parameters translated onto the expression AST.

Expected, AttributeUpdates, AttributesToGet, KeyConditions, QueryFilter,
ScanFilter and ConditionalOperator become the same resolved trees that
:func:`~awscore.dynamo.expressions.compile_expressions` produces, so one
evaluator serves both. Legacy and expression parameters cannot be mixed:
"Can not use both expression and non-expression parameters in the same
request: Non-expression parameters: {AttributesToGet} Expression parameters:
{ProjectionExpression}".

>>> c = compile_legacy({"Expected": {"a": {"Exists": False}}}, "PutItem")
>>> str(c.condition)
'attribute_not_exists(a)'
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from functools import reduce
from typing import Any

from awscore.core.errors import AWSError, ValidationException

from ..types import ValueType, compare, from_wire, type_of
from .ast import (
    And,
    Between,
    Call,
    Compare,
    CompareOp,
    Func,
    In,
    Literal,
    Not,
    Or,
    Path,
    Projection,
    SetAction,
    Update,
)
from .ast import UpdateAction as Action
from .compile import Compiled, compile_expressions

__all__ = ["ComparisonOperator", "compile_legacy", "check_not_mixed", "EXPRESSION_PARAMS", "LEGACY_PARAMS"]

_INVALID = "One or more parameter values were invalid: "


class ComparisonOperator(StrEnum):
    """Legacy comparison operators."""

    EQ = "EQ"
    NE = "NE"
    LE = "LE"
    LT = "LT"
    GE = "GE"
    GT = "GT"
    NOT_NULL = "NOT_NULL"
    NULL = "NULL"
    CONTAINS = "CONTAINS"
    NOT_CONTAINS = "NOT_CONTAINS"
    BEGINS_WITH = "BEGINS_WITH"
    IN = "IN"
    BETWEEN = "BETWEEN"


class AttributeAction(StrEnum):
    """Legacy AttributeUpdates actions."""

    PUT = "PUT"
    ADD = "ADD"
    DELETE = "DELETE"


_COMPARE = {
    ComparisonOperator.EQ: CompareOp.EQ,
    ComparisonOperator.NE: CompareOp.NE,
    ComparisonOperator.LE: CompareOp.LE,
    ComparisonOperator.LT: CompareOp.LT,
    ComparisonOperator.GE: CompareOp.GE,
    ComparisonOperator.GT: CompareOp.GT,
}
_ARGS = {
    ComparisonOperator.NULL: (0, 0),
    ComparisonOperator.NOT_NULL: (0, 0),
    ComparisonOperator.IN: (1, 10**9),
    ComparisonOperator.BETWEEN: (2, 2),
}
_S_N_B = {ValueType.S, ValueType.N, ValueType.B}
_TYPES = {
    ComparisonOperator.EQ: _S_N_B | {ValueType.SS, ValueType.NS, ValueType.BS},
    ComparisonOperator.NE: _S_N_B | {ValueType.SS, ValueType.NS, ValueType.BS},
    ComparisonOperator.BEGINS_WITH: {ValueType.S, ValueType.B},
}

#: per operation: (expression parameters, non-expression parameters), in AWS's message order
EXPRESSION_PARAMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "PutItem": (("ConditionExpression",), ("Expected", "ConditionalOperator")),
    "DeleteItem": (("ConditionExpression",), ("Expected", "ConditionalOperator")),
    "UpdateItem": (
        ("UpdateExpression", "ConditionExpression"),
        ("AttributeUpdates", "Expected", "ConditionalOperator"),
    ),
    "GetItem": (("ProjectionExpression",), ("AttributesToGet",)),
    "BatchGetItem": (("ProjectionExpression",), ("AttributesToGet",)),
    "Query": (
        ("ProjectionExpression", "FilterExpression", "KeyConditionExpression"),
        ("AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"),
    ),
    "Scan": (
        ("ProjectionExpression", "FilterExpression"),
        ("AttributesToGet", "ScanFilter", "ConditionalOperator"),
    ),
}
LEGACY_PARAMS = (
    "Expected",
    "AttributeUpdates",
    "AttributesToGet",
    "KeyConditions",
    "QueryFilter",
    "ScanFilter",
    "ConditionalOperator",
)
#: the parameter whose conditions ConditionalOperator joins, per operation
_JOINED = {
    "PutItem": "Expected",
    "DeleteItem": "Expected",
    "UpdateItem": "Expected",
    "Query": "QueryFilter",
    "Scan": "ScanFilter",
}
_FIELDS = {
    "ConditionExpression": "condition",
    "FilterExpression": "filter",
    "KeyConditionExpression": "key_condition",
    "UpdateExpression": "update",
    "ProjectionExpression": "projection",
}


def _value(av: Any) -> Literal:
    return Literal(from_wire(av))


def _values(raw: Any) -> list[Literal]:
    return [_value(av) for av in (raw or [])]


def _condition(name: str, op: ComparisonOperator, values: list[Literal], typed: bool) -> Any:
    """One legacy condition on attribute ``name`` as an AST condition."""
    low, high = _ARGS.get(op, (1, 1))
    if not low <= len(values) <= high:
        raise ValidationException(
            f"{_INVALID}Invalid number of argument(s) for the {op.value} ComparisonOperator"
        )
    if values and len({type_of(v.value) for v in values}) > 1:
        raise ValidationException(f"{_INVALID}AttributeValues inside AttributeValueList must be of same type")
    if typed:
        allowed = _TYPES.get(op, _S_N_B)
        for v in values:
            tag = type_of(v.value)
            if tag not in allowed:
                raise ValidationException(
                    f"{_INVALID}ComparisonOperator {op.value} is not valid for {tag.value} AttributeValue type"
                )
    path = Path((name,))
    if op in _COMPARE:
        return Compare(_COMPARE[op], path, values[0])
    if op is ComparisonOperator.NULL:
        return Call(Func.ATTRIBUTE_NOT_EXISTS, (path,))
    if op is ComparisonOperator.NOT_NULL:
        return Call(Func.ATTRIBUTE_EXISTS, (path,))
    if op is ComparisonOperator.CONTAINS:
        return Call(Func.CONTAINS, (path, values[0]))
    if op is ComparisonOperator.NOT_CONTAINS:
        return Not(Call(Func.CONTAINS, (path, values[0])))
    if op is ComparisonOperator.BEGINS_WITH:
        return Call(Func.BEGINS_WITH, (path, values[0]))
    if op is ComparisonOperator.IN:
        return In(path, tuple(values))
    order = compare(values[0].value, values[1].value)
    if order is not None and order > 0:
        raise ValidationException(
            "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"
        )
    return Between(path, values[0], values[1])


def _operator(raw: Any) -> ComparisonOperator:
    try:
        return ComparisonOperator(raw)
    except ValueError:
        raise ValidationException(
            f"1 validation error detected: Value '{raw}' at 'comparisonOperator' failed to satisfy constraint: "
            f"Member must satisfy enum value set: [{', '.join(o.value for o in ComparisonOperator)}]"
        ) from None


def _combine(conditions: list[Any], conditional_operator: Any) -> Any:
    if not conditions:
        return None
    if conditional_operator not in (None, "AND", "OR"):
        raise ValidationException(
            f"1 validation error detected: Value '{conditional_operator}' at 'conditionalOperator' failed to "
            "satisfy constraint: Member must satisfy enum value set: [AND, OR]"
        )
    node = Or if conditional_operator == "OR" else And
    return reduce(lambda a, b: node(a, b), conditions)


def expected_condition(expected: Mapping[str, Any], conditional_operator: Any = None) -> Any:
    """Translate ``Expected`` (with ``ConditionalOperator``) into a condition AST."""
    conditions = []
    for name, spec in expected.items():
        spec = spec or {}
        has_value = spec.get("Value") is not None
        if spec.get("ComparisonOperator") is not None:
            if has_value and spec.get("AttributeValueList") is not None:
                raise ValidationException(
                    f"{_INVALID}Value and AttributeValueList cannot be used together for Attribute: {name}"
                )
            if spec.get("Exists") is not None:
                raise ValidationException(
                    f"{_INVALID}Exists and ComparisonOperator cannot be used together for Attribute: {name}"
                )
            op = _operator(spec["ComparisonOperator"])
            values = [_value(spec["Value"])] if has_value else _values(spec.get("AttributeValueList"))
            if not values and op not in (ComparisonOperator.NULL, ComparisonOperator.NOT_NULL):
                raise ValidationException(
                    f"{_INVALID}Value or AttributeValueList must be used with ComparisonOperator: {op.value} "
                    f"for Attribute: {name}"
                )
            conditions.append(_condition(name, op, values, typed=False))
            continue
        if spec.get("AttributeValueList") is not None:
            raise ValidationException(
                f"{_INVALID}AttributeValueList can only be used with a ComparisonOperator for Attribute: {name}"
            )
        exists = spec.get("Exists")
        if exists is None or exists:
            if not has_value:
                shown = "null" if exists is None else "true"
                raise ValidationException(
                    f"{_INVALID}Value must be provided when Exists is {shown} for Attribute: {name}"
                )
            conditions.append(Compare(CompareOp.EQ, Path((name,)), _value(spec["Value"])))
        else:
            if has_value:
                raise ValidationException(
                    f"{_INVALID}Value cannot be used when Exists is false for Attribute: {name}"
                )
            conditions.append(Call(Func.ATTRIBUTE_NOT_EXISTS, (Path((name,)),)))
    return _combine(conditions, conditional_operator)


def conditions_filter(conditions: Mapping[str, Any], conditional_operator: Any = None) -> Any:
    """Translate ``KeyConditions`` / ``QueryFilter`` / ``ScanFilter`` into a condition AST."""
    out = []
    for name, spec in conditions.items():
        spec = spec or {}
        op = _operator(spec.get("ComparisonOperator"))
        out.append(_condition(name, op, _values(spec.get("AttributeValueList")), typed=True))
    return _combine(out, conditional_operator)


def attribute_updates(updates: Mapping[str, Any]) -> Update:
    """Translate ``AttributeUpdates`` into an Update AST (legacy ADD also appends lists)."""
    sets, removes, adds, deletes = [], [], [], []
    for name, spec in updates.items():
        spec = spec or {}
        path = Path((name,))
        try:
            action = AttributeAction(spec.get("Action") or "PUT")
        except ValueError:
            raise ValidationException(
                f"1 validation error detected: Value '{spec.get('Action')}' at 'attributeUpdates.{name}.member.action' "
                "failed to satisfy constraint: Member must satisfy enum value set: [ADD, PUT, DELETE]"
            ) from None
        raw = spec.get("Value")
        if raw is None:
            if action is not AttributeAction.DELETE:
                raise ValidationException(
                    f"{_INVALID}Only DELETE action is allowed when no attribute value is specified"
                )
            removes.append(Action(path))
            continue
        value = _value(raw)
        tag = type_of(value.value)
        if action is AttributeAction.PUT:
            sets.append(SetAction(path, value))
        elif action is AttributeAction.ADD:
            if tag is ValueType.L:
                empty = Literal([])
                sets.append(
                    SetAction(path, Call(Func.LIST_APPEND, (Call(Func.IF_NOT_EXISTS, (path, empty)), value)))
                )
            elif tag in (ValueType.N, ValueType.SS, ValueType.NS, ValueType.BS):
                adds.append(Action(path, value))
            else:
                raise ValidationException(f"{_INVALID}ADD action is not supported for the type {tag.value}")
        else:
            if tag not in (ValueType.SS, ValueType.NS, ValueType.BS):
                raise ValidationException(
                    f"{_INVALID}DELETE action with value is not supported for the type {tag.value}"
                )
            deletes.append(Action(path, value))
    return Update(tuple(sets), tuple(removes), tuple(adds), tuple(deletes), legacy=True)


def attributes_to_get(names: Any) -> Projection:
    """Translate ``AttributesToGet`` into a projection of top-level attributes."""
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValidationException(f"{_INVALID}Duplicate value in attribute name: {name}")
        seen.add(name)
    return Projection(tuple(Path((n,)) for n in names))


def check_not_mixed(params: Mapping[str, Any], operation: str) -> tuple[list[str], list[str]]:
    """Refuse legacy and expression parameters together; return (expression, legacy) params present."""
    expr_names, legacy_names = EXPRESSION_PARAMS.get(operation, ((), ()))
    exprs = [p for p in expr_names if params.get(p) is not None]
    legacy = [p for p in legacy_names if params.get(p) is not None]
    if exprs and "KeyConditions" in legacy and params.get("KeyConditionExpression") is None:
        mixed = [p for p in legacy if p != "KeyConditions"]
    else:
        mixed = legacy
    if exprs and mixed:
        raise ValidationException(
            "Can not use both expression and non-expression parameters in the same request: "
            f"Non-expression parameters: {{{', '.join(mixed)}}} Expression parameters: {{{', '.join(exprs)}}}"
        )
    return exprs, legacy


def compile_legacy(params: Mapping[str, Any], operation: str) -> Compiled:
    """Compile a request that uses legacy parameters (with any expressions it may legally add).

    Raises ValidationException with AWS's texts: mixing, malformed conditions,
    EAN/EAV without expressions.
    """
    exprs, _legacy = check_not_mixed(params, operation)
    names, values = params.get("ExpressionAttributeNames"), params.get("ExpressionAttributeValues")
    if exprs:
        compiled = compile_expressions(names=names, values=values, **{_FIELDS[p]: params[p] for p in exprs})
        parts: dict[str, Any] = {f: getattr(compiled, f) for f in _FIELDS.values()}
    else:
        if names is not None:
            raise ValidationException("ExpressionAttributeNames can only be specified when using expressions")
        value_exprs = [
            p for p in EXPRESSION_PARAMS.get(operation, ((), ()))[0] if p != "ProjectionExpression"
        ]
        if values is not None and value_exprs:
            verb = "are" if len(value_exprs) > 1 else "is"
            raise ValidationException(
                "ExpressionAttributeValues can only be specified when using expressions: "
                f"{' and '.join(value_exprs)} {verb} null"
            )
        parts = dict.fromkeys(_FIELDS.values())
    op = params.get("ConditionalOperator")
    if op is not None:
        joined = params.get(_JOINED.get(operation, "Expected")) or {}
        if not joined:
            raise ValidationException("ConditionalOperator cannot be used without Filter or Expected")
        if len(joined) < 2:
            raise ValidationException(
                "ConditionalOperator can only be used when Filter or Expected has two or more elements"
            )
    try:
        if params.get("Expected") is not None:
            parts["condition"] = expected_condition(params["Expected"], op)
        if params.get("AttributeUpdates") is not None:
            parts["update"] = attribute_updates(params["AttributeUpdates"])
        if params.get("AttributesToGet") is not None:
            parts["projection"] = attributes_to_get(params["AttributesToGet"])
        if params.get("KeyConditions") is not None:
            parts["key_condition"] = conditions_filter(params["KeyConditions"])
        for name in ("QueryFilter", "ScanFilter"):
            if params.get(name) is not None:
                parts["filter"] = conditions_filter(params[name], op)
    except AWSError:
        raise
    except (TypeError, AttributeError, KeyError) as e:  # wrong JSON shapes from native callers
        raise ValidationException(f"{_INVALID}Malformed legacy parameter: {e}") from None
    return Compiled(**parts)
