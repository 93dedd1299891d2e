"""Typed values: wire conversion, AWS's texts, numbers, ordering and sizes."""

from __future__ import annotations

from decimal import Context, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awscore.core.errors import SerializationException, ValidationException
from awscore.dynamo.types import (
    BinarySet,
    NumberSet,
    StringSet,
    ValueType,
    check_item_size,
    check_key_value,
    compare,
    copy_item,
    from_python,
    from_wire,
    item_from_wire,
    item_size,
    item_to_wire,
    key_order,
    number_size,
    number_to_str,
    parse_number,
    to_wire,
    type_of,
    values_equal,
)


def err(av) -> str:
    with pytest.raises(ValidationException) as e:
        from_wire(av)
    return e.value.message


# ---- malformed AttributeValues -------------------------------------------------


@pytest.mark.parametrize(
    "av, message",
    [
        ({}, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"),
        (
            {"S": "a", "N": "1"},
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
        ),
        (
            {"NULL": False},
            "One or more parameter values were invalid: Null attribute value types must have the value of true",
        ),
        ({"SS": []}, "One or more parameter values were invalid: An string set  may not be empty"),
        ({"NS": []}, "One or more parameter values were invalid: An number set  may not be empty"),
        ({"BS": []}, "One or more parameter values were invalid: Binary sets should not be empty"),
        ({"L": [{"SS": []}]}, "One or more parameter values were invalid: An string set  may not be empty"),
        (
            {"SS": ["a", "a"]},
            "One or more parameter values were invalid: Input collection [a, a] contains duplicates.",
        ),
        ({"NS": ["1", "1.0"]}, "Input collection contains duplicates"),
        (
            {"SS": ["a", None]},
            "One or more parameter values were invalid: An string set may not have a null string as a member",
        ),
        (
            {"M": {"k": {}}},
            "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
        ),
        ({"N": "abc"}, "The parameter cannot be converted to a numeric value: abc"),
        ({"N": ""}, "The parameter cannot be converted to a numeric value"),
        ({"N": " 1"}, "The parameter cannot be converted to a numeric value:  1"),
        ({"N": "NaN"}, "The parameter cannot be converted to a numeric value: NaN"),
        ({"N": "Infinity"}, "The parameter cannot be converted to a numeric value: Infinity"),
        (
            {"N": "1e126"},
            "Number overflow. Attempting to store a number with magnitude larger than supported range",
        ),
        (
            {"N": "1e-131"},
            "Number underflow. Attempting to store a number with magnitude smaller than supported range",
        ),
        ({"N": "1" * 39}, "Attempting to store more than 38 significant digits in a Number"),
        (
            {"N": "1e99999999999"},
            "Number overflow. Attempting to store a number with magnitude larger than supported range",
        ),
        (
            {"N": "1e-99999999999"},
            "Number underflow. Attempting to store a number with magnitude smaller than supported range",
        ),
        (
            {"N": "1e-99999999999999999999"},  # exponent beyond any decimal type: not a number at all
            "The parameter cannot be converted to a numeric value: 1e-99999999999999999999",
        ),
        ({"N": "1." + "0" * 500 + "1"}, "Attempting to store more than 38 significant digits in a Number"),
        ({"N": "١"}, "The parameter cannot be converted to a numeric value: ١"),
        (
            {"N": "-1.23456789012345678901234567890123456789"},
            "Attempting to store more than 38 significant digits in a Number",
        ),
    ],
)
def test_malformed_values(av, message):
    assert err(av) == message


def test_wrong_json_type_is_serialization_error():
    with pytest.raises(SerializationException):
        from_wire({"N": 123})
    with pytest.raises(SerializationException):
        from_wire({"S": 1})


def test_nesting_depth_32_ok_33_refused():
    av = {"S": "leaf"}
    for _ in range(31):
        av = {"L": [av]}
    assert from_wire(av) is not None  # leaf at level 32
    assert err({"M": {"x": av}}) == (
        "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit"
    )


def test_empty_strings_allowed_outside_keys():
    assert from_wire({"S": ""}) == ""
    assert from_wire({"B": b""}) == b""
    assert item_from_wire({"a": {"M": {"b": {"S": ""}}}}) == {"a": {"b": ""}}


def test_empty_attribute_name():
    with pytest.raises(ValidationException) as e:
        item_from_wire({"": {"S": "x"}})
    assert e.value.message == "Empty attribute name"


# ---- numbers -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, canonical",
    [
        ("+1000", "1000"),
        ("1e3", "1000"),
        ("1000.0", "1000"),
        (".5", "0.5"),
        ("-0", "0"),
        ("0042", "42"),
        ("-1.500", "-1.5"),
        ("1E125", "1" + "0" * 125),
        ("1E-130", "0." + "0" * 129 + "1"),
    ],
)
def test_canonical_form(text, canonical):
    assert to_wire(from_wire({"N": text})) == {"N": canonical}


