"""Request validation from declarative constraints, reported in AWS's format.

Each service ships a table of shapes (generated from botocore's service
models by ``tools/gen_shapes.py``) in the form::

    SHAPES = {
        "StreamName": ("string", {"min": 1, "max": 128, "pattern": "[a-zA-Z0-9_.-]+"}),
        "PutRecordInput": ("structure", {"members": {"StreamName": "StreamName"},
                                          "required": ["StreamName"]}),
    }
    OPERATIONS = {"PutRecord": "PutRecordInput"}

:class:`Validator` checks a request against its operation's input shape and
raises one :class:`ValidationException` listing every violation, as AWS's
JSON services do::

    2 validation errors detected: Value '' at 'streamName' failed to satisfy
    constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+;
    Value '' at 'streamName' failed to satisfy constraint: Member must have
    length greater than or equal to 1

Wrong JSON types (a number where a string belongs) are a
:class:`SerializationException`, as AWS reports them. Shapes named in
``opaque`` are left for the engine to check (DynamoDB's AttributeValue).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from .errors import InvalidInputError, SerializationException, ValidationException

__all__ = ["Validator", "render_value", "lower_camel", "validation_message"]

MAX_REPORTED = 10

ShapeTable = Mapping[str, tuple[str, dict[str, Any]]]


def lower_camel(name: str) -> str:
    """AWS's member-path spelling: ``StreamName`` -> ``streamName``."""
    return name[:1].lower() + name[1:]


