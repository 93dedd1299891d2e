"""Pure evaluation of resolved conditions against an item.

Comparing different types is simply false, never an error; a missing
attribute makes every comparison false except ``<>`` (true even when both
sides are missing). O(size of the expression + values it reads).

>>> from decimal import Decimal
>>> from awscore.dynamo.expressions import compile_expressions
>>> c = compile_expressions(condition="a.b[1] > :v", values={":v": {"N": "1"}}).condition
>>> evaluate(c, {"a": {"b": [Decimal(0), Decimal(5)]}}), evaluate(c, {"a": "x"})
(True, False)
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Final

from ..types import BinarySet, NumberSet, StringSet, ValueType, compare, type_of, values_equal
from .ast import And, Between, Call, Compare, CompareOp, Func, In, Literal, Not, Or, Path

__all__ = ["MISSING", "evaluate", "interpret", "lookup", "operand_value"]


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()


def lookup(path: Path, item: Mapping[str, Any] | None) -> Any:
    """The value at ``path`` in ``item``, or ``MISSING`` (wrong container types count as missing)."""
    value: Any = item if item is not None else {}
    for e in path.elements:
        if isinstance(e, int):
            if not isinstance(value, list) or e >= len(value):
                return MISSING
        elif not isinstance(value, dict) or e not in value:
            return MISSING
        value = value[e]
    return value


def _size(value: Any) -> Any:
    t = type_of(value)
    if t is ValueType.S:
        return Decimal(len(value.encode("utf-8", "surrogatepass")))
    if t in (ValueType.B, ValueType.L, ValueType.M, ValueType.SS, ValueType.NS, ValueType.BS):
        return Decimal(len(value))
    return MISSING  # size of N, BOOL or NULL from the item: the comparison is false


def operand_value(operand: Any, item: Mapping[str, Any] | None) -> Any:
    """Evaluate a condition operand (path, literal or ``size(...)``) to a value or ``MISSING``."""
    cls = type(operand)
    if cls is Path:
        if len(operand.elements) == 1:  # the common case: a top-level attribute
            return item.get(operand.elements[0], MISSING) if item is not None else MISSING
        return lookup(operand, item)
    if cls is Literal:
        return operand.value
    if isinstance(operand, Call) and operand.func == Func.SIZE:
        inner = operand_value(operand.args[0], item)
        return MISSING if inner is MISSING else _size(inner)
    raise TypeError(f"not a condition operand: {operand!r}")  # resolved, checked trees never get here


_ORDER_TESTS: dict[CompareOp, Callable[[int], bool]] = {
    CompareOp.LT: lambda c: c < 0,
    CompareOp.LE: lambda c: c <= 0,
    CompareOp.GT: lambda c: c > 0,
    CompareOp.GE: lambda c: c >= 0,
}


def _compare(node: Compare, item: Mapping[str, Any] | None) -> bool:
    left = operand_value(node.left, item)
    right = operand_value(node.right, item)
    if left is MISSING or right is MISSING:
        return node.op is CompareOp.NE
    if node.op is CompareOp.EQ:
        return values_equal(left, right)
    if node.op is CompareOp.NE:
        return not values_equal(left, right)
    order = compare(left, right)
    return order is not None and _ORDER_TESTS[node.op](order)


def _between(node: Between, item: Mapping[str, Any] | None) -> bool:
    value = operand_value(node.operand, item)
    low = operand_value(node.low, item)
    high = operand_value(node.high, item)
    if value is MISSING or low is MISSING or high is MISSING:
        return False
    a, b = compare(low, value), compare(value, high)
    return a is not None and b is not None and a <= 0 and b <= 0


def _in(node: In, item: Mapping[str, Any] | None) -> bool:
    value = operand_value(node.operand, item)
    if value is MISSING:
        return False
    for option in node.options:
        other = operand_value(option, item)
        if other is not MISSING and values_equal(value, other):
            return True
    return False


_MEMBER_TYPES = {StringSet: ValueType.S, NumberSet: ValueType.N, BinarySet: ValueType.B}


def _contains(haystack: Any, needle: Any) -> bool:
    t = type_of(haystack)
    if t is ValueType.S or t is ValueType.B:
        return type_of(needle) is t and needle in haystack
    member = _MEMBER_TYPES.get(type(haystack))
    if member is not None:
        return type_of(needle) is member and needle in haystack
    if t is ValueType.L:
        return any(values_equal(e, needle) for e in haystack)
    return False


def _call(node: Call, item: Mapping[str, Any] | None) -> bool:
    func, args = node.func, node.args
    if func == Func.ATTRIBUTE_EXISTS:
        return lookup(args[0], item) is not MISSING
    if func == Func.ATTRIBUTE_NOT_EXISTS:
        return lookup(args[0], item) is MISSING
    first = operand_value(args[0], item)
    second = operand_value(args[1], item)
    if first is MISSING or second is MISSING:
        return False
    if func == Func.ATTRIBUTE_TYPE:
        return type_of(first).value == second
    if func == Func.BEGINS_WITH:
        t = type_of(first)
        return t in (ValueType.S, ValueType.B) and type_of(second) is t and first.startswith(second)
    if func == Func.CONTAINS:
        return _contains(first, second)
    raise TypeError(f"not a condition function: {func}")


_EVALUATORS: dict[type, Callable[[Any, Mapping[str, Any] | None], bool]] = {
    Compare: _compare,
    Between: _between,
    In: _in,
    Call: _call,
    And: lambda n, item: interpret(n.left, item) and interpret(n.right, item),
    Or: lambda n, item: interpret(n.left, item) or interpret(n.right, item),
    Not: lambda n, item: not interpret(n.operand, item),
}


def interpret(condition: Any, item: Mapping[str, Any] | None) -> bool:
    """The reference tree-walking evaluator (what :func:`evaluate` computes)."""
    return _EVALUATORS[type(condition)](condition, item)


_HOT_LIMIT = 1024
# id(tree) -> [weak reference to the tree, closure or None]; entries vanish with their trees
_hot: dict[int, list[Any]] = {}
_hot_lock = threading.RLock()  # re-entrant: a weakref callback may fire while it is held


def _forget(key: int, ref: weakref.ref) -> None:
    with _hot_lock:
        entry = _hot.get(key)
        if entry is not None and entry[0] is ref:
            del _hot[key]


def evaluate(condition: Any, item: Mapping[str, Any] | None) -> bool:
    """Whether ``item`` (``None`` for a missing item) satisfies a resolved, checked condition.

    The first evaluation of a tree walks it; a tree evaluated again (a filter over a
    Query/Scan page) is compiled once to closures (:mod:`.closure`) and reused while
    the tree lives (the cache holds only weak references).
    """
    key = id(condition)
    entry = _hot.get(key)
    if entry is not None and entry[0]() is condition:
        fn = entry[1]
        if fn is None:
            from .closure import condition_function

            fn = entry[1] = condition_function(condition)
        return fn(item)
    with _hot_lock:
        if len(_hot) < _HOT_LIMIT:
            _hot[key] = [weakref.ref(condition, lambda ref, key=key: _forget(key, ref)), None]
    return _EVALUATORS[type(condition)](condition, item)
