"""Applying a resolved UpdateExpression to an item, as DynamoDB does.

All reads happen before any write (``SET a = :v, b = a`` copies the old
``a``). Arithmetic is exact in Decimal; a result needing more than 38 digits
is refused with AWS's overflow text. The input item is never mutated.

>>> from decimal import Decimal
>>> from awscore.dynamo.expressions import compile_expressions
>>> u = compile_expressions(update="SET n = n + :one REMOVE l[0]", values={":one": {"N": "1"}}).update
>>> apply_update(u, {"n": Decimal(1), "l": ["a", "b"]})[0]
{'n': Decimal('2'), 'l': ['b']}
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from awscore.core.errors import ValidationException

from ..types import (
    _EXACT,  # the exact context shared with number normalisation
    MSG_DIGITS,
    MSG_OVERFLOW,
    BinarySet,
    NumberSet,
    StringSet,
    ValueType,
    check_depth,
    copy_item,
    copy_value,
    normalize_number,
    type_of,
)
from .ast import Arith, Call, Func, Literal, Path, Update
from .evaluate import MISSING, lookup

__all__ = [
    "apply_update",
    "check_key_not_updated",
    "MSG_MISSING_ATTRIBUTE",
    "MSG_INVALID_PATH",
    "MSG_BAD_TYPE",
]

MSG_MISSING_ATTRIBUTE = "The provided expression refers to an attribute that does not exist in the item"
MSG_INVALID_PATH = "The document path provided in the update expression is invalid for update"
MSG_BAD_TYPE = "An operand in the update expression has an incorrect data type"
MSG_LEGACY_TYPE_MISMATCH = "Type mismatch for attribute to update"
_SET_CLASSES = (StringSet, NumberSet, BinarySet)


def _arith(op: str, a: Decimal, b: Decimal) -> Decimal:
    result = _EXACT.add(a, b) if op == "+" else _EXACT.subtract(a, b)
    try:
        return normalize_number(result)
    except ValidationException as e:
        if e.message == MSG_DIGITS:
            raise ValidationException(MSG_OVERFLOW) from None
        raise


def _operand_type(op: str, value: Any) -> ValidationException:
    return ValidationException(
        "Invalid UpdateExpression: Incorrect operand type for operator or function; "
        f"operator or function: {op}, operand type: {type_of(value).value}"
    )


def _value(operand: Any, item: Mapping[str, Any] | None) -> Any:
    """Evaluate a SET operand against the OLD item."""
    if isinstance(operand, Literal):
        return operand.value
    if isinstance(operand, Path):
        value = lookup(operand, item)
        if value is MISSING:
            raise ValidationException(MSG_MISSING_ATTRIBUTE)
        return value
    if isinstance(operand, Arith):
        left, right = _value(operand.left, item), _value(operand.right, item)
        for side in (left, right):
            if not isinstance(side, Decimal):
                raise _operand_type(operand.op, side)
        return _arith(operand.op, left, right)
    if isinstance(operand, Call):
        if operand.func == Func.IF_NOT_EXISTS:
            existing = lookup(operand.args[0], item)
            return existing if existing is not MISSING else _value(operand.args[1], item)
        if operand.func == Func.LIST_APPEND:
            left, right = _value(operand.args[0], item), _value(operand.args[1], item)
            for side in (left, right):
                if not isinstance(side, list):
                    raise _operand_type(Func.LIST_APPEND.value, side)
            return [*left, *right]
    raise ValidationException(MSG_BAD_TYPE)


def _parent(item: dict[str, Any], path: Path) -> Any:
    """The container holding ``path``'s last element, or raise the invalid-path error."""
    container: Any = item
    for e in path.elements[:-1]:
        if isinstance(e, int):
            if not isinstance(container, list) or e >= len(container):
                raise ValidationException(MSG_INVALID_PATH)
        elif not isinstance(container, dict) or e not in container:
            raise ValidationException(MSG_INVALID_PATH)
        container = container[e]
    last = path.elements[-1]
    if isinstance(last, int) != isinstance(container, list) or not isinstance(container, list | dict):
        raise ValidationException(MSG_INVALID_PATH)
    return container


def _put(item: dict[str, Any], path: Path, value: Any, appends: dict[int, tuple[list, list]]) -> None:
    """Write ``value`` at ``path``; list indexes past the end are queued to append in index order."""
    container = _parent(item, path)
    last = path.elements[-1]
    if isinstance(last, int) and last >= len(container):
        appends.setdefault(id(container), (container, []))[1].append((last, value))
        return
    container[last] = value


def _flush(appends: dict[int, tuple[list, list]]) -> None:
    for container, pending in appends.values():
        for _, value in sorted(pending, key=lambda p: p[0]):
            container.append(value)
    appends.clear()