def render_value(value: Any) -> str:
    """A value as AWS's (Java) validation messages print it, quotes included."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, bytes | bytearray | memoryview):
        n = len(value)
        return f"'java.nio.HeapByteBuffer[pos=0 lim={n} cap={n}]'"
    if isinstance(value, list | tuple):
        return "'[" + ", ".join(render_value(v).strip("'") for v in value) + "]'"
    if isinstance(value, dict):
        inner = ", ".join(f"{k}={render_value(v).strip(chr(39))}" for k, v in value.items())
        return "'{" + inner + "}'"
    return f"'{value}'"


def validation_message(violations: list[str]) -> str:
    """``N validation error(s) detected: `` + up to 10 violations joined by ``; ``.

    AWS lists at most 10 violations and counts only those it lists.
    """
    violations = violations[:MAX_REPORTED]
    n = len(violations)
    noun = "error" if n == 1 else "errors"
    return f"{n} validation {noun} detected: " + "; ".join(violations)


@lru_cache(maxsize=4096)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.DOTALL)


def _length(value: Any) -> int:
    return len(value)


class Validator:
    """Validates requests of one service against its generated shape table."""

    def __init__(
        self,
        shapes: ShapeTable,
        operations: Mapping[str, str],
        *,
        opaque: frozenset[str] | set[str] = frozenset(),
        path_style: str = "lowerCamel",
        error: type[InvalidInputError] = ValidationException,
    ) -> None:
        #: the error class reporting violations (query-protocol services such as STS say ``ValidationError``)
        self.error = error
        self.shapes = shapes
        self.operations = operations
        self.opaque = frozenset(opaque)
        self._name = lower_camel if path_style == "lowerCamel" else (lambda s: s)

    def violations(self, operation: str, params: Mapping[str, Any]) -> list[str]:
        """Every constraint violation in ``params`` for ``operation`` (empty when valid)."""
        shape = self.operations.get(operation)
        if shape is None:
            return []
        out: list[str] = []
        self._check_struct(shape, params, "", out, top=True)
        return out

    def validate(self, operation: str, params: Mapping[str, Any]) -> None:
        """Raise :class:`ValidationException` (all violations) or :class:`SerializationException`."""
        found = self.violations(operation, params)
        if found:
            raise self.error(validation_message(found))

    # -- walking ---------------------------------------------------------------

    def _check_struct(self, name: str, value: Any, path: str, out: list[str], top: bool = False) -> None:
        kind, spec = self.shapes[name]
        if not isinstance(value, Mapping):
            raise SerializationException(
                "Start of structure or map found where not expected." if top else
                f"Unexpected value type at '{path}': expected a structure"
            )
        for member in spec.get("required", ()):
            if value.get(member) is None:
                out.append(
                    f"Value null at '{self._join(path, member)}' failed to satisfy constraint: "
                    "Member must not be null"
                )
        members = spec.get("members", {})
        for key, item in value.items():
            target = members.get(key)
            if target is None or item is None:
                continue
            self._check(target, item, self._join(path, key), out)

    def _join(self, path: str, member: str) -> str:
        name = self._name(member)
        return f"{path}.{name}" if path else name

    def _check(self, name: str, value: Any, path: str, out: list[str]) -> None:
        if name in self.opaque:
            return
        kind, spec = self.shapes[name]
        if kind == "structure":
            self._check_struct(name, value, path, out)
            return
        if kind == "list":
            if not isinstance(value, list | tuple):
                raise SerializationException(f"Unexpected value type at '{path}': expected a list")
            self._bounds_length(value, spec, path, out)
            member = spec["member"]
            for i, item in enumerate(value, 1):
                if item is not None:
                    self._check(member, item, f"{path}.{i}.member", out)
            return
        if kind == "map":
            if not isinstance(value, Mapping):
                raise SerializationException(f"Unexpected value type at '{path}': expected a map")
            self._bounds_length(value, spec, path, out)
            key_shape, value_shape = spec["key"], spec["value"]
            for k, v in value.items():
                self._check(key_shape, k, f"{path}.{k}.key", out)
                if v is not None:
                    self._check(value_shape, v, f"{path}.{k}.member", out)
            return
        _SCALARS[kind](self, value, spec, path, out)

    # -- scalars -----------------------------------------------------------------

    def _string(self, value: Any, spec: dict[str, Any], path: str, out: list[str]) -> None:
        if not isinstance(value, str):
            raise SerializationException(f"Unexpected value type at '{path}': expected a string")
        enum = spec.get("enum")
        if enum is not None and value not in enum:
            out.append(
                f"Value {render_value(value)} at '{path}' failed to satisfy constraint: "
                f"Member must satisfy enum value set: [{', '.join(enum)}]"
            )
            return
        pattern = spec.get("pattern")
        if pattern is not None and not _compiled(pattern).fullmatch(value):
            out.append(
                f"Value {render_value(value)} at '{path}' failed to satisfy constraint: "
                f"Member must satisfy regular expression pattern: {pattern}"
            )
        self._bounds_length(value, spec, path, out)

    def _blob(self, value: Any, spec: dict[str, Any], path: str, out: list[str]) -> None:
        if isinstance(value, str):
            value = value.encode()
        if not isinstance(value, bytes | bytearray | memoryview):
            if hasattr(value, "read"):
                return  # streaming body: its size is the engine's business
            raise SerializationException(f"Unexpected value type at '{path}': expected a blob")
        self._bounds_length(value, spec, path, out)

    def _number(self, value: Any, spec: dict[str, Any], path: str, out: list[str]) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise SerializationException(f"Unexpected value type at '{path}': expected a number")
        lo, hi = spec.get("min"), spec.get("max")
        if lo is not None and value < lo:
            out.append(
                f"Value {render_value(value)} at '{path}' failed to satisfy constraint: "
                f"Member must have value greater than or equal to {lo}"
            )
        if hi is not None and value > hi:
            out.append(
                f"Value {render_value(value)} at '{path}' failed to satisfy constraint: "
                f"Member must have value less than or equal to {hi}"
            )

    def _boolean(self, value: Any, spec: dict[str, Any], path: str, out: list[str]) -> None:
        if not isinstance(value, bool):
            raise SerializationException(f"Unexpected value type at '{path}': expected a boolean")

    def _timestamp(self, value: Any, spec: dict[str, Any], path: str, out: list[str]) -> None:
        if isinstance(value, bool) or not isinstance(value, datetime | int | float | str):
            raise SerializationException(f"Unexpected value type at '{path}': expected a timestamp")

    def _any(self, value: Any, spec: dict[str, Any], path: str, out: list[str]) -> None:
        return None

    def _bounds_length(self, value: Any, spec: dict[str, Any], path: str, out: list[str]) -> None:
        lo, hi = spec.get("min"), spec.get("max")
        if lo is None and hi is None:
            return
        n = _length(value)
        if lo is not None and n < lo:
            out.append(
                f"Value {render_value(value)} at '{path}' failed to satisfy constraint: "
                f"Member must have length greater than or equal to {lo}"
            )
        if hi is not None and n > hi:
            out.append(
                f"Value {render_value(value)} at '{path}' failed to satisfy constraint: "
                f"Member must have length less than or equal to {hi}"
            )


_SCALARS = {
    "string": Validator._string,
    "blob": Validator._blob,
    "integer": Validator._number,
    "long": Validator._number,
    "double": Validator._number,
    "float": Validator._number,
    "boolean": Validator._boolean,
    "timestamp": Validator._timestamp,
    "any": Validator._any,
    "document": Validator._any,
}
