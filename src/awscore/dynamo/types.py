"""DynamoDB's typed values: wire conversion, numbers, ordering, sizes.

Inside the engine an attribute value is a plain Python native:

======  ===================================================
S       ``str``
N       ``decimal.Decimal`` (normalised, 38 significant digits)
B       ``bytes``
BOOL    ``bool``
NULL    ``None``
L       ``list`` of values
M       ``dict`` of ``str`` -> value
SS      :class:`StringSet` (a ``frozenset`` of ``str``)
NS      :class:`NumberSet` (a ``frozenset`` of ``Decimal``)
BS      :class:`BinarySet` (a ``frozenset`` of ``bytes``)
======  ===================================================

``from_wire``/``to_wire`` convert at the edge with AWS's exact
ValidationException texts for malformed AttributeValues.

>>> v = from_wire({"M": {"n": {"N": "+1e3"}, "s": {"SS": ["b", "a"]}}})
>>> v["n"], type_of(v["s"]).value
(Decimal('1E+3'), 'SS')
>>> to_wire(v["n"])
{'N': '1000'}
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Context, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeAlias

from awscore.core.errors import SerializationException, ValidationException

__all__ = [
    "ValueType",
    "Value",
    "Item",
    "StringSet",
    "NumberSet",
    "BinarySet",
    "KEY_TYPES",
    "MAX_ITEM_SIZE",
    "MAX_NESTING",
    "parse_number",
    "normalize_number",
    "number_to_str",
    "number_size",
    "from_wire",
    "to_wire",
    "item_from_wire",
    "item_to_wire",
    "from_python",
    "type_of",
    "values_equal",
    "compare",
    "key_order",
    "value_size",
    "attribute_size",
    "value_depth",
    "check_depth",
    "item_size",
    "check_item_size",
    "check_key_value",
    "copy_value",
    "copy_item",
    "invalid",
]


class ValueType(StrEnum):
    """The ten AttributeValue type tags, spelt as on the wire."""

    S = "S"
    N = "N"
    B = "B"
    BOOL = "BOOL"
    NULL = "NULL"
    L = "L"
    M = "M"
    SS = "SS"
    NS = "NS"
    BS = "BS"


class StringSet(frozenset):
    """An SS value: a non-empty frozen set of ``str``."""

    __slots__ = ()


class NumberSet(frozenset):
    """An NS value: a non-empty frozen set of normalised ``Decimal``."""

    __slots__ = ()


class BinarySet(frozenset):
    """A BS value: a non-empty frozen set of ``bytes``."""

    __slots__ = ()


Value: TypeAlias = Any  # str | Decimal | bytes | bool | None | list | dict | StringSet | ...
Item: TypeAlias = dict[str, Any]

KEY_TYPES = frozenset({ValueType.S, ValueType.N, ValueType.B})
MAX_ITEM_SIZE = 409_600
MAX_NESTING = 32
MAX_HASH_KEY = 2048
MAX_RANGE_KEY = 1024
MAX_NAME_BYTES = 65535

_SET_TYPES: dict[type, ValueType] = {
    StringSet: ValueType.SS,
    NumberSet: ValueType.NS,
    BinarySet: ValueType.BS,
}
_INVALID = "One or more parameter values were invalid: "


def invalid(message: str) -> ValidationException:
    """A ValidationException carrying ``message`` verbatim (helper for raise sites)."""
    return ValidationException(message)


# ---- numbers -----------------------------------------------------------------

# Enough precision that +, - of any two in-range numbers is exact (125 + 130 + 38 digits).
_EXACT = Context(prec=400, Emax=999_999, Emin=-999_999)
_NORMALIZE = Context(prec=38, Emax=999_999, Emin=-999_999)
_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z")
MSG_NOT_NUMBER = "The parameter cannot be converted to a numeric value"
MSG_OVERFLOW = "Number overflow. Attempting to store a number with magnitude larger than supported range"
MSG_UNDERFLOW = "Number underflow. Attempting to store a number with magnitude smaller than supported range"
MSG_DIGITS = "Attempting to store more than 38 significant digits in a Number"


def normalize_number(d: Decimal) -> Decimal:
    """Check ``d`` against DynamoDB's number rules and return its canonical Decimal.

    Raises ValidationException with AWS's overflow / underflow / 38-digit texts.
    ``-0`` becomes ``0``; trailing zeros are stripped (``Decimal('1E+3')`` for 1000).
    """
    if not d.is_finite():
        raise invalid(f"{MSG_NOT_NUMBER}: {d}")
    if not d:
        return Decimal(0)
    # every check works on the exact value, before any context could round it
    adjusted = d.adjusted()
    if adjusted > 125:
        raise invalid(MSG_OVERFLOW)
    if adjusted < -130:
        raise invalid(MSG_UNDERFLOW)
    sign, digits, exponent = d.as_tuple()
    significant = len(digits)
    while significant > 1 and digits[significant - 1] == 0:
        significant -= 1
    if significant > 38:
        raise invalid(MSG_DIGITS)
    return d.normalize(_NORMALIZE)  # exact: at most 38 digits, exponent within range


def parse_number(text: str) -> Decimal:
    """Parse a wire number string (``"+1e3"``, ``".5"``) into a canonical Decimal.

    NaN, Infinity, hex and surrounding spaces are refused:
    "The parameter cannot be converted to a numeric value: abc".
    """
    if not isinstance(text, str):
        raise SerializationException("NUMBER_VALUE cannot be converted to String")
    if not text:
        raise invalid(MSG_NOT_NUMBER)
    if not _NUMBER_RE.match(text):
        raise invalid(f"{MSG_NOT_NUMBER}: {text}")
    try:
        return normalize_number(Decimal(text))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid literals
        raise invalid(f"{MSG_NOT_NUMBER}: {text}") from None


def number_to_str(d: Decimal) -> str:
    """AWS's canonical output: plain notation, no exponent, no trailing zeros (``1E+3`` -> ``1000``)."""
    if not d:
        return "0"
    return format(d, "f")


