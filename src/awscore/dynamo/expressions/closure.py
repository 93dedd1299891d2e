"""Conditions compiled to Python closures, for conditions evaluated many times (filters over scans).

:func:`condition_function` turns a resolved, checked condition into a
``Callable[[item], bool]`` with the evaluator's exact semantics; the
interpreter in :mod:`.evaluate` stays the reference (property-tested equal).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from ..types import compare, type_of, values_equal
from .ast import And, Between, Call, Compare, CompareOp, Func, In, Literal, Not, Or, Path
from .evaluate import MISSING, _contains, _size, lookup

__all__ = ["condition_function", "operand_function"]

Item = Mapping[str, Any] | None
Getter = Callable[[Item], Any]
Test = Callable[[Item], bool]
_FAST = frozenset({str, Decimal, bytes})


def operand_function(operand: Any) -> Getter:
    """A closure reading an operand (path, literal or size) from an item; ``MISSING`` when absent."""
    if isinstance(operand, Literal):
        value = operand.value
        return lambda item: value
    if isinstance(operand, Path):
        if len(operand.elements) == 1:
            name = operand.elements[0]
            return lambda item: MISSING if item is None else item.get(name, MISSING)
        return lambda item: lookup(operand, item)
    if isinstance(operand, Call) and operand.func == Func.SIZE:
        inner = operand_function(operand.args[0])

        def size(item: Item) -> Any:
            v = inner(item)
            return MISSING if v is MISSING else _size(v)

        return size
    raise TypeError(f"not a condition operand: {operand!r}")


def _ordered(op: CompareOp, left: Getter, right: Getter) -> Test:
    def test(item: Item) -> bool:
        a, b = left(item), right(item)
        if a is MISSING or b is MISSING:
            return False
        cls = type(a)
        if cls is type(b) and cls in _FAST:
            order = (a > b) - (a < b)
        else:
            order = compare(a, b)
            if order is None:
                return False
        if op is CompareOp.LT:
            return order < 0
        if op is CompareOp.LE:
            return order <= 0
        if op is CompareOp.GT:
            return order > 0
        return order >= 0

    return test


def _compare(node: Compare) -> Test:
    left, right = operand_function(node.left), operand_function(node.right)
    if node.op is CompareOp.EQ:

        def eq(item: Item) -> bool:
            a, b = left(item), right(item)
            return a is not MISSING and b is not MISSING and values_equal(a, b)

        return eq
    if node.op is CompareOp.NE:

        def ne(item: Item) -> bool:
            a, b = left(item), right(item)
            return a is MISSING or b is MISSING or not values_equal(a, b)

        return ne
    return _ordered(node.op, left, right)


def _between(node: Between) -> Test:
    value, low, high = (operand_function(o) for o in (node.operand, node.low, node.high))

    def between(item: Item) -> bool:
        v, lo, hi = value(item), low(item), high(item)
        if v is MISSING or lo is MISSING or hi is MISSING:
            return False
        a, b = compare(lo, v), compare(v, hi)
        return a is not None and b is not None and a <= 0 and b <= 0

    return between


def _in(node: In) -> Test:
    value = operand_function(node.operand)
    options = [operand_function(o) for o in node.options]

    def within(item: Item) -> bool:
        v = value(item)
        if v is MISSING:
            return False
        for option in options:
            o = option(item)
            if o is not MISSING and values_equal(v, o):
                return True
        return False

    return within


def _call(node: Call) -> Test:
    func, args = node.func, node.args
    if func == Func.ATTRIBUTE_EXISTS or func == Func.ATTRIBUTE_NOT_EXISTS:
        path = args[0]
        want = func == Func.ATTRIBUTE_EXISTS
        return lambda item: (lookup(path, item) is not MISSING) is want
    first, second = operand_function(args[0]), operand_function(args[1])
    if func == Func.ATTRIBUTE_TYPE:
        check: Callable[[Any, Any], bool] = lambda a, b: type_of(a).value == b  # noqa: E731
    elif func == Func.BEGINS_WITH:
        check = lambda a, b: type(a) is type(b) and type(a) in (str, bytes) and a.startswith(b)  # noqa: E731
    elif func == Func.CONTAINS:
        check = _contains
    else:
        raise TypeError(f"not a condition function: {func}")

    def call(item: Item) -> bool:
        a, b = first(item), second(item)
        return a is not MISSING and b is not MISSING and check(a, b)

    return call


def condition_function(node: Any) -> Test:
    """Compile a resolved, checked condition into a closure. O(size of the expression)."""
    if isinstance(node, And):
        left, right = condition_function(node.left), condition_function(node.right)
        return lambda item: left(item) and right(item)
    if isinstance(node, Or):
        left, right = condition_function(node.left), condition_function(node.right)
        return lambda item: left(item) or right(item)
    if isinstance(node, Not):
        inner = condition_function(node.operand)
        return lambda item: not inner(item)
    if isinstance(node, Compare):
        return _compare(node)
    if isinstance(node, Between):
        return _between(node)
    if isinstance(node, In):
        return _in(node)
    if isinstance(node, Call):
        return _call(node)
    raise TypeError(f"not a condition: {node!r}")
