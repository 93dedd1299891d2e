"""The engine's door to the expression language (:mod:`awscore.dynamo.expressions`).

Everything the table engine needs from expressions goes through here:
compiling a request's expressions together, evaluating conditions, applying
updates, projecting, and reading a KeyConditionExpression as a partition
value plus one sort-key condition (with AWS's KeyCondition errors).
"""

from __future__ import annotations

from typing import Any

from ..core.errors import NotImplementedByAwscore
from .errors import ValidationException

__all__ = ["compile_request", "evaluate", "apply_update", "project", "key_bounds", "top_names",
           "legacy_params", "empty_update", "LEGACY_PARAMS"]

LEGACY_PARAMS = ("Expected", "AttributeUpdates", "AttributesToGet", "KeyConditions", "QueryFilter",
                 "ScanFilter", "ConditionalOperator")


def _module() -> Any:
    from . import expressions

    return expressions


def compile_request(*, names: Any = None, values: Any = None, typed: bool = False, **exprs: Any) -> Any:
    """Compile every expression of one request together (placeholders resolved across all).

    ``values`` are wire AttributeValues, or typed values when ``typed``. None when no expression.
    """
    given = {k: v for k, v in exprs.items() if v is not None}
    if not given and names is None and values is None:
        return None
    from .expressions.compile import compile_expressions

    if typed:
        return compile_expressions(names=names, typed_values=values, **given)
    return compile_expressions(names=names, values=values, **given)


def evaluate(condition: Any, item: dict[str, Any] | None) -> bool:
    """Whether ``item`` satisfies a compiled condition/filter (None passes)."""
    if condition is None:
        return True
    from .expressions.evaluate import evaluate as _evaluate

    return bool(_evaluate(condition, item))


