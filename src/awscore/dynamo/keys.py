"""Key handling: pulling a table's or index's key out of an item, with AWS's checks.

Engine key values are ``str`` (S), ``Decimal`` (N) and ``bytes`` (B). Within
one key schema a key attribute has one type, so Python's own ordering of
those values *is* DynamoDB's ordering: strings by code point (= UTF-8 byte
order), numbers by value, binary as unsigned bytes.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

from .errors import PARAM_INVALID, ValidationException
from .model import KeySchema, ScalarType, scalar_type_of
from .types import number_to_str, type_of

__all__ = ["empty_key", "item_key", "request_key", "index_key", "partition_token", "key_size",
           "KEY_MISMATCH", "MAX_HASH_KEY", "MAX_RANGE_KEY"]

KEY_MISMATCH = "The provided key element does not match the schema"
MAX_HASH_KEY = 2048
MAX_RANGE_KEY = 1024


def key_size(value: Any) -> int:
    """Bytes a key value counts against the 2048/1024-byte key limits."""
    if isinstance(value, str):
        return len(value.encode("utf-8"))
    if isinstance(value, bytes):
        return len(value)
    return 0  # a number costs at most 21 bytes: never near the key limits


def empty_key(name: str, value: Any) -> ValidationException:
    """AWS's ValidationException for an empty string or binary key value."""
    kind = "string" if isinstance(value, str) else "binary"
    return ValidationException(
        "One or more parameter values are not valid. The AttributeValue for a key attribute "
        f"cannot contain an empty {kind} value. Key: {name}"
    )


def _check_sizes(schema: KeySchema, h: Any, r: Any) -> None:
    if key_size(h) > MAX_HASH_KEY:
        raise ValidationException(
            PARAM_INVALID + "Size of hashkey has exceeded the maximum size limit of2048 bytes"
        )
    if r is not None and key_size(r) > MAX_RANGE_KEY:
        raise ValidationException(
            PARAM_INVALID + "Aggregated size of all range keys has exceeded the size limit of 1024 bytes"
        )


def item_key(schema: KeySchema, item: dict[str, Any], generic: bool = False) -> tuple[Any, Any]:
    """``(hash, range-or-None)`` of a whole item being written (PutItem's checks and messages).

    ``generic``: BatchWriteItem's wording, where a missing or mistyped key is
    AWS's generic "The provided key element does not match the schema".
    """
    out = []
    for name, typ in ((schema.hash_name, schema.hash_type), (schema.range_name, schema.range_type)):
        if name is None:
            out.append(None)
            continue
        if name not in item:
            raise ValidationException(KEY_MISMATCH if generic else PARAM_INVALID + f"Missing the key {name} in the item")
        value = item[name]
        actual = scalar_type_of(value)
        if actual is not typ:
            if generic:
                raise ValidationException(KEY_MISMATCH)
            raise ValidationException(
                PARAM_INVALID + f"Type mismatch for key {name} expected: {typ} actual: {type_of(value)}"
            )
        if (actual is ScalarType.S or actual is ScalarType.B) and len(value) == 0:
            raise empty_key(name, value)
        out.append(value)
    _check_sizes(schema, out[0], out[1])
    return out[0], out[1]


def request_key(schema: KeySchema, key: dict[str, Any], message: str = KEY_MISMATCH) -> tuple[Any, Any]:
    """``(hash, range-or-None)`` of a ``Key`` parameter: exactly the key attributes, right types."""
    if len(key) != len(schema.names):
        raise ValidationException(message)
    out = []
    for name, typ in ((schema.hash_name, schema.hash_type), (schema.range_name, schema.range_type)):
        if name is None:
            out.append(None)
            continue
        if name not in key or scalar_type_of(key[name]) is not typ:
            raise ValidationException(message)
        value = key[name]
        if typ is not ScalarType.N and len(value) == 0:
            raise empty_key(name, value)
        out.append(value)
    _check_sizes(schema, out[0], out[1])
    return out[0], out[1]


def index_key(schema: KeySchema, index_name: str, item: dict[str, Any]) -> tuple[Any, Any] | None:
    """The index key of ``item``, None when the item lacks it (sparse index); AWS errors on bad types.

    With several partition-key or sort-key attributes (a multi-attribute GSI key)
    that part is the tuple of their values, and an item missing any of them is not indexed.
    """
    out = []
    elements = [(schema.hash_name, schema.hash_type, MAX_HASH_KEY)]
    elements += [(n, t, MAX_HASH_KEY) for n, t in schema.hash_extra]
    elements += [(schema.range_name, schema.range_type, MAX_RANGE_KEY)]
    elements += [(n, t, MAX_RANGE_KEY) for n, t in schema.range_extra]
    for name, typ, limit in elements:
        if name is None:
            out.append(None)
            continue
        if name not in item:
            return None
        value = item[name]
        actual = scalar_type_of(value)
        if actual is not typ:
            raise ValidationException(
                PARAM_INVALID + f"Type mismatch for Index Key {name} Expected: {typ} "
                f"Actual: {type_of(value)} IndexName: {index_name}"
            )
        if actual is not ScalarType.N and len(value) == 0:
            raise ValidationException(
                "One or more parameter values are not valid. A value specified for a secondary index "
                "key is not supported. The AttributeValue for a key attribute cannot contain an empty "
                f"string value. IndexName: {index_name}, IndexKey: {name}"
            )
        size = key_size(value)
        if size > limit:
            raise ValidationException(
                PARAM_INVALID + f"Size limit exceeded for Index Key {name} Actual Size: {size} bytes "
                f"Max Size: {limit} bytes IndexName: {index_name}"
            )
        out.append(value)
    hashes = 1 + len(schema.hash_extra)
    h = tuple(out[:hashes]) if schema.hash_extra else out[0]
    r = tuple(out[hashes:]) if schema.range_extra else out[hashes]
    return h, r


def partition_token(value: Any) -> tuple[int, bytes]:
    """Where a partition sits in scan order: the first 64 bits of the MD5 of its key bytes.

    Scan walks partitions in this order, and parallel-scan segment ``i`` of
    ``n`` owns the hashes in ``[i * 2**64 // n, (i + 1) * 2**64 // n)``. MD5 of
    the raw key (UTF-8 for S, the bytes for B) reproduces the partition order
    AWS-verified scans show (``"A"`` before ``"B"``); numbers hash their
    canonical text.
    """
    if isinstance(value, tuple):  # a multi-attribute partition key: its values' bytes, length-prefixed
        raw = b"".join(len(part).to_bytes(4, "big") + part for part in (partition_token(v)[1] for v in value))
    elif isinstance(value, str):
        raw = value.encode("utf-8", "surrogatepass")
    elif isinstance(value, bytes):
        raw = value
    else:
        d: Decimal = value
        raw = number_to_str(d).encode()
    digest = hashlib.md5(raw, usedforsecurity=False).digest()
    return int.from_bytes(digest[:8], "big"), raw
