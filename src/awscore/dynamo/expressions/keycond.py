"""KeyConditionExpression: from a resolved condition to a partition value and a sort-key range.

>>> from awscore.dynamo.expressions import compile_expressions
>>> kc = compile_expressions(key_condition="pk = :p AND begins_with(sk, :s)",
...                          values={":p": {"S": "u"}, ":s": {"S": "2024"}}).key_condition
>>> b = key_condition_bounds(kc, "pk", "sk")
>>> b.partition, b.sort.op, b.sort.values
('u', <SortOp.BEGINS_WITH: 'begins_with'>, ('2024',))
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple

from awscore.core.errors import ValidationException

from ..types import type_of
from .ast import And, Between, Call, Compare, CompareOp, Func, In, Literal, Not, Or, Path

__all__ = ["SortOp", "SortCondition", "KeyBounds", "key_condition_bounds"]


class SortOp(StrEnum):
    """Sort-key operators a Query accepts."""

    EQ = "="
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="
    BETWEEN = "BETWEEN"
    BEGINS_WITH = "begins_with"


_FLIP = {CompareOp.LT: SortOp.GT, CompareOp.LE: SortOp.GE, CompareOp.GT: SortOp.LT, CompareOp.GE: SortOp.LE}


@dataclass(frozen=True, slots=True)
class SortCondition:
    """One sort-key condition: ``op`` and its constant(s) (two for BETWEEN)."""

    op: SortOp
    values: tuple[Any, ...]
    #: equality values of the sort-key attributes before this one (multi-attribute GSI keys)
    prefix: tuple[Any, ...] = ()

    def matches(self, value: Any) -> bool:
        """Whether a sort-key value of the right type satisfies the condition."""
        op, v = self.op, self.values
        if op is SortOp.EQ:
            return value == v[0]
        if op is SortOp.LT:
            return value < v[0]
        if op is SortOp.LE:
            return value <= v[0]
        if op is SortOp.GT:
            return value > v[0]
        if op is SortOp.GE:
            return value >= v[0]
        if op is SortOp.BETWEEN:
            return v[0] <= value <= v[1]
        return value.startswith(v[0])


class KeyBounds(NamedTuple):
    """The partition-key value and the optional sort-key condition of a Query (unpacks as a pair)."""

    partition: Any
    sort: SortCondition | None


def _fail(message: str) -> ValidationException:
    return ValidationException(message)


def _conjuncts(node: Any) -> list[Any]:
    if isinstance(node, And):
        return _conjuncts(node.left) + _conjuncts(node.right)
    if isinstance(node, Or):
        raise _expr_fail("Invalid operator used in KeyConditionExpression: OR")
    if isinstance(node, Not):
        raise _expr_fail("Invalid operator used in KeyConditionExpression: NOT")
    if isinstance(node, In):
        raise _expr_fail("Invalid operator used in KeyConditionExpression: IN")
    return [node]


def _expr_fail(message: str) -> ValidationException:
    """An error of the expression itself (as opposed to the key schema): AWS prefixes these."""
    return ValidationException(f"Invalid KeyConditionExpression: {message}")


_NOT_KEY_OPERATORS = frozenset(
    {Func.ATTRIBUTE_EXISTS, Func.ATTRIBUTE_NOT_EXISTS, Func.ATTRIBUTE_TYPE, Func.CONTAINS}
)


def _split(node: Any) -> tuple[str, SortOp, tuple[Any, ...]]:
    """One condition -> (attribute, operator, constants), checked in DynamoDB's order."""
    if isinstance(node, Compare):
        if node.op is CompareOp.NE:
            raise _expr_fail("Invalid operator used in KeyConditionExpression: <>")
        args: tuple[Any, ...] = (node.left, node.right)
    elif isinstance(node, Between):
        if not isinstance(node.operand, Path):
            raise _expr_fail(
                "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute "
                "as its first operand"
            )
        args = (node.operand, node.low, node.high)
    elif isinstance(node, Call):
        if node.func in _NOT_KEY_OPERATORS:
            raise _expr_fail(f"Invalid operator used in KeyConditionExpression: {node.func}")
        if node.func != Func.BEGINS_WITH:
            raise _expr_fail("KeyConditionExpressions cannot contain nested operations")
        if not isinstance(node.args[0], Path):
            raise _expr_fail(
                "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute "
                "as its first operand"
            )
        args = node.args
    else:  # pragma: no cover - _conjuncts rejects every other node
        raise _expr_fail(f"Invalid operator used in KeyConditionExpression: {type(node).__name__.upper()}")
    name: str | None = None
    position = 0
    for i, arg in enumerate(args):
        if isinstance(arg, Path):
            if name is not None:
                raise _expr_fail(
                    "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"
                )
            if len(arg.elements) != 1:
                raise _expr_fail("KeyConditionExpressions cannot have conditions on nested attributes")
            name, position = arg.elements[0], i  # type: ignore[assignment]
        elif isinstance(arg, Call):
            raise _expr_fail("KeyConditionExpressions cannot contain nested operations")
    if name is None:
        raise _expr_fail("Invalid condition in KeyConditionExpression: No key attribute specified")
    constants = tuple(a.value for a in args if isinstance(a, Literal))
    if isinstance(node, Compare):
        op = SortOp(node.op.value) if position == 0 else _FLIP.get(node.op, SortOp.EQ)
        return name, op, constants
    return name, (SortOp.BETWEEN if isinstance(node, Between) else SortOp.BEGINS_WITH), constants


