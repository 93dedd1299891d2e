"""Request typing for S3's REST-XML API: coerce wire-like values, reject what S3 could not parse.

S3 reads its parameters from headers, the query string and an XML body, so a
number sent as ``"5"`` is still a number while a list where a header belongs
is not. :class:`S3RequestTypes` (the operation table's validator) walks the
botocore-generated shapes in :mod:`awscore.s3.shapes`, replaces each
top-level value by a coerced copy (so the engine never aliases the caller's
objects), and raises S3's errors: ``InvalidArgument`` for a bad header or
query value, ``MalformedXML`` for a bad body.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from ..clock import to_epoch
from ..core.errors import AWSError
from .errors import BareError, MalformedXML, argument
from .shapes import OPERATIONS, SHAPES

__all__ = ["S3RequestTypes"]

_IGNORED_WHEN_INVALID = {"IfModifiedSince", "IfUnmodifiedSince", "CopySourceIfModifiedSince",
                         "CopySourceIfUnmodifiedSince"}


#: integer parameters by their wire (query) names, for S3's messages
_WIRE_INTEGERS = {"MaxKeys": "maxKeys", "MaxParts": "maxParts", "MaxUploads": "maxUploads",
                  "PartNumberMarker": "partNumberMarker", "MaxBuckets": "maxBuckets"}


class _Bad(Exception):
    pass


def _coerce(shape_name: str, value: Any) -> Any:
    kind, spec = SHAPES[shape_name]
    if kind == "string":
        if isinstance(value, str):
            return value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _Bad
        return str(value)
    if kind in ("integer", "long"):
        if isinstance(value, bool):
            raise _Bad
        if isinstance(value, int):
            return value
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        raise _Bad
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise _Bad
    if kind == "timestamp":
        if isinstance(value, datetime):
            return value
        if isinstance(value, bool):
            raise _Bad
        try:
            to_epoch(value)
        except (TypeError, ValueError, OverflowError, OSError):
            return _sdk_timestamp(value)
        return value
    if kind == "blob":
        if value is None or isinstance(value, bytes | bytearray | str) or hasattr(value, "read"):
            return value
        raise _Bad
    if kind == "structure":
        if not isinstance(value, Mapping):
            raise _Bad
        members = spec.get("members", {})
        out = {}
        for name, item in value.items():
            if name in members and item is not None:
                out[name] = _coerce(members[name], item)
        for name in spec.get("required", ()):
            if name not in out:
                raise _Bad
        return out
    if kind == "list":
        if not isinstance(value, list | tuple):
            raise _Bad
        return [_coerce(spec["member"], item) for item in value]
    if kind == "map":
        if not isinstance(value, Mapping):
            raise _Bad
        return {_coerce(spec["key"], k): _coerce(spec["value"], v) for k, v in value.items()}
    return value


class S3RequestTypes:
    """The S3 operation table's validator: type-checks and copies a request in place."""

    def validate(self, operation: str, params: dict[str, Any]) -> None:
        """Coerce ``params`` in place; S3's error on the first value it could not parse (bare for HEAD)."""
        try:
            self._validate(operation, params)
        except AWSError as err:
            if operation.startswith("Head"):
                raise BareError(err) from None
            raise

    def _validate(self, operation: str, params: dict[str, Any]) -> None:
        shape = OPERATIONS.get(operation)
        if shape is None:
            return
        members = SHAPES[shape][1].get("members", {})
        for name in list(params):
            member = members.get(name)
            value = params[name]
            if member is None or value is None:
                continue
            try:
                params[name] = _coerce(member, value)
            except _Bad:
                if name in _IGNORED_WHEN_INVALID:
                    params[name] = None  # S3 ignores an unparsable date condition, as HTTP says
                    continue
                kind = SHAPES[member][0]
                if kind in ("structure", "list"):
                    raise MalformedXML() from None
                if name == "PartNumber":
                    raise argument("Part number must be an integer between 1 and 10000, inclusive", "partNumber",
                                   _render(value)) from None
                if name in _WIRE_INTEGERS:
                    wire = _WIRE_INTEGERS[name]
                    raise argument(f"Argument {wire} must be an integer between 0 and 2147483647", wire,
                                   _render(value)) from None
                raise argument(f"Invalid value for {name}", name, _render(value)) from None


def _sdk_timestamp(value: Any) -> datetime:
    """A timestamp string in any form botocore accepts (RFC 1123 ``Wed, 21 Oct 2015 07:28:00 GMT`` too)."""
    if not isinstance(value, str):
        raise _Bad
    from botocore.utils import parse_timestamp

    try:
        parsed = parse_timestamp(value)
    except (TypeError, ValueError, OverflowError):
        raise _Bad from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _render(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 64 else text[:61] + "..."