def number_size(d: Decimal) -> int:
    """Bytes a number costs: 1 + base-100 digit pairs (aligned on the point) + 1 if negative; 0 costs 1."""
    if not d:
        return 1
    sign, digits, exponent = d.as_tuple()
    # strip trailing zero digits so the exponent marks the lowest non-zero digit
    n = len(digits)
    while n > 1 and digits[n - 1] == 0:
        n -= 1
        exponent += 1  # type: ignore[operator]
    low = exponent  # power of ten of the lowest non-zero digit
    high = exponent + n - 1  # type: ignore[operator]
    return 1 + (high // 2 - low // 2 + 1) + (1 if sign else 0)


# ---- wire conversion ---------------------------------------------------------

MSG_EMPTY = "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
MSG_SEVERAL = "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"
MSG_NULL = _INVALID + "Null attribute value types must have the value of true"
MSG_NESTING = "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit"
_NULL_MEMBER = {
    ValueType.SS: _INVALID + "An string set may not have a null string as a member",
    ValueType.NS: _INVALID + "An number set may not have a null number as a member",
    ValueType.BS: _INVALID + "Binary sets may not contain null or empty values",
}
_EMPTY_SET = {
    ValueType.SS: _INVALID + "An string set  may not be empty",
    ValueType.NS: _INVALID + "An number set  may not be empty",
    ValueType.BS: _INVALID + "Binary sets should not be empty",
}
#: AWS reports these without the " for key :v" suffix when they come from ExpressionAttributeValues.
EMPTY_SET_MESSAGES = frozenset(_EMPTY_SET.values())


def _serialization(tag: str, what: str) -> SerializationException:
    return SerializationException(f"Unexpected value type for {tag}: expected {what}")


def _wire_bytes(raw: Any, tag: str) -> bytes:
    if isinstance(raw, bytes):
        return raw
    if isinstance(raw, bytearray | memoryview):
        return bytes(raw)
    if isinstance(raw, str):  # botocore encodes str blobs as UTF-8
        return raw.encode("utf-8")
    raise _serialization(tag, "a blob")


def _wire_set(tag: ValueType, raw: Any) -> frozenset:
    if not isinstance(raw, list | tuple):
        raise _serialization(tag, "a list")
    if not raw:
        raise invalid(_EMPTY_SET[tag])
    if any(m is None for m in raw):
        raise invalid(_NULL_MEMBER[tag])
    if tag is ValueType.SS:
        for s in raw:
            if not isinstance(s, str):
                raise _serialization(tag, "strings")
        members: list[Any] = list(raw)
        result: frozenset = StringSet(members)
        if len(result) != len(members):
            raise invalid(f"{_INVALID}Input collection [{', '.join(members)}] contains duplicates.")
    elif tag is ValueType.NS:
        members = [parse_number(s) for s in raw]
        result = NumberSet(members)
        if len(result) != len(members):
            raise invalid("Input collection contains duplicates")
    else:
        members = [_wire_bytes(b, tag) for b in raw]
        result = BinarySet(members)
        if len(result) != len(members):
            import base64

            shown = ", ".join(base64.b64encode(b).decode() for b in members)
            raise invalid(f"{_INVALID}Input collection [{shown}]of type BS contains duplicates.")
    return result


def from_wire(av: Any, depth: int = 1) -> Value:
    """Convert one wire AttributeValue (``{"S": "x"}``) into a typed value.

    ``depth`` is the nesting level of ``av`` (a top-level attribute is 1); beyond 32
    AWS's nesting error is raised. Raises ValidationException (AWS's texts) for
    malformed values, SerializationException for wrong JSON types. O(size of value).
    """
    if not isinstance(av, Mapping):
        raise SerializationException("Unexpected value type in payload; expected an AttributeValue structure")
    if depth > MAX_NESTING:
        raise invalid(MSG_NESTING)
    set_keys = [k for k, v in av.items() if v is not None]
    if not set_keys:
        raise invalid(MSG_EMPTY)
    if len(set_keys) > 1:
        raise invalid(MSG_SEVERAL)
    key = set_keys[0]
    raw = av[key]
    try:
        tag = ValueType(key)
    except ValueError:
        raise SerializationException(f"Unknown AttributeValue member: {key}") from None
    return _FROM_WIRE[tag](raw, depth)


def _s(raw: Any, depth: int) -> str:
    if not isinstance(raw, str):
        raise _serialization("S", "a string")
    return raw


def _bool(raw: Any, depth: int) -> bool:
    if not isinstance(raw, bool):
        raise _serialization("BOOL", "a boolean")
    return raw


def _null(raw: Any, depth: int) -> None:
    if not isinstance(raw, bool):
        raise _serialization("NULL", "a boolean")
    if not raw:
        raise invalid(MSG_NULL)
    return None


def _list(raw: Any, depth: int) -> list:
    if not isinstance(raw, list | tuple):
        raise _serialization("L", "a list")
    return [from_wire(v, depth + 1) for v in raw]


def _map(raw: Any, depth: int) -> dict:
    if not isinstance(raw, Mapping):
        raise _serialization("M", "a map")
    out: dict[str, Any] = {}
    for k, v in raw.items():
        if not isinstance(k, str):
            raise _serialization("M", "string keys")
        out[k] = from_wire(v, depth + 1)
    return out


_FROM_WIRE = {
    ValueType.S: _s,
    ValueType.N: lambda raw, depth: parse_number(raw),
    ValueType.B: lambda raw, depth: _wire_bytes(raw, "B"),
    ValueType.BOOL: _bool,
    ValueType.NULL: _null,
    ValueType.L: _list,
    ValueType.M: _map,
    ValueType.SS: lambda raw, depth: _wire_set(ValueType.SS, raw),
    ValueType.NS: lambda raw, depth: _wire_set(ValueType.NS, raw),
    ValueType.BS: lambda raw, depth: _wire_set(ValueType.BS, raw),
}


def to_wire(value: Value) -> dict[str, Any]:
    """Convert a typed value into a FRESH wire AttributeValue, as botocore's parser produces it.

    Numbers in canonical form; sets as lists in sorted order (stable output). O(size).
    """
    t = type_of(value)
    if t is ValueType.S or t is ValueType.B or t is ValueType.BOOL:
        return {t.value: value}
    if t is ValueType.N:
        return {"N": number_to_str(value)}
    if t is ValueType.NULL:
        return {"NULL": True}
    if t is ValueType.L:
        return {"L": [to_wire(v) for v in value]}
    if t is ValueType.M:
        return {"M": {k: to_wire(v) for k, v in value.items()}}
    if t is ValueType.NS:
        return {"NS": [number_to_str(d) for d in sorted(value)]}
    return {t.value: sorted(value)}


def check_name(name: Any) -> str:
    """Validate an attribute name: 1..65535 UTF-8 bytes ("Empty attribute name")."""
    if not isinstance(name, str):
        raise SerializationException("Attribute names must be strings")
    if not name:
        raise invalid("Empty attribute name")
    if len(name) * 3 > MAX_NAME_BYTES and len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        raise invalid("Attribute name is too large, must be less than 65536 bytes")
    return name


def item_from_wire(item: Any) -> Item:
    """Convert a wire item (``{"pk": {"S": "a"}, ...}``) to ``{name: value}`` (fresh, never aliased)."""
    if not isinstance(item, Mapping):
        raise SerializationException("Unexpected value type in payload; expected a map of AttributeValues")
    return {check_name(k): from_wire(v, 1) for k, v in item.items()}


def item_to_wire(item: Mapping[str, Value]) -> dict[str, dict[str, Any]]:
    """Convert a typed item into a FRESH wire item."""
    return {k: to_wire(v) for k, v in item.items()}


# ---- native Python values ----------------------------------------------------


def from_python(obj: Any, depth: int = 1) -> Value:
    """Convert a native Python value for direct callers: int/float -> Decimal, set -> typed set.

    Typed values pass through (and are validated); tuples become lists. Raises
    ValidationException for values DynamoDB cannot hold (empty sets, bad numbers,
    mixed sets, nesting beyond 32).
    """
    if depth > MAX_NESTING:
        raise invalid(MSG_NESTING)
    if obj is None or isinstance(obj, bool | str):
        return obj
    if isinstance(obj, bytes | bytearray | memoryview):
        return bytes(obj)
    if isinstance(obj, Decimal):
        return normalize_number(obj)
    if isinstance(obj, int):
        return normalize_number(Decimal(obj))
    if isinstance(obj, float):
        return normalize_number(Decimal(repr(obj)))
    if isinstance(obj, Mapping):
        return {check_name(k): from_python(v, depth + 1) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [from_python(v, depth + 1) for v in obj]
    if isinstance(obj, set | frozenset):
        return _set_from_python(obj)
    raise invalid(f"{_INVALID}Unsupported Python type for an AttributeValue: {type(obj).__name__}")


def _set_from_python(obj: set | frozenset) -> frozenset:
    if isinstance(obj, StringSet | NumberSet | BinarySet) and obj:
        if isinstance(obj, NumberSet):
            return NumberSet(normalize_number(d) for d in obj)
        return obj
    if not obj:
        raise invalid(_EMPTY_SET[_SET_TYPES.get(type(obj), ValueType.SS)])
    if all(isinstance(m, str) for m in obj):
        return StringSet(obj)
    if all(isinstance(m, bytes | bytearray) for m in obj):
        return BinarySet(bytes(m) for m in obj)
    if all(isinstance(m, int | float | Decimal) and not isinstance(m, bool) for m in obj):
        members = [from_python(m) for m in obj]
        result = NumberSet(members)
        if len(result) != len(members):
            raise invalid("Input collection contains duplicates")
        return result
    raise invalid(f"{_INVALID}A set must hold only strings, only numbers or only binary values")


# ---- types, equality, ordering ----------------------------------------------


def type_of(value: Value) -> ValueType:
    """The type tag of a typed value (``ValueType.S`` ...). O(1)."""
    t = _TYPE_OF.get(type(value))
    if t is not None:
        return t
    for cls, tag in _TYPE_ORDER:
        if isinstance(value, cls):
            return tag
    raise TypeError(f"not a DynamoDB value: {type(value).__name__}")


_TYPE_ORDER: tuple[tuple[Any, ValueType], ...] = (
    (bool, ValueType.BOOL),
    (str, ValueType.S),
    (Decimal, ValueType.N),
    (bytes, ValueType.B),
    (type(None), ValueType.NULL),
    (StringSet, ValueType.SS),
    (NumberSet, ValueType.NS),
    (BinarySet, ValueType.BS),
    (list, ValueType.L),
    (dict, ValueType.M),
)
_TYPE_OF: dict[type, ValueType] = dict(_TYPE_ORDER)


def values_equal(a: Value, b: Value) -> bool:
    """DynamoDB equality: same type and same value, deep for L/M, order-free for sets."""
    cls = type(a)
    if cls in _SCALARS:
        return cls is type(b) and a == b
    ta, tb = type_of(a), type_of(b)
    if ta is not tb:
        return False
    if ta is ValueType.L:
        return len(a) == len(b) and all(values_equal(x, y) for x, y in zip(a, b))
    if ta is ValueType.M:
        return a.keys() == b.keys() and all(values_equal(v, b[k]) for k, v in a.items())
    return a == b


_ORDERED = frozenset({ValueType.S, ValueType.N, ValueType.B})
_ORDERED_CLASSES = frozenset({str, Decimal, bytes})
_SCALARS = frozenset({str, Decimal, bytes, bool, type(None)})


def compare(a: Value, b: Value) -> int | None:
    """Order two scalar values: -1/0/1, or ``None`` when they are not comparable.

    Only S, N and B order (numbers by value, strings by UTF-8 bytes, binary as
    unsigned bytes); different types never compare.
    """
    cls = type(a)
    if cls is type(b) and cls in _ORDERED_CLASSES:
        return (a > b) - (a < b)
    ta = type_of(a)
    if ta is not type_of(b) or ta not in _ORDERED:
        return None
    return (a > b) - (a < b)


def key_order(value: Value) -> Value:
    """The sort key for a key attribute value: DynamoDB's one ordering, defined here.

    Numbers order by value, strings by UTF-8 bytes (equal to Python's code-point
    order for valid Unicode), binary as unsigned bytes -- which is Python's native
    order for ``Decimal``, ``str`` and ``bytes``, so the value is its own key.
    Raises ValidationException for non-key types.
    """
    if type_of(value) not in _ORDERED:
        raise invalid(f"{_INVALID}Key attributes must be of type S, N or B")
    return value


# ---- sizes -------------------------------------------------------------------


def _utf8_len(s: str) -> int:
    return len(s) if s.isascii() else len(s.encode("utf-8", "surrogatepass"))


def value_size(value: Value) -> int:
    """Bytes a value costs in DynamoDB's item-size arithmetic. O(size)."""
    t = type_of(value)
    if t is ValueType.S:
        return _utf8_len(value)
    if t is ValueType.N:
        return number_size(value)
    if t is ValueType.B:
        return len(value)
    if t is ValueType.BOOL or t is ValueType.NULL:
        return 1
    if t is ValueType.L:
        return 3 + sum(1 + value_size(v) for v in value)
    if t is ValueType.M:
        return 3 + sum(1 + _utf8_len(k) + value_size(v) for k, v in value.items())
    if t is ValueType.SS:
        return sum(_utf8_len(s) for s in value)
    if t is ValueType.NS:
        return sum(number_size(d) for d in value)
    return sum(len(b) for b in value)


def value_depth(value: Value) -> int:
    """Nesting levels a value spans: 1 for scalars and sets, 1 + deepest child for L/M. O(size)."""
    if isinstance(value, list):
        return 1 + max((value_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((value_depth(v) for v in value.values()), default=0)
    return 1


def check_depth(value: Value, level: int = 1) -> None:
    """Raise AWS's nesting error when ``value`` placed at ``level`` (top-level attribute = 1) exceeds 32."""
    if level + value_depth(value) - 1 > MAX_NESTING:
        raise invalid(MSG_NESTING)


def attribute_size(name: str, value: Value) -> int:
    """Bytes one attribute costs: UTF-8 length of its name plus its value size."""
    return _utf8_len(name) + value_size(value)


def item_size(item: Mapping[str, Value]) -> int:
    """An item's size in bytes (limit 409,600): sum of attribute sizes. O(size)."""
    return sum(_utf8_len(k) + value_size(v) for k, v in item.items())


MSG_ITEM_TOO_LARGE = "Item size has exceeded the maximum allowed size"
MSG_UPDATE_TOO_LARGE = "Item size to update has exceeded the maximum allowed size"


def check_item_size(item: Mapping[str, Value], *, update: bool = False) -> int:
    """Return the item's size, raising AWS's ValidationException above 409,600 bytes.

    ``update=True`` uses UpdateItem's wording ("Item size to update has exceeded ...").
    """
    size = item_size(item)
    if size > MAX_ITEM_SIZE:
        raise invalid(MSG_UPDATE_TOO_LARGE if update else MSG_ITEM_TOO_LARGE)
    return size


def check_key_value(name: str, value: Value, *, hash_key: bool) -> None:
    """Validate a primary-key attribute value: non-empty, within 2048 (hash) / 1024 (range) bytes.

    Raises ValidationException with AWS's texts (type checks against the schema belong to the table).
    """
    t = type_of(value)
    if t is ValueType.S and not value:
        raise invalid(
            "One or more parameter values are not valid. The AttributeValue for a key attribute "
            f"cannot contain an empty string value. Key: {name}"
        )
    if t is ValueType.B and not value:
        raise invalid(
            "One or more parameter values are not valid. The AttributeValue for a key attribute "
            f"cannot contain an empty binary value. Key: {name}"
        )
    size = value_size(value)
    if hash_key and size > MAX_HASH_KEY:
        raise invalid(f"{_INVALID}Size of hashkey has exceeded the maximum size limit of2048 bytes")
    if not hash_key and size > MAX_RANGE_KEY:
        raise invalid(
            f"{_INVALID}Aggregated size of all range keys has exceeded the size limit of 1024 bytes"
        )


# ---- copies ------------------------------------------------------------------


def copy_value(value: Value) -> Value:
    """Deep-copy a typed value (only L and M are mutable; everything else is shared). O(size)."""
    if isinstance(value, list):
        return [copy_value(v) for v in value]
    if isinstance(value, dict):
        return {k: copy_value(v) for k, v in value.items()}
    return value


def copy_item(item: Mapping[str, Value]) -> Item:
    """Deep-copy an item so stored data never aliases caller data."""
    return {k: copy_value(v) for k, v in item.items()}


def type_names(values: Iterable[ValueType]) -> str:
    """Render type tags as AWS lists them (``{B,NULL,SS}``)."""
    return "{" + ",".join(v.value for v in values) + "}"