def key_condition_bounds(
    condition: Any,
    hash_key: str,
    range_key: str | None,
    key_types: Mapping[str, str] | None = None,
    range_extra: tuple[str, ...] = (),
    hash_extra: tuple[str, ...] = (),
) -> KeyBounds:
    """Check a resolved KeyConditionExpression (or a Compiled holding one) and extract its bounds.

    ``key_types`` maps key attribute names to ``"S"``/``"N"``/``"B"`` to enforce
    "Condition parameter type does not match schema type". Raises ValidationException
    with AWS's texts ("Query condition missed key schema element: pk",
    "Query key condition not supported", ...).
    """
    if hasattr(condition, "key_condition"):  # a Compiled request
        condition = condition.key_condition
        if condition is None:
            raise _fail(
                "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request."
            )
    seen: dict[str, tuple[SortOp, tuple[Any, ...]]] = {}
    for part in _conjuncts(condition):
        name, op, values = _split(part)
        if name in seen:
            raise _expr_fail("KeyConditionExpressions must only contain one condition per key")
        seen[name] = (op, values)
    hash_keys = (hash_key, *hash_extra)
    if len(seen) > len(hash_keys) + 1 + len(range_extra):
        raise _fail("Conditions can be of length 1 or 2 only")
    for name in hash_keys:
        if name not in seen:
            raise _fail(f"Query condition missed key schema element: {name}")
    range_keys = (range_key, *range_extra) if range_key is not None else ()
    if range_extra or hash_extra:
        return _multi_bounds(seen, hash_keys, range_keys, key_types)
    others = [n for n in seen if n != hash_key]
    if others and others[0] != range_key:
        raise _fail(f"Query condition missed key schema element: {range_key or others[0]}")
    for name, (op, values) in seen.items():
        expected = (key_types or {}).get(name)
        for v in values:
            actual = type_of(v).value
            if expected is not None and actual != expected:
                raise _fail(
                    "One or more parameter values were invalid: Condition parameter type does not match schema type"
                )
            if op is SortOp.BEGINS_WITH and actual not in ("S", "B"):
                raise _fail(
                    f"Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
                    f"operator or function: begins_with, operand type: {actual}"
                )
    hash_op, hash_values = seen[hash_key]
    if hash_op is not SortOp.EQ:
        raise _fail("Query key condition not supported")
    sort = None
    if range_key is not None and range_key in seen:
        op, values = seen[range_key]
        sort = SortCondition(op, values)
    return KeyBounds(hash_values[0], sort)


def _multi_bounds(seen: dict[str, tuple[SortOp, tuple[Any, ...]]], hash_keys: tuple[str, ...],
                  range_keys: tuple[str, ...], key_types: Mapping[str, str] | None) -> KeyBounds:
    """Bounds on a multi-attribute GSI key (AWS's rules): equality on every partition-key attribute;
    sort-key conditions on a left-to-right prefix of its attributes, equality on all but the last one.
    The partition is the tuple of the partition-key values when there are several."""
    given = [n for n in range_keys if n in seen]
    stray = [n for n in seen if n not in hash_keys and n not in range_keys]
    if stray or given != list(range_keys[: len(given)]):
        missing = next(n for n in range_keys if n not in seen)
        raise _fail(f"Query condition missed key schema element: {missing}")
    for name, (op, values) in seen.items():
        expected = (key_types or {}).get(name)
        for v in values:
            actual = type_of(v).value
            if expected is not None and actual != expected:
                raise _fail(
                    "One or more parameter values were invalid: Condition parameter type does not match schema type"
                )
            if op is SortOp.BEGINS_WITH and actual not in ("S", "B"):
                raise _fail(
                    f"Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
                    f"operator or function: begins_with, operand type: {actual}"
                )
    if any(seen[n][0] is not SortOp.EQ for n in (*hash_keys, *given[:-1])):
        raise _fail("Query key condition not supported")
    partition = tuple(seen[n][1][0] for n in hash_keys) if len(hash_keys) > 1 else seen[hash_keys[0]][1][0]
    if not given:
        return KeyBounds(partition, None)
    op, values = seen[given[-1]]
    prefix = tuple(seen[n][1][0] for n in given[:-1])
    return KeyBounds(partition, SortCondition(op, values, prefix))