def _combine(op: str, old: Any, operand: Any) -> Any:
    """ADD / DELETE of ``operand`` onto ``old`` (``MISSING`` when absent); MISSING result removes."""
    if op == "ADD":
        if old is MISSING:
            return copy_value(operand)
        if isinstance(old, Decimal) and isinstance(operand, Decimal):
            return _arith("+", old, operand)
        if type(old) is type(operand) and isinstance(old, _SET_CLASSES):
            return type(old)(old | operand)
        raise ValidationException(MSG_BAD_TYPE)
    if old is MISSING:
        return MISSING
    if type(old) is type(operand) and isinstance(old, _SET_CLASSES):
        rest = old - operand
        return type(old)(rest) if rest else MISSING
    raise ValidationException(MSG_BAD_TYPE)


def _combine_legacy(op: str, old: Any, operand: Any) -> Any:
    """``_combine`` for AttributeUpdates, whose type clashes AWS words differently."""
    try:
        return _combine(op, old, operand)
    except ValidationException as exc:
        if getattr(exc, "message", None) == MSG_BAD_TYPE:
            raise ValidationException(MSG_LEGACY_TYPE_MISMATCH) from None
        raise


def apply_update(
    update: Update, item: Mapping[str, Any] | None, key: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any] | None, list[Path]]:
    """Apply ``update`` to ``item`` (``None`` when the item does not exist); return ``(new_item, paths)``.

    ``key`` seeds a missing item (the table's key attributes). ``new_item`` is
    ``None`` when a missing item is not created (only REMOVE/DELETE actions).
    ``paths`` lists the document paths written, for UPDATED_OLD/UPDATED_NEW.
    Raises ValidationException with AWS's texts; the input is never mutated.
    """
    exists = item is not None
    old: Mapping[str, Any] = item if item is not None else (key or {})
    # 1. every read, against the old item
    set_values = [(a.path, _value(a.value, old)) for a in update.set]
    for path, value in set_values:
        if isinstance(value, list | dict):
            check_depth(value, len(path.elements))
    adds = [(a.path, lookup(a.path, old), a.value.value) for a in update.add]  # type: ignore[union-attr]
    deletes = [(a.path, lookup(a.path, old), a.value.value) for a in update.delete]  # type: ignore[union-attr]
    # 2. every write, on a copy
    new = copy_item(old)
    appends: dict[int, tuple[list, list]] = {}
    for path, value in set_values:
        _put(new, path, copy_value(value), appends)
    _flush(appends)
    combine = _combine_legacy if update.legacy else _combine
    for path, current, operand in adds:
        _put(new, path, combine("ADD", current, operand), appends)
    _flush(appends)
    for path, current, operand in deletes:
        result = combine("DELETE", current, operand)
        if result is MISSING:
            if current is not MISSING:
                _remove(new, path, exists)
        else:
            _put(new, path, result, appends)
    _flush(appends)
    removes: list[tuple[Any, Any]] = []
    for action in update.remove:
        target = _removal_target(new, action.path, exists)
        if target is not None:
            removes.append(target)
    for container, key_or_index in sorted(
        removes, key=lambda t: (id(t[0]), t[1] if isinstance(t[1], int) else 0), reverse=True
    ):
        del container[key_or_index]
    paths = [a.path for a in update.actions()]
    created = exists or bool(update.set or update.add)
    return (new if created else None), paths


def _removal_target(item: dict[str, Any], path: Path, exists: bool) -> tuple[Any, Any] | None:
    if not exists:
        return None
    container: Any = item
    for e in path.elements[:-1]:
        if isinstance(e, int):
            if not isinstance(container, list) or e >= len(container):
                raise ValidationException(MSG_INVALID_PATH)
        elif not isinstance(container, dict) or e not in container:
            raise ValidationException(MSG_INVALID_PATH)
        container = container[e]
    last = path.elements[-1]
    if isinstance(last, int):
        if not isinstance(container, list):
            raise ValidationException(MSG_INVALID_PATH)
        return (container, last) if last < len(container) else None
    if not isinstance(container, dict):
        raise ValidationException(MSG_INVALID_PATH)
    return (container, last) if last in container else None


def _remove(item: dict[str, Any], path: Path, exists: bool) -> None:
    target = _removal_target(item, path, exists)
    if target is not None:
        del target[0][target[1]]


def check_key_not_updated(update: Update, key_names: set[str] | frozenset[str]) -> None:
    """Refuse updates touching a key attribute, with AWS's text. O(actions)."""
    for action in update.actions():
        top = action.path.elements[0]
        if top in key_names:
            raise ValidationException(
                f"One or more parameter values were invalid: Cannot update attribute {top}. "
                "This attribute is part of the key"
            )


def literal_type(value: Any) -> ValueType:
    """The type of a literal operand (helper for callers reporting types)."""
    return type_of(value)
