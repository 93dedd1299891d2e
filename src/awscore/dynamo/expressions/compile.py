"""The request-level compile step: parse (cached), resolve placeholders, check, report unused.

>>> c = compile_expressions(update="SET #n = :v", names={"#n": "name"}, values={":v": {"S": "x"}})
>>> c.update.set[0].path, c.update.set[0].value.value
(Path(elements=('name',)), 'x')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from awscore.core.errors import AWSError, SerializationException, ValidationException

from ..types import EMPTY_SET_MESSAGES, from_wire
from .ast import Condition, Projection, Update
from .parser import ExpressionKind, parse_condition, parse_projection, parse_update, with_deep_recursion
from .resolve import Resolver, check_condition, check_paths_disjoint, check_update

__all__ = ["Compiled", "compile_expressions"]

MAX_PLACEHOLDER_BYTES = 255


def _key_size(key: str) -> int:
    return len(key.encode("utf-8", "surrogatepass"))


_NAME_KEY = re.compile(r"#[0-9A-Za-z_]+\Z")
_VALUE_KEY = re.compile(r":[0-9A-Za-z_]+\Z")


@dataclass(frozen=True, slots=True)
class Compiled:
    """A request's expressions, resolved and checked (``None`` where absent)."""

    condition: Condition | None = None
    filter: Condition | None = None
    key_condition: Condition | None = None
    update: Update | None = None
    projection: Projection | None = None


def _typed_values(values: Mapping[str, Any] | None, typed: bool) -> dict[str, Any]:
    if values is None:
        return {}
    if not values:
        raise ValidationException("ExpressionAttributeValues must not be empty")
    for key in values:
        if isinstance(key, str) and _key_size(key) > MAX_PLACEHOLDER_BYTES:
            raise ValidationException(
                "ExpressionAttributeValues contains invalid key: The expression attribute map contains a key "
                "that is too long;"
            )
        if not isinstance(key, str) or not _VALUE_KEY.match(key):
            raise ValidationException(
                f'ExpressionAttributeValues contains invalid key: Syntax error; key: "{key}"'
            )
    if typed:
        return dict(values)
    out = {}
    for key, av in values.items():
        try:
            out[key] = from_wire(av)
        except AWSError as e:
            # AWS names the offending key, except for an empty set (recorded against real AWS).
            suffix = "" if e.message in EMPTY_SET_MESSAGES else f" for key {key}"
            raise type(e)(f"ExpressionAttributeValues contains invalid value: {e.message}{suffix}") from None
    return out


def _names(names: Mapping[str, str] | None) -> dict[str, str]:
    if names is None:
        return {}
    if not names:
        raise ValidationException("ExpressionAttributeNames must not be empty")
    for key, name in names.items():
        if isinstance(key, str) and _key_size(key) > MAX_PLACEHOLDER_BYTES:
            raise ValidationException(
                "ExpressionAttributeNames contains invalid key: The expression attribute map contains a key "
                f"that is too long; size of key: {_key_size(key)}"
            )
        if not isinstance(key, str) or not _NAME_KEY.match(key):
            raise ValidationException(
                f'ExpressionAttributeNames contains invalid key: Syntax error; key: "{key}"'
            )
        if not isinstance(name, str):
            raise SerializationException("NUMBER_VALUE cannot be converted to String")
        if not name:
            raise ValidationException(
                "ExpressionAttributeNames contains invalid value: Empty attribute name for key " + str(key)
            )
    return dict(names)


def _update(resolver: Resolver, parsed: Update) -> Update:
    tree = resolver.resolve(parsed, ExpressionKind.UPDATE)
    check_update(tree)
    return tree


def _condition(resolver: Resolver, parsed: Condition, kind: str) -> Condition:
    tree = resolver.resolve(parsed, kind)
    check_condition(tree, kind)
    return tree


def _deep_safe(fn: Callable[[], Any]) -> Any:
    """Run a tree walk; a pathologically deep tree (nested size()...) gets more recursion room."""
    try:
        return fn()
    except RecursionError:
        return with_deep_recursion(fn)


def compile_expressions(
    *,
    condition: str | None = None,
    filter: str | None = None,
    key_condition: str | None = None,
    update: str | None = None,
    projection: str | None = None,
    names: Mapping[str, str] | None = None,
    values: Mapping[str, Any] | None = None,
    typed_values: Mapping[str, Any] | None = None,
) -> Compiled:
    """Compile one request's expressions as DynamoDB does, raising its exact ValidationException texts.

    ``values`` are wire AttributeValues (``{":v": {"S": "x"}}``, converted with
    :func:`~awscore.dynamo.types.from_wire`, invalid ones reported as
    "ExpressionAttributeValues contains invalid value: <msg> for key :v");
    native callers may pass ``typed_values`` (already typed) instead.
    Order of checks: placeholder maps, then each expression (Update, Condition,
    KeyCondition, Filter, Projection: syntax, text-level errors, undefined
    placeholders, operand checks), then unused names, then unused values
    (over the whole request, short-circuited branches included).
    """
    if values is not None and typed_values is not None:
        raise ValidationException("Pass either values (wire) or typed_values, not both")
    name_map = _names(names)
    value_map = _typed_values(typed_values if typed_values is not None else values, typed_values is not None)
    resolver = Resolver(name_map, value_map)
    result: dict[str, Any] = {}
    if update is not None:
        result["update"] = _deep_safe(lambda: _update(resolver, parse_update(update)))
    for field, text, kind in (
        ("condition", condition, ExpressionKind.CONDITION),
        ("key_condition", key_condition, ExpressionKind.KEY_CONDITION),
        ("filter", filter, ExpressionKind.FILTER),
    ):
        if text is not None:
            parsed = parse_condition(text, kind)
            result[field] = _deep_safe(lambda parsed=parsed, kind=kind: _condition(resolver, parsed, kind))
    if projection is not None:
        tree = resolver.resolve(parse_projection(projection), ExpressionKind.PROJECTION)
        check_paths_disjoint(list(tree.paths), ExpressionKind.PROJECTION)
        result["projection"] = tree
    unused_names = [k for k in name_map if k not in resolver.used_names]
    if unused_names:
        raise ValidationException(
            f"Value provided in ExpressionAttributeNames unused in expressions: keys: {{{', '.join(unused_names)}}}"
        )
    unused_values = [k for k in value_map if k not in resolver.used_values]
    if unused_values:
        raise ValidationException(
            f"Value provided in ExpressionAttributeValues unused in expressions: keys: {{{', '.join(unused_values)}}}"
        )
    return Compiled(**result)
