"""The engine's door to the expression language (:mod:`awscore.dynamo.expressions`).

Everything the table engine needs from expressions goes through here:
compiling a request's expressions together, evaluating conditions, applying
updates, projecting, and reading a KeyConditionExpression as a partition
value plus one sort-key condition (with AWS's KeyCondition errors).
"""

from __future__ import annotations

from typing import Any

__all__ = ["compile_request", "evaluate", "apply_update", "project", "key_bounds", "top_names",
           "legacy_params", "empty_update", "LEGACY_PARAMS"]

LEGACY_PARAMS = ("Expected", "AttributeUpdates", "AttributesToGet", "KeyConditions", "QueryFilter",
                 "ScanFilter", "ConditionalOperator")


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


def apply_update(update: Any, item: dict[str, Any] | None,
                 key: dict[str, Any]) -> tuple[dict[str, Any] | None, Any]:
    """``(new_item or None when not created, written paths)`` of a compiled UpdateExpression."""
    from .expressions.update import apply_update as _apply
    from .expressions.update import check_key_not_updated

    check_key_not_updated(update, frozenset(key))
    return _apply(update, item, key)


def project(projection: Any, item: dict[str, Any]) -> dict[str, Any]:
    """``item`` restricted to a compiled projection (or a list of paths)."""
    from .expressions.project import project as _project

    return _project(getattr(projection, "paths", projection), item)


def updated_values(paths: Any, item: dict[str, Any] | None) -> dict[str, Any] | None:
    """UPDATED_OLD / UPDATED_NEW: the written paths as found in ``item`` (None if nothing)."""
    from .expressions.project import updated_values as _updated

    return _updated(paths, item)


def empty_update(compiled: Any) -> Any:
    """A Compiled with an empty update (UpdateItem without UpdateExpression: creates the key)."""
    from .expressions.ast import Update
    from .expressions.compile import Compiled

    return Compiled(condition=getattr(compiled, "condition", None), update=Update())


def legacy_params(params: dict[str, Any], operation: str) -> Any:
    """Compile a request using legacy parameters (Expected, AttributeUpdates, AttributesToGet, ...).

    Refuses mixing with expression parameters ("Can not use both expression and
    non-expression parameters in the same request: ...").
    """
    from .expressions.legacy import compile_legacy

    return compile_legacy(params, operation)


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


def key_bounds(compiled: Any, hash_name: str, range_name: str | None,
               key_types: dict[str, str] | None = None, range_extra: tuple[str, ...] = (),
               hash_extra: tuple[str, ...] = ()) -> tuple[Any, Any]:
    """``(partition value, SortCondition | None)`` of a compiled KeyConditionExpression.

    Raises AWS's KeyCondition ValidationExceptions (missing partition key, two
    conditions on one key, non-key attributes, unsupported operators, wrong types).
    """
    from .expressions.keycond import key_condition_bounds

    bounds = key_condition_bounds(compiled, hash_name, range_name, key_types, range_extra, hash_extra)
    return bounds.partition, bounds.sort