@pytest.mark.parametrize(
    "text, size",
    [
        ("0", 1),
        ("1", 2),
        ("12", 2),
        ("123", 3),
        ("1234", 3),
        ("1" * 38, 20),
        ("0042", 2),
        ("100", 2),
        ("1010", 3),
        ("0.0000001", 2),
        ("1E125", 2),
        ("1E-100", 2),
        ("1.5", 3),
        ("15", 2),
        ("1.2", 3),
        ("1.200", 3),
        ("1.234", 4),
        ("3.14159", 5),
        ("123456", 4),
        ("100.5", 4),
        ("0.15", 2),
        ("-42", 3),
        ("-0", 1),
    ],
)
def test_number_size(text, size):
    assert number_size(parse_number(text)) == size


numbers = st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(
    lambda d: (
        d == 0
        or (-130 <= d.adjusted() <= 125 and len(d.normalize(Context(prec=100)).as_tuple().digits) <= 38)
    )
)


@given(numbers)
def test_number_round_trip_by_value(d):
    n = parse_number(str(d))
    assert n == d
    assert parse_number(to_wire(n)["N"]) == n
    assert to_wire(n)["N"] == to_wire(parse_number(format(d, "E")))["N"]  # one canonical form per value


@given(numbers, numbers)
def test_number_order_is_by_value(a, b):
    x, y = parse_number(str(a)), parse_number(str(b))
    assert (key_order(x) < key_order(y)) == (a < b)
    assert compare(x, y) == (a > b) - (a < b)


# ---- ordering ------------------------------------------------------------------


@given(st.text(), st.text())
def test_string_order_is_utf8_bytes(a, b):
    assert (key_order(a) < key_order(b)) == (a.encode() < b.encode())


@given(st.binary(), st.binary())
def test_binary_order_is_unsigned(a, b):
    assert (key_order(a) < key_order(b)) == (list(a) < list(b))


def test_binary_unsigned_example():
    assert compare(b"\x80", b"\x7f") == 1


def test_different_types_never_compare_or_equal():
    assert compare("1", Decimal(1)) is None
    assert compare(True, True) is None
    assert not values_equal(True, Decimal(1))
    assert not values_equal([Decimal(1)], [True])
    assert values_equal({"a": [Decimal(1)]}, {"a": [Decimal("1.0")]})
    with pytest.raises(ValidationException):
        key_order([1])


# ---- wire round trips ------------------------------------------------------------

scalars = st.one_of(
    st.text(max_size=5).map(lambda s: {"S": s}),
    st.integers(-(10**20), 10**20).map(lambda i: {"N": str(i)}),
    st.binary(max_size=5).map(lambda b: {"B": b}),
    st.booleans().map(lambda b: {"BOOL": b}),
    st.just({"NULL": True}),
    st.sets(st.text(max_size=3), min_size=1, max_size=4).map(lambda s: {"SS": sorted(s)}),
    st.sets(st.integers(-99, 99), min_size=1, max_size=4).map(lambda s: {"NS": [str(i) for i in sorted(s)]}),
    st.sets(st.binary(max_size=3), min_size=1, max_size=4).map(lambda s: {"BS": sorted(s)}),
)
wire_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda v: {"L": v}),
        st.dictionaries(st.text(min_size=1, max_size=3), inner, max_size=3).map(lambda v: {"M": v}),
    ),
    max_leaves=10,
)


@given(wire_values)
def test_wire_round_trip(av):
    assert to_wire(from_wire(av)) == av


@given(st.dictionaries(st.text(min_size=1, max_size=4), wire_values, max_size=4))
def test_item_round_trip_and_copy(item):
    typed = item_from_wire(item)
    assert item_to_wire(typed) == item
    copy = copy_item(typed)
    assert all(values_equal(copy[k], typed[k]) for k in typed)
    for k, v in copy.items():
        if isinstance(v, list | dict):
            assert v is not typed[k]


def test_to_wire_is_fresh():
    v = {"a": [Decimal(1)]}
    w1, w2 = to_wire(v), to_wire(v)
    w1["M"]["a"]["L"].append({"S": "x"})
    assert w2 == {"M": {"a": {"L": [{"N": "1"}]}}}


# ---- python values -------------------------------------------------------------


def test_from_python():
    v = from_python({"n": 3, "f": 1.5, "s": {"a", "b"}, "ns": {1, 2}, "bs": {b"x"}, "t": (1, "x"), "z": None})
    assert v["n"] == Decimal(3) and v["f"] == Decimal("1.5")
    assert isinstance(v["s"], StringSet) and isinstance(v["ns"], NumberSet) and isinstance(v["bs"], BinarySet)
    assert v["t"] == [Decimal(1), "x"]
    assert type_of(v["z"]) is ValueType.NULL
    with pytest.raises(ValidationException, match="An string set  may not be empty"):
        from_python(set())
    with pytest.raises(ValidationException):
        from_python({1, "a"})
    with pytest.raises(ValidationException, match="Number overflow"):
        from_python(10**126)