def apply_update(update: Any, item: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    """``(new_item, changed_paths)`` of a compiled UpdateExpression applied to ``item``."""
    fn = getattr(_module(), "apply_update", None)
    if fn is None:
        try:
            from .expressions.update import apply_update as fn
        except ImportError:
            raise NotImplementedByAwscore("awscore's UpdateExpression evaluator is not available yet") from None
    return fn(update, item)  # type: ignore[no-any-return]


def project(projection: Any, item: dict[str, Any]) -> dict[str, Any]:
    """``item`` restricted to a compiled projection (or a list of paths)."""
    fn = getattr(_module(), "project", None)
    if fn is None:
        try:
            from .expressions.project import project as fn
        except ImportError:
            return _project_top(projection, item)
    return fn(projection, item)  # type: ignore[no-any-return]


def _project_top(projection: Any, item: dict[str, Any]) -> dict[str, Any]:
    paths = getattr(projection, "paths", projection)
    out: dict[str, Any] = {}
    for path in paths:
        if len(path.elements) != 1:
            raise NotImplementedByAwscore("awscore's nested ProjectionExpression is not available yet")
        name = path.elements[0]
        if name in item:
            out[name] = item[name]
    return out


def empty_update(compiled: Any) -> Any:
    """A Compiled with an empty update (UpdateItem without UpdateExpression: creates the key)."""
    from .expressions.ast import Update
    from .expressions.compile import Compiled

    return Compiled(condition=getattr(compiled, "condition", None), update=Update())


def legacy_params(params: dict[str, Any], operation: str) -> Any:
    """Compile legacy parameters (Expected, AttributeUpdates, ...) if any are present, else None."""
    present = [p for p in LEGACY_PARAMS if params.get(p) is not None]
    if not present:
        return None
    try:
        from .expressions import legacy
    except ImportError:
        raise NotImplementedByAwscore(
            f"awscore does not implement the legacy parameters {present} yet"
        ) from None
    return legacy.compile_legacy(params, operation)


# ---- KeyConditionExpression ------------------------------------------------------------


def top_names(node: Any) -> set[str]:
    """Top-level attribute names a resolved condition refers to."""
    from .expressions.ast import And, Between, Call, Compare, In, Not, Or, Path

    out: set[str] = set()

    def walk(n: Any) -> None:
        if isinstance(n, Path):
            if isinstance(n.elements[0], str):
                out.add(n.elements[0])
        elif isinstance(n, Compare):
            walk(n.left)
            walk(n.right)
        elif isinstance(n, Between):
            walk(n.operand)
            walk(n.low)
            walk(n.high)
        elif isinstance(n, In):
            walk(n.operand)
            for o in n.options:
                walk(o)
        elif isinstance(n, And | Or):
            walk(n.left)
            walk(n.right)
        elif isinstance(n, Not):
            walk(n.operand)
        elif isinstance(n, Call):
            for a in n.args:
                walk(a)

    walk(node)
    return out


def _conditions(node: Any) -> list[Any]:
    from .expressions.ast import And

    if isinstance(node, And):
        return _conditions(node.left) + _conditions(node.right)
    return [node]


def key_bounds(compiled: Any, hash_name: str, range_name: str | None) -> tuple[Any, Any]:
    """``(partition value, SortCondition | None)`` of a compiled KeyConditionExpression.

    Raises AWS's KeyCondition ValidationExceptions (missing partition key, two
    conditions on one key, non-key attributes, unsupported operators).
    """
    fn = getattr(_module(), "key_condition_bounds", None)
    if fn is not None:
        return fn(compiled, hash_name, range_name)  # type: ignore[no-any-return]
    from .expressions.ast import Between, Call, Compare, CompareOp, Literal, Path
    from .query import SortCondition

    node = getattr(compiled, "key_condition", None)
    if node is None:
        raise ValidationException(
            "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request."
        )
    conds = _conditions(node)
    if len(conds) > 2:
        raise ValidationException("Conditions can be of length 1 or 2 only")
    found: dict[str, tuple[str, tuple[Any, ...]]] = {}
    for cond in conds:
        if isinstance(cond, Compare):
            left, right, op = cond.left, cond.right, cond.op
            if isinstance(left, Path) and isinstance(right, Path):
                raise ValidationException(
                    "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"
                )
            if not isinstance(left, Path):
                left, right = right, left
                op = {CompareOp.LT: CompareOp.GT, CompareOp.GT: CompareOp.LT, CompareOp.LE: CompareOp.GE,
                      CompareOp.GE: CompareOp.LE}.get(op, op)
            if op is CompareOp.NE:
                raise ValidationException("Invalid operator used in KeyConditionExpression: <>")
            path, values, opname = left, (right,), op.value
        elif isinstance(cond, Between):
            path, values, opname = cond.operand, (cond.low, cond.high), "BETWEEN"
        elif isinstance(cond, Call) and cond.func == "begins_with":
            path, values, opname = cond.args[0], (cond.args[1],), "begins_with"
        else:
            what = cond.func if isinstance(cond, Call) else type(cond).__name__.upper()
            raise ValidationException(f"Invalid operator used in KeyConditionExpression: {what}")
        if not isinstance(path, Path) or not all(isinstance(v, Literal) for v in values):
            raise ValidationException(
                "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"
            )
        if len(path.elements) != 1:
            raise ValidationException("KeyConditionExpressions cannot have conditions on nested attributes")
        name = path.elements[0]
        if name in found:
            raise ValidationException("KeyConditionExpressions must only contain one condition per key")
        found[name] = (opname, tuple(v.value for v in values))
    hash_cond = found.pop(hash_name, None)
    if hash_cond is None:
        raise ValidationException(f"Query condition missed key schema element: {hash_name}")
    if hash_cond[0] != "=":
        raise ValidationException("Query key condition not supported")
    sort = None
    if found:
        name, (op, vals) = next(iter(found.items()))
        if name != range_name:
            raise ValidationException(f"Query condition missed key schema element: {range_name or name}")
        if op == "BETWEEN" and vals[0] > vals[1] if type(vals[0]) is type(vals[1]) else False:
            raise ValidationException(
                "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than "
                f"or equal to lower bound; lower bound operand: AttributeValue: {_av(vals[0])}, "
                f"upper bound operand: AttributeValue: {_av(vals[1])}"
            )
        sort = SortCondition(op, vals)
    return hash_cond[1][0], sort


def _av(value: Any) -> str:
    from .types import to_wire

    ((tag, v),) = to_wire(value).items()
    return "{" + f"{tag}:{v}" + "}"