# ---- sizes ---------------------------------------------------------------------


def test_item_size_rules():
    assert item_size({"a": "xyz"}) == 4
    assert item_size({"é": "é"}) == 4
    assert item_size({"b": b"\x00\x01"}) == 3
    assert item_size({"t": True, "n": None}) == 4
    assert item_size({"n": Decimal(12)}) == 3
    assert item_size({"l": ["a", Decimal(1)]}) == 1 + 3 + (1 + 1) + (1 + 2)
    assert item_size({"m": {"k": "v"}}) == 1 + 3 + (1 + 1 + 1)
    assert item_size({"s": StringSet({"ab", "c"})}) == 1 + 3


def test_item_size_limit_exact():
    base = {"p": ""}
    base["p"] = "x" * (409_600 - 1)
    assert check_item_size(base) == 409_600
    base["p"] += "x"
    with pytest.raises(ValidationException) as e:
        check_item_size(base)
    assert e.value.message == "Item size has exceeded the maximum allowed size"
    with pytest.raises(ValidationException) as e:
        check_item_size(base, update=True)
    assert e.value.message == "Item size to update has exceeded the maximum allowed size"


def test_key_values():
    check_key_value("pk", "a", hash_key=True)
    with pytest.raises(ValidationException) as e:
        check_key_value("pk", "", hash_key=True)
    assert e.value.message == (
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain "
        "an empty string value. Key: pk"
    )
    with pytest.raises(ValidationException, match="empty binary value. Key: sk"):
        check_key_value("sk", b"", hash_key=False)
    check_key_value("pk", "x" * 2048, hash_key=True)
    with pytest.raises(ValidationException, match="maximum size limit of2048 bytes"):
        check_key_value("pk", "x" * 2049, hash_key=True)
    with pytest.raises(ValidationException, match="size limit of 1024 bytes"):
        check_key_value("sk", "x" * 1025, hash_key=False)


@pytest.mark.parametrize(
    "item, wcu",
    [
        ({"pk": {"S": "l500"}, "data": {"L": [{"S": "aa"}] * 500}}, 2),
        ({"pk": {"S": "l1500"}, "data": {"L": [{"S": "aa"}] * 1500}}, 5),
        ({"pk": {"S": "l3000"}, "data": {"L": [{"S": "aa"}] * 3000}}, 9),
        ({"pk": {"S": "m800"}, "data": {"M": {f"k{i}": {"S": "v"} for i in range(800)}}}, 5),
        ({"pk": {"S": "nest"}, "data": {"L": [{"M": {"a": {"S": "b"}}} for _ in range(500)]}}, 4),
        ({"pk": {"S": "mapl"}, "data": {"M": {f"k{i}": {"L": [{"S": "b"}]} for i in range(500)}}}, 5),
        ({"pk": {"S": "under"}, "data": {"L": [{"S": "aa"}] * 130_000}}, 381),
    ],
)
def test_list_and_map_overheads_match_recorded_capacity(item, wcu):
    """Write units recorded against DynamoDB (ceil(size / 1 KB)) follow from item_size."""
    size = item_size(item_from_wire(item))
    assert -(-size // 1024) == wcu


def test_oversized_nested_list_refused():
    with pytest.raises(ValidationException):
        check_item_size(item_from_wire({"pk": {"S": "over"}, "data": {"L": [{"S": "aa"}] * 150_000}}))


def test_attribute_name_limit():
    item_from_wire({"a" * 65535: {"S": "x"}})
    with pytest.raises(ValidationException) as e:
        item_from_wire({"é" * 32768: {"S": "x"}})  # 65536 UTF-8 bytes
    assert e.value.message == "Attribute name is too large, must be less than 65536 bytes"


# ---- fuzzing: any JSON-like input gives a value or an AWS error ------------------------------

json_like = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=4), st.binary(max_size=3)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(["S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "NS", "BS", "x"]),
            inner,
            max_size=2,
        ),
    ),
    max_leaves=8,
)


@given(json_like)
def test_from_wire_fuzz(raw):
    try:
        value = from_wire(raw)
    except (ValidationException, SerializationException):
        return
    assert to_wire(value) is not None


@given(st.dictionaries(st.text(max_size=3), json_like, max_size=3))
def test_item_from_wire_fuzz(raw):
    try:
        item_from_wire(raw)
    except (ValidationException, SerializationException):
        pass


@given(
    st.one_of(
        st.text(max_size=12),
        st.from_regex(r"[+-]?[0-9]{0,50}(\.[0-9]{0,50})?([eE][+-]?[0-9]{1,25})?", fullmatch=True),
    )
)
def test_parse_number_fuzz(text):
    try:
        d = parse_number(text)
    except ValidationException:
        return
    assert d == 0 or (-130 <= d.adjusted() <= 125 and len(d.as_tuple().digits) <= 38)
    assert parse_number(number_to_str(d)) == d
